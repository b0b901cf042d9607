"""Building and refreshing the index: corpus -> chunks -> Chroma collection + BM25 file + manifest.

The build is incremental, keyed by a content hash per chunk (sha256 of text + metadata):

* an unchanged corpus is recognised from ``DATA_DIR/index/manifest.json`` alone (chunk id -> hash,
  model, backend, the lexical file's sha256) without importing chromadb, jieba or the model;
* otherwise the collection's own per-chunk hashes are compared with the corpus: new or re-worded
  chunks are embedded (or their vector is copied from a stored chunk with the same text), chunks
  whose metadata alone changed (e.g. moved lines) are relabelled without embedding, and chunks
  no longer in the corpus (a removed document) are deleted;
* a first build, a model change or ``force`` fills a side collection and swaps it in.

Crash safety: the manifest is marked "building" before the store is touched and "complete" last;
every store operation is idempotent and each stored chunk carries its own hash, so a build killed
at any point leaves the previous collection usable (side build) or a consistent mix that the next
build finishes; the BM25 file and the manifest are replaced atomically.

Usage::

    from index.build import build_index
    report = build_index()           # corpus and data folders from config
    print(report.summary())          # '417 chunks from 1 document: 0 embedded, … (0.2 s)'

or ``python -m index build [--force]``.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import shutil
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Sequence, TextIO

import config
from corpus.progress import Progress
from corpus.registry import load_corpus, write_atomic
from index.chunks import CHUNK_VERSION, Chunk, build_chunks
from index.paths import STORE_VERSION, IndexPaths, describe_backend, vector_label

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

MANIFEST_VERSION = 1
EMBED_BATCH = 64  # chunks embedded and stored per step: a killed build keeps what it stored


@dataclass
class BuildReport:
    documents: int = 0
    chunks: int = 0
    embedded: int = 0  # passages passed to the embedding model (chunks reading the same passage share it)
    reused: int = 0  # new/changed chunks whose vector was copied from a stored chunk of equal text
    relabelled: int = 0  # metadata-only updates
    deleted: int = 0
    unchanged: int = 0
    full: bool = False  # built aside and swapped in
    noop: bool = False  # the manifest showed nothing to do
    seconds: float = 0.0

    def summary(self) -> str:
        docs = f"{self.documents} document{'s' if self.documents != 1 else ''}"
        if self.noop:
            return f"index up to date: {self.chunks} chunks from {docs}, nothing embedded ({self.seconds:.2f} s)"
        how = "built" if self.full else "updated"
        return (f"index {how}: {self.chunks} chunks from {docs}: {self.embedded} embedded, {self.reused} reused, "
                f"{self.relabelled} relabelled, {self.deleted} deleted, {self.unchanged} unchanged ({self.seconds:.2f} s)")


# ------------------------------------------------------------------------ manifest


def read_manifest(paths: IndexPaths) -> dict | None:
    try:
        data = json.loads(paths.manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("version") == MANIFEST_VERSION else None


def write_manifest(paths: IndexPaths, **fields) -> None:
    data = {"version": MANIFEST_VERSION, "chunk_version": CHUNK_VERSION, **fields}
    write_atomic(paths.manifest, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True))


def file_sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def chroma_file_ok(paths: IndexPaths) -> bool:
    """The embedded store's database exists and starts like an SQLite file (a cheap sanity check)."""
    try:
        with open(paths.chroma / "chroma.sqlite3", "rb") as db:
            return db.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def is_current(manifest: dict | None, chunks: Sequence[Chunk], model: str, backend: str, paths: IndexPaths) -> bool:
    """True when the manifest vouches that the stored index already holds exactly these chunks."""
    from index.lexical import LEXICAL_VERSION

    if not manifest or manifest.get("state") != "complete":
        return False
    if (manifest.get("chunk_version"), manifest.get("lexical_version")) != (CHUNK_VERSION, LEXICAL_VERSION):
        return False
    if manifest.get("embedding_model") != model or manifest.get("backend") != backend:
        return False
    if manifest.get("store_version") != STORE_VERSION:
        return False
    if manifest.get("chunks") != {c.id: c.hash for c in chunks}:
        return False
    if not manifest.get("lexical_sha256") or file_sha256(paths.lexical) != manifest["lexical_sha256"]:
        return False
    if backend.startswith("chroma server"):
        from index.store import check_reachable

        host, _, port = backend.removeprefix("chroma server ").rpartition(":")
        check_reachable(host, int(port))  # fails fast, naming the server
        return True
    return chroma_file_ok(paths)


