"""Understanding judged without the numbers (issue 24): a gold question may carry the reading it expects — its
operation and the rows it names (`"query": {"operation": "sum", "rows": ["水费", "电费"]}`, eval/GOLD.md) — and the
typed reading (qa.query.BudgetQuery) is compared with it slot by slot. A row is the same row when its label is, once
the codes, ordinals and list marks a table prints before it are left off ('30211 差旅费', '[30211]差旅费', '二、差旅费'
and '差旅费' are one label); a row given as a path (a table by unit: '某监狱/行政运行') is its last part.

    >>> bare_label("（一）[30211] 差旅费"), bare_label("②公务用车运行维护费"), bare_label("监狱/一般行政管理事务")
    ('差旅费', '公务用车运行维护费', '一般行政管理事务')
    >>> from qa.query import BudgetQuery, Item, Slot
    >>> reading = BudgetQuery("…", Slot("sum", "加起来", "cue"), [Item("水费", "水费", "document")])
    >>> disagreements({"operation": "sum", "rows": ["水费", "30206 电费"]}, reading)
    ['rows: 电费 not read (read: 水费)']
    >>> disagreements({"operation": "lookup"}, reading)
    ['operation: read sum, expected lookup']
"""
from __future__ import annotations

import re

from qa.query import BudgetQuery

# what a table prints before a label: codes (3 to 7 digits, bracketed or not, or a short list number), Latin
# project marks, 一、 and （一） ordinals, circled numbers, dashes of a tree
_LEADING_MARKS = re.compile(r"^(?:[\[【（(]?[\dA-Za-z]+[\]】）)]?|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|[①-⑳]|[、\-—.．])+")


def bare_label(label: str) -> str:
    label = re.sub(r"\s+", "", label).split("/")[-1]
    return _LEADING_MARKS.sub("", label)


def disagreements(expected: dict, reading: BudgetQuery) -> list[str]:
    """Each slot the reading fills otherwise than the gold expects ([] when it agrees)."""
    found = []
    if "operation" in expected and reading.operation.value != expected["operation"]:
        found.append(f"operation: read {reading.operation.value}, expected {expected['operation']}")
    read = [bare_label(i.value) for i in reading.items]
    missing = [bare_label(r) for r in expected.get("rows", []) if bare_label(r) not in read]
    if missing:
        found.append(f"rows: {'、'.join(missing)} not read (read: {'、'.join(read) or 'none'})")
    return found


def slot_agreement(judged: list[tuple[dict, list[str]]]) -> dict:
    """Per slot, the share of the questions expecting it whose reading agrees: (expected query, disagreements)."""
    rates = {}
    for slot, key in (("operation", "operation"), ("rows", "rows")):
        asked = [found for expected, found in judged if expected.get(key)]
        agreed = [f for f in asked if not any(d.startswith(slot + ":") for d in f)]
        rates[slot] = {"n": len(asked), "agreement": len(agreed) / len(asked) if asked else None}
    return rates
