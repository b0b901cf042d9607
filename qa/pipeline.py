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
from audit.checks import audit, findings_for
from corpus.model import Disclosure
from corpus.text import compact
from corpus.registry import load_corpus
from qa import failures
from qa.answer import NOT_IN_DISCLOSURE, Answer, Figure
from qa.answerer import Context, answer_query, other_department
from qa.cross import answer_across
from qa.llm import configured_model, rephrase
from qa.query import BudgetQuery, read_query
from qa.resolve import label_key, unit_names
from qa.scope import choose_scope, named_documents, region_of, reply_names
from qa.statements import money
from qa.understand import Query, document_terms, understand


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


@dataclass
class Exchange:
    """One turn of a conversation: the answer, the follow-up context after it, and the question still waiting
    for a reply to "which document?" ("" when none is)."""

    answer: Answer
    context: Context | None
    waiting: str = ""
    among: tuple[str, ...] = ()  # the documents (ids) a reply narrowed "which one?" to, asked again among them


ALL_DOCUMENTS = ("all", "全部")  # a picker value meaning every document
LISTED = 8  # "which document?" names the documents when at most this many fit; else it says how to name one
CANDIDATES = 8  # nearest chunks the gate looks at when no rule resolved the question


class Pipeline:
    def __init__(self, documents: list[Disclosure], retriever=None, llm=None):
        self.documents = documents
        self.retriever = retriever
        self.llm = llm
        self.findings: dict[str, list] = {}  # audit findings per document, computed on first use
        self.context: Context | None = None
        self.recent_hits: dict = {}  # the last candidate search, (doc id, text) → hits
        self.local_retrievers: dict = {}  # doc id → lexical-only Retriever, for documents not in the built index
        # per document, on first use: its own words (qa.understand.document_terms), its organisational units
        # (qa.resolve.unit_names) and its text without white space (for name_units)
        self.terms: dict[str, str] = {}
        self.units: dict[str, frozenset[str]] = {}
        self.printed: dict[str, str] = {}
        self.labels = frozenset(label_key(r.label) for d in documents for t in d.tables for r in t.rows
                                if len(label_key(r.label)) >= 3) \
            | frozenset(label_key(f.project) for d in documents for f in d.forms) \
            | frozenset(compact(q) for d in documents for t in d.tables for r in t.rows for q in r.qualifiers
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

    def exchange(self, question: str, context: Context | None, doc: str = "", waiting: str = "",
                 among: tuple[str, ...] = ()) -> Exchange:
        """One turn of a conversation whose state the caller keeps: `waiting` is the question last answered with
        "which document?". A reply that only names the document (in any name form, or by place, year, 预算/决算)
        answers that waiting question in it; one naming several asks again among them; anything else is a question
        of its own; `among`: the documents an earlier reply narrowed it to."""
        if waiting:
            reply = self.reply_to_which(question, context, doc, waiting, among)
            if reply is not None:
                return reply
        answer, new_context = self.converse(question, context, doc)
        return Exchange(answer, new_context, question if answer.intent == "clarify" else "")

    def reply_to_which(self, reply: str, context: Context | None, doc: str, waiting: str,
                       among: tuple[str, ...] = ()) -> Exchange | None:
        """The waiting question answered in the document `reply` names; None when the reply names none of the
        documents it was asked among, or asks something of its own."""
        start = time.perf_counter()
        asked = [d for d in self.documents if d.id in among] or self.which_documents(waiting, context, doc)
        chosen = reply_names(asked, reply)
        if not chosen:
            return None
        if len(chosen) > 1:  # '卫健委' with two cities' loaded: which city, the question still waiting
            answer = which_one(reply, chosen)
            answer.latency_ms = (time.perf_counter() - start) * 1000
            return Exchange(answer, context, waiting, tuple(d.id for d in chosen))
        answer, new_context = self.converse(waiting, None, doc=chosen[0].id)
        answer.latency_ms = (time.perf_counter() - start) * 1000
        return Exchange(answer, new_context)

    def which_documents(self, question: str, context: Context | None, doc: str = "") -> list[Disclosure]:
        """The documents "which one?" was asked among for `question` ([] when it was not, or on an error)."""
        try:
            turn = self.scope(self.understand(self.guard(Turn(question, context, picked=doc))))
        except Exception as exc:  # the reply is then answered as a question of its own
            failures.record(question, "which_documents", exc, doc)
            return []
        return turn.candidates

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
        scope = choose_scope(picked or self.documents, turn.query.text, turn.query.years, previous, config.DEFAULT_DOC,
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

    def understand_for(self, doc: Disclosure, text: str):
        if doc.id not in self.terms:
            self.terms[doc.id] = document_terms(doc)
            self.units[doc.id] = frozenset(u for u in unit_names(doc) if len(u) >= 4)
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
            self.warn_of_discrepancies(turn.doc, turn.answer)
        if turn.answer.refused and NOT_IN_DISCLOSURE not in turn.answer.answer \
                and turn.answer.intent not in ("invalid", "error") and not turn.answer.refusal_reason:
            turn.answer.answer = f"{NOT_IN_DISCLOSURE}。" + turn.answer.answer
        return turn

    def candidate_hits(self, doc: Disclosure, text: str) -> list:
        """The nearest chunks of the document, for the gate of qa.candidates: from the built index when it holds the
        document, else from a lexical index of it built in memory (documents loaded beside the corpus)."""
        retriever = self.retriever if self.retriever is not None and doc.id in self.retriever.doc_ids else None
        if retriever is None:
            if doc.id not in self.local_retrievers:
                from index.search import Retriever
                self.local_retrievers[doc.id] = Retriever.lexical_only([doc])
            retriever = self.local_retrievers[doc.id]
        key = (doc.id, text[:config.MAX_QUESTION_CHARS])
        if key not in self.recent_hits:
            try:
                hits = retriever.search(key[1], k=CANDIDATES, doc_ids=[doc.id])
            except ValueError:
                hits = []
            self.recent_hits = {key: hits}  # the refusal that may follow points at these, with no second search
        return self.recent_hits[key]

    def retrieve(self, turn: Turn) -> Turn:
        """A refusal within one document points at its nearest passages (hybrid search), so the reader can look."""
        if turn.doc is not None and turn.answer.refused and self.retriever is not None:
            key = (turn.doc.id, turn.query.text[:config.MAX_QUESTION_CHARS])
            if key in self.recent_hits and turn.doc.id in self.retriever.doc_ids:
                turn.hits = self.recent_hits[key][:5]  # the gate's candidates: the same ranking, already searched
            else:
                try:
                    turn.hits = self.retriever.search(key[1], k=5, doc_ids=[turn.doc.id])
                except ValueError:
                    turn.hits = []
                except Exception as exc:  # the index unreachable: the refusal stands without its nearest sources
                    failures.record(turn.question, "retrieve", exc, turn.doc.id)
                    turn.hits = []
            add_nearest_sources(turn.answer, turn.hits)
        return turn


    def warn_of_discrepancies(self, doc: Disclosure, answer: Answer) -> None:
        """An answer quoting a figure that the disclosure's own arithmetic contradicts says so."""
        if answer.refused or not answer.figures:
            return
        findings = self.audit_of(doc, answer.question)
        seen, added = set(answer.notes), []
        for citation in answer.citations:
            for finding in findings_for(findings, citation.line):
                if finding.explanation not in seen:
                    seen.add(finding.explanation)
                    added.append(f"注意：公开文件自身在此处不一致——{finding.explanation}（{finding.expression}）")
        added += other_printings(doc, answer, findings)
        if added:
            answer.notes += added
            answer.answer += " " + " ".join(added)

    def phrase(self, turn: Turn) -> Turn:
        try:
            turn.answer = rephrase(turn.answer, self.llm)
        except Exception as exc:  # the deterministic wording stands
            failures.record(turn.question, "phrase", exc, turn.answer.doc)
        return turn


def other_printings(doc: Disclosure, answer: Answer, findings) -> list[str]:
    """A row the answer states that another table prints with a different figure (within rounding or not): the
    other printing is stated beside it and cited, so the reader sees both rather than one chosen silently."""
    units = {t.title: t.unit for t in doc.tables}
    cited = {(c.table, c.line) for c in answer.citations}
    notes = []
    for finding in findings:
        if finding.check != "cross_table" or finding.status == "exact" or len(finding.citations) != 2 \
                or compact(finding.citations[0].row) != compact(finding.citations[1].row):
            continue
        for ours, other in (finding.citations, finding.citations[::-1]):
            if (ours.table, ours.line) not in cited or (other.table, other.line) in cited \
                    or units.get(ours.table) != units.get(other.table):
                continue
            at = next((i for i, f in enumerate(answer.figures) if f.value in (finding.actual, finding.expected)
                       and compact(f.label).endswith(compact(label_key(ours.row)))), None)
            if at is None:
                continue
            value = finding.expected if answer.figures[at].value == finding.actual else finding.actual
            unit = answer.figures[at].unit
            answer.figures.insert(at + 1, Figure(value, unit, f"{other.row}（{other.table}）"))
            answer.citations.append(other)
            notes.append(f"另：{other.table}第{other.line}行的{other.row}印为{money(value, unit)}，"
                         f"与此处相差{money(abs(value - answer.figures[at].value), unit)}。")
    return notes


def picked_documents(documents: list[Disclosure], picked: str) -> list[Disclosure]:
    """The documents a picker's value names: an id, or a department (its exact name — the picker's "all of this
    department" —, else a full or short name)."""
    if not picked:
        return []
    by_id = [d for d in documents if d.id == picked]
    return by_id or [d for d in documents if d.department == picked] or named_documents(documents, picked)


def which_one(question: str, documents: list[Disclosure]) -> Answer:
    """"Which document?": naming each when few; when many, how many from which places and how to name one (a
    list of hundreds helps nobody)."""
    if len(documents) <= LISTED:
        names = "；".join(f"{d.department}{d.year}年{d.kind}{'（本级）' if d.scope == '本级' and '本级' not in d.department else ''}"
                         for d in documents)
        return Answer(question, f"已载入多份公开文件，请说明是哪一份：{names}。", intent="clarify")
    places = list(dict.fromkeys(region_of(d) for d in documents if region_of(d)))
    shown = "、".join(places[:LISTED]) + ("等地" if len(places) > LISTED else "")
    return Answer(question, f"已载入多份公开文件，请说明是哪一份：共{len(documents)}份，来自{shown}；"
                            "请回复部门名称（可用简称，可加城市），或年度、预算/决算。", intent="clarify")


def add_nearest_sources(answer: Answer, hits) -> None:
    """A refusal points at the nearest passages, so the reader can look for themselves."""
    lines = []
    for hit in hits[:3]:
        meta = hit.metadata
        kinds = {"glossary": "名词解释", "org": "机构设置", "paragraph": "情况说明"}
        title = meta.get("table_title") or meta.get("project") or meta.get("term") or meta.get("section") \
            or kinds.get(meta.get("kind", ""), "公开文件")
        lines.append(f"{title}（第{meta.get('line_start', '?')}行）")
    if lines:
        answer.answer += " 最相关的公开内容：" + "；".join(lines) + "。"