@contextmanager
def build_lock(paths: IndexPaths, report: TextIO) -> Iterator[None]:
    """One build at a time per data folder (another waits, saying so)."""
    paths.folder.mkdir(parents=True, exist_ok=True)
    with open(paths.folder / ".build.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("index: another build is running; waiting for it", file=report)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# --------------------------------------------------------------------------- build


def corpus_chunks(corpus_dir: Path | None, report: TextIO) -> tuple[list[str], list[Chunk]]:
    documents = load_corpus(corpus_dir, report=report)
    chunks = [chunk for doc in documents for chunk in build_chunks(doc)]
    return [d.id for d in documents], chunks


def build_index(corpus_dir: Path | None = None, data_dir: Path | None = None, embeddings: "Embeddings | None" = None,
                host: str | None = None, port: int | None = None, force: bool = False, client=None,
                report: TextIO | None = None, trust_manifest: bool = True) -> BuildReport:
    """Bring the index in `data_dir` in line with the corpus in `corpus_dir` (see the module doc).

    `embeddings` defaults to E5Embeddings() (config.EMBEDDING_MODEL, loaded only if something must be
    embedded); `client` lets a caller share its open Chroma client; `trust_manifest=False` skips the
    manifest shortcut and checks the store itself (what `Retriever.open` does after finding damage).
    Raises store.StoreError when the store cannot be reached and corpus.CorpusError when the corpus
    has no manifest.
    """
    started = time.perf_counter()
    report = report or sys.stderr
    paths = IndexPaths.of(data_dir)
    with build_lock(paths, report):
        doc_ids, chunks = corpus_chunks(corpus_dir, report)
        model = vector_label(str(getattr(embeddings, "name", type(embeddings).__name__)) if embeddings is not None
                             else config.EMBEDDING_MODEL)
        backend = describe_backend(host, port, paths.data_dir)
        result = BuildReport(documents=len(doc_ids), chunks=len(chunks))
        if not force and trust_manifest and is_current(read_manifest(paths), chunks, model, backend, paths):
            result.noop, result.unchanged = True, len(chunks)
        else:
            _build(paths, doc_ids, chunks, model, backend, embeddings, host, port, force, client, result, report)
    result.seconds = time.perf_counter() - started
    return result


def _build(paths: IndexPaths, doc_ids: list[str], chunks: list[Chunk], model: str, backend: str, embeddings,
           host, port, force: bool, client, result: BuildReport, report: TextIO) -> None:
    from index.lexical import LEXICAL_VERSION, LexicalIndex
    from index.store import COLLECTION, ChunkStore, E5Embeddings, StoreCorrupt, close_client, open_client

    embeddings = embeddings if embeddings is not None else E5Embeddings()
    own_client = client is None
    if own_client:
        try:
            client = open_client(paths.data_dir, host, port)
        except StoreCorrupt as exc:
            aside = paths.chroma.with_name(f"chroma.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
            print(f"index: {exc}; moved it to {aside} and building a new one", file=report)
            shutil.move(str(paths.chroma), str(aside))
            client = open_client(paths.data_dir, host, port)
    try:
        if force or not ChunkStore.exists(client, COLLECTION):
            _full_build(client, embeddings, chunks, paths, model, backend, result, report)
        else:
            store = ChunkStore(client, embeddings)
            if store.model_name != model:
                print(f"index: the store was embedded with {store.model_name or 'another model'!r}, "
                      f"not {model!r}; rebuilding it", file=report)
                _full_build(client, embeddings, chunks, paths, model, backend, result, report)
            elif not store.current:
                print("index: the store was made by an older version; rebuilding it (reusing its vectors)",
                      file=report)
                _full_build(client, embeddings, chunks, paths, model, backend, result, report)
            else:
                _incremental(store, chunks, paths, model, backend, result, report)
        lexical = LexicalIndex.build(chunks, previous=paths.lexical)
        lexical.save(paths.lexical)
        write_manifest(paths, state="complete", embedding_model=model, backend=backend, collection=COLLECTION,
                       store_version=STORE_VERSION,
                       lexical_version=LEXICAL_VERSION, lexical_sha256=file_sha256(paths.lexical),
                       documents=doc_ids, chunks={c.id: c.hash for c in chunks},
                       built_at=time.strftime("%Y-%m-%dT%H:%M:%S"))
    finally:
        if own_client:
            close_client(client)


def _mark_building(paths: IndexPaths, model: str, backend: str) -> None:
    write_manifest(paths, state="building", embedding_model=model, backend=backend, chunks={})


def _embed_and_store(store, chunks: list[Chunk], known: dict[str, list[float]], result: BuildReport,
                     report: TextIO) -> None:
    """Store `chunks`, copying the vector of an equal stored text from `known` (text_hash -> vector)
    and embedding the rest in batches, each distinct passage once."""
    reuse = [c for c in chunks if c.text_hash in known]
    if reuse:
        store.upsert(reuse, [known[c.text_hash] for c in reuse])
        result.reused += len(reuse)
    fresh: dict[str, list[Chunk]] = {}  # passage -> the chunks that read it
    for chunk in chunks:
        if chunk.text_hash not in known:
            fresh.setdefault(chunk.passage, []).append(chunk)
    passages = sorted(fresh, key=len)  # batches of like length: little padding
    progress = Progress(len(passages), "index: embedded", unit="passages") if len(passages) > EMBED_BATCH else None
    if progress:
        print(f"index: embedding {len(passages)} passages of {sum(map(len, fresh.values()))} chunks", file=report)
    for number, start in enumerate(range(0, len(passages), EMBED_BATCH), start=1):
        part = passages[start:start + EMBED_BATCH]
        vectors = store.embeddings.embed_documents(part)
        store.upsert([c for p in part for c in fresh[p]], [v for p, v in zip(part, vectors) for _ in fresh[p]])
        result.embedded += len(part)
        if progress:
            line = progress.step(len(part))
            if number % 4 == 0 and progress.done < progress.total:
                print(line, file=report, flush=True)


def _known_vectors(store, stored: dict[str, tuple[str, str]], wanted: set[str]) -> dict[str, list[float]]:
    """text_hash -> vector for stored chunks whose text one of the chunks to store has."""
    by_text: dict[str, str] = {}
    for cid, (_, text_hash) in stored.items():
        if text_hash in wanted:
            by_text.setdefault(text_hash, cid)
    vectors = store.vectors(list(by_text.values())) if by_text else {}
    return {th: vectors[cid] for th, cid in by_text.items() if cid in vectors}


def _incremental(store, chunks: list[Chunk], paths: IndexPaths, model: str, backend: str,
                 result: BuildReport, report: TextIO) -> None:
    stored = store.state()
    wanted = {c.id: c for c in chunks}
    to_delete = [cid for cid in stored if cid not in wanted]
    to_store, to_relabel = [], []
    for chunk in chunks:
        old = stored.get(chunk.id)
        if old and old[0] == chunk.hash:
            result.unchanged += 1
        elif old and old[1] == chunk.text_hash:
            to_relabel.append(chunk)
        else:
            to_store.append(chunk)
    if not (to_delete or to_store or to_relabel):
        return
    _mark_building(paths, model, backend)
    known = _known_vectors(store, stored, {c.text_hash for c in to_store})
    _embed_and_store(store, to_store, known, result, report)
    if to_relabel:
        store.update_metadata(to_relabel)
        result.relabelled = len(to_relabel)
    if to_delete:
        store.delete(to_delete)
        result.deleted = len(to_delete)


def _full_build(client, embeddings, chunks: list[Chunk], paths: IndexPaths, model: str, backend: str,
                result: BuildReport, report: TextIO) -> None:
    """Fill a side collection, then swap it in: until the swap the old collection keeps serving."""
    from index.store import BUILDING, COLLECTION, ChunkStore, replace_collection

    _mark_building(paths, model, backend)
    result.full = True
    known: dict[str, list[float]] = {}
    wanted = {c.text_hash for c in chunks}
    # Vectors of unchanged texts are still good: from the live collection (e.g. an older store
    # version) or from a side collection a killed build left behind (maybe killed just before the swap).
    for name in (BUILDING, COLLECTION):
        if ChunkStore.exists(client, name):
            old = ChunkStore(client, embeddings, name, create=False)
            if old.model_name == model:
                known.update(_known_vectors(old, old.state(), wanted - known.keys()))
    if ChunkStore.exists(client, BUILDING):
        client.delete_collection(BUILDING)
    side = ChunkStore(client, embeddings, BUILDING)
    _embed_and_store(side, chunks, known, result, report)
    replace_collection(client, BUILDING, COLLECTION)
