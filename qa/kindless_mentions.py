"""A department named by its place and what it is, its kind left off ('杭州公安' for 杭州市公安局, '泉州公安'): the way
people name a bureau in passing, read only where nothing names another body there (杭州公安分局 is not the bureau).

    >>> forms = (("杭州市公安局", "公安"),)
    >>> kindless_mention("杭州公安的项目支出", forms), kindless_mention("杭州公安分局的预算", forms)
    ('杭州公安', '')
    >>> kindless_mention("公安的项目支出", forms)
    ''
"""
from __future__ import annotations

from corpus.metadata import NAME_END
from corpus.text import occurrences

_NAMES_GO_ON = NAME_END + "分支总中"  # what after the core would make it another body's name


def kindless_mention(q: str, forms: tuple[tuple[str, str], ...]) -> str:
    """The words naming the department by two or more characters of its place and its whole core, or ''."""
    for name, core in forms:
        place = name[:name.rfind(core)] if len(core) >= 2 and core in name else ""
        for at in occurrences(q, core) if place else ():
            if q[at + len(core):at + len(core) + 1] in tuple(_NAMES_GO_ON):
                continue
            start, position = at, len(place)
            while start > 0 and (found := place.rfind(q[start - 1], 0, position)) >= 0:
                start, position = start - 1, found
            if at - start >= 2:
                return q[start:at + len(core)]
    return ""
