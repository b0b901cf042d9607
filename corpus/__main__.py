"""`python -m corpus show [--json] [PATH...]`: what the parser read from each document."""
from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path

from corpus.model import Disclosure
from corpus.parser import load_document
from corpus.registry import load_corpus
from corpus.text import CorpusError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m corpus", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    show = sub.add_parser("show", help="print what was parsed (all manifest documents when no PATH)")
    show.add_argument("--json", action="store_true", help="one JSON object (a stable contract)")
    show.add_argument("paths", nargs="*", type=Path)
    args = parser.parse_args(argv)
    documents, failed = read_documents(args.paths)
    if args.json:
        print(json.dumps({"documents": [summary(d) for d in documents]}, ensure_ascii=False, indent=1))
    else:
        for doc in documents:
            print(describe(doc))
    return 1 if failed else 0


def read_documents(paths: list[Path]) -> tuple[list[Disclosure], bool]:
    if not paths:
        return load_corpus(), False
    documents, failed = [], False
    for path in paths:
        try:
            documents.append(load_document(path))
        except (CorpusError, OSError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            failed = True
    return documents, failed


def summary(doc: Disclosure) -> dict:
    """The `corpus show --json` shape; later issues and external checks read it."""
    return {
        "id": doc.id, "department": doc.department, "year": doc.year, "kind": doc.kind,
        "tables": [{"title": t.title, "unit": t.unit, "columns": t.columns, "rows": len(t.rows), "empty": t.empty}
                   for t in doc.tables],
        "forms": [{"project": f.project, "unit": f.implementing_unit, "annual_funds_yuan": json_number(f.annual_funds_yuan)}
                  for f in doc.forms],
        "paragraphs": len(doc.paragraphs),
        "warnings": [str(w) for w in doc.warnings],
    }


def json_number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def describe(doc: Disclosure) -> str:
    lines = [f"{doc.id}: {doc.department} {doc.year}年 {doc.kind} ({doc.source_file})",
             f"  {len(doc.tables)} tables, {len(doc.forms)} project forms, {len(doc.paragraphs)} paragraphs, "
             f"{len(doc.glossary)} glossary entries, {len(doc.org_units)} organisation units"]
    for t in doc.tables:
        state = "empty" if t.empty else f"{len(t.rows)} rows"
        lines.append(f"  表{t.number or '-'} {t.title} [{t.unit}] {state}, lines {t.line_start}-{t.line_end}")
    for f in doc.forms:
        lines.append(f"  项目 {f.project} · {f.implementing_unit} · 年度 {f.annual_funds_yuan} 元, line {f.source.line}")
    lines.extend(f"  warning: {w}" for w in doc.warnings)
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
