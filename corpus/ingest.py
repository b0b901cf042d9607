"""Adding a disclosure to the corpus (`python -m corpus add`) and taking one out (`python -m corpus remove`).

Usage (it writes into the corpus folder, so it is not run as a doctest)::

    result = add_document("上海市普陀区财政局2024年度部门决算.pdf")
    result.entry["id"], result.entry["department"], result.entry["year"], result.entry["kind"]
    # ('doc-2024-final-3f2a9c1d', '上海市普陀区财政局', 2024, '决算')

Adding reads the document (a PDF through corpus.pdf, a text export through corpus.text), takes department,
year and kind from its title page unless given (the parser's own detection), and parses it: a document that
does not parse is refused with the parser's error and nothing is written. The stored files are named after
the document id only (`documents/<id>.txt`, plus `documents/<id>.pdf` for a PDF), never after the name the
file came with, so no path can leave the corpus folder. The manifest is replaced atomically (temporary file +
rename) under a lock on the corpus folder; a duplicate id or an identical document already in the corpus is
refused. This layer does not touch the index: the caller (the `corpus` CLI, the app) refreshes it.
"""
from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import config
from corpus.attachments import disclosure_id, joined_text
from corpus.metadata import KINDS
from corpus.model import Disclosure
from corpus.parser import parse_text
from corpus.pdf import EXTRACTOR, extract_pdf, is_pdf
from corpus.registry import (DOCUMENTS, manifest_lock, manifest_path, read_manifest_data, write_atomic,
                             write_manifest_data)
from corpus.text import CorpusError, compact, read_text

KIND_SLUGS = {"预算": "budget", "决算": "final"}
DOC_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")
HEAD_LINES = 40  # the title page the parser reads metadata from
_TITLE_WORDS = re.compile(r"20\d{2}|预算|决算|公开")  # in a department name: the title line was taken


@dataclass
class AddResult:
    entry: dict  # the manifest entry as written
    document: Disclosure
    files: list[Path]  # the files written into the corpus folder
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        doc = self.document
        return (f"added {doc.id}: {doc.department} {doc.year}年 {doc.kind} — {len(doc.tables)} tables, "
                f"{len(doc.forms)} project forms, {len(doc.paragraphs)} paragraphs "
                f"({', '.join(self.entry_files())})")

    def entry_files(self) -> list[str]:
        return stored_files(self.entry)


def stored_files(entry: dict) -> list[str]:
    """The files of a manifest entry in the documents folder: its text, its PDF or its attachments as published."""
    return [entry[k] for k in ("source", "pdf") if entry.get(k)] + list(entry.get("attachments", []))


def check_id(doc_id: str) -> str:
    """A document id is also a file name: lower-case ASCII letters, digits, '-' and '_' (no dots, no
    slashes, so never a path), at most 80 characters."""
    if not DOC_ID.match(doc_id or ""):
        raise CorpusError(f"invalid document id {doc_id!r}: use lower-case letters, digits, '-' or '_' "
                          "(start with a letter or digit, at most 80 characters)")
    return doc_id


def suggest_id(path: Path, year: int | None, kind: str, digest: str) -> str:
    """An id from the file name when it has Latin letters (sh_putuo_czj_2024_final.pdf -> sh-putuo-czj-2024-final),
    else from year, kind and the content hash (上海市…决算.pdf -> doc-2024-final-3f2a9c1d)."""
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")[:60].strip("-")
    if re.search(r"[a-z]", slug):
        return slug
    return f"doc-{year or 'x'}-{KIND_SLUGS.get(kind, 'doc')}-{digest[:8]}"


def read_document(path: Path) -> tuple[str, bool, list[str]]:
    """The text of `path` (a PDF is extracted), whether it was a PDF, and notes on the extraction."""
    if not path.is_file():
        raise CorpusError(f"{path}: {'not a file' if path.exists() else 'no such file'}")
    check_size(path)
    suffix = path.suffix.lower()
    if suffix == ".pdf" or is_pdf(path):
        extracted = extract_pdf(path)
        return extracted.text, True, extracted.notes
    if suffix not in (".txt", ".text", ""):
        raise CorpusError(f"{path}: give a PDF or a text export (.txt); {suffix!r} files are not read")
    return read_text(path), False, []


def check_size(path: Path) -> None:
    """Refuse a file larger than config.MAX_UPLOAD_MB before reading it."""
    size, limit = path.stat().st_size, config.MAX_UPLOAD_MB * 2**20
    if size > limit:
        raise CorpusError(f"{path}: too large ({size / 2**20:.1f} MB; at most {config.MAX_UPLOAD_MB} MB, "
                          "BUDGET_QA_MAX_UPLOAD_MB)")


