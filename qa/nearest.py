"""The nearest passages of a document to a question: the gate's candidates when no rule resolved it
(qa.candidates), and the sources a refusal points at so the reader can look."""
from __future__ import annotations

import config
from corpus.model import Disclosure
from qa import failures
from qa.answer import Answer

CANDIDATES = 8  # nearest chunks the gate looks at when no rule resolved the question
KINDS = {"glossary": "名词解释", "org": "机构设置", "paragraph": "情况说明"}


class NearestPassages:
    """Searches of the built index (`retriever`, None without one) or, for a document it does not hold, of a
    lexical index of that document built in memory (documents loaded beside the corpus)."""

    def __init__(self, retriever=None):
        self.retriever = retriever
        self.local: dict = {}  # doc id → lexical-only Retriever
        self.recent: dict = {}  # the last candidate search, (doc id, text) → hits

    def candidates(self, doc: Disclosure, text: str) -> list:
        """The nearest chunks of the document, for the gate of qa.candidates."""
        retriever = self.retriever if self.retriever is not None and doc.id in self.retriever.doc_ids else None
        if retriever is None:
            if doc.id not in self.local:
                from index.search import Retriever
                self.local[doc.id] = Retriever.lexical_only([doc])
            retriever = self.local[doc.id]
        key = (doc.id, text[:config.MAX_QUESTION_CHARS])
        if key not in self.recent:
            try:
                hits = retriever.search(key[1], k=CANDIDATES, doc_ids=[doc.id])
            except ValueError:
                hits = []
            self.recent = {key: hits}  # the refusal that may follow points at these, with no second search
        return self.recent[key]

    def for_refusal(self, doc: Disclosure, text: str, question: str) -> list:
        """The five nearest passages by hybrid search ([] without the built index, or when it is unreachable)."""
        if self.retriever is None:
            return []
        key = (doc.id, text[:config.MAX_QUESTION_CHARS])
        if key in self.recent and doc.id in self.retriever.doc_ids:
            return self.recent[key][:5]  # the gate's candidates: the same ranking, already searched
        try:
            return self.retriever.search(key[1], k=5, doc_ids=[doc.id])
        except ValueError:
            return []
        except Exception as exc:  # the refusal stands without its nearest sources
            failures.record(question, "retrieve", exc, doc.id)
            return []


def add_nearest_sources(answer: Answer, hits) -> None:
    """A refusal points at the nearest passages, so the reader can look for themselves."""
    lines = []
    for hit in hits[:3]:
        meta = hit.metadata
        title = meta.get("table_title") or meta.get("project") or meta.get("term") or meta.get("section") \
            or KINDS.get(meta.get("kind", ""), "公开文件")
        lines.append(f"{title}（第{meta.get('line_start', '?')}行）")
    if lines:
        answer.answer += " 最相关的公开内容：" + "；".join(lines) + "。"
