"""Classes of question in people's own words, answered from the document's structure: a sum whose words name one
row (or one label twice), a ranking that leaves its class out, a count of the classes money went to. Fixtures are
small documents in the genre's layouts, made up."""
from decimal import Decimal as D

import pytest

from corpus import parse_text
from qa.lexicon import items_named
from qa.pipeline import Pipeline
from qa.query import read_query
from qa.resolve import find_row_matches
from qa.understand import understand

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


def ask_of(doc, question):
    """The question asked of one document loaded alone."""
    return ask(Pipeline([doc], None, None), question)


def test_a_label_two_ways_of_naming_reach_is_added_once(pipeline):
    # 公积金 names the 住房公积金 row by its label (printed in two tables) and by the lexicon's 30113: one item
    answer = ask(pipeline, "某局今年医保加公积金合计多少")
    assert not answer.refused and answer.figures[0].value == D("500"), answer.answer


def test_things_listed_that_are_one_row_are_that_row(pipeline):
    answer = ask(pipeline, "某局2026年话费、宽带和快递一共多少")
    assert not answer.refused and answer.figures[0].value == D("60"), answer.answer


def test_an_item_of_a_listing_is_named_by_some_of_its_words_in_the_table_the_others_fix(pipeline):
    # '养老' is no label; beside 职业年金 and 医保 it is the one label of their table that holds it
    answer = ask(pipeline, "某局今年缴的社会保险（医保、养老和职业年金）合计是多少")
    assert not answer.refused and answer.figures[0].value == D("800"), answer.answer
    assert "机关事业单位基本养老保险缴费" in answer.answer


def test_a_ranking_leaves_out_the_class_it_is_told_to_leave_out(pipeline):
    answer = ask(pipeline, "不算公共安全，某局今年支出最多的是哪一类？")
    assert not answer.refused and answer.figures[0].value == D("200"), answer.answer
    assert "住房保障支出" in answer.answer and "基层司法业务" not in answer.answer


def test_a_count_of_the_classes_money_went_to_leaves_out_the_blank_ones(pipeline):
    answer = ask(pipeline, "某局今年收支总表中的钱用在几个大类？")
    assert not answer.refused and answer.figures[0].value == 3, answer.answer
    assert "另有2个为空白或零" in answer.answer


def test_everyday_words_for_the_economic_items_are_keyed_to_their_codes():
    assert items_named("请第三方机构做的") == [("30227", "第三方机构")]
    assert items_named("劳务报酬") == [("30226", "劳务报酬")]
    assert items_named("专家咨询") == [("30203", "专家咨询")]
    assert items_named("工会活动") == [("30228", "工会活动")]


NAMED = """2026年北京市医疗保障局部门预算
项目支出预算表
单位：万元
项目名称\t合计
合计\t300.00
医保政策宣讲项目\t100.00
医保信息系统运维项目\t200.00
一般公共预算基本支出表
单位：万元
经济分类科目编码\t经济分类科目名称\t合计
合计\t\t50.00
30110\t职工基本医疗保险缴费\t50.00
财政拨款“三公”经费支出表
单位：万元
“三公”经费财政拨款预算总额\t因公出国（境）费用\t公务接待费
12.00\t10.00\t2.00
"""


@pytest.fixture(scope="module")
def bureau():
    return Pipeline([parse_text(NAMED, "b", "北京市医疗保障局", 2026, "预算")], None, None)


def test_an_everyday_word_inside_a_name_is_the_names(bureau):
    # 医保 is 职工基本医疗保险缴费 in everyday words, but not inside the printed 医保政策宣讲项目
    answer = ask(bureau, "医保政策宣讲这个项目多少钱？")
    assert "职工基本医疗保险缴费" not in answer.answer, answer.answer
    # nor in 医保局, where it names the bureau among the documents loaded
    other = parse_text(BUDGET, "d", "某区某局", 2026, "预算")
    both = Pipeline([bureau.documents[0], other], None, None)
    answer = ask(both, "北京市医保局今年职工医保缴了多少？")
    assert not answer.refused and answer.figures[0].value == D("50"), answer.answer


