"""The summary of a run from hand-made results."""
from eval.metrics import summarise
from eval.questions import GoldQuestion
from eval.run import run_gold
from tests.eval.fakes import DOC, FakePipeline, answer

WAN = {"values": ["10.00"], "unit": "万元"}


def gold(qid: str, category: str, expected: dict) -> GoldQuestion:
    return GoldQuestion(qid, DOC, qid, category, expected)


QUESTIONS = [
    gold("right", "lookup", WAN),
    gold("wrong", "lookup", WAN),
    gold("scale", "lookup", WAN),
    gold("refused-wrongly", "lookup", WAN),
    gold("refusal", "refusal", {"refused": True}),
    gold("blank", "blank", {"values": [], "blank": True}),
    gold("keywords", "glossary", {"keywords": ["基本支出"]}),
]
ANSWERS = {
    "right": answer("10.00万元", [("10.00", "万元")], latency_ms=10),
    "wrong": answer("12.00万元", [("12.00", "万元")], latency_ms=20),
    "scale": answer("10.00元", [("10.00", "元")], latency_ms=30),
    "blank": answer("为空白，即未安排。", latency_ms=40),
    "keywords": answer("项目支出是……", latency_ms=50),
}


def test_summary_figures():
    results, skipped = run_gold(FakePipeline(ANSWERS), QUESTIONS, progress=None)
    s = summarise(results, len(skipped))
    assert (s["n"], s["skipped"]) == (7, 0)
    assert s["accuracy"] == round(3 / 7, 4)
    assert s["wrong_figure_rate"] == round(2 / 7, 4)  # a wrong figure and a unit error, of all questions
    assert s["unit_errors"] == 1
    assert (s["refusal_precision"], s["refusal_recall"]) == (0.5, 1.0)
    assert s["latency_ms_p50"] == 20.0  # the two refusals take 10 ms each
    assert s["by_category"]["lookup"] == {"n": 4, "accuracy": 0.25}
    assert s["by_category"]["refusal"] == {"n": 1, "accuracy": 1.0}
    assert s["by_document"] == {DOC: {"n": 7, "accuracy": round(3 / 7, 4), "wrong_figure_rate": round(2 / 7, 4)}}
    assert s["by_path"] == {"refused": {"n": 2, "accuracy": 0.5}, "rules": {"n": 5, "accuracy": 0.4}}


def test_nothing_measured_is_none():
    s = summarise([], skipped=2)
    assert s["accuracy"] is s["citation_accuracy"] is s["retrieval_recall_at_5"] is s["latency_ms_p95"] is None
    assert s["by_category"] == {}


class ReadingPipeline(FakePipeline):
    """Reads 'right' with a row matched by its characters (fuzzy), the others by the document's own words."""

    def read(self, question, doc=""):
        from qa.query import BudgetQuery, Item, Slot
        source = "fuzzy" if question in ("right", "wrong") else "document"
        return BudgetQuery(question, Slot("lookup"), [Item("行政运行", "", source)])


def test_the_share_of_answered_questions_with_a_slot_retrieval_filled_and_the_wrong_among_them():
    results, _ = run_gold(ReadingPipeline(ANSWERS), QUESTIONS, progress=None)
    slots = summarise(results)["retrieval_slots"]
    # five answered ('refused-wrongly' and 'refusal' are refused); 'right' and 'wrong' read by characters
    assert slots == {"answered": 5, "filled": 2, "share": 0.4, "wrong": 1}
    assert summarise(run_gold(FakePipeline(ANSWERS), QUESTIONS, progress=None)[0])["retrieval_slots"]["answered"] == 0
