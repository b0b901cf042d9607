"""The audit: every kind of finding planted in a small synthetic disclosure (seed layout), a rounding-only
and an all-exact case, what a careful reader finds on the seed, the JSON shape, and the dev documents."""
import json
import re
from decimal import Decimal as D
from pathlib import Path

import pytest

from audit import __main__ as audit_cli
from audit.checks import DISCREPANCY, EXACT, ROUNDING, audit, findings_for
from corpus import load_document, parse_text

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpus" / "documents" / "datong_gaj_2023_budget.txt"
DEV = ROOT.parent / "shared" / "corpus-dev"

# A consistent disclosure in the seed's layout: every identity holds exactly.
FIXTURE = """测试局[部门]

2023年度部门预算公开

第二部分 2023年部门预算报表

2023年预算收支总表

部门名称：测试局[部门]

单位：万元

收入\t\t支出\t\t\t
项目\t2023年\t项目\t2023年合计\t当年预算安排\t上年结转安排
一、一般公共预算\t300.00\t一、公共安全支出\t250.00\t250.00\t
二、政府性基金预算\t20.00\t二、城乡社区支出\t20.00\t20.00\t
三、国有资本经营预算\t\t三、住房保障支出\t50.00\t50.00\t
本年收入合计\t320.00\t本年支出合计\t320.00\t320.00\t
上年结转\t\t年终结转\t\t\t
收入总计\t320.00\t支出总计\t320.00\t320.00\t

2023年预算收入总表

部门名称：测试局[部门]

单位：万元

项目\t\t本年收入\t\t\t\t\t\t上年结转
科目编码\t科目名称\t合计\t一般公共预算\t政府性基金\t国有资本经营预算\t财政专户管理资金\t单位资金\t
合计\t\t320.00\t300.00\t20.00\t\t\t\t
204\t公共安全支出\t250.00\t250.00\t\t\t\t\t
20402\t公安\t250.00\t250.00\t\t\t\t\t
2040201\t行政运行\t200.00\t200.00\t\t\t\t\t
2040299\t其他公安支出\t50.00\t50.00\t\t\t\t\t
212\t城乡社区支出\t20.00\t\t20.00\t\t\t\t
21208\t国有土地使用权出让收入安排的支出\t20.00\t\t20.00\t\t\t\t
2120899\t其他国有土地使用权出让收入安排的支出\t20.00\t\t20.00\t\t\t\t
221\t住房保障支出\t50.00\t50.00\t\t\t\t\t
22102\t住房改革支出\t50.00\t50.00\t\t\t\t\t
2210201\t住房公积金\t50.00\t50.00\t\t\t\t\t

2023年预算支出总表

部门名称：测试局[部门]

单位：万元

项目\t\t2023年预算数\t\t
科目编码\t科目名称\t合计\t基本支出\t项目支出
合计\t\t320.00\t230.00\t90.00
204\t公共安全支出\t250.00\t180.00\t70.00
20402\t公安\t250.00\t180.00\t70.00
2040201\t行政运行\t200.00\t180.00\t20.00
2040299\t其他公安支出\t50.00\t\t50.00
212\t城乡社区支出\t20.00\t\t20.00
21208\t国有土地使用权出让收入安排的支出\t20.00\t\t20.00
2120899\t其他国有土地使用权出让收入安排的支出\t20.00\t\t20.00
221\t住房保障支出\t50.00\t50.00\t
22102\t住房改革支出\t50.00\t50.00\t
2210201\t住房公积金\t50.00\t50.00\t

2023年财政拨款收支总表

部门名称：测试局[部门]

单位：万元

收入\t\t支出\t\t\t\t
项目\t金额\t项目\t金额\t\t\t
\t\t\t小计\t一般公共预算\t政府性基金预算\t国有资本经营预算
一、一般公共预算\t300.00\t一、公共安全支出\t250.00\t250.00\t\t
二、政府性基金预算\t20.00\t二、城乡社区支出\t20.00\t\t20.00\t
三、国有资本经营预算\t\t三、住房保障支出\t50.00\t50.00\t\t
本年收入合计\t320.00\t本年支出合计\t320.00\t300.00\t20.00\t
收入总计\t320.00\t支出总计\t320.00\t300.00\t20.00\t

2023年一般公共预算支出预算表（不含上年结转）

部门名称：测试局[部门]

单位：万元

项目\t\t2023年预算数\t\t
科目编码\t科目名称\t合计\t基本支出\t项目支出
合计\t\t300.00\t230.00\t70.00
204\t公共安全支出\t250.00\t180.00\t70.00
20402\t公安\t250.00\t180.00\t70.00
2040201\t行政运行\t200.00\t180.00\t20.00
2040299\t其他公安支出\t50.00\t\t50.00
221\t住房保障支出\t50.00\t50.00\t
22102\t住房改革支出\t50.00\t50.00\t
2210201\t住房公积金\t50.00\t50.00\t

2023年一般公共预算安排基本支出分经济科目表（不含上年结转）

部门名称：测试局[部门]

单位：万元

部门预算支出经济科目名称\t政府预算支出经济科目名称\t2023年预算数\t\t
\t\t合计\t人员经费\t公用经费
合计\t\t230.00\t200.00\t30.00
工资福利支出\t\t200.00\t200.00\t
基本工资\t工资奖金津补贴\t150.00\t150.00\t
住房公积金\t住房公积金\t50.00\t50.00\t
商品和服务支出\t\t30.00\t\t30.00
办公费\t办公经费\t20.00\t\t20.00
公务接待费\t公务接待费\t4.00\t\t4.00
公务用车运行维护费\t公务用车运行维护费\t6.00\t\t6.00

2023年政府性基金预算支出表（不含上年结转）

部门名称：测试局[部门]

单位：万元

科目编码\t科目名称\t合计\t基本支出\t项目支出
合计\t\t20.00\t\t20.00
212\t城乡社区支出\t20.00\t\t20.00
21208\t国有土地使用权出让收入安排的支出\t20.00\t\t20.00
2120899\t其他国有土地使用权出让收入安排的支出\t20.00\t\t20.00

2023年国有资本经营预算收支预算表（不含上年结转）

部门名称：测试局[部门]

单位：万元

国有资本经营预算收入\t\t国有资本经营预算支出\t\t\t\t\t
项目\t\t国有资本经营收入预算\t科目编码\t科目名称\t合计\t基本支出\t项目支出
收入科目编码\t科目名称\t\t\t\t\t\t
合计\t\t\t\t\t\t\t

注：本表无数据

2023年一般公共预算“三公”经费支出预算表

部门名称：测试局[部门]

单位：万元

项目\t2023年预算数\t\t\t
\t合计\t一般公共预算\t政府性基金预算\t国有资本经营预算
因公出国（境）费\t\t\t\t
公务接待费\t4.00\t4.00\t\t
公务用车购置及运行费\t6.00\t6.00\t\t
①公务用车购置费\t\t\t\t
②公务用车运行维护费\t6.00\t6.00\t\t
合计\t10.00\t10.00\t\t

2023年机关运行经费预算财政拨款情况统计表

部门名称：测试局[部门]

单位：万元

单位名称\t2023预算数\t\t\t
\t合计\t一般公共预算\t政府性基金预算\t国有资本经营预算
部门合计\t30.00\t30.00\t\t
测试局\t18.00\t18.00\t\t
测试局第一分局\t12.00\t12.00\t\t

2023年项目支出预算表（本年预算）

部门名称：测试局[部门]

单位：万元

项目名称\t合计\t2023年财政拨款\t\t\t财政专户管理资金\t单位资金
\t\t一般公共预算\t政府性基金预算\t国有资本经营预算\t\t
1\t2\t3\t4\t5\t6\t7
Z办案经费\t50.00\t50.00\t\t\t\t
Z警察加班补贴\t12.00\t12.00\t\t\t\t
Z警察加班补贴\t8.00\t8.00\t\t\t\t
Z监区改造项目\t20.00\t\t20.00\t\t\t

第三部分 2023年度部门预算情况说明

一、部门预算收支数据变动情况及原因

2023年度预算收入总计320.00万元，其中：本年收入320.00万元，上年结转0.00万元，比上年增加20.00万元，增加6.67%，主要原因是基本支出增加15.00万元，项目支出增加5.00万元。

二、收入预算情况说明

2023年度预算收入320.00万元，主要包括一般公共预算拨款收入300.00万元，占93.75%；政府性基金预算拨款收入20.00万元，占6.25%。

三、支出预算情况说明

2023年度支出预算320.00万元，其中：基本支出230.00万元，占71.88%；项目支出90.00万元，占28.13%。

七、“三公”经费增减变动原因说明

2023年财政拨款安排的“三公”经费预算10.00万元，其中：公务接待费4.00万元，公务用车运行维护费6.00万元。

八、机关运行经费增减变动原因说明

2023年测试局的机关运行经费财政拨款预算30.00万元，比2022年预算同口径减少3.00万元，减少9.09%。

十、绩效管理情况

项目名称\t\tZ警察加班补贴\t\t\t\t\t\t
主管部门及代码\t\t001-测试局[部门]\t\t实施单位\t\t测试局第一分局\t\t
项目属性\t\t经常性项目（长期开展）\t\t\t项目期\t\t3年\t
项目资金 (元)\t实施期资金总额:\t360,000\t\t年度资金总额:\t120,000\t\t\t
\t其中:中央财政资金\t0\t\t其中:中央财政资金\t0\t\t\t
\t单位自筹\t0\t\t单位自筹\t0\t\t\t
项目概况\t加班补贴。\t\t\t\t\t\t\t
负责人:\t经办人:\t张三\t联系电话:\t13800000000\t填报日期:\t20230101\t\t

第四部分 名词解释

一、基本支出：指保障机构正常运转的支出。
"""


