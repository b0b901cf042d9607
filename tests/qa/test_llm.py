"""The optional LLM may rephrase, never change a number: a fake chat model stands in for the endpoint."""
from decimal import Decimal as D

from langchain_core.language_models.fake_chat_models import FakeListChatModel

from qa.answer import Answer, Check, Citation, Figure
from qa.llm import configured_model, grounded, rephrase


def answer():
    return Answer("交警支队的机关运行经费是多少？", "大同市公安局交通警察支队（2023预算数/合计）为 3,149.06万元。",
                  figures=[Figure(D("3149.06"), "万元", "交通警察支队")],
                  citations=[Citation("d", "机关运行经费表", "交通警察支队", "合计", 434, "交通警察支队\t3,149.06\t3,149.06")],
                  checks=[Check("3149.06 - 2233.99 = 915.07", D("915.07"), None, True)])


def test_grounded_rephrasing_is_used():
    text = "按2023年预算，交警支队的机关运行经费安排了3149.06万元（见第434行）。"
    result = rephrase(answer(), FakeListChatModel(responses=[text]))
    assert result.answer == text and result.notes


def test_an_unsupported_number_keeps_the_deterministic_answer():
    injected = "交警支队的机关运行经费是100万元。"
    result = rephrase(answer(), FakeListChatModel(responses=[injected]))
    assert result.answer.startswith("大同市公安局交通警察支队") and "100万元" not in result.answer


def test_a_failing_model_keeps_the_answer():
    class Broken:
        def invoke(self, messages):
            raise ConnectionError("endpoint down")

    assert rephrase(answer(), Broken()).answer.startswith("大同市公安局")


def test_numbers_compare_by_value():
    assert grounded("差额为915.07万元，合计3,149.060万元", answer())
    assert not grounded("约3150万元", answer())


def test_no_endpoint_no_model():
    assert configured_model() is None
