"""Questions that take more than one printed figure, on a small 决算 in the genre's layout: one row read in two
tables the question names, items named the way people say them and added, a balance asked as what is left, the
年初预算 of items the prose lists, a duty asked by its field, a term asked for what it covers."""
from decimal import Decimal as D

import pytest

from corpus import parse_text
from qa.pipeline import Pipeline

FINAL = """上海市某区测绘局2024年度部门决算
第一部分 部门概况
一、主要职能
1.负责本区测绘成果的管理和监督工作。
2.负责历史文化风貌区、优秀历史建筑的规划管理。负责城市地名管理工作。
二、部门决算单位构成
本部门包括：上海市某区测绘局本级。

收入支出决算总表
单位：万元

收入\t\t支出\t
项目\t决算数\t项目\t决算数
一、一般公共预算财政拨款收入\t300.00\t一、城乡社区支出\t310.00
本年收入合计\t300.00\t本年支出合计\t310.00
年初结转和结余\t30.00\t年末结转和结余\t20.00
总计\t330.00\t总计\t330.00

支出决算表
单位：万元

项目\t\t本年支出合计\t基本支出\t项目支出
功能分类 科目编码\t科目名称\t\t\t
合计\t\t310.00\t210.00\t100.00
212\t城乡社区支出\t310.00\t210.00\t100.00
21201\t城乡社区管理事务\t110.00\t110.00\t0.00
2120101\t行政运行\t110.00\t110.00\t0.00
21202\t城乡社区规划与管理\t200.00\t100.00\t100.00
2120201\t城乡社区规划与管理\t200.00\t100.00\t100.00

一般公共预算财政拨款支出决算表
单位：万元

项目\t\t合计\t基本支出\t项目支出
功能分类 科目编码\t科目名称\t\t\t
212\t城乡社区支出\t300.00\t200.00\t100.00
21201\t城乡社区管理事务\t100.00\t100.00\t0.00
2120101\t行政运行\t100.00\t100.00\t0.00
21202\t城乡社区规划与管理\t200.00\t100.00\t100.00
2120201\t城乡社区规划与管理\t200.00\t100.00\t100.00
合计\t\t300.00\t200.00\t100.00

一般公共预算财政拨款基本支出决算表
单位：万元

经济分类 科目编码\t科目名称\t决算数\t经济分类 科目编码\t科目名称\t决算数
301\t工资福利支出\t180.00\t302\t商品和服务支出\t20.00
30108\t机关事业单位基本养老保险缴费\t40.00\t30205\t水费\t1.00
30109\t职业年金缴费\t20.00\t30206\t电费\t4.00
30110\t职工基本医疗保险缴费\t30.00\t30201\t办公费\t15.00
30101\t基本工资\t90.00\t\t\t
人员经费合计\t\t180.00\t公用经费合计\t\t20.00

政府性基金预算财政拨款收入支出决算表
单位：万元

项目\t\t\t\t年初结转和 结余\t本年收入\t本年支出\t\t\t年末结转和 结余
支出功能分类 科目编码\t\t\t科目名称\t\t\t小计\t基本支出\t项目支出\t
类\t款\t项\t\t\t\t\t\t\t
合计\t\t\t\t\t\t\t\t\t

注：本部门无政府性基金预算财政拨款支出，故本表无数据。

第三部分 2024年度部门决算情况说明
一、一般公共预算财政拨款支出决算情况说明
1、城乡社区支出（类）城乡社区管理事务（款）行政运行（项）。主要用于：行政单位人员支出。年初预算为 120.00 万元，支出决算为 100.00 万元，完成年初预算的 83.33%。
2、城乡社区支出（类）城乡社区规划与管理（款）城乡社区规划与管理（项）。主要用于：规划编制。年初预算为 250.00 万元，支出决算为 200.00 万元，完成年初预算的 80.00%。决算数小于预算数的主要原因：规划编制项目延期。
二、机关运行经费支出决算情况说明
2024年上海市某区测绘局下属1家机关和1家参公事业单位的机关运行经费支出决算为20.00万元。
机关运行经费支出20.00万元，比2023年度增加2.00万元，增长11.11%。主要原因是更换了老旧照明设施。
三、“三公”经费支出决算情况说明
2024年度“三公”经费支出决算为1.00万元，与2023年度决算持平。
第四部分 名词解释
（一）“三公”经费：指用财政拨款安排的因公出国（境）费、公务用车购置及运行费和公务接待费。
（二）机关运行经费：指为保障行政单位运行用于购买货物和服务的各项资金。
"""


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline([parse_text(FINAL, "fixture_final")])


def ask(pipeline, question):
    return pipeline.ask(question, keep_context=False)


def test_one_row_in_two_tables_the_question_names(pipeline):
    answer = ask(pipeline, "测绘局行政运行在支出决算表和一般公共预算财政拨款支出决算表里相差多少？")
    assert not answer.refused and answer.figures[0].value == D("10.00")
    assert {c.table for c in answer.citations} == {"支出决算表", "一般公共预算财政拨款支出决算表"}
    assert answer.checks and all(c.ok for c in answer.checks)


