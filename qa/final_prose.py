"""决算 prose, item by item: '…（项）。主要用于…。年初预算为A万元，支出决算为B万元，完成年初预算的P%。决算数小于预算数的
主要原因：…'. Read across page breaks, an item is found by the words of its name; its shortfall, completion rate, reason,
or the budgets of several items added are answered with the rate the text prints recomputed."""
from __future__ import annotations

import re
from decimal import Decimal

from corpus.model import Disclosure, Paragraph
from qa import compute
from qa.answer import Answer, Citation, Figure
from qa.quotes import NUMBERED_ITEM, coverage, tight, without_department
from qa.resolve import question_key
from qa.statements import money
from qa.understand import Query


_BUDGET_AND_ACTUAL = re.compile(r"年初预算(?:数)?为?(\d[\d,]*\.?\d*)万元[，,]?[^。；]*?决算(?:数)?为?(\d[\d,]*\.?\d*)万元"
                                r"(?:[，,]?完成年初预算的(\d+\.?\d*)%)?")


_OTHER_BUDGET = re.compile(r"(全年预算|调整预算|调整后预算)(?:数)?为?(\d[\d,]*\.?\d*)万元")
_BUDGET_VS_ACTUAL_WORDS = re.compile(r"支出决算数?|决算数?|实际支出|年初预算数?|预算数|完成|比|少花了?|多花了?|少了?|多了?|差|相差|"
                                     r"百分之几|这一?项|占|的?比例|是多少|多少|几|了|的|[?？|]")


def budget_items(doc: Disclosure) -> list[tuple[str, Paragraph, str, re.Match]]:
    """Every item of 决算 prose stating '年初预算为A万元，支出决算为B万元': (its name with the heading it runs
    under, the paragraph, the words before the figures, the figures)."""
    items = []
    carry = ""  # a page break can cut an item's name: '…城乡社' | '区规划与管理（项）…年初预算为…'
    for para in doc.paragraphs:
        body, previous_end = tight(para.text), 0
        for found in _BUDGET_AND_ACTUAL.finditer(body):  # '其中：1、…年初预算为…；2、…年初预算为…' item after item
            head = body[previous_end:found.start()]
            # an item's numbered first line can be read as a heading ('9、城乡社区支出（类）…城乡社'), its name running on
            named = (para.section.split(" › ")[-1] + carry + head if previous_end == 0 and not NUMBERED_ITEM.match(body)
                     else head)
            previous_end = found.end()
            items.append((named, para, head, found))
        carry = re.split(r"[。；;]", body[previous_end:])[-1]  # the sentence the page break cut
    return items


def budget_item(doc: Disclosure, subject: str):
    """(coverage, paragraph, head, figures, name as read with the heading a page break cut it from) of the item the
    subject names best, when it names one well."""
    best = None
    for named, para, head, found in budget_items(doc):
        score = coverage(subject, named)
        if best is None or (score, -len(head)) > (best[0], -len(best[2])):
            best = (score, para, head, found, named)
    return best if best is not None and best[0] >= 0.75 else None


_BUDGET_ITEMS_ADDED = re.compile(r"^(.*?)(?:下面|下边|下的|里面|之中|中|里|下)(.+?)(?:[两三四五六七八九十\d]+项)?的?"
                                 r"(年初预算|决算)数?(?:合计|加起来|一共|总共|之和)")


def answer_budget_items_total(doc: Disclosure, text: str, ans: Answer) -> bool:
    """'X类下A与B两项年初预算相加': each item's stated 年初预算 (or 决算) in the 决算 prose, added."""
    found = _BUDGET_ITEMS_ADDED.search(without_department(re.sub(r"20\d\d年度?", "", question_key(text)),
                                                          doc.department))
    if not found:
        return False
    context, listing, measure = found.groups()
    names, items = [], []
    for piece in (p for p in re.split(r"[、和]", listing) if p):  # 与 and 及 join a name (规划与管理) or two
        item = budget_item(doc, context + piece)
        parts = [] if item is not None else [p for p in re.split(r"[与及]", piece) if len(p) >= 2]
        names += parts or [piece]
        items += [budget_item(doc, context + p) for p in parts] if parts else [item]
    if len(names) < 2 or None in items or len({(i[1].source.line, i[3].start()) for i in items}) < len(items):
        return False
    group = 1 if measure == "年初预算" else 2
    values = [Decimal(i[3].group(group).replace(",", "")) for i in items]
    total, check = compute.add(values)
    ans.checks.append(check)
    ans.intent, ans.basis = "total", "narrative"
    for _, para, *_ in items:
        ans.citations.append(Citation(doc.id, para.section.split(" › ")[-1], "", "", para.source.line, para.source.text))
    ans.figures.append(Figure(total, "万元", f"{measure}合计"))
    listing = "；".join(f"{name} {money(v, '万元')}（第{i[1].source.line}行起）" for name, v, i in zip(names, values, items))
    ans.answer = f"{measure}合计 {money(total, '万元')}。明细：{listing}。验算：{check.expression}。"
    return True


