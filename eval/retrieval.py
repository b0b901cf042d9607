"""Retrieval recall@5: does a top-5 passage hold the gold line? For the project's hybrid retriever and
for a naive baseline (fixed 500-character chunks of the raw text, dense only).

    >>> spans = [LineSpan("d", 10, 14)]
    >>> holds_line(spans, "d", 12), holds_line(spans, "d", 15)
    (True, False)
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

import numpy as np

import config
from corpus.model import Disclosure
from index.embedding_model import embed_passages, embed_queries, load_embedder

TOP_K = 5
CHUNK_SIZE, CHUNK_OVERLAP = 500, 50


@dataclass(frozen=True)
class LineSpan:
    """The 1-based source lines a retrieved passage holds, inclusive."""

    doc: str
    line_start: int
    line_end: int


def holds_line(spans: list[LineSpan], doc: str, line: int) -> bool:
    return any(s.doc == doc and s.line_start <= line <= s.line_end for s in spans)


def hybrid_spans(retriever, question: str, doc: str, k: int = TOP_K) -> list[LineSpan]:
    """The line spans of the project retriever's top-k hits, scoped to the document as the pipeline does."""
    hits = retriever.search(question, k, doc_ids=[doc])
    return [LineSpan(h.metadata["doc"], int(h.metadata["line_start"]), int(h.metadata["line_end"])) for h in hits]


@dataclass
class Chunk:
    span: LineSpan
    text: str


class BaselineRetriever:
    """RecursiveCharacterTextSplitter(500, 50) over each document's raw text, embedded with the project's
    model, searched by cosine similarity alone."""

    def __init__(self, chunks: list[Chunk], embedder):
        self.chunks = chunks
        self.embedder = embedder
        self.vectors = embed_passages(embedder, [c.text for c in chunks])

    @classmethod
    def build(cls, documents: list[Disclosure], embedder=None) -> "BaselineRetriever":
        if embedder is None:
            embedder = load_embedder(config.EMBEDDING_MODEL, config.MODEL_CACHE)
        return cls([chunk for doc in documents for chunk in split_document(doc)], embedder)

    def spans(self, question: str, doc: str, k: int = TOP_K) -> list[LineSpan]:
        rows = [i for i, c in enumerate(self.chunks) if c.span.doc == doc]
        if not rows:
            return []
        scores = self.vectors[rows] @ embed_queries(self.embedder, [question])[0]
        best = np.argsort(-scores)[:k]
        return [self.chunks[rows[i]].span for i in best]


def split_document(doc: Disclosure) -> list[Chunk]:
    """500-character chunks of the document's text, each with the lines it covers whole."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP,
                                              add_start_index=True)
    text = "\n".join(doc.lines)
    starts, ends = line_content_offsets(doc.lines)
    chunks = []
    for piece in splitter.create_documents([text]):
        begin = piece.metadata["start_index"]
        end = begin + len(piece.page_content)
        first = bisect_left(starts, begin) + 1  # first line whose content starts inside the chunk
        last = bisect_right(ends, end)  # last line whose content ends inside the chunk
        chunks.append(Chunk(LineSpan(doc.id, first, last), piece.page_content))
    return chunks


def line_content_offsets(lines: list[str]) -> tuple[list[int], list[int]]:
    """Character offsets in "\\n".join(lines) where each line's non-blank content starts and ends.
    A blank line counts as starting and ending at its position."""
    starts, ends, offset = [], [], 0
    for line in lines:
        start = offset + len(line) - len(line.lstrip())
        starts.append(start)
        ends.append(start + len(line.strip()))
        offset += len(line) + 1
    return starts, ends
