"""`python -m corpus show | report | add | remove`: what the parser read; adding and removing documents.

    python -m corpus show [--json] [PATH...]       # what the parser read from each document
    python -m corpus report [--json] [--text] [--discrepancies FILE [--causes FILE]] FILE|DIR...   # how well read
    python -m corpus add FILE.pdf|FILE.txt [--department D] [--year Y] [--kind 预算|决算] [--id ID] [--no-index]
    python -m corpus remove ID [--keep-files] [--no-index]

This entry point, not the corpus layer, refreshes the index after a change.

Exit codes: 0 fine, 1 the document or corpus was refused (the message says why), 2 bad arguments.
"""
from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Callable, Iterator, TextIO

import config
from corpus.attachments import disclosure_groups
from corpus.ingest import add_document, read_document, remove_document
from corpus.metadata import KINDS
from corpus.model import Disclosure, ProjectForm, Stated
from corpus.parser import load_document
from corpus.progress import Progress
from corpus.registry import load_corpus
from corpus.table_kinds import table_kind
from corpus.report import render as render_report
from corpus.report import Discrepancy, render_discrepancies, report_document
from corpus.report import summary as report_summary
from corpus.text import CorpusError

READ_AHEAD = 2  # processes extracting the next files: the machine's two cores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m corpus", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    show = sub.add_parser("show", help="print what was parsed (all manifest documents when no PATH)")
    show.add_argument("--json", action="store_true", help="one JSON object (a stable contract)")
    show.add_argument("paths", nargs="*", type=Path)
    report = sub.add_parser("report", help="how well documents are read: ingest unaided, metadata, listed tables "
                            "found, rows, arithmetic that reconciles, unplaced lines")
    report.add_argument("--json", action="store_true", help="one JSON object (a stable contract)")
    report.add_argument("--text", action="store_true", help="in a folder, read the .txt where a .pdf is beside it")
    report.add_argument("--discrepancies", type=Path, metavar="FILE",
                        help="also write every check that does not reconcile, with its likely cause, to FILE (Markdown)")
    report.add_argument("--causes", type=Path, metavar="FILE",
                        help="with --discrepancies: the causes found by reading the PDFs (JSON; eval/discrepancy_causes.json)")
    report.add_argument("paths", nargs="+", type=Path, metavar="FILE|DIR")
    add = sub.add_parser("add", help="add a disclosure (PDF or text export) to the corpus and refresh the index")
    add.add_argument("files", nargs="+", type=Path, metavar="FILE|DIR",
                     help="the disclosure: a .pdf or its .txt text export; several files are the attachments of one "
                          "disclosure (情况说明, 报表), joined in order; a folder adds each of its disclosures")
    add.add_argument("--department", default="", help="default: read from the title page")
    add.add_argument("--year", type=int, help="default: read from the title page")
    add.add_argument("--kind", choices=KINDS, default="", help="预算 or 决算 (default: read from the title page)")
    add.add_argument("--id", dest="doc_id", help="document id (lower-case letters, digits, - and _); "
                     "default: from the file name, or year, kind and content hash")
    add.add_argument("--no-index", action="store_true", help="do not refresh the index now")
    remove = sub.add_parser("remove", help="take a document out of the corpus and refresh the index")
    remove.add_argument("doc_id", metavar="ID")
    remove.add_argument("--keep-files", action="store_true", help="keep its files in documents/")
    remove.add_argument("--no-index", action="store_true", help="do not refresh the index now")
    args = parser.parse_args(argv)
    if args.command == "add":
        return cmd_add(args)
    if args.command == "remove":
        return cmd_remove(args)
    if args.command == "report":
        return cmd_report(args)
    documents, failed = read_documents(args.paths)
    if args.json:
        print(json.dumps({"documents": [summary(d) for d in documents]}, ensure_ascii=False, indent=1))
    else:
        for doc in documents:
            print(describe(doc))
    return 1 if failed else 0


def cmd_add(args) -> int:
    """One disclosure (a file, or its attachments), or every disclosure of the folders given (their PDFs, else
    their text exports), each reported as it is added; the index is refreshed once at the end."""
    folders = [p for p in args.files if p.is_dir()]
    if folders and (len(folders) < len(args.files) or args.doc_id or args.department or args.year or args.kind):
        print("error: give folders alone, without --id/--department/--year/--kind", file=sys.stderr)
        return 2
    groups = disclosure_groups(report_files(folders, prefer=".pdf")) if folders else [args.files]
    if not groups:
        print("error: no .pdf or .txt document in " + ", ".join(map(str, folders)), file=sys.stderr)
        return 1
    failed = 0
    progress = Progress(len(groups))
    with read_ahead(groups) as reader:
        for paths in groups:
            try:
                result = add_document(paths, doc_id=args.doc_id, department=args.department, year=args.year,
                                      kind=args.kind, reader=reader)
            except (CorpusError, OSError) as exc:
                print(f"{step(progress, folders)}error: {exc}", file=sys.stderr, flush=True)
                failed += 1
                continue
            print(step(progress, folders) + result.summary(), flush=True)
            for note in result.notes:
                print(f"  note: {note}")
    if failed < len(groups):
        print(f"  {index_note(args.no_index)}", flush=True)
    return 1 if failed else 0


