"""Isolation (issue 22): a route or guard that raises is logged and the next route is tried; a question whose
answering fails gets an honest refusal (answered_by "error", the error's kind), never a traceback or a partial
figure; the arithmetic refuses what it cannot compute with a typed reason."""
import logging
from decimal import Decimal as D
from pathlib import Path

import pytest

from corpus import load_document
from qa import compute, executor
from qa.routes import Route
from qa.pipeline import Pipeline

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "qa" / "final_zero_budget.txt"


@pytest.fixture(scope="module")
def final():
    return Pipeline([load_document(FIXTURE)])


def boom(asked):
    raise RuntimeError("a handler's bug")


def test_a_route_that_raises_is_logged_and_the_next_route_answers(final, monkeypatch, caplog):
    monkeypatch.setattr(executor, "ROUTES", (Route("broken", lambda a: True, boom),) + executor.ROUTES)
    with caplog.at_level(logging.ERROR, logger="budget_qa.errors"):
        ans = final.ask("行政运行的决算数是多少？", keep_context=False)
    assert not ans.refused and ans.figures[0].value == D("100.00")
    assert any("broken" in r.getMessage() and "RuntimeError" in r.getMessage() for r in caplog.records)


def test_when_no_route_answers_after_a_failure_the_refusal_says_so(final, monkeypatch):
    monkeypatch.setattr(executor, "ROUTES", (Route("broken", lambda a: True, boom),))
    monkeypatch.setattr(executor, "answer_from_candidates", lambda doc, query, hits, refusal: refusal)
    ans = final.ask("行政运行的决算数是多少？", keep_context=False)
    assert ans.refused and ans.answered_by == "error" and ans.error == "RuntimeError"
    assert "暂时无法回答" in ans.answer and ans.figures == [] and ans.checks == []
    assert "Traceback" not in ans.answer


def test_a_guard_that_raises_refuses_the_answer_it_could_not_check(final, monkeypatch):
    def broken_guard(doc, query, ans):
        raise KeyError("guard bug")

    monkeypatch.setattr(executor, "GUARDS", (broken_guard,) + executor.GUARDS)
    ans = final.ask("行政运行的决算数是多少？", keep_context=False)
    assert ans.refused and ans.answered_by == "error" and ans.error == "KeyError" and not ans.figures


def test_a_failure_outside_the_routes_is_refused_and_the_next_question_works(final, monkeypatch):
    def broken_understand(turn):
        raise ValueError("understanding bug")

    with monkeypatch.context() as patched:
        patched.setattr(final, "chain", __import__("langchain_core.runnables", fromlist=["RunnableLambda"])
                        .RunnableLambda(broken_understand))
        ans = final.ask("行政运行的决算数是多少？", keep_context=False)
        assert ans.refused and ans.answered_by == "error" and ans.error == "ValueError"
    assert final.ask("行政运行的决算数是多少？", keep_context=False).figures[0].value == D("100.00")


def test_a_zero_base_is_refused_with_what_was_missing_and_the_base_printed_beside(final):
    ans = final.ask("其他城乡社区支出完成年初预算的百分之几？", keep_context=False)
    assert ans.refused and ans.refusal_reason == compute.ZERO_WHOLE and ans.answered_by == "rules"
    assert "年初预算为0" in ans.answer and "无法计算完成率" in ans.answer and "全年预算为50.00万元" in ans.answer
    assert not ans.figures
    assert ans.to_json()["refusal_reason"] == "zero_whole"


def test_a_table_without_a_printed_unit(final):
    share = final.ask("地名普查占支出决算表合计的比例是多少", keep_context=False)
    assert share.refused and share.refusal_reason == compute.UNKNOWN_UNIT and not share.figures
    asked_in_unit = final.ask("地名普查决算数是多少万元", keep_context=False)
    assert asked_in_unit.refused and not asked_in_unit.figures
    plain = final.ask("地名普查是多少", keep_context=False)
    assert plain.figures[0].value == D("45.00") and "未注明金额单位" in plain.answer


def test_the_arithmetic_returns_typed_refusals():
    assert compute.share(D(5), D(0)).reason == compute.ZERO_WHOLE
    assert compute.share(D(5), None).reason == compute.MISSING_WHOLE
    assert compute.share(D(5), D("NaN")).reason == compute.NOT_A_NUMBER
    assert compute.to_unit(D(5), "", "万元").reason == compute.UNKNOWN_UNIT
    assert compute.to_unit(D(5), "万", "元").reason == compute.UNKNOWN_UNIT
    assert compute.check_percentage(D(1), D(0), D(5)).reason == compute.ZERO_WHOLE
    n, check = compute.count(["甲", "乙", "丙"])
    assert n == 3 and check.expression == "计数：甲 | 乙 | 丙 = 3"
