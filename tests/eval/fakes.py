"""A fake QA pipeline and hand-made answers for the eval tests (no corpus, index or model)."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from qa.answer import Answer, Check, Citation, Figure

DOC = "seed"


def answer(text: str, figures=(), refused: bool = False, citations=(), checks=(), latency_ms: float = 10.0) -> Answer:
    """An Answer stating `figures` given as (value, unit) pairs."""
    return Answer("q", text, refused=refused, figures=[Figure(Decimal(v), u, "label") for v, u in figures],
                  citations=list(citations), checks=list(checks), latency_ms=latency_ms)


def citation(line: int, row: str = "行政运行", table: str = "预算支出总表", doc: str = DOC) -> Citation:
    return Citation(doc, table, row, "合计", line, "…")


def check(ok: bool = True) -> Check:
    return Check("1 + 2 = 3", Decimal(3), Decimal(3), ok)


@dataclass
class Document:
    id: str
    lines: list[str] = field(default_factory=list)


@dataclass
class Hit:
    metadata: dict


class FakeRetriever:
    """Returns the given line spans of DOC for every question."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = spans

    def search(self, query: str, k: int, doc_ids=None) -> list[Hit]:
        return [Hit({"doc": DOC, "line_start": a, "line_end": b}) for a, b in self.spans][:k]


class FakePipeline:
    """Answers each question with the Answer mapped to it (a refusal for unknown questions); an
    exception mapped to a question is raised."""

    def __init__(self, answers: dict[str, Answer | Exception], documents=(DOC,), retriever=None):
        self.answers = answers
        self.documents = [Document(d) for d in documents]
        self.retriever = retriever
        self.asked: list[str] = []

    def ask(self, question: str, keep_context: bool = True, doc: str = "") -> Answer:
        self.asked.append(question)
        result = self.answers.get(question) or answer("公开文件中没有该信息", refused=True)
        if isinstance(result, Exception):
            raise result
        return result
