"""A 决算 (final accounts) in the Shanghai layout: budget against actual from the prose, named columns and
tables, and two-sided tables whose income side must not answer a question about spending."""
from decimal import Decimal as D

import pytest

from corpus import parse_text
from qa.pipeline import Pipeline

DOC = """上海市某区某某局2024年度部门决算
二、部门决算单位构成
纳入某某局2024年度部门决算编制范围的单位包括：
序号	单位名称	备注
1	上海市某区某某局（本级）	
2	上海市某区某某局财政所	预算不单列，并入本级
3	上海市某区国库收付中心	预算不单列，并入本级

财政拨款收入支出决算总表
单位：万元
收入\t\t支出\t
项目\t决算数\t项目\t决算数
一、一般公共预算财政拨款\t2,940.05\t一、一般公共服务支出\t2,106.66
\t\t二、住房保障支出\t833.39
本年收入合计\t2,940.05\t本年支出合计\t2,940.05
年初财政拨款结转和结余\t21.63\t年末财政拨款结转和结余\t21.63
一、一般公共预算财政拨款\t21.63\t\t
总计\t2,961.68\t总计\t2,961.68

收入决算表
单位：万元
项目\t\t本年收入合计\t财政拨款收入\t其他收入
功能分类科目编码\t科目名称\t\t\t
201\t一般公共服务支出\t2,112.85\t2,106.66\t6.19
221\t住房保障支出\t833.39\t833.39\t
合计\t\t2,946.24\t2,940.05\t6.19

一般公共预算财政拨款支出决算表
单位：万元
功能分类科目编码\t科目名称\t合计\t基本支出\t项目支出
201\t一般公共服务支出\t2,106.66\t1,503.52\t603.14
221\t住房保障支出\t833.39\t833.39\t
合计\t\t2,940.05\t2,336.91\t603.14

第三部分 2024年度部门决算情况说明
一、收入支出决算总体情况说明
某某局2024年度收入支出总计2995.39万元。与2023年度相比，收入支出总计减少56.95万元，下降1.87%。
二、机关运行经费支出情况
机关运行经费支出184.65万元，比2023年度增加2.55万元，增长1.40%。
三、一般公共预算财政拨款支出决算具体情况
一般公共预算财政拨款支出年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的98.20%。其中：
1、一般公共服务支出（类）财政事务（款）行政运行（项）。主要用于：局本部人员经费。年初预算为1560.05万元，支出决算为
1511.89万元。决算数小于预算数的主要原因：人员进出及退休变化。
"""


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline([parse_text(DOC, "final")])


def ask(pipeline, question):
    return pipeline.ask(question, keep_context=False)


def test_shortfall_of_an_item_against_its_opening_budget(pipeline):
    a = ask(pipeline, "行政运行支出决算比年初预算少多少？")
    assert (a.figures[0].value, a.figures[0].unit) == (D("48.16"), "万元")
    assert a.checks[0].expression == "1560.05 - 1511.89 = 48.16" and a.citations[0].text.startswith("1、一般公共服务支出")


def test_completion_share_is_recomputed_and_the_stated_one_checked(pipeline):
    a = ask(pipeline, "一般公共预算财政拨款支出决算数占年初预算的百分之几？")
    assert a.figures[0].value == D("98.20") and a.checks and all(c.ok for c in a.checks)
    assert any(c.reported == D("98.20") for c in a.checks)


def test_a_change_of_something_else_is_not_quoted(pipeline):
    a = ask(pipeline, "收入支出总计比2023年减少了多少？")
    assert "56.95万元" in a.answer and "184.65" not in a.answer
    b = ask(pipeline, "公务接待费比2023年增加了多少？")
    assert not any(f.value == D("2.55") for f in b.figures)  # 机关运行经费's change answers another question


def test_a_column_the_question_names(pipeline):
    a = ask(pipeline, "收入决算表中一般公共服务支出的其他收入是多少")
    assert (a.figures[0].value, a.citations[0].column) == (D("6.19"), "其他收入")


def test_the_income_side_does_not_answer_a_spending_total(pipeline):
    a = ask(pipeline, "一般公共预算财政拨款支出几个类加起来是多少？")
    assert not any(f.value == D("2961.68") for f in a.figures)


def test_a_table_named_as_a_whole_is_its_total(pipeline):
    a = ask(pipeline, "一般公共服务支出占一般公共预算财政拨款支出的比例是多少")
    assert a.figures[0].value == D("71.65") and a.citations[1].table == "一般公共预算财政拨款支出决算表"


def test_units_listed_in_a_table_with_their_remarks(pipeline):
    a = ask(pipeline, "某某局2024年部门决算包括几个单位？")
    assert a.figures[0].value == 3 and "预算不单列，并入本级" in a.answer


def test_a_unit_merged_into_another_has_no_figure_of_its_own(pipeline):
    a = ask(pipeline, "某某局财政所2024年单独的支出决算是多少？")
    assert a.refused and not a.figures and "并入本级" in a.answer


def test_a_reason_whose_subject_is_named_one_sentence_earlier(pipeline):
    a = ask(pipeline, "一般公共预算财政拨款支出决算数小于预算数的主要原因是什么？")
    assert "一般公共预算财政拨款支出年初预算为2993.92万元" in a.answer or "人员进出" in a.answer
    assert not a.refused


def test_last_years_total_derived_from_a_change_stated_in_the_next_sentence(pipeline):
    a = ask(pipeline, "按决算说明倒推，某某局2023年的收入支出总计是多少？")
    assert a.figures[0].value == D("3052.34") and a.checks[0].expression == "2995.39 + 56.95 = 3052.34"


def test_an_opening_budget_not_printed_is_not_answered_with_the_actual(pipeline):
    a = ask(pipeline, "一般公共服务支出年初预算是多少？")
    assert a.refused and not any(f.value == D("2106.66") for f in a.figures)


def test_a_stated_change_is_quoted_once(pipeline):
    a = ask(pipeline, "机关运行经费支出比上年增加多少？")
    assert a.answer.count("184.65万元") == 1


def test_a_merged_unit_named_without_its_region_prefix(pipeline):
    a = ask(pipeline, "某某局2024年国库收付中心的支出是多少？")
    assert a.refused and "并入本级" in a.answer
