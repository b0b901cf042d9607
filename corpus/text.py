"""Reading source files and normalising the text of cells and labels."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from charset_normalizer import from_bytes

_SPACES = re.compile(r"\s+")
# project-type prefixes of project names (Z, QT, XM, MB, …) and OCR digits before them
# '其中：（一）因公出国（境）支出', '一、一般公共服务支出': the item is named without its place in the list
_ITEM_MARK = re.compile(r"^(?:其中[：:])?(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|\d{1,2}[、．])")
_PROJECT_PREFIX = re.compile(r"^[A-Za-z0-9]{1,3}(?=[\u4e00-\u9fff])")
_QUOTES = re.compile(r"[“”\"'‘’]")


class CorpusError(ValueError):
    """A document cannot be read or parsed; the message names the file and, where known, the line."""


def compact(text: str) -> str:
    """Text with all white space removed and full-width forms folded (OCR puts spaces inside words)."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


PAGE_MARKER = re.compile(r"^=== page \d+ ===$")  # a text export's page separator, not the document's text
_PAGE_NUMBER = re.compile(r"^[-—–\s]*\d{1,4}[-—–\s]*$")  # a page's number printed at its foot ('15', '- 33 -')
# the disclosure's title repeated at the head of each page ('某市某局2025年度部门预算公开')
_RUNNING_HEADER = re.compile(r"^[^，。；：,;:]{0,30}20\d{2}\s*年度?[^，。；：,;:]{0,12}(?:部门|单位)(?:预算|决算)(?:公开)?$")


def after_page_end(lines: list[str], i: int) -> int:
    """The line after `i` where the text goes on: past the end of a page ('15' or '- 33 -' with a blank line or a
    page marker after it), so that a sentence run onto the next page is read whole."""
    following = i + 1
    if following < len(lines) and _PAGE_NUMBER.match(lines[following].strip()) and following + 1 < len(lines) \
            and (not lines[following + 1].strip() or PAGE_MARKER.match(lines[following + 1].strip())):
        following += 1
        while following < len(lines) and (not lines[following].strip() or PAGE_MARKER.match(lines[following].strip())
                                          or _RUNNING_HEADER.match(lines[following].strip())):
            following += 1
    return following


def page_furniture(lines: list[str], n: int) -> bool:
    """A page's number or the blank lines, marker and running header after it (within a paragraph)."""
    text = lines[n].strip()
    if not text or PAGE_MARKER.match(text):
        return True
    if _PAGE_NUMBER.match(text):
        return after_page_end(lines, n - 1) > n
    if _RUNNING_HEADER.match(text):
        before = n - 1
        while before > 0 and (not lines[before].strip() or PAGE_MARKER.match(lines[before].strip())):
            before -= 1
        return before < n - 1 and bool(_PAGE_NUMBER.match(lines[before].strip()))
    return False


def join_wrapped(lines: list[str]) -> str:
    """Lines the extraction wrapped, joined as one text; where one line ends and the next starts with a digit they
    are two figures, and stay apart (a figure glued to the next line's code would be a number nobody printed).

    >>> join_wrapped(["合计 0.00", "20801 人力资源", "和社会保障"])
    '合计 0.00 20801 人力资源和社会保障'
    """
    text = ""
    for line in (line.strip() for line in lines if not PAGE_MARKER.match(line.strip())):
        text += (" " if text[-1:].isdigit() and line[:1].isdigit() else "") + line
    return text


_BARE_FIGURES = re.compile(r"(?:^|\s)-?\d[\d,]*(?:\.\d+)?%?(?:\s+-?\d[\d,]*(?:\.\d+)?%?){2,}(?=\s|$)")


def looks_tabular(text: str) -> bool:
    """Three bare figures in a row, separated by nothing but space: a table's row read as text, never prose.

    >>> looks_tabular("合计 854.88 2.10 70.97 人员支出"), looks_tabular("年初预算为 120.00 万元，支出决算为 100.00 万元")
    (True, False)
    """
    return bool(_BARE_FIGURES.search(text))


def is_subsequence(short: str, long: str) -> bool:
    """The characters of `short` appear in `long` in order, others between them allowed.

    >>> is_subsequence("规划资源局", "上海市普陀区规划和自然资源局"), is_subsequence("资源规划", "规划和自然资源局")
    (True, False)
    """
    chars = iter(long)
    return all(ch in chars for ch in short)


def label_key(label: str, department: str = "") -> str:
    """A row, project or unit label as questions name it: no quotes, no project-type prefix (Z, QT, MB…),
    no leading department name (kept when nothing meaningful would be left).

        >>> label_key("“Z公务接待费”"), label_key("大同市公安局交通警察支队", "大同市公安局")
        ('公务接待费', '交通警察支队')
        >>> label_key("其中：（一）因公出国（境）支出"), label_key("一、一般公共服务支出")
        ('因公出国(境)支出', '一般公共服务支出')
    """
    key = _PROJECT_PREFIX.sub("", _ITEM_MARK.sub("", compact(_QUOTES.sub("", label))))
    if department and key.startswith(department) and len(key) > len(department) + 1:
        key = key[len(department):]
    return key


def clean_cell(text: str) -> str:
    """A cell's text: trimmed, inner white space removed between CJK characters, ASCII spacing kept."""
    text = text.strip()
    return re.sub(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", "", text)


def read_text(path: str | Path) -> str:
    """Decode a text file: UTF-8 (with or without BOM), else GBK/GB18030 or whatever it detects.

    Raises CorpusError for an empty or binary file.
    """
    path = Path(path)
    data = path.read_bytes()
    if not data.strip():
        raise CorpusError(f"{path}: the file is empty")
    if b"\x00" in data[:4096]:
        raise CorpusError(f"{path}: a binary file, not text (NUL bytes); give the PDF to `corpus add` or the text export")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    best = from_bytes(data).best()
    if best is None:
        raise CorpusError(f"{path}: cannot detect the text encoding")
    return str(best)