def test_budget_words_shared_with_a_column_do_not_name_it(bureau):
    # '经费预算' of 机关运行经费预算 is in the “三公”经费…预算总额 column's name, but names nothing of it
    answer = ask(bureau, "医保局本年度机关运行经费预算有多少？")
    assert answer.refused, answer.answer


POLICE = """2026年杭州市公安局部门预算
一般公共预算支出表
单位：万元
科目编码\t科目名称\t合计
合计\t\t100.00
204\t公共安全支出\t100.00
20402\t公安\t100.00
2040201\t行政运行\t60.00
2040202\t一般行政管理事务\t40.00
"""


def test_a_bureau_named_by_its_place_and_what_it_is():
    doc = parse_text(POLICE, "h", "杭州市公安局", 2026, "预算")
    query = read_query(doc, "杭州公安今年的行政运行多少钱？")
    assert [i.value for i in query.items] == ["行政运行"]  # 公安 is the bureau here, not its 款
    assert query.department.words == "杭州公安"


def test_several_projects_added_is_a_sum_not_a_count():
    assert understand("某中心的几个项目合起来总共多少钱？", "某局").intent == "total"


PROSE = """2026年某市某局部门预算
一、机关运行经费情况
2026年某局一般公共预算拨款安排的机关运行经费支出100.00万元，比上年增加10.00万元，增长11.11%。主要原因是办公费用增加。
收入总表
单位：万元
项目\t预算数
合计\t500.00
"""


def test_an_amount_and_its_change_asked_together_are_stated_in_that_order():
    doc = parse_text(PROSE, "p", "某市某局", 2026, "预算")
    answer = ask_of(doc, "某局机关运行经费今年安排多少？比上年多了多少？")
    assert [f.value for f in answer.figures[:2]] == [D("100.00"), D("10.00")], answer.answer
    assert answer.answer.index("100.00万元") < answer.answer.index("10.00万元")


ITEMS_AND_PROJECTS = """2026年某市某局部门预算
一般公共预算基本支出表
单位：万元
经济分类科目编码\t经济分类科目名称\t合计
合计\t\t30.00
303\t对个人和家庭的补助\t30.00
30302\t退休费\t20.00
30309\t奖励金\t10.00
项目支出预算表
单位：万元
项目名称\t合计
合计\t700.00
甲工程\t700.00
"""


def test_which_items_of_a_class_are_its_rows_not_the_projects():
    # '项目' is a project and an item: the rows named are not in the project table, so it is items
    doc = parse_text(ITEMS_AND_PROJECTS, "i", "某市某局", 2026, "预算")
    answer = ask_of(doc, "对个人和家庭的补助有哪些项目？")
    assert not answer.refused and [f.value for f in answer.figures] == [D("20.00"), D("10.00")], answer.answer


BY_UNIT = """2026年某市某局部门预算
一般公共预算“三公”经费预算表
单位：万元
单位名称\t“三公”经费合计\t因公出国(境)费用\t公务用车购置及运行费/小计\t公务用车购置及运行费/公务用车购置费\t公务用车购置及运行费/公务用车运行维护费\t公务接待费
合计\t100.00\t10.00\t80.00\t30.00\t50.00\t10.00
某市某局\t60.00\t10.00\t40.00\t10.00\t30.00\t10.00
某市某局执法队\t40.00\t\t40.00\t20.00\t20.00\t
"""

LISTED = """2026年某市某局部门预算
一般公共预算“三公”经费支出预算表
单位：万元
项目\t预算数
合计\t100.00
因公出国（境）费用\t10.00
公务接待费\t10.00
公务用车购置及运行费\t80.00
其中：（1）公务用车购置费\t30.00
（2）公务用车运行费\t50.00
"""


def test_buying_cars_is_the_departments_column_of_a_table_by_unit():
    doc = parse_text(BY_UNIT, "u", "某市某局", 2026, "预算")
    answer = ask_of(doc, "某局今年买公务车要花多少钱？")
    assert not answer.refused and answer.figures[0].value == D("30.00"), answer.answer


