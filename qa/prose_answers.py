"""Answers from the disclosure's prose: changes over years and their reasons, definitions, lists and counts."""
from __future__ import annotations

import re
from decimal import Decimal

from corpus.classification import named_in_path
from corpus.model import Disclosure
from corpus.text import compact
from qa import compute
from qa.answer import Answer, Citation, Figure
from qa.final_prose import answer_budget_item_reason
from qa.headline import figures_in
from qa.items import collect_items
from qa.listed_items import items_named
from qa.quotes import answer_with_sentences, best_sentences, coverage
from qa.resolve import asked_words, find_row_matches, label_key
from qa.scope import department_aliases
from qa.statements import money
from qa.table_hints import question_key
from qa.understand import Query


_STATED_CHANGE = re.compile(r"(\d[\d,]*\.?\d*)万元。?[^。；;]*?比[^。；;]*?(增加|减少|增长|下降)(\d[\d,]*\.?\d*)万元")


_REASON = re.compile(r"(?:主要)?原因(?:是|为|：|:)[^；;。]*")


def answer_previous(doc: Disclosure, query: Query, text: str, ans: Answer) -> bool:
    """Last year's figure, derived from a stated change: previous = current ∓ change."""
    subject = re.sub(r"20\d\d年?|去年|上年度?|上一年|前一年|同口径|倒推|按|照说明|是多少|多少|\?|（|）|\(|\)", "", text)
    bare = subject
    for alias in department_aliases(doc.department):
        bare = bare.replace(alias, "")  # last year's figure of the department is not any sentence naming it
    for _, _, para, sentence in best_sentences(doc, subject, must=("比上年", "比20", "同口径", "上年", "相比"), limit=3,
                                               with_context=True):
        found = _STATED_CHANGE.search(sentence)
        if not found or coverage(bare, _REASON.sub("", sentence)) < 0.5:
            continue  # what changed is named where the change is stated, not in its reason
        clause = re.split(r"[；;]", sentence[:found.start()])[-1] + found.group(0)
        if clause != sentence[:found.start()] + found.group(0) and coverage(bare, clause) < 0.5:
            continue  # '公务接待费…相同；公务用车运行维护费…增加14.52万元': the change is another item's
        current, direction, change = (Decimal(found.group(1).replace(",", "")), found.group(2),
                                      Decimal(found.group(3).replace(",", "")))
        previous, check = (compute.subtract(current, change) if direction in ("增加", "增长")
                           else compute.add([current, change]))
        ans.intent = "change"
        ans.checks.append(check)
        ans.figures.append(Figure(previous, "万元", "上年数（由增减额推算）"))
        ans.citations.append(Citation(doc.id, para.section.split(" › ")[-1], "", "", para.source.line,
                                      para.source.text))
        ans.answer = (f"公开文件没有单列上年数，但写道：“{sentence}”（第{para.source.line}行）。"
                      f"由此推算上年为 {money(previous, '万元')}。验算：{check.expression}。")
        return True
    return False


_CHANGE_FRAME = re.compile(r"(?:比|较|与|和)(?:去年|上年度?|上一年|20\d\d年度?)(?:预算)?(?:相比)?|增长|增加|减少|下降|变化|"
                           r"上涨|涨|下跌|跌|降|百分之(?:多少|几)|多少百分比|百分比|多少|了|几")


_CHANGE_CUES = ("比上年", "比20", "同口径", "与上年", "与20", "上年预算", "相比", "较上年", "较20", "持平")


def answer_change(doc: Disclosure, query: Query, text: str, ans: Answer) -> bool:
    return answer_with_sentences(doc, change_sentences(doc, text), ans, question=text)


def change_sentences(doc: Disclosure, text: str) -> list:
    """The sentences stating the change of what the question names (best_sentences' tuples)."""
    subject = _CHANGE_FRAME.sub("", question_key(text))
    found = [f for f in best_sentences(doc, text, must=_CHANGE_CUES, limit=6, with_context=True)
             if coverage(subject, f[3], doc.department) >= 0.6][:2]  # a change of something else answers another question
    found = [f for f in found if not any(g is not f and g[2] is f[2] and f[3] in g[3] for g in found)]
    if len(found) == 2 and found[1][0] < found[0][0]:
        found = found[:1]  # a second sentence only when it is as close (the disclosure may state both)
    return found


def answer_reason(doc: Disclosure, query: Query, text: str, ans: Answer) -> bool:
    if doc.kind == "决算" and re.search(r"预算|没花完|花超|超支|结余", text) and answer_budget_item_reason(doc, text, ans):
        return True
    found = best_sentences(doc, text, must=("原因", "主要是", "因为", "由于"), limit=1, with_context=True)
    if found and _CHANGE_ASKED.search(question_key(text)):
        # a change asked with its reason asks the change too: the sentence stating the change of what is named
        # (a total's own, when the reason is given of one of its parts) comes before the reason
        change = [f for f in change_sentences(doc, _REASON_ASKED.sub("", text))
                  if f[3] not in found[0][3] and found[0][3] not in f[3]]
        found = change[:1] + found
    # '为什么多了，多了多少' asks a figure too: the change the sentence states about the subject is said first
    return answer_with_sentences(doc, found, ans, question=text) or answer_with_sentences(doc, found, ans)


