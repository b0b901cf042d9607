"""Validates eval/gold_dev.jsonl, the gold questions about the development documents (see eval/GOLD.md).

The documents are not part of the project: they are read from ../shared/corpus-dev/ (ids = file stems).
The structural checks (ids, categories, required fields, the shape of `expected`, the arithmetic of
`computation`) always run; the checks against the source text are skipped when that folder is absent.

Differences from the seed's layout that this validator knows about:
- table titles have no year prefix in the 决算 (the year is on its own line), and the 2024 三公 table of
  万里街道 has none either; a title is the line just above the table's `单位：元/万元` line;
- the 决算's 三公 title lost its quotes in extraction (`财政拨款 三公 经费支出决算表`): titles are
  compared without quotes or white space;
- prose is wrapped, so a keyword may run over two cited lines (they are joined before matching);
- a cross-year question (e.g. 万里街道 2025 vs 2024) cites rows of both documents: such a row names its
  own `doc` (and `table`).
"""
from __future__ import annotations

import os
import re
from decimal import Decimal
from pathlib import Path

import pytest

from tests.eval.test_gold import CATEGORIES, REQUIRED, VALUE, check_computation, check_ids, compact, components, load_gold, occurs
from tests.eval.test_gold import ENTRIES as SEED_ENTRIES

ROOT = Path(__file__).resolve().parents[2]
# A candidate file can be validated before it is merged: BUDGET_QA_GOLD_DEV_FILE=/tmp/candidate.jsonl pytest …
GOLD_DEV = Path(os.environ.get("BUDGET_QA_GOLD_DEV_FILE") or ROOT / "eval" / "gold_dev.jsonl")
DEV = ROOT.parent / "shared" / "corpus-dev"
DOC_IDS = ("sh_putuo_wanli_2024_budget", "sh_putuo_wanli_2025_budget", "sh_putuo_czj_2024_final",
           "sh_putuo_sfj_2026_budget", "sh_putuo_ghj_2024_final")
WANLI = ("sh_putuo_wanli_2024_budget", "sh_putuo_wanli_2025_budget")
needs_dev = pytest.mark.skipif(not DEV.exists(), reason="../shared/corpus-dev is absent")

MIN_TOTAL = 90
MIN_PER_DOC = 25
MINIMUMS = {  # the categories the development set must exercise
    "lookup": 25, "total": 3, "difference": 4, "share": 5, "change": 10, "ranking": 3, "count": 3,
    "list": 3, "glossary": 3, "narrative": 4, "blank": 6, "refusal": 8,
}


# ---------------------------------------------------------------- loading

ENTRIES = load_gold(GOLD_DEV)
IDS = [e.get("id", f"#{i}") for i, e in enumerate(ENTRIES)]


def _docs() -> dict[str, list[str]]:
    if not DEV.exists():
        return {}
    return {d: (DEV / f"{d}.txt").read_text(encoding="utf-8-sig").split("\n") for d in DOC_IDS}


DOCS = _docs()

# ---------------------------------------------------------------- document structure

UNIT_LINE = re.compile(r"单位[：:]\s*万?元")
TITLE = re.compile(r"(?:\d{4}年)?(.{2,40}?表)")


def title_key(title: str) -> str:
    """A table title compared without white space and quotes (extraction moves the quotes of “三公”)."""
    return re.sub(r"[“”\"‘’']", "", compact(title))


def tables(lines: list[str]) -> dict[str, tuple[int, int]]:
    """title_key(title) -> (title line, last line), 1-based.

    A title is the nearest non-tab line up to three lines above a `单位：元` / `单位：万元` line that reads
    `[YYYY年]…表`. A table runs to the next title, or to the first prose line (no tab, not a 注 note)."""
    starts = []
    for n, text in enumerate(lines, 1):
        if not UNIT_LINE.search(text):
            continue
        for m in range(n - 1, max(0, n - 4), -1):
            cand = lines[m - 1].strip()
            if not cand or "\t" in lines[m - 1]:
                continue
            found = TITLE.fullmatch(cand)
            if found and "…" not in cand and "..." not in cand:
                starts.append((m, found.group(1)))
                break
    spans = {}
    for i, (m, title) in enumerate(starts):
        stop = starts[i + 1][0] - 1 if i + 1 < len(starts) else len(lines)
        for k in range(m + 2, stop + 1):
            raw = lines[k - 1]
            text = raw.strip()
            if (text and "\t" not in raw and not text.startswith("注") and not UNIT_LINE.search(text)
                    and not re.fullmatch(r"[“”\" ]+", text)):
                stop = k - 1
                break
        spans[title_key(title)] = (m, stop)
    return spans


TABLES = {doc: tables(lines) for doc, lines in DOCS.items()}