def test_a_share_whose_sides_are_read_in_the_tables_named_for_them(pipeline):
    answer = ask(pipeline, "按支出决算表和一般公共预算财政拨款支出决算表算，一般公共预算财政拨款支出占本年支出合计的比例是多少？")
    assert not answer.refused and answer.figures[0].value == D("96.77")  # 300 / 310


def test_items_named_the_way_people_say_them_are_added_from_one_table(pipeline):
    answer = ask(pipeline, "测绘局基本支出里养老保险、职业年金和职工医保加起来一共多少？")
    assert not answer.refused and answer.figures[0].value == D("90.00")
    assert len(answer.citations) == 3 and answer.checks[0].ok
    answer = ask(pipeline, "测绘局水电费一共花了多少")
    assert not answer.refused and answer.figures[0].value == D("5.00")


def test_an_item_the_table_does_not_hold_is_not_added(pipeline):
    answer = ask(pipeline, "测绘局养老保险和取暖费加起来一共多少？")
    assert answer.refused or answer.figures[0].value != D("40.00")


def test_a_balance_asked_as_what_is_left_is_read_not_subtracted(pipeline):
    answer = ask(pipeline, "测绘局2024年末结转和结余还剩多少？")
    assert answer.intent == "lookup" and not answer.refused and answer.figures[0].value == D("20.00")


def test_the_budgets_the_prose_states_for_listed_items_are_added(pipeline):
    answer = ask(pipeline, "城乡社区支出下面行政运行和城乡社区规划与管理两项的年初预算合计是多少？")
    assert not answer.refused and answer.figures[0].value == D("370.00")
    assert answer.checks[0].expression.startswith("120.00 + 250.00")


def test_a_duty_asked_by_its_field_quotes_that_duty(pipeline):
    answer = ask(pipeline, "测绘局在历史风貌保护方面管什么？")
    assert not answer.refused and "历史文化风貌区" in answer.answer
    assert ask(pipeline, "测绘局在公共安全方面管什么？").refused


def test_what_a_term_covers_is_read_from_the_glossary(pipeline):
    answer = ask(pipeline, "三公经费具体指哪些费用？")
    assert "公务用车购置及运行费" in answer.answer and answer.citations[0].table == "名词解释"


def test_units_counted_for_a_subject_are_quoted_from_the_sentence_that_counts_them(pipeline):
    answer = ask(pipeline, "测绘局的机关运行经费涵盖哪几家单位？")
    assert "1家机关和1家参公事业单位" in answer.answer


def test_a_row_another_table_prints_otherwise_is_stated_with_both_printings(pipeline):
    from qa.answer import Answer, Citation, Figure
    from audit.finding import Finding
    from qa.pipeline import other_printings

    doc = pipeline.documents[0]
    ours = Citation(doc.id, "一般公共预算财政拨款支出决算表", "城乡社区支出", "合计", 70, "")
    other = Citation(doc.id, "支出决算表", "城乡社区支出", "本年支出合计", 36, "")
    finding = Finding("cross_table", "rounding", "300.01 ≈ 300.00", D("300.01"), D("300.00"), [other, ours], "")
    answer = Answer(question="", answer="城乡社区支出 300.00万元", intent="lookup", doc=doc.id,
                    figures=[Figure(D("300.00"), "万元", "城乡社区支出")], citations=[ours])
    notes = other_printings(doc, answer, [finding])
    assert [f.value for f in answer.figures] == [D("300.00"), D("300.01")] and other in answer.citations
    assert notes == ["另：支出决算表第36行的城乡社区支出印为300.01万元，与此处相差0.01万元。"]
    assert other_printings(doc, answer, [finding]) == []  # both printings already stated


@pytest.mark.parametrize("question, route", [
    ("测绘局行政运行在支出决算表和一般公共预算财政拨款支出决算表里相差多少？", "one row in two named tables"),
    ("测绘局水电费一共花了多少", "a sum read from the typed query"),
    ("城乡社区支出下面行政运行和城乡社区规划与管理两项的年初预算合计是多少？", "prose items' budgets added"),
    ("测绘局在历史风貌保护方面管什么？", "a duty"),
    ("三公经费具体指哪些费用？", "what a term means"),
    ("测绘局2024年末结转和结余还剩多少？", "table rows"),
])
def test_each_kind_of_question_is_answered_by_its_route(pipeline, question, route):
    assert ask(pipeline, question).route == route


def test_routes_have_one_name_each():
    from qa.answerer import ROUTES
    names = [r.name for r in ROUTES]
    assert len(names) == len(set(names))
    first_row_route = next(i for i, r in enumerate(ROUTES) if r.reads_rows)
    assert all(r.reads_rows for r in ROUTES[first_row_route:])  # prose, forms and records come before rows


def test_items_joined_by_jia_are_added_and_a_listing_before_the_cue_counts(pipeline):
    assert ask(pipeline, "测绘局养老保险加职业年金一共交了多少").figures[0].value == D("60.00")
    answer = ask(pipeline, "测绘局基本工资、养老保险加职业年金，工资这块一共多少钱？")
    assert not answer.refused and answer.figures[0].value == D("150.00")


