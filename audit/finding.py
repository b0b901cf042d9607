"""What the audit reports: a finding (one checked claim of a disclosure) and the table of checks, each with
the kind of error it finds, the severity of a discrepancy and its Chinese name.

`Finding.to_json()` is the `python -m audit --json` contract: {"check","status","expression","expected",
"actual","citations":[{"doc","table","row","column","line","text"}],"explanation","kind","severity"}.

    >>> f = Finding("year_heading", DISCREPANCY, "2023 ≠ 2024", Decimal(2024), Decimal(2023), [], "标题年份不符。")
    >>> f.kind, f.severity, f.to_json()["kind"]
    ('year', 'warning', 'year')
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from qa.answer import Citation

EXACT, ROUNDING, DISCREPANCY = "exact", "rounding", "discrepancy"


class Check(NamedTuple):
    name: str  # in Chinese, for readers
    kind: str  # the kind of error it finds
    severity: str  # of a discrepancy: error (a figure is wrong) or warning (a label, year or name is)


CHECKS: dict[str, Check] = {
    "parent_sum": Check("表内上下级合计", "arithmetic", "error"),
    "total_row": Check("表内合计行", "arithmetic", "error"),
    "column_sum": Check("表内跨列合计", "arithmetic", "error"),
    "cross_table": Check("跨表核对", "cross_table", "error"),
    "narrative_amount": Check("说明金额对表", "prose_amount", "error"),
    "narrative_share": Check("说明占比", "prose_amount", "error"),
    "narrative_change": Check("说明增减幅度", "prose_amount", "error"),
    "narrative_reasons": Check("说明增减原因分解", "prose_amount", "error"),
    "narrative_parts": Check("说明分项合计", "prose_amount", "error"),
    "form_vs_table": Check("绩效目标表对项目表", "form", "error"),
    "completeness": Check("报表完整性", "completeness", "error"),
    "comparison": Check("说明比较用语", "comparison", "error"),
    "year_heading": Check("标题年份", "year", "warning"),
    "year_as_of": Check("截至日期年份", "year", "warning"),
    "year_period": Check("所述年度", "year", "warning"),
    "name_heading": Check("标题中的部门名称", "name", "warning"),
    "contents": Check("目录与报表", "contents", "warning"),
}
CHECK_NAMES = {check: spec.name for check, spec in CHECKS.items()}
SEVERITY_OF_STATUS = {EXACT: "ok", ROUNDING: "info"}  # a discrepancy takes its check's severity


@dataclass
class Finding:
    """One audited claim. `expected` is what the other figures give (the recomputation, the reference table,
    the document's own year); `actual` is what the disclosure prints at the place under check. `kind` and
    `severity` follow from the check and the status unless given."""

    check: str
    status: str  # exact | rounding | discrepancy
    expression: str
    expected: Decimal
    actual: Decimal
    citations: list[Citation]
    explanation: str  # one line a reader understands, in Chinese
    kind: str = ""
    severity: str = ""

    def __post_init__(self):
        spec = CHECKS.get(self.check, Check(self.check, self.check, "error"))
        self.kind = self.kind or spec.kind
        self.severity = self.severity or SEVERITY_OF_STATUS.get(self.status, spec.severity)

    def to_json(self) -> dict:
        return {
            "check": self.check, "status": self.status, "expression": self.expression,
            "expected": str(self.expected), "actual": str(self.actual),
            "citations": [{"doc": c.doc, "table": c.table, "row": c.row, "column": c.column, "line": c.line,
                           "text": c.text} for c in self.citations],
            "explanation": self.explanation, "kind": self.kind, "severity": self.severity,
        }


def findings_for(findings: list[Finding], line: int) -> list[Finding]:
    """The discrepancies a figure on source line `line` is part of (to warn an answer quoting it)."""
    return [f for f in findings if f.status == DISCREPANCY and any(c.line == line for c in f.citations)]
