"""The dense side: chunks and their embeddings in one Chroma collection, through langchain-chroma.

By default an embedded ``chromadb.PersistentClient`` in ``DATA_DIR/chroma``; with
``BUDGET_QA_CHROMA_HOST`` (and ``BUDGET_QA_CHROMA_PORT``) set, a ``chromadb.HttpClient`` to that
server, after a reachability check that fails within ~2 s with an error naming host and port.
Embeddings are always ours (never Chroma's default function): `E5Embeddings` adapts the
sentence-transformers model of `index.embedding_model` to langchain's `Embeddings`, with the e5
"query: "/"passage: " prompts; `HashingEmbeddings` is a deterministic stand-in for tests.
The collection uses cosine space (HNSW, with a wide search: see `HNSW`); each stored chunk carries
its `hash`/`text_hash` in metadata, so the collection itself says which chunk version it holds.

Usage::

    from index.store import ChunkStore, E5Embeddings, open_client

    client = open_client()                    # embedded, or the server of BUDGET_QA_CHROMA_HOST
    store = ChunkStore(client, E5Embeddings())
    store.upsert(chunks, store.embed(chunks))
    for hit in store.search("公务接待费", k=5, doc_ids=["datong-gaj-2023-budget"]):
        print(hit.id, hit.score)              # score: cosine similarity
"""
from __future__ import annotations

import concurrent.futures
import json
import socket
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

import numpy as np
from langchain_core.embeddings import Embeddings

import config
from index.chunks import Chunk
from index.paths import STORE_VERSION, vector_label

if TYPE_CHECKING:
    from chromadb.api import ClientAPI

COLLECTION = "budget_chunks"
# Embeddings of one corpus are tightly clustered (e5 cosines ~0.80-0.90), so approximate search
# with Chroma's defaults (ef 100, M 16) can miss a near-tie; for collections of this size a wider
# search costs well under a millisecond and is practically exact.
HNSW = {"space": "cosine", "ef_construction": 200, "ef_search": 200, "max_neighbors": 32}
BUILDING = COLLECTION + "__building"  # a full build fills this, then it replaces COLLECTION
HASH_KEYS = ("hash", "text_hash")  # stored with each chunk, stripped from what searches return
CONNECT_TIMEOUT = 2.0


class StoreError(RuntimeError):
    """The vector store cannot be used; the message says which store and why."""


class ChromaUnreachable(StoreError):
    pass


class StoreCorrupt(StoreError):
    pass


# ---------------------------------------------------------------------- embeddings


class E5Embeddings(Embeddings):
    """langchain `Embeddings` over `index.embedding_model` (e5 prompts, normalised vectors).

    The model is loaded on first use, so a build that only deletes or relabels chunks never loads it.
    """

    batch_size = 8

    def __init__(self, name: str | None = None, cache_dir: Path | None = None, model=None):
        self.name = name or config.EMBEDDING_MODEL
        self.cache_dir = Path(cache_dir or config.MODEL_CACHE)
        self._model = model

    @property
    def model(self):
        if self._model is None:
            from index.embedding_model import load_embedder

            quiet_transformers()
            self._model = load_embedder(self.name, self.cache_dir)
        return self._model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Passages in length order, `batch_size` at a time: little padding, and a peak memory
        ~400 MB lower than sentence-transformers' default batches of 32 long chunks."""
        from index.embedding_model import embed_passages

        if not texts:
            return []
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors: list[list[float]] = [[] for _ in texts]
        for start in range(0, len(order), self.batch_size):
            part = order[start:start + self.batch_size]
            for i, vec in zip(part, embed_passages(self.model, [texts[i] for i in part]).astype(np.float32)):
                vectors[i] = vec.tolist()
        return vectors

    def embed_query(self, text: str) -> list[float]:
        from index.embedding_model import embed_queries

        return embed_queries(self.model, [text])[0].astype(np.float32).tolist()


def quiet_transformers() -> None:
    """No "Loading weights" progress bar on stderr (CLI output stays clean)."""
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
    except Exception:  # noqa: BLE001 - cosmetic only
        pass


