"""How well documents were read (`python -m corpus report FILES|DIR [--json]`): per disclosure (a file, or the
attachments published as one — corpus.attachments), whether it ingests
unaided (no --department/--year/--kind), what was read as its department, year and kind, the standard tables its
目录 lists and which were found (with their kind, and in how many pieces), rows with figures, lines the parser could
not place, and — given an arithmetic check — the share of its checks that reconcile: a table whose totals add up was
read right, so that share is the parse's own quality signal.

    >>> from corpus import parse_text
    >>> from corpus.unplaced import listed_tables
    >>> doc = parse_text("某市某局2026年部门预算\\n目录\\n一、收支总表\\n二、三公经费表\\n收支总表\\n单位：万元\\n"
    ...                  "项目\\t预算数\\n合计\\t1.00\\n", "d")
    >>> [(t.entry, t.kind, t.found) for t in listed_tables(doc)]
    [('一、收支总表', '收支总表', True), ('二、三公经费表', '三公经费表', False)]
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from corpus.attachments import disclosure_id, joined_text
from corpus.ingest import check_metadata, read_document
from corpus.model import Disclosure
from corpus.parser import parse_text
from corpus.table_kinds import table_kind
from corpus.text import CorpusError
from corpus.unplaced import ListedTable, listed_tables

# (document) → (arithmetic checks made, checks that reconcile, the discrepancies); the audit gives it (the CLI passes
# it in)
Reconcile = Callable[[Disclosure], tuple[int, int, list["Discrepancy"]]]


@dataclass
class Discrepancy:
    """An arithmetic check of the audit that does not reconcile, with where it reads and what most likely caused it."""

    check: str  # parent_sum | total_row | column_sum | cross_table
    tables: list[str]
    explanation: str
    lines: list[int]
    cause: str  # document | isolated | table  (see CAUSES)


CAUSES = {
    "document": "tables that each add up within themselves disagree: the document's own, or a check of different "
                "scopes (a 支出总表 that also spends funds — 事业收入, 财政专户, 结转 — no table of the document separates, "
                "set against the 一般公共预算 table less the 政府性基金 table)",
    "isolated": "one sum in a table whose other sums hold: the document's own figure, or one cell misread",
    "table": "the table does not add up in several places: a part of its layout the parser does not read yet",
}


@dataclass
class DocumentReport:
    file: str
    id: str
    ingested: bool  # added with no flags
    error: str = ""  # why not
    department: str = ""
    year: int | None = None
    kind: str = ""
    scope: str = ""  # 本级
    unit_kind: str = ""  # 部门 or 单位
    tables: list[dict] = field(default_factory=list)  # {"title", "kind", "rows"}
    listed: list[ListedTable] = field(default_factory=list)
    rows_with_figures: int = 0
    unplaced: int = 0
    checks: int = 0
    reconciled: int = 0
    discrepancies: list[Discrepancy] = field(default_factory=list)

    def to_json(self) -> dict:
        data = asdict(self)
        data["listed_found"] = sum(t.found for t in self.listed)
        data["reconcile_rate"] = round(self.reconciled / self.checks, 4) if self.checks else None
        return data


def report_document(paths: list[Path], reconcile: Reconcile | None = None) -> DocumentReport:
    """What reading a disclosure's file (or its attachments, joined) gives, as `corpus add` would read it with no
    flags."""
    name, doc_id = " + ".join(map(str, paths)), disclosure_id(paths)
    try:
        text = joined_text([read_document(path)[0] for path in paths])
        doc = parse_text(text, doc_id, source_file=name)
    except CorpusError as exc:
        return DocumentReport(name, doc_id, False, str(exc))
    report = DocumentReport(name, doc.id, True, "", doc.department, doc.year, doc.kind, doc.scope, doc.unit_kind,
                            [{"title": t.title, "kind": table_kind(t.title), "rows": len(t.rows)} for t in doc.tables],
                            listed_tables(doc),
                            sum(1 for t in doc.tables for r in t.rows if any(c.value is not None for c in r.cells)),
                            len(doc.unplaced))
    try:
        check_metadata(Path(name), text, doc, "", "")
    except CorpusError as exc:
        report.ingested, report.error = False, str(exc)
    if reconcile is not None:
        report.checks, report.reconciled, report.discrepancies = reconcile(doc)
    return report


def summary(reports: list[DocumentReport]) -> dict:
    listed = sum(len(r.listed) for r in reports)
    found = sum(sum(t.found for t in r.listed) for r in reports)
    checks = sum(r.checks for r in reports)
    reconciled = sum(r.reconciled for r in reports)
    return {"documents": len(reports), "ingested": sum(r.ingested for r in reports), "listed": listed,
            "found": found, "found_rate": round(found / listed, 4) if listed else None,
            "checks": checks, "reconciled": reconciled,
            "reconcile_rate": round(reconciled / checks, 4) if checks else None,
            "rows_with_figures": sum(r.rows_with_figures for r in reports),
            "unplaced": sum(r.unplaced for r in reports)}


def render(reports: list[DocumentReport]) -> str:
    lines = []
    for r in reports:
        if not r.department and not r.ingested and not r.tables:
            lines.append(f"{r.id}: not read — {r.error}")
            continue
        found = sum(t.found for t in r.listed)
        rate = f"{r.reconciled}/{r.checks} checks reconcile" if r.checks else "no arithmetic checks"
        lines.append(f"{r.id}: {'ingests' if r.ingested else 'REFUSED'} · {r.department or '?'}"
                     f"{f'（{r.scope}）' if r.scope else ''} {r.year or '?'} {r.unit_kind}{r.kind or '?'} · {found}/{len(r.listed)} listed tables found · {len(r.tables)} tables, "
                     f"{r.rows_with_figures} rows with figures · {rate} · {r.unplaced} unplaced")
        if not r.ingested:
            lines.append(f"  refused: {r.error}")
        for t in r.listed:
            if not t.found or t.pieces > 1:
                lines.append(f"  {'missing' if not t.found else f'in {t.pieces} pieces'}: {t.entry} ({t.kind})")
    s = summary(reports)
    lines.append(f"all: {s['ingested']}/{s['documents']} ingest unaided · {s['found']}/{s['listed']} listed tables "
                 f"found · {s['reconciled']}/{s['checks']} checks reconcile · {s['rows_with_figures']} rows with "
                 f"figures · {s['unplaced']} unplaced")
    return "\n".join(lines)


# What a cause read from the PDF (a causes file, one entry per discrepancy or group of them) says it is.
FOUND_CAUSES = {"document": "the document's own", "check": "a check of different scopes",
                "parse": "a reading the parser gets wrong"}


def explained(doc_id: str, d: Discrepancy, causes: list[dict]) -> dict | None:
    """The cause found for a discrepancy: the first entry of its document whose `match` its explanation holds."""
    return next((c for c in causes if c["doc"] == doc_id and c["match"] in d.explanation), None)


def render_discrepancies(reports: list[DocumentReport], causes: list[dict] | None = None) -> str:
    """Every discrepancy left, by document, as a Markdown list with its likely cause — and, given causes found by
    reading the PDF (entries {"doc", "match", "cause", "why", "quote"}), with the cause found."""
    causes = causes or []
    lines = ["# Arithmetic that does not reconcile", "",
             "Written by `python -m corpus report DIR --discrepancies FILE [--causes CAUSES.json]`. Likely causes, "
             "from the arithmetic alone:", ""]
    lines += [f"- **{key}**: {text}" for key, text in CAUSES.items()]
    if causes:
        lines += ["", "Under each, the cause found by reading the PDF (the causes file): "
                  + "; ".join(f"**{text}**" for text in FOUND_CAUSES.values()) + "."]
    found: dict[str, int] = {}
    for r in reports:
        if not r.discrepancies:
            continue
        lines += ["", f"## {r.id} ({r.department}): {r.checks - r.reconciled} of {r.checks} checks", ""]
        for d in r.discrepancies:
            where = "、".join(dict.fromkeys(d.tables))
            lines.append(f"- [{d.cause}] {d.check} · {where} · lines {', '.join(map(str, d.lines))}: {d.explanation}")
            if (cause := explained(r.id, d, causes)) is not None:
                found[cause["cause"]] = found.get(cause["cause"], 0) + 1
                quote = f" ({cause['quote']})" if cause.get("quote") else ""
                lines.append(f"  - **{FOUND_CAUSES[cause['cause']]}**: {cause['why']}{quote}")
    s = summary(reports)
    left = s["checks"] - s["reconciled"]
    lines += ["", f"All: {left} of {s['checks']} checks do not reconcile; by likely cause: "
              + ", ".join(f"{k} {sum(d.cause == k for r in reports for d in r.discrepancies)}" for k in CAUSES)]
    if causes:
        lines.append("Found by reading the PDF: " + ", ".join(f"{FOUND_CAUSES[k]} {n}" for k, n in found.items())
                     + f"; not yet explained {left - sum(found.values())}")
    return "\n".join(lines) + "\n"
