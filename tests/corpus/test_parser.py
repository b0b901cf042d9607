"""The seed disclosure parsed into the domain model, pinned against its source text."""
from decimal import Decimal
from pathlib import Path

import pytest

from corpus import load_document, parse_text
from corpus.money import format_amount

SEED = Path(__file__).resolve().parents[2] / "corpus" / "documents" / "datong_gaj_2023_budget.txt"


@pytest.fixture(scope="module")
def seed():
    return load_document(SEED, "seed")


def test_metadata(seed):
    assert (seed.department, seed.year, seed.kind) == ("大同市公安局", 2023, "预算")


def test_all_thirteen_tables_with_units_and_empties(seed):
    assert len(seed.tables) == 13
    assert all(t.unit == "万元" for t in seed.tables)
    empty = [t.title for t in seed.tables if t.empty]
    assert empty == ["2023年国有资本经营预算收支预算表（不含上年结转）", "2023年项目支出预算表（上年结转）"]
    assert all("本表无数据" in seed.table(t).note for t in empty)


def test_table_numbers_where_printed(seed):
    assert [(t.number, t.title) for t in seed.tables if t.number] == [
        (1, "2023年预算收支总表"),
        (9, "2023年国有资本经营预算收支预算表（不含上年结转）"),
        (10, "2023年一般公共预算“三公”经费支出预算表"),
    ]


def test_project_table_has_82_rows(seed):
    table = seed.table("项目支出预算表（本年预算）")
    assert len(table.rows) == 82
    assert table.columns[:3] == ["项目名称", "合计", "2023年财政拨款/一般公共预算"]
    overtime = [r for r in table.rows if r.label == "Z警察加班补贴"]
    assert len(overtime) == 10


def test_subject_codes_link_to_parents(seed):
    for title in ("预算收入总表", "预算支出总表", "一般公共预算支出预算表"):
        rows = {r.code: r for r in seed.table(title).rows if r.code}
        assert len(rows) == 24
        for code, row in rows.items():
            assert row.level == {3: 1, 5: 2, 7: 3}[len(code)]
            if len(code) > 3:
                parent = rows[code[:-2]]
                assert row.parent == parent.label
                assert row.path == parent.path + (row.label,)
    row = seed.table("预算支出总表").row("行政运行")
    assert row.path == ("公共安全支出", "公安", "行政运行")


def test_multi_row_header_paths(seed):
    assert seed.table("预算支出总表").columns == [
        "项目/科目编码", "项目/科目名称", "2023年预算数/合计", "2023年预算数/基本支出", "2023年预算数/项目支出"]
    assert seed.table("财政拨款收支总表").columns[3:5] == ["支出/金额/小计", "支出/金额/一般公共预算"]


def test_two_sided_table_rows_carry_their_side(seed):
    table = seed.table("预算收支总表")
    income = [r for r in table.rows if r.side == "收入" and r.label == "一般公共预算"]
    spending = [r for r in table.rows if r.side == "支出" and r.label == "公共安全支出"]
    assert income[0].cell("2023年").value == Decimal("107937.24")
    assert spending[0].cell("当年预算安排").value == Decimal("93049.56")


def test_ocr_space_inside_a_word_is_removed(seed):
    labels = [r.label for r in seed.table("财政拨款收支总表").rows]
    assert "债务发行费用支出" in labels and "抗疫特别国债安排的支出" in labels


def test_economic_rows_have_group_and_qualifier(seed):
    rows = seed.table("基本支出分经济科目表").rows_labelled("基本工资")
    assert [(r.parent, r.qualifiers) for r in rows] == [
        ("工资福利支出", ("工资奖金津补贴",)), ("工资福利支出", ("工资福利支出",))]
    assert seed.table("基本支出分经济科目表").row("商品和服务支出").level == 1


def test_blank_is_not_zero(seed):
    row = seed.table("三公").row("因公出国（境）费")
    assert row is not None and all(c.value is None for c in row.cells)
    sub = seed.table("三公").row("公务用车购置费")
    assert sub.parent == "公务用车购置及运行费"


