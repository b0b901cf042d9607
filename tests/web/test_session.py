"""Conversations kept between API requests, bounded."""
from web.session import Conversation, SessionStore


def test_a_session_keeps_its_conversation():
    store = SessionStore()
    store.get("a").doc = "x"
    assert store.get("a").doc == "x" and store.get("b") == Conversation(used=store.get("b").used)


def test_the_least_recently_used_conversation_goes_first():
    store = SessionStore(limit=2)
    store.get("a").doc = "a"
    store.get("b").doc = "b"
    store.get("a")  # used again: b is now the oldest
    store.get("c")
    assert len(store) == 2 and store.get("a").doc == "a" and store.get("b").doc == ""


def test_an_idle_conversation_is_forgotten():
    store = SessionStore(ttl=0)
    store.get("a").doc = "a"
    assert store.get("a").doc == ""
