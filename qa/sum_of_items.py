"""The operation 'sum' executed from the typed reading of a question (qa.query), not from its wording:

* one kind of spending asked over parts of spending (印刷费 over 基本支出 and 项目支出): the item's row in the
  table (or column) of each part, added;
* several kinds of spending named ('医疗保险缴费与住房公积金合计'): each item's one row in the one table that prints
  them all, added.

Every figure added is cited, and the sum is proved by compute. When the reading does not fit one of these exactly
(a row printed twice in a table, an item in no table of a part, a unit among the items, something left out), it
answers nothing and the other routes are tried.
"""
from __future__ import annotations

from corpus.model import Disclosure, Row, Table
from qa import compute
from qa.answer import Answer, Figure
from qa.query import BudgetQuery, Item
from qa.resolve import choose_column, label_key, rank_tables
from qa.statements import cite_row, money

PARTS = ("基本支出", "项目支出")  # the parts a kind of spending is split into, each printed in its own table or column


def answer_sum(doc: Disclosure, reading: BudgetQuery, text: str, ans: Answer) -> bool:
    if reading.operation.value != "sum" or reading.left_out or any(i.unit for i in reading.items):
        return False
    parts = [c.value for c in reading.columns if c.kind == "part" and c.value in PARTS]
    if len(reading.items) == 1 and len(set(parts)) == len(PARTS):
        return sum_over_parts(doc, reading.items[0], ans)
    if len(reading.items) >= 2 and not parts:
        return sum_of_items(doc, reading.items, text, ans)
    return False


def rows_of(doc: Disclosure, item: Item, table: Table) -> list[Row]:
    """The table's rows of the item: its label, or its 科目 code (printed or national)."""
    key = label_key(item.value, doc.department)
    return [r for r in table.rows if not r.is_total and (label_key(r.label, doc.department) == key
                                                         or item.code and (r.code or r.standard_code) == item.code)]


def sum_over_parts(doc: Disclosure, item: Item, ans: Answer) -> bool:
    """The item in the table of each part (a 基本支出 table and a 项目支出 table), else in each part's column of
    one table."""
    cells = []
    for part in PARTS:
        tables = [t for t in doc.tables if part in t.title and len(rows_of(doc, item, t)) == 1
                  and not any(other in t.title for other in PARTS if other != part)]
        if len(tables) == 1:
            row = rows_of(doc, item, tables[0])[0]
            column = choose_column(tables[0], row, "")
            cells.append((tables[0], row, row.cell(column), part))
    if len(cells) < len(PARTS):
        cells = columns_of_parts(doc, item)
    if len(cells) < len(PARTS) or any(c is None or c.value is None for _, _, c, _ in cells) \
            or len({t.unit for t, *_ in cells}) > 1:
        return False
    return state(ans, item.value, cells, lambda part, table, row: part)


def columns_of_parts(doc: Disclosure, item: Item) -> list:
    """The item's one row in a table printing a column for each part."""
    for table in doc.tables:
        rows = rows_of(doc, item, table)
        if len(rows) != 1:
            continue
        found = [(table, rows[0], next((c for c in rows[0].cells if c.column.split("/")[-1] == part), None), part)
                 for part in PARTS]
        if all(c is not None for _, _, c, _ in found):
            return found
    return []


def sum_of_items(doc: Disclosure, items: list[Item], text: str, ans: Answer) -> bool:
    """Each item's one row in the one table printing them all (the table the question fits best)."""
    tables = [t for t in doc.tables if all(len(rows_of(doc, i, t)) == 1 for i in items)]
    if not tables:
        return False
    table = rank_tables([(t, rows_of(doc, items[0], t)[0]) for t in tables], text)[0][0]
    cells = []
    for item in items:
        row = rows_of(doc, item, table)[0]
        cells.append((table, row, row.cell(choose_column(table, row, text, exclude=label_key(row.label))), item.value))
    if any(c is None or c.value is None for _, _, c, _ in cells):
        return False
    return state(ans, "", cells, lambda name, table, row: row.full_label)


def state(ans: Answer, subject: str, cells, name) -> bool:
    total, check = compute.add([c.value for _, _, c, _ in cells])
    unit = cells[0][0].unit
    ans.checks.append(check)
    ans.intent = "total"
    ans.basis = "typed sum"
    ans.figures.append(Figure(total, unit, subject or "合计"))
    listing = "；".join(f"{name(what, t, r)}（{t.title}第{r.source.line}行）{money(c.value, unit)}" for t, r, c, what in cells)
    ans.citations += [cite_row(t, r, c.column) for t, r, c, _ in cells]
    ans.answer = f"{subject}合计 {money(total, unit)}。明细：{listing}。验算：{check.expression}。"
    return True
