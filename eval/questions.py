"""Gold questions: one JSON object a line (eval/gold.jsonl; the format is described in eval/GOLD.md).

    >>> q = GoldQuestion.from_json({"id": "q1", "doc": "d", "question": "…", "category": "lookup",
    ...                             "expected": {"values": ["3149.06"], "unit": "万元"},
    ...                             "source": {"table": "t", "row": "r", "column": "c", "line": 412}})
    >>> q.kind, q.source_lines
    ('values', [412])
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

DEFAULT_GOLD = Path(__file__).with_name("gold.jsonl")
DERIVED_CATEGORIES = ("total", "difference", "share", "change")
PRINTED_FIGURE_CATEGORIES = ("lookup", "blank")  # answers read straight off one disclosure line


class GoldError(ValueError):
    """A gold file cannot be read; the message names the file and line."""


@dataclass
class GoldQuestion:
    id: str
    doc: str
    question: str
    category: str
    expected: dict
    source: dict = field(default_factory=dict)
    computation: str | None = None
    query: dict = field(default_factory=dict)  # the reading expected (eval.understanding): operation, rows

    @classmethod
    def from_json(cls, data: dict) -> "GoldQuestion":
        return cls(data["id"], data["doc"], data["question"], data["category"], data["expected"],
                   data.get("source") or {}, data.get("computation"), data.get("query") or {})

    @property
    def kind(self) -> str:
        return expected_kind(self.expected)

    @property
    def source_lines(self) -> list[int]:
        """The disclosure lines the answer is read from (one, or one per row of a total)."""
        lines = [self.source["line"]] if "line" in self.source else []
        return lines + [r["line"] for r in self.source.get("rows", []) if "line" in r]

    @property
    def documents(self) -> list[str]:
        """The documents the question needs: its own, and any other its gold rows are read from (a cross-year
        question needs both years)."""
        others = [r["doc"] for r in self.source.get("rows", []) if r.get("doc") and r["doc"] != self.doc]
        return [self.doc] + list(dict.fromkeys(others))

    @property
    def source_rows(self) -> list[str]:
        rows = [self.source["row"]] if "row" in self.source else []
        return rows + [r["row"] for r in self.source.get("rows", []) if "row" in r]


def load_gold(paths: list[Path]) -> list[GoldQuestion]:
    """Every question of the files, in order; ids must be unique across them."""
    questions, seen = [], set()
    for path in paths:
        for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                question = GoldQuestion.from_json(json.loads(line))
                expected_kind(question.expected)
            except (ValueError, KeyError, TypeError) as exc:
                raise GoldError(f"{where}: not a gold question ({exc})") from exc
            if question.id in seen:
                raise GoldError(f"{where}: duplicate id {question.id}")
            seen.add(question.id)
            questions.append(question)
    return questions


def expected_kind(expected: dict) -> str:
    """How an answer is judged: blank, values, keywords or refused."""
    if expected.get("blank"):
        return "blank"
    if "values" in expected:
        for value in expected["values"]:
            try:
                Decimal(str(value).replace(",", ""))
            except InvalidOperation:
                raise GoldError(f"expected value {value!r} is not a number") from None
        return "values"
    for kind in ("keywords", "refused"):
        if kind in expected:
            return kind
    raise GoldError(f"expected has none of values, keywords, refused, blank: {expected}")
