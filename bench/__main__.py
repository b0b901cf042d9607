"""`python -m bench load | scale | synth` (see bench/__init__.py).

    python -m bench load [--clients 1,8,32] [--seconds 20] [--url URL] [--transport http|json|client] [--think S] [--json]
    python -m bench scale [--sizes 1,10,100] [--server] [--embedder e5|hashing] [--repeat 3] [--keep DIR] [--json]
    python -m bench synth --count N --out DIR [--seed 0] [--year-change] [--no-seed-doc]
    python -m bench city [--documents 300] [--real DIR ...] [--server] [--clients 32] [--seconds 20] [--keep DIR] [--json]

Exit codes: 0 fine, 1 a target or run failed (the output says which), 2 bad arguments.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def int_list(text: str) -> list[int]:
    try:
        values = [int(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected numbers separated by commas, not {text!r}") from None
    if not values or any(v < 1 for v in values):
        raise argparse.ArgumentTypeError("every value must be at least 1")
    return values


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description="Benchmarks (measurements, not tests).")
    sub = parser.add_subparsers(dest="command", required=True)
    load = sub.add_parser("load", help="the /ask API under 1, 8 and 32 concurrent clients")
    load.add_argument("--clients", type=int_list, default=[1, 8, 32])
    load.add_argument("--seconds", type=float, default=20.0, help="measured seconds per level (default 20)")
    load.add_argument("--url", help="a running app (default: start app.py on a free 127.0.0.1 port)")
    load.add_argument("--transport", choices=("http", "json", "client"), default="http",
                      help="http: Gradio's /gradio_api/call/ask; json: POST /api/ask; client: gradio_client")
    load.add_argument("--think", type=float, default=0.0, help="seconds each client waits between questions")
    load.add_argument("--json", action="store_true")
    scale = sub.add_parser("scale", help="index build and query latency on synthetic corpora of growing size")
    scale.add_argument("--sizes", type=int_list, default=[1, 10, 100])
    scale.add_argument("--server", action="store_true", help="also against a `chroma run` server on 127.0.0.1")
    scale.add_argument("--embedder", choices=("e5", "hashing"), default="e5",
                       help="e5 (the real model, default) or hashing (no model: store and search costs only)")
    scale.add_argument("--repeat", type=int, default=3, help="times each of the 20 questions is asked")
    scale.add_argument("--keep", type=Path, help="keep the corpora and indexes in this folder")
    scale.add_argument("--timeout", type=float, default=3600, help="seconds allowed per build (default 3600)")
    scale.add_argument("--json", action="store_true")
    city = sub.add_parser("city", help="hundreds of documents loaded: build, retrieval, per-question latency, "
                          "concurrent clients on /api/ask and memory")
    city.add_argument("--documents", type=int, default=300)
    city.add_argument("--real", type=Path, nargs="*", default=[], metavar="DIR",
                      help="folders of real disclosures to load first (e.g. ../shared/corpus-wide ../shared/corpus-dev)")
    city.add_argument("--server", action="store_true", help="also against a `chroma run` server on 127.0.0.1")
    city.add_argument("--clients", type=int, default=32)
    city.add_argument("--seconds", type=float, default=20.0, help="measured seconds of the concurrent clients")
    city.add_argument("--keep", type=Path, help="keep the corpus and indexes in this folder")
    city.add_argument("--timeout", type=float, default=7200, help="seconds allowed per build (default 7200)")
    city.add_argument("--json", action="store_true")
    synth = sub.add_parser("synth", help="write a corpus of synthetic disclosures derived from the seed")
    synth.add_argument("--count", type=int, required=True)
    synth.add_argument("--out", type=Path, required=True)
    synth.add_argument("--seed", type=int, default=0)
    synth.add_argument("--year-change", action="store_true", help="give variants other years too")
    synth.add_argument("--no-seed-doc", action="store_true", help="variants only (the seed itself not included)")
    for name in ("_query", "_build"):  # the measured children of `scale`
        child = sub.add_parser(name)
        child.add_argument("--data", type=Path, required=True)
        child.add_argument("--corpus", type=Path, required=True)
        child.add_argument("--embedder", choices=("e5", "hashing"), default="e5")
        child.add_argument("--repeat", type=int, default=3)
        child.add_argument("--host", default="")
        child.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)

    if args.command == "load":
        if args.seconds <= 0 or args.seconds > 600:
            parser.error("--seconds must be in (0, 600]")
        if max(args.clients) > 256:
            parser.error("at most 256 clients")
        from bench.load import run_load

        return run_load(args.clients, args.seconds, args.url, args.transport, args.think, args.json)
    if args.command == "city":
        if args.documents < 1 or not 1 <= args.clients <= 256:
            parser.error("--documents must be at least 1 and --clients in 1..256")
        from bench.city import run_city

        return run_city(args.documents, args.real, server=args.server, clients=args.clients, seconds=args.seconds,
                        keep=args.keep, timeout=args.timeout, as_json=args.json)
    if args.command == "synth":
        from bench.synthetic import write_corpus

        if args.count < 1:
            parser.error("--count must be at least 1")
        manifest = write_corpus(args.out, args.count, seed=args.seed, change_year=args.year_change,
                                include_seed=not args.no_seed_doc)
        print(f"wrote {len(manifest['documents'])} documents to {args.out}")
        return 0
    if args.command == "_query":
        from bench.scale import query_child

        return query_child(args.data, args.corpus, args.embedder, args.repeat, args.host, args.port)
    if args.command == "_build":
        from bench.scale import build_child

        return build_child(args.data, args.corpus, args.embedder, args.host, args.port)
    from bench.scale import run_scale

    return run_scale(args.sizes, server=args.server, embedder=args.embedder, repeat=args.repeat, keep=args.keep,
                     timeout=args.timeout, as_json=args.json)


if __name__ == "__main__":
    sys.exit(main())
