"""Layouts beyond the seed, on small fixtures written in those layouts, and the dev corpus when present."""
from decimal import Decimal
from pathlib import Path

import pytest

from corpus import load_document, parse_text

SHANGHAI_STYLE = """上海市某区2024年区级部门预算
预算主管部门：上海市某区某街道办事处

2024年部门支出预算总表
编制部门：上海市某区某街道办事处 单位：元

项目\t\t\t\t支出预算\t\t
功能分类科目编码\t\t\t功能分类科目名称\t合计\t基本支出\t项目支出
类\t款\t项\t\t\t\t
201\t\t\t一般公共服务支出\t2,932,700\t0\t2,932,700
201\t05\t\t统计信息事务\t257,700\t0\t257,700
201\t05\t07\t专项普查活动\t257,700\t0\t257,700


项目\t\t\t\t支出预算\t\t
功能分类科目编码\t\t\t功能分类科目名称\t合计\t基本支出\t项目支出
类\t款\t项\t\t\t\t
208\t\t\t社会保障和就业支出\t1,000\t1,000\t0
208\t5\t\t行政事业单位养老支出\t1,000\t1,000\t0
208\t5\t1\t行政单位离退休\t1,000\t1,000\t0
合计\t2,933,700\t1,000\t2,932,700

部门“三公”经费和机关运行经费预算表
编制部门：上海市某区某街道办事处 单位:万元

2024年“三公”经费预算数\t\t\t\t\t\t2024年机关运行经 费预算数
合计\t因公出国(境)费\t公务接待费\t公务用车购置及运行费\t\t\t
\t\t\t小计\t购置费\t运行费\t
47.91\t0\t1.35\t46.56\t25\t21.56\t443.18

其他相关情况说明
"""


def test_split_codes_unpadded_and_repeated_header():
    doc = parse_text(SHANGHAI_STYLE, "sh")
    assert doc.department == "上海市某区某街道办事处"
    assert doc.year == 2024 and doc.kind == "预算"
    table = doc.table("支出预算总表")
    assert table.unit == "元"
    assert [r.code for r in table.rows] == ["201", "20105", "2010507", "208", "20805", "2080501", None]
    assert table.row("行政单位离退休").path == ("社会保障和就业支出", "行政事业单位养老支出", "行政单位离退休")
    total = table.row("合计")
    assert total.cell("合计").value == Decimal("2933700")
    assert total.cell("项目支出").value == Decimal("2932700")
    assert not doc.warnings


def test_header_only_table_with_a_single_row_of_values():
    table = parse_text(SHANGHAI_STYLE, "sh").table("三公")
    assert table.unit == "万元"
    row = table.rows[0]
    assert row.cell("公务用车购置及运行费/小计").value == Decimal("46.56")
    assert row.cell("2024年机关运行经费预算数").value == Decimal("443.18")


DEV = Path(__file__).resolve().parents[3] / "shared" / "corpus-dev"


@pytest.mark.skipif(not DEV.exists(), reason="../shared/corpus-dev is absent")
@pytest.mark.parametrize("name,tables,kind,unit", [
    ("sh_putuo_wanli_2024_budget.txt", 9, "预算", "元"),
    ("sh_putuo_wanli_2025_budget.txt", 9, "预算", "元"),
    ("sh_putuo_czj_2024_final.txt", 9, "决算", "万元"),
])
def test_dev_corpus_parses(name, tables, kind, unit):
    doc = load_document(DEV / name)
    assert len(doc.tables) == tables
    assert doc.kind == kind
    assert doc.tables[1].unit == unit
    assert not [w for w in doc.warnings if "cells" in w.message]
    functional = doc.tables[2]
    coded = [r for r in functional.rows if r.code]
    assert coded and all(r.level for r in coded)


TINY_TABLE = "部门支出预算总表\n单位：万元\n项目\t合计\n合计\t1.00\n\n"


def test_a_wrapped_line_that_starts_with_an_amount_continues_the_paragraph():
    doc = parse_text("某某局2024年部门预算\n" + TINY_TABLE + "一、收入支出预算总体情况\n"
                     "2024年收入预算15621.11万元，其中：财政拨款收入15621.11万元，比2023年预算减少\n"
                     "876.75万元；事业收入0.00万元。\n1. 一般公共服务支出25.77万元。\n", "wrap")
    texts = [p.text for p in doc.paragraphs]
    assert "比2023年预算减少876.75万元；事业收入0.00万元。" in texts[-2]
    assert texts[-1].startswith("1. 一般公共服务支出")  # a numbered item still starts its own paragraph


def test_a_glossary_definition_wrapped_over_lines_is_kept_whole():
    doc = parse_text("某某局2024年部门决算\n" + TINY_TABLE + "第四部分 名词解释\n"
                     "六、年末结转和结余：指本年度或以前年度预算安排、因客观条件发生变化无法\n"
                     "按原计划实施，需延迟到以后年度按有关规定继续使用的资金。\n"
                     "七、基本支出：指单位为保障机构正常运转而发生的各项支出。\n", "gloss")
    assert [(g.term, g.definition) for g in doc.glossary] == [
        ("年末结转和结余", "指本年度或以前年度预算安排、因客观条件发生变化无法按原计划实施，需延迟到以后年度按有关规定继续使用的资金。"),
        ("基本支出", "指单位为保障机构正常运转而发生的各项支出。")]