_CHANGE_ASKED = re.compile(r"(?:多|少|增加|减少|增长|下降|变化|变动|涨|降)了?多少")
_REASON_ASKED = re.compile(r"[，,]?(?:为什么|为何|为啥|原因是?什么|什么原因)[^，,？?]*")
UNITS_ASKED = re.compile(r"(?:哪几|几|多少)家")


def names_a_subject(doc: Disclosure, text: str) -> bool:
    """The question names an item of the document (a row or a glossary term), not only the department."""
    q = question_key(text)
    return bool(find_row_matches(doc, text)) or any(len(label_key(g.term)) >= 2 and label_key(g.term) in q
                                                    for g in doc.glossary)


def answer_units_stated(doc: Disclosure, text: str, ans: Answer) -> bool:
    """The units an item covers (几家单位): the sentence that counts the units (N家…) for the subject asked, quoted."""
    found = [f for f in best_sentences(doc, text, limit=3) if re.search(r"\d+\s*家", f[3])]
    if not found or coverage(text, found[0][3], doc.department) < 0.6:
        return False
    return answer_with_sentences(doc, found[:1], ans)


def answer_from_narrative(doc: Disclosure, query: Query, text: str, ans: Answer) -> bool:
    if query.intent not in ("lookup", "list", "count") and not (query.intent == "total" and items_named(text) < 2):
        return False  # '一共多少平方米' naming one thing asks for a total the text states
    found = best_sentences(doc, text, limit=1)
    if not found or found[0][0] < 3 or coverage(text, found[0][3], doc.department) < 0.6:
        return False
    return answer_with_sentences(doc, found, ans, question=text)


def answer_definition(doc: Disclosure, query: Query, text: str, ans: Answer, strict: bool = False) -> bool:
    """A 名词解释 entry the question names; `strict`: the term must be what the question is about."""
    q = question_key(text)
    # a budget's glossary defines '基本支出预算': asked as 基本支出; a 科目 explained by its path ('…（款）X（项）'): as X
    terms = {g.term: t for g in doc.glossary
             for t in (label_key(g.term), re.sub(r"预算$", "", label_key(g.term)), named_in_path(g.term))
             if len(t) >= 2 and t in q}
    entries = [g for g in doc.glossary if g.term in terms]
    if not entries:
        return False
    entry = max(entries, key=lambda g: len(g.term))
    rest = re.sub(r"是什么|指的是(?:什么)?|指什么|指啥|指哪[些几][项类种个笔]?|具体|到底|究竟|哪[块部]分?钱|什么意思|的?含义|是啥"
                  r"|包括哪些|包含哪些|包括什么|怎么理解|啥意思|是个|(?:文件|预算)里(?:说|讲|提到)|请问|一下|费用|的|\?"
                  r"|(?:预算)?名词解释[里中]?", "",  # where the term is defined is not what is asked
                  asked_words(doc, text).replace(terms[entry.term], ""))
    if strict and len(rest) > 6:
        return False
    ans.intent = "definition"
    ans.citations.append(Citation(doc.id, "名词解释", entry.term, "", entry.source.line, entry.source.text))
    ans.answer = f"{entry.term}：{entry.definition}（名词解释，第{entry.source.line}行）"
    return True


def answer_list(doc: Disclosure, query: Query, text: str, ans: Answer) -> bool:
    found = collect_items(doc, text)
    if found is None:
        stated = [found for found in best_sentences(doc, text, limit=3, whole=True)
                  if coverage(text, found[3], doc.department) >= 0.5 and len(figures_in(found[3])) >= 2]
        if not answer_with_sentences(doc, stated[:1], ans):
            return False
        enumeration_first(ans, stated[0][3])
        return True
    ans.intent = "list"
    for item in found.items:
        ans.citations.append(item.citation)
        if item.value is not None:
            ans.figures.append(Figure(item.value, found.unit, item.label))
    listing = "；".join(i.label + (f" {money(i.value, found.unit)}" if i.value is not None else "") for i in found.items)
    ans.answer = f"{found.what}共{len(found.items)}项：{listing}。"
    return True


_MEASURE = re.compile(r"(?:几|多少)(张|条|个|家|次|名|项|类)")


def enumeration_first(ans: Answer, sentence: str) -> None:
    """'支出9746.50万元，主要用于：A 754.75万元；B 236.63万元…' asked '各多少': the listed parts lead, the whole follows."""
    cue = re.search(r"[：:]|其中|包括|主要用于", sentence)
    if not cue:
        return
    lead = {(f.value, f.unit) for f in figures_in(sentence[:cue.start()])}
    ans.figures.sort(key=lambda f: (f.value, f.unit) in lead)