def findings(text: str = FIXTURE):
    return audit(parse_text(text, "fixture", "测试局", 2023, "预算"))


def planted(old: str, new: str):
    assert old in FIXTURE, old
    return findings(FIXTURE.replace(old, new, 1))


def of(found, check: str, status: str = DISCREPANCY):
    return [f for f in found if f.check == check and f.status == status]


def line_of(text: str) -> int:
    return next(i for i, line in enumerate(FIXTURE.splitlines(), 1) if line.startswith(text))


# ------------------------------------------------------------------------------ the synthetic document


def test_a_consistent_disclosure_raises_nothing():
    found = findings()
    assert found and {f.status for f in found} == {EXACT}
    checks = {f.check for f in found}
    assert {"parent_sum", "total_row", "column_sum", "cross_table", "narrative_amount", "narrative_share",
            "narrative_change", "narrative_reasons", "narrative_parts", "form_vs_table", "completeness"} <= checks


def test_a_parent_that_is_not_the_sum_of_its_children():
    found = planted("2040299\t其他公安支出\t50.00\t50.00", "2040299\t其他公安支出\t52.00\t52.00")  # 收入总表
    wrong = of(found, "parent_sum")
    assert [f.expression for f in wrong] == ["200.00 + 52.00 = 252.00 ≠ 250.00"] * 2  # 合计 and 一般公共预算
    assert wrong[0].citations[-1].row == "公安"
    assert wrong[0].citations[1].text.startswith("2040299\t其他公安支出\t52.00")


