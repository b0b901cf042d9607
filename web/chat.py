"""A conversation turn through qa.Pipeline with the conversation's own follow-up context (never the shared
`pipeline.context`), scoped to the document the visitor picked, and the chat's turn records from which the
history is (re)rendered in either mode."""
from __future__ import annotations

from dataclasses import dataclass

from qa.answer import Answer
from web.session import Conversation


def converse(pipeline, question: str, conversation: Conversation, doc: str = "") -> Answer:
    """Answer `question` within `doc` ("" = every document) as the next turn of `conversation`, which it
    updates. A reply to "which document?" that names one answers the question that was waiting, in that document
    (qa.pipeline.Pipeline.exchange)."""
    turn = pipeline.exchange(question, conversation.context, doc=doc, waiting=conversation.pending,
                             among=conversation.among)
    conversation.pending, conversation.among = turn.waiting, turn.among
    if turn.context is not None or turn.answer.intent != "clarify":
        conversation.context = turn.context
    conversation.doc = doc
    return turn.answer


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
