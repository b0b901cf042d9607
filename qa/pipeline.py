"""The QA chain, wired in one visible place (LCEL): guard → understand → scope → answer → retrieve (the nearest
sources of a refusal) → phrase.

    >>> pipeline = Pipeline.load(retrieval=False)
    >>> pipeline.ask("交警支队今年的机关运行经费").figures[0].value
    Decimal('3149.06')
"""
from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field

from langchain_core.runnables import RunnableLambda

import config
from audit.checks import audit
from corpus.model import Disclosure
from corpus.text import compact
from corpus.units import name_variants
from corpus.registry import load_corpus
from qa import failures
from qa.answer import NOT_IN_DISCLOSURE, Answer
from qa.conversation import Conversation, which_one
from qa.cross import answer_across
from qa.discrepancy_notes import add_discrepancy_notes
from qa.executor import answer_query
from qa.follow_up import Context
from qa.llm import configured_model, rephrase
from qa.nearest import NearestPassages, add_nearest_sources
from qa.out_of_scope import other_department
from qa.query import BudgetQuery, read_query
from qa.resolve import label_key, unit_names
from qa.scope import choose_scope, named_documents, naming_words, picked_documents
from qa.terms import document_terms
from qa.understand import Query, understand


@dataclass
class Turn:
    """What flows through the chain."""

    question: str
    context: Context | None = None
    query: Query | None = None
    doc: Disclosure | None = None
    hits: list = field(default_factory=list)
    answer: Answer | None = None
    new_context: Context | None = None
    picked: str = ""  # the document the asker chose (id or department name); empty: scope from the question
    candidates: list = field(default_factory=list)  # the documents "which one?" was asked among


ALL_DOCUMENTS = ("all", "全部")  # a picker value meaning every document


