"""Questions across documents: one figure resolved in each (the same words, each document's own tables),
then compared — a change between two years of one department, or a ranking of departments.

Usage (it needs two years of one department, which the seed corpus does not hold)::

    pipeline = Pipeline.load(retrieval=False)      # with 万里街道's 2024 and 2025 budgets added
    documents = [d for d in pipeline.documents if "万里街道" in d.department]
    answer_across(documents, "万里街道三公经费2025年较2024年增减多少？", pipeline.answer_in).figures[0].unit
    # '万元'
"""
from __future__ import annotations

import re
from decimal import Decimal

from corpus.model import Disclosure
from corpus.text import compact
from qa import compute
from qa.answer import NOT_IN_DISCLOSURE, Answer, Figure
from qa.statements import money
from qa.headline import rate_asked
from qa.scope import department_aliases, naming_words


def answer_across(documents: list[Disclosure], question: str, answer_in) -> Answer:
    """`answer_in(doc, text)` answers `text` within one document (the whole single-document chain)."""
    ans = Answer(question, "", intent="change")
    asked_unit = unit_asked(question)
    amounts, missing, proofs = [], [], []
    counted = _COUNTED.search(question)  # '少几个': a count the text states in each year, not money
    for doc in documents:
        single = answer_in(doc, single_figure_question(strip_scope(question, documents), counted))
        wanted = (counted.group(1),) if counted else ("元", "万元")
        if single.refused or not single.figures or not single.citations or single.figures[0].unit not in wanted:
            missing.append(doc)
        else:
            amounts.append((doc, single.figures[0], single.citations[0]))
            proofs += single.checks  # a figure derived in its document keeps the check that proves it
    same_department = len({doc.department for doc in documents}) == 1
    if missing and (same_department or len(amounts) < 2):
        ans.refused = True
        ans.answer = f"{NOT_IN_DISCLOSURE}：{missing[0].department}{missing[0].year}年{missing[0].kind}中找不到问题所问的数字。"
        return ans
    unit = counted.group(1) if counted else asked_unit or ("万元" if any(f.unit == "万元" for _, f, _ in amounts) else "元")
    if unit == "元" and any(f.unit == "万元" for _, f, _ in amounts):
        # 万元 printed to two places cannot be turned back into exact 元
        doc = next(d for d, f, _ in amounts if f.unit == "万元")
        ans.refused = True
        ans.answer = (f"{NOT_IN_DISCLOSURE}：{doc.department}{doc.year}年{doc.kind}中这个数只以万元列示，"
                      f"无法给出精确到元的结果；可改问“多少万元”。")
        return ans
    values, printed = [], []
    ans.checks += proofs
    for doc, figure, citation in amounts:
        ans.citations.append(citation)
        value = figure.value
        if figure.unit != unit:
            converted = compute.to_unit(figure.value, figure.unit, unit)
            if isinstance(converted, compute.Uncomputable):
                compute.refuse(ans, converted, f"{doc.department}{doc.year}年{doc.kind}：")
                return ans
            value, conversion = converted
            ans.checks.append(conversion)
            printed.append(f"（表列 {money(figure.value, figure.unit)}）")
        else:
            printed.append("")
        values.append(value)
    if same_department:
        return describe_change(ans, amounts, values, unit, printed)
    if len(amounts) == 2 and _DIFFERENCE.search(question):
        return describe_difference(ans, amounts, values, unit, printed)
    ranked = describe_ranking(ans, amounts, values, unit, lowest=bool(re.search(r"最少|最低|最小", question)))
    if missing:
        ranked.answer += "（" + "、".join(f"{d.department}{d.year}年{d.kind}" for d in missing) + "中没有这个数字，未参与比较。）"
    return ranked


def unit_asked(question: str) -> str:
    """'涨了几万元' → 万元, '多少元' → 元, otherwise ''."""
    if re.search(r"(?:多少|几)万元", question):
        return "万元"
    return "元" if re.search(r"(?:多少|几)元", question) else ""


_COUNTED = re.compile(r"(?:几|多少)(个|项|辆|人|家|台|套)")