def add_document(path: str | Path | list, corpus_dir: Path | None = None, doc_id: str | None = None,
                 department: str = "", year: int | None = None, kind: str = "",
                 reader: Callable[[Path], tuple[str, bool, list[str]]] | None = None) -> AddResult:
    """Add the disclosure at `path` — or published as the attachments `path` lists (情况说明 and 报表), joined in
    that order into one document (corpus.attachments) — to the corpus in `corpus_dir` (default
    config.CORPUS_DIR); see the module doc. Raises CorpusError (naming the file) when it is refused; nothing is
    written then. `reader` (default read_document) gives a file's text: a caller adding many files may have
    extracted them ahead."""
    reader = reader or read_document
    paths = [Path(p) for p in path] if isinstance(path, (list, tuple)) else [Path(path)]
    if len(paths) > 1:
        return add_attachments(paths, corpus_dir, doc_id, department, year, kind, reader)
    path = paths[0]
    corpus_dir = Path(corpus_dir or config.CORPUS_DIR)
    if kind and kind not in KINDS:
        raise CorpusError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    if year is not None and not 1990 <= year <= 2100:
        raise CorpusError(f"year {year} is out of range")
    if doc_id is not None:
        check_id(doc_id)
    text, from_pdf, notes = reader(path)
    original = path.read_bytes()
    if not text.strip():
        raise CorpusError(f"{path}: the document has no text")
    digest = hashlib.sha256(original).hexdigest()
    stored_text = text.encode("utf-8")
    # parsed before anything is written: a document that does not parse is refused with the parser's error
    detected = parse_text(text, "new-document", source_file=str(path))
    notes += compare_metadata(detected, department, year, kind)
    doc_id = check_id(doc_id or suggest_id(path, year or detected.year, kind or detected.kind, digest))
    document = parse_text(text, doc_id, department.strip(), year, kind, str(path))
    check_metadata(path, text, document, department.strip(), kind)
    notes += [f"parser warning: {w}" for w in document.warnings]

    with manifest_lock(corpus_dir):
        if not manifest_path(corpus_dir).exists():
            notes.append(f"started a new corpus in {corpus_dir}")
        data = read_manifest_data(corpus_dir, create=True)
        check_not_present(data, corpus_dir, doc_id, digest, hashlib.sha256(stored_text).hexdigest(), document, notes)
        folder = corpus_dir / DOCUMENTS
        text_file, pdf_file = folder / f"{doc_id}.txt", folder / f"{doc_id}.pdf"
        targets = [text_file] + ([pdf_file] if from_pdf else [])
        for target in targets:
            inside_folder(target, folder)
            if target.exists():
                raise CorpusError(f"{target}: a file of that name is already in the corpus folder (not in the "
                                  "manifest); remove it or choose another --id")
        entry = {"id": doc_id, "department": document.department, "year": document.year, "kind": document.kind,
                 "source": f"{DOCUMENTS}/{text_file.name}", "origin": path.name[-200:], "sha256": digest}
        if from_pdf:
            entry["pdf"] = f"{DOCUMENTS}/{pdf_file.name}"
            entry["extracted_with"] = EXTRACTOR
        entry["added"] = time.strftime("%Y-%m-%d")
        written: list[Path] = []
        try:
            write_atomic(text_file, stored_text)
            written.append(text_file)
            if from_pdf:
                write_atomic(pdf_file, original)
                written.append(pdf_file)
            data["documents"].append(entry)
            write_manifest_data(data, corpus_dir)
        except BaseException:
            for done in written:
                done.unlink(missing_ok=True)
            raise
    return AddResult(entry, document, written, notes)


def add_attachments(paths: list[Path], corpus_dir: Path | None, doc_id: str | None, department: str,
                    year: int | None, kind: str, reader=read_document) -> AddResult:
    """One disclosure from its attachments: their texts joined and added as one text export, then each file as
    published kept beside it (`documents/<id>_part<n>.<ext>`, listed under "attachments")."""
    read = [reader(p) for p in paths]
    joined = Path(tempfile.mkdtemp(prefix="bqa-attachments-")) / (disclosure_id(paths) + ".txt")
    joined.write_text(joined_text([text for text, _, _ in read]), encoding="utf-8")
    try:
        result = add_document(joined, corpus_dir, doc_id, department, year, kind)
    finally:
        shutil.rmtree(joined.parent, ignore_errors=True)
    corpus_dir = Path(corpus_dir or config.CORPUS_DIR)
    folder = corpus_dir / DOCUMENTS
    with manifest_lock(corpus_dir):
        data = read_manifest_data(corpus_dir)
        entry = next(e for e in data["documents"] if e.get("id") == result.entry["id"])
        entry["origin"] = " + ".join(p.name for p in paths)[-200:]
        entry["attachments"] = []
        for n, path in enumerate(paths, 1):
            target = inside_folder(folder / f"{entry['id']}_part{n}{path.suffix.lower() or '.txt'}", folder)
            write_atomic(target, path.read_bytes())
            entry["attachments"].append(f"{DOCUMENTS}/{target.name}")
            result.files.append(target)
        write_manifest_data(data, corpus_dir)
    result.entry = entry
    result.notes += [note for _, _, notes in read for note in notes]
    return result