class HashingEmbeddings(Embeddings):
    """Deterministic test embedder: character bigrams (and single characters) hashed with crc32
    into `dim` buckets, L2-normalised. Texts sharing many bigrams are close. No model, no I/O."""

    def __init__(self, dim: int = 256):
        self.dim = dim
        self.name = f"hashing-bigram-{dim}"
        self.calls = 0  # number of texts embedded as documents (tests count re-embedding)

    def _vector(self, text: str) -> list[float]:
        vec = np.zeros(self.dim, dtype=np.float32)
        text = "".join(text.split())
        for gram in list(text) + [text[i:i + 2] for i in range(len(text) - 1)]:
            vec[zlib.crc32(gram.encode("utf-8")) % self.dim] += 1.0
        norm = float(np.linalg.norm(vec))
        if norm == 0:
            vec[0], norm = 1.0, 1.0
        return (vec / norm).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.calls += len(texts)
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


def embeddings_name(embeddings: Embeddings) -> str:
    return str(getattr(embeddings, "name", type(embeddings).__name__))


# -------------------------------------------------------------------------- client


def check_reachable(host: str, port: int, timeout: float = CONNECT_TIMEOUT) -> None:
    """Fail fast (about `timeout` seconds at most) unless a Chroma server answers at host:port."""
    hint = (f"start one (e.g. `chroma run --host {host} --port {port} --path data/chroma`) or unset "
            "BUDGET_QA_CHROMA_HOST to use the embedded store in DATA_DIR/chroma")
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    try:  # name resolution has no timeout of its own: bound it with a thread
        addresses = pool.submit(socket.getaddrinfo, host, port, 0, socket.SOCK_STREAM).result(timeout=timeout)
    except concurrent.futures.TimeoutError:
        raise ChromaUnreachable(f"Chroma server {host}:{port} is not reachable: cannot resolve {host!r} "
                                f"within {timeout:g} s; {hint}") from None
    except OSError as exc:
        raise ChromaUnreachable(f"Chroma server {host}:{port} is not reachable: cannot resolve {host!r} "
                                f"({exc}); {hint}") from None
    finally:
        pool.shutdown(wait=False)
    family, kind, proto, _, address = addresses[0]
    try:
        with socket.socket(family, kind, proto) as sock:
            sock.settimeout(timeout)
            sock.connect(address)
    except OSError as exc:
        reason = "timed out" if isinstance(exc, socket.timeout) else (exc.strerror or str(exc))
        raise ChromaUnreachable(f"Chroma server {host}:{port} is not reachable ({reason}); {hint}") from None
    url = f"http://{host}:{port}/api/v2/heartbeat"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            body = json.loads(response.read().decode("utf-8") or "{}")
    except (OSError, ValueError, urllib.error.URLError) as exc:
        raise ChromaUnreachable(f"Chroma server {host}:{port}: something listens there but the Chroma "
                                f"heartbeat {url} failed ({exc}); {hint}") from None
    if not any("heartbeat" in key for key in body):
        raise ChromaUnreachable(f"Chroma server {host}:{port}: {url} answered {body!r}, not a Chroma heartbeat")


def open_client(data_dir: Path | None = None, host: str | None = None, port: int | None = None) -> "ClientAPI":
    """An HttpClient when a host is configured (checked first), else the embedded PersistentClient."""
    import chromadb
    from chromadb.config import Settings

    host = config.CHROMA_HOST if host is None else host
    port = int(port or config.CHROMA_PORT)
    settings = Settings(anonymized_telemetry=False)
    if host:
        check_reachable(host, port)
        try:
            return chromadb.HttpClient(host=host, port=port, settings=settings)
        except Exception as exc:  # noqa: BLE001 - chromadb raises many kinds; name the server
            raise ChromaUnreachable(f"Chroma server {host}:{port}: cannot open a client ({exc})") from exc
    path = Path(data_dir or config.DATA_DIR) / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    client = None
    try:
        client = chromadb.PersistentClient(path=str(path), settings=settings)
        client.list_collections()  # reads the catalogue: a damaged database fails here
        return client
    except Exception as exc:  # noqa: BLE001
        if client is not None:
            close_client(client)
        _forget_failed_system(settings)
        raise StoreCorrupt(f"the embedded Chroma store {path} cannot be opened ({exc})") from exc


