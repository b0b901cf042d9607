"""Project pages written as prose (corpus/project_pages.py), on fixtures in the Shanghai layout."""
from decimal import Decimal

from corpus import parse_text
from corpus.project_pages import is_page_start, page_end, read_project_page

TABLE = """某市某区2026年区级部门预算
预算主管部门：某市某区某局

2026年部门支出预算总表
编制部门：某市某区某局 单位：元
科目编码\t科目名称\t合计
204\t公共安全支出\t100.00

其他相关情况说明
一、政府采购预算情况
本部门无政府采购预算。
"""

PAGES = """法律援助项目经费情况说明
一、项目概述
为困难群众提供法律援助，保障合法权益，
促进社会公平。
二、立项依据
《法律援助法》。
三、实施主体
某市某区法律援助中心
五、实施周期
2026年1月1日-2026年12月31日
六、年度预算安排
1,234.5万元
七、绩效目标
全年办理法律援助案件不少于500件。

社区矫正项目经费情况说明
一、项目概况
开展社区矫正工作。
三、实施主体
某市某区某局
六、年度预算安排
按实际发生列支。
七、绩效目标
矫正对象再犯罪率低于0.2%。

项目经费情况说明
一、项目概况
由某街道办事处建设的某社区服务中心新建工程，位于某路。
三、实施主体
本工程由建设单位某街道办事处建设，监理单位进行全过程控制。
六、年度预算安排
第一季度用款计划10万元，第二季度用款计划20.5万元。
七、绩效目标
建成后作为社区服务场所。
"""


def test_a_project_page_is_read_as_a_form_citing_its_lines():
    doc = parse_text(TABLE + "\n" + PAGES, "sh")
    form = doc.forms[0]
    offset = len(TABLE.splitlines()) + 1
    assert (form.project, form.implementing_unit, form.period) == ("法律援助项目", "某市某区法律援助中心",
                                                                   "2026年1月1日-2026年12月31日")
    assert form.annual_funds_yuan == Decimal("12345000")
    fund = form.funds[0]
    assert (fund.printed, fund.printed_amount, fund.printed_unit) == ("1,234.5万元", Decimal("1234.5"), "万元")
    assert fund.source.line == offset + 12 and fund.source.text == "1,234.5万元"
    assert form.source.line == offset + 1
    assert form.narrative["项目概况"] == "为困难群众提供法律援助，保障合法权益，促进社会公平。"
    assert form.narrative["立项依据"] == "《法律援助法》。"
    assert form.goals["年度"] == "全年办理法律援助案件不少于500件。"
    assert form.field_lines["implementing_unit"] == offset + 7
    # the page is still read as headings and paragraphs too
    assert any(p.text == "《法律援助法》。" for p in doc.paragraphs)


def test_a_page_that_prints_no_amount_has_no_annual_funds():
    form = parse_text(TABLE + "\n" + PAGES, "sh").forms[1]
    assert form.project == "社区矫正项目"
    assert form.funds == [] and form.annual_funds_yuan is None


def test_a_page_without_a_project_name_in_its_title_takes_it_from_the_overview():
    form = parse_text(TABLE + "\n" + PAGES, "sh").forms[2]
    assert form.project == "某社区服务中心新建工程"
    assert form.implementing_unit == ""  # a sentence, kept as narrative
    assert form.narrative["实施主体"].startswith("本工程由建设单位")
    # amounts by quarter keep their own labels; the year's total is not printed
    assert [(f.period, f.source_name, f.amount) for f in form.funds] == [
        ("第一季度", "用款计划", Decimal("100000")), ("第二季度", "用款计划", Decimal("205000"))]
    assert form.annual_funds_yuan is None


def test_a_page_ends_at_the_next_page_and_a_title_needs_its_first_section():
    lines = PAGES.splitlines()
    assert is_page_start(lines, 0) and not is_page_start(["其他相关情况说明", "一、2026年三公经费预算情况说明"], 0)
    assert page_end(lines, 0) == 14
    form, warnings = read_project_page(lines, "sh", 0, page_end(lines, 0))
    assert form.line_end == 14 and not warnings


def test_an_unknown_section_is_kept_as_narrative_with_a_warning():
    lines = ["某项目经费情况说明", "一、项目概述", "概述。", "二、资金来源", "区级财力。"]
    form, warnings = read_project_page(lines, "sh", 0, len(lines))
    assert form.narrative["资金来源"] == "区级财力。"
    assert [w.line for w in warnings] == [4]