def single_figure_question(text: str, counted: re.Match | None = None) -> str:
    """'的X比变化多少' → '的X是多少': the comparison taken out, one figure asked for ('有几个' when a
    count is asked)."""
    # the names taken out leave the comparison's words first ('比的X多多少', '和的…相差多少')
    text = re.sub(r"^[和与跟及同比、，,]+", "", text.strip())
    text = re.split(r"比|相比|较|相差|差多少|差距|多多少|少多少", text)[0]
    text = re.sub(r"^[和与跟及、，,]+|[和与跟及、，,]+(?=谁|哪)", "", text.strip())
    text = re.sub(r"谁的|哪个的?|哪一个|最高|最多|最低|最少|最大|最小|[里中]|[?？]", "", text)
    return text + (f"有几{counted.group(1)}" if counted else "是多少")


def strip_scope(question: str, documents: list[Disclosure]) -> str:
    """The question without the years and department names that chose the documents."""
    text = re.sub(r"(?:今年|本年|去年|上年)?(?:20\d{2}\s*年度?|[（(]20\d{2}[）)])", "", question)
    aliases = {a for doc in documents for a in department_aliases(doc.department)}
    for alias in sorted(aliases, key=len, reverse=True):
        text = text.replace(alias, "")
    return re.sub(r"各部门|这几个部门|哪个部门|几个部门|所有部门", "", text)


def amount(value: Decimal, unit: str) -> str:
    """Money as the disclosures print it; a count as counted (49个)."""
    return money(value, unit) if unit in ("元", "万元") else f"{compute.fmt(value)}{unit}"


def describe_change(ans: Answer, amounts, values: list[Decimal], unit: str, printed: list[str]) -> Answer:
    (first_doc, *_), (last_doc, *_) = amounts[0], amounts[-1]
    change, check = compute.subtract(values[-1], values[0])
    ans.checks.append(check)
    ans.figures.append(Figure(abs(change), unit, f"{last_doc.year}年比{first_doc.year}年{'增加' if change >= 0 else '减少'}"))
    text = (f"{first_doc.department}：{first_doc.year}年 {amount(values[0], unit)}{printed[0]}，"
            f"{last_doc.year}年 {amount(values[-1], unit)}{printed[-1]}，"
            f"{'增加' if change >= 0 else '减少'} {amount(abs(change), unit)}")
    shared = compute.share(change, values[0])
    if not isinstance(shared, compute.Uncomputable):  # no rate over a zero base; the change still stands
        pct, pct_check = shared
        ans.checks.append(pct_check)
        ans.figures.append(Figure(pct, "%", "变化率"))
        text += f"（{compute.fmt(pct)}%）"
        if rate_asked(ans.question):  # a growth rate asked (百分之几): the rate is the answer, stated first
            ans.figures.insert(0, ans.figures.pop())
            text = f"{'增长' if change >= 0 else '下降'} {compute.fmt(abs(pct))}%。" + text
    ans.answer = text + f"。验算：{check.expression}。"
    return ans


_DIFFERENCE = re.compile(r"多多少|少多少|相差|差多少|差距|多出|多了多少|少了多少")


def describe_difference(ans: Answer, amounts, values: list[Decimal], unit: str, printed: list[str]) -> Answer:
    """'A比B多多少': the department named first less the one named second."""
    q = compact(ans.question)
    order = sorted(range(2), key=lambda i: q.find(naming_words(amounts[i][0], q)))
    (first, *_), (second, *_) = amounts[order[0]], amounts[order[1]]
    a, b = values[order[0]], values[order[1]]
    difference, check = compute.subtract(a, b)
    ans.intent = ans.basis = "difference"
    ans.checks.append(check)
    ans.figures.append(Figure(abs(difference), unit, "差额"))
    ans.answer = (f"{first.department}（{amount(a, unit)}{printed[order[0]]}）比{second.department}"
                  f"（{amount(b, unit)}{printed[order[1]]}）{'多' if difference >= 0 else '少'} "
                  f"{amount(abs(difference), unit)}。验算：{check.expression}。")
    return ans


def describe_ranking(ans: Answer, amounts, values: list[Decimal], unit: str, lowest: bool) -> Answer:
    ans.intent = ans.basis = "ranking"
    ranked = sorted(zip(amounts, values), key=lambda av: av[1], reverse=not lowest)
    for (doc, *_), value in ranked:
        ans.figures.append(Figure(value, unit, f"{doc.department}{doc.year}年"))
    listing = "；".join(f"{i + 1}. {doc.department}（{doc.year}年{doc.kind}）{money(value, unit)}"
                        for i, ((doc, *_), value) in enumerate(ranked))
    ans.answer = f"{'最少' if lowest else '最多'}的是{ranked[0][0][0].department}。按金额排列：{listing}。"
    return ans
