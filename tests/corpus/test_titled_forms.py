"""Project forms printed under their project's title (corpus/titled_forms.py), on a fixture in that layout as the PDF
reader writes it (cells apart by tabs)."""
from decimal import Decimal

from corpus import parse_text
from corpus.titled_forms import is_titled_form_start

TABLE = """某市某局2026年部门预算
2026年度一般公共预算支出经济分类情况表
单位：万元
科目编码\t科目名称\t预算数
301\t工资福利支出\t100.00
"""

FORMS = """（二）绩效目标表及说明
1.项目支出绩效目标表
2 2

301007_某市某局某分局_办公场所综
合修缮改造项目绩效目标表

专项资金情 况（万元）\t资金总额：\t57.00\t\t
\t财政拨款：\t50.00\t\t
\t其他资金：\t7.00\t\t
项目实施期 目标\t完成办公场所改造，保障业务工作。\t\t\t
绩效目标指 标\t一级指标\t二级指标\t三级指标\t目标值
\t成本指标\t经济成本指 标\t预算执行率\t100%
\t产出指标\t时效指标\t改造完成及时率\t100%
\t\t数量指标\t完成停车场建设面 积\t700平方米
\t满意度指标\t服务对象满 意度指标\t服务对象满意率\t≥90%

2 3

看守所保障经费项目绩效目标表

专项资金情 况（万元）\t资金总额：\t1,111.50\t\t
\t财政拨款：\t1,111.50\t\t
\t其他资金：\t0.00\t\t
绩效目标指 标\t一级指标\t二级指标\t三级指标\t目标值
\t产出指标\t数量指标\t在押人员月均关押量\t≥600人

部门整体支出绩效目标表
（2026年度）
部门名称\t某市某局\t部门预算编码\t301\t
年度预算安排（万 元）\t资金总额\t81562.56\t\t
"""


def parsed():
    return parse_text(TABLE + FORMS, "doc", "某市某局", 2026, "预算")


def test_each_titled_form_is_read_with_its_unit_funds_goal_and_indicators():
    doc = parsed()
    assert [f.project for f in doc.forms] == ["办公场所综合修缮改造项目", "看守所保障经费项目"]
    first, second = doc.forms
    assert first.implementing_unit == "某市某局某分局"
    assert first.annual_funds_yuan == Decimal("570000.00")
    assert [(f.source_name, f.printed, f.printed_unit) for f in first.funds] == [
        ("资金总额", "57.00", "万元"), ("财政拨款", "50.00", "万元"), ("其他资金", "7.00", "万元")]
    assert first.goals["实施期"] == "完成办公场所改造，保障业务工作。"
    assert [(i.level1, i.level2, i.level3, i.value) for i in first.indicators] == [
        ("成本指标", "经济成本指标", "预算执行率", "100%"),
        ("产出指标", "时效指标", "改造完成及时率", "100%"),
        ("产出指标", "数量指标", "完成停车场建设面积", "700平方米"),  # a blank cell repeats the one above
        ("满意度指标", "服务对象满意度指标", "服务对象满意率", "≥90%")]
    assert second.annual_funds_yuan == Decimal("11115000.00") and second.implementing_unit == ""
    assert second.indicators[0].value == "≥600人"


def test_provenance_points_at_the_printed_lines():
    doc = parsed()
    lines = doc.lines
    first = doc.forms[0]
    assert lines[first.source.line - 1].startswith("301007_")
    total = first.fund("年度")
    assert "资金总额" in lines[total.source.line - 1] and "57.00" in lines[total.source.line - 1]
    assert "满意率" in lines[first.line_end - 1]


def test_the_forms_are_not_read_as_tables_and_the_other_pages_stay_as_they_were():
    doc = parsed()
    assert [t.title for t in doc.tables][0] == "2026年度一般公共预算支出经济分类情况表"
    assert not any("修缮改造" in t.title or "看守所" in t.title for t in doc.tables)
    assert not any(f.project.startswith("部门整体") for f in doc.forms)  # another layout, not a project's form


def test_a_title_not_followed_by_its_funds_opens_no_form():
    lines = FORMS.split("\n")
    heading = lines.index("1.项目支出绩效目标表")
    assert not is_titled_form_start(lines, heading)  # the section's heading: the next line is no funds block
    whole = lines.index("部门整体支出绩效目标表")
    assert not is_titled_form_start(lines, whole)
    assert not is_titled_form_start(["某项目绩效目标表", "该项目资金总额为57万元。"], 0)  # prose, not the block


def test_a_total_that_is_not_the_sum_of_its_sources_is_reported():
    doc = parse_text(TABLE + FORMS.replace("\t其他资金：\t7.00", "\t其他资金：\t8.00"), "doc", "某市某局", 2026, "预算")
    assert any("资金总额 57.00 ≠ the sum of its sources" in str(w) for w in doc.warnings)
    assert not any("≠ the sum" in str(w) for w in parsed().warnings)
