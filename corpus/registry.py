"""The corpus folder: manifest.json lists each document's id, department, year, kind and source file."""
from __future__ import annotations

import fcntl
import json
import os
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import config
from corpus.model import Disclosure
from corpus.parser import load_document
from corpus.text import CorpusError


@dataclass
class DocumentEntry:
    id: str
    department: str
    year: int | None
    kind: str
    source: str  # relative to the corpus folder


def load_manifest(corpus_dir: Path | None = None, report=None) -> list[DocumentEntry]:
    """The manifest's entries. An unreadable manifest (not JSON, not {"documents": [...]}) is a CorpusError
    naming it; an entry without a usable id or source is reported on `report` (default stderr) and skipped."""
    corpus_dir = corpus_dir or config.CORPUS_DIR
    report = report or sys.stderr
    path = corpus_dir / "manifest.json"
    if not path.exists():
        raise CorpusError(f"{path}: no manifest; a corpus folder needs manifest.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise CorpusError(f"{path}: cannot read the manifest ({exc})") from exc
    documents = data.get("documents", []) if isinstance(data, dict) else None
    if not isinstance(documents, list):
        raise CorpusError(f"{path}: not a corpus manifest (expected {{\"documents\": [...]}})")
    entries = []
    for number, d in enumerate(documents, start=1):
        problem = entry_problem(d)
        if problem:
            print(f"skipped manifest entry {number} of {path}: {problem}", file=report)
            continue
        entries.append(DocumentEntry(d["id"], d.get("department") or "", d.get("year"), d.get("kind") or "",
                                     d["source"]))
    return entries


def entry_problem(d) -> str:
    """Why a manifest entry cannot be loaded ("" when it can)."""
    if not isinstance(d, dict):
        return f"not an object ({d!r:.60})"
    for key in ("id", "source"):
        if not isinstance(d.get(key), str) or not d[key].strip():
            return f"no {key!r} (a non-empty string is required)"
    year = d.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        return f"{d['id']}: year {year!r} is not a whole number"
    for key in ("department", "kind"):
        if d.get(key) is not None and not isinstance(d[key], str):
            return f"{d['id']}: {key} {d[key]!r} is not text"
    return ""


def load_entry(entry: DocumentEntry, corpus_dir: Path | None = None) -> Disclosure:
    corpus_dir = corpus_dir or config.CORPUS_DIR
    return load_document(corpus_dir / entry.source, entry.id, entry.department, entry.year, entry.kind)


def load_corpus(corpus_dir: Path | None = None, report=None) -> list[Disclosure]:
    """Every document of the manifest; a file that cannot be parsed, a malformed entry or a second entry
    with an id already loaded is reported (on `report`, default stderr) and skipped so the rest keeps
    serving."""
    report = report or sys.stderr
    documents = []
    seen: dict[str, str] = {}
    for entry in load_manifest(corpus_dir, report=report):
        if entry.id in seen:
            print(f"skipped {entry.id} ({entry.source}): the id is already used by {seen[entry.id]}", file=report)
            continue
        try:
            documents.append(load_entry(entry, corpus_dir))
            seen[entry.id] = entry.source
        except (CorpusError, OSError) as exc:
            print(f"skipped {entry.id}: {exc}", file=report)
    return documents


# ------------------------------------------------------------ changing the manifest (corpus add/remove)

MANIFEST = "manifest.json"
DOCUMENTS = "documents"


def manifest_path(corpus_dir: Path | None = None) -> Path:
    return Path(corpus_dir or config.CORPUS_DIR) / MANIFEST


def read_manifest_data(corpus_dir: Path | None = None, create: bool = False) -> dict:
    """The manifest as stored (every field of every entry kept, including ones DocumentEntry ignores).

    A missing manifest is an error unless `create`, which starts an empty one."""
    path = manifest_path(corpus_dir)
    if not path.exists():
        if create:
            return {"documents": []}
        raise CorpusError(f"{path}: no manifest; a corpus folder needs manifest.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CorpusError(f"{path}: cannot read the manifest ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("documents", []), list):
        raise CorpusError(f"{path}: not a corpus manifest (expected {{\"documents\": [...]}})")
    data.setdefault("documents", [])
    return data


def write_atomic(path: Path, content: bytes | str) -> None:
    """Write `content` (text as UTF-8) to a temporary file beside `path`, flush it to disk, then rename it
    over `path`: a reader sees the old file or the new one, never a part."""
    if isinstance(content, str):
        content = content.encode("utf-8")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_manifest_data(data: dict, corpus_dir: Path | None = None) -> None:
    """Replace the manifest atomically (same layout as the committed one: 2-space indent, UTF-8)."""
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    json.loads(text)  # never write what cannot be read back
    write_atomic(manifest_path(corpus_dir), text.encode("utf-8"))


@contextmanager
def manifest_lock(corpus_dir: Path | None = None) -> Iterator[None]:
    """One manifest change at a time per corpus folder (a second `corpus add` waits for the first)."""
    folder = Path(corpus_dir or config.CORPUS_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    handle = os.open(folder, os.O_RDONLY)  # the folder itself is locked: no lock file left in the corpus
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # releases the lock
