"""Running gold questions through a fake pipeline."""
from eval import score
from eval.questions import GoldQuestion
from eval.run import run_gold
from tests.eval.fakes import DOC, FakePipeline, FakeRetriever, answer, check

LOOKUP = GoldQuestion("lookup-1", DOC, "交警支队的机关运行经费？", "lookup", {"values": ["3149.06"], "unit": "万元"},
                      {"table": "t", "row": "交通警察支队", "line": 434})
TOTAL = GoldQuestion("total-1", DOC, "加起来多少？", "total", {"values": ["3"], "unit": "万元"},
                     {"rows": [{"row": "a", "line": 1}, {"row": "b", "line": 2}]})
OTHER_DOC = GoldQuestion("dev-1", "corpus-dev-doc", "万里街道？", "lookup", {"values": ["1"], "unit": "元"})


def test_questions_of_documents_not_loaded_are_skipped():
    pipeline = FakePipeline({})
    results, skipped = run_gold(pipeline, [LOOKUP, OTHER_DOC], progress=None)
    assert [r.id for r in results] == ["lookup-1"]
    assert [q.id for q in skipped] == ["dev-1"]
    assert pipeline.asked == [LOOKUP.question]


def test_a_question_about_one_attachment_is_asked_of_the_disclosure_they_make():
    half = GoldQuestion("lookup-2", DOC + "_part2", "交警支队？", "lookup", {"values": ["3149.06"], "unit": "万元"})
    results, skipped = run_gold(FakePipeline({}), [half], progress=None)
    assert [(r.id, r.doc) for r in results] == [("lookup-2", DOC)] and not skipped


def test_result_carries_outcome_citation_checks_and_retrieval():
    pipeline = FakePipeline({
        LOOKUP.question: answer("3,149.06万元", [("3149.06", "万元")]),
        TOTAL.question: answer("3.00万元", [("3.00", "万元")], checks=[check()]),
    }, retriever=FakeRetriever([(100, 120), (430, 436)]))
    lookup, total = run_gold(pipeline, [LOOKUP, TOTAL], progress=None)[0]
    assert (lookup.outcome, lookup.citation_ok, lookup.checks_ok, lookup.retrieved) == ("correct", False, None, True)
    assert (total.outcome, total.citation_ok, total.checks_ok, total.retrieved) == ("correct", False, True, None)


def test_retrieval_miss_and_no_retriever():
    far = FakePipeline({}, retriever=FakeRetriever([(1, 10)]))
    assert run_gold(far, [LOOKUP], progress=None)[0][0].retrieved is False
    assert run_gold(FakePipeline({}), [LOOKUP], progress=None)[0][0].retrieved is None


def test_a_pipeline_error_is_an_error_outcome():
    results, _ = run_gold(FakePipeline({LOOKUP.question: RuntimeError("broken")}), [LOOKUP], progress=None)
    assert results[0].outcome == score.ERROR
    assert "broken" in results[0].answer["answer"]
