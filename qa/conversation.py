"""A conversation's turns around the chain: "which document?" asked when a question fits several, and the reply that
names one answered as the question it was waiting for."""
from __future__ import annotations

import time
from dataclasses import dataclass

from corpus.model import Disclosure
from qa import failures
from qa.answer import Answer
from qa.follow_up import Context
from qa.scope import region_of, reply_names

LISTED = 8  # "which document?" names the documents when at most this many fit; else it says how to name one


@dataclass
class Exchange:
    """One turn of a conversation: the answer, the follow-up context after it, and the question still waiting
    for a reply to "which document?" ("" when none is)."""

    answer: Answer
    context: Context | None
    waiting: str = ""
    among: tuple[str, ...] = ()  # the documents (ids) a reply narrowed "which one?" to, asked again among them


class Conversation:
    """Turns kept by the caller (e.g. per web session) over a chain that answers one question: `converse` answers
    it, `candidates_of` says which documents "which one?" was asked among."""

    documents: list[Disclosure]

    def converse(self, question: str, context: Context | None, doc: str = "") -> tuple[Answer, Context | None]:
        raise NotImplementedError

    def candidates_of(self, question: str, context: Context | None, doc: str = "") -> list[Disclosure]:
        raise NotImplementedError

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
            return self.candidates_of(question, context, doc)
        except Exception as exc:  # the reply is then answered as a question of its own
            failures.record(question, "which_documents", exc, doc)
            return []


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
