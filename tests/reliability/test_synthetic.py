"""bench.synthetic: variants of the seed keep its arithmetic (every exact identity stays exact; what the seed
gets right only to rounding is off by the same factor), change only money, names and years, and a small
synthetic corpus indexes and searches (hashing embedder: no model). `python -m bench scale` runs end to
end at toy sizes (slow; `bench load`: test_web.py)."""
from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

import config
from bench.synthetic import SEED_DEPARTMENT, scale_line, variant_text, write_corpus
from corpus.parser import parse_text
from tests.reliability.conftest import PY, SEED_ID, no_traceback, run

SEED = (config.ROOT / "corpus" / "documents" / "datong_gaj_2023_budget.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_findings():
    from audit.checks import audit

    return audit(parse_text(SEED, "seed", SEED_DEPARTMENT, 2023, "预算"))


MONEY_CHECKS = {"parent_sum", "total_row", "column_sum", "cross_table", "narrative_amount", "narrative_reasons",
                "narrative_parts", "form_vs_table"}


@pytest.mark.parametrize("factor", [2, 7])
def test_a_variant_keeps_the_seeds_arithmetic(seed_findings, factor):
    from audit.checks import audit

    doc = parse_text(variant_text(SEED, "太原市财政局", factor), "v", "太原市财政局", 2023, "预算")
    findings = audit(doc)
    assert [f.check for f in findings] == [f.check for f in seed_findings]
    for seed, variant in zip(seed_findings, findings):
        if seed.status == "exact":
            assert variant.status == "exact", variant.expression
        if seed.check in MONEY_CHECKS:  # shares, growth rates and table counts do not scale
            assert (variant.expected, variant.actual) == (seed.expected * factor, seed.actual * factor), \
                (seed.expression, variant.expression)


def test_a_variant_changes_only_money_names_and_years():
    variant = variant_text(SEED, "太原市财政局", 3, year=2025)
    seed_lines, lines = SEED.split("\n"), variant.split("\n")
    assert len(lines) == len(seed_lines)
    assert SEED_DEPARTMENT not in variant and "太原市财政局交通警察支队" in variant
    assert not re.search(r"(?<!\d)2023(?!\d)", variant) and "2024年同口径" in variant  # 2022 → 2024
    for seed_line, line in zip(seed_lines, lines):
        # phone numbers, timestamps, subject codes, percentages and counts stay as they were
        for kept in re.findall(r"1[3-8]\d{9}|20\d{12}|(?<![\d.,])\d{3,7}(?![\d.,%]| ?万?元)|\d+\.\d+%|\d+辆|\d+人", seed_line):
            if not re.fullmatch(r"20(2[23])", kept):
                assert kept in line or kept.replace("2023", "2025").replace("2022", "2024") in line, (kept, line)
    assert "占64.39%" in variant and "公务接待费\t76.20\t76.20" in variant and "3626200" not in variant


def test_amount_formats():
    assert scale_line("合计\t\t108,057.24\t893.62\t", 3) == "合计\t\t324,171.72\t2,680.86\t"
    assert scale_line("比上年增加7479.15万元，增加7.44%", 2) == "比上年增加14958.30万元，增加7.44%"
    assert scale_line("实施期资金总额:\t500\t联系电话:\t13835219856\t按标准发放\t710元/月", 2) == \
        "实施期资金总额:\t1,000\t联系电话:\t13835219856\t按标准发放\t710元/月"
    assert scale_line("2040201\t行政运行\t-1,000.00", 2) == "2040201\t行政运行\t-2,000.00"
    with pytest.raises(ValueError):
        variant_text(SEED, "x", 1.5)  # a fraction would round each cell separately


def test_a_small_synthetic_corpus_indexes_and_searches(tmp_path):
    from corpus.registry import load_corpus
    from index.build import build_index
    from index.search import Retriever
    from index.store import HashingEmbeddings

    manifest = write_corpus(tmp_path / "corpus", 3, seed=5)
    ids = [d["id"] for d in manifest["documents"]]
    assert ids[0] == SEED_ID and len(set(ids)) == 3
    documents = load_corpus(tmp_path / "corpus")
    assert [d.id for d in documents] == ids and all(not d.warnings for d in documents)
    assert len({d.department for d in documents}) == 3
    built = build_index(corpus_dir=tmp_path / "corpus", data_dir=tmp_path / "data", embeddings=HashingEmbeddings(),
                        host="")
    # the variants' passages are the seed's but for the department and money: each is encoded once
    assert built.documents == 3 and built.chunks > 1200 and 0 < built.embedded < built.chunks / 3
    with Retriever.open(data_dir=tmp_path / "data", corpus_dir=tmp_path / "corpus", embeddings=HashingEmbeddings(),
                        host="") as retriever:
        for entry in manifest["documents"]:
            factor = entry.get("synthetic", {}).get("factor", 1)
            hits = retriever.search("公务接待费", k=5, doc_ids=[entry["id"]])
            row = next(h for h in hits if h.metadata.get("row_label") == "公务接待费")
            assert f"{Decimal('25.40') * factor:,.2f}" in row.text


def test_the_scale_target_compares_p95_with_the_one_document_figure():
    from bench.scale import targets

    rows = [{"documents": 1, "backend": "embedded", "p95_ms": 50.0, "scoped_p95_ms": 40.0},
            {"documents": 10, "backend": "embedded", "p95_ms": 70.0, "scoped_p95_ms": 45.0},
            {"documents": 100, "backend": "embedded", "p95_ms": 101.0, "scoped_p95_ms": 80.0},
            {"documents": 1000, "backend": "embedded", "p95_ms": 900.0, "scoped_p95_ms": 900.0},
            {"documents": 1, "backend": "server", "error": "did not start"},
            {"documents": 100, "backend": "server", "p95_ms": 1.0, "scoped_p95_ms": 1.0}]
    verdicts = targets(rows)
    assert len(verdicts) == 2  # the server has no 1-document figure to compare with
    assert "p95 at 100 documents 101.0 ms = 2.02 × the 1-document 50.0 ms → NOT met" in verdicts[0]
    assert "p95 at 100 documents 80.0 ms = 2.00 × the 1-document 40.0 ms → met" in verdicts[1]


@pytest.mark.slow
def test_bench_scale_runs_end_to_end(tmp_path):
    done = run([PY, "-m", "bench", "scale", "--sizes", "2", "--embedder", "hashing", "--repeat", "1", "--json",
                "--keep", str(tmp_path / "work")], timeout=300)
    no_traceback(done.stderr)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    (row,) = json.loads(done.stdout)["rows"]
    assert row["documents"] == 2 and row["build_ok"] and row["chunks"] > 800 and row["recall"].endswith("/20")
    assert row["build_peak_mb"] > 50 and row["disk_mb"] > 0 and 0 < row["p50_ms"] <= row["p95_ms"]
