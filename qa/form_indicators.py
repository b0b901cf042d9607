"""Which of a project form's performance indicators (绩效指标) a question names."""
from __future__ import annotations

import re

from corpus.model import Indicator, ProjectForm
from corpus.text import compact, is_subsequence, label_key

INDICATOR_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*([^\d\s,，。]{0,4})")  # a figure in an indicator's value, its unit


def indicator_asked(form: ProjectForm, indicators: list[Indicator], q: str) -> Indicator | None:
    """The indicator the question names: by its whole name before one named by a part of it, and never by words
    that are the project's own name ('车辆购置…' in a question about 某车辆购置项目)."""
    project = label_key(form.project)
    rest = q.replace(compact(form.project), "|").replace(project, "|") if len(project) >= 2 else q
    named = [i for i in indicators if indicator_named(i.level3, rest)
             and not (compact(i.level3) in project and q.count(compact(i.level3)) <= project.count(compact(i.level3)))]
    return next((i for i in named if compact(i.level3) in rest), named[0] if named else None)


def indicator_named(level3: str, q: str) -> bool:
    """An indicator is named by its name, by its first four characters (names are often cut off), or with
    a word or two put in between ('按标准支付' in '按哪种标准支付')."""
    name = compact(level3)
    if len(name) < 2:
        return False
    if name in q or (len(name) >= 5 and name[:4] in q):
        return True
    return len(name) >= 4 and any(is_subsequence(name, q[i:i + len(name) + 3])
                                  for i in range(len(q)) if q[i] == name[0])
