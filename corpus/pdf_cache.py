"""The text extracted from a PDF, kept on disk so the same file is not extracted twice (extraction takes seconds
per page; a city's desk re-reads its documents at every start, an evaluation at every run).

An entry is keyed by the file's bytes and by the extraction itself: the pdfplumber version and the source of the
modules that shape the text (`corpus/pdf.py`, `corpus/money.py`), so a change to either extracts afresh. Entries are
JSON files written whole (a temporary file renamed), so two processes reading the same PDF never see half an entry.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import cache
from pathlib import Path

import config

_EXTRACTION_CODE = ("pdf.py", "money.py")  # the modules whose source decides the extracted text


@cache
def extraction_version() -> str:
    import pdfplumber

    digest = hashlib.sha256(pdfplumber.__version__.encode())
    for name in _EXTRACTION_CODE:
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()[:16]


def entry_path(path: Path) -> Path | None:
    """Where the extraction of `path` is kept, or None when keeping is off."""
    if config.PDF_TEXT_CACHE is None:
        return None
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return config.PDF_TEXT_CACHE / extraction_version() / f"{digest}.json"


def load(path: Path) -> dict | None:
    """The kept extraction of `path` (the fields of PdfText), or None when there is none to read."""
    entry = entry_path(path)
    if entry is None or not entry.is_file():
        return None
    try:
        return json.loads(entry.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # a damaged entry is extracted again and overwritten


def store(path: Path, fields: dict) -> None:
    """Keep an extraction; a cache that cannot be written (read-only disk, full disk) is skipped, not an error."""
    entry = entry_path(path)
    if entry is None:
        return
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=entry.parent, suffix=".tmp",
                                         delete=False) as handle:
            json.dump(fields, handle, ensure_ascii=False)
        os.replace(handle.name, entry)
    except OSError:
        return
