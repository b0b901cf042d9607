"""Conversations kept between requests: the enquiry desk's systems name a conversation by any `session` string,
and its follow-up context (the document, the rows and the measure of the last answer) waits here for the next
question. Bounded: the least recently used conversation is dropped when `limit` is reached, and one left alone
for `ttl` seconds is forgotten.

    >>> store = SessionStore(limit=2)
    >>> store.get("a").doc = "wanli-2025"
    >>> store.get("a").doc, store.get("b").doc, len(store)
    ('wanli-2025', '', 2)
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from qa.answerer import Context

MAX_SESSION_CHARS = 200  # a longer session string is refused: it is a key, not a payload


@dataclass
class Conversation:
    """One conversation: what the next question may follow up on."""

    context: Context | None = None  # the pipeline's follow-up context after the last answer
    doc: str = ""  # the document the conversation is scoped to ("" = all documents)
    pending: str = ""  # a question answered with "which document?", waiting for the reply that names one
    among: tuple[str, ...] = ()  # the documents a reply narrowed "which document?" to
    used: float = field(default_factory=time.monotonic)


class SessionStore:
    """Conversations by session string, least recently used first out."""

    def __init__(self, limit: int = 1000, ttl: float = 3600.0):
        self.limit = limit
        self.ttl = ttl
        self._items: OrderedDict[str, Conversation] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, session: str) -> Conversation:
        """The conversation of `session`, new when unknown or expired."""
        now = time.monotonic()
        with self._lock:
            conversation = self._items.pop(session, None)
            if conversation is None or now - conversation.used > self.ttl:
                conversation = Conversation()
            conversation.used = now
            self._items[session] = conversation
            while len(self._items) > self.limit:
                self._items.popitem(last=False)
            return conversation

    def __len__(self) -> int:
        return len(self._items)
