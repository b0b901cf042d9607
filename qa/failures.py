"""What happens when answering a question fails: the failure is logged (question, step, exception, document) and
the asker gets an honest refusal, never a traceback and never a partial figure.

    >>> ans = error_answer("差旅费用掉多少？", ZeroDivisionError("the whole is zero"), "doc-1")
    >>> ans.refused, ans.answered_by, ans.error, ans.figures
    (True, 'error', 'ZeroDivisionError', [])
"""
from __future__ import annotations

import logging
import traceback
from pathlib import Path

from qa.answer import Answer

log = logging.getLogger("budget_qa.errors")

UNANSWERABLE = "这个问题暂时无法回答"


def record(question: str, step: str, exc: BaseException, doc: str = "") -> None:
    """One line per failure, naming where it was raised; the whole traceback only at DEBUG level."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
    log.error("answering failed: step=%r doc=%r question=%r: %s: %s (at %s)", step, doc, question[:200],
              type(exc).__name__, exc, where)
    log.debug("traceback of the failure above", exc_info=exc)


def error_answer(question: str, exc: BaseException, doc: str = "") -> Answer:
    """The refusal given for a question whose answering failed."""
    return Answer(question=question, answer=f"{UNANSWERABLE}（系统在处理这个问题时出错，已记录）。请换一种问法，或稍后再试。",
                  refused=True, intent="error", doc=doc, answered_by="error", error=type(exc).__name__)