@contextmanager
def read_ahead(groups: list[list[Path]]) -> Iterator[Callable[[Path], tuple[str, bool, list[str]]]]:
    """A reader of the groups' files that extracts them in READ_AHEAD other processes, in order, while this one
    parses and stores the previous ones: PDF extraction (pdfplumber, pure Python) is most of a document's
    parse. One file alone is read here."""
    files = [path for paths in groups for path in paths]
    if len(files) < 2:
        yield read_document
        return
    with ProcessPoolExecutor(max_workers=READ_AHEAD) as pool:
        pending = {path: pool.submit(read_document, path) for path in files}
        try:
            yield lambda path: pending.pop(path).result() if path in pending else read_document(path)
        finally:
            for future in pending.values():
                future.cancel()


def step(progress: Progress, folders: list[Path]) -> str:
    """'[3/36 · 12 s · about 2 min 12 s left] ' before each disclosure of a folder (nothing for one file)."""
    line = progress.step()
    return f"[{line}] " if folders else ""


def cmd_report(args) -> int:
    files = report_files(args.paths, prefer=".txt" if args.text else ".pdf")
    if not files:
        print("error: no .pdf or .txt document in " + ", ".join(map(str, args.paths)), file=sys.stderr)
        return 1
    reports = [report_document(paths, audit_reconcile) for paths in disclosure_groups(files)]
    if args.discrepancies:
        causes = json.loads(args.causes.read_text(encoding="utf-8"))["causes"] if args.causes else None
        args.discrepancies.write_text(render_discrepancies(reports, causes), encoding="utf-8")
    if args.json:
        print(json.dumps({"documents": [r.to_json() for r in reports], "summary": report_summary(reports)},
                         ensure_ascii=False, indent=1))
    else:
        print(render_report(reports))
    return 0


def report_files(paths: list[Path], prefer: str) -> list[Path]:
    """The documents named, a folder's in name order; of a .pdf and a .txt of the same name, the one `prefer`s."""
    files = []
    for path in paths:
        if path.is_dir():
            stems = {}
            for file in sorted(path.glob("*")):
                if file.suffix.lower() in (".pdf", ".txt") and file.name.lower() != "readme.txt":
                    if file.stem not in stems or file.suffix.lower() == prefer:
                        stems[file.stem] = file
            files += list(stems.values())
        else:
            files.append(path)
    return files


def audit_reconcile(doc: Disclosure) -> tuple[int, int, list[Discrepancy]]:
    """(arithmetic checks, those that reconcile, the others with their likely cause) of the audit of what was read.
    The CLI is the top of the stack: it may audit what the corpus layer read. A table's own sums say whether it was
    read right: tables that each add up but disagree are the document's; a table failing in several places is a
    layout not read yet."""
    from audit.checks import audit
    from audit.finding import CHECKS, DISCREPANCY

    arithmetic = [f for f in audit(doc) if f.check in CHECKS and CHECKS[f.check].kind in ("arithmetic", "cross_table")]
    failing: dict[str, int] = {}
    for f in arithmetic:
        if f.check != "cross_table" and f.status == DISCREPANCY and f.citations:
            failing[f.citations[0].table] = failing.get(f.citations[0].table, 0) + 1
    found = []
    for f in arithmetic:
        if f.status != DISCREPANCY:
            continue
        tables = [c.table for c in f.citations]
        if f.check == "cross_table":
            cause = "table" if any(failing.get(t) for t in tables) else "document"
        else:
            cause = "isolated" if failing.get(tables[0] if tables else "", 0) <= 1 else "table"
        found.append(Discrepancy(f.check, tables, f.explanation, sorted({c.line for c in f.citations}), cause))
    return len(arithmetic), len(arithmetic) - len(found), found


def cmd_remove(args) -> int:
    try:
        entry, notes = remove_document(args.doc_id, keep_files=args.keep_files)
    except (CorpusError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"removed {entry['id']}: {entry.get('department', '')} {entry.get('year')}年 {entry.get('kind', '')}")
    for note in notes:
        print(f"  note: {note}")
    print(f"  {index_note(args.no_index)}", flush=True)
    return 0


def index_note(skip: bool) -> str:
    """Refresh the index after a change (or say how to)."""
    if skip:
        return "the index was not refreshed (--no-index); run `python -m index build` to bring it up to date"
    return refresh(config.CORPUS_DIR, sys.stderr)


