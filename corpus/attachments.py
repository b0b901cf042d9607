"""A disclosure published as several attachments — 附件1 情况说明 (prose) and 附件2 报表 (tables), as some cities
publish — is one document: the attachments' texts joined in their order, read as one.

Files are attachments of one disclosure when their names differ only by the attachment number at the end
('…_part1' / '…_part2', '…附件1' / '…附件2').

    >>> [[p.name for p in g] for g in disclosure_groups([Path("a_part2.pdf"), Path("b.pdf"), Path("a_part1.pdf")])]
    [['a_part1.pdf', 'a_part2.pdf'], ['b.pdf']]
    >>> disclosure_id([Path("bj_2026_budget_part1.pdf"), Path("bj_2026_budget_part2.pdf")])
    'bj_2026_budget'
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from corpus.model import Disclosure
from corpus.parser import load_document, parse_text
from corpus.pdf import is_pdf, pdf_to_text
from corpus.text import CorpusError, read_text

_ATTACHMENT = re.compile(r"^(?P<base>.+?)[_\-\s]*(?:part|附件|attachment)[_\-\s]*(?P<n>\d+)$", re.IGNORECASE)


def attachment_of(path: Path) -> tuple[str, int] | None:
    """(the disclosure's name, the attachment's number) when the file name ends in an attachment number."""
    found = _ATTACHMENT.match(path.stem)
    return (found.group("base"), int(found.group("n"))) if found else None


def disclosure_groups(paths: list[Path]) -> list[list[Path]]:
    """The files grouped into disclosures, in the order each disclosure's first file comes; attachments in order."""
    groups: dict[tuple, list[Path]] = {}
    for path in sorted(paths, key=lambda p: (attachment_of(p) or (p.stem, 0))):
        part = attachment_of(path)
        key = ("attachments", str(path.parent), part[0]) if part else ("file", str(path))
        groups.setdefault(key, []).append(path)
    order = {str(p): i for i, p in enumerate(paths)}
    return sorted(groups.values(), key=lambda g: min(order[str(p)] for p in g))


def disclosure_id(paths: list[Path]) -> str:
    """The id of the disclosure the files make: the common name of attachments, else the file's stem."""
    part = attachment_of(paths[0])
    return part[0] if part and len(paths) > 1 else paths[0].stem


def joined_text(texts: list[str]) -> str:
    """The attachments' texts as one, each starting on a line of its own."""
    return "\n".join(text.rstrip("\n") for text in texts) + "\n"


def load_disclosure(paths: list[Path], doc_id: str | None = None) -> Disclosure:
    """One disclosure from its file, or from its attachments joined."""
    if len(paths) == 1:
        return load_document(paths[0], doc_id)
    texts = [pdf_to_text(p) if is_pdf(p) else read_text(p) for p in paths]
    return parse_text(joined_text(texts), doc_id or disclosure_id(paths), source_file=" + ".join(map(str, paths)))


def documents_in(folders: list[Path], suffix: str = ".txt") -> list[Disclosure]:
    """Documents read from folders beside the corpus (id: the file stem; attachments of one disclosure are one
    document, id their common name), for gold sets about them; `suffix` .pdf reads the published PDFs instead
    of their text extractions."""
    documents = []
    for folder in folders:
        for paths in disclosure_groups(sorted(folder.glob("*" + suffix))) if folder.is_dir() else ():
            try:
                documents.append(load_disclosure(paths))
            except CorpusError as exc:
                print(f"skipped {' + '.join(map(str, paths))}: {exc}", file=sys.stderr)
    return documents
