"""The headline figures of a run: the `python -m eval run --json` object.

    >>> summarise([], skipped=3)["n"], summarise([], skipped=3)["accuracy"]
    (0, None)
"""
from __future__ import annotations

import numpy as np

from eval import score
from eval.questions import expected_kind
from eval.run import QuestionResult
from eval.understanding import slot_agreement


def summarise(results: list[QuestionResult], skipped: int = 0) -> dict:
    """Rates are None where nothing was measured (no such questions)."""
    refused = [r for r in results if r.answer["refused"]]
    gold_refusals = [r for r in results if expected_kind(r.expected) == "refused"]
    latencies = [r.answer["latency_ms"] for r in results if r.outcome != score.ERROR]
    return {
        "n": len(results),
        "skipped": skipped,
        "accuracy": rate([r.correct for r in results]),
        "wrong_figure_rate": rate([states_wrong_figure(r) for r in results]),
        "unit_errors": sum(r.outcome == score.UNIT_ERROR for r in results),
        "citation_accuracy": rate([r.citation_ok for r in results if r.citation_ok is not None]),
        "refusal_precision": rate([expected_kind(r.expected) == "refused" for r in refused]),
        "refusal_recall": rate([r.answer["refused"] for r in gold_refusals]),
        "check_coverage": rate([r.checks_ok for r in results if r.checks_ok is not None]),
        "retrieval_recall_at_5": rate([r.retrieved for r in results if r.retrieved is not None]),
        "baseline_recall_at_5": rate([r.baseline_retrieved for r in results if r.baseline_retrieved is not None]),
        "latency_ms_p50": percentile(latencies, 50),
        "latency_ms_p95": percentile(latencies, 95),
        "refused_with_right_source": sum(r.outcome == score.WRONGLY_REFUSED and bool(r.retrieved) for r in results),
        "by_category": by_category(results),
        "by_document": {doc: {"n": len(rs), "accuracy": rate([r.correct for r in rs]),
                              "wrong_figure_rate": rate([states_wrong_figure(r) for r in rs])}
                        for doc, rs in grouped_results(results, lambda r: r.doc).items()},
        "by_path": grouped(results, answer_path),
        "understanding": slot_agreement([(r.query, r.understanding) for r in results if r.query]),
        "retrieval_slots": retrieval_slots(results),
    }


RETRIEVAL_SOURCES = ("fuzzy", "embedding")  # slots filled by characters or vectors, not by a word a table knows


def retrieval_slots(results: list[QuestionResult]) -> dict:
    """Of the answered questions whose reading was read, the share with a slot retrieval filled (issue 24), and
    how many of those are not right."""
    read = [r for r in results if r.slot_sources is not None]
    filled = [r for r in read if any(s in RETRIEVAL_SOURCES for s in r.slot_sources)]
    return {"answered": len(read), "filled": len(filled), "share": rate([r in filled for r in read]),
            "wrong": sum(not r.correct for r in filled)}


def states_wrong_figure(r: QuestionResult) -> bool:
    """A confidently wrong figure: a wrong or unsupported amount, a unit error, or a figure where the disclosure
    has none to give."""
    return r.outcome in score.WRONG_FIGURE_OUTCOMES or (r.outcome == score.NOT_REFUSED and bool(r.answer["figures"]))


def answer_path(r: QuestionResult) -> str:
    """Which path produced the answer (rules, retrieval-gated), or refused."""
    return "refused" if r.answer["refused"] else r.answer.get("answered_by") or "rules"


def by_category(results: list[QuestionResult]) -> dict:
    return grouped(results, lambda r: r.category)


def grouped_results(results: list[QuestionResult], key) -> dict[str, list[QuestionResult]]:
    groups: dict[str, list[QuestionResult]] = {}
    for r in results:
        groups.setdefault(key(r), []).append(r)
    return dict(sorted(groups.items()))


def grouped(results: list[QuestionResult], key) -> dict:
    """{key: {n, accuracy}} in key order."""
    return {k: {"n": len(rs), "accuracy": rate([r.correct for r in rs])} for k, rs in grouped_results(results, key).items()}


def rate(flags: list[bool]) -> float | None:
    return round(sum(flags) / len(flags), 4) if flags else None


def percentile(values: list[float], q: int) -> float | None:
    return round(float(np.percentile(values, q)), 1) if values else None
