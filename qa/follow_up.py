"""What a follow-up question may reuse from the previous turn, and the follow-up read with it."""
from __future__ import annotations

from dataclasses import dataclass, field

from corpus.model import Disclosure
from qa.columns import column_words_in
from qa.resolve import find_row_matches, is_generic, label_key


@dataclass
class Context:
    """What a follow-up question may reuse from the previous turn."""

    keys: list[str] = field(default_factory=list)
    table: str = ""
    column_words: list[str] = field(default_factory=list)
    doc: str = ""


def merge_follow_up(doc: Disclosure, text: str, context: Context) -> str:
    """A follow-up replaces only what it names. '平城分局呢？' (a row) keeps the previous table and column; '那项目支出呢？'
    (a measure) keeps the previous rows when they have that measure, else asks it on its own; '2024年的呢？' keeps
    the rows and the table."""
    new_keys = [m.key for m in find_row_matches(doc, text) if not is_generic(m.key)]
    if new_keys:
        return text + context.table + "".join(context.column_words)
    words = [w for w in column_words_in(text) if w not in ("合计", "小计")]
    if words:
        rows = [r for t in doc.tables for r in t.rows if label_key(r.label, doc.department) in context.keys]
        if any(all(any(w in c.column for c in r.cells) for w in words) for r in rows):
            return "".join(context.keys) + text
        return text
    return "".join(context.keys) + context.table + "".join(context.column_words) + text
