"""The run's record in a folder: `report.md` to read and `last.json` (per-question results) to compare with
the next run, whose report then lists the questions that went pass→fail and fail→pass.

    report = write_report(Path("eval/reports"), summarise(results, len(skipped)), results, skipped)
    print(report.read_text())  # headline table, per-category accuracy, changes, every miss
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from eval import score
from eval.questions import GoldQuestion
from eval.run import QuestionResult

DEFAULT_REPORT_DIR = Path(__file__).with_name("reports")


@dataclass
class Diff:
    """Questions of both runs whose verdict changed, as (id, question)."""

    broke: list[tuple[str, str]]  # pass → fail
    fixed: list[tuple[str, str]]  # fail → pass


def write_report(folder: Path, summary: dict, results: list[QuestionResult], skipped: list[GoldQuestion]) -> Path:
    """Write report.md and last.json into `folder` (diffing against the last.json found there)."""
    folder.mkdir(parents=True, exist_ok=True)
    last = folder / "last.json"
    diff = diff_runs(json.loads(last.read_text(encoding="utf-8")), results) if last.exists() else None
    record = {"summary": summary, "results": [r.to_json() for r in results], "skipped": [q.id for q in skipped]}
    last.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    report = folder / "report.md"
    report.write_text(render(summary, results, diff), encoding="utf-8")
    return report


def diff_runs(previous: dict, results: list[QuestionResult]) -> Diff:
    passed_before = {r["id"]: r["outcome"] == score.CORRECT for r in previous.get("results", [])}
    common = [r for r in results if r.id in passed_before]
    return Diff(broke=[(r.id, r.question) for r in common if passed_before[r.id] and not r.correct],
                fixed=[(r.id, r.question) for r in common if not passed_before[r.id] and r.correct])


def render(summary: dict, results: list[QuestionResult], diff: Diff | None) -> str:
    lines = [f"# 预算问答 evaluation, {datetime.now():%Y-%m-%d %H:%M}", ""]
    lines += headline(summary) + [""] + categories(summary) + [""] + documents(summary) + [""] + paths(summary) + [""]
    lines += understanding(summary, results) + [""]
    if diff is not None:
        lines += changes(diff) + [""]
    misses = [r for r in results if not r.correct]
    lines.append(f"## Misses ({len(misses)})")
    for r in misses:
        lines += [""] + miss(r)
    unretrieved = [r.id for r in results if r.retrieved is False]
    if unretrieved:
        lines += ["", f"## Gold line not in the hybrid top-5 ({len(unretrieved)})", "", ", ".join(unretrieved)]
    return "\n".join(lines) + "\n"


def headline(s: dict) -> list[str]:
    rows = [
        ("questions", f"{s['n']} evaluated, {s['skipped']} skipped (document not loaded)"),
        ("accuracy", percent(s["accuracy"])),
        ("wrong-figure rate", percent(s["wrong_figure_rate"])),
        ("unit errors", str(s["unit_errors"])),
        ("citation accuracy", percent(s["citation_accuracy"])),
        ("refusal precision / recall", f"{percent(s['refusal_precision'])} / {percent(s['refusal_recall'])}"),
        ("check coverage (derived answers)", percent(s["check_coverage"])),
        ("retrieval recall@5: hybrid / naive baseline",
         f"{percent(s['retrieval_recall_at_5'])} / {percent(s['baseline_recall_at_5'])}"),
        ("wrongly refused, gold line among the nearest sources", str(s["refused_with_right_source"])),
        ("latency p50 / p95", f"{ms(s['latency_ms_p50'])} / {ms(s['latency_ms_p95'])}"),
        ("answered with a slot retrieval filled (fuzzy, embedding)", retrieval_filled(s["retrieval_slots"])),
    ]
    return ["| metric | value |", "|---|---|"] + [f"| {name} | {value} |" for name, value in rows]


def retrieval_filled(slots: dict) -> str:
    if not slots["answered"]:
        return "n/a"
    return f"{percent(slots['share'])} ({slots['filled']} of {slots['answered']}; {slots['wrong']} not right)"


def categories(s: dict) -> list[str]:
    lines = ["## By category", "", "| category | n | accuracy |", "|---|---|---|"]
    return lines + [f"| {c} | {v['n']} | {percent(v['accuracy'])} |" for c, v in s["by_category"].items()]


def documents(s: dict) -> list[str]:
    lines = ["## By document", "", "| document | n | accuracy | wrong-figure rate |", "|---|---|---|---|"]
    return lines + [f"| {d} | {v['n']} | {percent(v['accuracy'])} | {percent(v['wrong_figure_rate'])} |"
                    for d, v in s["by_document"].items()]


def understanding(s: dict, results: list[QuestionResult]) -> list[str]:
    """How the questions that carry their expected query were read, slot by slot, and each disagreement."""
    lines = ["## Understanding (expected query)", "", "| slot | n | agreement |", "|---|---|---|"]
    lines += [f"| {slot} | {v['n']} | {percent(v['agreement'])} |" for slot, v in s["understanding"].items()]
    read_otherwise = [r for r in results if r.understanding]
    if read_otherwise:
        lines += ["", f"Read otherwise than expected ({len(read_otherwise)}):", ""]
        lines += [f"- {r.id} ({r.outcome}): {r.question} — {'; '.join(r.understanding)}" for r in read_otherwise]
    return lines


def paths(s: dict) -> list[str]:
    """Which path answered (rules, retrieval-gated) and how often it was right; refusals apart."""
    lines = ["## By answer path", "", "| path | n | accuracy |", "|---|---|---|"]
    return lines + [f"| {p} | {v['n']} | {percent(v['accuracy'])} |" for p, v in s["by_path"].items()]


def changes(diff: Diff) -> list[str]:
    lines = ["## Since the last run"]
    for title, items in (("pass → fail", diff.broke), ("fail → pass", diff.fixed)):
        lines += ["", f"{title} ({len(items)})"] + [f"- {qid}: {question}" for qid, question in items]
    return lines


def miss(r: QuestionResult) -> list[str]:
    got = r.answer["answer"]
    figures = "; ".join(f"{f['value']} {f['unit']}" for f in r.answer["figures"])
    lines = [f"### {r.id} · {r.category} · {r.outcome}", "", f"- question: {r.question}",
             f"- expected: {expected_text(r.expected)}", f"- got: {got}" + (f" (figures: {figures})" if figures else "")]
    lines += [f"- cited: {c['table']} · {c['row']} · {c['column']} · line {c['line']}" for c in r.answer["citations"]]
    if r.source:
        lines.append(f"- gold source: {json.dumps(r.source, ensure_ascii=False)}")
    if r.understanding:
        lines.append(f"- read otherwise than expected: {'; '.join(r.understanding)}")
    if r.reading:
        lines += ["- read as:", "", "```", *r.reading.splitlines()[1:], "```"]
    return lines


def expected_text(expected: dict) -> str:
    if expected.get("blank"):
        return "blank (未安排)"
    if expected.get("refused"):
        return "refusal"
    if "keywords" in expected:
        return "keywords " + "、".join(expected["keywords"])
    return ", ".join(f"{v} {expected.get('unit', '')}".strip() for v in expected["values"])


def percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f} ms"
