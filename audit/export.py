"""The audit's findings as a Markdown report (discrepancies and rounding differences, per document) or as
CSV (every finding, one row each), for `python -m audit --markdown|--csv` and the staff page.

    >>> from decimal import Decimal
    >>> from audit.finding import Finding
    >>> f = Finding("year_heading", "discrepancy", "2023 ≠ 2024", Decimal(2024), Decimal(2023), [], "标题年份不符。")
    >>> print(to_csv([f]).splitlines()[1])
    ,year_heading,标题年份,year,warning,discrepancy,2023 ≠ 2024,2024,2023,标题年份不符。,
"""
from __future__ import annotations

import csv
import io

from audit.finding import CHECK_NAMES, DISCREPANCY, ROUNDING, Finding

COLUMNS = ("doc", "check", "name", "kind", "severity", "status", "expression", "expected", "actual", "explanation",
           "citations")
STATUS_NAMES = {DISCREPANCY: "不一致", ROUNDING: "舍入", "exact": "一致"}


def cited(f: Finding, limit: int = 6) -> str:
    lines = dict.fromkeys(f"{c.table} 第{c.line}行" for c in f.citations)
    return "；".join(list(lines)[:limit]) + (f"；等{len(lines)}处" if len(lines) > limit else "")


def to_csv(findings: list[Finding]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for f in findings:
        doc = f.citations[0].doc if f.citations else ""
        writer.writerow([doc, f.check, CHECK_NAMES.get(f.check, f.check), f.kind, f.severity, f.status, f.expression,
                         f.expected, f.actual, f.explanation, cited(f)])
    return out.getvalue()


def to_markdown(title: str, findings: list[Finding]) -> str:
    """One document: its counts, then a table of the discrepancies and the rounding differences."""
    counts = {s: sum(f.status == s for f in findings) for s in STATUS_NAMES}
    lines = [f"## {title}", "", "核对 {} 项 — ".format(len(findings))
             + "，".join(f"{name} {counts[s]}" for s, name in STATUS_NAMES.items()), ""]
    shown = [f for f in findings if f.status == DISCREPANCY] + [f for f in findings if f.status == ROUNDING]
    if shown:
        lines += ["| 状态 | 严重度 | 类别 | 核对 | 说明 | 验算 | 来源 |", "|---|---|---|---|---|---|---|"]
        lines += [f"| {STATUS_NAMES[f.status]} | {f.severity} | {f.kind} | {CHECK_NAMES.get(f.check, f.check)} | "
                  f"{cell(f.explanation)} | {cell(f.expression)} | {cell(cited(f))} |" for f in shown]
    return "\n".join(lines)


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
