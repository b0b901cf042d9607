"""The Chroma store, against the embedded client and (slow) a real `chroma run` server; and the
fail-fast check for an unreachable server."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import pytest

import config
from bench.common import free_port
from index.chunks import Chunk
from index.paths import vector_label
from index.store import (BUILDING, COLLECTION, ChromaUnreachable, ChunkStore, HashingEmbeddings,
                         check_reachable, close_client, open_client, replace_collection)

CHUNKS = [
    Chunk("d1:t0:r0", "公务接待费 2023年预算数 25.40万元", {"doc": "d1", "kind": "row", "row_label": "公务接待费"}),
    Chunk("d1:t0:r1", "公务用车运行维护费 1,572.10万元", {"doc": "d1", "kind": "row", "row_label": "公务用车运行维护费"}),
    Chunk("d1:g0", "基本支出：指为保障机构正常运转而发生的人员支出和公用支出。", {"doc": "d1", "kind": "glossary"}),
    Chunk("d2:t0:r0", "公务接待费 2024年预算数 12.00万元", {"doc": "d2", "kind": "row", "row_label": "公务接待费"}),
]


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    """A real `chroma run` on a free port (the scale benchmark's), stopped at teardown."""
    from bench.scale import ChromaServer

    try:
        server = ChromaServer(tmp_path_factory.mktemp("chroma-server") / "db")
    except RuntimeError as exc:
        pytest.fail(str(exc))
    yield "127.0.0.1", server.port
    server.stop()


@pytest.fixture(params=["embedded", pytest.param("server", marks=pytest.mark.slow)])
def client(request, tmp_path):
    if request.param == "embedded":
        client = open_client(tmp_path, host="")
    else:
        host, port = request.getfixturevalue("chroma_server")
        client = open_client(host=host, port=port)
        for collection in client.list_collections():  # the server is shared by this module's tests
            client.delete_collection(getattr(collection, "name", collection))
    yield client
    close_client(client)


def test_upsert_state_and_search(client):
    store = ChunkStore(client, HashingEmbeddings())
    store.upsert(CHUNKS, store.embed(CHUNKS))
    assert store.count() == 4
    assert store.state() == {c.id: (c.hash, c.text_hash) for c in CHUNKS}
    hits = store.search(CHUNKS[0].passage, k=3)  # the vector is the passage's: the text without its figures
    assert hits[0].id == "d1:t0:r0" and hits[0].score == pytest.approx(1.0, abs=1e-4)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert hits[0].metadata == CHUNKS[0].metadata  # our hash keys are not handed out
    assert hits[0].text == CHUNKS[0].text


def test_doc_filter(client):
    store = ChunkStore(client, HashingEmbeddings())
    store.upsert(CHUNKS, store.embed(CHUNKS))
    assert {h.id for h in store.search("公务接待费", k=10, doc_ids=["d2"])} == {"d2:t0:r0"}
    assert {h.metadata["doc"] for h in store.search("公务接待费", k=10, doc_ids=["d1", "d2"])} == {"d1", "d2"}
    assert store.search("公务接待费", k=10, doc_ids=[]) == []


def test_one_document_search_is_exact_and_sees_later_writes(client):
    store = ChunkStore(client, HashingEmbeddings())
    store.upsert(CHUNKS, store.embed(CHUNKS))
    scoped = store.search("公务接待费 2023年预算数 25.40万元", k=5, doc_ids=["d1"])
    whole = [h for h in store.search("公务接待费 2023年预算数 25.40万元", k=5) if h.metadata["doc"] == "d1"]
    assert [h.id for h in scoped] == [h.id for h in whole]  # the same ranking as Chroma's, scores alike
    assert [h.score for h in scoped] == pytest.approx([h.score for h in whole], abs=1e-4)
    assert scoped[0].metadata == CHUNKS[0].metadata
    extra = Chunk("d1:t0:r2", "公务接待费 补充 3.00万元", {"doc": "d1", "kind": "row"})
    store.upsert([extra], store.embed([extra]))
    assert "d1:t0:r2" in {h.id for h in store.search("公务接待费 补充", k=5, doc_ids=["d1"])}
    store.delete(["d1:t0:r2"])
    assert "d1:t0:r2" not in {h.id for h in store.search("公务接待费 补充", k=5, doc_ids=["d1"])}
    assert store.search("公务接待费", k=5, doc_ids=["absent"]) == []


@pytest.mark.filterwarnings("ignore:legacy embedding function config")  # chromadb, on reading the configuration
def test_cosine_space_and_our_embeddings_only(client):
    embeddings = HashingEmbeddings()
    store = ChunkStore(client, embeddings)
    assert store.collection.configuration["hnsw"]["space"] == "cosine"
    assert store.current
    assert store.model_name == vector_label(embeddings.name)  # the model and the passages it read
    assert store.vectorstore.embeddings is embeddings
    store.upsert(CHUNKS[:1], store.embed(CHUNKS[:1]))
    with pytest.raises(Exception):  # no Chroma default embedding function behind our back
        store.collection.query(query_texts=["公务接待费"], n_results=1)


def test_update_metadata_vectors_and_delete(client):
    store = ChunkStore(client, HashingEmbeddings())
    store.upsert(CHUNKS, store.embed(CHUNKS))
    before = store.vectors(["d1:g0"])["d1:g0"]
    moved = Chunk("d1:g0", CHUNKS[2].text, {**CHUNKS[2].metadata, "line_start": 99})
    store.update_metadata([moved])
    assert store.state()["d1:g0"] == (moved.hash, moved.text_hash)
    assert store.vectors(["d1:g0"])["d1:g0"] == pytest.approx(before)
    store.delete(["d2:t0:r0", "not-there"])
    assert store.count() == 3 and "d2:t0:r0" not in store.state()


def test_replace_collection(client):
    store = ChunkStore(client, HashingEmbeddings())
    store.upsert(CHUNKS[:1], store.embed(CHUNKS[:1]))
    side = ChunkStore(client, HashingEmbeddings(), BUILDING)
    side.upsert(CHUNKS, side.embed(CHUNKS))
    replace_collection(client, BUILDING, COLLECTION)
    assert not ChunkStore.exists(client, BUILDING)
    assert ChunkStore(client, HashingEmbeddings(), create=False).count() == 4


def test_unreachable_server_fails_fast_naming_host_and_port():
    port = free_port()  # nothing listens there
    started = time.monotonic()
    with pytest.raises(ChromaUnreachable, match=f"127.0.0.1:{port}"):
        open_client(host="127.0.0.1", port=port)
    assert time.monotonic() - started < 3


def test_silent_server_fails_fast():
    """Something accepts connections but never answers: the heartbeat times out."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(5)
        port = listener.getsockname()[1]
        started = time.monotonic()
        with pytest.raises(ChromaUnreachable, match=f"127.0.0.1:{port}"):
            check_reachable("127.0.0.1", port, timeout=1.0)
        assert time.monotonic() - started < 3


def test_cli_reports_unreachable_server_without_traceback(tmp_path):
    port = free_port()
    env = dict(os.environ, BUDGET_QA_CHROMA_HOST="127.0.0.1", BUDGET_QA_CHROMA_PORT=str(port),
               BUDGET_QA_DATA=str(tmp_path))
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "index", "search", "公务接待费"], cwd=config.ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert f"127.0.0.1:{port}" in done.stderr and "Traceback" not in done.stderr
    assert time.monotonic() - started < 15  # interpreter start + imports; the check itself is ~ms


def test_embedded_store_in_data_dir(tmp_path):
    client = open_client(tmp_path, host="")
    try:
        ChunkStore(client, HashingEmbeddings()).upsert(CHUNKS[:1], [[1.0] + [0.0] * 255])
    finally:
        close_client(client)
    assert (tmp_path / "chroma" / "chroma.sqlite3").exists()


@pytest.mark.slow
def test_build_and_search_against_a_server(chroma_server, corpus_dir, tmp_path, embeddings):
    """The whole index on a real server: build, no-op rebuild (checks the server), search."""
    from index.build import build_index
    from index.search import Retriever

    host, port = chroma_server
    client = open_client(host=host, port=port)
    for collection in client.list_collections():
        client.delete_collection(getattr(collection, "name", collection))
    close_client(client)
    data_dir = tmp_path / "data"
    first = build_index(corpus_dir=corpus_dir, data_dir=data_dir, embeddings=embeddings, host=host, port=port)
    assert first.full and 0 < first.embedded < first.chunks  # rows of one label share a passage
    again = build_index(corpus_dir=corpus_dir, data_dir=data_dir, embeddings=embeddings, host=host, port=port)
    assert again.noop and again.embedded == 0
    assert not (data_dir / "chroma").exists()  # nothing stored locally but the manifest and BM25 file
    with Retriever.open(data_dir=data_dir, corpus_dir=corpus_dir, embeddings=embeddings, host=host, port=port) as r:
        assert any(h.metadata.get("row_label") == "公务接待费" for h in r.search("公务接待费", k=5))
