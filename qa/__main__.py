"""`python -m qa ask [--json] [--explain] "问题"` — or `-` to read one question per line from stdin (models load once);
`--explain` prints first how the question was read (qa.query)."""
from __future__ import annotations

import argparse
import io
import json
import signal
import resource
import sys
import time
from pathlib import Path

from audit.__main__ import main as audit_main
from audit.bench import main as audit_bench_main
from corpus.text import CorpusError
from qa import failures
from qa.pipeline import Pipeline
from qa.query import explain

GOLD = Path(__file__).resolve().parents[1] / "eval" / "gold.jsonl"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m qa")
    sub = parser.add_subparsers(dest="command", required=True)
    ask = sub.add_parser("ask", help="answer a question with cited figures")
    ask.add_argument("--json", action="store_true", help="print the JSON contract")
    ask.add_argument("--no-retrieval", action="store_true", help="answer from the parsed tables only")
    ask.add_argument("--explain", action="store_true",
                     help="print first how the question was read: each slot of the query, its words and their source")
    ask.add_argument("question", help='the question, or "-" to read one per line from stdin')
    bench = sub.add_parser("bench", help="warm per-question latency over the gold questions")
    bench.add_argument("--gold", default=str(GOLD), help="a JSONL file with a question per line")
    bench.add_argument("--rounds", type=int, default=3)
    bench.add_argument("--no-retrieval", action="store_true")
    sub.add_parser("audit", help="check the disclosure's arithmetic and claims: "
                   "python -m qa audit [--json|--markdown|--csv] [DOC]", add_help=False)
    sub.add_parser("audit-bench", help="plant errors in clean documents and measure the audit's recall", add_help=False)
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["audit"]:  # aliases of `python -m audit` and `python -m audit bench` (the audit/ package)
        return audit_main(argv[1:], prog="python -m qa audit")
    if argv[:1] == ["audit-bench"]:
        return audit_bench_main(argv[1:], prog="python -m qa audit-bench")
    args = parser.parse_args(argv)
    try:
        pipeline = Pipeline.load(retrieval=not args.no_retrieval)
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        pipeline = None
    if args.command == "bench":
        return run_bench(pipeline, Path(args.gold), args.rounds) if pipeline is not None else 1
    if args.question == "-":  # undecodable bytes become U+FFFD instead of stopping the whole run
        questions = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace") \
            if hasattr(sys.stdin, "buffer") else sys.stdin
    else:
        questions = [args.question]
    for question in questions:  # one answer per question, always: a failure is that question's refusal
        question = question.rstrip("\n")
        try:
            if pipeline is None:
                raise CorpusError("the corpus could not be loaded")
            if args.explain:
                reading = pipeline.read(question)
                print(explain(reading) if reading is not None else f"问题：{question}\n  （未确定文件）", flush=True)
            answer = pipeline.ask(question, keep_context=args.question != "-")
            line = json.dumps(answer.to_json(), ensure_ascii=False) if args.json else render(answer)
        except Exception as exc:
            if pipeline is not None:
                failures.record(question, "qa ask", exc)
            answer = failures.error_answer(question, exc)
            line = json.dumps(answer.to_json(), ensure_ascii=False) if args.json else render(answer)
        print(line, flush=True)
    return 0 if pipeline is not None else 1


def run_bench(pipeline: Pipeline, gold: Path, rounds: int) -> int:
    questions = [json.loads(line)["question"] for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    pipeline.warm()
    for q in questions[:5]:  # warm up
        pipeline.ask(q, keep_context=False)
    times = []
    for _ in range(rounds):
        for q in questions:
            start = time.perf_counter()
            pipeline.ask(q, keep_context=False)
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    pick = lambda p: times[min(len(times) - 1, int(p * len(times)))]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"questions {len(questions)} x {rounds}: p50 {pick(0.5):.1f} ms, p95 {pick(0.95):.1f} ms, "
          f"max {times[-1]:.1f} ms, peak memory {peak_mb:.0f} MB")
    return 0


def render(answer) -> str:
    lines = [answer.answer]
    for c in answer.citations:
        lines.append(f"  来源：{c.table} · {c.row} · {c.column} · 第{c.line}行：{c.text.strip()[:80]}")
    for c in answer.checks:
        lines.append(f"  验算{'通过' if c.ok else '不一致'}：{c.expression}"
                     + (f"（表中列示 {c.reported}）" if c.reported is not None else ""))
    return "\n".join(lines)


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` ends the output quietly, as other commands do
    sys.exit(main())
