"""Reading a disclosure PDF as text in the corpus's extraction style, so the text parser reads PDFs too.

The style is the one of the development texts (`# DOC: … pdfplumber 0.11.10 (text lines y_tolerance=6;
tables as tab-separated rows, merged cells left empty; blank line between blocks/pages)`):

* each page is cut into blocks in page order: runs of text lines outside the tables, and the tables;
* a text line is pdfplumber's text line (y_tolerance=6) made of the characters outside every table;
* a table is pdfplumber's `extract_tables` grid, one tab-separated line per row; merged cells (None)
  are left empty, a line break inside a cell becomes a space, rows with no text are dropped;
* blocks and pages are separated by one blank line; a table that opens a page has a blank line more
  before it (so a table running over a page break shows two blank lines); never more than two.

    >>> text = pdf_to_text("tests/fixtures/pdf/sample_budget.pdf")
    >>> "2040201\\t行政运行\\t700.00\\t700.00\\t" in text
    True

`table_facts` and `compare_table_facts` check that the PDF path and the text path give the parser
the same tables (title, unit, row, code, column and value of every cell).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from corpus.model import Disclosure
from corpus.text import CorpusError

EXTRACTOR = ("pdfplumber 0.11.10 (text lines y_tolerance=6; tables as tab-separated rows, merged cells left "
             "empty; blank line between blocks/pages)")
Y_TOLERANCE = 6
PDF_MAGIC = b"%PDF-"
_CID = re.compile(r"\(cid:\d+\)")
MAX_CID_SHARE = 0.05  # more glyphs without a Unicode mapping than this: the text would be garbage


@dataclass
class PdfText:
    """The extracted text and what the extraction saw."""

    text: str
    pages: int
    tables: int
    pages_without_text: list[int] = field(default_factory=list)  # 1-based; image-only (scanned) pages

    @property
    def notes(self) -> list[str]:
        if not self.pages_without_text:
            return []
        pages = ", ".join(str(p) for p in self.pages_without_text)
        return [f"page(s) {pages} have no text layer (scanned images?); their content is not in the text"]


def is_pdf(path: str | Path) -> bool:
    """True when the file starts (within its first KB, as readers allow) with the %PDF- marker."""
    with open(path, "rb") as handle:
        return PDF_MAGIC in handle.read(1024)


def pdf_to_text(path: str | Path) -> str:
    """The text of the PDF at `path` in the corpus's extraction style (see the module doc).

    Raises CorpusError, naming the file, for a file that is not a PDF, an encrypted or damaged PDF,
    a PDF with no text layer (a scan) and one whose fonts have no Unicode mapping.
    """
    return extract_pdf(path).text


def extract_pdf(path: str | Path) -> PdfText:
    import pdfplumber  # imported here: reading text documents never needs it

    path = Path(path)
    try:
        if not is_pdf(path):
            raise CorpusError(f"{path}: not a PDF (no %PDF- header); give a PDF or the text export")
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read the file ({exc.strerror or exc})") from exc
    pages: list[str] = []
    empty: list[int] = []
    tables = chars = cid_chars = 0
    try:
        with pdfplumber.open(path) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                if not page.chars:
                    empty.append(number)
                chars += len(page.chars)
                cid_chars += sum(1 for c in page.chars if _CID.fullmatch(c.get("text", "")))
                blocks, found = page_blocks(page)
                tables += found
                pages.append("\n\n".join(blocks))
                page.flush_cache()
            count = len(pdf.pages)
    except CorpusError:
        raise
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many types for damaged files
        raise CorpusError(f"{path}: cannot read the PDF: {describe_pdf_error(exc)}") from exc
    if count == 0:
        raise CorpusError(f"{path}: the PDF has no pages")
    if chars == 0:
        raise CorpusError(f"{path}: the PDF has no text layer (a scanned document?); "
                          "run OCR on it and add the text export instead")
    if cid_chars > chars * MAX_CID_SHARE:
        raise CorpusError(f"{path}: {cid_chars} of {chars} characters have no Unicode mapping in their font; "
                          "the text cannot be extracted reliably (run OCR or add the text export)")
    text = "".join(p + "\n\n" for p in pages)
    text = re.sub(r"\n{4,}", "\n\n\n", text)  # at most two blank lines in a row
    return PdfText(text=text, pages=count, tables=tables, pages_without_text=empty)


def describe_pdf_error(exc: Exception) -> str:
    """A readable reason: pdfplumber wraps pdfminer's exceptions, whose type names say the most."""
    inner = exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], Exception) else exc
    name = type(inner).__name__
    if "Password" in name or "Encrypt" in name:
        return f"it is encrypted / password-protected ({name}); give an unprotected copy"
    if "TextExtractionNotAllowed" in name:
        return "its permissions forbid text extraction"
    message = str(inner).strip()
    return f"the file is damaged or not a valid PDF ({name}{': ' + message[:200] if message else ''})"


