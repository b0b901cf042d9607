"""The corpus folder: manifest.json lists each document's id, department, year, kind and source file."""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

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


def load_manifest(corpus_dir: Path | None = None) -> list[DocumentEntry]:
    corpus_dir = corpus_dir or config.CORPUS_DIR
    path = corpus_dir / "manifest.json"
    if not path.exists():
        raise CorpusError(f"{path}: no manifest; a corpus folder needs manifest.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    return [DocumentEntry(d["id"], d.get("department", ""), d.get("year"), d.get("kind", ""), d["source"])
            for d in data.get("documents", [])]


def load_entry(entry: DocumentEntry, corpus_dir: Path | None = None) -> Disclosure:
    corpus_dir = corpus_dir or config.CORPUS_DIR
    return load_document(corpus_dir / entry.source, entry.id, entry.department, entry.year, entry.kind)


def load_corpus(corpus_dir: Path | None = None, report=sys.stderr) -> list[Disclosure]:
    """Every document of the manifest; a file that cannot be parsed is reported and skipped so the
    rest keeps serving."""
    documents = []
    for entry in load_manifest(corpus_dir):
        try:
            documents.append(load_entry(entry, corpus_dir))
        except (CorpusError, OSError) as exc:
            print(f"skipped {entry.id}: {exc}", file=report)
    return documents
