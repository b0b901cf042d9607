"""`python -m audit bench` (alias `python -m qa audit-bench`): plant errors of each kind in clean disclosures and
measure what the audit finds.

Each planter finds its sites in the text by pattern (a table figure the audit reads, a total row, an amount
the prose states, a comparison word, a heading's year, a 截至 date, an own-period 年度, the department's name
in a heading, a table) and changes the text there; the planted text is parsed again (corpus.parse_text) and
audited. A plant is found when the audit reports a discrepancy it did not report on the clean text that cites
the planted lines (any new discrepancy for a dropped table, whose removal shifts the lines). Sites are sampled
with a seeded random generator, so a run is reproducible.

    $ .venv/bin/python -m audit bench --per-kind 3
    | kind | planted | found | recall |
    …
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Callable

from audit.checks import audit
from audit.finding import DISCREPANCY, Finding
from audit.narrative import AMOUNT
from audit.prose import AS_OF, AS_OF_YEARS, BASE_BEFORE, ORGAN, PERIOD, RELATIONS, find_comparisons, headings
from corpus.model import Disclosure
from corpus.parser import parse_text
from corpus.text import compact, read_text

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "corpus-dev"
# The word a flipped comparison says instead: the opposite relation.
FLIPS = {">": "小于", "<": "大于", "=": "大于"}
FLIP_WORDS = {"增加": "减少", "增长": "下降", "上升": "下降", "提高": "降低", "减少": "增加", "下降": "增长",
              "降低": "提高", "持平": "增加"}


@dataclass
class Plant:
    kind: str
    doc: str
    lines: tuple[int, int]  # the planted lines (first, last)
    what: str
    text: str  # the whole planted text
    shifts: bool = False  # lines after the plant moved


@dataclass
class Clean:
    """A clean document: its text, its parse and what the audit finds on it."""

    name: str
    text: str
    doc: Disclosure
    findings: list[Finding]
    others: list[str]  # departments of the other documents (for a wrong name)


Planter = Callable[[Clean], list[Plant]]


def main(argv: list[str] | None = None, prog: str = "python -m audit bench") -> int:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", help="clean text files (default: the seed and ../shared/corpus-dev)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--per-kind", type=int, default=5, help="plants of each kind per document")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    files = [Path(f) for f in args.files] or default_files()
    result = run(files, args.seed, args.per_kind)
    print(json.dumps(result, ensure_ascii=False, indent=1) if args.json else render(result))
    return 0


def default_files() -> list[Path]:
    return sorted((ROOT / "corpus" / "documents").glob("*.txt")) + sorted(DEV.glob("*.txt"))


def run(files: list[Path], seed: int, per_kind: int) -> dict:
    texts = {f.stem: read_text(f) for f in files}
    docs = {name: parse_text(text, name) for name, text in texts.items()}
    rng = random.Random(seed)
    rows: dict[str, Counter] = defaultdict(Counter)
    misses, clean_report, coverage = [], {}, {}
    for name, text in texts.items():
        doc = docs[name]
        clean = Clean(name, text, doc, audit(doc), [d.department for n, d in docs.items() if n != name])
        clean_report[name] = discrepancies_by_kind(clean.findings)
        coverage[name] = cells_read(clean)
        for kind, planter in PLANTERS.items():
            sites = planter(clean)
            for plant in rng.sample(sites, min(per_kind, len(sites))):
                plant.kind = kind
                found = detected(clean, plant)
                rows[kind]["planted"] += 1
                rows[kind]["found"] += found
                if not found:
                    misses.append({"kind": kind, "doc": name, "lines": list(plant.lines), "what": plant.what})
    kinds = {k: {"planted": c["planted"], "found": c["found"],
                 "recall": round(c["found"] / c["planted"], 3) if c["planted"] else None} for k, c in rows.items()}
    return {"seed": seed, "per_kind": per_kind, "documents": list(texts), "kinds": kinds, "misses": misses,
            "clean_discrepancies": clean_report, "figures_read": coverage}


def cells_read(clean: Clean) -> dict[str, int]:
    """How many printed table figures the audit reads (figure and total plants are drawn from these)."""
    cited = {(c.line, c.column) for f in clean.findings for c in f.citations}
    printed = [(r.source.line, c.column) for t in clean.doc.tables for r in t.rows for c in r.cells
               if c.value is not None]
    return {"printed": len(printed), "read": sum(p in cited for p in printed)}


def detected(clean: Clean, plant: Plant) -> bool:
    """The audit of the planted text reports a new discrepancy at the planted lines."""
    try:
        planted = audit(parse_text(plant.text, clean.name))
    except ValueError:  # the plant made the text unreadable: the parser says so, which is found
        return True
    key = (lambda f: (f.check, f.expression)) if plant.shifts else \
        (lambda f: (f.check, f.expression, tuple(c.line for c in f.citations)))
    before = {key(f) for f in clean.findings if f.status == DISCREPANCY}
    new = [f for f in planted if f.status == DISCREPANCY and key(f) not in before]
    if plant.shifts:
        return bool(new)
    first, last = plant.lines
    return any(first <= c.line <= last for f in new for c in f.citations)


def discrepancies_by_kind(findings: list[Finding]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for f in findings:
        if f.status == DISCREPANCY:
            found[f.kind].append(f"{f.expression} (第{f.citations[0].line}行)" if f.citations else f.expression)
    return dict(found)


# ------------------------------------------------------------------------------------------ planters


def replace_line(text: str, line: int, old: str, new: str, start: int = 0) -> str | None:
    """The text with `old` replaced by `new` once on `line` (1-based) at or after `start`; None if absent."""
    lines = text.split("\n")
    raw = lines[line - 1]
    at = raw.find(old, start)
    if at < 0:
        return None
    lines[line - 1] = raw[:at] + new + raw[at + len(old):]
    return "\n".join(lines)


def changed_amount(raw: str) -> str:
    """A printed amount changed beyond any rounding: +10% and one unit of its last digit, same format."""
    number = raw.replace(",", "")
    places = len(number.split(".")[1]) if "." in number else 0
    value = Decimal(number)
    quantum = Decimal(1).scaleb(-places)
    new = (value * Decimal("1.1") + quantum * 7).quantize(quantum)
    text = f"{new:,.{places}f}" if "," in raw else f"{new:.{places}f}"
    return text


def read_cells(clean: Clean, totals: bool) -> list[Plant]:
    """Table figures the audit reads (cited by a finding), of total rows or of the other rows."""
    cited = {(c.line, c.column) for f in clean.findings for c in f.citations}
    plants = []
    for table in clean.doc.tables:
        for row in table.rows:
            if row.is_total != totals:
                continue
            for cell in row.cells:
                if cell.value is None or (row.source.line, cell.column) not in cited or not cell.raw.strip():
                    continue
                fields = clean.text.split("\n")[row.source.line - 1].split("\t")
                index = next((i for i, f in enumerate(fields) if f.strip() == cell.raw.strip()), None)
                if index is None:
                    continue
                fields[index] = fields[index].replace(cell.raw.strip(), changed_amount(cell.raw.strip()))
                lines = clean.text.split("\n")
                lines[row.source.line - 1] = "\t".join(fields)
                plants.append(Plant("", clean.name, (row.source.line,) * 2,
                                    f"{table.title}「{row.label}」{cell.column} {cell.raw} → {fields[index]}",
                                    "\n".join(lines)))
    return plants


def plant_figures(clean: Clean) -> list[Plant]:
    return read_cells(clean, totals=False)


def plant_totals(clean: Clean) -> list[Plant]:
    return read_cells(clean, totals=True)


def plant_prose_amounts(clean: Clean) -> list[Plant]:
    """Amounts the prose states that the audit compares with the tables."""
    plants = []
    for f in clean.findings:
        if f.check != "narrative_amount" or f.status == DISCREPANCY:
            continue
        stated = next((c for c in f.citations if c.column == "情况说明"), None)
        if stated is None:
            continue
        for m in AMOUNT.finditer(stated.text):
            if Decimal(m.group(1).replace(",", "")) == f.actual:
                text = replace_line(clean.text, stated.line, m.group(1), changed_amount(m.group(1)), m.start())
                plants.append(Plant("", clean.name, (stated.line,) * 2,
                                    f"说明「{m.group(0)}」改为 {changed_amount(m.group(1))}", text))
                break
    return plants


def plant_comparisons(clean: Clean) -> list[Plant]:
    """Each comparison word the prose prints with both its figures, turned to the opposite."""
    plants = []
    for c in find_comparisons(clean.doc):
        if c.offset < 0:
            continue
        new = FLIP_WORDS.get(c.word) if c.by_year else FLIPS[RELATIONS[c.word]]
        if c.by_year and new is None:
            new = FLIPS[RELATIONS[c.word]]
        text = replace_line(clean.text, c.line, c.word, new, c.offset)
        plants.append(Plant("", clean.name, (c.line,) * 2, f"「{c.word}」→「{new}」", text))
    return plants


def plant_heading_years(clean: Clean) -> list[Plant]:
    year = clean.doc.year
    plants = []
    for line, title in headings(clean.doc):
        if year and f"{year}" in title:
            text = replace_line(clean.text, line, str(year), str(year - 1))
            if text:
                plants.append(Plant("", clean.name, (line, line), f"标题「{title}」{year} → {year - 1}", text))
    return plants


def plant_as_of_years(clean: Clean) -> list[Plant]:
    doc = clean.doc
    if not doc.year:
        return []
    wrong = doc.year + min(AS_OF_YEARS.get(doc.kind, (0,))) - 1
    plants = []
    for number, raw in enumerate(clean.text.split("\n"), 1):
        for m in AS_OF.finditer(raw):
            text = replace_line(clean.text, number, m.group(1), str(wrong), m.start(1))
            plants.append(Plant("", clean.name, (number,) * 2, f"「{m.group(0)}」→ {wrong}年", text))
    return plants


def plant_period_years(clean: Clean) -> list[Plant]:
    """"N年度" naming the document's own period (not after 与/比/较), turned to the year before."""
    doc = clean.doc
    prose = {n for p in doc.paragraphs for n in range(p.source.line, p.line_end + 1)}
    plants = []
    for number, raw in enumerate(clean.text.split("\n"), 1):
        if number not in prose or not doc.year or raw.startswith("#"):  # the extraction's header is no claim
            continue
        for m in PERIOD.finditer(raw):
            if m.group(0).endswith("度") and int(m.group(1)) == doc.year and not BASE_BEFORE.search(raw[:m.start()]) \
                    and m.start() > 0:
                text = replace_line(clean.text, number, m.group(1), str(doc.year - 1), m.start(1))
                plants.append(Plant("", clean.name, (number,) * 2, f"「{m.group(0)}」→ {doc.year - 1}年度", text))
    return plants


