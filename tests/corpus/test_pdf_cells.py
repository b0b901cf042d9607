"""Tables read from the PDF's cells: a blank cell keeps the next figure in its own column, and a table that
runs over a page break (page numbers, a running header, the title or the header printed again) is one table.
The fixtures are made by tests/fixtures/pdf/make_cell_fixtures.py; the last test reads the wide corpus
(../shared/corpus-wide) when it is present."""
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from corpus import CorpusError, load_document
from corpus.pdf import pdf_to_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pdf"
WIDE = Path(__file__).resolve().parents[3] / "shared" / "corpus-wide"


@pytest.fixture(scope="module")
def blank():
    return load_document(FIXTURES / "cells_blank.pdf", "blank")


@pytest.fixture(scope="module")
def continued():
    return load_document(FIXTURES / "cells_continued.pdf", "continued")


def figures(row) -> list[Decimal | None]:
    return [cell.value for cell in row.cells]


def test_a_blank_cell_keeps_the_next_figure_in_its_column(blank):
    assert "2040201\t行政运行\t700.00\t\t200.00\t500.00" in pdf_to_text(FIXTURES / "cells_blank.pdf").split("\n")
    table = blank.table("支出预算总表")
    assert table.columns == ["科目编码", "科目名称", "合计", "基本支出/人员经费", "基本支出/公用经费", "项目支出"]
    assert figures(table.row("行政运行")) == [Decimal("700.00"), None, Decimal("200.00"), Decimal("500.00")]
    assert figures(table.row("执法办案")) == [Decimal("350.00"), None, None, Decimal("350.00")]
    assert table.row("行政单位离退休").cell("项目支出").value == Decimal("180.00")


def test_a_column_number_row_is_not_part_of_the_header(blank):
    # "** ** 1 2 3 4" under the header numbers the columns; the column names stay as printed
    assert not any(column.endswith(("/1", "/2", "/3", "/4")) for column in blank.table("支出预算总表").columns)


def test_a_table_continued_on_the_next_page_is_one_table(continued):
    titles = Counter(t.title for t in continued.tables)
    assert titles == {"2024年部门支出预算总表": 1, "2024年部门收入预算总表": 1}
    spending = continued.table("支出预算总表")
    assert len(spending.rows) == 12 and spending.unit == "万元"
    assert spending.row("住房公积金").path == ("住房保障支出", "住房改革支出", "住房公积金")
    assert figures(spending.row("行政单位离退休")) == [Decimal("20.00"), None, Decimal("20.00"), None]
    total = spending.row("合计")
    for column in spending.columns[2:]:  # every column of the two parts adds up to the total row
        parts = [r.cell(column).value or 0 for r in spending.rows if r.code and len(r.code) == 3]
        assert sum(parts) == total.cell(column).value


def test_page_furniture_between_the_parts_is_dropped(continued):
    text = pdf_to_text(FIXTURES / "cells_continued.pdf")
    # the repeated title, unit line, running header and page number sit only where a table starts
    assert text.count("2024年部门支出预算总表") == 1 and "- 1 -" not in text and "- 3 -" not in text
    assert "20805\t行政事业单位养老支出\t120.00\t100.00\t20.00\t\n\n\n科目编码" in text  # a page break: two blank lines


def test_a_title_printed_inside_the_grid_stands_above_the_table(continued):
    income = continued.table("收入预算总表")
    assert income.unit == "万元" and income.columns[0] == "单位名称"
    # its continuation has no header: its blank cells stay blank, its figures in their columns
    assert figures(income.row("示例市示例局第二分局")) == [Decimal("110.00"), None, None, None, Decimal("110.00")]
    assert [r.label for r in income.rows][-2:] == ["示例市示例局第二分局", "示例市示例局信息中心"]


# ------------------------------------------------------------------ the wide corpus (other provinces' layouts)

MIN_TABLES = 420  # over the 36 PDFs (428 read in 2026-12, after 37 project forms printed under their titles stopped
#                  being read as tables of their own); the 北京 附件1 files are prose and read none
MIN_FORMS = 37  # those forms (泉州: 单位编码_实施单位_项目名称绩效目标表), each read as a ProjectForm
MAX_REPEATED_TITLES = 15  # tables read twice under one title: 12 (北京 预算12表 pages, one 目录 each in two
#                           documents); 76 when every page of a continued table was read as a table of its own
MIN_RECONCILED = 0.94  # share of the audit's in-table and cross-table checks that hold (0.885, then 0.95 with rows nested by their sums)


@pytest.mark.slow
@pytest.mark.skipif(not WIDE.exists(), reason="../shared/corpus-wide is absent")
def test_wide_corpus_tables_and_reconcile_rate():
    from audit.checks import audit

    tables, forms, repeated, statuses = 0, 0, 0, Counter()
    for path in sorted(WIDE.glob("*.pdf")):
        try:
            doc = load_document(path)
        except CorpusError:  # a prose-only attachment has no table to read
            continue
        tables += len(doc.tables)
        forms += len(doc.forms)
        repeated += len(doc.tables) - len({t.title for t in doc.tables})
        statuses.update(f.status for f in audit(doc) if f.check in ("parent_sum", "total_row", "column_sum",
                                                                   "cross_table"))
    reconciled = 1 - statuses["discrepancy"] / sum(statuses.values())
    assert tables >= MIN_TABLES and forms >= MIN_FORMS and repeated <= MAX_REPEATED_TITLES, (tables, forms, repeated)
    assert reconciled >= MIN_RECONCILED, dict(statuses)


def test_a_continuation_without_the_first_parts_empty_first_column_keeps_its_figures_in_place():
    from corpus.pdf import Grid, lay_into

    part = Grid([["", "科目编码", "科目名称", "合计"], ["", "2080201", "行政运行", "10.00"]],
                [(10, 20), (20, 80), (80, 200), (200, 300)])
    continuation = Grid([["2150299", "其他制造业支出", "0.82"]], [(20, 80), (80, 200), (200, 300)])
    assert lay_into(continuation, part.columns, part.rows) == [["", "2150299", "其他制造业支出", "0.82"]]
    # where the first part prints its first column, a shorter continuation is a label merged over it
    part.rows[1][0] = "208"
    assert lay_into(continuation, part.columns, part.rows) == continuation.rows
