"""qa.pipeline: a conversation's turn (Pipeline.exchange) — a reply to "which document?" in any of the forms people
name a document by answers the question that was waiting; a reply asking something of its own is a question."""
from decimal import Decimal as D

import pytest

from corpus import parse_text
from qa.pipeline import LISTED, Pipeline, which_one
from tests.qa.test_scope import TEMPLATE

QUESTION = "城乡社区支出是多少？"


def budget(department: str, year: int, city: int, doc_id: str):
    """A small budget of `department` (its 城乡社区支出 is `city` 元, its 一般公共服务支出 3,000 元)."""
    text = TEMPLATE.replace("上海市某区人民政府某某街道办事处", department).replace("上海市某区", department[:2])
    return parse_text(text.format(year=year, general="3,000", city=f"{city:,}", total=f"{3000 + city:,}",
                                  sangong="37.91", cars="36.56", running="464.64", projects=49), doc_id)


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline([budget("甲市卫生健康委员会", 2025, 7000, "jia-wjw"), budget("乙市卫生健康委员会", 2025, 5000, "yi-wjw"),
                     budget("甲市某区人民政府办公室", 2025, 6000, "qfb-2025"),
                     budget("甲市某区人民政府办公室", 2024, 4000, "qfb-2024")])


def reply(pipeline, text: str, question: str = QUESTION):
    asked = pipeline.exchange(question, None)
    assert asked.answer.intent == "clarify" and asked.waiting == question
    return pipeline.exchange(text, asked.context, waiting=asked.waiting)


@pytest.mark.parametrize("text, doc, value", [
    ("甲市卫生健康委员会", "jia-wjw", "7000"),  # the full name
    ("甲市卫健委", "jia-wjw", "7000"),  # city and the short name
    ("就是乙市卫健委那份", "yi-wjw", "5000"),  # with the words around it
    ("乙市的", "yi-wjw", "5000"),  # the city alone, when it names one
    ("区府办2024年的", "qfb-2024", "4000"),  # 区人民政府办公室 shortened, and the year
])
def test_a_reply_naming_the_document_answers_the_waiting_question(pipeline, text, doc, value):
    turn = reply(pipeline, text)
    assert turn.answer.doc == doc and turn.answer.figures[0].value == D(value) and "城乡社区支出" in turn.answer.answer
    assert turn.waiting == "" and turn.context is not None and turn.context.doc == doc  # follow-ups keep it


def test_a_reply_naming_several_asks_again_among_them_and_the_question_still_waits(pipeline):
    turn = reply(pipeline, "卫健委")
    assert turn.answer.intent == "clarify" and turn.waiting == QUESTION
    assert "甲市卫生健康委员会" in turn.answer.answer and "乙市卫生健康委员会" in turn.answer.answer
    assert "人民政府办公室" not in turn.answer.answer
    assert set(turn.among) == {"jia-wjw", "yi-wjw"}
    chosen = pipeline.exchange("甲市", turn.context, waiting=turn.waiting, among=turn.among)  # 甲市 has two: 卫健委's
    assert chosen.answer.doc == "jia-wjw" and chosen.answer.figures[0].value == D("7000")
    years = reply(pipeline, "区府办")  # one department, two years
    assert years.answer.intent == "clarify" and "2024年" in years.answer.answer and years.waiting == QUESTION


def test_a_reply_that_is_a_question_of_its_own_is_answered_as_one(pipeline):
    turn = reply(pipeline, "乙市卫健委的一般公共服务支出是多少？")
    assert turn.answer.doc == "yi-wjw" and turn.answer.figures[0].value == D("3000") and turn.waiting == ""
    again = reply(pipeline, "三公经费呢？")  # names no document: a new question, itself asked about
    assert again.answer.intent == "clarify" and again.waiting == "三公经费呢？"


def test_without_a_waiting_question_a_name_is_a_question_of_its_own(pipeline):
    turn = pipeline.exchange("甲市卫健委", None)
    assert turn.answer.intent != "lookup" or turn.answer.doc == "jia-wjw"
    assert not turn.answer.figures or "城乡社区支出" not in turn.answer.answer


def test_which_one_among_many_says_how_to_name_one_instead_of_listing_them():
    many = [budget(f"{city}市卫生健康委员会", 2025, 7000, f"{i}") for i, city in enumerate("甲乙丙丁戊己庚辛壬癸")]
    assert len(many) > LISTED
    answer = which_one(QUESTION, many)
    assert answer.intent == "clarify" and answer.answer.startswith("已载入多份公开文件，请说明是哪一份：共10份")
    assert "甲市、乙市" in answer.answer and "卫生健康委员会" not in answer.answer and "简称" in answer.answer
    few = which_one(QUESTION, many[:2])
    assert "甲市卫生健康委员会2025年预算；乙市卫生健康委员会2025年预算" in few.answer


def test_a_picked_department_scopes_the_question_to_its_years(pipeline):
    turn = pipeline.exchange(QUESTION, None, doc="甲市某区人民政府办公室")
    assert turn.answer.intent == "clarify" and "卫生健康委员会" not in turn.answer.answer
    chosen = pipeline.exchange("2025年的", turn.context, doc="甲市某区人民政府办公室", waiting=turn.waiting)
    assert chosen.answer.doc == "qfb-2025" and chosen.answer.figures[0].value == D("6000")