def test_a_total_row_that_is_not_the_sum_of_its_rows():
    found = planted("部门合计\t30.00\t30.00", "部门合计\t31.00\t31.00")
    wrong = of(found, "total_row")
    assert [f.expression for f in wrong] == ["18.00 + 12.00 = 30.00 ≠ 31.00"] * 2


def test_a_total_column_that_is_not_the_sum_of_its_parts():
    found = planted("Z办案经费\t50.00\t50.00", "Z办案经费\t50.00\t49.00")
    wrong = of(found, "column_sum")
    assert len(wrong) == 1 and wrong[0].expected == D("49.00") and wrong[0].actual == D("50.00")
    # 合计 = the funding columns, derived from the header paths (财政拨款 has no 小计: its three columns count)
    assert [c.column for c in wrong[0].citations] == [
        "2023年财政拨款/一般公共预算", "2023年财政拨款/政府性基金预算", "2023年财政拨款/国有资本经营预算",
        "财政专户管理资金", "单位资金", "合计"]


def test_tables_that_disagree_with_each_other():
    # the economic table still adds up, but its 公务接待费 is no longer the 三公 table's
    found = planted("办公费\t办公经费\t20.00\t\t20.00\n公务接待费\t公务接待费\t4.00\t\t4.00",
                    "办公费\t办公经费\t19.00\t\t19.00\n公务接待费\t公务接待费\t5.00\t\t5.00")
    wrong = [f for f in found if f.status != EXACT]
    assert [f.check for f in wrong] == ["cross_table"]
    assert "公务接待费" in wrong[0].explanation and {c.table for c in wrong[0].citations} == {
        "2023年一般公共预算“三公”经费支出预算表", "2023年一般公共预算安排基本支出分经济科目表（不含上年结转）"}