# (table, row, qualifier or side, column, value) — spot checks against the source text
SPOT_CHECKS = [
    ("预算收支总表", "一般公共预算", "收入", "2023年", "107937.24"),
    ("预算收支总表", "政府性基金预算", "收入", "2023年", "120.00"),
    ("预算收支总表", "社会保障和就业支出", "支出", "2023年合计", "6735.63"),
    ("预算收支总表", "住房保障支出", "支出", "当年预算安排", "5969.43"),
    ("预算收支总表", "支出总计", "支出", "2023年合计", "108057.24"),
    ("预算收入总表", "合计", None, "本年收入/合计", "108057.24"),
    ("预算收入总表", "执法办案", None, "本年收入/一般公共预算", "6020.00"),
    ("预算收入总表", "其他国有土地使用权出让收入安排的支出", None, "本年收入/政府性基金", "120.00"),
    ("预算收入总表", "提租补贴", None, "本年收入/合计", "449.61"),
    ("预算支出总表", "合计", None, "2023年预算数/项目支出", "38482.65"),
    ("预算支出总表", "行政运行", None, "2023年预算数/基本支出", "53379.30"),
    ("预算支出总表", "事业单位医疗", None, "2023年预算数/项目支出", "50.98"),
    ("预算支出总表", "住房公积金", None, "2023年预算数/基本支出", "5337.56"),
    ("预算支出总表", "机关事业单位基本养老保险缴费支出", None, "2023年预算数/项目支出", "109.99"),
    ("财政拨款收支总表", "公共安全支出", "支出", "金额/小计", "93049.56"),
    ("财政拨款收支总表", "城乡社区支出", "支出", "金额/政府性基金预算", "120.00"),
    ("财政拨款收支总表", "本年支出合计", "支出", "金额/一般公共预算", "107937.24"),
    ("一般公共预算支出预算表", "合计", None, "2023年预算数/项目支出", "38362.65"),
    ("一般公共预算支出预算表", "其他公安支出", None, "2023年预算数/基本支出", "1664.39"),
    ("一般公共预算支出预算表", "行政单位医疗", None, "2023年预算数/合计", "1960.09"),
    ("基本支出分经济科目表", "合计", None, "2023年预算数/人员经费", "50795.23"),
    ("基本支出分经济科目表", "基本工资", "工资奖金津补贴", "2023年预算数/合计", "13152.12"),
    ("基本支出分经济科目表", "基本工资", "工资福利支出", "2023年预算数/合计", "914.99"),
    ("基本支出分经济科目表", "公务接待费", "公务接待费", "2023年预算数/公用经费", "25.40"),
    ("基本支出分经济科目表", "手续费", "办公经费", "2023年预算数/合计", "0.30"),
    ("基本支出分经济科目表", "奖励金", "社会福利和救助", "2023年预算数/人员经费", "32.40"),
    ("基本支出分经济科目表", "专用设备购置", "设备购置", "2023年预算数/公用经费", "140.00"),
    ("政府性基金预算收入表", "国有土地使用权出让收入", None, "政府性基金收入预算", "120.00"),
    ("政府性基金预算支出表", "合计", None, "项目支出", "120.00"),
    ("三公", "公务接待费", None, "2023年预算数/合计", "25.40"),
    ("三公", "公务用车运行维护费", None, "2023年预算数/一般公共预算", "1572.10"),
    ("三公", "合计", None, "2023年预算数/合计", "1597.50"),
    ("机关运行经费", "部门合计", None, "2023预算数/合计", "18643.77"),
    ("机关运行经费", "大同市公安局交通警察支队", None, "2023预算数/合计", "3149.06"),
    ("机关运行经费", "大同市公安局御东分局", None, "2023预算数/一般公共预算", "274.17"),
    ("项目支出预算表（本年预算）", "MB大同市公共安全视频监控“全覆盖”购买服务项目", None, "合计", "10000.00"),
    ("项目支出预算表（本年预算）", "Z大同市公安局五医院监管医疗监区改造项目", None, "2023年财政拨款/政府性基金预算", "120.00"),
    ("项目支出预算表（本年预算）", "T提前下达2023年公安交通管理省级补助资金", None, "合计", "5970.00"),
    ("项目支出预算表（本年预算）", "Z纪检经费", None, "2023年财政拨款/一般公共预算", "3.90"),
    ("项目支出预算表（本年预算）", "QT辅警人员经费(工资、保险等)", None, "合计", "10116.00"),
]


@pytest.mark.parametrize("table,row,qualifier,column,value", SPOT_CHECKS)
def test_spot_check_against_source(seed, table, row, qualifier, column, value):
    rows = [r for r in seed.table(table).rows_labelled(row)
            if qualifier is None or qualifier in r.qualifiers or r.side == qualifier]
    cell = rows[0].cell(column)
    assert cell.value == Decimal(value)
    # provenance: the verbatim source line at that number holds the printed figure
    source_lines = SEED.read_text(encoding="utf-8").splitlines()
    assert rows[0].source.text == source_lines[rows[0].source.line - 1]
    assert format_amount(Decimal(value)) in rows[0].source.text


def test_glossary_and_organisation(seed):
    terms = [g.term for g in seed.glossary]
    assert {"基本支出", "项目支出", "机关运行经费", "财政专户管理资金"} <= set(terms)
    assert seed.glossary[terms.index("财政专户管理资金")].definition.startswith("专指教育收费")
    by_relation = {}
    for unit in seed.org_units:
        by_relation.setdefault(unit.relation, []).append(unit.name)
    assert len(by_relation["现辖"]) == 10 and "平城区分局" in by_relation["现辖"]
    # '…、御东、云泉、恒安、经济技术开发区和森林公安分局六个直属分局': the count names the category
    assert by_relation["直属分局"] == ["直属第二分局", "御东分局", "云泉分局", "恒安分局", "经济技术开发区分局", "森林公安分局"]
    assert "大同市公安局交通警察支队" in by_relation["包括"] and len(by_relation["包括"]) == 6