class Pipeline(Conversation):
    def __init__(self, documents: list[Disclosure], retriever=None, llm=None):
        self.documents = documents
        self.retriever = retriever
        self.llm = llm
        self.findings: dict[str, list] = {}  # audit findings per document, computed on first use
        self.context: Context | None = None
        self.nearest = NearestPassages(retriever)
        # per document, on first use: its own words (qa.terms.document_terms), its organisational units
        # (qa.resolve.unit_names) and its text without white space (for name_units)
        self.terms: dict[str, str] = {}
        self.units: dict[str, frozenset[str]] = {}
        self.unit_words: dict[str, tuple[str, ...]] = {}  # every name a document's units are said by
        self.printed: dict[str, str] = {}
        self.labels = frozenset(label_key(r.label) for d in documents for t in d.tables for r in t.rows
                                if len(label_key(r.label)) >= 3) \
            | frozenset(label_key(f.project) for d in documents for f in d.forms) \
            | frozenset(compact(q) for d in documents for t in d.tables for r in t.rows for q in r.qualifier_names
                        if len(compact(q)) >= 3)  # '工资奖金津补贴' is a printed name, not an everyday word
        # answers come from the parsed tables (resolve); retrieval finds the nearest passages a refusal points to,
        # so it runs only for refusals
        self.chain = (RunnableLambda(self.guard) | RunnableLambda(self.understand) | RunnableLambda(self.scope)
                      | RunnableLambda(self.answer) | RunnableLambda(self.retrieve) | RunnableLambda(self.phrase))

    @classmethod
    def load(cls, retrieval: bool | None = None, corpus_dir=None) -> "Pipeline":
        """The corpus's documents and, unless `retrieval` is False (default: config.SEARCH_INDEX), the search index
        (built first when missing)."""
        documents = load_corpus(corpus_dir)
        retriever = None
        if config.SEARCH_INDEX if retrieval is None else retrieval:
            try:
                from index.search import Retriever
                retriever = Retriever.open()
            except Exception as exc:  # answering works without retrieval; sources for refusals need it
                print(f"retrieval unavailable ({exc}); answering from the parsed tables only", file=sys.stderr)
        return cls(documents, retriever, configured_model())

    def warm(self) -> None:
        """Load what the first refusal would otherwise wait for: the retriever's embedding model."""
        if self.retriever is not None and self.documents:
            try:
                self.retriever.search("预算", k=1, doc_ids=[self.documents[0].id])
            except ValueError:  # the document is not indexed yet
                pass

    def prepare(self, doc: Disclosure) -> None:
        """Read once what a document's first questions would otherwise wait for: its words, its audit and, when the
        built index does not hold it, its lexical index."""
        self.understand_for(doc, "")
        self.audit_of(doc)
        self.candidate_hits(doc, "预算")

    def audit_of(self, doc: Disclosure, question: str = "") -> list:
        """The audit's findings on `doc`, computed once; an audit that fails is logged and finds nothing (the
        answers stand)."""
        if doc.id not in self.findings:
            try:
                self.findings[doc.id] = audit(doc)
            except Exception as exc:
                failures.record(question, "audit", exc, doc.id)
                self.findings[doc.id] = []
        return self.findings[doc.id]

    def ask(self, question: str, context: Context | None = None, keep_context: bool = True, doc: str = "") -> Answer:
        """`doc` (an id or a department name) scopes the question to that document (or that department's
        documents), as a picker does; "" or "all": every document."""
        start = time.perf_counter()
        answer, new_context = self.run(Turn(question, context if context is not None else self.context,
                                            picked=doc or ""))
        if keep_context:
            self.context = new_context
        answer.latency_ms = (time.perf_counter() - start) * 1000
        return answer

    def read(self, question: str, doc: str = "") -> BudgetQuery | None:
        """The typed reading of the question in the document it is about (qa.query); None when it is about none
        (refused before, or asking which document)."""
        turn = self.scope(self.understand(self.guard(Turn(question, None, picked=doc or ""))))
        return read_query(turn.doc, question, turn.query) if turn.answer is None and turn.doc is not None else None

    def converse(self, question: str, context: Context | None, doc: str = "") -> tuple[Answer, Context | None]:
        """One turn of a conversation whose follow-up context the caller keeps (e.g. per web session); `doc` as
        in `ask`."""
        start = time.perf_counter()
        answer, new_context = self.run(Turn(question, context, picked=doc or ""))
        answer.latency_ms = (time.perf_counter() - start) * 1000
        return answer, new_context

    def candidates_of(self, question: str, context: Context | None, doc: str = "") -> list[Disclosure]:
        """The documents "which one?" was asked among for `question` (qa.conversation)."""
        return self.scope(self.understand(self.guard(Turn(question, context, picked=doc)))).candidates

    def run(self, turn: Turn) -> tuple[Answer, Context | None]:
        """The chain on one turn; a failure anywhere is logged and refused (qa.failures), and the conversation keeps
        the context it had."""
        try:
            turn = self.chain.invoke(turn)
            return turn.answer, turn.new_context
        except Exception as exc:
            question = turn.question if isinstance(turn.question, str) else repr(turn.question)
            failures.record(question, "pipeline", exc, turn.doc.id if turn.doc is not None else "")
            return failures.error_answer(question, exc, turn.doc.id if turn.doc is not None else ""), turn.context

    # ---- steps -------------------------------------------------------------------------------
    def guard(self, turn: Turn) -> Turn:
        text = (turn.question or "").strip()
        if not text:
            turn.answer = Answer(turn.question or "", "请输入问题。", refused=True, intent="invalid")
        elif len(text) > config.MAX_QUESTION_CHARS:
            turn.answer = Answer(turn.question[:50] + "…", f"问题太长（{len(text)}字），请控制在{config.MAX_QUESTION_CHARS}字以内。",
                                 refused=True, intent="invalid")
        return turn

    def understand(self, turn: Turn) -> Turn:
        if turn.answer is None:
            if len(self.documents) == 1:
                turn.query = self.understand_for(self.documents[0], turn.question)
            else:
                turn.query = understand(turn.question, "", self.labels)
        return turn

    def scope(self, turn: Turn) -> Turn:
        """The document the question is about (qa.scope); several when it compares them (qa.cross)."""
        if turn.answer is not None:
            return turn
        if not self.documents:
            turn.answer = Answer(turn.question, "没有载入任何公开文件。", refused=True, intent="invalid")
            return turn
        picked = picked_documents(self.documents, turn.picked)
        if len(picked) == 1:
            turn.doc = picked[0]
            turn.query = self.understand_for(turn.doc, turn.question)
            return turn
        if turn.picked and turn.picked.lower() not in ALL_DOCUMENTS and not picked:
            names = "；".join(f"{d.department}{d.year}年{d.kind}" for d in self.documents)
            turn.answer = Answer(turn.question, f"{NOT_IN_DISCLOSURE}：没有载入“{turn.picked}”的公开文件（已载入：{names}）。",
                                 refused=True, intent="refusal")
            return turn
        previous = turn.context.doc if turn.context else ""
        pool = picked or self.documents
        named = named_documents(pool, turn.query.text)
        if not named or self.unit_said_longer(pool, named, turn.query.text):
            pool = self.naming_a_unit(pool, turn.query.text) or pool  # a unit named: the documents printing it
        scope = choose_scope(pool, turn.query.text, turn.query.years, previous, config.DEFAULT_DOC,
                             compare=turn.query.intent != "reason")
        if scope.across:
            turn.answer = answer_across(scope.documents, turn.question, self.answer_in)
        elif scope.ambiguous and all(other_department(d, turn.query.text) for d in scope.documents):
            other = other_department(scope.documents[0], turn.query.text)
            names = "；".join(f"{d.department}{d.year}年{d.kind}" for d in self.documents)
            turn.answer = Answer(turn.question, f"{NOT_IN_DISCLOSURE}：没有载入“{other}”的公开文件（已载入：{names}）。",
                                 refused=True, intent="refusal")
        elif scope.ambiguous:
            turn.candidates = scope.documents
            turn.answer = which_one(turn.question, scope.documents)
        else:
            turn.doc = scope.documents[0]
            if len(self.documents) > 1:  # now the department is known, understand in its terms
                turn.query = self.understand_for(turn.doc, turn.question)
        return turn

    def units_of(self, doc: Disclosure) -> frozenset[str]:
        if doc.id not in self.units:
            self.units[doc.id] = frozenset(u for u in unit_names(doc) if len(u) >= 4)
        return self.units[doc.id]

    def unit_names_said(self, doc: Disclosure) -> tuple[str, ...]:
        """Every name of the document's units a question may say (in full, without its city, by its other name),
        worked out once: a desk of hundreds of documents asks this of each for every question."""
        if doc.id not in self.unit_words:
            self.unit_words[doc.id] = tuple(dict.fromkeys(v for u in self.units_of(doc) for v in name_variants(u)
                                                          if len(v) >= 4))
        return self.unit_words[doc.id]

    def naming_a_unit(self, documents: list[Disclosure], text: str) -> list[Disclosure]:
        """The documents one of whose units the question names."""
        q = compact(text)
        return [d for d in documents if any(map(q.__contains__, self.unit_names_said(d)))]

    def unit_said_longer(self, pool: list[Disclosure], named: list[Disclosure], text: str) -> bool:
        """A unit's name said at more length than any department's ('市中心血站': a unit, not 某市…中心 by 市中心)."""
        q = compact(text)
        said = max((len(v) for d in pool for v in self.unit_names_said(d) if v in q), default=0)
        return said > max(len(naming_words(d, q)) for d in named)

    def understand_for(self, doc: Disclosure, text: str):
        if doc.id not in self.terms:
            self.terms[doc.id] = document_terms(doc)
            self.units_of(doc)
            printed = compact("".join(doc.lines))
            for unit in sorted(self.units[doc.id], key=len, reverse=True):
                printed = printed.replace(unit, "|")  # what the text says besides the units' own names
            self.printed[doc.id] = printed
        return understand(text, doc.department, self.labels, self.terms[doc.id], self.units[doc.id],
                          self.printed[doc.id])

    def answer_in(self, doc: Disclosure, text: str) -> Answer:
        """`text` answered within one document, as a question of its own."""
        return answer_query(doc, self.understand_for(doc, text), None, self.candidate_hits)[0]

    def answer(self, turn: Turn) -> Turn:
        if turn.answer is None:
            turn.answer, turn.new_context = answer_query(turn.doc, turn.query, turn.context, self.candidate_hits)
            if not turn.answer.refused and turn.answer.figures:
                add_discrepancy_notes(turn.doc, turn.answer, self.audit_of(turn.doc, turn.question))
        if turn.answer.refused and NOT_IN_DISCLOSURE not in turn.answer.answer \
                and turn.answer.intent not in ("invalid", "error") and not turn.answer.refusal_reason:
            turn.answer.answer = f"{NOT_IN_DISCLOSURE}。" + turn.answer.answer
        return turn

    def candidate_hits(self, doc: Disclosure, text: str) -> list:
        """The nearest chunks of the document, for the gate of qa.candidates (qa.nearest)."""
        return self.nearest.candidates(doc, text)

    def retrieve(self, turn: Turn) -> Turn:
        """A refusal within one document points at its nearest passages (hybrid search), so the reader can look."""
        if turn.doc is not None and turn.answer.refused:
            turn.hits = self.nearest.for_refusal(turn.doc, turn.query.text, turn.question)
            add_nearest_sources(turn.answer, turn.hits)
        return turn

    def phrase(self, turn: Turn) -> Turn:
        try:
            turn.answer = rephrase(turn.answer, self.llm)
        except Exception as exc:  # the deterministic wording stands
            failures.record(turn.question, "phrase", exc, turn.answer.doc)
        return turn