def test_a_three_public_item_is_named_without_its_fee_and_its_enumeration():
    doc = parse_text(LISTED, "l", "某市某局", 2026, "预算")
    answer = ask_of(doc, "某局三公里买车的钱占百分之多少？")
    assert not answer.refused and answer.figures[0].value == D("30.00"), answer.answer
    assert items_named("养车的钱") == [("30231", "养车")] and items_named("出国的钱") == [("30212", "出国")]


TWICE = """2026年某市某局部门预算
收入预算总表
单位：万元
单位名称\t合计
合计\t300.00
某市某局\t300.00
某市某局\t100.00
某市某局交通管理支队\t200.00
"""


def test_the_department_printed_twice_is_its_total_then_its_own_budget():
    doc = parse_text(TWICE, "t", "某市某局", 2026, "预算")
    answer = ask_of(doc, "交警支队的收入预算比市局本级多多少？")
    assert not answer.refused and answer.figures[0].value == D("100.00"), answer.answer
    own = [m for m in find_row_matches(doc, "某市某局本级的收入预算") if m.key == "某市某局"]
    assert [[r.source.line for _, r in m.rows] for m in own] == [[7]]  # the second of the two rows


SECOND_LABEL = """2026年某市某局部门预算
一般公共预算基本支出表
单位：万元
政府预算经济分类\t部门预算经济分类\t合计
合计\t\t80.00
办公经费\t3021101-差旅费\t50.00
办公经费\t3020701-邮电费\t30.00
"""


def test_an_item_printed_as_the_second_label_with_its_code_is_found_by_its_name():
    doc = parse_text(SECOND_LABEL, "s", "某市某局", 2026, "预算")
    answer = ask_of(doc, "某局今年邮电费是多少？")
    assert not answer.refused and answer.figures[0].value == D("30.00"), answer.answer


UNITS_STATED = """2026年某市某局部门预算
二、部门机构设置及预算单位构成情况
从预算单位构成看，纳入本部门2026年部门汇总预算编
制范围的预算单位共计3家，具体包括：某市某局（本级）、某市某中心、某市某站。
收入总表
单位：万元
项目\t预算数
合计\t500.00
"""


def test_a_count_the_prose_states_of_the_very_noun_asked():
    doc = parse_text(UNITS_STATED, "c", "某市某局", 2026, "预算")
    answer = ask_of(doc, "某局今年的部门预算里有几家预算单位？")
    assert not answer.refused and (answer.figures[0].value, answer.figures[0].unit) == (3, "家"), answer.answer


NO_FUND = """2026年某市某局部门预算
政府性基金预算拨款支出预算表
单位：万元
项目\t预算数
合计\t0.00
收入总表
单位：万元
项目\t预算数
合计\t500.00
"""


def test_a_funds_table_with_nothing_but_a_zero_total_arranges_nothing():
    doc = parse_text(NO_FUND, "f", "某市某局", 2026, "预算")
    answer = ask_of(doc, "某局今年用没用政府性基金的钱？")
    assert not answer.refused and "未安排" in answer.answer and "为空表" not in answer.answer, answer.answer


def test_the_one_unit_of_a_kind_named_by_its_kind_alone_and_its_share_of_the_whole():
    # '执法队' is the kind of one unit only; '一家占' asks its share of the department's whole
    doc = parse_text(BY_UNIT.replace("某市某局执法队", "某市交通运输行政执法队"), "u", "某市某局", 2026, "预算")
    answer = ask_of(doc, "某局的三公经费里执法队一家占了多少比例？")
    assert not answer.refused and answer.figures[0].value == D("40.00"), answer.answer


def test_a_unit_alone_is_its_share_of_the_departments_whole():
    from qa.answer import Answer
    from qa.share_of import answer_share
    doc = parse_text(BY_UNIT.replace("某市某局执法队", "某市交通运输行政执法队"), "u", "某市某局", 2026, "预算")
    question = "某局的三公经费里某市交通运输行政执法队一家占了多少比例？"
    ans = Answer(question, "")
    assert answer_share(doc, read_query(doc, question), question, ans), ans.answer
    assert ans.figures[0].value == D("40.00")
