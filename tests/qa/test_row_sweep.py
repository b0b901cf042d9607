"""The row sweep: every row of every table of every development document asked by its own label (and by its
subject code), all documents loaded together, the department named short. Each answer must be that row's figure in
the column asked, or a blank where the cell is blank, or a refusal — never another figure.

It catches a column name taken for a row (本年支出合计 answered with the whole table's total), a parent's total given
for a part, a 项目支出 question answered with the 合计. Skipped when ../shared/corpus-dev is absent.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from corpus import load_document
from qa.pipeline import Pipeline
from qa.scope import department_aliases

DEV = Path(__file__).resolve().parents[2].parent / "shared" / "corpus-dev"
pytestmark = [pytest.mark.slow, pytest.mark.skipif(not DEV.exists(), reason="../shared/corpus-dev is absent")]


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline([load_document(p) for p in sorted(DEV.glob("*.txt"))])


def short_name(department: str) -> str:
    return department_aliases(department)[-1]


def sweep_questions(doc, name=None):
    """(question, table, row, column) for each row: asked by its label, and by its code when it has one (printed, or
    the national code read from its names); the document named by `name(doc)` (default: its department's short
    name)."""
    name = name or (lambda d: short_name(d.department))
    for table in doc.tables:
        title = re.sub(r"^\d{4}年度?", "", table.title)
        for row in table.rows:
            if not row.cells or not row.label.strip():
                continue
            cell = row.cells[-1]
            leaf = cell.column.split("/")[-1]
            who = f"{name(doc)}{doc.year}年"
            yield f"{who}{title}中{row.label}的{leaf}是多少？", table, row, cell, False
            if code := row.code or row.standard_code:  # the national code when the table prints none
                yield f"{who}{title}中科目编码{code}的{leaf}是多少？", table, row, cell, True


def judge(answer, table, row, cell, by_code: bool) -> str:
    """right, refused, wrong (another figure), or other (no amount). A label (or, asked by code, a code) printed on
    several rows of the table — one per unit in a table of several units — may be answered as the sum of those rows,
    said so and itemised with this row cited: each row's figure counted once, they make the department's."""
    if answer.refused:
        return "refused"
    amounts = [f for f in answer.figures if f.unit in ("元", "万元")]
    namesakes = sum(((r.code or r.standard_code) == (row.code or row.standard_code)) if by_code else (r.label == row.label)
                    for r in table.rows)
    if namesakes > 1 and answer.intent == "total" and "共有" in answer.answer \
            and any(c.line == row.source.line for c in answer.citations):
        return "right"
    if cell.value is None or cell.value == 0:
        ok = not any(f.value for f in amounts)
        return "right" if ok else "wrong"
    if amounts and amounts[0].value == cell.value and amounts[0].unit == table.unit:
        return "right"
    return "wrong" if amounts else "other"


def test_every_row_answers_its_own_figure_or_refuses(pipeline):
    wrong, counts = [], {"right": 0, "refused": 0, "wrong": 0, "other": 0}
    for doc in pipeline.documents:
        for question, table, row, cell, by_code in sweep_questions(doc):
            answer = pipeline.ask(question, keep_context=False)
            verdict = judge(answer, table, row, cell, by_code)
            counts[verdict] += 1
            if verdict == "wrong":
                wrong.append(f"{question} → {answer.answer[:120]} (printed {cell.raw!r}, line {row.source.line})")
    print(counts)
    assert not wrong, f"{len(wrong)} rows answered with another figure ({counts}):\n" + "\n".join(wrong[:40])
