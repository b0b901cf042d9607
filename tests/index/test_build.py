"""Incremental build keyed by chunk hashes, crash safety, and recovery from a damaged index."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

import config
from corpus.registry import load_corpus
from index.build import IndexPaths, build_index, read_manifest
from index.chunks import build_chunks
from index.lexical import LexicalIndex
from index.paths import vector_label
from index.search import Retriever
from index.store import ChunkStore, HashingEmbeddings, close_client, open_client

from tests.index.conftest import SEED_ID, add_document, remove_document, seed_path


def stored_ids(data_dir) -> set[str]:
    client = open_client(data_dir, host="")
    try:
        return set(ChunkStore(client, HashingEmbeddings(), create=False).state())
    finally:
        close_client(client)


def corpus_chunk_texts(corpus_dir) -> dict[str, str]:
    return {c.id: c.text for d in load_corpus(corpus_dir) for c in build_chunks(d)}


def corpus_passages(corpus_dir, prefix: str = "") -> set[str]:
    """What the encoder reads of the corpus's chunks (of one document's, by its id prefix): each once."""
    return {c.passage for d in load_corpus(corpus_dir) for c in build_chunks(d) if c.id.startswith(prefix)}


def build(corpus_dir, data_dir, embeddings, **kwargs):
    return build_index(corpus_dir=corpus_dir, data_dir=data_dir, embeddings=embeddings, host="", **kwargs)


def test_first_build_then_noop(corpus_dir, data_dir, embeddings):
    first = build(corpus_dir, data_dir, embeddings)
    assert first.full and first.embedded == len(corpus_passages(corpus_dir)) == embeddings.calls > 300
    assert first.embedded < first.chunks  # rows of one label in one table read the same passage
    manifest = read_manifest(IndexPaths.of(data_dir))
    assert manifest["state"] == "complete" and len(manifest["chunks"]) == first.chunks
    assert stored_ids(data_dir) == set(manifest["chunks"])

    again = build(corpus_dir, data_dir, embeddings)
    assert again.noop and again.embedded == 0 and embeddings.calls == first.embedded
    assert again.seconds < 1.0
    assert "up to date" in again.summary()


def test_noop_rebuild_from_the_command_line_is_fast(corpus_dir, data_dir, embeddings):
    build(corpus_dir, data_dir, embeddings)
    env = dict(os.environ, BUDGET_QA_DATA=str(data_dir), BUDGET_QA_CORPUS=str(corpus_dir),
               BUDGET_QA_EMBEDDING_MODEL=embeddings.name, BUDGET_QA_CHROMA_HOST="")
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "index", "build"], cwd=config.ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    elapsed = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    assert "index up to date" in done.stdout
    assert elapsed < 3.0  # ~0.5 s on an idle machine: no chromadb, jieba or model import


def test_changed_value_re_embeds_only_that_chunk(corpus_dir, data_dir, embeddings):
    build(corpus_dir, data_dir, embeddings)
    before = corpus_chunk_texts(corpus_dir)
    path = seed_path(corpus_dir)
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if line.startswith("公务接待费\t"))
    lines[number] = lines[number].replace("25.40", "26.40")
    path.write_text("\n".join(lines), encoding="utf-8")
    after = corpus_chunk_texts(corpus_dir)
    changed = {cid for cid in after if before.get(cid) != after[cid]}
    assert len(changed) == 1  # the row; no total or summary repeats that cell

    calls = embeddings.calls
    report = build(corpus_dir, data_dir, embeddings)
    assert not report.full and report.embedded == len(changed) == embeddings.calls - calls
    assert report.deleted == report.relabelled == 0
    assert report.unchanged == report.chunks - len(changed)
    retriever = Retriever.open(data_dir=data_dir, corpus_dir=corpus_dir, embeddings=embeddings, host="")
    try:
        hit = retriever.search_lexical("公务接待费", k=10)
        assert [h.text for h in hit if h.id in changed] and all("26.40万元" in h.text for h in hit if h.id in changed)
    finally:
        retriever.close()


def test_moved_lines_relabel_without_embedding(corpus_dir, data_dir, embeddings):
    build(corpus_dir, data_dir, embeddings)
    path = seed_path(corpus_dir)
    path.write_text("\n" + path.read_text(encoding="utf-8"), encoding="utf-8")  # every line moves down one
    calls = embeddings.calls
    report = build(corpus_dir, data_dir, embeddings)
    assert report.embedded == 0 and embeddings.calls == calls
    assert report.relabelled == report.chunks
    client = open_client(data_dir, host="")
    try:
        store = ChunkStore(client, embeddings, create=False)
        hit = store.search("公务接待费", k=1, doc_ids=[SEED_ID])[0]
    finally:
        close_client(client)
    expected = {c.id: c for d in load_corpus(corpus_dir) for c in build_chunks(d)}[hit.id]
    assert hit.metadata["line_start"] == expected.metadata["line_start"]


def test_added_then_removed_document(corpus_dir, data_dir, embeddings):
    first = build(corpus_dir, data_dir, embeddings)
    add_document(corpus_dir, "copy-2024", seed_path(corpus_dir).read_text(encoding="utf-8"), department="测试局")
    added = build(corpus_dir, data_dir, embeddings)
    new_ids = {cid for cid in stored_ids(data_dir) if cid.startswith("copy-2024:")}
    assert len(new_ids) == added.chunks - first.chunks
    assert added.embedded == len(corpus_passages(corpus_dir, "copy-2024:"))
    assert added.unchanged == first.chunks

    remove_document(corpus_dir, "copy-2024")
    calls = embeddings.calls
    removed = build(corpus_dir, data_dir, embeddings)
    assert removed.deleted == len(new_ids) and removed.embedded == 0 and embeddings.calls == calls
    assert not any(cid.startswith("copy-2024:") for cid in stored_ids(data_dir))
    lexical = LexicalIndex.load(IndexPaths.of(data_dir).lexical)
    assert not any(c.id.startswith("copy-2024:") for c in lexical.chunks)
    retriever = Retriever.open(data_dir=data_dir, corpus_dir=corpus_dir, embeddings=embeddings, host="")
    try:
        with pytest.raises(ValueError, match="unknown document id"):
            retriever.search("公务接待费", doc_ids=["copy-2024"])
    finally:
        retriever.close()


def test_renamed_document_reuses_vectors(corpus_dir, data_dir, embeddings):
    build(corpus_dir, data_dir, embeddings)
    manifest = json.loads((corpus_dir / "manifest.json").read_text(encoding="utf-8"))
    manifest["documents"][0]["id"] = "renamed"
    (corpus_dir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    calls = embeddings.calls
    report = build(corpus_dir, data_dir, embeddings)
    assert report.embedded == 0 and embeddings.calls == calls
    assert report.reused == report.deleted == report.chunks
    assert all(cid.startswith("renamed:") for cid in stored_ids(data_dir))


def test_model_change_rebuilds_aside(corpus_dir, data_dir, embeddings):
    first = build(corpus_dir, data_dir, embeddings)
    other = HashingEmbeddings(dim=128)
    report = build(corpus_dir, data_dir, other)
    assert report.full and report.embedded == first.embedded == other.calls


def test_force_rebuild_reuses_stored_vectors(corpus_dir, data_dir, embeddings):
    first = build(corpus_dir, data_dir, embeddings)
    report = build(corpus_dir, data_dir, embeddings, force=True)
    assert report.full and report.embedded == 0 and report.reused == first.chunks


class FailingEmbeddings(HashingEmbeddings):
    """Dies (like a killed process would) on the n-th batch it is asked to embed."""

    def __init__(self, fail_on_batch: int):
        super().__init__()
        self.batches, self.fail_on_batch = 0, fail_on_batch

    def embed_documents(self, texts):
        self.batches += 1
        if self.batches == self.fail_on_batch:
            raise KeyboardInterrupt("simulated kill")
        return super().embed_documents(texts)


def test_interrupted_incremental_build_leaves_a_usable_index(corpus_dir, data_dir, embeddings, capsys):
    first = build(corpus_dir, data_dir, embeddings)
    add_document(corpus_dir, "copy-2024", seed_path(corpus_dir).read_text(encoding="utf-8"), department="测试局")
    with pytest.raises(KeyboardInterrupt):
        build(corpus_dir, data_dir, FailingEmbeddings(fail_on_batch=3))
    assert read_manifest(IndexPaths.of(data_dir))["state"] == "building"
    ids = stored_ids(data_dir)
    assert first.chunks < len(ids) < first.chunks * 2  # two batches made it in

    retriever = Retriever.open(data_dir=data_dir, corpus_dir=corpus_dir, embeddings=embeddings, host="")
    try:
        assert "interrupted" in capsys.readouterr().err
        assert retriever.search("公务接待费", k=3, doc_ids=["copy-2024"])
    finally:
        retriever.close()
    assert read_manifest(IndexPaths.of(data_dir))["state"] == "complete"
    assert len(stored_ids(data_dir)) == first.chunks * 2


def test_interrupted_full_rebuild_keeps_the_old_collection(corpus_dir, data_dir, embeddings):
    first = build(corpus_dir, data_dir, embeddings)
    failing = FailingEmbeddings(fail_on_batch=2)
    failing.name = "another-model"
    with pytest.raises(KeyboardInterrupt):
        build(corpus_dir, data_dir, failing)  # a new model: a full build, aside
    client = open_client(data_dir, host="")
    try:
        store = ChunkStore(client, embeddings, create=False)
        assert store.count() == first.chunks and store.model_name == vector_label(embeddings.name)
        assert store.search("公务接待费", k=1)
    finally:
        close_client(client)
    report = build(corpus_dir, data_dir, embeddings)  # back to the old model: nothing to embed
    assert report.embedded == 0


KILLER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from index.build import build_index
    from index.store import HashingEmbeddings

    class Slow(HashingEmbeddings):
        def embed_documents(self, texts):
            print("batch", flush=True)
            time.sleep(0.3)
            return super().embed_documents(texts)

    build_index(corpus_dir=Path(sys.argv[1]), data_dir=Path(sys.argv[2]), embeddings=Slow(), host="", force=True)
    print("done", flush=True)
""")


