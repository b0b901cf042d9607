"""Facts stated only in prose (corpus/prose.py), on fixtures in the budget and final-accounts layouts."""
from decimal import Decimal

from corpus import parse_text

TABLE = """2026年部门支出预算总表
编制部门：某市某区某局 单位：元
科目编码\t科目名称\t合计
204\t公共安全支出\t100.00
"""

BUDGET = """某市某区2026年区级部门预算
预算主管部门：某市某区某局

某市某区某局机构设置
某市某区某局部门预算是包括本部以及下属2家预算单位的综合收支计划。
本部门中，行政单位1家，参公单位1家，事业单位1家，具体包括：
1. 某市某区某局（本部）。
2. 某市某区某中心。

""" + TABLE + """
其他相关情况说明
三、政府采购预算情况
2026年本部门政府采购预算120.5万元，其中：政府采购货物预算20万元、政府采购工程预算0万元、政府采购服务预算100.5
万元。
2026年本部门面向中小企业预留政府采购项目预算金额100万元，其中，预留给小型和微型企业的政府采购项目预算为80万元。
四、绩效目标设置情况
按照本区预算绩效管理工作的总体要求，本部门2个预算单位开展了2026年项目预算绩效目标编报工作，编报绩效目标的项目12个，涉
及项目预算资金345.6万元。
五、国有资产占有使用情况
截至2025年8月31日，某市某区某局共有车辆2辆，其中：执法执勤用车1辆、其他用车1辆；单价100万元（含）以上设备（不含车辆）1台（套）。
2026年部门预算安排购置车辆1辆，其中：其他用车1辆；部门预算安排购置单价100万元（含）以上设备（不含车辆）0台（套）。
"""

FINAL = """某市某区某局
2024 年度部门决算

目 录
二、部门决算单位构成
序号\t单位名称\t备注
1\t某市某区某局（本级）\t
2\t某市某区某局执法大队 （下属参公事业单位）\t
3\t某市某区某事务中 心（下属事业单位）\t

""" + TABLE.replace("2026年部门支出预算总表", "支出决算表") + """
十、预算绩效管理情况
全过程绩效管理实施情况：编报绩效目标的2024年度项目3个，涉及预算金额50.5万元；绩效自评的2024年度项目3个，涉
及预算金额50.5万元，平均得分98.5分。
十一、其他重要事项的情况说明
（二）政府采购支出情况
某市某区某局 2024 年度政府采购金额（以合同签订为准）为 30.25 万元，其中：货物采购金额 10.25

万元、工程采购金额 0 万元、服务采购金额 20 万元。
（三）国有资产占有使用情况说明
截至 2024 年 12 月 31 日，某市某区某局共有车辆 0 辆。单价 100 万元（含）以上设备（不含车辆）
2 台（套）。
"""


def figures(stated):
    return [(s.label, s.value, s.unit, s.source.line) for s in stated]


def test_budget_procurement_with_a_figure_wrapped_onto_the_next_line():
    doc = parse_text(BUDGET, "b")
    [found] = doc.procurement
    assert found.basis == "预算"
    assert figures(found.items) == [
        ("合计", Decimal("1205000.0"), "元", 17), ("货物", Decimal("200000"), "元", 17), ("工程", Decimal("0"), "元", 17),
        ("服务", Decimal("1005000.0"), "元", 17), ("面向中小企业预留", Decimal("1000000"), "元", 19),
        ("面向小微企业预留", Decimal("800000"), "元", 19)]
    assert found.item("服务").printed == "100.5万元" and found.item("服务").source.text.endswith("100.5")


def test_budget_assets_held_and_to_be_bought():
    held, planned = parse_text(BUDGET, "b").assets
    assert (held.when, held.planned, held.vehicles.value) == ("2025年8月31日", False, 2)
    assert figures(held.by_kind) == [("执法执勤用车", 1, "辆", 24), ("其他用车", 1, "辆", 24)]
    assert (held.equipment.value, held.equipment.unit, held.equipment.label) == (1, "台(套)", "单价100万元（含）以上设备（不含车辆）")
    assert (planned.when, planned.planned, planned.vehicles.value, planned.equipment.value) == ("2026年", True, 1, 0)


def test_budget_performance_coverage_and_unit_counts():
    doc = parse_text(BUDGET, "b")
    [coverage] = doc.performance
    assert (coverage.stage, coverage.projects.value, coverage.funds.value, coverage.budget_units.value) == (
        "编报绩效目标", 12, Decimal("3456000.0"), 2)
    assert coverage.funds.source.line == 22  # the figure sits on the wrapped line
    assert figures(doc.unit_counts) == [("行政单位", 1, "家", 6), ("参公单位", 1, "家", 6), ("事业单位", 1, "家", 6)]


def test_final_accounts_procurement_across_a_page_break_and_assets():
    doc = parse_text(FINAL, "f")
    [found] = doc.procurement
    assert found.basis == "金额"
    assert [(s.label, s.printed) for s in found.items] == [("合计", "30.25万元"), ("货物", "10.25万元"),
                                                           ("工程", "0万元"), ("服务", "20万元")]
    [held] = doc.assets
    assert (held.when, held.vehicles.value, held.by_kind, held.equipment.value) == ("2024年12月31日", 0, [], 2)
    assert held.equipment.source.line == held.vehicles.source.line + 1


def test_final_accounts_performance_stages_with_the_self_assessment_score():
    stages = parse_text(FINAL, "f").performance
    assert [(c.stage, c.projects.value, c.funds.value) for c in stages] == [
        ("编报绩效目标", 3, Decimal("505000.0")), ("绩效自评", 3, Decimal("505000.0"))]
    assert stages[1].score.value == Decimal("98.5") and stages[0].score is None


def test_listed_units_keep_the_kind_printed_beside_them():
    units = parse_text(FINAL, "f").org_units
    assert [(u.name, u.kind) for u in units] == [("某市某区某局（本级）", ""), ("某市某区某局执法大队", "参公"),
                                                 ("某市某区某事务中心", "事业")]


# the same facts in other provinces' words: vehicles in a list of assets or counted in 台 at the end of a year, and
# projects said to be 纳入绩效目标管理
OTHER_WORDS = """2026年某市某局部门预算
十二、预算绩效情况说明
2026 年度，本部门整体支出纳入绩效目标管理，涉及财政性资金 2,000.00 万元；本部门共 9 个项目纳入绩效目标管理，
涉及财政性资金合计 1,175.65 万元。
十四、国有资产占用情况说明
截至 2025 年底，本部门固定资产金额 900.00 万元，分布构成情况为：房屋 1,200.00 平方米，车辆 108 台，其中，
执法执勤用车 100 台。
收入总表
单位：万元
项目\t预算数
合计\t2,000.00
"""


def test_assets_and_performance_in_other_words():
    doc = parse_text(OTHER_WORDS, "o")
    [held] = doc.assets
    assert (held.when, held.planned, held.vehicles.value, held.vehicles.unit) == ("2025年底", False, 108, "台")
    assert figures(held.by_kind) == [("执法执勤用车", 100, "台", 7)]
    [coverage] = doc.performance
    assert (coverage.stage, coverage.projects.value, coverage.funds.value) == ("编报绩效目标", 9, Decimal("11756500"))
    assert coverage.funds.source.line == 4
