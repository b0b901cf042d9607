"""What a question's items are, as read: each item's label, figure and citation, and what they are together (the
rows of a table, a document's units, its glossary…), for the answers that list, rank, count or add them."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from corpus.model import Row, Table
from qa.answer import Citation
from qa.columns import choose_column
from qa.table_hints import question_key


@dataclass
class Item:
    label: str
    value: Decimal | None
    citation: Citation


@dataclass
class Collection:
    what: str  # what the items are, for the answer's wording
    unit: str = ""
    column: str = ""
    items: list[Item] = field(default_factory=list)


_WITH_A_FIGURE = re.compile(r"有金额|有数|有(?:预算|资金|支出)的|安排了?(?:预算|资金|钱|支出)的|实际安排")


def rows_collection(table: Table, rows: list[Row], text: str, what: str) -> Collection:
    column = choose_column(table, rows[0], text) if rows else ""
    items = []
    for row in rows:
        cell = row.cell(column)
        items.append(Item(row.full_label, cell.value if cell else None,
                          Citation(table.doc_id, table.title, row.full_label, column, row.source.line,
                                   row.source.text)))
    if _WITH_A_FIGURE.search(question_key(text)):
        items = [i for i in items if i.value]
    return Collection(what, table.unit, column, items)
