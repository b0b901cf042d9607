"""Judging one answer (the `Answer.to_json()` dict) against its gold question.

    >>> answer = {"answer": "交通警察支队（基本支出）为 3,149.06万元。", "refused": False,
    ...           "figures": [{"value": "3149.06", "unit": "万元", "label": "…"}], "citations": [], "checks": []}
    >>> judge({"values": ["3149.06"], "unit": "万元"}, answer)
    'correct'
    >>> judge({"values": ["3149.06"], "unit": "元"}, answer)
    'unit_error'
"""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from corpus.money import UNITS, convert
from corpus.text import compact
from eval.questions import GoldQuestion, expected_kind

BLANK_WORDS = ("未安排", "空白", "无")  # eval/GOLD.md: 未安排, 空白, 无, 0 or 0.00
_NUMBER = re.compile(r"(?<![\d.,])-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d.]?\d)")

# Outcomes; only "correct" passes.
CORRECT = "correct"
WRONG_FIGURE = "wrong_figure"  # not refused, states figures, the expected value is not among them
UNIT_ERROR = "unit_error"  # the expected amount, but in the wrong unit or off by a unit's scale
WRONGLY_REFUSED = "refused"
NOT_REFUSED = "not_refused"  # should have declined, with no figure, as the disclosure does not contain it
MISSING = "missing"  # answered, but without the expected value, keywords or blank statement
ERROR = "error"  # the pipeline raised


def judge(expected: dict, answer: dict) -> str:
    """The outcome of one answer: one of the constants above (eval/GOLD.md, "How answers are scored").

    A refusal must come with no figure; a blank must say 未安排, 空白, 无 or 0 and state no non-zero amount;
    values and keywords given together must both be stated (a ranking names the unit and its figure)."""
    kind = expected_kind(expected)
    if kind == "refused":
        return CORRECT if answer["refused"] and not answer["figures"] else NOT_REFUSED
    if answer["refused"]:
        return WRONGLY_REFUSED
    if kind == "blank":
        if any(number(f["value"]) for f in answer["figures"]):
            return WRONG_FIGURE
        says_zero = any(number(f["value"]) == 0 for f in answer["figures"])
        return CORRECT if says_zero or any(w in answer["answer"] for w in BLANK_WORDS) else MISSING
    if kind == "values":
        outcome = judge_values(expected["values"], expected.get("unit", ""), answer)
        if outcome != CORRECT:
            return outcome
    text = compact(answer["answer"])
    return CORRECT if all(compact(k) in text for k in expected.get("keywords", [])) else MISSING


def judge_values(printed: list[str], unit: str, answer: dict) -> str:
    """Every expected value among the figures (or the text) in the expected unit."""
    figures = [(number(f["value"]), f["unit"]) for f in answer["figures"]]
    missing = [p for p in printed
               if not figure_states(figures, number(p), unit) and not text_states(answer["answer"], number(p), unit)]
    if not missing:
        return CORRECT
    if any(scaled(figures, number(p), unit) for p in missing):
        return UNIT_ERROR
    return WRONG_FIGURE if figures else MISSING


def figure_states(figures: list[tuple[Decimal | None, str]], value: Decimal, unit: str) -> bool:
    return any(v == value and (not unit or u == unit) for v, u in figures)


def text_states(text: str, value: Decimal, unit: str) -> bool:
    """A number of the text (NFKC-folded, separators removed) equal to the value and followed by the unit."""
    folded = unicodedata.normalize("NFKC", text)
    return any(number(m.group()) == value and folded[m.end():].lstrip().startswith(unit)
               for m in _NUMBER.finditer(folded))


def scaled(figures: list[tuple[Decimal | None, str]], value: Decimal, unit: str) -> bool:
    """A money figure that is the expected number in another unit, or the expected amount converted."""
    if unit not in UNITS:
        return False
    return any(u in UNITS and u != unit and v is not None and (v == value or convert(v, u, unit) == value)
               for v, u in figures)


def citation_ok(question: GoldQuestion, answer: dict) -> bool | None:
    """Whether a citation points at the gold line (or row of the gold table); None when not measured:
    gold has no line, or it is a refusal (whose line shows why there is no answer)."""
    lines = question.source_lines
    if not lines or question.kind == "refused":
        return None
    rows = {compact(r) for r in question.source_rows}
    table = compact(question.source.get("table", ""))
    for c in answer["citations"]:
        if c["doc"] and c["doc"] != question.doc:
            continue
        if c["line"] in lines:
            return True
        same_table = table in compact(c["table"])  # gold titles leave out the year prefix
        if same_table and compact(c["row"].split(" / ")[0]) in rows:
            return True
    return False


def checks_ok(answer: dict) -> bool:
    """At least one arithmetic check, and all of them passed."""
    return bool(answer["checks"]) and all(c["ok"] for c in answer["checks"])


def number(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "").replace("，", "").strip())
    except InvalidOperation:
        return None