# what an organisation's offices and its budget units are called at their end (处 / 科 / 室 inside a department; 局,
# 院, 校, 中心 … as units of their own)
_OFFICE_END = re.compile(r"(?:处|科|室|办|部)[）)]?$")
_UNIT_END = re.compile(r"(?:局|院|校|所|中心|站|队|馆|园|会|社|委|厂|场|台|学|宫|库)[）)]?$")
_COUNTED_NOUN = re.compile(r"(?:几|多少)(?:个|家|所)([\u4e00-\u9fff]{2,6})")


def of_the_kind_counted(q: str, labels: list[str]) -> bool:
    """Offices counted (内设处室) are offices, budget units counted (预算单位) are units of their own: items of another
    kind (projects, the offices for the units) are not what is counted.

    >>> of_the_kind_counted("设有几个处室", ["某某项目", "运行经费"]), of_the_kind_counted("几家单位", ["办公室", "法规处"])
    (False, False)
    >>> of_the_kind_counted("几家单位", ["某局本级", "某中心"]), of_the_kind_counted("几个科目", ["办公费"])
    (True, True)
    """
    noun = _COUNTED_NOUN.search(q)
    if noun is None or not labels:
        return True
    offices = sum(bool(_OFFICE_END.search(label)) for label in labels)
    if re.search(r"处室|科室|内设|处$", noun.group(1)):
        return offices * 2 > len(labels)
    if re.search(r"单位", noun.group(1)):
        units = sum(bool(_UNIT_END.search(label)) or re.search(r"本级|本部", label) is not None for label in labels)
        return units * 2 > len(labels) and offices * 2 <= len(labels)
    return True


_COUNTED_NOUN_ASKED = re.compile(r"(?:几|多少)(个|家|所|张)([\u4e00-\u9fff]{2,6}?)(?:[?？，,。]|$)")


def counted_in_a_sentence(doc: Disclosure, text: str):
    """'共有几家单位': the sentence stating the number of that very noun ('单位共计4家', '4个单位')."""
    asked = _COUNTED_NOUN_ASKED.search(question_key(text))
    if asked is None:
        return None
    noun = asked.group(2)
    stated = re.compile(rf"{noun}(?:共计|共有|共|有|为)?(\d+)([个家所张])|(\d+)([个家所张]){noun}")
    for _, _, para, sentence in best_sentences(doc, text, must=(noun,), limit=3):
        if found := stated.search(compact(sentence)):
            number, unit = (found.group(1), found.group(2)) if found.group(1) else (found.group(3), found.group(4))
            return para, sentence, noun, Decimal(number), unit
    return None


def state_count_stated(doc: Disclosure, para, sentence: str, noun: str, number: Decimal, unit: str,
                       ans: Answer) -> bool:
    ans.figures.append(Figure(number, unit, noun))
    ans.citations.append(Citation(doc.id, para.section.split(" › ")[-1], "", "", para.source.line, para.text))
    ans.basis = "narrative"
    ans.answer = f"{noun}共{number}{unit}。公开文件写道：“{sentence}”（第{para.source.line}行）"
    return True


_MONEY_SPENT = re.compile(r"钱|花在|花了|用在|用于|投向|投入")  # what the money went to, not what a table lists


def answer_count(doc: Disclosure, query: Query, text: str, ans: Answer) -> bool:
    stated = best_sentences(doc, text, limit=1)
    if stated and re.search(r"\d+\s*[个项家张条]", stated[0][3]) and coverage(text, stated[0][3], doc.department) >= 0.7 \
            and answer_with_sentences(doc, stated, ans, question=text):
        return True
    if (counted := counted_in_a_sentence(doc, text)) is not None:
        return state_count_stated(doc, *counted, ans)
    found = collect_items(doc, text)
    if found is None or not of_the_kind_counted(question_key(text), [i.label for i in found.items]):
        return False
    measure = _MEASURE.search(question_key(text))
    # a template printing every 类 (收支总表) names some with no money: the money went to those with a figure
    funded = [i for i in found.items if i.value]
    blank = len(found.items) - len(funded) if funded and _MONEY_SPENT.search(question_key(text)) else 0
    counted = funded if blank else found.items
    n, check = compute.count([i.label for i in counted])
    ans.checks.append(check)
    word = measure.group(1) if measure else "个"
    ans.figures.append(Figure(n, word, found.what))
    ans.citations += [i.citation for i in counted]
    ans.answer = (f"{found.what}{'有数额的' if blank else ''}共{n}{word}：" + "、".join(i.label for i in counted)
                  + (f"（另有{blank}{word}为空白或零，未计入）" if blank else "") + "。")
    return True