def test_a_total_row_is_named_by_what_it_totals(pipeline):
    answer = ask(pipeline, "测绘局人头费实际花了多少")
    assert not answer.refused and answer.figures[0].value == D("180.00") and answer.citations[0].row == "人员经费合计"


def test_rankings_asked_in_everyday_words(pipeline):
    answer = ask(pipeline, "测绘局城乡社区那块哪一项钱最多？")
    assert not answer.refused and answer.figures[0].label.endswith("城乡社区规划与管理")
    answer = ask(pipeline, "测绘局项目经费里哪一项花得最多？")
    assert not answer.refused and answer.figures[0].value == D("100.00")


def test_a_fund_printed_empty_has_nothing_arranged(pipeline):
    answer = ask(pipeline, "测绘局有没有政府性基金的钱？")
    assert not answer.refused and "未安排" in answer.answer and not answer.figures
    assert answer.citations[0].table == "政府性基金预算财政拨款收入支出决算表"


def test_a_whole_named_after_zai_is_the_whole(pipeline):
    answer = ask(pipeline, "测绘局行政运行在城乡社区支出里占百分之几？")
    assert not answer.refused and answer.citations[1].row == "城乡社区支出"
    assert ask(pipeline, "测绘局行政运行在国防支出里占百分之几？").refused  # a whole not found is not the table total


def test_two_items_compared_by_bi_are_a_difference(pipeline):
    answer = ask(pipeline, "测绘局基本工资比职业年金多发了多少？")
    assert answer.intent == "difference" and answer.figures[0].value == D("70.00")


def test_an_item_no_row_names_is_not_answered_with_a_total(pipeline):
    answer = ask(pipeline, "测绘局电话网络费实际花了多少？")
    assert answer.refused and not answer.figures


def test_why_an_item_was_not_spent_quotes_the_reason_after_its_figures(pipeline):
    answer = ask(pipeline, "测绘局城乡社区规划与管理为什么没花完年初预算？")
    assert "规划编制项目延期" in answer.answer and answer.checks and all(c.ok for c in answer.checks)


def test_why_a_figure_rose_quotes_the_reason_given_for_that_subject(pipeline):
    answer = ask(pipeline, "测绘局2024年机关运行经费怎么还涨了？")
    assert answer.intent == "reason" and "老旧照明设施" in answer.answer


def test_no_change_is_answered_from_the_sentence_that_says_so(pipeline):
    answer = ask(pipeline, "测绘局2024年三公经费和2023年比有变化吗？")
    assert not answer.refused and "持平" in answer.answer


def test_the_classes_of_a_named_table_are_added_when_the_count_fits(pipeline):
    answer = ask(pipeline, "测绘局一般公共预算财政拨款支出一个类加起来是多少？")
    assert answer.route == "a table's classes added" and answer.figures[0].value == D("300.00")
    assert ask(pipeline, "测绘局一般公共预算财政拨款支出两个类加起来是多少？").route != "a table's classes added"


def test_everyday_totals_and_balances_in_a_long_question(pipeline):
    assert ask(pipeline, "上海市某区测绘局2024年年末结余多少？").figures[0].value == D("20.00")
    assert ask(pipeline, "上海市某区测绘局2024年收入总计是多少").figures[0].value == D("330.00")


def test_a_quantity_asked_is_not_answered_with_a_meaning(pipeline):
    answer = ask(pipeline, "测绘局机关运行经费有多少？")
    assert answer.refused or answer.figures


def test_items_joined_by_jiashang_or_listed_in_brackets_are_all_added(pipeline):
    assert ask(pipeline, "测绘局水费加上电费，一年下来花多少？").figures[0].value == D("5.00")
    assert ask(pipeline, "测绘局日常开销（水费加电费）加起来多少？").figures[0].value == D("5.00")


def test_the_whole_budget_asked_in_everyday_words(pipeline):
    answer = ask(pipeline, "测绘局2024年一共花了多少钱？")
    assert answer.route == "the department's whole budget" and answer.figures[0].value == D("310.00")
    assert ask(pipeline, "测绘局政府采购预算总额是多少？").route != "the department's whole budget"


def test_a_count_is_never_answered_with_money(pipeline):
    answer = ask(pipeline, "测绘局公用经费一共花在了几个科目上？")
    assert answer.refused or answer.figures[0].unit not in ("元", "万元")


def test_the_kind_of_spending_asked_is_the_column_read(pipeline):
    answer = ask(pipeline, "测绘局2120101里面项目上的钱有多少？")
    assert answer.refused or (answer.figures[0].value == D("0.00") and "项目支出" in answer.citations[0].column)


def test_an_item_of_a_listing_that_no_row_names_leaves_the_sum_unstated(pipeline):
    answer = ask(pipeline, "测绘局水费加上委托中介做审计评价，两块一共花了多少？")
    assert answer.refused and not answer.figures  # 中 inside an item's words does not cut the listing short


def test_a_budget_glossary_term_is_asked_without_its_yusuan(pipeline):
    answer = ask(pipeline, "测绘局文件里说的机关运行经费到底指啥？")
    assert answer.citations and answer.citations[0].table == "名词解释"
