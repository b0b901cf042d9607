"""PDF -> text in the corpus's extraction style: the committed fixture PDF, bad PDFs, and the dev documents
(their shipped .txt was made by the same extraction) when ../shared/corpus-dev is present."""
from decimal import Decimal
from pathlib import Path

import pytest

from corpus import CorpusError, load_document, parse_text
from corpus.pdf import compare_table_facts, extract_pdf, pdf_to_text, table_facts

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pdf"
SAMPLE_PDF = FIXTURES / "sample_budget.pdf"
SAMPLE_TXT = FIXTURES / "sample_budget.txt"
DEV = Path(__file__).resolve().parents[3] / "shared" / "corpus-dev"
DEV_DOCS = ["sh_putuo_wanli_2024_budget", "sh_putuo_wanli_2025_budget", "sh_putuo_czj_2024_final"]


@pytest.fixture(scope="module")
def sample_text() -> str:
    return pdf_to_text(SAMPLE_PDF)


def test_fixture_pdf_reads_as_its_text_export(sample_text):
    # the export writes the wrapped label whole; the PDF has it on two lines of its cell
    expected = SAMPLE_TXT.read_text(encoding="utf-8").replace("基本养老保险缴费支出", "基本养老 保险缴费支出")
    assert sample_text == expected


def test_fixture_layout(sample_text):
    lines = sample_text.split("\n")
    assert lines[:2] == ["示例市示例局2024年部门预算", "预算主管部门：示例市示例局"]
    assert "2040220\t执法办案\t350.00\t\t350.00" in lines  # a blank cell stays empty
    assert "合计\t\t1,250.00\t820.00\t430.00" in lines  # the merged 合计 label leaves its second cell empty
    assert "合计\t因公出国（境）费\t公务用车购置及运行费\t\t\t公务接待费" in lines  # merged across
    assert "\t\t小计\t购置费\t运行费\t" in lines  # merged down
    # the table runs over a page break: two blank lines, then its two header rows again
    brk = lines.index("2080505\t机关事业单位基本养老 保险缴费支出\t120.00\t120.00\t0.00")  # wrapped in its cell
    assert lines[brk - 5:brk] == ["20805\t行政事业单位养老支出\t120.00\t120.00\t0.00", "", "",
                                  "项目\t\t2024年预算数\t\t", "科目编码\t科目名称\t合计\t基本支出\t项目支出"]
    assert "\n\n\n\n" not in sample_text


def test_fixture_extraction_report():
    result = extract_pdf(SAMPLE_PDF)
    assert (result.pages, result.tables, result.pages_without_text, result.notes) == (4, 3, [], [])


def test_pdf_and_text_give_the_same_table_facts(sample_text):
    from_pdf = parse_text(sample_text, "sample", source_file=str(SAMPLE_PDF))
    from_text = load_document(SAMPLE_TXT, "sample")
    assert compare_table_facts(from_pdf, from_text) == []
    assert table_facts(from_pdf) == table_facts(from_text) and len(table_facts(from_pdf)) == 39
    assert (from_pdf.department, from_pdf.year, from_pdf.kind) == ("示例市示例局", 2024, "预算")
    table = from_pdf.table("支出预算总表")
    assert table.unit == "万元" and len(table.rows) == 11 and not from_pdf.warnings
    assert table.row("行政运行").cell("基本支出").value == Decimal("700.00")
    assert table.row("行政运行").cell("项目支出").value is None  # blank is not zero
    wrapped = table.row("机关事业单位基本养老保险缴费支出")
    assert wrapped.code == "2080505" and wrapped.path[0] == "社会保障和就业支出"
    assert table.row("合计").cell("2024年预算数/合计").value == Decimal("1250.00")
    sangong = from_pdf.table("三公")
    assert sangong.rows[0].cell("公务用车购置及运行费/购置费").value == Decimal("25.00")
    assert sangong.rows[0].cell("公务接待费").value == Decimal("7.60")
    assert any("45.60万元" in p.text for p in from_pdf.paragraphs)


def test_compare_reports_a_changed_cell(sample_text):
    from_pdf = parse_text(sample_text, "sample")
    changed = parse_text(SAMPLE_TXT.read_text(encoding="utf-8").replace("\t7.60", "\t7.06"), "sample")
    problems = compare_table_facts(from_pdf, changed)
    assert problems and any("7.60" in p for p in problems) and any("7.06" in p for p in problems)


# ------------------------------------------------------------------------------------ bad input


def test_text_file_named_pdf(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_text("2024年部门预算\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"report\.pdf: not a PDF"):
        pdf_to_text(path)


def test_binary_file_named_pdf(tmp_path):
    path = tmp_path / "image.pdf"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    with pytest.raises(CorpusError, match=r"image\.pdf: not a PDF"):
        pdf_to_text(path)


def test_encrypted_pdf():
    with pytest.raises(CorpusError, match=r"encrypted\.pdf: cannot read the PDF: it is encrypted"):
        pdf_to_text(FIXTURES / "encrypted.pdf")


@pytest.mark.parametrize("keep", [0.1, 0.5, 0.9])
def test_truncated_pdf(tmp_path, keep):
    data = SAMPLE_PDF.read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[:int(len(data) * keep)])
    with pytest.raises(CorpusError, match=r"truncated\.pdf: cannot read the PDF: the file is damaged"):
        pdf_to_text(path)


def test_pdf_header_then_garbage(tmp_path):
    path = tmp_path / "garbage.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"not really a pdf\n" * 50 + b"%%EOF\n")
    with pytest.raises(CorpusError, match=r"garbage\.pdf: cannot read the PDF"):
        pdf_to_text(path)


def test_scanned_pdf_without_text_layer():
    with pytest.raises(CorpusError, match=r"scanned\.pdf: the PDF has no text layer"):
        pdf_to_text(FIXTURES / "scanned.pdf")


def test_missing_file(tmp_path):
    with pytest.raises(CorpusError, match=r"nowhere\.pdf: cannot read the file"):
        pdf_to_text(tmp_path / "nowhere.pdf")


# ------------------------------------------------------------------ development documents (PDF + txt)


@pytest.mark.slow
@pytest.mark.skipif(not DEV.exists(), reason="../shared/corpus-dev is absent")
@pytest.mark.parametrize("name", DEV_DOCS)
def test_dev_pdf_matches_shipped_text(name):
    shipped = (DEV / f"{name}.txt").read_text(encoding="utf-8")
    header, body = shipped.split("\n", 2)[:2], shipped.split("\n", 3)[3]
    assert header[0].startswith("# SOURCE:") and header[1].startswith("# DOC:") and "pdfplumber 0.11.10" in header[1]
    text = pdf_to_text(DEV / f"{name}.pdf")
    assert [l for l in text.split("\n") if "\t" in l] == [l for l in body.split("\n") if "\t" in l]
    assert text == body  # the whole extraction, line for line
    from_pdf = parse_text(text, name, source_file=f"{name}.pdf")
    from_text = load_document(DEV / f"{name}.txt", name)
    assert compare_table_facts(from_pdf, from_text) == []
    assert len(from_pdf.tables) == 9 and len(table_facts(from_pdf)) > 500
    assert (from_pdf.department, from_pdf.year, from_pdf.kind) == (from_text.department, from_text.year, from_text.kind)
