"""Reading a disclosure PDF as text in the corpus's extraction style, so the text parser reads PDFs too.

The style is the one of the development texts (`# DOC: … pdfplumber 0.11.10 (text lines y_tolerance=6;
tables as tab-separated rows, merged cells left empty; blank line between blocks/pages)`):

* each page is cut into blocks in page order: runs of text lines outside the tables, and the tables;
* a text line is pdfplumber's text line (y_tolerance=6) made of the characters outside every table;
* a table is pdfplumber's `find_tables` grid, one tab-separated line per row, read from its cells: an
  empty cell stays an empty cell in its column, merged cells (None) are left empty, a line break inside
  a cell becomes a space, rows with no text are dropped; the number, title and unit lines a grid prints
  in its own top rows stand above it as text lines; a one-row grid without figures is boxes behind prose;
* a table running onto the next page is one table: the page numbers, running header and repeated title
  and unit lines between its parts are dropped, and a continuation whose columns differ is laid into the
  first part's columns by x-position (`join_continued`);
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
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path

from corpus import pdf_cache
from corpus.model import Disclosure
from corpus.money import is_amount
from corpus.text import CorpusError

EXTRACTOR = ("pdfplumber 0.11.10 (text lines y_tolerance=6; tables as tab-separated rows, merged cells left "
             "empty; blank line between blocks/pages)")
Y_TOLERANCE = 6
PDF_MAGIC = b"%PDF-"
_CID = re.compile(r"\(cid:\d+\)")
MAX_CID_SHARE = 0.05  # more glyphs without a Unicode mapping than this: the text would be garbage
MIN_COLUMN_WIDTH = 8  # points: less than one printed character
_UNIT_LINE = re.compile(r"单位\s*[：:]")
_TITLE_END = re.compile(r"表(（[^）]*）|\([^)]*\))?$")  # a table's title or number: '收入总表', '公开02表'
_PAGE_NUMBER = re.compile(r"^(第\s*)?[-—–\s]*\d{1,4}[-—–\s]*(页)?(\s*[/共]\s*\d{1,4}\s*页?)?$")


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
    """The PDF's text, extracted once per file and extraction code (corpus.pdf_cache keeps it)."""
    path = Path(path)
    try:
        if not is_pdf(path):
            raise CorpusError(f"{path}: not a PDF (no %PDF- header); give a PDF or the text export")
        if (kept := pdf_cache.load(path)) is not None:
            return PdfText(**kept)
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read the file ({exc.strerror or exc})") from exc
    extracted = read_pdf(path)
    pdf_cache.store(path, asdict(extracted))
    return extracted


def read_pdf(path: Path) -> PdfText:
    import pdfplumber  # imported here: reading text documents never needs it

    pages: list[list[Block]] = []
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
                pages.append(blocks)
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
    join_continued(pages)
    text = "".join(render_page(p) + "\n\n" for p in pages)
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


@dataclass
class Grid:
    """One table as read from its cells: rows of cell texts ('' where empty or merged) and each column's
    x-range on the page, so the rows of a continuation can be laid into the columns they sit under."""

    rows: list[list[str]]
    columns: list[tuple[float, float]]
    context: set[str] = field(default_factory=set)  # the text lines above the table on its first page


@dataclass
class Block:
    """A run of text lines, or a table."""

    lines: list[str] = field(default_factory=list)
    grid: Grid | None = None


def page_blocks(page) -> tuple[list[Block], int]:
    """The page's blocks in page order (text runs and tables); and the number of tables."""
    tables = [t for t in page.find_tables() if len(t.rows) > 1 or is_figure_row(t.extract()[0])]
    boxes = [t.bbox for t in tables]

    def outside_tables(obj) -> bool:
        if obj.get("object_type") != "char":
            return True
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    items: list[tuple[float, int, str | Grid]] = []
    for line in page.filter(outside_tables).extract_text_lines(y_tolerance=Y_TOLERANCE):
        if line["text"].strip():
            items.append((line["top"], 0, line["text"]))
    for table in tables:
        titles, top, grid = read_grid(table)
        items.extend((row_top, 0, text) for row_top, text in titles)
        items.append((top, 1, grid))
    items.sort(key=lambda item: (item[0], item[1]))
    blocks: list[Block] = []
    for _, kind, content in items:
        if kind == 1:
            content.context = {compact_line(line) for b in blocks for line in b.lines}
            blocks.append(Block(grid=content))
        elif blocks and blocks[-1].grid is None:
            blocks[-1].lines.append(content)
        else:
            blocks.append(Block(lines=[content]))
    return blocks, len(tables)


def read_grid(table) -> tuple[list[tuple[float, str]], float, Grid]:
    """The table's cells, less the number, title and unit lines printed in its top rows: those are returned
    as text lines (top, text) to stand above the table; and the top of the table's first row."""
    raw = [["" if c is None else c for c in row] for row in table.extract()]
    rows = [[re.sub(r"[\t\r\n]+", " ", c) for c in row] for row in raw]
    tops = [row.bbox[1] for row in table.rows]
    titles: list[tuple[float, str]] = []
    while rows and is_title_row(rows[0]):
        titles += [(tops[0], line) for line in title_lines(raw[0])]
        rows, raw, tops = rows[1:], raw[1:], tops[1:]
    columns = column_ranges(table)
    # a column narrower than a character is a sliver between two rulings, never a column of its own
    keep = [j for j, (x0, x1) in enumerate(columns) if x1 - x0 >= MIN_COLUMN_WIDTH or any(r[j] for r in rows)]
    top = tops[0] if tops else table.bbox[1]
    rows = [[row[j] for j in keep] for row in rows if any(row)]
    return titles, top, Grid(rows, [columns[j] for j in keep])


