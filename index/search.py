"""Hybrid retrieval: dense (Chroma, e5), lexical (BM25 over jieba) and label matching fused by reciprocal
rank fusion.

The label ranking knows the chunks' structure: a table row whose label the question names comes first,
the more so when the question also names one of its columns (基本支出, 人员经费…) or words of its table's
title — so the row of the table meant is found among the same label in five tables.

RRF: each list contributes 1 / (60 + rank) for every chunk it returns (rank from 1); a chunk's
score is the sum, so chunks both sides agree on come first. Each side is asked for more
candidates than `k` (`CANDIDATES`), then the fused top `k` is returned. `search_dense` and
`search_lexical` expose one side each (scores: cosine similarity, BM25 score) for measurement.

`Retriever.open()` loads the built index from DATA_DIR (embedded Chroma or the configured server);
a missing, interrupted or damaged index is (re)built first, with a message on stderr.

Usage::

    from index.search import Retriever

    retriever = Retriever.open()
    for hit in retriever.search("2023年公务接待费是多少？", k=5):
        print(hit.id, round(hit.score, 4), hit.metadata["kind"], hit.text.splitlines()[1])
    retriever.search("公务接待费", doc_ids=["datong-gaj-2023-budget"])   # one document only
    retriever.close()

or ``python -m index search [--json] [-k N] "问题"``.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Sequence, TextIO

import config
from corpus.text import compact, label_key
from index.build import build_index, read_manifest
from index.lexical import LexicalIndex
from index.paths import IndexPaths, vector_label

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

# column words a question may name (the same genre words the QA resolver uses)
COLUMN_WORDS = ("基本支出", "项目支出", "人员经费", "公用经费", "一般公共预算", "政府性基金", "国有资本经营",
                "财政专户管理资金", "单位资金", "当年预算安排", "上年结转", "决算数", "预算数")
RRF_K = 60
LABEL_WEIGHT = 2.0  # a row named by its own label is surer evidence than word overlap
CANDIDATES = 30  # per side, at least; more when k is larger


@dataclass
class Hit:
    id: str
    text: str
    score: float
    metadata: dict = field(default_factory=dict)
    ranks: dict[str, int] = field(default_factory=dict)  # {"dense": 1, "lexical": 4}: where each side put it

    def to_json(self) -> dict:
        return {"id": self.id, "text": self.text, "score": self.score, "metadata": self.metadata}


@dataclass(frozen=True)
class LabelFacts:
    key: str  # the row, project or term label as questions name it
    title_pairs: frozenset[str]  # character pairs of the table title's own words
    is_table: bool
    is_total: bool


class IndexNotReady(RuntimeError):
    """The index could not be loaded even after rebuilding it."""


def validate_query(query) -> str:
    if not isinstance(query, str) or not query.strip():
        raise ValueError("the question is empty; ask something, e.g. “2023年公务接待费是多少？”")
    query = query.strip()
    if len(query) > config.MAX_QUESTION_CHARS:
        raise ValueError(f"the question is {len(query)} characters long; the limit is "
                         f"{config.MAX_QUESTION_CHARS} (BUDGET_QA_MAX_QUESTION_CHARS)")
    return query


def rrf(rankings: dict[str, list[str]], k: int = RRF_K,
        weights: dict[str, float] | None = None) -> list[tuple[str, float, dict[str, int]]]:
    """Fuse ranked id lists: (id, score, {list name: rank}) best first; ties keep first-seen order. A list's
    weight (default 1) scales what it contributes."""
    scores: dict[str, float] = {}
    ranks: dict[str, dict[str, int]] = {}
    for name, ids in rankings.items():
        weight = (weights or {}).get(name, 1.0)
        for rank, cid in enumerate(ids, start=1):
            scores[cid] = scores.get(cid, 0.0) + weight / (k + rank)
            ranks.setdefault(cid, {})[name] = rank
    order = sorted(scores, key=lambda cid: -scores[cid])
    return [(cid, scores[cid], ranks[cid]) for cid in order]


class Retriever:
    def __init__(self, store, lexical: LexicalIndex, client=None, owns_client: bool = False):
        self.store, self.lexical = store, lexical
        self._client, self._owns_client = client, owns_client
        self.doc_ids = sorted({str(c.metadata.get("doc", "")) for c in lexical.chunks})
        self._labels: tuple[list[LabelFacts], dict[str, list[int]]] | None = None

    # ---------------------------------------------------------------- opening

    @classmethod
    def open(cls, data_dir: Path | None = None, corpus_dir: Path | None = None,
             embeddings: "Embeddings | None" = None, host: str | None = None, port: int | None = None,
             refresh: bool = False, report: TextIO | None = None) -> "Retriever":
        """Load the index; build it first when it is missing, interrupted or damaged (saying why on
        `report`, default stderr), or when `refresh` asks for an incremental build. Raises
        store.StoreError when the Chroma server is unreachable, IndexNotReady if a rebuild did not help."""
        from index.store import E5Embeddings

        embeddings = embeddings if embeddings is not None else E5Embeddings()
        report = report or sys.stderr
        paths = IndexPaths.of(data_dir)
        build = dict(corpus_dir=corpus_dir, data_dir=paths.data_dir, embeddings=embeddings, host=host, port=port,
                     report=report)
        if refresh:
            build_index(**build)
        retriever, problem = cls._load(paths, embeddings, host, port)
        if retriever is None:
            print(f"index: {problem}; building it now", file=report)
            build_index(trust_manifest=False, **build)
            retriever, problem = cls._load(paths, embeddings, host, port)
            if retriever is None:
                raise IndexNotReady(f"the index in {paths.data_dir} is still unusable after a rebuild: {problem}")
        return retriever

    @classmethod
    def _load(cls, paths: IndexPaths, embeddings, host, port) -> tuple["Retriever | None", str]:
        """(retriever, "") or (None, what is wrong with the index)."""
        from index.store import (
            COLLECTION,
            ChunkStore,
            StoreCorrupt,
            close_client,
            open_client,
        )

        manifest = read_manifest(paths)
        if manifest is None:
            if paths.manifest.exists():
                return None, f"the index manifest {paths.manifest} is unreadable"
            return None, f"no index in {paths.folder}"
        if manifest.get("state") != "complete":
            return None, "the last index build was interrupted"
        try:
            lexical = LexicalIndex.load(paths.lexical)
        except ValueError as exc:
            return None, str(exc)
        try:
            client = open_client(paths.data_dir, host, port)
        except StoreCorrupt as exc:
            return None, str(exc)
        problem = ""
        if not ChunkStore.exists(client, COLLECTION):
            problem = "the vector store has no chunk collection"
        else:
            store = ChunkStore(client, embeddings, create=False)
            model = vector_label(embeddings.name) if hasattr(embeddings, "name") else store.model_name
            if store.model_name != manifest.get("embedding_model") or store.model_name != model:
                problem = f"the vector store holds {store.model_name!r} vectors, not {model!r}"
            elif not store.current:
                problem = "the vector store was made by an older version"
            elif store.count() != len(lexical.chunks):
                problem = f"the vector store holds {store.count()} chunks, the lexical index {len(lexical.chunks)}"
            else:
                return cls(store, lexical, client, owns_client=True), ""
        close_client(client)
        return None, problem

    @classmethod
    def lexical_only(cls, documents) -> "Retriever":
        """A retriever over documents that are not in the built index (no vectors, no model): BM25 and the label
        ranking over their chunks, built in memory in well under a second per document."""
        from index.chunks import build_chunks

        return cls(None, LexicalIndex.build([c for d in documents for c in build_chunks(d)]))

    def close(self) -> None:
        from index.store import close_client

        if self._owns_client and self._client is not None:
            close_client(self._client)
            self._client = None

    def __enter__(self) -> "Retriever":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -------------------------------------------------------------- searching

    def _check(self, query, k: int, doc_ids: Sequence[str] | None) -> tuple[str, list[str] | None]:
        query = validate_query(query)
        if not isinstance(k, int) or k < 1:
            raise ValueError(f"k must be a positive whole number, not {k!r}")
        if doc_ids is not None:
            doc_ids = [doc_ids] if isinstance(doc_ids, str) else list(doc_ids)
            unknown = [d for d in doc_ids if d not in self.doc_ids]
            if unknown:
                raise ValueError(f"unknown document id(s) {', '.join(unknown)}; the index holds "
                                 f"{', '.join(self.doc_ids) or 'no documents'}")
        return query, doc_ids

    def search_lexical(self, query: str, k: int = 5, doc_ids: Sequence[str] | None = None) -> list[Hit]:
        query, doc_ids = self._check(query, k, doc_ids)
        hits = []
        for rank, (pos, score) in enumerate(self.lexical.search(query, k, doc_ids), start=1):
            chunk = self.lexical.chunks[pos]
            hits.append(Hit(chunk.id, chunk.text, score, dict(chunk.metadata), {"lexical": rank}))
        return hits

    def search_dense(self, query: str, k: int = 5, doc_ids: Sequence[str] | None = None) -> list[Hit]:
        query, doc_ids = self._check(query, k, doc_ids)
        return [Hit(h.id, h.text, h.score, h.metadata, {"dense": rank})
                for rank, h in enumerate(self.store.search(query, k, doc_ids), start=1)]

    def _label_facts(self) -> tuple[list[LabelFacts], dict[str, list[int]]]:
        """What the label ranking needs of every chunk, worked out once, and the chunk positions of each
        document (a scoped search looks at its own document's chunks only, however large the corpus)."""
        if self._labels is None:
            facts, by_doc = [], {}
            for pos, chunk in enumerate(self.lexical.chunks):
                meta = chunk.metadata
                key = label_key(str(meta.get("row_label") or meta.get("project") or meta.get("term") or ""),
                                str(meta.get("department", "")))
                # the title's own words: no year, no bracketed note like （不含上年结转）
                title = re.sub(r"^\d{4}年?|[（(][^）)]*[)）]", "", compact(str(meta.get("table_title", ""))))
                facts.append(LabelFacts(key, frozenset(title[i:i + 2] for i in range(len(title) - 1)),
                                        meta.get("kind") == "table", bool(meta.get("is_total"))))
                by_doc.setdefault(str(meta.get("doc", "")), []).append(pos)
            self._labels = (facts, by_doc)
        return self._labels

    def label_ranking(self, query: str, depth: int, doc_ids: Sequence[str] | None) -> list[int]:
        """Positions of the chunks whose row or item label the question names, best first."""
        q = compact(query)
        columns = [w for w in COLUMN_WORDS if w in q]
        facts, by_doc = self._label_facts()
        positions = range(len(facts)) if doc_ids is None else sorted(p for d in doc_ids for p in by_doc.get(d, ()))
        scored = []
        for pos in positions:
            fact = facts[pos]
            key = fact.key
            named = len(key) if len(key) >= 2 and key in q else 0
            if key in COLUMN_WORDS or key.endswith(("合计", "总计")):
                named //= 2  # a total row or a funding-source row is named by words that also name columns
            pairs = fact.title_pairs
            title_share = sum(p in q for p in pairs) / len(pairs) if pairs else 0.0
            if fact.is_table and title_share >= 0.4:
                named = round(10 * title_share)  # the table as a whole, named by its title
            if not named and not (columns and fact.is_total):
                continue
            score = 10 * named + 100 * title_share + 3 * sum(w in self.lexical.chunks[pos].text for w in columns)
            scored.append((score, pos))
        scored.sort(key=lambda sp: -sp[0])
        return [pos for _, pos in scored[:depth]]

    def search(self, query: str, k: int = 5, doc_ids: Sequence[str] | None = None) -> list[Hit]:
        """The `k` best chunks by RRF over the dense, lexical and label rankings (score: the RRF sum); without a
        vector store (`lexical_only`), over the lexical and label rankings."""
        query, doc_ids = self._check(query, k, doc_ids)
        depth = max(CANDIDATES, 3 * k)
        dense = self.store.search(query, depth, doc_ids) if self.store is not None else []
        lexical = self.lexical.search(query, depth, doc_ids)
        texts = {h.id: (h.text, h.metadata) for h in dense}
        for pos, _ in lexical:
            chunk = self.lexical.chunks[pos]
            texts[chunk.id] = (chunk.text, dict(chunk.metadata))
        labels = self.label_ranking(query, depth, doc_ids)
        for pos in labels:
            chunk = self.lexical.chunks[pos]
            texts[chunk.id] = (chunk.text, dict(chunk.metadata))
        fused = rrf({"dense": [h.id for h in dense], "lexical": [self.lexical.chunks[p].id for p, _ in lexical],
                     "labels": [self.lexical.chunks[p].id for p in labels]},
                    weights={"labels": LABEL_WEIGHT})
        return [Hit(cid, texts[cid][0], score, texts[cid][1], ranks) for cid, score, ranks in fused[:k]]