def department_in_headings(clean: Clean) -> list[tuple[int, str]]:
    """(line, the department's name as printed there) for headings that print it whole."""
    department = clean.doc.department
    sites = []
    for line, title in headings(clean.doc):
        raw = clean.text.split("\n")[line - 1]
        if department and department in raw:
            sites.append((line, department))
    return sites


def placeholder_for(department: str) -> str:
    """The name as a template leaves it: its place kept, its own words XX (上海市普陀区XX局)."""
    m = re.match(r"^(.{2,}?[省市])?(.{1,4}?[区县])?(.*?)(" + ORGAN + r")?$", department)
    place = (m.group(1) or "") + (m.group(2) or "")
    return place + "XX" + (m.group(4) or "")


def plant_placeholders(clean: Clean) -> list[Plant]:
    new = placeholder_for(clean.doc.department)
    return [Plant("", clean.name, (line, line), f"第{line}行「{name}」→「{new}」",
                  replace_line(clean.text, line, name, new)) for line, name in department_in_headings(clean)]


def plant_other_names(clean: Clean) -> list[Plant]:
    own = compact(clean.doc.department)
    other = next((d for d in clean.others if not (compact(d).startswith(own) or own.startswith(compact(d)))), None)
    if other is None:
        return []
    return [Plant("", clean.name, (line, line), f"第{line}行「{name}」→「{other}」",
                  replace_line(clean.text, line, name, other)) for line, name in department_in_headings(clean)]


