"""The national 部门决算公开 template (财政部's unified format, 公开01表–公开09表) read from a small, complete 决算 in
that layout (fixtures/national_final_2025.txt): table numbers on their own line or on the title line, 行次 and the
栏次 row as positions, 科目代码 joined to their rows, and arithmetic that reconciles throughout."""
from decimal import Decimal
from pathlib import Path

import pytest

from corpus import load_document, parse_text
from corpus.table_kinds import table_kind

FIXTURE = Path(__file__).parent / "fixtures" / "national_final_2025.txt"

TABLES = [  # (number, title, kind of the national template)
    (1, "收入支出决算总表", "收支总表"),
    (2, "收入决算表", "收入总表"),
    (3, "支出决算表", "支出总表"),
    (4, "财政拨款收入支出决算总表", "财政拨款收支总表"),
    (5, "一般公共预算财政拨款支出决算表", "一般公共预算支出表"),
    (6, "一般公共预算财政拨款基本支出决算表", "基本支出表"),
    (7, "一般公共预算财政拨款“三公”经费支出决算表", "三公经费表"),
    (8, "政府性基金预算财政拨款收入支出决算表", "政府性基金表"),
    (9, "国有资本经营预算财政拨款支出决算表", "国有资本经营表"),
]


@pytest.fixture(scope="module")
def doc():
    return load_document(FIXTURE)


def test_ingests_as_a_final_account(doc):
    assert (doc.department, doc.year, doc.kind) == ("某市某局", 2025, "决算")
    assert not doc.warnings and not doc.unplaced
    assert not [p for p in doc.paragraphs if p.text.startswith("#")]  # the fixture's comment is not the document's


def test_all_nine_tables_found_numbered_and_typed(doc):
    assert [(t.number, t.title, table_kind(t.title)) for t in doc.tables] == TABLES
    assert all(t.unit == "万元" for t in doc.tables)


def test_empty_tables_say_so(doc):
    assert [t.number for t in doc.tables if t.empty] == [8, 9]
    assert all(t.content == "noted_empty" for t in doc.tables if t.empty)


def test_no_column_is_a_position(doc):
    """行次 numbers the rows and 栏次 the columns: neither is a column of figures nor part of a column's name."""
    for table in doc.tables:
        columns = table.columns + table.value_columns
        assert not [c for c in columns if "行次" in c or "栏次" in c], table.title
        assert not [c for c in columns if any(part.isdigit() for part in c.split("/"))], table.title
        assert all(r.label != "栏次" for r in table.rows)


def test_row_numbers_are_not_figures(doc):
    summary = doc.table("收入支出决算总表")
    income = summary.rows_labelled("总计")[0]
    assert income.side == "收入" and [(c.column, c.value) for c in income.cells] == [("金额", Decimal("930.00"))]
    assert not summary.row("上级补助收入").cells[0].value  # a blank amount beside its 行次 (4)


@pytest.mark.parametrize("title", ["收入决算表", "支出决算表", "一般公共预算财政拨款支出决算表"])
def test_codes_are_joined_to_their_rows(doc, title):
    table = doc.table(title)
    coded = [(r.code, r.level, r.label) for r in table.rows if r.code]
    assert coded[:4] == [("201", 1, "一般公共服务支出"), ("20103", 2, "政府办公厅（室）及相关机构事务"),
                         ("2010301", 3, "行政运行"), ("2010302", 3, "一般行政管理事务")]
    assert [r.code for r in table.rows if r.code and not r.label[0].isalpha()] == []
    assert all(r.code or r.is_total for r in table.rows)  # no row of a code without its name
    assert table.row("住房公积金").path == ("住房保障支出", "住房改革支出", "住房公积金")


def test_figures_in_their_columns(doc):
    assert doc.table("一般公共预算财政拨款支出决算表").row("行政运行").cell("基本支出").value == Decimal("600.00")
    assert doc.table("支出决算表").row("一般行政管理事务").cell("项目支出").value == Decimal("150.00")
    income = doc.table("收入决算表").row("一般行政管理事务")
    assert (income.cell("财政拨款收入").value, income.cell("其他收入").value) == (Decimal("120.00"), Decimal("20.00"))
    basic = doc.table("基本支出决算表")
    assert basic.row("公务接待费").side == "公用经费" and basic.row("公务接待费").cell("决算数").value == Decimal("3.00")
    three = doc.table("三公").rows[0]
    assert three.cell("决算数/公务接待费").value == Decimal("3.00")
    assert three.cell("全年预算数/合计").value == Decimal("12.00")
    fiscal = doc.table("财政拨款收入支出决算总表").rows_labelled("本年支出合计")[0]
    assert fiscal.cell("一般公共预算财政拨款").value == Decimal("890.00")


def test_the_arithmetic_reconciles_throughout(doc):
    from corpus.__main__ import audit_reconcile
    checks, reconciled, discrepancies = audit_reconcile(doc)
    assert checks > 100 and reconciled == checks, [d.explanation for d in discrepancies]


@pytest.mark.parametrize("title_line, below", [
    ("收入决算表", "公开02表"),  # the number under the title
    ("公开02表 收入决算表", ""),  # on the title line, before the title
    ("收入决算表 公开02表", ""),  # on the title line, after it
])
def test_table_number_styles(title_line, below):
    text = "\n".join(filter(None, ["某市某局2025年度部门决算", title_line, below, "部门：某市某局\t金额单位：万元",
                                   "项目\t\t本年收入合计", "科目代码\t科目名称\t", "栏次\t\t1",
                                   "合计\t\t1.00", "201\t一般公共服务支出\t1.00"])) + "\n"
    table = parse_text(text, "d").tables[0]
    assert (table.number, table.title, table.columns) == (2, "收入决算表", ["项目/科目代码", "项目/科目名称", "本年收入合计"])
    assert [(r.code, r.label) for r in table.rows] == [(None, "合计"), ("201", "一般公共服务支出")]


def test_a_number_after_an_empty_table_is_the_next_tables():
    text = "\n".join(["某市某局2025年度部门决算", "政府性基金预算财政拨款收入支出决算表", "公开08表", "金额单位：万元",
                      "注：本部门没有政府性基金预算财政拨款收入和支出，本表为空表。", "公开09表",
                      "国有资本经营预算财政拨款支出决算表", "金额单位：万元", "项目\t\t本年支出", "科目代码\t科目名称\t合计",
                      "合计\t\t1.00"]) + "\n"
    assert [(t.number, t.title) for t in parse_text(text, "d").tables] == [
        (8, "政府性基金预算财政拨款收入支出决算表"), (9, "国有资本经营预算财政拨款支出决算表")]