def test_kill_9_mid_build_leaves_a_usable_index(corpus_dir, data_dir, embeddings, tmp_path, capsys):
    first = build(corpus_dir, data_dir, embeddings)
    add_document(corpus_dir, "copy-2024", seed_path(corpus_dir).read_text(encoding="utf-8"), department="测试局")
    script = tmp_path / "killer.py"
    script.write_text(KILLER)
    proc = subprocess.Popen([sys.executable, str(script), str(corpus_dir), str(data_dir)], cwd=config.ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env=dict(os.environ, PYTHONPATH=str(config.ROOT)))
    batches = 0
    for line in proc.stdout:
        batches += line.startswith("batch")
        if batches == 4:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    retriever = Retriever.open(data_dir=data_dir, corpus_dir=corpus_dir, embeddings=embeddings, host="")
    try:
        assert "interrupted" in capsys.readouterr().err
        assert retriever.search("公务接待费", k=3)
        assert retriever.search("公务接待费", k=3, doc_ids=["copy-2024"])
        assert len(retriever.lexical.chunks) == first.chunks * 2
    finally:
        retriever.close()


def test_missing_index_is_built_with_a_message(corpus_dir, data_dir, embeddings, capsys):
    retriever = Retriever.open(data_dir=data_dir, corpus_dir=corpus_dir, embeddings=embeddings, host="")
    try:
        assert "no index" in capsys.readouterr().err
        assert retriever.search("公务接待费", k=2)
    finally:
        retriever.close()


