"""The extracted text of a PDF is kept and read back (corpus.pdf_cache): the same file is not extracted twice, a
change to the file or to the extraction code extracts afresh, a damaged entry is extracted again, 'off' keeps none."""
import shutil
from pathlib import Path

import pytest

import config
from corpus import pdf, pdf_cache

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "pdf" / "sample_budget.pdf"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "PDF_TEXT_CACHE", tmp_path / "pdf-text")
    return tmp_path / "pdf-text"


def entries(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.json")) if folder.exists() else []


def test_a_pdf_read_before_is_not_extracted_again(cache_dir, monkeypatch):
    first = pdf.extract_pdf(SAMPLE)
    assert len(entries(cache_dir)) == 1
    monkeypatch.setattr(pdf, "read_pdf", lambda path: pytest.fail("extracted again"))
    assert pdf.extract_pdf(SAMPLE) == first


def test_another_file_or_another_extraction_is_extracted(cache_dir, tmp_path, monkeypatch):
    pdf.extract_pdf(SAMPLE)
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(SAMPLE.read_bytes() + b"\n% another revision\n")
    pdf.extract_pdf(changed)
    assert len(entries(cache_dir)) == 2
    monkeypatch.setattr(pdf_cache, "extraction_version", lambda: "another-extraction")
    pdf.extract_pdf(SAMPLE)
    assert len(entries(cache_dir / "another-extraction")) == 1


def test_a_damaged_entry_is_extracted_again(cache_dir):
    text = pdf.extract_pdf(SAMPLE).text
    [entry] = entries(cache_dir)
    entry.write_text("{not json", encoding="utf-8")
    assert pdf.extract_pdf(SAMPLE).text == text
    assert pdf_cache.load(SAMPLE)["text"] == text


def test_off_keeps_nothing_and_an_unwritable_cache_is_no_error(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "PDF_TEXT_CACHE", None)
    text = pdf.extract_pdf(SAMPLE).text
    assert pdf_cache.load(SAMPLE) is None
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    monkeypatch.setattr(config, "PDF_TEXT_CACHE", blocked)  # a file where the folder should be
    assert pdf.extract_pdf(SAMPLE).text == text


def test_errors_are_not_kept(cache_dir, tmp_path):
    broken = tmp_path / "broken.pdf"
    shutil.copy(SAMPLE, broken)
    broken.write_bytes(broken.read_bytes()[:400])
    with pytest.raises(Exception):
        pdf.extract_pdf(broken)
    assert entries(cache_dir) == []
