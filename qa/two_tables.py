"""Figures read in two tables the question names: the same row in each ('X在A表和B表里差多少'), or one side
in each ('按A表和B表算，X占Y的比例'). Disclosures print one figure in several tables, and staff ask how far two
printings differ; each side is read only in the table named for it."""
from __future__ import annotations

import re

from corpus.model import Cell, Disclosure, Row, Table
from corpus.text import compact, is_subsequence
from qa.answer import Answer
from qa.resolve import (asked_words, best_title, choose_column, find_row_matches, is_generic, question_key,
                        tables_named, total_row)
from qa.statements import state_difference, state_share
from qa.understand import Query

Amount = tuple[Table, Row, Cell]


def named_tables(doc: Disclosure, text: str) -> list[Table]:
    """The two distinct tables the question names, or []."""
    titles = [best_title(doc, phrase) for phrase in tables_named(question_key(text))]
    tables = [next(t for t in doc.tables if t.title == title and not t.empty) if any(
        t.title == title and not t.empty for t in doc.tables) else None for title in titles]
    if len(tables) != 2 or None in tables or tables[0] is tables[1]:
        return []
    return tables


def without_table_names(doc: Disclosure, text: str) -> str:
    """The question without the tables' names, the department or the year: what is read in the tables."""
    q = asked_words(doc, text)
    for phrase in sorted(tables_named(q), key=len, reverse=True):  # a name inside a longer one goes last
        q = q.replace(phrase, "")
    return q


def amount_in(doc: Disclosure, table: Table, phrase: str, text: str) -> Amount | None:
    """The figure a phrase names in one table: its row (one only), else a column of the total row, else the
    table's own total when the phrase is what the title is about."""
    key = question_key(phrase)
    matches = sorted((m for m in find_row_matches(doc, phrase) if not is_generic(m.key)), key=lambda m: -len(m.key))
    for match in matches:
        rows = [r for t, r in match.rows if t is table]
        if len(rows) > 1:
            return None  # the name is printed on several rows of this table: not one figure
        if rows:
            cell = rows[0].cell(choose_column(table, rows[0], text, exclude=match.key))
            return (table, rows[0], cell) if cell is not None and cell.value is not None else None
    total = total_row(table)
    if total is None:
        return None
    columns = sorted((c for c in total.cells if c.column.split("/")[-1] not in ("合计", "小计")
                      and len(c.column.split("/")[-1]) >= 2 and c.column.split("/")[-1] in key),
                     key=lambda c: -len(c.column.split("/")[-1]))
    if columns:
        return (table, total, columns[0]) if columns[0].value is not None else None
    if len(key) >= 4 and is_subsequence(key, compact(table.title)) and total.cells and total.cells[0].value is not None:
        return table, total, total.cells[0]
    return None


def answer_across_two_tables(doc: Disclosure, query: Query, text: str, ans: Answer) -> bool:
    if query.intent not in ("difference", "share"):
        return False
    tables = named_tables(doc, text)
    if not tables:
        return False
    rest = without_table_names(doc, text)
    if query.intent == "difference":
        a, b = (amount_in(doc, t, rest, text) for t in tables)
        if a is None or b is None or a[0].unit != b[0].unit or compact(a[1].label) != compact(b[1].label) \
                and a[1].label.split("、")[-1] != b[1].label.split("、")[-1]:
            return False
        return state_difference(ans, a, b, f"{a[0].title}的{a[1].full_label}", f"{b[0].title}的{b[1].full_label}")
    if "占" not in rest:
        return False
    part_text, whole_text = rest.split("占", 1)
    part_text = re.split(r"[,，]", part_text)[-1]
    whole_text = re.sub(r"(的)?(多大|比例|比重|百分比|百分之几|多少|是|几|%|\?)+$", "", whole_text)
    # each side read in the one table it names; a side both tables could answer is not told apart
    sides = [[t for t in tables if amount_in(doc, t, side, side)] for side in (part_text, whole_text)]
    if any(len(s) != 1 for s in sides) or sides[0][0] is sides[1][0]:
        return False
    part = amount_in(doc, sides[0][0], part_text, part_text)
    whole = amount_in(doc, sides[1][0], whole_text, whole_text)
    return state_share(ans, part, whole,
                       f"{part[0].title}的{part[1].full_label}（{part[2].column}）",
                       f"{whole[0].title}的{whole[1].full_label}（{whole[2].column}）")
