"""Amounts and units: parsing printed figures and converting between 元 and 万元, in one place."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

UNITS = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000)}

_AMOUNT = re.compile(r"^[-−]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


def parse_amount(text: str) -> Decimal | None:
    """A printed amount as Decimal: '107,937.24' -> Decimal('107937.24'); '' or '-' -> None (blank)."""
    text = text.strip().replace(" ", "").replace("，", ",").replace("−", "-")
    if text in ("", "-", "—", "--", "/"):
        return None
    if not _AMOUNT.match(text):
        raise ValueError(f"not an amount: {text!r}")
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only valid numbers
        raise ValueError(f"not an amount: {text!r}") from exc


def is_amount(text: str) -> bool:
    text = text.strip()
    return bool(text) and bool(_AMOUNT.match(text.replace(" ", "").replace("−", "-")))


def convert(value: Decimal, from_unit: str, to_unit: str) -> Decimal:
    """`value` in `from_unit` expressed in `to_unit` (元, 万元, 亿元), exact."""
    if from_unit not in UNITS or to_unit not in UNITS:
        raise ValueError(f"unknown unit: {from_unit} -> {to_unit}")
    return value * UNITS[from_unit] / UNITS[to_unit]


def format_amount(value: Decimal, places: int = 2) -> str:
    """A figure as printed in the disclosures: thousands separators, fixed places."""
    quantum = Decimal(1).scaleb(-places)
    return f"{value.quantize(quantum):,.{places}f}"
