"""Validates eval/gold.jsonl and eval/gold_reworded.jsonl against the source text of the documents they cite
(see eval/GOLD.md). The whole-file minimums and table coverage apply to eval/gold.jsonl; the per-question checks
run over both files; ids and questions are unique across them and eval/gold_dev.jsonl.

Fast and self-contained: standard library only (json, decimal, pathlib, re, unicodedata).
"""
from __future__ import annotations

import json
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "eval" / "gold.jsonl"
GOLD_REWORDED = ROOT / "eval" / "gold_reworded.jsonl"  # seed questions asked in other words
GOLD_DEV = ROOT / "eval" / "gold_dev.jsonl"  # validated by test_gold_dev.py; here only for unique ids/questions
MANIFEST = ROOT / "corpus" / "manifest.json"

CATEGORIES = (
    "lookup", "total", "difference", "share", "change", "ranking", "count", "list",
    "form", "narrative", "glossary", "organisation", "blank", "refusal",
)
MINIMUMS = {
    "lookup": 65, "total": 18, "difference": 10, "share": 10, "change": 8, "ranking": 8, "count": 6,
    "list": 6, "form": 22, "narrative": 10, "glossary": 6, "organisation": 4, "blank": 5, "refusal": 18,
}
MIN_TOTAL = 220
REQUIRED = ("id", "doc", "question", "category", "expected", "source", "computation")
VALUE = re.compile(r"^-?\d+(\.\d+)?$")
# factors that may appear in a computation without being cited: percent and 万元<->元
CONSTANTS = ("100", "10000")


# ---------------------------------------------------------------- loading

def load_gold(path: Path) -> list[dict]:
    """The entries of a gold JSONL file; a line that is not JSON fails naming the file and line."""
    entries = []
    for n, text in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if not text.strip():
            continue
        try:
            entries.append(json.loads(text))
        except json.JSONDecodeError as exc:  # pragma: no cover - reported as a failure
            raise AssertionError(f"{path.name} line {n}: not JSON: {exc}") from exc
    return entries


def _load_docs() -> dict[str, list[str]]:
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    docs = {}
    for doc in manifest["documents"]:
        path = MANIFEST.parent / doc["source"]
        docs[doc["id"]] = path.read_text(encoding="utf-8-sig").split("\n")
    return docs


ENTRIES = load_gold(GOLD)
REWORDED = load_gold(GOLD_REWORDED)
DOCS = _load_docs()
# every entry the per-question checks run over, labelled with its file
CHECKED = [pytest.param(e, id=f"{path.stem}:{e.get('id', f'#{i}')}")
           for path, entries in ((GOLD, ENTRIES), (GOLD_REWORDED, REWORDED)) for i, e in enumerate(entries)]


