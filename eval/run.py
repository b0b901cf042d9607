"""Asking every gold question once and judging the answer, its citations, checks and retrieval.

    >>> from qa.pipeline import Pipeline
    >>> from eval.questions import DEFAULT_GOLD, load_gold
    >>> results, skipped = run_gold(Pipeline.load(retrieval=False), load_gold([DEFAULT_GOLD])[:3], progress=None)
    >>> # 001 and 002 cite their figure in another table (收入总表, 政府性基金预算收入表), not the gold's 收支总表
    >>> [(r.id, r.outcome, r.citation_ok) for r in results]
    [('lookup-001', 'correct', False), ('lookup-002', 'correct', False), ('lookup-003', 'correct', True)]
"""
from __future__ import annotations

import sys
from pathlib import Path
from dataclasses import asdict, dataclass, replace

from corpus.attachments import attachment_of
from eval import score
from eval.questions import DERIVED_CATEGORIES, PRINTED_FIGURE_CATEGORIES, GoldQuestion
from eval.retrieval import BaselineRetriever, holds_line, hybrid_spans
from eval.understanding import disagreements
from qa.query import BudgetQuery, explain


@dataclass
class QuestionResult:
    id: str
    doc: str
    category: str
    question: str
    expected: dict
    source: dict
    outcome: str  # see eval.score
    answer: dict  # Answer.to_json()
    citation_ok: bool | None = None  # None: gold has no source line
    checks_ok: bool | None = None  # None: not a derived category
    retrieved: bool | None = None  # None: not measured for this question
    baseline_retrieved: bool | None = None
    reading: str = ""  # for a miss: how the question was read, slot by slot (qa.query.explain)
    query: dict | None = None  # the reading the gold expects, when it says (eval.understanding)
    understanding: list[str] | None = None  # the slots read otherwise than expected; None: nothing expected
    slot_sources: list[str] | None = None  # where an answered question's reading came from (qa.query); None: not read

    @property
    def correct(self) -> bool:
        return self.outcome == score.CORRECT

    def to_json(self) -> dict:
        return asdict(self)


def run_gold(pipeline, questions: list[GoldQuestion], baseline: BaselineRetriever | None = None,
             progress=sys.stderr) -> tuple[list[QuestionResult], list[GoldQuestion]]:
    """Results for the questions whose document is loaded, and the questions skipped for want of it."""
    loaded = {d.id for d in pipeline.documents}
    results, skipped = [], []
    for number, question in enumerate(questions, 1):
        question = of_the_disclosure(question, loaded)
        if question.doc not in loaded:
            skipped.append(question)
            continue
        results.append(evaluate(pipeline, question, baseline))
        if progress:
            print(f"\r{number}/{len(questions)}", end="", file=progress, flush=True)
    if progress:
        print(file=progress)
    return results, skipped


def of_the_disclosure(question: GoldQuestion, loaded: set[str]) -> GoldQuestion:
    """A question written about one attachment of a disclosure ('…_part2', the half printing its answer) is asked
    of the disclosure the product loads, its attachments joined (corpus.attachments)."""
    part = attachment_of(Path(question.doc))
    return replace(question, doc=part[0]) if question.doc not in loaded and part and part[0] in loaded else question


def search_text(pipeline, question: GoldQuestion) -> str:
    """The question as the chain searches with it (normalised, the disclosure's own terms), for both the
    product's retriever and the baseline."""
    doc = next((d for d in pipeline.documents if d.id == question.doc), None)
    understand_for = getattr(pipeline, "understand_for", None)
    return understand_for(doc, question.question).text if doc is not None and understand_for else question.question


def evaluate(pipeline, question: GoldQuestion, baseline: BaselineRetriever | None) -> QuestionResult:
    answer, outcome = ask(pipeline, question)
    result = QuestionResult(question.id, question.doc, question.category, question.question, question.expected,
                            question.source, outcome, answer, score.citation_ok(question, answer))
    if question.category in DERIVED_CATEGORIES:
        result.checks_ok = score.checks_ok(answer)
    if hasattr(pipeline, "read"):
        reading, failure = read_typed(pipeline, question)
        if outcome != score.CORRECT:
            result.reading = explained(reading, failure)
        if question.query:
            result.query, result.understanding = question.query, judged(question.query, reading, failure)
        if not answer["refused"] and reading is not None:
            result.slot_sources = sorted({slot.source for _, slot in reading.slots()})
    if question.category in PRINTED_FIGURE_CATEGORIES and "line" in question.source:
        line = question.source["line"]
        indexed = getattr(pipeline.retriever, "doc_ids", None)
        if pipeline.retriever is not None and (indexed is None or question.doc in indexed):
            result.retrieved = holds_line(hybrid_spans(pipeline.retriever, search_text(pipeline, question), question.doc),
                                          question.doc, line)
        elif hasattr(pipeline, "candidate_hits") and outcome == score.WRONGLY_REFUSED:
            # a document outside the built index: the nearest sources are the answer path's own (lexical) candidates
            doc = next(d for d in pipeline.documents if d.id == question.doc)
            hits = pipeline.candidate_hits(doc, search_text(pipeline, question))[:5]
            result.retrieved = any(int(h.metadata["line_start"]) <= line <= int(h.metadata["line_end"]) for h in hits)
        if baseline is not None:
            result.baseline_retrieved = holds_line(baseline.spans(search_text(pipeline, question), question.doc),
                                                   question.doc, line)
    return result


def read_typed(pipeline, question: GoldQuestion) -> tuple[BudgetQuery | None, Exception | None]:
    """The typed reading of the question in its gold document (None: of no document), and the failure when reading
    it failed: read once, for the miss's explanation, the expected query and the slots' sources."""
    try:
        return pipeline.read(question.question, doc=question.doc), None
    except Exception as exc:  # the answer is judged all the same
        return None, exc


def explained(reading: BudgetQuery | None, failure: Exception | None) -> str:
    """How a missed question was read, to see which slot went wrong."""
    if failure is not None:
        return f"{type(failure).__name__}: {failure}"
    return explain(reading) if reading is not None else ""


def judged(expected: dict, reading: BudgetQuery | None, failure: Exception | None) -> list[str]:
    """The slots of the typed reading that disagree with the gold's expected query (a reading that fails, or is of
    no document, disagrees in every slot it expects)."""
    if failure is not None:
        return [f"{slot}: not read ({type(failure).__name__})" for slot in expected]
    if reading is None:
        return [f"{slot}: not read" for slot in expected]
    return disagreements(expected, reading)


def ask(pipeline, question: GoldQuestion) -> tuple[dict, str]:
    """The answer as JSON and its outcome; a pipeline that raises is an error outcome, not a crash."""
    try:
        answer = pipeline.ask(question.question, keep_context=False).to_json()
        if answer["intent"] == "clarify":  # "which document?": the asker picks the gold one, as on the web page
            answer = pipeline.ask(question.question, keep_context=False, doc=question.doc).to_json()
    except Exception as exc:  # one broken question must not hide the other results
        answer = {"question": question.question, "answer": f"{type(exc).__name__}: {exc}", "refused": False,
                  "intent": "", "figures": [], "citations": [], "checks": [], "latency_ms": 0.0}
        return answer, score.ERROR
    return answer, score.judge(question.expected, answer, score.subject_of(question),
                                     tuple(question.source_lines))