def test_narrative_paragraphs_keep_their_section(seed):
    para = next(p for p in seed.paragraphs if "基本支出69,574.59万元，占64.39%" in p.text)
    assert para.section.endswith("三、支出预算情况说明")


def test_no_warnings_on_the_seed_tables(seed):
    assert not [w for w in seed.warnings if "table" in w.message]


EMPTY_TABLES = """某市某局2024年度部门决算
政府性基金预算财政拨款收入支出决算表
单位：万元
项目\t本年收入\t本年支出
合计\t\t
注：本表反映部门本年度政府性基金预算财政拨款收入支出情况。
说明：某市某局本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。

国有资本经营预算财政拨款支出决算表
单位：万元
项目\t本年支出
合计\t

收入决算表
单位：万元
项目\t本年收入
合计\t12.00
"""


def test_a_table_noted_empty_a_blank_one_and_one_with_figures_are_told_apart():
    noted, blank, full = parse_text(EMPTY_TABLES, "e").tables
    assert (noted.content, blank.content, full.content) == ("noted_empty", "blank", "figures")
    assert noted.empty and blank.empty and not full.empty
    assert noted.note.startswith("注：本表反映") and noted.note.endswith("故本表无数据。")


def test_a_heading_over_the_next_table_is_not_a_table():
    text = "某市某局2024年度部门决算表\n" + EMPTY_TABLES.split("\n", 1)[1]
    assert [t.title for t in parse_text("某市某局2024年度部门决算\n" + text, "e").tables][0] == "政府性基金预算财政拨款收入支出决算表"


def test_internal_bodies_counted_and_listed_are_units_whatever_their_names_end_with():
    text = "\n".join(["2026年某院单位预算", "某院机构设置",
                      "某院设5个内设机构，包括：综合部（财务部）、人力资源部",
                      "、研究一部、数据中心和校长室。",
                      "收入总表", "单位：万元", "项目\t预算数", "合计\t1.00"])
    doc = parse_text(text, "d", "某院", 2026, "预算")
    assert [u.name for u in doc.org_units] == ["综合部（财务部）", "人力资源部", "研究一部", "数据中心", "校长室"]
    miscounted = parse_text(text.replace("5个", "6个"), "d", "某院", 2026, "预算")
    assert "研究一部" not in [u.name for u in miscounted.org_units]  # a list that does not hold the count is not read so


# a sentence and a glossary entry run onto the next page: the page's number and the break between are no text of them
ACROSS_PAGES = """2026年某市某局部门预算
六、名词解释
6.上年结转：指以前年度尚未完成、结转到本年仍按
15

原规定用途继续使用的资金。
7.基本支出：是预算单位为保障其正常运转，完成日
常工作任务所发生的支出。
七、国有资产占用情况说明
截至2025年12月31日，本部门共有车辆
- 33 -
=== page 34 ===
某市某局2026年度部门预算公开
56 辆，其中执法执勤用车 35 辆。
收入总表
单位：万元
项目\t预算数
合计\t100.00
"""


def test_a_sentence_run_onto_the_next_page_is_read_whole():
    doc = parse_text(ACROSS_PAGES, "p", "某市某局", 2026, "预算")
    assert [(g.term, g.definition) for g in doc.glossary] == [
        ("上年结转", "指以前年度尚未完成、结转到本年仍按原规定用途继续使用的资金。"),
        ("基本支出", "是预算单位为保障其正常运转，完成日常工作任务所发生的支出。")]
    [paragraph] = [p for p in doc.paragraphs if "车辆" in p.text]
    assert paragraph.text == "截至2025年12月31日，本部门共有车辆56 辆，其中执法执勤用车 35 辆。"
    [held] = doc.assets
    assert (held.vehicles.value, held.vehicles.source.line, [k.label for k in held.by_kind]) == (56, 14, ["执法执勤用车"])



# a section's title wrapped across a page ('…情' + page end + '况说明') and the paragraph opening the next page
TITLE_ACROSS_PAGES = """2026年某市某局部门预算
九、一般公共预算“三公”经费支出预算情
- 27 -

某市某局2026年度部门预算公开
况说明
某市某局2026年度“三公”经费支出预算10万元。
七、一般公共预算支出预算情况说明
- 30 -

某市某局2026年度部门预算公开
某市某局2026年一般公共预算财政拨款支出预算
100 万元，与上年相比增加 2 万元。
收入总表
单位：万元
项目\t预算数
合计\t100.00
"""