SEED = Path(__file__).resolve().parents[2] / "corpus" / "documents" / "datong_gaj_2023_budget.txt"
# department, year and kind as each title page prints them
DEV_METADATA = [
    ("sh_putuo_wanli_2024_budget", "上海市普陀区人民政府万里街道办事处", 2024, "预算"),
    ("sh_putuo_wanli_2025_budget", "上海市普陀区人民政府万里街道办事处", 2025, "预算"),
    ("sh_putuo_czj_2024_final", "上海市普陀区财政局", 2024, "决算"),
    ("sh_putuo_sfj_2026_budget", "上海市普陀区司法局", 2026, "预算"),
    ("sh_putuo_ghj_2024_final", "上海市普陀区规划和自然资源局", 2024, "决算"),
]


def test_seed_metadata():
    doc = load_document(SEED)
    assert (doc.department, doc.year, doc.kind) == ("大同市公安局", 2023, "预算")
    assert not [w for w in doc.warnings if w.message.startswith(("department", "year", "kind"))]


@pytest.mark.skipif(not DEV.exists(), reason="../shared/corpus-dev is absent")
@pytest.mark.parametrize("name,department,year,kind", DEV_METADATA)
def test_dev_corpus_metadata_and_prose_records(name, department, year, kind):
    doc = load_document(DEV / f"{name}.txt")
    assert (doc.department, doc.year, doc.kind) == (department, year, kind)
    assert len(doc.procurement) == 1 and doc.procurement[0].item("合计") is not None
    assert doc.assets and doc.performance


@pytest.mark.slow
@pytest.mark.skipif(not DEV.exists(), reason="../shared/corpus-dev is absent")
@pytest.mark.parametrize("name,department,year,kind", DEV_METADATA)
def test_dev_pdf_metadata(name, department, year, kind):
    doc = load_document(DEV / f"{name}.pdf")
    assert (doc.department, doc.year, doc.kind) == (department, year, kind)


@pytest.mark.skipif(not DEV.exists(), reason="../shared/corpus-dev is absent")
def test_dev_justice_bureau_project_page():
    [form] = load_document(DEV / "sh_putuo_sfj_2026_budget.txt").forms
    assert (form.project, form.implementing_unit) == ("人民调解项目", "上海市普陀区司法局")
    fund = form.fund("年度")
    assert (form.annual_funds_yuan, fund.printed_amount, fund.printed_unit) == (Decimal("7950000"), Decimal("795"), "万元")
    assert fund.source.text == "795万元"


@pytest.mark.skipif(not DEV.exists(), reason="../shared/corpus-dev is absent")
def test_dev_planning_bureau_names_its_other_spellings():
    doc = load_document(DEV / "sh_putuo_ghj_2024_final.txt")
    named = [w.message for w in doc.warnings if w.message.startswith("department")]
    assert any("上海市规划和自然资源局" in m for m in named) and any("规划与自然资源局" in m for m in named)
    assert [u.kind for u in doc.org_units] == ["", "参公", "事业", "事业", "事业"]


SPLIT_BY_A_PAGE = ("单位名称\t总计\t事业收入\t其他收入\n合计\t30.00\t20.05\t9.95\n"
                   "某局\t15.00\t10.00\t5.00\n某考试\t15.00\t10.0\t4.95\n\n\n服务中心\t\t5\t\n")


def test_a_row_cut_by_a_page_break_is_joined_with_the_rest_of_its_cells():
    # the label and the figure 10.05 are both cut: '某考试' … '10.0' on one page, '服务中心' … '5' on the next
    doc = parse_text(f"某市某局2026年部门预算\n收入总表\n单位：万元\n{SPLIT_BY_A_PAGE}", "d")
    rows = doc.tables[0].rows
    assert [r.label for r in rows] == ["合计", "某局", "某考试服务中心"]
    assert rows[-1].cell("事业收入").value == Decimal("10.05") and rows[-1].source.line == 7


def test_a_row_of_its_own_after_a_page_break_is_not_joined():
    # a line printing its own total is a row, whatever page it opens
    own_row = SPLIT_BY_A_PAGE.replace("服务中心\t\t5\t", "服务中心\t5\t5\t")
    doc = parse_text(f"某市某局2026年部门预算\n收入总表\n单位：万元\n{own_row}", "d")
    assert [r.label for r in doc.tables[0].rows][-1] == "服务中心"


def test_a_marked_row_with_blank_figures_after_a_page_break_is_not_joined():
    blank_row = SPLIT_BY_A_PAGE.replace("服务中心\t\t5\t", "三、国有资本经营预算\t\t\t")
    doc = parse_text(f"某市某局2026年部门预算\n收入总表\n单位：万元\n{blank_row}", "d")
    assert [r.label for r in doc.tables[0].rows][-2:] == ["某考试", "国有资本经营预算"]


def test_the_row_after_a_total_on_the_next_page_is_a_row():
    doc = parse_text("某市某局2026年部门预算\n收支总表\n单位：万元\n项目\t预算数\t项目\t预算数\n"
                     "一般公共预算\t5.00\t教育支出\t5.00\n本年收入合计\t5.00\t本年支出合计\t5.00\n\n\n"
                     "上年结转结余\t\t年终结转结余\t\n收入总计\t5.00\t支出总计\t5.00\n", "d")
    assert "上年结转结余" in [r.label for r in doc.tables[0].rows]