def answer_budget_against_actual(doc: Disclosure, query: Query, text: str, ans: Answer) -> bool:
    """决算 prose states '年初预算为A万元，支出决算为B万元': the shortfall (A − B) or the completion share (B ÷ A)
    of the item the question names."""
    subject = _BUDGET_VS_ACTUAL_WORDS.sub("", without_department(question_key(text), doc.department))
    best = budget_item(doc, re.sub(r"20\d\d年度?", "", subject))
    if best is None:
        return False
    _, para, head, found, _ = best
    budget, actual = (Decimal(v.replace(",", "")) for v in found.group(1, 2))
    ans.citations.append(Citation(doc.id, para.section.split(" › ")[-1], "", "", para.source.line, para.source.text))
    ans.basis = "narrative"
    item = re.split(r"[。：:]", re.sub(r"^[^\w]*(?:其中[：:])?", "", head))[0].strip("，, ")
    quote = f"公开文件写道：“{item}……{found.group(0)}”（第{para.source.line}行起）。"
    if query.intent == "share" or re.search(r"完成|百分之几|比例|占", text):
        shared = compute.share(actual, budget)
        if isinstance(shared, compute.Uncomputable):
            other = _OTHER_BUDGET.search(found.group(0))  # '全年预算为…': the base the text prints besides
            why = compute.Uncomputable(shared.reason, "年初预算为0，无法计算完成率"
                                       + (f"；{other.group(1)}为{other.group(2)}万元" if other else ""))
            return compute.refuse(ans, why, quote)
        pct, check = shared
        ans.checks.append(check)
        if found.group(3):
            compute.keep(ans.checks, compute.check_percentage(actual, budget, Decimal(found.group(3))))
        ans.intent = "share"
        ans.figures.append(Figure(pct, "%", "完成年初预算"))
        ans.answer = f"{quote}决算数为年初预算的 {compute.fmt(pct)}%。验算：{check.expression}。"
    else:
        gap, check = compute.subtract(budget, actual)
        ans.checks.append(check)
        ans.intent = "difference"
        word = "少" if gap >= 0 else "多"
        ans.figures.append(Figure(abs(gap), "万元", f"决算数比年初预算{word}"))
        ans.answer = f"{quote}决算数比年初预算{word} {money(abs(gap), '万元')}。验算：{check.expression}。"
    return True


def answer_budget_item_reason(doc: Disclosure, text: str, ans: Answer) -> bool:
    """Why an item spent less (or more) than its 年初预算: the reason the 决算 prose gives right after that item's figures."""
    subject = re.sub(r"为什么|为何|为啥|怎么|原因|没花完|花超了?|超支|年初预算|预算|决算|那块|这块|方面|钱|是|了|的|\?", "",
                     without_department(question_key(text), doc.department))
    item = budget_item(doc, re.sub(r"20\d\d年度?", "", subject))
    if item is None:
        return False
    _, para, head, found, named = item
    after = tight(para.text)[found.end():]
    reason = re.search(r"[^。；]*原因[^。]*。?", after)
    if reason is None:
        return False
    name = re.split(r"[。：:]", re.sub(r"^[^\w]*(?:其中[：:])?", "", head))[0].strip("，, ")
    items = re.findall(r"[^。；，,：:]*（项）", named)
    name = items[-1] if items else name
    ans.intent, ans.basis = "reason", "narrative"
    ans.citations.append(Citation(doc.id, para.section.split(" › ")[-1], "", "", para.source.line, para.source.text))
    budget, actual = (Decimal(v.replace(",", "")) for v in found.group(1, 2))
    if found.group(3):  # the completion rate the text prints, recomputed
        compute.keep(ans.checks, compute.check_percentage(actual, budget, Decimal(found.group(3))))
    else:
        ans.checks.append(compute.subtract(budget, actual)[1])
    ans.answer = f"公开文件写道：“{name}……{found.group(0)}。{reason.group(0).strip('，,')}”（第{para.source.line}行起）"
    return True
