"""corpus.forms: the 20 project forms of the seed document, and small synthetic forms for the odd layouts."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from corpus.forms import parse_forms

SEED = Path(__file__).resolve().parents[2] / "corpus" / "documents" / "datong_gaj_2023_budget.txt"
DOC = "datong-gaj-2023-budget"


@pytest.fixture(scope="module")
def seed_lines() -> list[str]:
    return SEED.read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="module")
def seed(seed_lines):
    return parse_forms(seed_lines, DOC)


def form_at(forms, line: int):
    """The form whose 项目名称 is on `line` (1-based)."""
    return next(f for f in forms if f.source.line == line)


def indicator(form, line: int, period: str):
    return next(i for i in form.indicators if i.source.line == line and i.period == period)


def amounts(form, period: str) -> dict[str, Decimal | None]:
    return {f.source_name: f.amount for f in form.funds if f.period == period}


def rows(*texts: str) -> list[str]:
    """Document lines from rows written with | between cells (a tab in the extracted text)."""
    return [text.replace("|", "\t") for text in texts]


# -- the seed ------------------------------------------------------------------------------------------------

def test_seed_has_twenty_forms_and_no_warnings(seed):
    forms, warnings = seed
    assert len(forms) == 20  # the two tables headed 项目名称 (lines 442, 536) are not forms
    assert warnings == []
    assert [f.source.line for f in forms][:3] == [614, 642, 672]


def test_seed_first_form_header_funds_and_contacts(seed, seed_lines):
    form = seed[0][0]
    assert form.project == "J基础性项目支出经费(办公费等)"
    assert form.department == "047-大同市公安局[部门]"
    assert form.implementing_unit == "大同市公安局森林公安分局"
    assert form.attribute == "经常性项目(长期开展)"
    assert form.period == "3年"
    assert (form.source.line, form.source.text, form.line_end) == (614, seed_lines[613], 640)
    assert amounts(form, "实施期") == {
        "资金总额": Decimal("2639700"), "中央财政资金": Decimal(0), "省级财政资金": Decimal(0),
        "市县财政资金": Decimal("2639700"), "单位自筹": Decimal(0), "其他资金": None,
    }
    assert amounts(form, "年度")["资金总额"] == form.annual_funds_yuan == Decimal("879900")
    city = form.fund("年度", "市县财政资金")
    assert (city.amount, city.source.line, city.source.text) == (Decimal("879900"), 620, seed_lines[619])
    assert form.contacts == {"负责人": "", "经办人": "薛有实", "联系电话": "13835219856", "填报日期": "20221230162156"}


@pytest.mark.parametrize("line, project, unit, period, total, annual", [
    (704, "MD大同市公共安全视频监控“全覆盖”购买服务项目", "大同市公安局", "3年", "607881600", "100000000"),
    (795, "QT辅警人员经费(工资、保险等)", "大同市公安局交通警察支队", "4年", "75266400", "18638800"),
    (888, "QT协管员人员经费", "大同市公安局云冈分局", "4年", "23092581.88", "5885400"),
    (976, "2大同市公安局五医院监管医疗监区改造项目", "大同市公安局", "1年", "1200000", "1200000"),
    (1145, "Z警察加班补贴", "大同市公安局", "3年", "29790200", "10038700"),
    (1174, "Z警察加班补贴", "大同市公安局交通警察支队", "4年", "14269600", "3626200"),
])
def test_seed_forms_across_layouts(seed, line, project, unit, period, total, annual):
    form = form_at(seed[0], line)
    assert (form.project, form.implementing_unit, form.period) == (project, unit, period)
    assert form.fund("实施期").amount == Decimal(total)
    assert form.annual_funds_yuan == Decimal(annual)
    # 市县(区)财政资 金 / 市(区)财政资 / 市、县(区) all read as one source, equal to the total here
    assert form.fund("实施期", "市县财政资金").amount == Decimal(total)
    assert form.fund("年度", "市县财政资金").amount == Decimal(annual)


def test_seed_fund_label_split_over_two_lines(seed, seed_lines):
    form = form_at(seed[0], 1145)  # 市县(区)财政资 on line 1151, its 金 alone on line 1152
    city = form.fund("实施期", "市县财政资金")
    assert (city.amount, city.source.line, city.source.text) == (Decimal("29790200"), 1151, seed_lines[1150])
    assert len(form.funds) == 12


def test_seed_narrative_and_goals(seed):
    forms = seed[0]
    assert form_at(forms, 642).narrative["立项依据"] == "《中华人民共和国看守所条例》"
    assert form_at(forms, 642).goals == {"实施期": "确保看守所工作环境质量，高效率运行看守所日常工作",
                                          "年度": "确保看守所正常运转"}
    # the lines after 项目实施计划 that repeat the cut-off tail of 保证项目实施的制度、措施 are not appended
    assert form_at(forms, 888).narrative["项目实施计划"] == "专款专用,按月及时发放"
    assert form_at(forms, 1088).narrative["项目实施计划"] == "本年度加班补助,通过严格警察考勤制度,核定加班总量后,下一年度发放。"
    assert set(form_at(forms, 1088).goals) == {"实施期"}  # its 年度 goal is blank in the source
    assert all(len(f.narrative) == 5 for f in forms)


def test_seed_indicators_inherit_levels_from_rows_above(seed, seed_lines):
    form = form_at(seed[0], 642)
    staff = indicator(form, 660, "实施期")  # 一级 and 二级 cells blank on this line
    assert (staff.level1, staff.level2, staff.level3, staff.value) == ("产出指标", "数量指标", "干警人数", "121人")
    assert (staff.source.line, staff.source.text) == (660, seed_lines[659])
    lasting = indicator(form, 668, "实施期")  # the row starts at the 二级指标, shifted into column 0
    assert (lasting.level1, lasting.level2, lasting.value) == ("效益指标", "可持续影响指标", "合格")
    cost = indicator(form, 664, "年度")
    assert (cost.level1, cost.level2, cost.level3, cost.value) == ("产出指标", "成本指标", "单位物业管理成本", "≤9.13元/平米")
    assert indicator(form, 669, "年度").level2 == "服务对象满意度指标"  # printed cut short: 服务对象满意度指


def test_seed_indicator_halves_in_a_different_order(seed):
    form = form_at(seed[0], 888)
    assert (indicator(form, 909, "实施期").level3, indicator(form, 909, "实施期").value) == ("取暖费", "255024元")
    assert (indicator(form, 909, "年度").level3, indicator(form, 909, "年度").value) == ("五险一金", "1558000元")
    shifted = indicator(form, 911, "年度")  # cells shifted left a column, level2 inherited
    assert (shifted.level2, shifted.level3, shifted.value) == ("成本指标", "取暖费", "255024元")


def test_seed_indicator_counts_and_sources(seed, seed_lines):
    forms = seed[0]
    benefit = indicator(form_at(forms, 735), 756, "年度")
    assert (benefit.level1, benefit.level2, benefit.level3) == ("产出指标", "成本指标", "福利费")
    assert benefit.value == "234.73万元"
    assert len(form_at(forms, 614).indicators) == 12
    for form in forms:
        assert {i.period for i in form.indicators} == {"实施期", "年度"}
        for item in [*form.indicators, *form.funds]:
            assert item.source.text == seed_lines[item.source.line - 1]
            assert form.source.line < item.source.line <= form.line_end


def test_seed_start_and_end_bound_the_search(seed_lines):
    forms, warnings = parse_forms(seed_lines, DOC, start=700, end=800)
    assert [f.source.line for f in forms] == [704, 735, 764, 795]
    assert form_at(forms, 795).annual_funds_yuan == Decimal("18638800")
    assert [(w.line, "no 绩效指标" in w.message) for w in warnings] == [(800, True)]


# -- synthetic forms ----------------------------------------------------------------------------------------

FORM = rows(
    "项目名称||测试项目",
    "主管部门及代码||001-测试局[部门]||实施单位||测试中心",
    "项目属性||经常性项目(长期开展)||项目期||2年",
    "项目资金(元)||实施期资金总额:||200,000||年度资金总额:||100,000",
    "||其中:中央财政资金||0||其中:中央财政资金||0",
    "||省级财政资金||0||省级财政资金||0",
    "||市县(区)财政资金||200,000||市县(区)财政资金||100,000",
    "||单位自筹||0||单位自筹||0",
    "||其他资金||||其他资金||",
    "项目概况||概况文字",
    "立项依据||依据文字",
    "项目设立必要性||必要性文字",
    "保证项目实施的制度、措施||按财务管理办法严格执行经费审批",
    "项目实施计划||计划文字",
    "实施期目标||||年度目标",
    "总体目标||两年目标||||本年目标",
    "绩效指标|一级指标|二级指标|三级指标|指标值|二级指标|三级指标|指标值",
    "|产出指标|数量指标|培训人数|100人|数量指标|培训人数|50人",
    "|||培训场次|4场||培训场次|2场",
    "|满意度指标|服务对象满意度指标|满意度|≥90%|服务对象满意度指标|满意度|≥95%",
    "负责人:|张三|经办人:|李四|联系电话:|12345|填报日期:|20230101",
)


def test_synthetic_standard_form():
    forms, warnings = parse_forms(FORM, "t")
    assert warnings == []
    form = forms[0]
    assert (form.project, form.department, form.implementing_unit) == ("测试项目", "001-测试局[部门]", "测试中心")
    assert form.goals == {"实施期": "两年目标", "年度": "本年目标"}
    assert [(i.period, i.level1, i.level2, i.level3, i.value) for i in form.indicators][2:4] == [
        ("实施期", "产出指标", "数量指标", "培训场次", "4场"), ("年度", "产出指标", "数量指标", "培训场次", "2场")]
    assert form.contacts["负责人"] == "张三" and form.line_end == len(FORM)


def test_labels_shifted_by_one_column():
    shifted = rows(
        "|项目名称|测试项目",
        "|主管部门及代码|001-测试局[部门]|实施单位|测试中心",
        "|项目属性|经常性项目（长期开展）|项目期|2年",
        "|项目资金（万元）|实施期资金总额：|20.5|年度资金总额：|10.25",
        "||其中：中央财政资金|0|其中：中央财政资金|0",
        "|省级财政资金|0|省级财政资金|0",  # one column left of the lines around it
        "||市、县（区）财政资|20.5|市、县（区）财政资金|10.25",
        "||金||金",
        "|||单位自筹||0|单位自筹|0",  # and one column right
        "|其他资金|||其他资金",
        "|项目概况|概况文字",
        "|总体目标|两年目标||本年目标",
        "|绩效指标|一级指标|二级指标|三级指标|指标值|二级指标|三级指标|指标值",
        "||产出指标|数量指标|培训人数|100人|数量指标|培训人数|50人",
        "|||培训场次|4场|培训场次|2场",  # the row slid left one column
        "||||工资|100元|||工资",  # the 年度 value is blank: the header's columns tell the halves apart
        "|负责人：|张三|经办人：|李四",
    )
    forms, warnings = parse_forms(shifted, "t")
    assert warnings == []
    form = forms[0]
    assert (form.project, form.implementing_unit, form.period) == ("测试项目", "测试中心", "2年")
    assert amounts(form, "年度") == {  # 万元 converted to 元
        "资金总额": Decimal("102500"), "中央财政资金": Decimal(0), "省级财政资金": Decimal(0),
        "市县财政资金": Decimal("102500"), "单位自筹": Decimal(0), "其他资金": None,
    }
    total = form.fund("年度")
    assert (total.printed, total.printed_amount, total.printed_unit) == ("10.25", Decimal("10.25"), "万元")
    sessions = indicator(form, 15, "年度")
    assert (sessions.level1, sessions.level2, sessions.level3) == ("产出指标", "数量指标", "培训场次")
    assert sessions.value == "2场"
    wages = [(i.period, i.level3, i.value) for i in form.indicators if i.source.line == 16]
    assert wages == [("实施期", "工资", "100元"), ("年度", "工资", "")]
    assert form.contacts == {"负责人": "张三", "经办人": "李四"}


def test_continuation_line_joins_the_field_above():
    lines = FORM[:10] + rows("||续写的概况", "|文字") + FORM[10:]
    form = parse_forms(lines, "t")[0][0]
    assert form.narrative["项目概况"] == "概况文字续写的概况文字"
    assert form.narrative["立项依据"] == "依据文字"


def test_spilled_tail_of_a_cell_is_not_appended():
    lines = FORM[:14] + rows("管理办法严格执行经费 审批") + FORM[14:]  # repeats the end of 保证项目实施的制度、措施
    forms, warnings = parse_forms(lines, "t")
    assert forms[0].narrative["项目实施计划"] == "计划文字" and warnings == []


def test_cut_off_form_is_kept_with_a_warning():
    lines = FORM[:12] + ["", "十一、国有资产占有使用情况", ""] + FORM
    forms, warnings = parse_forms(lines, "t")
    assert [f.source.line for f in forms] == [1, 16]
    assert forms[0].annual_funds_yuan == Decimal("100000") and forms[0].line_end == 12
    assert [(w.line, w.message) for w in warnings] == [(12, "测试项目: form cut off: no 绩效指标 part")]


def test_form_cut_off_before_its_funds_by_the_next_form():
    forms, warnings = parse_forms(FORM[:3] + FORM, "t")
    assert len(forms) == 2 and forms[0].funds == []
    assert {w.line for w in warnings} == {1, 3}
    assert any("no 年度资金总额" in w.message for w in warnings)


def test_sources_not_adding_up_to_the_annual_total():
    lines = list(FORM)
    lines[6] = lines[6].replace("100,000", "90,000")
    forms, warnings = parse_forms(lines, "t")
    assert forms[0].fund("年度", "市县财政资金").amount == Decimal("90000")  # reported, not repaired
    assert [(w.line, w.message) for w in warnings] == [
        (4, "测试项目: 年度资金总额 100,000.00 ≠ 90,000.00, the sum of its sources")]


def test_amount_that_does_not_parse():
    lines = list(FORM)
    lines[3] = lines[3].replace("100,000", "十万")
    forms, warnings = parse_forms(lines, "t")
    assert forms[0].fund("年度") is None
    assert [w.line for w in warnings] == [4, 1]
    assert "'十万'" in warnings[0].message and "no 年度资金总额" in warnings[1].message


def test_table_headed_by_project_name_is_not_a_form():
    table = rows("项目名称|合计|2023年财政拨款||财政专户管理资金", "||一般公共预算|政府性基金预算", "Z纪检经费|3.90|3.90")
    assert parse_forms(table, "t") == ([], [])