def compact(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def printed_forms(value: str) -> set[str]:
    """A value as it may be printed: raw, and with thousands separators."""
    d = Decimal(value)
    places = max(0, -d.as_tuple().exponent)
    return {value, f"{d:,.{places}f}"}


def occurs(value: str, text: str) -> bool:
    """`value` printed in `text` as a whole number (not part of a longer figure)."""
    for form in printed_forms(value):
        if re.search(r"(?<![\d.,])" + re.escape(form) + r"(?![\d]|[.,]\d)", text):
            return True
    return False


# ---------------------------------------------------------------- document structure

def _tables(lines: list[str]) -> dict[str, tuple[int, int]]:
    """Table title (without the 'YYYY年' prefix) -> (title line, last line), 1-based."""
    starts = []
    for n, text in enumerate(lines, 1):
        m = re.fullmatch(r"\d{4}年(.+?表(（[^）]*）)?)", text.strip())
        if m and "..." not in text and "…" not in text:
            starts.append((n, m.group(1)))
    end_of_tables = next(
        (n for n, t in enumerate(lines, 1) if t.strip().startswith("第三部分") and n > (starts[0][0] if starts else 0)),
        len(lines),
    )
    spans = {}
    for i, (n, title) in enumerate(starts):
        stop = starts[i + 1][0] - 1 if i + 1 < len(starts) else end_of_tables - 1
        spans[title] = (n, stop)
    return spans


def _forms(lines: list[str]) -> list[dict]:
    """Project performance forms: name, implementing unit, line span."""
    starts = [n for n, t in enumerate(lines, 1) if t.startswith("项目名称") and n + 1 <= len(lines)
              and "实施单位" in lines[n]]
    forms = []
    for i, n in enumerate(starts):
        name = re.sub(r"^项目名称", "", lines[n - 1]).strip()
        unit_cells = [c.strip() for c in lines[n].split("\t")]
        k = next(j for j, c in enumerate(unit_cells) if c.startswith("实施单位"))
        unit = next((c for c in unit_cells[k + 1:] if c), "")
        limit = starts[i + 1] - 1 if i + 1 < len(starts) else len(lines)
        # a form ends with its 填报日期 (sign-off) line
        end = next((m for m in range(n, limit + 1) if "填报日期" in lines[m - 1]), limit)
        forms.append({"name": name, "unit": unit, "start": n, "end": end})
    return forms


STRUCT = {doc: {"tables": _tables(lines), "forms": _forms(lines)} for doc, lines in DOCS.items()}


def _cited(entry: dict) -> list[dict]:
    """Every cited location: {'line', 'row'?, 'table'?, 'form'?, 'implementing_unit'?, 'value'?}."""
    src = entry["source"]
    out = []
    inherit = {k: src[k] for k in ("table", "form", "implementing_unit") if k in src}
    if "line" in src:
        out.append({**inherit, **{k: src[k] for k in ("line", "row", "cell") if k in src}})
    for row in src.get("rows", []):
        loc = dict(inherit)
        if "table" in row or "form" in row:  # a row from another table or form
            loc = {k: row[k] for k in ("table", "form", "implementing_unit") if k in row}
        loc.update({k: row[k] for k in ("line", "row", "value") if k in row})
        out.append(loc)
    return out


def _line(entry: dict, n: int) -> str:
    return DOCS[entry["doc"]][n - 1]


# ---------------------------------------------------------------- computation

def evaluate(expr: str) -> Decimal:
    """+ - * / and parentheses over decimal literals, exact (Decimal)."""
    tokens = re.findall(r"\d+(?:\.\d+)?|[-+*/()]", expr)
    if "".join(tokens) != re.sub(r"\s+", "", expr):
        raise ValueError(f"unexpected characters in {expr!r}")
    pos = 0

    def peek():
        return tokens[pos] if pos < len(tokens) else None

    def take():
        nonlocal pos
        pos += 1
        return tokens[pos - 1]

    def atom():
        t = take()
        if t == "(":
            v = expression()
            if take() != ")":
                raise ValueError(expr)
            return v
        if t == "-":
            return -atom()
        return Decimal(t)

    def term():
        v = atom()
        while peek() in ("*", "/"):
            op, r = take(), atom()
            v = v * r if op == "*" else v / r
        return v

    def expression():
        v = term()
        while peek() in ("+", "-"):
            op, r = take(), term()
            v = v + r if op == "+" else v - r
        return v

    value = expression()
    if pos != len(tokens):
        raise ValueError(expr)
    return value


def components(expr: str) -> list[str]:
    """The figures of an expression, without the constant factors *100, /100, *10000."""
    out = []
    for m in re.finditer(r"\d+(?:\.\d+)?", expr):
        before = expr[: m.start()].rstrip()
        if m.group() in CONSTANTS and before.endswith(("*", "/")):
            continue
        out.append(m.group())
    return out


def round_like(value: Decimal, like: str) -> Decimal:
    places = max(0, -Decimal(like).as_tuple().exponent)
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------- whole-file tests

def test_file_not_empty_and_total_count():
    assert len(ENTRIES) >= MIN_TOTAL


def check_ids(entries: list[dict]) -> None:
    """Ids are unique and read '<category>-NNN'."""
    ids = [e.get("id") for e in entries]
    dupes = {i for i in ids if ids.count(i) > 1}
    assert not dupes, f"duplicate ids: {sorted(dupes)}"
    for e in entries:
        assert re.fullmatch(rf"{re.escape(e.get('category', ''))}-\d{{3}}", e.get("id", "")), e.get("id")


def _all_files() -> list[dict]:
    """The entries of every gold file: eval/questions.load_gold loads them together."""
    return ENTRIES + REWORDED + load_gold(GOLD_DEV)


def test_ids_unique_and_well_formed():
    check_ids(_all_files())


def test_questions_unique():
    seen = {}
    for e in _all_files():
        key = compact(e["question"])
        assert key not in seen, f"{e['id']} repeats the question of {seen[key]}"
        seen[key] = e["id"]


@pytest.mark.parametrize("category", CATEGORIES)
def test_category_minimums(category):
    n = sum(1 for e in ENTRIES if e.get("category") == category)
    assert n >= MINIMUMS[category], f"{category}: {n} < {MINIMUMS[category]}"


def test_every_table_is_covered():
    """Every table of every cited document is cited by at least one question."""
    for doc, struct in STRUCT.items():
        cited = set()
        for e in ENTRIES:
            if e["doc"] != doc:
                continue
            cited.update(loc["table"] for loc in _cited(e) if "table" in loc)
            if "table" in e["source"]:
                cited.add(e["source"]["table"])
        missing = set(struct["tables"]) - cited
        assert not missing, f"{doc}: tables without a question: {sorted(missing)}"


# ---------------------------------------------------------------- per-question tests

@pytest.mark.parametrize("e", CHECKED)
def test_entry(e):
    for key in REQUIRED:
        assert key in e, f"missing field {key}"
    assert e["category"] in CATEGORIES
    assert e["doc"] in DOCS, f"unknown doc {e['doc']}"
    assert isinstance(e["question"], str) and e["question"].strip()
    assert isinstance(e["expected"], dict) and isinstance(e["source"], dict)
    assert e["computation"] is None or isinstance(e["computation"], str)
    lines = DOCS[e["doc"]]
    exp, src = e["expected"], e["source"]

    # --- refusals: nothing to find, a reason to give
    if e["category"] == "refusal":
        assert exp == {"refused": True}
        assert src.get("reason", "").strip(), "a refusal needs source.reason"
        if "line" in src:
            assert 1 <= src["line"] <= len(lines)
        assert e["computation"] is None
        return
    assert not exp.get("refused"), "only refusal questions may expect a refusal"

    # --- every cited line exists, sits in its table / form, and shows its row label
    cited = _cited(e)
    assert cited, "source cites no line"
    assert any(k in src for k in ("table", "form", "section")) or all(
        "table" in c or "form" in c for c in cited), "source needs a table, form or section"
    tables = STRUCT[e["doc"]]["tables"]
    forms = STRUCT[e["doc"]]["forms"]
    for loc in cited:
        n = loc["line"]
        assert isinstance(n, int) and 1 <= n <= len(lines), f"line {n} out of range"
        text = lines[n - 1]
        if "table" in loc:
            assert loc["table"] in tables, f"unknown table {loc['table']!r}"
            first, last = tables[loc["table"]]
            assert first < n <= last, f"line {n} is outside table {loc['table']} ({first}-{last})"
        if "form" in loc:
            blocks = [f for f in forms if compact(loc["form"]) == compact(f["name"])
                      and ("implementing_unit" not in loc or compact(loc["implementing_unit"]) == compact(f["unit"]))]
            assert blocks, f"no form {loc['form']!r} / {loc.get('implementing_unit')!r}"
            assert any(f["start"] <= n <= f["end"] for f in blocks), f"line {n} is outside form {loc['form']!r}"
        if "row" in loc and ("table" in loc or "value" not in loc):
            if "form" not in loc:
                assert compact(loc["row"]) in compact(text), f"row {loc['row']!r} not on line {n}: {text!r}"
        if "value" in loc:
            assert VALUE.match(loc["value"]), loc["value"]
            assert occurs(loc["value"], text), f"{loc['value']} not on line {n}: {text!r}"
    cited_text = "\n".join(lines[c["line"] - 1] for c in cited)
    # a form's name and implementing unit are printed at its head, not on the cited line
    keyword_text = cited_text + "\n" + "\n".join(
        c.get("form", "") + c.get("implementing_unit", "") for c in cited)

    # --- blank cells
    if e["category"] == "blank":
        assert exp.get("blank") is True and exp.get("values") == [], "blank expects {'values': [], 'blank': true}"
        text = lines[src["line"] - 1]
        if "cell" in src:
            cells = text.split("\t")
            assert src["cell"] < len(cells) and not cells[src["cell"]].strip(), f"cell {src['cell']} of line {src['line']} is not blank: {text!r}"
        else:
            assert "无数据" in text, f"line {src['line']} is not a no-data note: {text!r}"
        return
    assert not exp.get("blank"), "only blank questions may expect a blank"

    values = exp.get("values", [])
    keywords = exp.get("keywords", [])
    assert values or keywords, "expected needs values and/or keywords"
    for v in values:
        assert isinstance(v, str) and VALUE.match(v), f"value {v!r} is not a plain decimal string"
    if values:
        assert isinstance(exp.get("unit"), str) and exp["unit"], "values need a unit"

    # --- keywords: each one is in a cited line
    for k in keywords:
        assert compact(k) in compact(keyword_text), f"keyword {k!r} is in no cited line"

    comp = e["computation"]
    if e["category"] == "lookup":
        assert "line" in src and len(values) == 1, "a lookup cites one line and one value"
        assert occurs(values[0], lines[src["line"] - 1]), f"{values[0]} not printed on line {src['line']}"
    if comp is None:
        if e["category"] == "ranking":
            rows = src["rows"]
            order = src.get("order")
            assert order in ("asc", "desc"), "a ranking needs source.order asc|desc"
            ranked = sorted((Decimal(r["value"]) for r in rows), reverse=order == "desc")
            assert [Decimal(v) for v in values] == ranked[: len(values)], f"not the top {len(values)} of the cited rows"
        else:
            for v in values:
                assert occurs(v, cited_text), f"{v} is printed on no cited line"
        return

    # --- derived values
    for c in components(check_computation(comp, values, src)):
        assert occurs(c, cited_text), f"component {c} is printed on no cited line"


def check_computation(comp: str, values: list[str], src: dict) -> str:
    """`count(source.rows)=N` counts the cited rows; `expression=result` evaluates to the result, which is
    values[0]. Returns the expression ('' for a count), whose components the caller looks for."""
    if comp.startswith("count("):
        m = re.fullmatch(r"count\(source\.rows\)=(\d+)", comp)
        assert m, comp
        assert int(m.group(1)) == len(src["rows"]) and values == [m.group(1)]
        return ""
    lhs, _, rhs = comp.rpartition("=")
    assert lhs and VALUE.match(rhs), f"computation must read 'expression=result': {comp!r}"
    try:
        result = evaluate(lhs)
    except (ValueError, InvalidOperation, IndexError, ZeroDivisionError) as exc:
        raise AssertionError(f"cannot evaluate {lhs!r}: {exc}") from exc
    assert round_like(result, rhs) == Decimal(rhs), f"{lhs} = {result}, not {rhs}"
    assert values and Decimal(values[0]) == Decimal(rhs) and values[0] == rhs, f"values[0] must be the result {rhs}"
    return lhs


def test_evaluate_and_components():
    assert evaluate("1003.87+383.61") == Decimal("1387.48")
    assert round_like(evaluate("69574.59/108057.24*100"), "64.39") == Decimal("64.39")
    assert evaluate("2672300-257.23*10000") == Decimal("100000.00")
    assert components("3149.06/18643.77*100") == ["3149.06", "18643.77"]
    assert components("100.00+10000") == ["100.00", "10000"]
    assert occurs("3149.06", "交警支队\t3,149.06\t3,149.06")
    assert occurs("120", "政府采购工程预算120万元")
    assert not occurs("5.73", "55.73")
    assert not occurs("120.00", "1,120.00")
