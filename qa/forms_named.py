"""The project forms (项目支出绩效目标表…) a question names, by their project and implementing unit."""
from __future__ import annotations

import re
from difflib import SequenceMatcher

from corpus.model import Disclosure, ProjectForm
from corpus.text import label_key
from corpus.units import unit_kinds
from qa.table_hints import question_key


def find_forms(doc: Disclosure, text: str) -> list[ProjectForm]:
    """Forms whose project the question names, narrowed by the implementing unit when it names one."""
    q = question_key(text)
    bare = q.replace(doc.department, "|") if doc.department else q  # the department's name is in many projects
    scored = [(overlap(bare, label_key(f.project, doc.department)), f) for f in doc.forms]
    scored = [(n, f) for n, f in scored if n == len(label_key(f.project, doc.department))
              or n >= 5 and n * 3 >= 2 * len(label_key(f.project, doc.department)) or n >= 7]
    if not scored:
        return []
    best = max(n for n, _ in scored)
    named = [f for n, f in scored if n == best]
    by_unit = [f for f in named if unit_named(f.implementing_unit, q, doc.department)]
    return by_unit or named


def overlap(q: str, key: str) -> int:
    """Length of the longest run of the name that the question contains (names are often shortened; a
    bracketed qualifier left out entirely counts as the whole name)."""
    if key and key in q:
        return len(key)
    core = re.sub(r"[（(][^）)]*[)）]", "", key)
    if core != key and len(core) >= 4 and core in q:
        return len(key) - 1  # below the full name, so the exact form wins
    match = SequenceMatcher(None, q, key, autojunk=False).find_longest_match(0, len(q), 0, len(key))
    return match.size


def unit_named(unit: str, q: str, department: str) -> bool:
    key = label_key(unit, department)
    if key == department or unit == department:
        # the department itself is named only when no other unit of it is
        kinds = "|".join(unit_kinds())
        return department in q and not re.search(re.escape(department) + rf"[\u4e00-\u9fff]{{2,}}(?:{kinds}|所)", q)
    return bool(key) and key in q
