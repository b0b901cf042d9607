"""Sentences that state cited figures: one cell, a difference of two, a share of one in another. Each adds its
citations, figures and the check that proves the arithmetic, so every handler words its result the same way."""
from __future__ import annotations

from decimal import Decimal

from corpus.classification import standard_name
from corpus.model import Row, Table
from corpus.money import format_amount
from qa import compute
from qa.answer import Answer, Citation, Figure
from qa.columns import choose_column
from qa.resolve import label_key


def cite_row(table: Table, row: Row, column: str) -> Citation:
    return Citation(table.doc_id, table.title, row.full_label, column, row.source.line, row.source.text)


def money(value: Decimal, unit: str) -> str:
    """As the disclosures print money: whole 元 without decimals, else two places — or every place the figure
    has (some print 万元 to six), since a rounded figure is one nobody printed.

    >>> money(Decimal("475.52334"), "万元"), money(Decimal("29.5"), "万元"), money(Decimal("3626200"), "元")
    ('475.52334万元', '29.50万元', '3,626,200元')
    """
    places = 0 if unit == "元" and value == value.to_integral_value() else max(2, -value.as_tuple().exponent)
    return f"{format_amount(value, places)}{unit}"


def state_difference(ans: Answer, a, b, name_a: str, name_b: str, where: str = "") -> bool:
    """A − B of two cited cells (table, row, cell), with its check; the larger one named first in words."""
    (ta, ra, ca), (tb, rb, cb) = a, b
    diff, check = compute.subtract(ca.value, cb.value)
    ans.checks.append(check)
    ans.citations += [cite_row(ta, ra, ca.column), cite_row(tb, rb, cb.column)]
    ans.figures += [Figure(abs(diff), ta.unit, "差额"), Figure(ca.value, ta.unit, name_a),
                    Figure(cb.value, tb.unit, name_b)]
    ans.answer = (f"{name_a}（{money(ca.value, ta.unit)}）比{name_b}（{money(cb.value, tb.unit)}）"
                  f"{'多' if diff >= 0 else '少'} {money(abs(diff), ta.unit)}{where}。验算：{check.expression}。")
    return True


def state_share(ans: Answer, part, whole, part_name: str = "", whole_name: str = "") -> bool:
    """Part ÷ whole of two cited cells (table, row, cell) in per cent, with its check; a whole printed in another
    unit is converted to the part's first, and that conversion is checked too."""
    (pt, pr, pc), (wt, wr, wc) = part, whole
    if pc.value is None or not wc.value:
        return False
    whole_value = wc.value
    if pt.unit != wt.unit:  # a table in 元 against one in 万元: the whole in the part's unit first
        converted = compute.to_unit(wc.value, wt.unit, pt.unit)
        if isinstance(converted, compute.Uncomputable):
            return compute.refuse(ans, converted)
        whole_value, conversion = converted
        ans.checks.append(conversion)
    shared = compute.share(pc.value, whole_value)
    if isinstance(shared, compute.Uncomputable):
        return compute.refuse(ans, shared)
    pct, check = shared
    ans.checks.append(check)
    ans.citations += [cite_row(pt, pr, pc.column), cite_row(wt, wr, wc.column)]
    ans.figures += [Figure(pct, "%", f"{pr.label}占{wr.label}"), Figure(pc.value, pt.unit, pr.label),
                    Figure(wc.value, wt.unit, wr.label)]
    part_name = part_name or f"{pr.full_label}（{pc.column}）"
    whole_name = whole_name or (f"{wt.title}的{wr.label}" if wr.is_total else wr.full_label) + f"（{wc.column}）"
    ans.answer = (f"{part_name}{money(pc.value, pt.unit)}，占{whole_name}"
                  f"{money(wc.value, wt.unit)}的 {compute.fmt(pct)}%。验算：{check.expression}。")
    return True


def group_lead(rows: list[tuple[Table, Row]]) -> str:
    """'住房改革支出（22102）表中未单列，其下3行': rows of different 项 under one 类 or 款 the table does not print."""
    codes = [r.subject_code for _, r in rows]
    if len({r.label for _, r in rows}) < 2 or not all(codes):
        return ""
    for length in (5, 3):  # the 款, else the 类, all the rows are under
        group = codes[0][:length]
        if all(c.startswith(group) for c in codes) and group not in codes and standard_name(group):
            return f"{standard_name(group)}（{group}）表中未单列，其下{len(rows)}行"
    return ""


def state_sum(text: str, rows: list[tuple[Table, Row]], ans: Answer, asked_total: bool) -> bool:
    """The sum of the rows' cells in the column the question names, each row cited, with its check."""
    values, unit = [], rows[0][0].unit
    for table, row in rows:
        column = choose_column(table, row, text, exclude=label_key(row.label))
        cell = row.cell(column)
        ans.citations.append(cite_row(table, row, column))
        if cell is not None and cell.value is not None:
            values.append((row, cell.value, table.unit, column))
    if not values:
        ans.answer = "、".join(r.full_label for _, r in rows) + "在表中均为空白，即未安排。"
        return True
    if len({u for *_, u, _ in values}) > 1:
        return False
    if not asked_total and len(values) == len(rows) > 1 and len({(r.full_label, v) for r, v, _, _ in values}) == 1:
        # one label and one figure printed again (a row repeated where its table runs on): not several to add
        row, value = values[0][0], values[0][1]
        ans.figures.append(Figure(value, unit, row.label))
        lines = "、".join(f"第{r.source.line}行" for r, *_ in values)
        ans.answer = (f"{row.full_label}在{rows[0][0].title}中出现{len(rows)}次（{lines}），金额均为 {money(value, unit)}，"
                      f"是同一行重复列示还是{len(rows)}项同名支出，表中看不出。")
        return True
    total, check = compute.add([v for _, v, _, _ in values])
    ans.checks.append(check)
    ans.intent = "total"
    ans.figures.append(Figure(total, unit, "合计"))
    listing = "；".join(f"{r.full_label}（第{r.source.line}行）{money(v, unit)}" for r, v, _, _ in values)
    blank = len(rows) - len(values)
    lead = "合计" if asked_total else (group_lead(rows) or f"该名称在表中共有{len(rows)}行") \
        + (f"（其中{blank}行为空白）" if blank else "") + "，合计"
    ans.answer = f"{lead} {money(total, unit)}（{rows[0][0].title}）。明细：{listing}。验算：{check.expression}。"
    return True
