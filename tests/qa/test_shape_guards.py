"""The answer has the shape the question asks for (qa.shape_guards): each item's figure, a project, the table named,
the item listed by, the group ranked within. Each guard is shown refusing the misshapen answer and passing the right
one. Fixtures are small documents in the genre's layouts, made up."""
from decimal import Decimal as D

from corpus import parse_text
from qa.answer import Answer, Citation, Figure
from qa.pipeline import Pipeline
from qa.shape_guards import (item_not_listed, one_figure_for_each, prose_for_a_named_table, ranked_outside_the_group,
                             row_for_a_project)
from qa.understand import understand

DOC = parse_text("""2026年某市某局部门预算
一般公共预算基本支出表
单位：万元
政府预算经济分类\t部门预算经济分类\t合计
合计\t\t60.00
50101-工资奖金津补贴\t30101-基本工资\t10.00
50102-社会保障缴费\t30108-机关事业单位基本养老保险缴费\t20.00
50102-社会保障缴费\t30110-职工基本医疗保险缴费\t30.00
政府采购预算明细表
单位：万元
采购类别\t金额
合计\t100.123456
货物\t40.000000
服务\t60.123456
财政拨款政府购买服务明细表
单位：万元
项目\t金额
合计\t5.000000
公共服务\t5.000000
""", "d", "某市某局", 2026, "预算")


def answer(figures, citations, basis=""):
    return Answer("", "", figures=[Figure(D(v), u, label) for v, u, label in figures],
                  citations=[Citation("d", t, r, "", 1, "") for t, r in citations], basis=basis)


def check(guard, question, ans):
    return guard(DOC, understand(question, DOC.department), ans)


def test_each_items_figure_asked_is_not_one_total():
    one = answer([("50", "辆", "车辆")], [("七、车辆", "")], basis="narrative")
    two = answer([("30", "辆", "执法车"), ("20", "辆", "专业车")], [("七、车辆", "")], basis="narrative")
    assert check(one_figure_for_each, "要买的车是哪些车？各几辆？", one)
    assert check(one_figure_for_each, "要买的车是哪些车？各几辆？", two) is None


def test_a_project_asked_is_not_a_classification_row():
    row = answer([("30", "万元", "职工基本医疗保险缴费")], [("一般公共预算基本支出表", "职工基本医疗保险缴费")])
    project = answer([("30", "万元", "宣传项目")], [("项目支出预算表", "宣传项目")])
    assert check(row_for_a_project, "医保宣讲那个项目多少钱？", row)
    assert check(row_for_a_project, "医保宣讲那个项目多少钱？", project) is None


def test_a_table_named_and_printed_is_read_not_the_prose():
    prose = answer([("40.00", "万元", "货物")], [("九、政府采购情况", "")], basis="narrative")
    table = answer([("40.000000", "万元", "货物")], [("政府采购预算明细表", "货物")])
    assert check(prose_for_a_named_table, "政府采购预算明细表里货物是多少？", prose)
    assert check(prose_for_a_named_table, "政府采购预算明细表里货物是多少？", table) is None


def test_what_a_list_is_by_is_what_it_reads():
    totals = answer([("9", "万元", "甲单位"), ("8", "万元", "乙单位")], [("收入总表", "甲单位"), ("收入总表", "乙单位")])
    by_item = answer([("2", "万元", "甲单位")], [("“三公”经费表", "甲单位")])
    by_item.citations[0].column = "公务用车购置费"
    assert check(item_not_listed, "哪些单位安排了买公车的钱？", totals)
    assert check(item_not_listed, "哪些单位安排了买公车的钱？", by_item) is None


def test_a_ranking_within_a_group_named_by_its_code_ranks_only_its_items():
    whole = answer([("10.00", "万元", "基本工资 / 50101-工资奖金津补贴")], [("一般公共预算基本支出表", "基本工资")])
    within = answer([("30.00", "万元", "职工基本医疗保险缴费 / 50102-社会保障缴费")],
                    [("一般公共预算基本支出表", "职工基本医疗保险缴费")])
    assert check(ranked_outside_the_group, "50102社会保障缴费下面哪项最多？", whole)
    assert check(ranked_outside_the_group, "50102社会保障缴费下面哪项最多？", within) is None


def test_a_short_label_ending_a_longer_printed_name_is_not_that_row():
    # '服务' is a row of the procurement table; '政府购买服务' is the name of another table the document prints
    ans = Pipeline([DOC], None, None).ask("某局今年政府购买服务安排了多少？", keep_context=False)
    assert not any(f.value == D("60.123456") for f in ans.figures), ans.answer
