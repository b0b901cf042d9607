"""Derived figures in Decimal, each with the check that proves it.

    >>> total, check = add([Decimal("1.10"), Decimal("2.20")])
    >>> total, check.expression
    (Decimal('3.30'), '1.10 + 2.20 = 3.30')

What cannot be computed is a typed refusal, never an exception: a question can cause it.

    >>> share(Decimal("5"), Decimal("0")).reason
    'zero_whole'
    >>> to_unit(Decimal("5"), "", "万元").reason
    'unknown_unit'
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from corpus.money import UNITS, convert
from qa.answer import Answer, Check

CENT = Decimal("0.01")

# why a figure cannot be derived (Uncomputable.reason)
ZERO_WHOLE, MISSING_WHOLE, UNKNOWN_UNIT, NOT_A_NUMBER = "zero_whole", "missing_whole", "unknown_unit", "not_a_number"


@dataclass(frozen=True)
class Uncomputable:
    """A derived figure the arithmetic refuses, and what was missing (in the answer's words)."""

    reason: str  # ZERO_WHOLE, MISSING_WHOLE, UNKNOWN_UNIT or NOT_A_NUMBER
    message: str


def refuse(ans: Answer, why: Uncomputable, subject: str = "") -> bool:
    """`ans` becomes the refusal `why` gives (its citations kept: what was read); True, as a handler that answered."""
    ans.refused, ans.figures, ans.checks, ans.refusal_reason = True, [], [], why.reason
    ans.answer = f"{subject}{why.message}。"
    return True


def keep(checks: list[Check], result: Check | Uncomputable) -> None:
    """A verification that could be computed joins the checks; one that could not verifies nothing."""
    if isinstance(result, Check):
        checks.append(result)


def _not_numbers(*values) -> Uncomputable | None:
    if any(v is None for v in values):
        return Uncomputable(MISSING_WHOLE, "计算所需的数字为空白")
    if any(not isinstance(v, Decimal) or not v.is_finite() for v in values):
        return Uncomputable(NOT_A_NUMBER, "计算所需的数字不是有效数字")
    return None


def rounded(value: Decimal, places: str = "0.01") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def fmt(value: Decimal) -> str:
    return f"{value:f}"


def add(values: list[Decimal]) -> tuple[Decimal, Check]:
    total = sum(values, Decimal(0))
    expression = " + ".join(fmt(v) for v in values) + f" = {fmt(total)}"
    return total, Check(expression, total, None, True)


def count(labels: list[str]) -> tuple[Decimal, Check]:
    """How many items were counted, the items named in the check."""
    n = Decimal(len(labels))
    return n, Check("计数：" + " | ".join(labels) + f" = {n}", n, None, True)  # labels may hold '、'



def subtract(a: Decimal, b: Decimal) -> tuple[Decimal, Check]:
    result = a - b
    return result, Check(f"{fmt(a)} - {fmt(b)} = {fmt(result)}", result, None, True)


def share(part: Decimal, whole: Decimal) -> tuple[Decimal, Check] | Uncomputable:
    """part / whole as a percentage rounded to 0.01; a zero, blank or non-numeric whole is refused."""
    refused = _not_numbers(part, whole)
    if refused is not None:
        return refused
    if whole == 0:
        return Uncomputable(ZERO_WHOLE, "作为基数的数为0，无法计算比例")
    pct = rounded(part / whole * 100)
    return pct, Check(f"{fmt(part)} / {fmt(whole)} × 100% = {fmt(pct)}%", pct, None, True)


def to_unit(value: Decimal, from_unit: str, to_unit: str) -> tuple[Decimal, Check] | Uncomputable:
    """`value` in another money unit, with the conversion as its check; a unit not known is refused."""
    refused = _not_numbers(value)
    if refused is not None:
        return refused
    if from_unit not in UNITS or to_unit not in UNITS:
        unknown = from_unit if from_unit not in UNITS else to_unit
        return Uncomputable(UNKNOWN_UNIT, f"所涉表格的金额单位{'未注明' if not unknown else f'“{unknown}”无法识别'}"
                                          "，无法换算到同一单位计算")
    result = convert(value, from_unit, to_unit)
    result = rounded(result) if to_unit == "万元" else result
    factor = UNITS[from_unit] / UNITS[to_unit]
    op = f"× {fmt(factor)}" if factor >= 1 else f"÷ {fmt(1 / factor)}"
    return result, Check(f"{fmt(value)}{from_unit} {op} = {fmt(result)}{to_unit}", result, None, True)


def tolerance(n_components: int, half_unit: Decimal = Decimal("0.005")) -> Decimal:
    """Each printed component may carry ±half a unit of its last printed digit (±0.005 when printed to
    0.01, ±0.5 when printed in whole 元); so may the printed total."""
    return half_unit * (n_components + 1)


def half_unit(places: int) -> Decimal:
    """The rounding a figure printed to `places` decimals may carry: half its last digit."""
    return Decimal(5).scaleb(-(places + 1))


def check_total(parts: list[Decimal], reported: Decimal, label: str = "") -> Check:
    """A printed total against its printed parts, rounding-aware."""
    total = sum(parts, Decimal(0))
    ok = abs(total - reported) <= tolerance(len(parts))
    expression = (label + ": " if label else "") + " + ".join(fmt(p) for p in parts) + f" = {fmt(total)}"
    return Check(expression, total, reported, ok)


def check_percentage(part: Decimal, whole: Decimal, reported: Decimal) -> Check | Uncomputable:
    """A printed percentage against its parts: allowed off by the rounding of the printed figures."""
    refused = _not_numbers(part, whole, reported)
    if refused is not None:
        return refused
    if whole == 0:
        return Uncomputable(ZERO_WHOLE, "作为基数的数为0，无法验算比例")
    pct = part / whole * 100
    printed = half_unit(max(0, -reported.as_tuple().exponent))  # '增长9.1%' is 9.12 rounded to one decimal
    slack = (Decimal("0.005") * 100 / whole) * (1 + part / whole) + max(printed, Decimal("0.005"))
    ok = abs(pct - reported) <= slack
    return Check(f"{fmt(part)} / {fmt(whole)} × 100% = {fmt(rounded(pct))}%", rounded(pct), reported, ok)