def test_damaged_lexical_file_is_rebuilt(corpus_dir, data_dir, embeddings, capsys):
    build(corpus_dir, data_dir, embeddings)
    IndexPaths.of(data_dir).lexical.write_text("{not json")
    calls = embeddings.calls
    retriever = Retriever.open(data_dir=data_dir, corpus_dir=corpus_dir, embeddings=embeddings, host="")
    try:
        err = capsys.readouterr().err
        assert "lexical" in err and "building it" in err and "Traceback" not in err
        assert retriever.search("公务接待费", k=2) and embeddings.calls == calls
    finally:
        retriever.close()


def test_deleted_index_folder_is_rebuilt_without_re_embedding(corpus_dir, data_dir, embeddings, capsys):
    import shutil

    build(corpus_dir, data_dir, embeddings)
    shutil.rmtree(IndexPaths.of(data_dir).folder)
    calls = embeddings.calls
    retriever = Retriever.open(data_dir=data_dir, corpus_dir=corpus_dir, embeddings=embeddings, host="")
    try:
        assert "no index" in capsys.readouterr().err
        assert retriever.search("公务接待费", k=2) and embeddings.calls == calls
    finally:
        retriever.close()


def test_corrupt_chroma_store_is_moved_aside_and_rebuilt(corpus_dir, data_dir, embeddings, capsys):
    first = build(corpus_dir, data_dir, embeddings)
    (data_dir / "chroma" / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)
    report = build(corpus_dir, data_dir, embeddings)  # the cheap check notices the damage
    assert report.full and report.embedded == first.embedded
    assert "moved it to" in capsys.readouterr().err
    assert list(data_dir.glob("chroma.corrupt-*"))

    (data_dir / "chroma" / "chroma.sqlite3").write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    retriever = Retriever.open(data_dir=data_dir, corpus_dir=corpus_dir, embeddings=embeddings, host="")
    try:
        assert "building it" in capsys.readouterr().err
        assert retriever.search("公务接待费", k=2)
    finally:
        retriever.close()


def test_missing_corpus_manifest_is_a_clear_error(tmp_path, data_dir, embeddings):
    from corpus.text import CorpusError

    with pytest.raises(CorpusError, match="manifest"):
        build(tmp_path / "nowhere", data_dir, embeddings)


def test_build_killed_just_before_the_swap_reuses_the_side_collection(corpus_dir, data_dir, embeddings):
    """Killed between dropping the old collection and renaming the side one: nothing is re-embedded."""
    from index.store import BUILDING, COLLECTION

    first = build(corpus_dir, data_dir, embeddings)
    client = open_client(data_dir, host="")
    try:
        client.get_collection(COLLECTION).modify(name=BUILDING)  # the state such a kill leaves
    finally:
        close_client(client)
    calls = embeddings.calls
    retriever = Retriever.open(data_dir=data_dir, corpus_dir=corpus_dir, embeddings=embeddings, host="")
    try:
        assert retriever.search("公务接待费", k=2) and embeddings.calls == calls
        assert retriever.store.count() == first.chunks
    finally:
        retriever.close()
