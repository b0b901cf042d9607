"""`python -m audit [--json|--markdown|--csv] [DOC]`: audit disclosures against themselves (audit/checks.py for
the arithmetic, audit/prose.py for what the prose claims); `python -m audit bench [...]` measures the audit's recall
on planted errors (audit/bench.py). `python -m qa audit …` and `python -m qa audit-bench …` are aliases of the two.

DOC is a document id of the manifest or the path of a text (or PDF) file; without it, every manifest
document is audited. The text output gives, per document, the counts by status and then every discrepancy
and rounding difference explained in Chinese with its sources; `--json` prints
{"findings":[{"check","status","expression","expected","actual","citations":[{"doc","table","row",
"column","line","text"}],"explanation","kind","severity"}]} (decimals as strings); `--markdown` a report of the
discrepancies and rounding differences, `--csv` every finding (audit/export.py).

    $ .venv/bin/python -m audit datong-gaj-2023-budget
    datong-gaj-2023-budget（大同市公安局 2023年 预算）：核对 570 项 — 一致 520，舍入 46，不一致 4
    …
"""
from __future__ import annotations

import argparse
import json
import signal
import sys
from collections import Counter
from pathlib import Path

from audit.bench import main as bench_main
from audit.checks import CHECK_NAMES, DISCREPANCY, EXACT, ROUNDING, Finding, audit
from audit.export import to_csv, to_markdown
from audit.prose import unjudged_comparisons
from corpus.model import Disclosure
from corpus.parser import load_document
from corpus.registry import load_corpus, load_entry, load_manifest
from corpus.text import CorpusError

SHOWN_CITATIONS = 4  # a sum over 82 rows cites every row; the text output shows the first few


def main(argv: list[str] | None = None, prog: str = "python -m audit") -> int:
    """`python -m audit bench …` runs the benchmark (audit/bench.py); anything else audits documents. `prog` names
    the command in help and errors (`python -m qa audit` when qa's alias calls it)."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["bench"]:
        return bench_main(argv[1:])
    parser = argparse.ArgumentParser(prog=prog, description="audit a disclosure's own arithmetic",
                                     epilog="python -m audit bench [--per-kind N] [--seed S] [--json] [FILES]: "
                                            "plant errors in clean documents and measure the audit's recall")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the findings as JSON")
    output.add_argument("--markdown", action="store_true", help="print a Markdown report")
    output.add_argument("--csv", action="store_true", help="print every finding as CSV")
    parser.add_argument("doc", nargs="?", help="a manifest document id or a text file (default: every document)")
    args = parser.parse_args(argv)
    try:
        documents = load_targets(args.doc)
    except (CorpusError, OSError) as exc:
        print(f"{prog.removeprefix('python -m ')}: {exc}", file=sys.stderr)
        return 2
    audited = [(doc, audit(doc)) for doc in documents]
    if args.json:
        print(json.dumps({"findings": [f.to_json() for _, findings in audited for f in findings]}, ensure_ascii=False))
    elif args.csv:
        print(to_csv([f for _, findings in audited for f in findings]), end="")
    elif args.markdown:
        print("\n\n".join(to_markdown(doc_title(doc), findings) for doc, findings in audited))
    else:
        print("\n\n".join(render(doc, findings) for doc, findings in audited))
    return 0


def load_targets(ref: str | None) -> list[Disclosure]:
    """Every manifest document, the one of that id, or the file at that path."""
    if ref is None:
        return load_corpus()
    entries = {e.id: e for e in load_manifest()}
    if ref in entries:
        return [load_entry(entries[ref])]
    if Path(ref).is_file():
        return [load_document(ref)]
    raise CorpusError(f"{ref}: neither a document id of the manifest ({', '.join(entries)}) nor a file")


def render(doc: Disclosure, findings: list[Finding]) -> str:
    counts = Counter(f.status for f in findings)
    summary = (f"{doc_title(doc)}：核对 {len(findings)} 项 — "
               f"一致 {counts[EXACT]}，舍入 {counts[ROUNDING]}，不一致 {counts[DISCREPANCY]}")
    lines = [summary]
    unjudged = unjudged_comparisons(doc)
    if unjudged:  # "where it cannot tell, it says so": no finding, but the reader sees what was not judged
        shown = "；".join(f"第{c.line}行「{c.text}」" for c in unjudged[:5]) + ("…" if len(unjudged) > 5 else "")
        lines.append(f"未判断的比较 {len(unjudged)} 处（句中没有列出比较的基数）：{shown}")
    for status, title in ((DISCREPANCY, "不一致"), (ROUNDING, "舍入差异")):
        chosen = [f for f in findings if f.status == status]
        if chosen:
            lines.append(f"\n{title}（{len(chosen)}）：")
            lines.extend(render_finding(f) for f in chosen)
    return "\n".join(lines)


def doc_title(doc: Disclosure) -> str:
    year = f"{doc.year}年 " if doc.year else ""
    return f"{doc.id}（{doc.department} {year}{doc.kind}）"


def render_finding(f: Finding) -> str:
    lines = [f"  [{CHECK_NAMES.get(f.check, f.check)} · {f.kind} · {f.severity}] {f.explanation}",
             f"    验算：{f.expression}"]
    for c in f.citations[:SHOWN_CITATIONS]:
        where = " · ".join(part for part in (c.table, c.row, c.column) if part)
        lines.append(f"    来源：{where} · 第{c.line}行：{c.text.strip()[:60]}")
    if len(f.citations) > SHOWN_CITATIONS:
        lines.append(f"    （另有 {len(f.citations) - SHOWN_CITATIONS} 处来源，见 --json）")
    return "\n".join(lines)


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` ends the output quietly, as other commands do
    sys.exit(main())
