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

import re

from corpus.model import Disclosure, Row, Table
from corpus.text import compact
from qa import compute
from qa.answer import Answer, Figure
from qa.columns import choose_column, column_said, rank_tables
from qa.derived_guards import row_labels
from qa.lexicon import items_named as lexicon_items
from qa.listed_items import items_named
from qa.query import BudgetQuery, Item
from qa.resolve import is_generic, label_key, unit_names
from qa.statements import cite_row, money
from qa.table_hints import question_key
from qa.understand import chinese_number
from qa.unit_rows import measure_tables

PARTS = ("基本支出", "项目支出")  # the parts a kind of spending is split into, each printed in its own table or column


def answer_sum(doc: Disclosure, reading: BudgetQuery, text: str, ans: Answer) -> bool:
    if reading.operation.value != "sum" or reading.left_out or any(i.unit for i in reading.items):
        return False
    parts = [c.value for c in reading.columns if c.kind == "part" and c.value in PARTS]
    if len(reading.items) == 1 and len(set(parts)) == len(PARTS):
        return sum_over_parts(doc, reading.items[0], ans)
    if not parts and sum_over_units(doc, reading, text, ans):
        return True
    if not parts and items_named(text) > len(reading.items) and sum_of_columns(doc, reading, text, ans):
        return True  # more listed than rows read: the columns of a one-row table (三公, 会议费, 培训费)
    listed = items_named(text.replace(doc.department, ""), row_labels(doc))
    if len(reading.items) >= 2 and len(set(parts)) <= 1 and listed <= len(reading.items) \
            and sum_of_items(doc, reading.items, text, ans):
        return True  # one part named (基本支出中…) is where the items are read: its table, or its column
    return not parts and sum_of_columns(doc, reading, text, ans)


def rows_of(doc: Disclosure, item: Item, table: Table) -> list[Row]:
    """The table's rows of the item: its label, or its 科目 code (printed or national)."""
    key = label_key(item.value, doc.department)
    return [r for r in table.rows if not r.is_total and (label_key(r.label, doc.department) == key
                                                         or item.code and r.subject_code == item.code)]


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


_COUNTED = re.compile(r"(\d{1,2}|[两二三四五六七八九十]{1,3})(?:个|家|所|座)([\u4e00-\u9fff]{2,8})")


def sum_over_units(doc: Disclosure, reading: BudgetQuery, text: str, ans: Answer) -> bool:
    """Units of one kind, counted by the question ('五个分局', '3所学校'): the rows of a table by unit whose names
    end with that kind — exactly as many as said — added in the one column the reading's items name."""
    units = unit_names(doc)
    measured = {label_key(i.value, doc.department) for i in reading.items}
    for said in _COUNTED.finditer(question_key(text)):
        for table in doc.tables:
            rows = [r for r in table.rows if not r.is_total and label_key(r.label, doc.department) in units]
            kind = next((said.group(2)[:n] for n in range(len(said.group(2)), 1, -1)
                         if any(compact(r.label).endswith(said.group(2)[:n]) for r in rows)), "")
            members = [r for r in rows if kind and compact(r.label).endswith(kind)]
            if len(members) != chinese_number(said.group(1)) or len(members) < 2:
                continue
            said_here = {compact(column_said(c.column)) for c in members[0].cells}
            asked = measured | {s for s in said_here if len(s) >= 4 and s in question_key(text)}
            named = {c.column for r in members for c in r.cells if compact(column_said(c.column)) in asked}
            if not named and all(is_generic(m) for m in measured) and not lexicon_items(question_key(text)) \
                    and table in measure_tables(doc, question_key(text)):
                named = {choose_column(table, members[0], text)}  # nothing measured: the total of the measure's table
            if len(named) != 1:
                continue
            column = named.pop()
            cells = [(table, r, r.cell(column), r.label) for r in members]
            if any(c is None or c.value is None for _, _, c, _ in cells):
                continue
            said = re.sub(r"^(?:合计|总计|小计)$", "", column_said(column))  # '3个中心合计', not '…合计合计'
            return state(ans, f"{len(members)}个{kind}{said}", cells, lambda name, table, row: name)
    return False


def sum_of_columns(doc: Disclosure, reading: BudgetQuery, text: str, ans: Answer) -> bool:
    """Kinds of spending printed as the columns of a one-row table ('“三公”经费、会议费、培训费支出表'): the columns
    the question names, each once, added — when they are two or more and every row the reading found is one of them."""
    q = question_key(text)
    for table in (t for t in doc.tables if t.horizontal and not t.empty):
        named: dict[str, list] = {}
        for cell in table.rows[0].cells:
            name = next((n for n in said_forms(column_said(cell.column)) if n in q), "")
            if len(name) >= 2 and cell.value is not None:
                named.setdefault(name, []).append(cell)
        names = [n for n in named if not any(n != other and n in other for other in named)]  # the longest said
        row = table.rows[0]
        items = [i for i in reading.items if label_key(i.value, doc.department) != label_key(row.label, doc.department)]
        if len(names) < 2 or any(len(named[n]) > 1 for n in names) \
                or not all(label_key(i.value, doc.department) in names for i in items):
            continue
        cells = [(table, row, named[n][0], n) for n in sorted(names, key=q.find)]
        return state(ans, "", cells, lambda name, table, row: name)
    return False


def said_forms(column: str) -> list[str]:
    """How a question says a column: as printed, without quotes, without a closing 合计 ('“三公”经费合计' is
    '三公经费').

    >>> said_forms("“三公”费用合计")
    ['“三公”费用合计', '三公费用合计', '三公费用']
    """
    name = compact(column)
    bare = re.sub(r"[“”\"‘’]", "", name)
    return list(dict.fromkeys([name, bare, re.sub(r"(?:合计|小计|总计)$", "", bare)]))


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
