"""What an answer is: the text, the figures it states, their citations and the arithmetic checks.

`Answer.to_json()` is the `python -m qa ask --json` contract:
{"question","answer","refused","intent","figures":[{"value","unit","label"}],
 "citations":[{"doc","table","row","column","line","text"}],"checks":[{"expression","result","reported","ok"}],
 "latency_ms","notes":[...],"answered_by","refusal_reason","error"}  (notes: the disclosure's own discrepancies quoted
with the answer, from the audit; answered_by: "rules", "retrieval" or "error" — not "path", which gradio_client takes
for a file; refusal_reason: why a derived figure was refused (zero_whole, missing_whole, unknown_unit, not_a_number);
error: the kind of error an answer was refused for, when answered_by is "error")
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal

NOT_IN_DISCLOSURE = "公开文件中没有该信息"


@dataclass
class Figure:
    value: Decimal
    unit: str  # 万元, 元, %, 个, …
    label: str


@dataclass
class Citation:
    doc: str
    table: str  # table title, project form name, or section heading
    row: str
    column: str
    line: int
    text: str  # the verbatim source line


@dataclass
class Check:
    expression: str  # e.g. "1003.87 + 383.61 = 1387.48"
    result: Decimal  # what the checker computed
    reported: Decimal | None  # what the disclosure or the answer states, if anything
    ok: bool


@dataclass
class Answer:
    question: str
    answer: str
    refused: bool = False
    intent: str = "lookup"
    figures: list[Figure] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    latency_ms: float = 0.0
    doc: str = ""  # the document the answer is scoped to
    notes: list[str] = field(default_factory=list)  # discrepancies and caveats shown with the answer
    basis: str = ""  # how it was answered: "narrative" (stated in the text), "ranking" (items compared), …
    answered_by: str = "rules"  # "rules" (resolved from the parsed model) or "retrieval" (a gated candidate)
    route: str = ""  # the resolution route (qa.routes.ROUTES) whose handler answered or refused
    refusal_reason: str = ""  # why a figure could not be derived (qa.compute.Uncomputable.reason), when refused so
    error: str = ""  # the kind of error that stopped the answer (answered_by "error"), e.g. "ValueError"

    def to_json(self) -> dict:
        return {
            "question": self.question,
            "answer": self.answer,
            "refused": self.refused,
            "intent": self.intent,
            "figures": [{"value": str(f.value), "unit": f.unit, "label": f.label} for f in self.figures],
            "citations": [asdict(c) for c in self.citations],
            "checks": [{"expression": c.expression, "result": str(c.result),
                        "reported": None if c.reported is None else str(c.reported), "ok": c.ok}
                       for c in self.checks],
            "latency_ms": round(self.latency_ms, 1),
            "notes": list(self.notes),
            "answered_by": self.answered_by,
            "refusal_reason": self.refusal_reason,
            "error": self.error,
        }


DERIVED = ("total", "difference", "share")  # intents whose figure is computed, not read
UNRESOLVED = "unresolved"  # the basis of a refusal given because no rule tied the question to an item


def refuse(ans: Answer, message: str) -> Answer:
    ans.refused = True
    ans.answer = message
    ans.figures, ans.checks = [], []
    return ans


def unresolved(ans: Answer, message: str) -> Answer:
    refuse(ans, message)
    ans.basis = UNRESOLVED
    return ans
