"""The disclosure's prose matched to a question and quoted: its sentences (with the subject a numbered item names
first), how much of a question a sentence covers, and a quote that states first the figure the question asks for
(qa.headline), with the stated percentages recomputed."""
from __future__ import annotations

import re
from decimal import Decimal

from corpus.model import Disclosure
from corpus.text import compact, looks_tabular
from qa import compute
from qa.answer import Answer, Citation, Figure
from qa.headline import figures_in, headlines
from qa.scope import department_aliases
from qa.statements import money
from qa.table_hints import question_key


SENTENCE_END = re.compile(r"(?<=[。；;])")


_FULL_STOP = re.compile(r"(?<=。)")  # an enumeration 'A…；B…；C…。' is one sentence


def sentences(doc: Disclosure, with_context: bool = False, whole: bool = False):
    """(paragraph, sentence) pairs; `with_context` prefixes the sentence before it, so '主要原因：…' or '比上年
    减少…' keeps the subject its paragraph named one sentence earlier."""
    for para in doc.paragraphs:
        if looks_tabular(para.text):  # a table's rows the parser could not place are no sentences to quote
            continue
        previous = topic = ""
        for sentence in (_FULL_STOP if whole else SENTENCE_END).split(tight(para.text)):
            sentence = sentence.strip()
            if re.search(r"[\w]", sentence):  # '。。' printed twice leaves an empty sentence, not a subject
                # a numbered item ('1、…行政运行（01项）1672.67万元。主要用于…。2025年…减少1.07%') names its subject
                # in its first sentence
                context = (topic if topic and topic != previous and NUMBERED_ITEM.match(topic) else "") + previous
                yield para, (context + sentence if with_context else sentence)
                previous = sentence
                topic = topic or sentence


NUMBERED_ITEM = re.compile(r"^[（(]?[\d一二三四五六七八九十]+[、.．)）]")


