"""The prose-claim checks (audit/prose.py): each kind of error planted in a small 决算 in the 上海 layout,
the clean text raising nothing, the genre's legitimate other years, and the development documents."""
from pathlib import Path

import pytest

from audit.checks import audit
from audit.finding import DISCREPANCY, EXACT
from audit.prose import prose_claims, toc_entries, unjudged_comparisons
from corpus import load_document, parse_text

DEV = Path(__file__).resolve().parents[2].parent / "shared" / "corpus-dev"

FIXTURE = """测试区测试局
2024年度部门决算

目 录
第一部分 测试区测试局概况
第二部分 测试区测试局2024年度部门决算表
一、收入支出决算总表
二、支出决算表
第三部分 测试区测试局2024年度部门决算情况说明

第一部分 测试区测试局概况
测试区测试局负责测试工作。

第二部分 测试区测试局2024年度部门决算表
收入支出决算总表
单位：万元
收入\t\t支出\t
项目\t决算数\t项目\t决算数
一、一般公共预算财政拨款收入\t100.00\t一、一般公共服务支出\t100.00
本年收入合计\t100.00\t本年支出合计\t100.00

支出决算表
单位：万元
项目\t\t本年支出合计\t基本支出\t项目支出
科目编码\t科目名称\t\t\t
201\t一般公共服务支出\t100.00\t80.00\t20.00
合计\t\t100.00\t80.00\t20.00

第三部分 测试区测试局2024年度部门决算情况说明
一、收入支出决算总体情况说明
测试区测试局2024年度收入支出总计100.00万元。与2023年度相比，收入支出总计增加10.00万元。
二、一般公共预算财政拨款支出决算情况说明
一般公共服务支出年初预算为110.00万元，支出决算为100.00万元。决算数小于预算数的主要原因：项目调减。
其他支出年初预算为5.00万元，支出决算为5.00万元。决算数与预算数持平。
三、其他重要事项说明
截至2024年12月31日，测试区测试局共有车辆2辆。
"""


def claims(text: str = FIXTURE, year: int = 2024, kind: str = "决算"):
    return prose_claims(parse_text(text, "fixture", "测试区测试局", year, kind))


def planted(old: str, new: str, count: int = 1):
    assert old in FIXTURE, old
    return [f for f in claims(FIXTURE.replace(old, new, count)) if f.status == DISCREPANCY]


def test_the_clean_text_raises_nothing_and_every_check_reads_it():
    found = claims()
    assert {f.status for f in found} == {EXACT}
    assert {f.check for f in found} == {"comparison", "year_heading", "year_as_of", "year_period", "name_heading",
                                        "contents"}
    assert all(f.kind and f.severity == "ok" and f.explanation and f.citations for f in found)


def test_a_comparison_word_that_contradicts_its_amounts():
    wrong = planted("决算数小于预算数", "决算数大于预算数")
    assert [(f.check, f.kind, f.severity) for f in wrong] == [("comparison", "comparison", "error")]
    assert wrong[0].expression == "决算数 100.00万元 < 预算数 110.00万元，说明称「大于」"
    assert "矛盾" in wrong[0].explanation and wrong[0].citations[0].line == FIXTURE.splitlines().index(
        "一般公共服务支出年初预算为110.00万元，支出决算为100.00万元。决算数小于预算数的主要原因：项目调减。") + 1
    assert [f.check for f in planted("决算数与预算数持平", "决算数与预算数基本持平")] == []
    assert [f.check for f in planted("支出决算为5.00万元", "支出决算为4.00万元")] == ["comparison"]  # 持平, yet 4 ≠ 5


def test_a_comparison_by_year_uses_only_a_base_the_sentence_states():
    text = FIXTURE.replace("三、其他重要事项说明", "2023年当年预算执行数为8.00万元，2024年预算安排9.00万元，比2023年预算执行数减少。\n三、其他重要事项说明")
    wrong = [f for f in claims(text) if f.status == DISCREPANCY]
    assert [f.expression for f in wrong] == ["2024年数 9.00万元 > 2023年数 8.00万元，说明称「减少」"]
    # "与2023年度相比…增加10.00万元": last year's figure is not stated, so the word is not judged
    assert not [f for f in claims() if f.check == "comparison" and "增加" in f.expression]
    text = FIXTURE.replace("与2023年度相比，收入支出总计增加10.00万元", "收入支出总计比2023年度增加10.00万元")
    doc = parse_text(text, "fixture", "测试区测试局", 2024, "决算")
    assert [c.text for c in unjudged_comparisons(doc)] == ["比2023年度增加"]  # said to be unjudged, not judged
    assert not [f for f in prose_claims(doc) if f.check == "comparison" and "增加" in f.expression]


def test_a_heading_in_the_wrong_year():
    wrong = planted("第三部分 测试区测试局2024年度部门决算情况说明\n一、", "第三部分 测试区测试局2023年度部门决算情况说明\n一、")
    assert [(f.check, f.kind, f.severity, f.expression) for f in wrong] == [
        ("year_heading", "year", "warning", "2023 ≠ 2024")]


