"""A question naming a kind of fund (政府性基金, 国有资本经营…) is answered from that fund's figures only."""
from decimal import Decimal as D

import pytest

from corpus import parse_text
from qa.pipeline import Pipeline

DOC = """某某街道办事处2025年部门预算

2025年部门支出预算总表
单位：元
功能分类科目编码\t功能分类科目名称\t合计\t基本支出\t项目支出
201\t一般公共服务支出\t3,296,600\t1,000,000\t2,296,600
合计\t\t3,296,600\t1,000,000\t2,296,600

2025年部门财政拨款收支预算总表
单位：元
项目\t财政拨款支出\t\t
支出项目\t合计\t一般公共预算\t政府性基金预算
一、一般公共服务支出\t3,296,600\t3,296,600\t
合计\t3,296,600\t3,296,600\t

2025年部门国有资本经营预算支出功能分类预算表
单位：元
功能分类科目编码\t功能分类科目名称\t合计\t基本支出\t项目支出
合计\t\t\t\t
注:本部门2025年无国有资本经营预算财政拨款安排的预算，故本表为空表。
"""


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline([parse_text(DOC, "funds")])


def test_the_funds_own_column_of_a_table_of_all_funds(pipeline):
    a = pipeline.ask("一般公共服务支出里政府性基金预算安排了多少？", keep_context=False)
    assert not a.figures and "未安排" in a.answer and a.citations[0].column.endswith("政府性基金预算")


def test_a_fund_whose_table_is_empty_is_not_answered_with_all_funds_figure(pipeline):
    a = pipeline.ask("国有资本经营预算支出中的基本支出是多少", keep_context=False)
    assert not a.figures and "未安排" in a.answer and "国有资本经营" in a.citations[0].table


def test_without_a_fund_the_total_table_answers(pipeline):
    assert pipeline.ask("基本支出合计是多少", keep_context=False).figures[0].value == D("1000000")
