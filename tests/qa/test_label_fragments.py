"""Rows named by some of their label's characters (qa.label_fragments): what the document's own labels answer when
no label, code or lexicon word is in the question, and the margin gate that leaves two fitting labels unread.
Fixtures are small documents in the genre's layouts, made up."""
from decimal import Decimal as D

from corpus import parse_text
from qa.label_fragments import label_fragments
from qa.pipeline import Pipeline
from qa.query import read_query

FUNCTIONS = """2026年某区某街道部门预算
一般公共预算支出功能分类预算表
单位：元
科目编码\t科目名称\t合计
合计\t\t900
212\t城乡社区支出\t600
21203\t城乡社区公共设施\t200
2120399\t其他城乡社区公共设施支出\t50
21205\t城乡社区环境卫生\t350
210\t卫生健康支出\t300
2100717\t计划生育服务\t100
2100799\t其他计划生育事务支出\t200
"""

ECONOMIC = """2026年某区某街道部门预算
一般公共预算基本支出部门预算经济分类预算表
单位：元
经济分类科目编码\t经济分类科目名称\t合计
合计\t\t1000
302\t商品和服务支出\t1000
30228\t工会经费\t100
30231\t公务用车运行维护费\t300
30239\t其他交通费用\t600
项目支出预算表
单位：元
项目名称\t合计
合计\t800
社区公共设施维修项目\t800
"""


def doc_of(text):
    return parse_text(text, "d", "某区某街道", 2026, "预算")


def read(text, unclaimed):
    return [(f.words, f.label) for f in label_fragments(doc_of(text), unclaimed)]


def test_words_one_label_holds_name_it_and_words_it_spells_with_characters_left_out():
    assert read(FUNCTIONS, "环境卫生那块") == [("环境卫生", "城乡社区环境卫生")]
    assert read(FUNCTIONS, "计生服务这块多少") == [("计生服务", "计划生育服务")]


def test_words_two_labels_hold_are_unread_unless_one_is_the_item_the_other_is_under():
    # 公共设施: the 款 and its 其他…支出 项 — the 款 the other is under
    assert read(FUNCTIONS, "公共设施这块") == [("公共设施", "城乡社区公共设施")]
    # 计划生育: two 项 side by side, neither under the other — no silent pick
    assert read(FUNCTIONS, "计划生育的钱") == []


def test_a_name_that_goes_on_is_not_some_of_another_label():
    # '公务用车' of '公务用车购置费' (not printed) is not the 运行维护费 row
    assert read(ECONOMIC, "公务用车购置费多少") == []
    assert read(ECONOMIC, "不算公车的交通费多少") == [("交通费", "其他交通费用")]


def test_a_project_is_not_named_by_a_few_of_its_words():
    # the words a project's label and an item's label both hold are no reading; a project is never a fragment's row
    assert read(ECONOMIC, "公共设施维修多少") == []


def test_a_difference_of_two_items_named_in_everyday_words_is_answered_and_read_as_fuzzy():
    doc = doc_of(FUNCTIONS)
    ans = Pipeline([doc], None, None).ask("某街道2026年环境卫生这块比公共设施这一块多出多少？", keep_context=False)
    assert not ans.refused, ans.answer
    assert [f.value for f in ans.figures][:1] == [D("150")], ans.answer
    query = read_query(doc, "某街道2026年环境卫生这块比公共设施这一块多出多少？")
    assert [(i.value, i.source, i.words) for i in query.items] == [
        ("城乡社区环境卫生", "fuzzy", "环境卫生"), ("城乡社区公共设施", "fuzzy", "公共设施")]


def test_a_label_the_question_names_in_full_is_read_from_the_document_not_from_fragments():
    query = read_query(doc_of(ECONOMIC), "某街道工会经费今年多少？")
    assert [(i.value, i.source) for i in query.items] == [("工会经费", "document")]
