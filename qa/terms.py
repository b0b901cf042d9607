"""The document's own terms, and everyday words written as them: the vocabulary's and the lexicon's synonyms, each
fired only where the document uses its target, a word the document prints as a label of its own kept as it is."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from corpus.metadata import NAME_END
from corpus.text import replace_longest, substrings
from qa.lexicon import synonyms as lexicon_synonyms

VOCABULARY = Path(__file__).with_name("vocabulary.json")


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    return json.loads(VOCABULARY.read_text(encoding="utf-8"))


def map_terms(text: str, department: str, protected: frozenset[str] = frozenset(), known: str = "") -> str:
    """One pass, longest first; a disclosure term already present (a target, or one of the document's own
    labels in `protected`) is kept as it is. With `known` (the document's labels), a synonym whose target the
    document does not use is left alone: one department's words are not another's."""
    table, longest = terms_table(department, known)
    said = substrings(text, max(longest, longest_of(protected)))
    # a word the document prints as one of its own labels ('公务员医疗补助', a 项) means that row, not a synonym's
    kept = (said & protected) | {word for word in said & table.keys() if word in labels_of(known)}
    # an everyday word starting an organisation's name (医保局, 医保中心) is the organisation's, not the item's; one
    # inside a name the document prints (a project: 医保信息系统…) is that name's
    kept |= {name for word in said & table.keys() for name in re.findall(re.escape(word) + _NAME_END, text)
             if name not in table}
    kept |= {name for word in said & table.keys() - kept if known for name in printed_around(text, word, known)
             if name not in table[word]}  # (the item's own printed name, 因公出国 of 因公出国（境）费, is rewritten)
    return replace_longest(text, {**table, **{word: word for word in kept}})


_NAME_END = "(?:中心|[" + NAME_END + "])"


def printed_around(text: str, word: str, known: str) -> list[str]:
    """The word with two characters beside it, where the document prints them so: the word is part of a name."""
    found = []
    for at in (m.start() for m in re.finditer(re.escape(word), text)):
        spans = (text[max(at - 2, 0):at + len(word)], text[at:at + len(word) + 2])
        found += [s for s in spans if len(s) == len(word) + 2 and re.fullmatch(r"[\u4e00-\u9fff]+", s) and s in known]
    return found


@lru_cache(maxsize=256)
def terms_table(department: str, known: str) -> tuple[dict[str, str], int]:
    """Each word the document's questions are rewritten from, and what to: a synonym to its target (the first of its
    targets the document uses), a target and the department's name to themselves; and the longest synonym."""
    synonyms = {}
    for word, targets in {**lexicon_synonyms(), **vocabulary()["synonyms"]}.items():
        fitting = [t for t in ([targets] if isinstance(targets, str) else targets) if fits(t, department, known)]
        if fitting:
            synonyms[word] = fitting[0]
    targets = {v for v in synonyms.values() if "{" not in v}
    table = {**{t: t for t in targets}, **{k: v.replace("{department}", department) for k, v in synonyms.items()
                                          if k not in targets}}
    if department:
        table[department] = department
    return table, max(map(len, synonyms), default=0)


@lru_cache(maxsize=16)
def longest_of(words: frozenset[str]) -> int:
    """The longest of the words (the pipeline's labels: read once, not for every question)."""
    return max(map(len, words), default=0)


@lru_cache(maxsize=64)
def labels_of(known: str) -> frozenset[str]:
    return frozenset(known.split("\n"))


def fits(target: str, department: str, known: str) -> bool:
    """Whether a synonym may be written as `target`. A target naming the department itself ({department}本级) is the
    department's in every document, and in none before the document is known ('…局本级' keeps its 局); of several
    targets, the first the document uses ('总支出' is 本年支出合计 in a 决算, 支出总计 in a budget)."""
    if "{department}" in target:
        return bool(department)
    return not known or uses_term(known, target)


def document_terms(doc) -> str:
    """The words a document uses for its own items (row labels, column paths, table titles, projects, units,
    glossary terms), one a line: what a synonym's target must be among to fire for it."""
    terms = [doc.department]
    for table in doc.tables:
        terms += [table.title, *table.columns, *(row.label for row in table.rows)]
    terms += [f.project for f in doc.forms] + [f.implementing_unit for f in doc.forms]
    terms += [u.name for u in doc.org_units] + [g.term for g in doc.glossary]
    return "\n".join(t for t in terms if t)


def uses_term(known: str, term: str) -> bool:
    """The document's labels contain the term, or each of its words (决算数占预算数的比例: 决算数, 预算数)."""
    words = [w for w in re.split(r"[的占之比例（）()“”、]", term) if len(w) >= 2]
    return term in known or bool(words) and all(w in known for w in words)