def test_the_general_budget_table_leaves_out_other_funds_by_design():
    project = [f for f in findings() if "项目支出 = 支出总表项目支出 − 其他资金" in f.explanation]
    assert project[0].status == EXACT and project[0].expression == "90.00 - 20.00 = 70.00 = 70.00"
    assert "不含政府性基金" in project[0].explanation


def test_a_stated_amount_that_is_not_the_tables():
    found = planted("基本支出230.00万元", "基本支出231.00万元")
    wrong = of(found, "narrative_amount")
    assert len(wrong) == 1 and wrong[0].expected == D("230.00") and wrong[0].actual == D("231.00")
    assert {c.table for c in wrong[0].citations} == {"2023年预算支出总表", "三、支出预算情况说明"}


def test_a_stated_share_that_does_not_recompute():
    wrong = of(planted("占71.88%", "占72.88%"), "narrative_share")
    assert [f.expression for f in wrong] == ["230.00 / 320.00 × 100% = 71.88% ≠ 72.88%"]


def test_a_stated_change_percentage_that_does_not_recompute():
    wrong = of(planted("增加6.67%", "增加7.67%"), "narrative_change")
    assert [f.expression for f in wrong] == ["20.00 / (320.00 - 20.00) × 100% = 6.67% ≠ 7.67%"]
    wrong = of(planted("减少9.09%", "减少9.99%"), "narrative_change")
    assert [f.expression for f in wrong] == ["3.00 / (30.00 + 3.00) × 100% = 9.09% ≠ 9.99%"]


def test_explained_parts_that_do_not_make_the_change():
    wrong = of(planted("项目支出增加5.00万元", "项目支出增加4.00万元"), "narrative_reasons")
    assert [f.expression for f in wrong] == ["15.00 + 4.00 = 19.00 ≠ 20.00"]


def test_listed_parts_that_do_not_make_the_whole():
    wrong = of(planted("公务用车运行维护费6.00万元。", "公务用车运行维护费7.00万元。"), "narrative_parts")
    assert [f.expression for f in wrong] == ["4.00 + 7.00 = 11.00 ≠ 10.00"]


def test_a_form_against_the_project_table():
    wrong = of(planted("年度资金总额:\t120,000", "年度资金总额:\t130,000"), "form_vs_table")
    assert len(wrong) == 1 and wrong[0].expected == D("12.00") and wrong[0].actual == D("13.0000")
    assert [c.line for c in wrong[0].citations] == [line_of("Z警察加班补贴\t12.00"), line_of("项目资金 (元)")]
    # the same name twice in the table: the form pairs with the row of its amount
    matched = [f for f in findings() if f.check == "form_vs_table"]
    assert matched[0].status == EXACT and matched[0].citations[0].line == line_of("Z警察加班补贴\t12.00")


def test_a_form_with_no_row_in_the_project_table():
    wrong = of(planted("项目名称\t\tZ警察加班补贴", "项目名称\t\tZ不存在的项目"), "form_vs_table")
    assert len(wrong) == 1 and "没有同名项目" in wrong[0].explanation


