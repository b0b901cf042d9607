"""`python -m qa ask [--json] "问题"` — or `-` to read one question per line from stdin (models load once)."""
from __future__ import annotations

import argparse
import json
import sys

from qa.pipeline import Pipeline


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m qa")
    sub = parser.add_subparsers(dest="command", required=True)
    ask = sub.add_parser("ask", help="answer a question with cited figures")
    ask.add_argument("--json", action="store_true", help="print the JSON contract")
    ask.add_argument("--no-retrieval", action="store_true", help="answer from the parsed tables only")
    ask.add_argument("question", help='the question, or "-" to read one per line from stdin')
    args = parser.parse_args(argv)
    pipeline = Pipeline.load(retrieval=not args.no_retrieval)
    questions = sys.stdin if args.question == "-" else [args.question]
    for question in questions:
        question = question.rstrip("\n")
        answer = pipeline.ask(question, keep_context=args.question != "-")
        if args.json:
            print(json.dumps(answer.to_json(), ensure_ascii=False), flush=True)
        else:
            print(render(answer), flush=True)
    return 0


def render(answer) -> str:
    lines = [answer.answer]
    for c in answer.citations:
        lines.append(f"  来源：{c.table} · {c.row} · {c.column} · 第{c.line}行：{c.text.strip()[:80]}")
    for c in answer.checks:
        lines.append(f"  验算{'通过' if c.ok else '不一致'}：{c.expression}" + (f"（表中列示 {c.reported}）" if c.reported is not None else ""))
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