def compare_metadata(detected: Disclosure, department: str, year: int | None, kind: str) -> list[str]:
    """Notes where a given value differs from what the title page says."""
    notes = []
    for name, given, found in (("department", department.strip(), detected.department),
                               ("year", year, detected.year), ("kind", kind, detected.kind)):
        if given and found and given != found:
            notes.append(f"the title page gives {name} {found!r}; using the given {given!r}")
    return notes


def check_metadata(path: Path, text: str, document: Disclosure, given_department: str, kind: str) -> None:
    """Department and year must be known (given or read from the title page), and the kind stated;
    one error names everything missing."""
    missing = []
    if not document.department:
        missing.append("the department cannot be read from the title page; give --department")
    elif not given_department and _TITLE_WORDS.search(document.department):
        missing.append(f"the department read from the title page, {document.department!r}, looks like the "
                       "document's title; give --department")
    if document.year is None:
        missing.append("the year cannot be read from the title page; give --year")
    head = compact("\n".join(text.splitlines()[:HEAD_LINES]))
    if not kind and "预算" not in head and "决算" not in head:
        missing.append("the title page says neither 预算 nor 决算; give --kind")
    if missing:
        raise CorpusError(f"{path}: " + "; ".join(missing))


def check_not_present(data: dict, corpus_dir: Path, doc_id: str, digest: str, text_digest: str,
                      document: Disclosure, notes: list[str]) -> None:
    for entry in data["documents"]:
        other = entry.get("id")
        if other == doc_id:
            raise CorpusError(f"a document with id {doc_id!r} is already in the corpus ({entry.get('source')}); "
                              "choose another --id or remove it first")
        if entry.get("sha256") == digest or source_digest(corpus_dir, entry) == text_digest:
            raise CorpusError(f"this document is already in the corpus as {other!r}")
        if (entry.get("department"), entry.get("year"), entry.get("kind")) == (document.department, document.year,
                                                                             document.kind):
            notes.append(f"{other!r} is also {document.department} {document.year}年 {document.kind}")


def source_digest(corpus_dir: Path, entry: dict) -> str:
    try:
        return hashlib.sha256((corpus_dir / entry.get("source", "")).read_bytes()).hexdigest()
    except (OSError, ValueError):
        return ""


def inside_folder(target: Path, folder: Path) -> Path:
    """`target` resolved, refused unless it lies in `folder` (no '..', no absolute path, no symlink out)."""
    resolved = target.resolve()
    if not resolved.is_relative_to(folder.resolve()):
        raise CorpusError(f"{target}: outside the corpus documents folder {folder}; refused")
    return resolved


def remove_document(doc_id: str, corpus_dir: Path | None = None,
                    keep_files: bool = False) -> tuple[dict, list[str]]:
    """Take document `doc_id` out of the manifest (atomically) and delete its files from the documents
    folder (unless `keep_files`, or another entry still uses them). Returns the removed entry and notes."""
    corpus_dir = Path(corpus_dir or config.CORPUS_DIR)
    notes: list[str] = []
    with manifest_lock(corpus_dir):
        data = read_manifest_data(corpus_dir)
        matches = [e for e in data["documents"] if e.get("id") == doc_id]
        if not matches:
            known = ", ".join(str(e.get("id")) for e in data["documents"]) or "none"
            raise CorpusError(f"no document with id {doc_id!r} in {corpus_dir / 'manifest.json'} (ids: {known})")
        entry = matches[0]
        data["documents"] = [e for e in data["documents"] if e is not entry]
        write_manifest_data(data, corpus_dir)
        if not keep_files:
            still_used = {name for e in data["documents"] for name in stored_files(e)}
            for name in stored_files(entry):
                if name in still_used:
                    continue
                target = corpus_dir / name
                try:
                    inside_folder(target, corpus_dir / DOCUMENTS).unlink()
                    notes.append(f"deleted {name}")
                except FileNotFoundError:
                    notes.append(f"{name} was already gone")
                except CorpusError as exc:
                    notes.append(f"kept {name}: {exc}")
    return entry, notes