def test_a_missing_standard_table():
    text = FIXTURE.replace("2023年一般公共预算“三公”经费支出预算表", "2023年一般公共预算某某经费支出预算表", 1)
    wrong = of(findings(text), "completeness")
    assert [f.expression for f in wrong] == ["三公: 应有 1 张, 实有 0 张"]


def test_an_empty_table_must_say_so():
    wrong = of(planted("注：本表无数据", ""), "completeness")
    assert [f.expression for f in wrong] == ["国有资本经营表: 有表无数、未注明"]


def test_gaps_within_the_printed_rounding_are_rounding():
    found = planted("2040201\t行政运行\t200.00\t180.00\t20.00\n2040299",
                    "2040201\t行政运行\t200.00\t179.99\t20.00\n2040299")
    assert not of(found, "column_sum") and not [f for f in found if f.status == DISCREPANCY]
    rounding = [f for f in found if f.status == ROUNDING]
    assert {f.check for f in rounding} == {"column_sum", "parent_sum"}
    assert "179.99 + 20.00 = 199.99 ≈ 200.00" in [f.expression for f in rounding]
    assert all("舍入差异" in f.explanation for f in rounding)


# The 上海 layout: figures in whole 元, sub-items enumerated 1. 2. under 一、
YUAN = """2024年部门财务收支预算总表
编制部门：测试街道 单位：元

本年收入\t\t本年支出\t
项目\t预算数\t项目\t预算数
一、财政拨款收入\t1,000\t一、一般公共服务支出\t600
1. 一般公共预算资金\t1,000\t二、公共安全支出\t401
2. 政府性基金\t\t\t
二、事业收入\t\t\t
收入总计\t1,000\t支出总计\t1,000
"""


def test_enumerated_sub_items_belong_to_their_row_and_whole_yuan_round_by_half_a_yuan():
    found = audit(parse_text(YUAN, "yuan", "测试街道", 2024, "预算"))
    by_check = {(f.check, f.expression): f.status for f in found}
    assert by_check[("parent_sum", "1000 = 1000")] == EXACT  # 一般公共预算资金 under 财政拨款收入
    assert by_check[("total_row", "1000 = 1000")] == EXACT  # the sub-item is not counted twice
    assert by_check[("total_row", "600 + 401 = 1001 ≈ 1000")] == ROUNDING  # within 3 × ±0.5元
    found = audit(parse_text(YUAN.replace("1. 一般公共预算资金\t1,000", "1. 一般公共预算资金\t990"), "yuan"))
    wrong = [f.expression for f in found if f.status == DISCREPANCY and f.check != "completeness"]
    assert wrong == ["990 ≠ 1000"]  # one table alone: the other standard tables are reported missing


def test_findings_for_a_line():
    found = planted("Z办案经费\t50.00\t50.00", "Z办案经费\t50.00\t49.00")
    # the row's own columns, and the project table's 一般公共预算 column against the 一般公共预算 table
    assert [f.check for f in findings_for(found, line_of("Z办案经费"))] == ["column_sum", "cross_table"]
    assert findings_for(found, line_of("测试局第一分局")) == []


# ------------------------------------------------------------------------------ the seed


@pytest.fixture(scope="module")
def seed_doc():
    return load_document(SEED)


@pytest.fixture(scope="module")
def seed(seed_doc):
    return audit(seed_doc)


def test_seed_discrepancies_are_the_ones_a_careful_reader_finds(seed):
    wrong = sorted((f.check, f.expression) for f in seed if f.status == DISCREPANCY)
    assert wrong == [
        ("form_vs_table", "257.23 ≠ 267.23"),
        ("narrative_change", "0.09 / (18643.77 + 0.09) × 100% = 0.00% ≠ 0.01%"),
        ("narrative_reasons", "5456.06 + 1903.09 = 7359.15 ≠ 7479.15"),  # 收入 …
        ("narrative_reasons", "5456.06 + 1903.09 = 7359.15 ≠ 7479.15"),  # … and 支出 say the same
    ]
    form = next(f for f in seed if f.check == "form_vs_table" and f.status == DISCREPANCY)
    assert "J物业管理服务费" in form.explanation and "2672300元" in form.explanation


