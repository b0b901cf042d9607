"""bench.city and bench.synthetic.add_variants: a corpus of real documents and variants in their layouts, the
report's targets, and the app's resident memory (the whole run is `make bench-city`, long)."""
from __future__ import annotations

import json
import os

from bench.city import make_corpus, resident_mb, targets
from bench.synthetic import SEED_DEPARTMENT, add_variants, write_corpus
from corpus.registry import load_corpus


def test_variants_take_turns_over_the_sources_under_new_department_names(tmp_path):
    write_corpus(tmp_path, 2)  # the seed and one variant of it
    assert add_variants(tmp_path, 3) == 3
    documents = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))["documents"]
    sources = [d["synthetic"]["from"] for d in documents[2:]]
    assert sources == [documents[0]["id"], documents[1]["id"], documents[0]["id"]]
    departments = [d["department"] for d in documents]
    assert len(set(departments)) == 5
    first = (tmp_path / documents[2]["source"]).read_text(encoding="utf-8")
    assert SEED_DEPARTMENT not in first and documents[2]["department"] in first
    assert [d.department for d in load_corpus(tmp_path)] == departments  # each one parses


def test_make_corpus_loads_the_real_folders_then_fills_up_with_variants(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    seed = load_corpus()[0]
    (real / "other_2023_budget.txt").write_text("\n".join(seed.lines).replace(SEED_DEPARTMENT, "太原市财政局"),
                                                encoding="utf-8")
    (real / "broken.txt").write_text("no disclosure here", encoding="utf-8")
    origin = make_corpus(tmp_path / "corpus", 4, [real])
    assert origin == {"seed_and_real": 2, "refused": 1, "variants": 2}
    assert len(load_corpus(tmp_path / "corpus")) == 4


def test_targets_name_what_is_not_met():
    rows = [{"backend": "embedded", "question": {"p95_ms": 120.0, "peak_mb": 900},
             "clients": {"clients": 32, "p95_ms": 1500.0, "errors": 0, "vmhwm_mb": 5000}}]
    verdicts = targets(rows)
    assert "warm p95 120 ms → met" in verdicts[0]
    assert "32 clients p95 1500 ms, 0 errors → NOT met" in verdicts[1]
    assert "peak 5000 MB → NOT met" in verdicts[2]


def test_resident_memory_of_a_process():
    memory = resident_mb(os.getpid())
    assert 0 < memory["vmrss_mb"] <= memory["vmhwm_mb"]
