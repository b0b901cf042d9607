"""Which loaded document(s) a question is about: named by department (or a short form of its name), by
year, or — for follow-ups — the previous turn's; several when it compares years or departments.

    >>> department_aliases("上海市普陀区人民政府万里街道办事处")[-1]
    '万里街道'
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.model import Disclosure
from corpus.text import compact

_REGION = re.compile(r"^[\u4e00-\u9fff]{1,6}?(省|自治区|市|区|县|旗)")
_GOVERNMENT = re.compile(r"^人民政府")
_ACROSS_DEPARTMENTS = re.compile(r"各部门|这几个部门|哪个部门|几个部门|所有部门|各单位之间|部门之间")
_COMPARE = re.compile(r"比|相比|变化|增减|增加|减少|增长|下降|相差|差多少|谁|哪个|哪年|哪一年")


@dataclass
class Scope:
    documents: list[Disclosure]
    across: bool = False  # the question compares the documents (years of one department, or departments)
    ambiguous: bool = False


def department_aliases(name: str) -> list[str]:
    """The department's name and its shorter forms, without region prefixes or an 办事处 suffix."""
    aliases = [name]
    rest = name
    while True:
        shorter = _GOVERNMENT.sub("", _REGION.sub("", rest, count=1))
        if shorter == rest or len(shorter) < 2:
            break
        rest = shorter
        aliases.append(rest)
    for alias in list(aliases):
        trimmed = re.sub(r"办事处$", "", alias)
        if trimmed != alias and len(trimmed) >= 3:
            aliases.append(trimmed)
    return [a for a in dict.fromkeys(aliases) if len(a) >= 3]


def named_documents(documents: list[Disclosure], text: str) -> list[Disclosure]:
    """Documents whose department the question names (by its full name or a short form)."""
    q = compact(text)
    scored = []
    for doc in documents:
        hits = [a for a in department_aliases(doc.department) if a in q]
        if hits:
            scored.append((max(len(h) for h in hits), doc))
    if not scored:
        return []
    return [d for _, d in scored]


def choose_scope(documents: list[Disclosure], text: str, years: list[int], previous_doc: str = "",
                 default_doc: str = "", compare: bool = True) -> Scope:
    """`compare=False` (a 'why' question): '2025年…为什么比2024年少' is about the 2025 document, whose text
    explains the change."""
    if len(documents) <= 1:
        return Scope(documents)
    if not compare and len(years) >= 2:
        years = [y for y in years if not re.search(rf"(?:比|较|与|和){y}", compact(text))] or years
    named = named_documents(documents, text)
    departments = {d.department for d in named}
    dated = [d for d in (named or documents) if d.year in years]
    if len(years) >= 2 and len(dated) >= 2 and len({d.department for d in dated}) == 1 and _COMPARE.search(text):
        return Scope(sorted(dated, key=lambda d: d.year), across=True)
    if _ACROSS_DEPARTMENTS.search(text) or len(departments) >= 2 and _COMPARE.search(text):
        pool = dated or named or documents
        latest = {}
        for doc in pool:  # one document per department: the latest year unless a year is named
            if doc.department not in latest or (doc.year or 0) > (latest[doc.department].year or 0):
                latest[doc.department] = doc
        return Scope(list(latest.values()), across=len(latest) >= 2)
    candidates = dated or named
    if years and not dated and named:
        return Scope(named[:1])  # the department is loaded, the year is not: the answer will say so
    if not candidates:
        candidates = [d for d in documents if d.id in (previous_doc, default_doc)] or documents
    if len(candidates) > 1:
        preferred = [d for d in candidates if d.id == previous_doc] or [d for d in candidates if d.id == default_doc]
        if preferred:
            return Scope(preferred[:1])
        return Scope(candidates, ambiguous=True)
    return Scope(candidates)