def page_blocks(page) -> tuple[list[str], int]:
    """The page's blocks in page order (text runs and tables), as text; and the number of tables."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside_tables(obj) -> bool:
        if obj.get("object_type") != "char":
            return True
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    items: list[tuple[float, int, object]] = []
    for line in page.filter(outside_tables).extract_text_lines(y_tolerance=Y_TOLERANCE):
        if line["text"].strip():
            items.append((line["top"], 0, line["text"]))
    for table in tables:
        rows = [table_row(row) for row in table.extract()]
        items.append((table.bbox[1], 1, [r for r in rows if r.strip()]))
    items.sort(key=lambda item: (item[0], item[1]))
    blocks: list[tuple[str, list[str]]] = []
    for _, kind, content in items:
        if kind == 1:
            blocks.append(("table", content))
        elif blocks and blocks[-1][0] == "text":
            blocks[-1][1].append(content)
        else:
            blocks.append(("text", [content]))
    out = []
    for i, (kind, lines) in enumerate(blocks):
        block = "\n".join(lines)
        out.append("\n" + block if kind == "table" and i == 0 else block)
    return out, len(tables)


def table_row(cells: list[str | None]) -> str:
    """One table row as a tab-separated line: a merged cell (None) is empty, line breaks become spaces."""
    return "\t".join("" if c is None else re.sub(r"[\t\r\n]+", " ", c) for c in cells)


# ------------------------------------------------------------------- comparing the two paths

TableFact = tuple[str, str, int, str, tuple[str, ...], str | None, str | None, str, Decimal | None, str]


def table_facts(doc: Disclosure) -> list[TableFact]:
    """Every table cell as the parser read it: (title, unit, table index, row label, qualifiers, side,
    code, column, value, raw text), in document order. Line numbers are left out (a text export may
    carry header lines a PDF does not)."""
    facts: list[TableFact] = []
    for index, table in enumerate(doc.tables):
        for row in table.rows:
            for cell in row.cells:
                facts.append((table.title, table.unit, index, row.label, row.qualifiers, row.side, row.code,
                              cell.column, cell.value, cell.raw))
    return facts


def compare_table_facts(pdf_doc: Disclosure, text_doc: Disclosure, limit: int = 20) -> list[str]:
    """The differences between the tables of two readings of one disclosure ([] when identical)."""
    problems: list[str] = []
    a_titles = [(t.title, t.unit, len(t.rows), t.columns) for t in pdf_doc.tables]
    b_titles = [(t.title, t.unit, len(t.rows), t.columns) for t in text_doc.tables]
    if a_titles != b_titles:
        for i in range(max(len(a_titles), len(b_titles))):
            a = a_titles[i] if i < len(a_titles) else None
            b = b_titles[i] if i < len(b_titles) else None
            if a != b:
                problems.append(f"table {i + 1}: pdf {a} != text {b}")
    a_facts, b_facts = table_facts(pdf_doc), table_facts(text_doc)
    if a_facts != b_facts:
        problems.append(f"{len(a_facts)} cells from the pdf, {len(b_facts)} from the text")
        a_set, b_set = set(a_facts), set(b_facts)
        a_only = [f for f in a_facts if f not in b_set]
        b_only = [f for f in b_facts if f not in a_set]
        problems.extend(f"pdf only: {f}" for f in a_only[:limit])
        problems.extend(f"text only: {f}" for f in b_only[:limit])
        if not a_only and not b_only:
            problems.append("the same cells in a different order")
    return problems