def cited(entry: dict) -> list[dict]:
    """Every cited location: {'doc', 'line', 'row'?, 'table'?, 'value'?, 'cell'?}. A row of another
    document names its `doc`; it inherits the question's table only when it is in the same document."""
    src = entry["source"]
    out = []
    if "line" in src:
        loc = {"doc": entry["doc"], **{k: src[k] for k in ("table", "line", "row", "cell") if k in src}}
        out.append(loc)
    for row in src.get("rows", []):
        doc = row.get("doc", entry["doc"])
        loc = {"doc": doc}
        if "table" in row:
            loc["table"] = row["table"]
        elif "table" in src and doc == entry["doc"]:
            loc["table"] = src["table"]
        loc.update({k: row[k] for k in ("line", "row", "value") if k in row})
        out.append(loc)
    return out


# ---------------------------------------------------------------- whole-file checks (always run)

def test_size_and_documents():
    assert len(ENTRIES) >= MIN_TOTAL
    for doc in DOC_IDS:
        n = sum(1 for e in ENTRIES if e.get("doc") == doc)
        assert n >= MIN_PER_DOC, f"{doc}: {n} questions < {MIN_PER_DOC}"


def test_ids_unique_well_formed_and_apart_from_the_seed():
    check_ids(ENTRIES)
    ids = [e.get("id") for e in ENTRIES]
    # eval/questions.load_gold loads several gold files together and wants ids unique across them
    clash = set(ids) & {e.get("id") for e in SEED_ENTRIES}
    assert not clash, f"ids also used in eval/gold.jsonl: {sorted(clash)}"


def test_questions_unique():
    seen = {compact(e["question"]): e["id"] for e in SEED_ENTRIES}
    for e in ENTRIES:
        key = compact(e["question"])
        assert key not in seen, f"{e['id']} repeats the question of {seen[key]}"
        seen[key] = e["id"]


@pytest.mark.parametrize("category", sorted(MINIMUMS))
def test_category_minimums(category):
    n = sum(1 for e in ENTRIES if e.get("category") == category)
    assert n >= MINIMUMS[category], f"{category}: {n} < {MINIMUMS[category]}"


def test_cross_year_questions_cite_both_wanli_documents():
    cross = [e for e in ENTRIES if e["category"] == "change"
             and {r.get("doc") for r in e["source"].get("rows", [])} >= set(WANLI)]
    assert len(cross) >= 3
    for e in cross:
        assert e["doc"] == "sh_putuo_wanli_2025_budget", e["id"]
        assert all("doc" in r for r in e["source"]["rows"]), f"{e['id']}: every row names its doc"


def test_every_document_has_refusals_and_blanks():
    for doc in DOC_IDS:
        for category in ("refusal", "blank", "lookup", "change"):
            assert any(e["doc"] == doc and e["category"] == category for e in ENTRIES), f"{doc}: no {category}"


@pytest.mark.parametrize("e", ENTRIES, ids=IDS)
def test_entry_structure(e):
    for key in REQUIRED:
        assert key in e, f"missing field {key}"
    assert e["category"] in CATEGORIES, e["category"]
    assert e["doc"] in DOC_IDS, f"unknown doc {e['doc']}"
    assert isinstance(e["question"], str) and e["question"].strip()
    assert isinstance(e["expected"], dict) and isinstance(e["source"], dict)
    assert e["computation"] is None or isinstance(e["computation"], str)
    assert "note" not in e or isinstance(e["note"], str)
    exp, src = e["expected"], e["source"]
    for row in src.get("rows", []):
        assert isinstance(row.get("line"), int), f"row without a line: {row}"
        assert row.get("doc", e["doc"]) in DOC_IDS, f"unknown doc {row.get('doc')}"
        assert "value" not in row or VALUE.match(row["value"]), row

    if e["category"] == "refusal":
        assert exp == {"refused": True}
        assert src.get("reason", "").strip(), "a refusal needs source.reason"
        assert e["computation"] is None
        return
    assert not exp.get("refused"), "only refusal questions may expect a refusal"
    assert "line" in src or src.get("rows"), "source cites no line"
    assert any(k in src for k in ("table", "section")) or all(
        "table" in r for r in src.get("rows", [])), "source needs a table or section"

    if e["category"] == "blank":
        assert exp == {"values": [], "blank": True}, "blank expects {'values': [], 'blank': true}"
        assert "line" in src and e["computation"] is None
        return
    assert not exp.get("blank"), "only blank questions may expect a blank"

    values, keywords = exp.get("values", []), exp.get("keywords", [])
    assert values or keywords, "expected needs values and/or keywords"
    for v in values:
        assert isinstance(v, str) and VALUE.match(v), f"value {v!r} is not a plain decimal string"
    if values:
        assert isinstance(exp.get("unit"), str) and exp["unit"], "values need a unit"
    if e["category"] == "lookup":
        assert "line" in src and "table" in src and len(values) == 1, "a lookup cites one table line and one value"
    if e["category"] == "ranking":
        assert src.get("order") in ("asc", "desc"), "a ranking needs source.order asc|desc"
        ranked = sorted((Decimal(r["value"]) for r in src["rows"]), reverse=src["order"] == "desc")
        assert [Decimal(v) for v in values] == ranked[: len(values)], f"not the top {len(values)} of the cited rows"
        assert len(keywords) == len(values), "a ranking names each ranked row"

    comp = e["computation"]
    if comp is None:
        return
    check_computation(comp, values, src)


