"""`qa bench` measures warm latency with documents loaded beside the corpus (issue 24's latency bar is with every
development and wide document loaded): each document prepared first, then every question of the gold files."""
import json
import shutil
from pathlib import Path

from qa.__main__ import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pdf"


def test_bench_loads_folders_beside_the_corpus_and_reads_every_gold_file(tmp_path, capsys):
    shutil.copy(FIXTURES / "sample_budget.pdf", tmp_path / "sample_budget.pdf")
    golds = []
    for name, question in (("a.jsonl", "公务接待费是多少？"), ("b.jsonl", "基本支出是多少？")):
        (tmp_path / name).write_text(json.dumps({"question": question}, ensure_ascii=False) + "\n", encoding="utf-8")
        golds.append(str(tmp_path / name))
    assert main(["bench", "--no-retrieval", "--rounds", "1", "--also", str(tmp_path), "--pdf", "--gold", *golds]) == 0
    out = capsys.readouterr().out
    assert "2 documents prepared" in out  # the seed and the PDF beside it
    assert "questions 2 x 1:" in out
