"""Questions across documents: one figure resolved in each (the same words, each document's own tables),
then compared — a change between two years of one department, or a ranking of departments.

    >>> answer_across(documents, "万里街道2025年的三公经费比2024年变化多少？", understand_for).figures[0].unit
    '万元'
"""
from __future__ import annotations

import re
from decimal import Decimal

from corpus.model import Disclosure
from corpus.money import convert
from qa import compute
from qa.answer import NOT_IN_DISCLOSURE, Answer, Figure
from qa.answerer import cite_row, money, resolve_amount
from qa.scope import department_aliases


def answer_across(documents: list[Disclosure], question: str, understand_for) -> Answer:
    """`understand_for(doc, text)` gives the Query of `text` in that document's terms."""
    ans = Answer(question, "", intent="change")
    amounts = []
    for doc in documents:
        text = understand_for(doc, strip_scope(question, doc)).text
        found = resolve_amount(doc, text, text)
        if found is None or found[2] is None or found[2].value is None:
            ans.refused = True
            ans.answer = f"{NOT_IN_DISCLOSURE}：{doc.department}{doc.year}年{doc.kind}中找不到问题所问的数字。"
            return ans
        amounts.append((doc, *found))
    units = {table.unit for _, table, _, _ in amounts}
    unit = "万元" if "万元" in units else units.pop()
    values = [convert(cell.value, table.unit, unit) for _, table, _, cell in amounts]
    for (doc, table, row, cell), value in zip(amounts, values):
        ans.citations.append(cite_row(table, row, cell.column))
        if table.unit != unit:
            ans.checks.append(compute.to_unit(cell.value, table.unit, unit)[1])
    same_department = len({doc.department for doc, *_ in amounts}) == 1
    if same_department:
        return describe_change(ans, amounts, values, unit)
    return describe_ranking(ans, amounts, values, unit, lowest=bool(re.search(r"最少|最低|最小", question)))


def strip_scope(question: str, doc: Disclosure) -> str:
    """The question without the years and department names that chose the documents."""
    text = re.sub(r"20\d{2}\s*年度?", "", question)
    for alias in department_aliases(doc.department):
        text = text.replace(alias, "")
    return re.sub(r"各部门|这几个部门|哪个部门|几个部门|所有部门", "", text)


def describe_change(ans: Answer, amounts, values: list[Decimal], unit: str) -> Answer:
    (first_doc, *_), (last_doc, *_) = amounts[0], amounts[-1]
    change, check = compute.subtract(values[-1], values[0])
    ans.checks.append(check)
    ans.figures.append(Figure(change, unit, f"{last_doc.year}年比{first_doc.year}年"))
    text = (f"{first_doc.department}：{first_doc.year}年 {money(values[0], unit)}，{last_doc.year}年 {money(values[-1], unit)}，"
            f"{'增加' if change >= 0 else '减少'} {money(abs(change), unit)}")
    if values[0]:
        pct, pct_check = compute.share(change, values[0])
        ans.checks.append(pct_check)
        ans.figures.append(Figure(pct, "%", "变化率"))
        text += f"（{compute.fmt(pct)}%）"
    ans.answer = text + f"。验算：{check.expression}。"
    return ans


def describe_ranking(ans: Answer, amounts, values: list[Decimal], unit: str, lowest: bool) -> Answer:
    ans.intent = "ranking"
    ranked = sorted(zip(amounts, values), key=lambda av: av[1], reverse=not lowest)
    for (doc, *_), value in ranked:
        ans.figures.append(Figure(value, unit, f"{doc.department}{doc.year}年"))
    listing = "；".join(f"{i + 1}. {doc.department}（{doc.year}年{doc.kind}）{money(value, unit)}"
                        for i, ((doc, *_), value) in enumerate(ranked))
    ans.answer = f"{'最少' if lowest else '最多'}的是{ranked[0][0][0].department}。按金额排列：{listing}。"
    return ans
