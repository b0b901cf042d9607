"""Everyday words for what the genre's tables measure, keyed to the national standard (qa/lexicon.json): 科目 items
by their code, columns by their meaning (stage, part of spending, kind of fund).

    >>> items_named("出差的钱用掉多少")
    [('30211', '出差的钱')]
    >>> columns_named("基本支出中的人头费多少")
    [('part', '基本支出', '基本支出'), ('part', '人员经费', '人头费')]
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from corpus.classification import standard_name

LEXICON = Path(__file__).with_name("lexicon.json")


@lru_cache(maxsize=1)
def lexicon() -> dict:
    return json.loads(LEXICON.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def synonyms() -> dict[str, str]:
    """Word → how the disclosures print what it means (qa.understand writes it so)."""
    data = lexicon()
    pairs = {}
    for entry in list(data["items"].values()) + [m for kind in data["columns"].values() for m in kind.values()]:
        for say, words in entry.items():
            pairs.update({word: say for word in words})
    return pairs


@lru_cache(maxsize=1)
def _item_words() -> list[tuple[str, str]]:
    """(word, code), the printed forms first and longest first: the longest word a question holds names its item."""
    words = [(say, code) for code, entry in lexicon()["items"].items() for say in entry]
    words += [(standard_name(code), code) for code in lexicon()["items"]]
    words += [(w, code) for code, entry in lexicon()["items"].items() for ws in entry.values() for w in ws]
    return sorted(set(words), key=lambda pair: -len(pair[0]))


def items_named(text: str) -> list[tuple[str, str]]:
    """(code, words) of every lexicon item the text names, in order of the words' place; a word inside a longer one
    that named an item is not read again."""
    found, taken = [], []
    for word, code in _item_words():
        at = text.find(word)
        if at < 0 or any(a <= at < b or a < at + len(word) <= b for a, b in taken):
            continue
        taken.append((at, at + len(word)))
        found.append((at, code, word))
    return [(code, word) for _, code, word in sorted(found)]


def columns_named(text: str) -> list[tuple[str, str, str]]:
    """(kind, meaning, words) for each column word the text holds (kind: stage, part or fund), in order of place; a
    word inside a longer one is not read again."""
    words = sorted(((w, kind, meaning) for kind, meanings in lexicon()["columns"].items()
                    for meaning, entry in meanings.items() for say, ws in entry.items() for w in {meaning, say, *ws}),
                   key=lambda triple: -len(triple[0]))
    found, taken = [], []
    for word, kind, meaning in words:
        at = text.find(word)
        if at < 0 or any(a <= at < b or a < at + len(word) <= b for a, b in taken):
            continue
        taken.append((at, at + len(word)))
        found.append((at, kind, meaning, word))
    return [(kind, meaning, word) for _, kind, meaning, word in sorted(found)]
