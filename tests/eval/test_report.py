"""report.md and last.json, and the diff against the previous run."""
import json

from eval.metrics import summarise
from eval.questions import GoldQuestion
from eval.report import write_report
from eval.run import run_gold
from tests.eval.fakes import DOC, FakePipeline, answer, citation

WAN = {"values": ["10.00"], "unit": "万元"}
QUESTIONS = [GoldQuestion(q, DOC, f"{q}?", "lookup", WAN, {"table": "t", "row": "r", "line": 5}) for q in ("a", "b", "c")]
RIGHT = answer("10.00万元", [("10.00", "万元")])
WRONG = answer("12.00万元", [("12.00", "万元")], citations=[citation(7, row="行政运行", table="支出表")])


def run_into(folder, answers: dict) -> str:
    results, skipped = run_gold(FakePipeline({f"{q}?": a for q, a in answers.items()}), QUESTIONS, progress=None)
    return write_report(folder, summarise(results, len(skipped)), results, skipped).read_text(encoding="utf-8")


def test_report_lists_headline_categories_and_misses(tmp_path):
    report = run_into(tmp_path, {"a": RIGHT, "b": WRONG, "c": RIGHT})
    assert "| accuracy | 66.7% |" in report
    assert "| lookup | 3 | 66.7% |" in report
    assert "### b · lookup · wrong_figure" in report
    assert "- expected: 10.00 万元" in report
    assert "- got: 12.00万元 (figures: 12.00 万元)" in report
    assert "- cited: 支出表 · 行政运行 · 合计 · line 7" in report
    assert "Since the last run" not in report


def test_last_json_holds_every_result(tmp_path):
    run_into(tmp_path, {"a": RIGHT, "b": WRONG})
    last = json.loads((tmp_path / "last.json").read_text(encoding="utf-8"))
    assert [(r["id"], r["outcome"]) for r in last["results"]] == [("a", "correct"), ("b", "wrong_figure"), ("c", "refused")]
    assert last["summary"]["n"] == 3


def test_second_run_lists_what_changed(tmp_path):
    run_into(tmp_path, {"a": RIGHT, "b": WRONG, "c": RIGHT})
    report = run_into(tmp_path, {"a": WRONG, "b": RIGHT, "c": RIGHT})
    changes = report.split("## Since the last run")[1].split("## Misses")[0]
    assert "pass → fail (1)\n- a: a?" in changes
    assert "fail → pass (1)\n- b: b?" in changes
