"""Derived figures in Decimal, each with the check that proves it.

    >>> total, check = add([Decimal("1.10"), Decimal("2.20")])
    >>> total, check.expression
    (Decimal('3.30'), '1.10 + 2.20 = 3.30')
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from corpus.money import convert
from qa.answer import Check

CENT = Decimal("0.01")


def rounded(value: Decimal, places: str = "0.01") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def fmt(value: Decimal) -> str:
    return f"{value:f}"


def add(values: list[Decimal]) -> tuple[Decimal, Check]:
    total = sum(values, Decimal(0))
    expression = " + ".join(fmt(v) for v in values) + f" = {fmt(total)}"
    return total, Check(expression, total, None, True)


def subtract(a: Decimal, b: Decimal) -> tuple[Decimal, Check]:
    result = a - b
    return result, Check(f"{fmt(a)} - {fmt(b)} = {fmt(result)}", result, None, True)


def share(part: Decimal, whole: Decimal) -> tuple[Decimal, Check]:
    """part / whole as a percentage rounded to 0.01."""
    if whole == 0:
        raise ZeroDivisionError("the whole is zero")
    pct = rounded(part / whole * 100)
    return pct, Check(f"{fmt(part)} / {fmt(whole)} × 100% = {fmt(pct)}%", pct, None, True)


def to_unit(value: Decimal, from_unit: str, to_unit: str) -> tuple[Decimal, Check]:
    result = convert(value, from_unit, to_unit)
    result = rounded(result) if to_unit == "万元" else result
    op = "÷ 10000" if (from_unit, to_unit) == ("元", "万元") else "× 10000"
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


def check_percentage(part: Decimal, whole: Decimal, reported: Decimal) -> Check:
    """A printed percentage against its parts: allowed off by the rounding of the printed figures."""
    pct = part / whole * 100
    slack = (Decimal("0.005") * 100 / whole) * (1 + part / whole) + Decimal("0.005")
    ok = abs(pct - reported) <= slack
    return Check(f"{fmt(part)} / {fmt(whole)} × 100% = {fmt(rounded(pct))}%", rounded(pct), reported, ok)
