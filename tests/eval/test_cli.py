"""`python -m eval run` end to end with a fake pipeline: JSON keys, skipping, thresholds, exit codes."""
import json

import pytest

import eval.__main__ as cli
from tests.eval.fakes import DOC, FakePipeline, answer

KEYS = {"n", "accuracy", "wrong_figure_rate", "retrieval_recall_at_5", "latency_ms_p50", "latency_ms_p95",
        "by_category", "citation_accuracy", "refusal_precision", "refusal_recall", "check_coverage",
        "unit_errors", "baseline_recall_at_5"}
GOLD = [
    {"id": "lookup-001", "doc": DOC, "question": "交警支队？", "category": "lookup",
     "expected": {"values": ["3149.06"], "unit": "万元"}, "source": {"line": 434}, "computation": None},
    {"id": "lookup-002", "doc": DOC, "question": "平城分局？", "category": "lookup",
     "expected": {"values": ["2233.99"], "unit": "万元"}, "source": {"line": 426}, "computation": None},
    {"id": "lookup-003", "doc": "not-loaded", "question": "万里街道？", "category": "lookup",
     "expected": {"values": ["1"], "unit": "元"}, "source": {}, "computation": None},
]
ANSWERS = {"交警支队？": answer("3,149.06万元", [("3149.06", "万元")]),
           "平城分局？": answer("2,501.21万元", [("2501.21", "万元")])}


@pytest.fixture
def gold_file(tmp_path, monkeypatch):
    monkeypatch.setattr(cli.Pipeline, "load", classmethod(lambda cls, retrieval=True: FakePipeline(ANSWERS)))
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(g, ensure_ascii=False) for g in GOLD) + "\n", encoding="utf-8")
    return path


def run(gold_file, capsys, *options) -> tuple[int, str]:
    code = cli.main(["run", "--gold", str(gold_file), "--report", str(gold_file.parent / "reports"),
                     "--no-retrieval", *options])
    return code, capsys.readouterr().out


def test_json_summary_has_every_key(gold_file, capsys):
    code, out = run(gold_file, capsys, "--json")
    summary = json.loads(out)
    assert code == 0
    assert KEYS <= summary.keys()
    assert (summary["n"], summary["skipped"], summary["accuracy"], summary["wrong_figure_rate"]) == (2, 1, 0.5, 0.5)
    assert summary["by_category"] == {"lookup": {"n": 2, "accuracy": 0.5}}
    assert (gold_file.parent / "reports" / "report.md").exists()


def test_thresholds_set_the_exit_code(gold_file, capsys):
    assert run(gold_file, capsys, "--min-accuracy", "0.5")[0] == 0
    assert run(gold_file, capsys, "--min-accuracy", "0.95")[0] == 1
    assert run(gold_file, capsys, "--max-wrong-figure-rate", "0")[0] == 1


def test_unreadable_gold_is_exit_code_2(tmp_path, capsys):
    bad = tmp_path / "gold.jsonl"
    bad.write_text('{"id": "x"}\n', encoding="utf-8")
    assert cli.main(["run", "--gold", str(bad), "--no-retrieval"]) == 2
    assert "gold.jsonl:1" in capsys.readouterr().err


def test_documents_beside_the_corpus_from_their_text_or_their_pdf(tmp_path):
    import shutil
    from pathlib import Path

    from corpus.attachments import documents_in

    fixtures = Path(__file__).resolve().parents[1] / "fixtures" / "pdf"
    pdf = fixtures / "sample_budget.pdf"
    shutil.copy(pdf, tmp_path / pdf.name)
    (tmp_path / "notes.txt").write_text("不是公开文件", encoding="utf-8")
    from_pdf = documents_in([tmp_path], ".pdf")
    assert [d.id for d in from_pdf] == [pdf.stem] and from_pdf[0].tables
    assert documents_in([tmp_path]) == []  # the .txt is not a disclosure: reported and skipped
    assert documents_in([tmp_path / "absent"], ".pdf") == []


def test_per_document_gates_catch_a_weak_document_the_average_hides():
    from eval.__main__ import threshold_failures
    summary = {"n": 100, "accuracy": 0.95, "wrong_figure_rate": 0.0,
               "by_document": {"a": {"n": 80, "accuracy": 1.0, "wrong_figure_rate": 0.0},
                               "b": {"n": 20, "accuracy": 0.75, "wrong_figure_rate": 0.05}}}
    assert threshold_failures(summary, 0.9, 0) == []
    assert threshold_failures(summary, 0.9, 0, per_document=True) == [
        "b: accuracy 0.7500 < 0.9", "b: wrong-figure rate 0.0500 > 0"]
    # a ratchet on the whole, another bar on each document
    assert threshold_failures(summary, 0.96, None, per_document=True, min_document_accuracy=0.7) == [
        "accuracy 0.9500 < 0.96"]
    assert threshold_failures(summary, 0.9, None, per_document=True, min_document_accuracy=0.8) == [
        "b: accuracy 0.7500 < 0.8"]