def _forget_failed_system(settings) -> None:
    """chromadb caches a client's System per path before starting it; when starting fails the broken
    System stays cached and every later client for that path fails. Drop it if no client holds it."""
    try:
        from chromadb.api.shared_system_client import SharedSystemClient as Shared

        key = Shared._get_identifier_from_settings(settings)
        if key in Shared._identifier_to_system and not Shared._identifier_to_refcount.get(key):
            system = Shared._identifier_to_system.pop(key)
            try:
                system.stop()
            except Exception:  # noqa: BLE001 - it never started properly
                pass
    except Exception:  # noqa: BLE001 - chromadb internals moved: nothing to clean
        pass


def close_client(client) -> None:
    try:
        client.close()
    except Exception:  # noqa: BLE001 - best effort; an HttpClient may have nothing to close
        pass


# --------------------------------------------------------------------------- store


@dataclass
class DenseHit:
    id: str
    text: str
    metadata: dict
    score: float  # cosine similarity


class ChunkStore:
    """One Chroma collection of chunks, searched through langchain-chroma with our embeddings."""

    def __init__(self, client: "ClientAPI", embeddings: Embeddings, name: str = COLLECTION, create: bool = True):
        from langchain_chroma import Chroma

        self.client, self.embeddings, self.name = client, embeddings, name
        metadata = {"embedding_model": vector_label(embeddings_name(embeddings)), "store_version": STORE_VERSION}
        if create:
            self.collection = client.get_or_create_collection(name, metadata=metadata, configuration={"hnsw": HNSW},
                                                              embedding_function=None)
        else:
            self.collection = client.get_collection(name, embedding_function=None)
        self.vectorstore = Chroma(client=client, collection_name=name, embedding_function=embeddings,
                                  create_collection_if_not_exists=False)
        self._documents: dict[str, tuple] = {}  # doc id → its ids, texts, metadata, unit vectors (see search)

    @staticmethod
    def exists(client: "ClientAPI", name: str = COLLECTION) -> bool:
        return name in {getattr(c, "name", c) for c in client.list_collections()}

    @property
    def model_name(self) -> str:
        return str((self.collection.metadata or {}).get("embedding_model", ""))

    @property
    def current(self) -> bool:
        """Made by this version of the code (configuration as STORE_VERSION says)."""
        return (self.collection.metadata or {}).get("store_version") == STORE_VERSION

    def count(self) -> int:
        return self.collection.count()

    def state(self) -> dict[str, tuple[str, str]]:
        """id -> (hash, text_hash) of every stored chunk, read from the collection itself."""
        out: dict[str, tuple[str, str]] = {}
        page = max(1, min(5000, self.client.get_max_batch_size()))
        offset = 0
        while True:
            got = self.collection.get(include=["metadatas"], limit=page, offset=offset)
            for cid, meta in zip(got["ids"], got["metadatas"]):
                meta = meta or {}
                out[cid] = (str(meta.get("hash", "")), str(meta.get("text_hash", "")))
            if len(got["ids"]) < page:
                return out
            offset += page

    def vectors(self, ids: Sequence[str]) -> dict[str, list[float]]:
        out: dict[str, list[float]] = {}
        for batch in batches(list(ids), self.client.get_max_batch_size()):
            got = self.collection.get(ids=batch, include=["embeddings"])
            for cid, vec in zip(got["ids"], got["embeddings"]):
                out[cid] = np.asarray(vec, dtype=np.float32).tolist()
        return out

    def embed(self, chunks: Sequence[Chunk]) -> list[list[float]]:
        return self.embeddings.embed_documents([c.passage for c in chunks]) if chunks else []

    def upsert(self, chunks: Sequence[Chunk], vectors: Sequence[Sequence[float]]) -> None:
        self._documents.clear()
        if len(chunks) != len(vectors):
            raise ValueError("one vector per chunk")
        size = self.client.get_max_batch_size()
        for start in range(0, len(chunks), size):
            part = chunks[start:start + size]
            self.collection.upsert(ids=[c.id for c in part], documents=[c.text for c in part],
                                   embeddings=[list(v) for v in vectors[start:start + size]],
                                   metadatas=[stored_metadata(c) for c in part])

    def update_metadata(self, chunks: Sequence[Chunk]) -> None:
        """New metadata for chunks whose text (hence embedding) is unchanged, e.g. moved lines."""
        self._documents.clear()
        for part in batches(list(chunks), self.client.get_max_batch_size()):
            self.collection.update(ids=[c.id for c in part], metadatas=[stored_metadata(c) for c in part])

    def delete(self, ids: Iterable[str]) -> None:
        self._documents.clear()
        for part in batches(list(ids), self.client.get_max_batch_size()):
            self.collection.delete(ids=part)

    def search(self, query: str, k: int = 5, doc_ids: Sequence[str] | None = None) -> list[DenseHit]:
        doc_ids = None if doc_ids is None else list(doc_ids)
        if k <= 0 or doc_ids == []:
            return []
        if doc_ids is not None and len(doc_ids) == 1:
            return self._search_one_document(query, k, doc_ids[0])
        if self.count() == 0:  # (counting a large collection costs; a scoped search does not need it)
            return []
        where = None if doc_ids is None else {"doc": {"$in": doc_ids}}
        found = self.vectorstore.similarity_search_with_score(query, k=k, filter=where)
        return [DenseHit(doc.id, doc.page_content, public_metadata(doc.metadata), 1.0 - float(distance))
                for doc, distance in found]


    def _search_one_document(self, query: str, k: int, doc_id: str) -> list[DenseHit]:
        """Exact cosine search over one document's vectors, read from the collection once: a filtered HNSW
        query costs more the larger the corpus, this costs the same with one document or a thousand."""
        ids, texts, metas, matrix = self._document(doc_id)
        if not ids:
            return []
        q = np.asarray(self.embeddings.embed_query(query), dtype=np.float32)
        scores = matrix @ (q / (np.linalg.norm(q) or 1.0))
        best = np.argsort(-scores, kind="stable")[:k]
        return [DenseHit(ids[i], texts[i], public_metadata(metas[i]), float(scores[i])) for i in best]

    def _document(self, doc_id: str):
        cached = self._documents.get(doc_id)
        if cached is None:
            got = self.collection.get(where={"doc": doc_id}, include=["embeddings", "documents", "metadatas"])
            if not got["ids"]:
                return [], [], [], np.zeros((0, 0), dtype=np.float32)
            matrix = np.asarray(got["embeddings"], dtype=np.float32).reshape(len(got["ids"]), -1)
            norms = np.linalg.norm(matrix, axis=1, keepdims=True)
            cached = (list(got["ids"]), list(got["documents"]), list(got["metadatas"]), matrix / np.where(norms == 0, 1, norms))
            self._documents[doc_id] = cached
        return cached


def stored_metadata(chunk: Chunk) -> dict:
    meta = dict(chunk.metadata)
    meta["hash"], meta["text_hash"] = chunk.hash, chunk.text_hash
    return meta


def public_metadata(meta: dict | None) -> dict:
    return {k: v for k, v in (meta or {}).items() if k not in HASH_KEYS}


def batches(items: list, size: int) -> Iterable[list]:
    size = max(1, int(size))
    for start in range(0, len(items), size):
        yield items[start:start + size]


def replace_collection(client: "ClientAPI", source: str, target: str = COLLECTION) -> None:
    """Swap a fully built collection in: drop `target`, rename `source` to it."""
    if ChunkStore.exists(client, target):
        client.delete_collection(target)
    client.get_collection(source).modify(name=target)
