"""web.picker: the picker and list of a desk holding many documents — grouped by region, department and year, an
"all of this department" choice, a search by short names, places and years — and the page built on them."""
import pytest

import app
from corpus import parse_text
from tests.qa.test_pipeline import budget
from tests.web.test_chat import run
from web.picker import ALL, documents_table, list_title, picker_choices, picker_label


@pytest.fixture(scope="module")
def documents():
    return [budget("乙市卫生健康委员会", 2025, 5000, "yi-wjw"), budget("甲市卫生健康委员会", 2025, 7000, "jia-wjw"),
            budget("甲市某区人民政府办公室", 2025, 6000, "qfb-2025"), budget("甲市某区人民政府办公室", 2024, 4000, "qfb-2024"),
            budget("甲市教育局", 2026, 8000, "jia-jyj")]


@pytest.fixture
def many(documents, store):
    from qa.pipeline import Pipeline

    return app.Desk(Pipeline(documents), store)


def test_choices_by_region_department_and_year_with_all_of_a_department(documents):
    assert picker_choices(documents) == [
        ("全部文件（可比较）", ALL),
        ("乙市 › 卫生健康委员会 › 2025年预算", "yi-wjw"),
        ("甲市 › 卫生健康委员会 › 2025年预算", "jia-wjw"),
        ("甲市 › 教育局 › 2026年预算", "jia-jyj"),
        ("甲市某区 › 人民政府办公室 › 全部年份（2份）", "甲市某区人民政府办公室"),
        ("甲市某区 › 人民政府办公室 › 2024年预算", "qfb-2024"),
        ("甲市某区 › 人民政府办公室 › 2025年预算", "qfb-2025")]
    assert picker_choices(documents[:1]) == [("乙市卫生健康委员会 2025年预算", "yi-wjw")]  # one: nothing to pick


@pytest.mark.parametrize("search, ids", [
    ("卫健", ["yi-wjw", "jia-wjw"]),  # a short name: its characters in order
    ("甲市 卫健", ["jia-wjw"]),
    ("2026", ["jia-jyj"]),
    ("区府办", ["甲市某区人民政府办公室", "qfb-2024", "qfb-2025"]),
    ("决算", []),
])
def test_the_search_narrows_the_choices(documents, search, ids):
    assert [value for _, value in picker_choices(documents, search)] == [ALL] + ids


def test_the_list_is_a_table_with_a_count_and_the_search_narrows_it(documents):
    assert list_title(documents) == "已载入的公开文件（5份）"
    assert list_title(documents, "卫健") == "已载入的公开文件（5份，找到2份）"
    table = documents_table(documents, "卫健")
    assert table.count("<tr>") == 3 and "乙市卫生健康委员会" in table and "教育局" not in table
    assert "没有找到" in documents_table(documents, "<b>决算</b>") and "<b>" not in documents_table(documents, "<b>")


def test_a_document_of_no_known_place_is_grouped_last():
    doc = parse_text("某某职业教育基地综合协调办公室\n2026年部门预算\n收入预算总表\n单位：万元\n单位名称\t合计\n合计\t5.00\n", "x")
    assert picker_label(doc) == "其他 › 某某职业教育基地综合协调办公室 › 2026年预算"


def test_the_page_searches_and_scopes_to_a_picked_department(many):
    config = app.build(many).config
    picker = next(c for c in config["components"] if c.get("props", {}).get("elem_id") == "bqa-doc")
    assert picker["type"] == "dropdown" and picker["props"]["filterable"]
    assert ("甲市 › 教育局 › 2026年预算", "jia-jyj") in [tuple(c) for c in picker["props"]["choices"]]
    assert [v for _, v in many.choices("卫健", picked="qfb-2024")] == [ALL, "yi-wjw", "jia-wjw", "qfb-2024"]  # kept
    _, messages, conversation, turns, _ = run(many, "城乡社区支出是多少？", pick="甲市某区人民政府办公室")
    assert "已载入多份公开文件" in messages[-1]["content"] and "卫生健康委员会" not in messages[-1]["content"]
    assert "📄 甲市某区人民政府办公室" in messages[-1]["content"]
    _, messages, _, turns, _ = run(many, "2024年的", conversation, turns, pick="甲市某区人民政府办公室")
    assert turns[-1].doc_id == "qfb-2024" and "4,000元" in messages[-1]["content"]
    assert "📄 甲市某区人民政府办公室 → 甲市某区人民政府办公室 2024年预算" in messages[-1]["content"]
    assert many.picked_document("甲市某区人民政府办公室").id == "qfb-2025"  # a chart of a department: its latest
    assert many.picked_document("甲市某区人民政府办公室", "qfb-2024").id == "qfb-2024"


def test_a_reply_by_short_name_in_the_chat_answers_the_waiting_question(many):
    _, _, conversation, turns, _ = run(many, "城乡社区支出是多少？", pick=ALL)
    _, messages, _, turns, _ = run(many, "甲市卫健委", conversation, turns, pick=ALL)
    assert turns[-1].doc_id == "jia-wjw" and "7,000元" in messages[-1]["content"]