def test_a_title_wrapped_across_a_page_is_whole_and_no_paragraph_starts_at_the_running_header():
    doc = parse_text(TITLE_ACROSS_PAGES, "p", "某市某局", 2026, "预算")
    assert [(s.title, s.line) for s in doc.sections][:2] == [("九、一般公共预算“三公”经费支出预算情况说明", 2),
                                                           ("七、一般公共预算支出预算情况说明", 8)]
    texts = {p.source.line: p.text for p in doc.paragraphs if p.source.line > 1}
    assert texts == {7: "某市某局2026年度“三公”经费支出预算10万元。",
                     12: "某市某局2026年一般公共预算财政拨款支出预算100 万元，与上年相比增加 2 万元。"}


# entries printed without numbers, and a 科目 explained by its path whose term wraps before its colon
GLOSSARY_FORMS = """2026年某市某局部门预算
三、名词解释
项目支出：指在基本支出之外为完成特定行政任务或事
业发展目标所发生的支出。
17.公共安全支出（类）司法（款）基层司法业务
（项）：反映各级司法行政部门用于基层业务的支出，包
括基层工作指导费、调解费。
18.公共安全支出（类）司法（款）律师管理（项）：反映律师管理的支出。
收入总表
单位：万元
项目\t预算数
合计\t100.00
"""


def test_glossary_entries_unnumbered_or_with_a_wrapped_term():
    doc = parse_text(GLOSSARY_FORMS, "g", "某市某局", 2026, "预算")
    assert [(g.source.line, g.term, g.definition) for g in doc.glossary] == [
        (3, "项目支出", "指在基本支出之外为完成特定行政任务或事业发展目标所发生的支出。"),
        (5, "公共安全支出（类）司法（款）基层司法业务（项）", "反映各级司法行政部门用于基层业务的支出，包括基层工作指导费、调解费。"),
        (8, "公共安全支出（类）司法（款）律师管理（项）", "反映律师管理的支出。")]


# a by-unit table printing each unit's code before its name, the total written into the code column
UNIT_CODES = """2025年某市某局部门预算
收支总表
单位：万元
收入\t\t支出\t
项目\t预算数\t项目\t预算数
一般公共预算拨款收入\t300.00\t一般公共服务支出\t320.00
上年结转\t20.00\t\t
收入总计\t320.00\t支出总计\t320.00
收入总表
部门：某市某局 单位：万元
部门代 码\t部门名称\t合计\t本年收入\t\t上年结转结余\t
\t\t\t小计\t一般公共预 算\t小计\t一般公共预算
合计\t\t320.00\t300.00\t300.00\t20.00\t20.00
113\t某市某局\t320.00\t300.00\t300.00\t20.00\t20.00
113001\t某市某局（本级）\t250.00\t230.00\t230.00\t20.00\t20.00
113002\t某市某中心\t70.00\t70.00\t70.00\t\t
"""


def test_a_units_code_names_its_row_and_the_table_stays_one_sided():
    doc = parse_text(UNIT_CODES, "u", "某市某局", 2025, "预算")
    [table] = [t for t in doc.tables if t.title == "收入总表"]
    assert [(r.label, r.code, r.side, r.level, r.parent) for r in table.rows] == [
        ("合计", None, None, 0, None), ("某市某局", None, None, 1, None),
        ("某市某局（本级）", None, None, 2, "某市某局"), ("某市某中心", None, None, 2, "某市某局")]
    assert "部门代码" not in {c.column for r in table.rows for c in r.cells}


def test_a_table_title_after_a_page_end_is_a_table_not_the_end_of_a_listing():
    # the 目录 of the tables ends a page; the first table's title opens the next one
    text = "\n".join(["2026年某市某局部门预算", "四、2026年预算公开表", "表1.2026年部门收支预算总表",
                      "表2.2026年部门收入预算总表", "20", "", "表1：2026年部门收支预算总表", "部门名称：某市某局单位：万元",
                      "收入\t\t支出\t", "项目\t预算数\t项目\t预算数", "一、财政拨款\t10.00\t一般公共服务支出\t10.00",
                      "收入总计\t10.00\t支出总计\t10.00"])
    doc = parse_text(text, "d", "某市某局", 2026, "预算")
    assert [t.title for t in doc.tables] == ["表1：2026年部门收支预算总表"]
    assert not any("收支预算总表部门名称" in p.text for p in doc.paragraphs)


def test_a_name_printed_in_two_columns_is_said_once(seed):
    table = next(t for t in seed.tables if "基本支出分经济科目" in t.title)
    row = next(r for r in table.rows if r.label == "公务接待费")
    assert row.qualifiers == ("公务接待费",)  # as printed: the 科目 and the 项目 column both name it
    assert row.full_label == "公务接待费"
