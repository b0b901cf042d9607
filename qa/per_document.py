"""What a question reads of its document's whole (its units' names, the qualifiers its rows print), computed once
per document rather than once per question: the sweeps ask thousands of questions of forty documents loaded."""
from __future__ import annotations

from collections.abc import Callable

from corpus.model import Disclosure

_READ: dict[tuple[str, str], tuple[Disclosure, frozenset]] = {}


def per_document(read: Callable[[Disclosure], set[str]]) -> Callable[[Disclosure], frozenset[str]]:
    """`read(doc)` once for each document object (one loaded again under the same id is read again)."""
    def once(doc: Disclosure) -> frozenset[str]:
        key = (read.__qualname__, doc.id)
        if (found := _READ.get(key)) is None or found[0] is not doc:
            found = _READ[key] = (doc, frozenset(read(doc)))
        return found[1]
    once.__doc__, once.__name__ = read.__doc__, read.__name__
    return once