# (two figures side by side stay two: '＝ 7' and '10%' are not 710%)
_LOOSE = re.compile(r"(?<=\d)\s+(?=[\u4e00-\u9fff%])|(?<=[\u4e00-\u9fff])\s+(?=\d)"
                    r"|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


def tight(text: str) -> str:
    """Prose as extraction spaces it ('年初预算为 10210.34 万元') read as printed words ('年初预算为10210.34万元')."""
    return _LOOSE.sub("", text)


_ASKED_UNIT = re.compile(r"(?:多少|几)(辆|人|平方米|台|套|个|家|项)")


_SAME_WORDS = ((re.compile(r"(?:与|和|同)(?:上年|去年|上一年|20\d\d年度?)相比|较(?:上年|去年|上一年|20\d\d年度?)|比(?:去年|上一年|20\d\d年度?)"),
                "比上年"), (re.compile(r"收入支出"), "收支"), (re.compile(r"增长|上升|增多|多了|上涨|涨了|涨"), "增加"),
               (re.compile(r"下降|降低|少了|减了"), "减少"), (re.compile(r"没变化?|没有变化?|无变化|不变|相同"), "持平"))


def same_words(text: str) -> str:
    """The genre's ways of saying one thing written one way, for matching a question to sentences only
    ('与2023年度相比' and '比上年'; '收入支出总计' and '收支总计')."""
    for pattern, word in _SAME_WORDS:
        text = pattern.sub(word, text)
    return text


def best_sentences(doc: Disclosure, text: str, must: tuple[str, ...] = (), limit: int = 2, with_context: bool = False,
                   whole: bool = False):
    """Sentences sharing the most of the question's words (character bigrams), optionally with a cue."""
    # the year chooses the document; in its sentences it says nothing about which one is meant
    q = same_words(re.sub(r"20\d\d年度?", "", without_department(question_key(text), doc.department)))
    grams = {q[i:i + 2] for i in range(len(q) - 1)} - {"多少", "是多", "少?", "什么", "哪些", "为什", "么?"}
    measure = _ASKED_UNIT.search(q)
    scored = []
    for para, sentence in sentences(doc, with_context, whole):
        if must and not any(m in sentence for m in must):
            continue
        # with context, the heading the paragraph stands under names its subject too ('一、“三公”经费预算情况说明')
        heading = para.section.split(" › ")[-1] if with_context else ""
        s = same_words(re.sub(r"[“”\"'‘’]", "", compact(heading + sentence)))
        score = sum(1 for g in grams if g in s)
        if measure and re.search(r"\d\s*" + measure.group(1), s):
            score += 2  # it states a number in the unit asked for
        if score >= 2:  # of equally good sentences, the one saying more of it itself, not in its heading
            own = sum(1 for g in grams if g in same_words(compact(sentence)))
            scored.append((score, para.source.line, para, sentence, own))
    scored.sort(key=lambda x: (-x[0], -x[4], len(x[3]), x[1]))  # then the shorter, more to the point
    return [found[:4] for found in scored[:limit]]


def answer_with_sentences(doc: Disclosure, found, ans: Answer, lead: str = "", question: str = "") -> bool:
    """Quote the sentences. With `question`, the figure that answers it (qa.headline) is stated first; a question
    asking for a quantity that no quoted figure is of the measure asked is not answered by quoting."""
    if not found:
        return False
    parts, figures = [], []
    for _, _, para, sentence in found:
        figures += [(f, sentence) for f in figures_in(sentence)]
        parts.append(f"“{sentence}”（第{para.source.line}行）")
    asked = headlines(question, [f for f, _ in figures], doc.department) if question else []
    if question and not asked and _QUANTITY_ASKED.search(question_key(question)):
        return False
    for _, _, para, sentence in found:  # the paragraph as printed (a sentence may run onto the next line)
        ans.citations.append(Citation(doc.id, para.section.split(" › ")[-1], "", "", para.source.line, para.text))
        ans.checks += narrative_checks(sentence)
    if asked:
        leading = [figures[i] for i in asked]
        figures = leading + [f for i, f in enumerate(figures) if i not in asked]
        lead = "；".join(f"{clause_lead(f.lead)} {money(f.value, f.unit) if f.unit in ('万元', '元') else first_amount(f)}"
                        for f, _ in leading) + "。" + lead
    ans.figures += [Figure(f.value, f.unit, sentence[:30]) for f, sentence in figures]
    ans.answer = lead + "公开文件写道：" + " ".join(parts)
    ans.basis = "narrative"
    return True


_QUANTITY_ASKED = re.compile(r"多少|几|百分之|占比|比例|比重|增幅|降幅|幅度")


def clause_lead(text: str) -> str:
    """The words of the clause right before a figure: '其中：政府采购工程预算' → '政府采购工程预算'; a quoted
    word stays part of the name ('安排“三公”经费' → '安排“三公”经费'), a quote left open is cut at.

    >>> clause_lead("其中：政府采购工程预算"), clause_lead("财政拨款安排“三公”经费"), clause_lead("写道“公用经费")
    ('政府采购工程预算', '财政拨款安排“三公”经费', '公用经费')
    """
    clause = re.split(r"[，。；：、,;:（(]", text)[-1]
    clause = re.split(r"[“”](?![^“”]*”)", clause)[-1] if clause.count("“") != clause.count("”") else clause
    return clause.strip() or text.strip()


def first_amount(figure) -> str:
    return f"{figure.value}{figure.unit}"


_CHANGE = re.compile(r"(\d[\d,]*\.?\d*)万元[^。；]*?比[^。；]*?(增加|减少|增长|下降)(\d[\d,]*\.?\d*)万元"
                     r"[,，]?\s*(?:增加|减少|增长|下降)?(\d+\.?\d*)%")


_RATE_AGAINST_BASE = re.compile(r"为(\d[\d,]*\.?\d*)万元[，,][^。；]*?安排(\d[\d,]*\.?\d*)万元[，,]"
                                r"[^。；]*?(增加|减少|增长|下降)(\d+\.?\d*)%")


def narrative_checks(sentence: str):
    """A stated change and its percentage, recomputed: pct = change / (current ∓ change); and '执行数为A万元，
    预算安排B万元，比…减少P%': P = |B − A| / A."""
    checks = []
    for base, current, _, pct in _RATE_AGAINST_BASE.findall(sentence):
        a, b = Decimal(base.replace(",", "")), Decimal(current.replace(",", ""))
        compute.keep(checks, compute.check_percentage(abs(b - a), a, Decimal(pct)))
    for current, direction, change, pct in _CHANGE.findall(sentence):
        cur, chg = Decimal(current.replace(",", "")), Decimal(change.replace(",", ""))
        base = cur - chg if direction in ("增加", "增长") else cur + chg
        compute.keep(checks, compute.check_percentage(chg, base, Decimal(pct)))
    return checks


_FILLER = re.compile(r"的|是|多少|有|了|吗|呢|几|什么|哪些|怎么|请问|一下|大概|预算|今年|本年|元|万|钱|\?|20\d\d年?")


def without_department(q: str, department: str) -> str:
    """The question without the department's name (it is in every other sentence), unless the question is
    about the department itself."""
    rest = q
    for alias in department_aliases(department) if department else ():
        rest = rest.replace(alias, "|")
    content = _FILLER.sub("", re.sub(r"[^\u4e00-\u9fff]", "", rest))
    return rest if len(content) >= 4 else q


def coverage(question: str, sentence: str, department: str = "") -> float:
    """The share of the question's content (character pairs, fillers and the department's name removed)
    found in the sentence."""
    q = without_department(question_key(question), department)
    parts = [p for chunk in re.split(r"[^\w]+", q) for p in _FILLER.split(chunk) if p]
    grams = {p[i:i + 2] for p in parts for i in range(len(p) - 1)}
    if not grams:
        return 0.0
    s = re.sub(r"[“”\"'‘’]", "", compact(sentence))  # '“三公”经费' covers 三公经费
    return sum(g in s for g in grams) / len(grams)
