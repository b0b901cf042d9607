"""From an understood question and its document to an Answer: the routes resolve it, the retrieval gate may answer
what no route tied to an item, the guards refuse an answer to another question, and the figure is stated in the
unit asked."""
from __future__ import annotations

from corpus.model import Disclosure
from corpus.text import looks_tabular
from qa import candidates, compute, failures
from qa.answer import NOT_IN_DISCLOSURE, UNRESOLVED, Answer, Figure, refuse, unresolved
from qa.cell_answers import answer_cell
from qa.follow_up import Context, merge_follow_up
from qa.guards import GUARDS
from qa.out_of_scope import scope_refusal
from qa.quotes import SENTENCE_END, answer_with_sentences
from qa.routes import ROUTES, Asked
from qa.statements import money
from qa.query import asks_last_year
from qa.understand import LEFT_OUT, Query


def answer_query(doc: Disclosure, query: Query, context: Context | None = None,
                 find_candidates=None) -> tuple[Answer, Context]:
    """`find_candidates(doc, text) -> hits`: the search index's nearest chunks of the document; consulted only when
    no rule tied the question to an item (qa.candidates gates them)."""
    ans, new_context = resolve_answer(doc, query, context)
    if ans.refused and ans.basis == UNRESOLVED and find_candidates is not None:
        try:
            ans = answer_from_candidates(doc, query, find_candidates(doc, query.text), ans)
        except Exception as exc:  # the rules' refusal stands
            failures.record(query.question, "retrieval candidates", exc, doc.id)
    if not ans.refused and ans.figures:
        for guard in GUARDS:
            try:
                refusal = guard(doc, query, ans)
            except Exception as exc:  # an answer a guard could not check is not given
                failures.record(query.question, f"guard {guard.__name__}", exc, doc.id)
                return failures.error_answer(query.question, exc, doc.id), new_context
            if refusal is not None:
                return (refusal if isinstance(refusal, Answer) else refuse(ans, f"{NOT_IN_DISCLOSURE}：{refusal}")), \
                    new_context
    if query.wants_unit and not ans.refused:
        state_in_unit_asked(ans, query.wants_unit)
    return ans, new_context


def state_in_unit_asked(ans: Answer, unit: str) -> None:
    """'…多少万元' answered from a table in 元: the figure is also stated in 万元, rounded to 0.01 as the
    disclosures print it, with the conversion as a check. 万元 is never turned into 元 (it would invent digits)."""
    amounts = [f for f in ans.figures if f.unit in ("元", "万元")]
    if not amounts or any(f.unit == unit for f in amounts):
        return
    figure = amounts[0]
    if unit == "万元":
        converted = compute.to_unit(figure.value, figure.unit, unit)
        if isinstance(converted, compute.Uncomputable):
            ans.answer += f"（{converted.message}。）"
            return
        value, check = converted
        ans.checks.append(check)
        ans.figures.insert(0, Figure(value, unit, figure.label))
        ans.answer += f"（折合 {money(value, unit)}：{check.expression}）"
    else:
        ans.answer += "（公开文件中这个数以万元列示，无法精确到元。）"


def resolve_answer(doc: Disclosure, query: Query, context: Context | None) -> tuple[Answer, Context]:
    text = query.text
    if asks_last_year(doc, query):
        query.intent = "previous"
    if context and query.follow_up:
        text = merge_follow_up(doc, text, context)
    if query.intent not in ("ranking", "list", "count"):  # those leave the items out (qa.items); here they name none
        text = LEFT_OUT.sub("", text)
    asked = Asked(doc, query, text, Answer(question=query.question, answer="", intent=query.intent, doc=doc.id))
    refusal = scope_refusal(doc, query)
    if refusal:
        return refuse(asked.ans, refusal), asked.context
    failed = None  # the first failure: when no later route answers, the refusal says the question could not be answered
    for route in ROUTES:
        try:
            if route.reads_rows and asked.matches is None:
                asked.matches = []  # read once: rows that cannot be read are none, not a failure per route
                asked.read_rows()
            if route.applies(asked) and route.answer(asked):
                asked.ans.route = route.name
                return asked.ans, asked.context
        except Exception as exc:  # logged; nothing the route wrote carries on, and the next route is tried
            failures.record(query.question, route.name, exc, doc.id)
            failed = failed or exc
            asked.ans = Answer(question=query.question, answer="", intent=query.intent, doc=doc.id)
    if failed is not None:
        ans = failures.error_answer(query.question, failed, doc.id)
        ans.basis = UNRESOLVED  # the retrieval gate may still answer it
        return ans, asked.context
    return unresolved(asked.ans, f"{NOT_IN_DISCLOSURE}：{doc.department}{doc.year}年{doc.kind}公开文件中找不到与问题对应的项目。"), \
        asked.context


def answer_from_candidates(doc: Disclosure, query: Query, hits, refusal: Answer) -> Answer:
    """The first of the retrieved rows or sentences that the gate (qa.candidates) lets through, answered like a
    resolved one; else the refusal."""
    if query.intent not in ("lookup", "count"):
        return refusal
    text = query.text

    def blank() -> Answer:
        return Answer(question=query.question, answer="", intent=query.intent, doc=doc.id, answered_by="retrieval")

    found, ans = candidates.best_row(doc, text, hits), blank()
    if found and answer_cell(text, found.table, found.row, ans, found.column):
        return ans
    ans = blank()  # a cell not answered may have left citations behind
    subject = candidates.subject_words(text, doc.department)
    for hit in hits:
        meta = hit.metadata
        if meta.get("kind") != "paragraph":
            continue
        first = meta.get("paragraph_index", -1)
        for para in doc.paragraphs[first:first + int(meta.get("paragraphs", 1))] if isinstance(first, int) else ():
            if looks_tabular(para.text):  # a table's rows read as text: no sentence to quote
                continue
            for sentence in SENTENCE_END.split(para.text):
                if candidates.sentence_names_subject(subject, sentence) and \
                        answer_with_sentences(doc, [(0, para.source.line, para, sentence.strip())], ans, question=text):
                    return ans
    return refusal
