"""The headline figures of a run: the `python -m eval run --json` object.

    >>> summarise([], skipped=3)["n"], summarise([], skipped=3)["accuracy"]
    (0, None)
"""
from __future__ import annotations

import numpy as np

from eval import score
from eval.questions import expected_kind
from eval.run import QuestionResult


def summarise(results: list[QuestionResult], skipped: int = 0) -> dict:
    """Rates are None where nothing was measured (no such questions)."""
    value_questions = [r for r in results if expected_kind(r.expected) in ("values", "blank")]
    refused = [r for r in results if r.answer["refused"]]
    gold_refusals = [r for r in results if expected_kind(r.expected) == "refused"]
    latencies = [r.answer["latency_ms"] for r in results if r.outcome != score.ERROR]
    return {
        "n": len(results),
        "skipped": skipped,
        "accuracy": rate([r.correct for r in results]),
        "wrong_figure_rate": rate([r.outcome == score.WRONG_FIGURE for r in value_questions]),
        "unit_errors": sum(r.outcome == score.UNIT_ERROR for r in results),
        "citation_accuracy": rate([r.citation_ok for r in results if r.citation_ok is not None]),
        "refusal_precision": rate([expected_kind(r.expected) == "refused" for r in refused]),
        "refusal_recall": rate([r.answer["refused"] for r in gold_refusals]),
        "check_coverage": rate([r.checks_ok for r in results if r.checks_ok is not None]),
        "retrieval_recall_at_5": rate([r.retrieved for r in results if r.retrieved is not None]),
        "baseline_recall_at_5": rate([r.baseline_retrieved for r in results if r.baseline_retrieved is not None]),
        "latency_ms_p50": percentile(latencies, 50),
        "latency_ms_p95": percentile(latencies, 95),
        "by_category": by_category(results),
    }


def by_category(results: list[QuestionResult]) -> dict:
    groups: dict[str, list[QuestionResult]] = {}
    for r in results:
        groups.setdefault(r.category, []).append(r)
    return {c: {"n": len(rs), "accuracy": rate([r.correct for r in rs])} for c, rs in sorted(groups.items())}


def rate(flags: list[bool]) -> float | None:
    return round(sum(flags) / len(flags), 4) if flags else None


def percentile(values: list[float], q: int) -> float | None:
    return round(float(np.percentile(values, q)), 1) if values else None
