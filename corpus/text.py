"""Reading source files and normalising the text of cells and labels."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from charset_normalizer import from_bytes

_SPACES = re.compile(r"\s+")


class CorpusError(ValueError):
    """A document cannot be read or parsed; the message names the file and, where known, the line."""


def compact(text: str) -> str:
    """Text with all white space removed and full-width forms folded (OCR puts spaces inside words)."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


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