def plant_blank_tables(clean: Clean) -> list[Plant]:
    """Every figure of a table with figures left blank (not one whose note says it has none)."""
    plants = []
    for table in clean.doc.tables:
        if table.empty or table.says_no_data:  # blank is what its note says: no error
            continue
        lines = clean.text.split("\n")
        for row in table.rows:
            raws = {c.raw.strip() for c in row.cells if c.value is not None and c.raw.strip()}
            lines[row.source.line - 1] = "\t".join("" if f.strip() in raws else f
                                                    for f in lines[row.source.line - 1].split("\t"))
        plants.append(Plant("", clean.name, (table.line_start, table.line_end), f"「{table.title}」全表留空",
                            "\n".join(lines)))
    return plants


def plant_dropped_tables(clean: Clean) -> list[Plant]:
    plants = []
    for table in clean.doc.tables:
        if not table.rows:  # a heading the parser took for a table title: no table to drop
            continue
        lines = clean.text.split("\n")
        del lines[table.line_start - 1:table.line_end]
        plants.append(Plant("", clean.name, (table.line_start, table.line_end), f"删去「{table.title}」",
                            "\n".join(lines), shifts=True))
    return plants


PLANTERS: dict[str, Planter] = {
    "figure": plant_figures,
    "total": plant_totals,
    "prose_amount": plant_prose_amounts,
    "comparison": plant_comparisons,
    "year_heading": plant_heading_years,
    "year_as_of": plant_as_of_years,
    "year_period": plant_period_years,
    "name_placeholder": plant_placeholders,
    "name_other_department": plant_other_names,
    "blank_table": plant_blank_tables,
    "drop_table": plant_dropped_tables,
}


# ------------------------------------------------------------------------------------------ report


def render(result: dict) -> str:
    lines = [f"documents: {', '.join(result['documents'])}; seed {result['seed']}, up to {result['per_kind']} "
             "plants of each kind per document", "", "| kind | planted | found | recall |", "|---|---|---|---|"]
    for kind, row in result["kinds"].items():
        lines.append(f"| {kind} | {row['planted']} | {row['found']} | {row['recall']} |")
    lines += ["", "discrepancies on the clean documents (by kind), and the printed table figures the audit reads:"]
    for name, kinds in result["clean_discrepancies"].items():
        read = result["figures_read"][name]
        lines.append(f"  {name}: " + ("; ".join(f"{k} {len(v)}" for k, v in kinds.items()) or "none")
                     + f" — figures read {read['read']}/{read['printed']}")
    if result["misses"]:
        lines += ["", "missed plants:"]
        lines += [f"  [{m['kind']}] {m['doc']} 第{m['lines'][0]}行: {m['what']}" for m in result["misses"]]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