def test_seed_project_expenditure_gap_is_the_government_fund(seed):
    gap = next(f for f in seed if "一般公共预算支出表项目支出 = 支出总表项目支出" in f.explanation)
    assert gap.status == EXACT and gap.expression == "38482.65 - 120.00 = 38362.65 = 38362.65"
    assert "120.00万元" in gap.explanation


def test_seed_rounding_is_reported_as_rounding(seed, seed_doc):
    rows = next(f for f in seed if f.check == "cross_table" and "项目支出表合计" in f.explanation)
    assert rows.status == ROUNDING and (rows.expected, rows.actual) == (D("38482.65"), D("38482.66"))
    project = seed_doc.table("项目支出预算表（本年预算）")
    assert {c.line for c in rows.citations if c.table == project.title} == {r.source.line for r in project.rows}
    assert [c.table for c in rows.citations if c.table != project.title] == ["2023年预算支出总表"]  # its figure
    by_expression = {f.expression: f.status for f in seed}
    assert by_expression["55043.70 + 38005.87 = 93049.57 ≈ 93049.56"] == ROUNDING  # 基本 + 项目
    wages = next(f for f in seed if f.check == "parent_sum" and "工资福利支出" in f.explanation)
    assert wages.status == ROUNDING and abs(wages.expected - wages.actual) == D("0.02")


def test_seed_identities_that_hold_are_exact(seed, seed_doc):
    by_what = {(f.check, f.expression): f.status for f in seed}
    assert by_what[("narrative_change", "7479.15 / (108057.24 - 7479.15) × 100% = 7.44% = 7.44%")] == EXACT
    assert by_what[("narrative_share", "69574.59 / 108057.24 × 100% = 64.39% = 64.39%")] == EXACT
    assert by_what[("cross_table", "1556.10 + 16.00 = 1572.10 = 1572.10")] == EXACT  # 三公 vs economic rows
    units = next(f for f in seed if f.check == "total_row" and "部门合计" in f.explanation)
    table = seed_doc.table("机关运行经费预算财政拨款情况统计表")
    assert units.status == EXACT and {c.line for c in units.citations} == {r.source.line for r in table.rows}
    assert all(f.status == EXACT for f in seed if f.check == "completeness")


# ------------------------------------------------------------------------------ the command line


