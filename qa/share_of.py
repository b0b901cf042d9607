"""The operation 'share' executed from the typed reading of a question (qa.query):

* a part column P (基本支出, 项目支出…) within an item A or within all spending ('A里P占…', 'P占A…', 'P占全部…'):
  P over the total column of A's row (of the total row when no item is named);
* an item A within the whole of a part column P ('A占P…', 'P中A占…'): A's P over the total row's P;
* one item within another printed in the same table ('B占A…', 'A里B占…');
* a unit within its department ('某单位占全部门…'): the unit's row over the total row of its table.

A share is at most 100 %: a reading that would give more answers nothing here. Anything the reading does not fit
exactly is left to the other routes.
"""
from __future__ import annotations

import re

from corpus.model import Disclosure, Row, Table
from qa.answer import Answer
from qa.columns import choose_column, rank_tables, total_row
from qa.query import BudgetQuery, Item
from qa.statements import state_share
from qa.sum_of_items import rows_of
from qa.understand import normalise

PART_COLUMNS = ("基本支出", "项目支出", "人员经费", "公用经费")
_TOTAL_COLUMN = re.compile(r"^(?:合计|小计|总计|金额|预算数?)$")
_WHOLE_OF_DEPARTMENT = re.compile(r"整个部门|全部门|部门|全局|全部|总|一家")  # X一家占: X alone, of the whole
_WHOLE_OF_SPENDING = re.compile(r"全部|总|整个|所有|合计|全年")


def answer_share(doc: Disclosure, reading: BudgetQuery, text: str, ans: Answer) -> bool:
    if reading.operation.value != "share" or reading.left_out:
        return False
    parts = [c.value for c in reading.columns if c.kind == "part" and c.value in PART_COLUMNS]
    kinds = [i for i in reading.items if not i.unit]
    units = [i for i in reading.items if i.unit]
    if len(set(parts)) == 1 and not units and len(kinds) <= 1:
        item = kinds[0] if kinds else None
        whole = whole_named(reading, item, next(c for c in reading.columns if c.value == parts[0]))
        if whole == "item":
            return part_of_row(doc, parts[0], item, text, ans)
        if whole == "part":
            return item_of_column(doc, parts[0], item, text, ans)
        return False
    if not parts and not units and len(kinds) == 2:
        return item_of_item(doc, reading, kinds, text, ans)
    if not parts and not kinds and len(units) == 1 and _WHOLE_OF_DEPARTMENT.search(reading.question):
        return unit_of_department(doc, units[0], text, ans)
    return False


def whole_named(reading: BudgetQuery, item: Item | None, part) -> str | None:
    """Which of the item and the part column is the whole ('item' or 'part'); with no item the whole is all
    spending, said after 占 with the part before it ('P占全部'), not a word no slot read."""
    said = normalise(reading.question)
    if item is None:
        share_at, part_at = said.find("占"), said.find(part.words)
        return "item" if 0 <= part_at < share_at and _WHOLE_OF_SPENDING.search(said[share_at:]) else None
    return the_whole(said, {"item": item.words, "part": part.words})


def the_whole(said: str, named: dict[str, str]) -> str | None:
    """Which of two named things is the whole: the one said to hold the other ('A里B占', 'A中B占', 'B在A中占'),
    else, with 占 between them, the one named after it ('B占A'). None when the words do not say ('A的B占多少')."""
    share_at = said.find("占")
    places = sorted((said.find(words), said.find(words) + len(words), key) for key, words in named.items() if words)
    if share_at < 0 or len(places) != 2 or places[0][0] < 0:
        return None
    (_, first_end, first), (second_at, second_end, second) = places
    if first_end <= share_at < second_at or _HOLDS.search(said[second_end:max(share_at, second_end)]):
        return second
    return first if _HOLDS.search(said[first_end:second_at]) else None


# the words saying a name holds what follows it ('…里', '…中', '…当中', '…内')
_HOLDS = re.compile(r"里|中|内")


def part_column(row: Row, part: str):
    return next((c for c in row.cells if c.column.split("/")[-1] == part and c.value is not None), None)


def total_column(row: Row):
    return next((c for c in row.cells if _TOTAL_COLUMN.match(c.column.split("/")[-1]) and c.value), None)


def part_of_row(doc: Disclosure, part: str, item: Item | None, text: str, ans: Answer) -> bool:
    candidates = []
    for table in doc.tables:
        rows = rows_of(doc, item, table) if item else [r for r in [total_row(table)] if r is not None]
        if len(rows) == 1 and part_column(rows[0], part) and total_column(rows[0]):
            candidates.append((table, rows[0]))
    if not candidates:
        return False
    table, row = rank_tables(candidates, text)[0]
    return within(ans, (table, row, part_column(row, part)), (table, row, total_column(row)))


def item_of_column(doc: Disclosure, part: str, item: Item, text: str, ans: Answer) -> bool:
    """An item's part within the whole of that part ('A占P'): the item's part column over the total row's, in one
    table."""
    candidates = []
    for table in doc.tables:
        rows, whole = rows_of(doc, item, table), total_row(table)
        if len(rows) == 1 and whole is not None and part_column(rows[0], part) and part_column(whole, part):
            candidates.append((table, rows[0]))
    if not candidates:
        return False
    table, row = rank_tables(candidates, text)[0]
    whole = total_row(table)
    return within(ans, (table, row, part_column(row, part)), (table, whole, part_column(whole, part)))


def item_of_item(doc: Disclosure, reading: BudgetQuery, items: list[Item], text: str, ans: Answer) -> bool:
    """Two items of one table, the whole the one the words name so (the_whole)."""
    tables = [t for t in doc.tables if all(len(rows_of(doc, i, t)) == 1 for i in items)]
    said = normalise(reading.question)
    if not tables or (whole_at := the_whole(said, {"0": items[0].words, "1": items[1].words})) is None:
        return False
    whole, part = (items[0], items[1]) if whole_at == "0" else (items[1], items[0])
    table = rank_tables([(t, rows_of(doc, whole, t)[0]) for t in tables], text)[0][0]
    part_row, whole_row = rows_of(doc, part, table)[0], rows_of(doc, whole, table)[0]
    column = choose_column(table, whole_row, text)
    return within(ans, (table, part_row, part_row.cell(column)), (table, whole_row, whole_row.cell(column)))


def unit_of_department(doc: Disclosure, unit: Item, text: str, ans: Answer) -> bool:
    tables = [t for t in doc.tables if t.title in unit.tables
              and len(rows_of(doc, unit, t)) == 1 and total_row(t) is not None]
    if not tables:
        return False
    table = rank_tables([(t, rows_of(doc, unit, t)[0]) for t in tables], text)[0][0]
    row, whole = rows_of(doc, unit, table)[0], total_row(table)
    column = choose_column(table, whole, text)
    return within(ans, (table, row, row.cell(column)), (table, whole, whole.cell(column)))


def within(ans: Answer, part: tuple[Table, Row, object], whole: tuple[Table, Row, object]) -> bool:
    """The share stated when the part is no more than the whole (a share over 100 % read the wrong rows)."""
    (_, _, pc), (_, _, wc) = part, whole
    if pc is None or wc is None or pc.value is None or not wc.value or pc is wc or pc.value > wc.value:
        return False
    ans.intent, ans.basis = "share", "typed share"
    return state_share(ans, part, whole)
