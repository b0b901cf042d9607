"""`python -m index build | search | bench`: build the index, query it, measure it.

    python -m index build [--force]              # incremental; an unchanged corpus takes < 1 s
    python -m index search "2023年公务接待费是多少？"  # top-5 chunks, readable
    python -m index search --json -k 3 "公务接待费"  # [{"id","text","score","metadata":{…}}]
    python -m index search --doc datong-gaj-2023-budget "公务接待费"
    printf '公务接待费\\n基本支出是什么\\n' | python -m index search -   # one JSON array per line
    python -m index search --mode lexical "公务接待费"   # one side only (dense | lexical | hybrid)
    python -m index bench                        # cold build, no-op rebuild, latency, memory, recall

Exit codes: 0 fine, 1 the index or store cannot be used (message names it), 2 bad input
(empty or over-long question, unknown document id).
"""
from __future__ import annotations

import argparse
import io
import json
import sys

from corpus.text import CorpusError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m index", description="Build, query and measure the retrieval index.")
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="build or refresh the index incrementally")
    build.add_argument("--force", action="store_true", help="rebuild the vector store aside and swap it in")
    search = sub.add_parser("search", help="print the top-k chunks for a question")
    search.add_argument("question", help="the question, or - to read one question per line from stdin")
    search.add_argument("-k", type=int, default=5, help="number of chunks (default 5)")
    search.add_argument("--json", action="store_true", help='[{"id","text","score","metadata"}]')
    search.add_argument("--doc", action="append", dest="docs", metavar="DOC_ID", help="only this document (repeatable)")
    search.add_argument("--mode", choices=("hybrid", "dense", "lexical"), default="hybrid")
    bench = sub.add_parser("bench", help="benchmark: cold build, no-op rebuild, query latency, peak memory")
    bench.add_argument("--repeat", type=int, default=5, help="times each question is asked (default 5)")
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            return cmd_build(args)
        if args.command == "search":
            return cmd_search(args)
        from index.bench import run_bench

        return run_bench(repeat=args.repeat)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - store/index errors: a message, not a traceback
        from index.search import IndexNotReady
        from index.store import StoreError

        if isinstance(exc, (StoreError, IndexNotReady)):
            print(f"error: {exc}", file=sys.stderr)
            return 1
        raise


def cmd_build(args) -> int:
    from index.build import build_index

    report = build_index(force=args.force)
    print(report.summary())
    return 0


def cmd_search(args) -> int:
    from index.search import validate_query

    if args.k < 1:
        print("error: -k must be at least 1", file=sys.stderr)
        return 2
    batch = args.question == "-"
    if not batch:
        try:
            validate_query(args.question)  # before loading anything
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    from index.search import Retriever

    with Retriever.open() as retriever:
        method = {"hybrid": retriever.search, "dense": retriever.search_dense, "lexical": retriever.search_lexical}[args.mode]
        if not batch:
            try:
                hits = method(args.question, k=args.k, doc_ids=args.docs)
            except ValueError as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 2
            if args.json:
                print(json.dumps([h.to_json() for h in hits], ensure_ascii=False, indent=1))
            else:
                print(format_hits(hits) if hits else "no matching chunks")
            return 0
        status = 0
        # bad bytes become U+FFFD; a stdin without bytes underneath (tests) is read as it is
        lines = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace") if hasattr(sys.stdin, "buffer") else sys.stdin
        for number, line in enumerate(lines, start=1):
            try:
                hits = method(line.rstrip("\r\n"), k=args.k, doc_ids=args.docs)
            except ValueError as exc:
                print(f"line {number}: {exc}", file=sys.stderr)
                hits, status = [], 2
            print(json.dumps([h.to_json() for h in hits], ensure_ascii=False), flush=True)
        return status


def format_hits(hits) -> str:
    out = []
    for rank, hit in enumerate(hits, start=1):
        meta = hit.metadata
        where = meta.get("table_title") or meta.get("project") or meta.get("section") or meta.get("term") or ""
        lines = f"{meta.get('line_start')}" + (f"-{meta.get('line_end')}" if meta.get("line_end") != meta.get("line_start") else "")
        sides = " ".join(f"{name}#{r}" for name, r in hit.ranks.items())
        out.append(f"{rank}. {hit.score:.4f}  {hit.id}  [{meta.get('kind')} · {where} · line {lines}]  {sides}")
        out.extend("     " + text for text in hit.text.splitlines())
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
