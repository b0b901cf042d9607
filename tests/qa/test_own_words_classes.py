"""Classes of question in people's own words, answered from the document's structure: a sum whose words name one
row (or one label twice), a ranking that leaves its class out, a count of the classes money went to. Fixtures are
small documents in the genre's layouts, made up."""
from decimal import Decimal as D

import pytest

from corpus import parse_text
from qa.lexicon import items_named
from qa.pipeline import Pipeline

BUDGET = """2026年某区某局部门预算
部门财务收支预算总表
单位：元
项目\t预算数
一、一般公共服务支出\t
二、公共安全支出\t700
三、教育支出\t
四、社会保障和就业支出\t100
五、住房保障支出\t200
支出合计\t1000
一般公共预算支出功能分类预算表
单位：元
科目编码\t科目名称\t合计
合计\t\t1000
204\t公共安全支出\t700
20406\t司法\t700
2040601\t行政运行\t300
2040604\t基层司法业务\t400
208\t社会保障和就业支出\t100
20805\t行政事业单位养老支出\t100
2080505\t机关事业单位基本养老保险缴费支出\t100
221\t住房保障支出\t200
22102\t住房改革支出\t200
2210201\t住房公积金\t200
一般公共预算基本支出部门预算经济分类预算表
单位：元
经济分类科目编码\t经济分类科目名称\t合计
合计\t\t1060
301\t工资福利支出\t1000
30108\t机关事业单位基本养老保险缴费\t400
30109\t职业年金缴费\t100
30110\t职工基本医疗保险缴费\t300
30113\t住房公积金\t200
302\t商品和服务支出\t60
30207\t邮电费\t60
"""


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline([parse_text(BUDGET, "d", "某区某局", 2026, "预算")], None, None)


def ask(pipeline, question):
    return pipeline.ask(question, keep_context=False)


def test_a_label_two_ways_of_naming_reach_is_added_once(pipeline):
    # 公积金 names the 住房公积金 row by its label (printed in two tables) and by the lexicon's 30113: one item
    answer = ask(pipeline, "某局2026年医保和公积金两样一共多少")
    assert not answer.refused and answer.figures[0].value == D("500"), answer.answer


def test_things_listed_that_are_one_row_are_that_row(pipeline):
    answer = ask(pipeline, "某局2026年话费、宽带和快递一共多少")
    assert not answer.refused and answer.figures[0].value == D("60"), answer.answer


def test_an_item_of_a_listing_is_named_by_some_of_its_words_in_the_table_the_others_fix(pipeline):
    # '养老' is no label; beside 职业年金 and 医保 it is the one label of their table that holds it
    answer = ask(pipeline, "某局2026年单位交的社保（养老、职业年金、医保）一共多少？")
    assert not answer.refused and answer.figures[0].value == D("800"), answer.answer
    assert "机关事业单位基本养老保险缴费" in answer.answer


def test_a_ranking_leaves_out_the_class_it_is_told_to_leave_out(pipeline):
    answer = ask(pipeline, "不算公共安全，某局2026年哪一类支出最多？")
    assert not answer.refused and answer.figures[0].value == D("200"), answer.answer
    assert "住房保障支出" in answer.answer and "基层司法业务" not in answer.answer


def test_a_count_of_the_classes_money_went_to_leaves_out_the_blank_ones(pipeline):
    answer = ask(pipeline, "某局2026年收支总表里，钱花在了几个大类上？")
    assert not answer.refused and answer.figures[0].value == 3, answer.answer
    assert "另有2个为空白或零" in answer.answer


def test_everyday_words_for_the_economic_items_are_keyed_to_their_codes():
    assert items_named("请第三方机构做的") == [("30227", "第三方机构")]
    assert items_named("劳务报酬") == [("30226", "劳务报酬")]
    assert items_named("专家咨询") == [("30203", "专家咨询")]
    assert items_named("工会活动") == [("30228", "工会活动")]