def refresh(corpus_dir: Path, report: TextIO) -> str:
    """Bring the index in line with the corpus, or say how to."""
    hint = "run `python -m index build` to bring the index up to date"
    try:
        from index.build import build_index
    except ImportError as exc:
        return f"the index was not refreshed (index.build unavailable: {exc}); {hint}"
    try:
        return build_index(corpus_dir=corpus_dir, report=report).summary()
    except Exception as exc:  # noqa: BLE001 - the corpus change stands; the index can be rebuilt later
        return f"the index was not refreshed ({type(exc).__name__}: {exc}); {hint}"


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
    """The `corpus show --json` shape; later issues and external checks read it (keys are only ever added)."""
    return {
        "id": doc.id, "department": doc.department, "year": doc.year, "kind": doc.kind,
        "scope": doc.scope, "unit_kind": doc.unit_kind, "region": doc.region, "level": doc.level,
        "tables": [{"title": t.title, "kind_of_table": table_kind(t.title), "unit": t.unit, "columns": t.columns, "rows": len(t.rows), "empty": t.empty,
                    "content": t.content, "note": t.note, "lines": [t.line_start, t.line_end]}
                   for t in doc.tables],
        "forms": [form_summary(f) for f in doc.forms],
        "paragraphs": len(doc.paragraphs),
        "warnings": [str(w) for w in doc.warnings],
        "org_units": [{"name": u.name, "relation": u.relation, "kind": u.kind, "note": u.note, "line": u.source.line}
                      for u in doc.org_units],
        "unit_counts": [stated(s) for s in doc.unit_counts],
        "procurement": [{"basis": p.basis, "items": [stated(s) for s in p.items]} for p in doc.procurement],
        "assets": [{"when": a.when, "planned": a.planned, "vehicles": stated(a.vehicles),
                    "by_kind": [stated(s) for s in a.by_kind], "equipment": stated(a.equipment)} for a in doc.assets],
        "performance": [{"stage": c.stage, "projects": stated(c.projects), "funds": stated(c.funds),
                         "budget_units": stated(c.budget_units), "score": stated(c.score)} for c in doc.performance],
        "unplaced": [{"line": u.line, "text": u.text, "reason": u.reason} for u in doc.unplaced],
    }


def form_summary(form: ProjectForm) -> dict:
    annual = form.fund("年度")
    return {"project": form.project, "unit": form.implementing_unit,
            "annual_funds_yuan": json_number(form.annual_funds_yuan),
            "annual_funds_printed": annual.printed if annual else None,
            "annual_funds_printed_unit": annual.printed_unit if annual else None,
            "period": form.period, "line": form.source.line, "line_end": form.line_end,
            "funds": [{"period": f.period, "source": f.source_name, "yuan": json_number(f.amount), "printed": f.printed,
                       "printed_unit": f.printed_unit, "line": f.source.line} for f in form.funds]}


def stated(figure: Stated | None) -> dict | None:
    if figure is None:
        return None
    return {"label": figure.label, "value": json_number(figure.value), "unit": figure.unit,
            "printed": figure.printed, "line": figure.source.line}


def json_number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def describe(doc: Disclosure) -> str:
    lines = [f"{doc.id}: {doc.department} {doc.year}年 {doc.kind} ({doc.source_file})",
             f"  {len(doc.tables)} tables, {len(doc.forms)} project forms, {len(doc.paragraphs)} paragraphs, "
             f"{len(doc.glossary)} glossary entries, {len(doc.org_units)} organisation units"]
    states = {"figures": "{rows} rows", "noted_empty": "empty (noted: {note})", "blank": "blank (no note)"}
    for t in doc.tables:
        state = states[t.content].format(rows=len(t.rows), note=t.note)
        lines.append(f"  表{t.number or '-'} {t.title} [{t.unit}] {state}, lines {t.line_start}-{t.line_end}")
    for f in doc.forms:
        lines.append(f"  项目 {f.project} · {f.implementing_unit} · 年度 {f.annual_funds_yuan} 元, line {f.source.line}")
    for u in doc.org_units:
        lines.append(f"  单位 {u.name}{f'（{u.kind}）' if u.kind else ''}, line {u.source.line}")
    lines.extend(f"  {s.label} {s.printed}, line {s.source.line}" for s in doc.unit_counts)
    for p in doc.procurement:
        lines.append(f"  政府采购{p.basis}: " + "，".join(f"{s.label} {s.printed} (line {s.source.line})" for s in p.items))
    for a in doc.assets:
        kinds = "，".join(f"{s.label} {s.printed}" for s in a.by_kind)
        equipment = f"；{a.equipment.label} {a.equipment.printed}" if a.equipment else ""
        lines.append(f"  国有资产 {'预算购置' if a.planned else '截至'}{a.when}: 车辆 {a.vehicles.printed}"
                     f"{f'（{kinds}）' if kinds else ''}{equipment}, line {a.vehicles.source.line}")
    for c in doc.performance:
        lines.append(f"  绩效 {c.stage}: 项目 {c.projects.printed}，资金 {c.funds.printed}, line {c.projects.source.line}")
    lines.extend(f"  not placed: {u}" for u in doc.unplaced)
    lines.extend(f"  warning: {w}" for w in doc.warnings)
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