# ---------------------------------------------------------------- checks against the documents

@needs_dev
def test_table_detection():
    for doc in DOC_IDS:
        assert len(TABLES[doc]) == 9, f"{doc}: {sorted(TABLES[doc])}"
    assert title_key("财政拨款“三公”经费支出决算表") in TABLES["sh_putuo_czj_2024_final"]
    assert TABLES["sh_putuo_wanli_2024_budget"][title_key("部门“三公”经费和机关运行经费预算表")] == (517, 526)


@needs_dev
def test_every_table_is_covered():
    for doc in DOC_IDS:
        seen = set()
        for e in ENTRIES:
            seen.update(title_key(loc["table"]) for loc in cited(e) if "table" in loc and loc["doc"] == doc)
        missing = set(TABLES[doc]) - seen
        assert not missing, f"{doc}: tables without a question: {sorted(missing)}"


@needs_dev
@pytest.mark.parametrize("e", ENTRIES, ids=IDS)
def test_entry_against_source(e):
    src, exp = e["source"], e["expected"]
    if e["category"] == "refusal":
        if "line" in src:
            assert 1 <= src["line"] <= len(DOCS[e["doc"]])
        return
    locs = cited(e)
    texts = []
    for loc in locs:
        lines, n = DOCS[loc["doc"]], loc["line"]
        assert isinstance(n, int) and 1 <= n <= len(lines), f"{loc['doc']} line {n} out of range"
        text = lines[n - 1]
        texts.append(text)
        if "table" in loc:
            key = title_key(loc["table"])
            assert key in TABLES[loc["doc"]], f"{loc['doc']}: unknown table {loc['table']!r}"
            first, last = TABLES[loc["doc"]][key]
            assert first < n <= last, f"line {n} is outside table {loc['table']} ({first}-{last})"
        if "row" in loc:
            assert compact(loc["row"]) in compact(text), f"row {loc['row']!r} not on line {n}: {text!r}"
        if "value" in loc:
            assert occurs(loc["value"], text), f"{loc['value']} not on {loc['doc']} line {n}: {text!r}"
    cited_text = "\n".join(texts)

    if e["category"] == "blank":
        text = DOCS[e["doc"]][src["line"] - 1]
        if "cell" in src:
            cells = text.split("\t")
            assert src["cell"] < len(cells) and not cells[src["cell"]].strip(), \
                f"cell {src['cell']} of line {src['line']} is not blank: {text!r}"
        else:
            assert "无数据" in text or "空表" in text, f"line {src['line']} is not a no-data note: {text!r}"
        return

    values = exp.get("values", [])
    for k in exp.get("keywords", []):  # prose is wrapped: a keyword may run over two cited lines
        assert compact(k) in compact(cited_text), f"keyword {k!r} is in no cited line"
    if e["category"] == "lookup":
        assert occurs(values[0], DOCS[e["doc"]][src["line"] - 1]), f"{values[0]} not printed on line {src['line']}"
    comp = e["computation"]
    if comp is None:
        if e["category"] != "ranking":
            for v in values:
                assert occurs(v, cited_text), f"{v} is printed on no cited line"
        return
    if comp.startswith("count("):
        return
    lhs = comp.rpartition("=")[0]
    for c in components(lhs):
        assert occurs(c, cited_text), f"component {c} is printed on no cited line"


def test_title_key_and_citations():
    assert title_key("财政拨款 三公 经费支出决算表") == title_key("财政拨款“三公”经费支出决算表")
    entry = {"doc": "a", "source": {"table": "t", "rows": [{"line": 1}, {"doc": "b", "line": 2}, {"doc": "b", "table": "u", "line": 3}]}}
    assert cited(entry) == [{"doc": "a", "table": "t", "line": 1}, {"doc": "b", "line": 2}, {"doc": "b", "table": "u", "line": 3}]
    lines = ["2024", "收入支出决算总表", "单位：万元", "", "项目\t决算数", "合计\t1.00", "", "注：本表无数据。", "", "说明",
             "2025年部门“三公”经费表", "编制部门：某 单位:万元", "1\t2"]
    assert tables(lines) == {"收入支出决算总表": (2, 9), title_key("部门“三公”经费表"): (11, 13)}
