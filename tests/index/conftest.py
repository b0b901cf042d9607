"""Fixtures for the index tests: a private copy of the seed corpus, a temp data folder, and the
deterministic hashing embedder (no model is loaded unless a test is marked slow)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import config
from index.store import HashingEmbeddings

SEED_ID = "datong-gaj-2023-budget"


def copy_seed_corpus(target: Path) -> Path:
    """target/manifest.json + target/documents/<seed>.txt, writable, with the seed entry only."""
    manifest = json.loads((config.ROOT / "corpus" / "manifest.json").read_text(encoding="utf-8"))
    entry = next(d for d in manifest["documents"] if d["id"] == SEED_ID)
    (target / "documents").mkdir(parents=True)
    source = config.ROOT / "corpus" / entry["source"]
    copy = target / entry["source"]
    shutil.copyfile(source, copy)
    copy.chmod(0o644)
    (target / "manifest.json").write_text(json.dumps({"documents": [entry]}, ensure_ascii=False), encoding="utf-8")
    return target


def add_document(corpus_dir: Path, doc_id: str, text: str, department: str = "测试局", year: int = 2023) -> Path:
    path = corpus_dir / "documents" / f"{doc_id}.txt"
    path.write_text(text, encoding="utf-8")
    manifest = json.loads((corpus_dir / "manifest.json").read_text(encoding="utf-8"))
    manifest["documents"].append({"id": doc_id, "department": department, "year": year, "kind": "预算",
                                  "source": f"documents/{doc_id}.txt"})
    (corpus_dir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return path


def remove_document(corpus_dir: Path, doc_id: str) -> None:
    manifest = json.loads((corpus_dir / "manifest.json").read_text(encoding="utf-8"))
    manifest["documents"] = [d for d in manifest["documents"] if d["id"] != doc_id]
    (corpus_dir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


def seed_path(corpus_dir: Path) -> Path:
    return next((corpus_dir / "documents").glob("*.txt"))


@pytest.fixture
def corpus_dir(tmp_path) -> Path:
    return copy_seed_corpus(tmp_path / "corpus")


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def embeddings() -> HashingEmbeddings:
    return HashingEmbeddings()


@pytest.fixture(scope="session")
def seed_doc():
    from corpus.registry import load_corpus

    return next(d for d in load_corpus(config.ROOT / "corpus") if d.id == SEED_ID)


@pytest.fixture(scope="session")
def seed_chunks(seed_doc):
    from index.chunks import build_chunks

    return build_chunks(seed_doc)


@pytest.fixture(scope="session")
def seed_lexical(seed_chunks):
    from index.lexical import LexicalIndex

    return LexicalIndex.build(seed_chunks)
