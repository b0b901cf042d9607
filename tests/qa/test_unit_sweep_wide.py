"""The unit sweep over ../shared/corpus-wide (issue 23): every unit row of every table by unit (收入总表 by unit,
“三公”经费 by unit, 项目支出 by unit…) of the 36 disclosures, read from their PDFs and all loaded together, asked
for each of its printed figures by the column's name and the table's title — the unit named in full and without its
city ('北郊监狱' for 杭州市北郊监狱). An answer must give that unit's figure (one row, or all its rows of the table
added) or refuse or ask which document; never the department's figure or another unit's. In 2026-12: 2,308 right,
682 refused or asked which document, none wrong."""
from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from corpus.units import name_variants
from qa.columns import column_said
from qa.pipeline import Pipeline
from qa.resolve import label_key, unit_names

WIDE = Path(__file__).resolve().parents[2].parent / "shared" / "corpus-wide"
pytestmark = [pytest.mark.slow, pytest.mark.skipif(not WIDE.exists(), reason="../shared/corpus-wide is absent")]
MIN_RIGHT, MAX_WRONG = 0.75, 0


def unit_questions(doc):
    """(question, the figures that answer it) for each printed figure of each unit row of a table by unit."""
    units = unit_names(doc)
    for table in doc.tables:
        for row in table.rows:
            if row.is_total or label_key(row.label, doc.department) not in units:
                continue
            same = [r for r in table.rows if r.label == row.label]  # a unit printed beside each of its projects
            for cell in row.cells:
                said = column_said(cell.column)
                if cell.value is None or len(said) < 2 or said in ("合计", "小计", "总计"):
                    continue
                named = [c.value for r in same for c in r.cells if c.value is not None and column_said(c.column) == said]
                answers = set(named) | {sum(named, Decimal(0))}
                for name in {name_variants(label_key(row.label, doc.department))[-1], row.label}:
                    yield f"{doc.department}{table.title}里{name}的{said}是多少？", answers


def test_every_units_figure_is_its_own_or_refused(wide_pdf_documents):
    docs = wide_pdf_documents
    pipeline, counts, wrong = Pipeline(docs), Counter(), []
    for doc in docs:
        for question, answers in unit_questions(doc):
            answer = pipeline.ask(question, keep_context=False)
            if answer.refused or answer.intent == "clarify" or not answer.figures:
                verdict = "refused"
            else:
                verdict = "right" if any(f.value in answers for f in answer.figures) else "wrong"
            counts[verdict] += 1
            if verdict == "wrong":
                wrong.append(f"{question} → {answer.answer[:120]} (printed {sorted(answers)})")
    print(dict(counts))
    assert counts["right"] >= MIN_RIGHT * sum(counts.values()), dict(counts)
    assert len(wrong) <= MAX_WRONG, "\n".join(wrong[:40])
