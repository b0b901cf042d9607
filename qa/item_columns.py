"""An item of the standard printed as a column, not a row: the “三公” table by unit prints 公务用车购置费 as a column
and one row per unit. Asked of the department, with no row named, it is the column's figure in the table's total row.

    >>> from corpus.parser import parse_text
    >>> doc = parse_text("\\n".join(["2026年某局部门预算", "一般公共预算“三公”经费预算表", "单位：万元",
    ...     "单位名称\\t“三公”经费合计\\t公务用车购置费\\t公务接待费", "合计\\t30.00\\t20.00\\t10.00",
    ...     "某局本级\\t30.00\\t20.00\\t10.00"]), "d", "某局", 2026, "预算")
    >>> [(t.title, c.column) for t, _, c in item_columns(doc, "某局今年买车花多少")]
    [('一般公共预算“三公”经费预算表', '公务用车购置费')]
"""
from __future__ import annotations

from corpus.model import Disclosure
from corpus.text import compact
from qa.answer import Answer
from qa.cell_answers import answer_cell
from qa.columns import rank_tables, total_row
from qa.lexicon import items_named, synonyms


def item_columns(doc: Disclosure, question: str) -> list:
    """(table, total row, cell) of each column whose own name begins with how an item the question names is
    printed (the lexicon's form: 买车 → 公务用车购置 → 公务用车购置费)."""
    printed = [p for _, word in items_named(question) if len(p := synonyms().get(word, word)) >= 4]
    return [(t, r, c) for t in doc.tables if not t.empty and not t.horizontal and (r := total_row(t)) is not None
            for c in r.cells if c.value is not None and any(compact(c.column.split("/")[-1]).startswith(p)
                                                            for p in printed)]


def answer_item_column(doc: Disclosure, question: str, text: str, ans: Answer) -> bool:
    found = item_columns(doc, question)
    if not found or len({c.column.split("/")[-1] for _, _, c in found}) > 1:
        return False  # none, or two items' columns: the question does not say which
    table, row = rank_tables([(t, r) for t, r, _ in found], text)[0]
    cell = next(c for t, r, c in found if t is table and r is row)
    return answer_cell(text, table, row, ans, column=cell.column)
