"""A conversation turn through qa.Pipeline with the conversation's own follow-up context (never the shared
`pipeline.context`), scoped to the document the visitor picked, and the chat's turn records from which the
history is (re)rendered in either mode."""
from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.text import compact

from qa.answer import Answer
from qa.scope import department_aliases
from web.session import Conversation

_NAMING = re.compile(r"(?:20\d\d年?度?|部门|预算|决算|公开文件|那|的|呢|是|吧|啊|这份|那份|[，。？！?!,.、：:\s])")


def converse(pipeline, question: str, conversation: Conversation, doc: str = "") -> Answer:
    """Answer `question` within `doc` ("" = every document) as the next turn of `conversation`, which it
    updates. A reply to "which document?" that names one and asks nothing of its own answers the question that
    was waiting, in that document."""
    answer, context = pipeline.converse(question, conversation.context, doc=doc)
    chosen = next((d for d in pipeline.documents if d.id == answer.doc), None)
    if conversation.pending and chosen is not None and only_names(question, chosen):
        answer, context = pipeline.converse(conversation.pending, None, doc=chosen.id)
    conversation.pending = question if answer.intent == "clarify" else ""
    if context is not None or answer.intent != "clarify":
        conversation.context = context
    conversation.doc = doc
    return answer


def only_names(text: str, doc) -> bool:
    """`text` says which document (its department, year or kind) and nothing else: '新桥街道2025年的'."""
    rest = compact(text)
    for alias in department_aliases(doc.department) + [doc.department]:
        rest = rest.replace(alias, "")
    rest = _NAMING.sub("", rest)
    return not rest


@dataclass
class ChatTurn:
    """One exchange as the chat shows it: an answer from the pipeline, or a chart drawn on request."""

    question: str
    answer: Answer | None = None
    chart: str | None = None  # chart key
    doc_id: str = ""
    log_id: int | None = None
    feedback_id: int | None = None  # the feedback row this turn's 👍/👎 wrote, updated by the form
    scope: str = ""  # the document the visitor had picked when asking ("" = all)
