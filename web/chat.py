"""A conversation turn through qa.Pipeline with the session's own follow-up context (never the shared
`pipeline.context`), and the chat's turn records from which the history is (re)rendered in either mode."""
from __future__ import annotations

import time
from dataclasses import dataclass

from qa.answer import Answer
from qa.answerer import Context


def converse(pipeline, question: str, context: Context | None) -> tuple[Answer, Context | None]:
    """Answer `question` in the conversation whose follow-up context is `context`; return the answer and the
    context for the next turn. Uses `Pipeline.converse` when the pipeline has it; otherwise runs the
    pipeline's own chain (the same steps `Pipeline.ask` runs) so the new context is not lost."""
    own = getattr(pipeline, "converse", None)
    if callable(own):
        return own(question, context)
    from qa.pipeline import Turn

    start = time.perf_counter()
    turn = pipeline.chain.invoke(Turn(question, context))
    turn.answer.latency_ms = (time.perf_counter() - start) * 1000
    return turn.answer, turn.new_context


@dataclass
class ChatTurn:
    """One exchange as the chat shows it: an answer from the pipeline, or a chart drawn on request."""

    question: str
    answer: Answer | None = None
    chart: str | None = None  # chart key
    doc_id: str = ""
    log_id: int | None = None
    feedback_id: int | None = None  # the feedback row this turn's 👍/👎 wrote, updated by the form
