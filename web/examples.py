"""Example questions drawn from the loaded documents themselves — their own table rows, 名词解释 terms and
projects — and kept only when the desk answers them (asked through the pipeline, scoped to the document).
Nothing here names a department, a row or a figure: a document brings its own examples.

    >>> from qa.pipeline import Pipeline
    >>> pipeline = Pipeline.load(retrieval=False)
    >>> examples_for(pipeline, pipeline.documents[0])[0]
    '行政运行是多少？'
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterator

from corpus.model import Disclosure, Row, Table
from corpus.text import compact
from qa.scope import department_aliases

LIMIT = 5
_PLAIN_LABEL = re.compile(r"^[\u4e00-\u9fff（）()“”]{2,16}$")
_GENERIC = re.compile(r"合计|小计|总计|其中|收入|支出$|^其他|结转|结余|资金$|预算$|拨款$")
_QUOTES = str.maketrans("", "", "“”\"'‘’「」『』")


def examples_for(pipeline, doc: Disclosure, limit: int = LIMIT) -> list[str]:
    """Up to `limit` questions about `doc` that the pipeline answers within it."""
    return answered(pipeline, candidates(doc), doc.id, limit)


def examples_across(pipeline, documents: list[Disclosure], limit: int = LIMIT) -> list[str]:
    """For the "all documents" choice: a question naming each document (so it scopes itself), then one that
    compares the departments on a row they all print."""
    found = []
    for doc in documents:
        if len(found) >= limit:
            break
        name = short_name(doc, documents)
        # a term's meaning ('什么是基本支出？') is no question of one department's: it would name none
        for question in [q for q in examples_for(pipeline, doc) if not q.startswith("什么是")][:2]:
            named = f"{name}的{question}"
            if answered(pipeline, [named], "", 1):
                found.append(named)
                break
    departments = {d.department for d in documents}
    if len(departments) >= 2:
        shared = set.intersection(*({label for _, r in rows(d) for label in [r.label]} for d in documents))
        for label in sorted(shared, key=lambda s: (-len(s), s))[:3]:
            question = f"这几个部门里谁的{label}最高？"
            if answered(pipeline, [question], "", 1, intent="ranking"):
                found.append(question)
                break
    return found[:limit]


def answered(pipeline, questions, doc_id: str, limit: int, intent: str = "") -> list[str]:
    kept = []
    for question in dict.fromkeys(questions):
        answer = pipeline.ask(question, keep_context=False, doc=doc_id)
        if not answer.refused and answer.intent != "clarify" and (answer.figures or answer.citations) \
                and (not intent or answer.intent == intent):
            kept.append(question)
            if len(kept) >= limit:
                break
    return kept


def short_name(doc: Disclosure, documents: list[Disclosure]) -> str:
    """The department's shortest name, with the year when the desk holds several of its documents."""
    name = department_aliases(doc.department)[-1] if department_aliases(doc.department) else doc.department
    same = [d for d in documents if d.department == doc.department]
    return f"{name}{doc.year}年" if len(same) > 1 and doc.year else name


# ---------------------------------------------------------------------------------- candidates

def candidates(doc: Disclosure) -> Iterator[str]:
    """Questions in the order they are tried, one of each kind in turn: a classified row, a label printed on
    several rows (a project run by several units), a term the disclosure explains, a project's funds, a share."""
    kinds = [row_questions(doc), [f"所有{label}加起来多少？" for label in repeated_labels(doc)[:2]],
             term_questions(doc), [f"{form.project}的年度资金是多少？" for form in doc.forms[:2]],
             share_questions(doc)]
    for i in range(max(map(len, kinds))):
        for questions in kinds:
            if i < len(questions):
                yield questions[i]


def row_questions(doc: Disclosure) -> list[str]:
    """The innermost rows first (a row no other row hangs under), classified ones first, larger first."""
    found = list(rows(doc))
    parents = {r.parent for _, r in found if r.parent}
    ranked = sorted(found, key=lambda tr: (tr[1].label in parents, tr[1].code is None, -largest(tr[1])))
    return list(dict.fromkeys(f"{r.label}是多少？" for _, r in ranked))[:3]


def term_questions(doc: Disclosure) -> list[str]:
    """名词解释 terms, those a table title uses first."""
    terms = [compact(e.term).translate(_QUOTES) for e in doc.glossary]
    used = compact("".join(t.title for t in doc.tables)).translate(_QUOTES)
    terms = [t for t in dict.fromkeys(terms) if 2 <= len(t) <= 10]
    return [f"什么是{t}？" for t in sorted(terms, key=lambda t: t not in used)][:2]


def share_questions(doc: Disclosure) -> list[str]:
    columns = {c.split("/")[-1] for t in doc.tables for c in t.columns}
    return [f"{c}占比多少？" for c in sorted(c for c in columns if c.endswith("支出") and 4 <= len(c) <= 6)][:2]


def rows(doc: Disclosure) -> Iterator[tuple[Table, Row]]:
    """Rows with a plain name of their own and a printed amount (no totals, no catch-all lines)."""
    for table in doc.tables:
        if table.horizontal or table.empty:
            continue
        for row in table.rows:
            if _PLAIN_LABEL.match(row.label or "") and not _GENERIC.search(row.label) and not row.is_total \
                    and largest(row) > 0:
                yield table, row


def largest(row: Row) -> Decimal:
    return max((c.value for c in row.cells if isinstance(c.value, Decimal)), default=Decimal(0))


def repeated_labels(doc: Disclosure) -> list[str]:
    """Labels printed on several rows of one table, most rows first."""
    counts: dict[str, int] = {}
    for table in doc.tables:
        seen: dict[str, int] = {}
        for row in table.rows:
            if row.label and row.code is None and not row.is_total and largest(row) > 0 \
                    and len(compact(row.label)) >= 4:
                seen[row.label] = seen.get(row.label, 0) + 1
        for label, n in seen.items():
            if n >= 2:
                counts[label] = max(counts.get(label, 0), n)
    return sorted(counts, key=lambda k: (-counts[k], k))
