"""Retrieval over the parsed corpus: chunks, a BM25 index and a Chroma vector store, fused by RRF.

    from index import Retriever
    with Retriever.open() as retriever:          # builds the index first if it is missing
        hits = retriever.search("2023年公务接待费是多少？", k=5)

Modules: chunks (Disclosure -> chunks), lexical (BM25 over jieba), store (Chroma + embeddings),
search (Retriever, Hit), build (incremental build), paths (where the index lives, what it was made with),
bench, embedding_model. CLI: `python -m index`.
Imports here are lazy so that `python -m index build` on an unchanged corpus stays fast.
"""
from __future__ import annotations

__all__ = ["Retriever", "Hit", "build_index"]


def __getattr__(name: str):
    if name in ("Retriever", "Hit"):
        from index import search

        return getattr(search, name)
    if name == "build_index":
        from index.build import build_index

        return build_index
    raise AttributeError(f"module 'index' has no attribute {name!r}")