def test_an_as_of_date_and_a_period_in_the_wrong_year():
    assert [f.check for f in planted("截至2024年12月31日", "截至2023年12月31日")] == ["year_as_of"]
    assert [f.check for f in planted("测试区测试局2024年度收入支出总计", "测试区测试局2023年度收入支出总计")] == ["year_period"]
    assert [f.check for f in planted("与2023年度相比", "与2024年度相比")] == ["year_period"]  # a base is earlier


def test_the_genre_mentions_other_years_legitimately():
    # a budget is drawn up the year before: 截至2023年8月31日 and 2023年预算执行数 are right in a 2024 budget
    text = FIXTURE.replace("截至2024年12月31日", "截至2023年8月31日").replace("2024年度部门决算", "2024年部门预算")
    assert not [f for f in claims(text, 2024, "预算") if f.status == DISCREPANCY]
    assert [f.check for f in claims(text, 2024, "决算") if f.status == DISCREPANCY] == ["year_as_of"]


def test_a_placeholder_or_another_department_in_a_heading():
    wrong = planted("第一部分 测试区测试局概况\n测试区", "第一部分 测试区XX局概况\n测试区")
    assert [f.check for f in wrong] == ["name_heading"] and "占位符" in wrong[0].explanation
    wrong = planted("第二部分 测试区测试局2024年度部门决算表\n收入", "第二部分 测试区审计局2024年度部门决算表\n收入")
    assert [f.expression for f in wrong] == ["测试区审计局 ≠ 测试区测试局"] and "其他部门" in wrong[0].explanation


def test_the_contents_against_the_tables():
    assert [e.text for e in toc_entries(parse_text(FIXTURE, "fixture", "测试区测试局", 2024, "决算"))][:3] == [
        "第一部分 测试区测试局概况", "第二部分 测试区测试局2024年度部门决算表", "一、收入支出决算总表"]
    start, end = FIXTURE.index("支出决算表\n单位"), FIXTURE.index("第三部分 测试区测试局2024年度部门决算情况说明\n一")
    wrong = [f for f in claims(FIXTURE[:start] + FIXTURE[end:]) if f.status == DISCREPANCY]
    assert [(f.check, f.expression) for f in wrong] == [("contents", "二、支出决算表: 目录 1, 正文 0")]


def test_the_audit_reports_the_claims():
    found = audit(parse_text(FIXTURE.replace("决算数小于预算数", "决算数大于预算数"), "fixture", "测试区测试局", 2024, "决算"))
    assert "comparison" in {f.check for f in found if f.status == DISCREPANCY}


# ------------------------------------------------------------------------------ the development documents


@pytest.mark.skipif(not DEV.exists(), reason="../shared/corpus-dev is absent")
@pytest.mark.parametrize("name, expected", [
    ("sh_putuo_czj_2024_final", set()),
    ("sh_putuo_ghj_2024_final", {"上海市规划和自然资源局 ≠ 上海市普陀区规划和自然资源局"}),  # the city's bureau, not the district's
    ("sh_putuo_sfj_2026_budget", {"2026 ≥ 2026"}),  # 比2026年预算增加… in the 2026 budget
    ("sh_putuo_wanli_2024_budget", set()),
    ("sh_putuo_wanli_2025_budget", set()),
])
def test_dev_documents(name, expected):
    found = prose_claims(load_document(DEV / f"{name}.txt"))
    assert found and {f.expression for f in found if f.status == DISCREPANCY} == expected


def test_a_final_account_is_compared_with_its_full_year_budget_when_its_opening_budget_is_zero():
    from decimal import Decimal

    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "qa" / "final_zero_budget.txt"
    text = fixture.read_text(encoding="utf-8").replace("决算数大于年初预算数的主要原因：年中追加", "决算数小于预算数的主要原因：年中压减")
    comparisons = [f for f in audit(parse_text(text, "zero")) if f.check == "comparison"]
    assert [(f.status, f.expected, f.actual) for f in comparisons] == [("exact", Decimal("50.00"), Decimal("45.00"))]


def test_a_table_the_prose_declares_empty_is_not_flagged_and_a_conditional_note_declares_nothing():
    doc = parse_text("某市某局2026年部门预算\n政府性基金预算支出表\n单位：万元\n项目\t合计\n合计\t\n"
                     "国有资本经营预算支出表\n单位：万元\n项目\t合计\n合计\t\n"
                     "一般公共预算支出表\n单位：万元\n项目\t合计\n合计\t5.00\n"
                     "注：此表如无数字则表示单位无该项支出。\n"
                     "二、政府性基金预算支出情况说明\n本部门2026年没有使用政府性基金预算拨款安排的支出。\n", "e")
    flagged = {f.citations[0].table for f in audit(doc) if f.check == "completeness" and f.status == "discrepancy"}
    assert "政府性基金预算支出表" not in flagged and "国有资本经营预算支出表" in flagged