def title_lines(cells: list[str]) -> list[str]:
    """A title row's text: one line, but a unit line printed under the title in the same cell ('…总表' then
    '编制单位：… 单位：元') is a line of its own, so that the title is read as one.

    >>> title_lines(["某收支预算总表\\n编制单位：某院 单位：元", ""])
    ['某收支预算总表', '编制单位：某院 单位：元']
    """
    lines = [line.strip() for line in re.split(r"[\r\n]+", " ".join(c for c in cells if c)) if line.strip()]
    cut = next((i for i, line in enumerate(lines) if i and _UNIT_LINE.search(line)), len(lines))
    return [text for text in (" ".join(lines[:cut]), " ".join(lines[cut:])) if text]


def is_figure_row(cells: list[str | None]) -> bool:
    """A one-row grid is a table's last row alone on its page when it holds figures; without them it is
    the boxes drawn behind a line of prose."""
    return sum(1 for c in cells if c and is_amount(c)) >= 2


def is_title_row(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    if any(_UNIT_LINE.search(c) for c in filled):
        return True
    return len(filled) <= 1 and all(_TITLE_END.search(compact_line(c)) for c in filled)


def column_ranges(table) -> list[tuple[float, float]]:
    """Each column's x-range: from its leftmost cell's left edge to the next column's."""
    starts = [min((cell[0] for cell in column.cells if cell), default=table.bbox[0]) for column in table.columns]
    ends = starts[1:] + [table.bbox[2]]
    return list(zip(starts, ends))


def join_continued(pages: list[list[Block]]) -> None:
    """A table running onto the next page is read as one table: the page furniture between its parts (page
    numbers, a running header, the repeated title and unit lines) is dropped, and the continuation's cells
    are laid into the first part's columns by their x-positions. A repeated header stays (the table parser
    drops it) and the page break stays two blank lines."""
    for before, page in zip(pages, pages[1:]):
        last = max((i for i, b in enumerate(before) if b.grid), default=None)
        first = next((i for i, b in enumerate(page) if b.grid), None)
        if last is None or first is None or not before[last].grid.rows:
            continue
        head, tail = page[:first], before[last + 1:]
        part, continuation = before[last].grid, page[first].grid
        if not all(is_page_number(line) for b in tail for line in b.lines):
            continue  # the table ends on its page (a note, prose or another title follows it)
        if not all(is_page_number(line) or compact_line(line) in part.context for b in head for line in b.lines):
            continue  # the next page opens with its own title or text
        placed = lay_into(continuation, part.columns, part.rows)
        if placed is None:
            continue
        continuation.rows, continuation.columns, continuation.context = placed, part.columns, part.context
        del before[last + 1:]
        del page[:first]


def lay_into(grid: Grid, columns: list[tuple[float, float]], part_rows: list[list[str]]) -> list[list[str]] | None:
    """The grid's rows in `columns` (those of the first part, whose rows are `part_rows`): each column holding text
    goes to the column it overlaps most. None when a column overlaps none, or two share one: the tables do not line
    up, they are not one table."""
    target: dict[int, int] = {}
    for j, (x0, x1) in enumerate(grid.columns):
        if not any(row[j] for row in grid.rows):
            continue
        overlaps = [min(x1, b) - max(x0, a) for a, b in columns]
        best = max(range(len(columns)), key=overlaps.__getitem__)
        if overlaps[best] < (x1 - x0) / 2 or best in target.values():
            return None
        target[j] = best
    shift = len(columns) - len(grid.columns)
    if shift > 0 and all(k == j + shift for j, k in target.items()) and not any(any(r[:shift]) for r in part_rows):
        return [[""] * shift + row for row in grid.rows]  # the first part's empty first columns are not drawn here
    if all(k == j + shift for j, k in target.items() if j):
        return grid.rows  # the same columns, or a label merged over the first ones: the table parser right-aligns it
    placed = []
    for row in grid.rows:
        cells = [""] * len(columns)
        for j, k in target.items():
            cells[k] = row[j]
        placed.append(cells)
    return placed


def is_page_number(line: str) -> bool:
    return bool(_PAGE_NUMBER.match(line.strip()))


def compact_line(line: str) -> str:
    return re.sub(r"\s+", "", line)


def render_page(blocks: list[Block]) -> str:
    """Blocks separated by a blank line; a table that opens the page has a blank line more before it."""
    out = []
    for i, block in enumerate(blocks):
        if block.grid is None:
            out.append("\n".join(block.lines))
        else:
            rows = "\n".join("\t".join(row) for row in block.grid.rows)
            out.append("\n" + rows if i == 0 else rows)
    return "\n\n".join(out)


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