def test_json_output_shape(capsys):
    assert audit_cli.main(["--json", str(SEED)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["findings"] and data["findings"]
    for f in data["findings"]:
        assert set(f) == {"check", "status", "expression", "expected", "actual", "citations", "explanation",
                          "kind", "severity"}
        assert f["status"] in (EXACT, ROUNDING, DISCREPANCY)
        assert f["severity"] in ("ok", "info", "warning", "error") and f["kind"] and f["explanation"]
        D(f["expected"]), D(f["actual"])  # decimals as strings
        assert f["citations"]
        assert all(set(c) == {"doc", "table", "row", "column", "line", "text"} for c in f["citations"])


def test_every_finding_cites_its_source_lines(seed):
    for f in seed:
        assert f.citations and all(c.line and c.text for c in f.citations), f.expression


def test_rounding_differences_are_within_the_tolerance_they_state(seed):
    rounding = [f for f in seed if f.status == ROUNDING]
    assert rounding
    for f in rounding:
        stated = re.search(r"相差 ([\d.,]+)(万元|元)，不超过.*?容差 ([\d.,]+)\2", f.explanation)
        assert stated, f.explanation
        gap, slack = (D(stated.group(i).replace(",", "")) for i in (1, 3))
        assert 0 < gap == abs(f.expected - f.actual) <= slack, f.expression


def test_text_output_summarises_then_explains(capsys, seed):
    assert audit_cli.main([str(SEED)]) == 0
    out = capsys.readouterr().out
    counts = {status: sum(f.status == status for f in seed) for status in (EXACT, ROUNDING, DISCREPANCY)}
    assert f"核对 {len(seed)} 项 — 一致 {counts[EXACT]}，舍入 {counts[ROUNDING]}，不一致 {counts[DISCREPANCY]}" \
        in out.splitlines()[0]
    assert f"不一致（{counts[DISCREPANCY]}）" in out and f"舍入差异（{counts[ROUNDING]}）" in out
    assert "验算：5456.06 + 1903.09 = 7359.15 ≠ 7479.15" in out  # a known discrepancy, explained


def test_an_unknown_document_is_an_error(capsys):
    assert audit_cli.main(["no-such-document"]) == 2
    assert "neither a document id" in capsys.readouterr().err


def test_qa_audit_is_an_alias_of_python_m_audit(capsys):
    from qa.__main__ import main as qa_main
    assert audit_cli.main(["--json", str(SEED)]) == 0
    direct = capsys.readouterr().out
    assert qa_main(["audit", "--json", str(SEED)]) == 0
    assert capsys.readouterr().out == direct
    assert qa_main(["audit", "no-such-document"]) == 2
    assert capsys.readouterr().err.startswith("qa audit: ")


# ------------------------------------------------------------------------------ the development documents


@pytest.mark.skipif(not DEV.exists(), reason="../shared/corpus-dev is absent")
@pytest.mark.parametrize("name, expected", [
    ("sh_putuo_czj_2024_final", {"2961.68 ≠ 0.30", "2106.66 / 2940.05 × 100% = 71.65% ≠ 71.73%"}),
    ("sh_putuo_wanli_2024_budget", {"(352.67 - 348.52) / 348.52 × 100% = 1.19% ≠ 0.53%", "三公: 注明为空表却有数字"}),
    ("sh_putuo_wanli_2025_budget", set()),
])
def test_dev_documents(name, expected):
    found = audit(load_document(DEV / f"{name}.txt"))
    assert found and {f.expression for f in found if f.status == DISCREPANCY} == expected


def test_a_change_uses_only_the_base_its_sentence_states():
    # "决算数比上年减少…" after a sentence opening with 年初预算: last year's 决算 is not stated, so no finding
    text = FIXTURE.replace("2023年测试局的机关运行经费财政拨款预算30.00万元，比2022年预算同口径减少3.00万元，减少9.09%。",
                           "机关运行经费年初预算为30.00万元，支出决算为20.00万元。机关运行经费决算数比上年减少3.00万元，下降13.04%。")
    found = audit(parse_text(text, "fixture", "测试局", 2023, "决算"))
    assert not [f for f in found if f.check == "narrative_change" and "13.04" in f.expression]


def test_markdown_and_csv_exports(capsys, seed):
    assert audit_cli.main(["--markdown", str(SEED)]) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("## datong_gaj_2023_budget") and "| 状态 | 严重度 | 类别 | 核对 | 说明 | 验算 | 来源 |" in markdown
    assert markdown.count("| 不一致 |") == sum(f.status == DISCREPANCY for f in seed)  # one row per discrepancy
    assert audit_cli.main(["--csv", str(SEED)]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0] == "doc,check,name,kind,severity,status,expression,expected,actual,explanation,citations"
    assert len(rows) == 1 + len(seed)  # one row per finding


def test_an_empty_table_may_say_so_in_the_line_after_its_note():
    # a 决算 layout: the note describes the table, a 说明 line after it says there is nothing to show
    assert of(planted("注：本表无数据", "注：本表反映国有资本经营预算收支情况。\n说明：测试局本年度没有国有资本经营预算拨款支出。"),
              "completeness") == []
    assert of(planted("注：本表无数据", "注：本表反映国有资本经营预算收支情况。"), "completeness")


def test_any_table_printed_without_figures_must_say_so():
    doc = parse_text(FIXTURE, "fixture", "测试局", 2023, "预算")
    table = next(t for t in doc.tables if "项目支出" in t.title)  # no standard table the template requires
    lines = FIXTURE.split("\n")
    for row in table.rows:
        printed = {c.raw.strip() for c in row.cells if c.value is not None}
        lines[row.source.line - 1] = "\t".join("" if f.strip() in printed else f for f in lines[row.source.line - 1].split("\t"))
    wrong = of(findings("\n".join(lines)), "completeness")
    assert [f.explanation for f in wrong] == [f"{table.title}没有任何数字，也没有注明本表无数据。"]
