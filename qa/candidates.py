"""Retrieval feeds resolution: when the rules cannot tie a question to a row or a sentence, the search index's
row and paragraph chunks of the scoped document become candidates, and a deterministic gate decides whether one
answers. A candidate that passes is answered like any other answer (cited cell, checks); none passing leaves the
refusal standing.

The gate, for a table row: the question's subject words (what is left once the department, years, question words,
column and measure words are set aside) are covered by the row's label path, its table title and the column
chosen, and most of them by the row's own label path; the column is of the measure asked (预算/决算/年初预算,
收入 vs 支出, 基本/项目, the fund named). For a sentence: it names the subject asked, and one of its figures is of
the measure asked (qa.headline).

    >>> subject_words("上海市普陀区司法局2026年的水费是多少元？", "上海市普陀区司法局")
    '水费'
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.model import Disclosure, Row, Table
from corpus.text import compact
from qa.columns import COLUMN_WORDS, choose_column, fund_named
from qa.resolve import label_key
from qa.scope import without_department_named
from qa.table_hints import question_key

_QUESTION_WORDS = re.compile(r"我想问的是|我问的是|我说的是|我指的是|我是说|也就是说?|就是|是多少|有多少|多少钱|多少|几个|几项|是什么|哪些|请问|一下|呢|吗|啊|\?|？|。|，|,")
_FILLER = re.compile(r"20\d\d年度?|今年|本年|全年|本部门|单位|部门|预算数?|安排|那个|这个|那项|这项|那一项|这一项|一年|"
                     r"给了|给|花了|花|用了|钱|的|了|是|在|中|里|表|总表|一共|共|元|万|自己|自身|本身")
_MEASURES = (  # words a question uses for a measure, and what the chosen column must then say
    ("年初预算", ("年初预算",)), ("调整预算", ("调整预算",)), ("决算", ("决算",)), ("执行数", ("执行",)),
)
_SIDES = (("收入", "收入"), ("支出", "支出"))
MIN_COVERAGE = 0.8  # of the question's subject pairs, by the row, its table and its column together
MIN_ROW_SHARE = 0.5  # of the question's subject pairs, by the row's own label path
MIN_SENTENCE_COVERAGE = 0.7


@dataclass
class RowCandidate:
    table: Table
    row: Row
    column: str
    fit: tuple[float, float] = (0.0, 0.0)  # subject covered by the row's own path, and by path + table + column


def subject_words(text: str, department: str = "") -> str:
    """What the question is about, without the department, years, question words and generic fillers."""
    q = question_key(text)
    if department:
        q = without_department_named(q, department)
    q = _QUESTION_WORDS.sub("", q)
    return _FILLER.sub("", q)


def row_candidates(doc: Disclosure, hits) -> list[tuple[Table, Row]]:
    """The table rows among the hits, in rank order."""
    out = []
    for hit in hits:
        meta = hit.metadata
        if meta.get("kind") != "row" or meta.get("doc") != doc.id:
            continue
        ti, ri = meta.get("table_index"), meta.get("row_index")
        if isinstance(ti, int) and isinstance(ri, int) and ti < len(doc.tables) and ri < len(doc.tables[ti].rows):
            out.append((doc.tables[ti], doc.tables[ti].rows[ri]))
    return out


def gate_row(doc: Disclosure, text: str, table: Table, row: Row) -> RowCandidate | None:
    """The row and the column that answer the question, or None when the row is not what it asks."""
    q = question_key(text).replace(doc.department, "") if doc.department else question_key(text)
    subject = subject_words(text, doc.department)
    columns_named = [w for w in COLUMN_WORDS if w in subject]
    for word in columns_named:
        subject = subject.replace(word, "")
    if len(subject) < 2:
        return None
    path = compact("".join(row.path or (row.label,)) + "".join(row.qualifier_names) + (row.code or ""))
    column = choose_column(table, row, text, exclude=label_key(row.label))
    if not column:
        return None
    by_row = covered_share(subject, path)
    overall = covered_share(subject, path + compact(table.title + column))
    if by_row < MIN_ROW_SHARE or overall < MIN_COVERAGE:
        return None
    if not measure_fits(q, table, row, column):
        return None
    return RowCandidate(table, row, column, (by_row, overall))


def best_row(doc: Disclosure, text: str, hits) -> RowCandidate | None:
    """The passing row that fits the question best; None when two fit equally well with different figures (the
    question does not say which, and guessing could state a wrong figure)."""
    passed = [c for c in (gate_row(doc, text, t, r) for t, r in row_candidates(doc, hits)) if c is not None]
    if not passed:
        return None
    passed.sort(key=lambda c: c.fit, reverse=True)
    best = passed[0]
    rivals = [c for c in passed[1:] if c.fit == best.fit and value_of(c) != value_of(best)]
    return None if rivals else best


def value_of(candidate: RowCandidate):
    cell = candidate.row.cell(candidate.column)
    return cell.value if cell is not None else None


def measure_fits(q: str, table: Table, row: Row, column: str) -> bool:
    """The column is of the measure, side, spending kind and fund the question names."""
    where = compact(table.title + column)
    for word, needs in _MEASURES:
        if word in q and not any(n in where for n in needs):
            return False
    for word, side in _SIDES:
        other = "支出" if side == "收入" else "收入"
        if word in q and other not in q and (row.side == other or (other in compact(column) and side not in where)):
            return False
    for kind in ("基本支出", "项目支出"):
        if kind in q and kind not in where and kind not in compact(row.label):
            return False
    fund = fund_named(q)
    return not fund or fund in compact(table.title + column + row.label)


def covered_share(subject: str, text: str) -> float:
    """The share of the subject's characters that sit in a character pair the text also has (a word the
    question leaves out, 视频[监控]全覆盖, costs nothing; words the text lacks do)."""
    chars = re.sub(r"[^\w]", "", subject)
    if len(chars) < 2:
        return 1.0 if chars and chars in text else 0.0
    covered = set()
    for i in range(len(chars) - 1):
        if chars[i:i + 2] in text:
            covered |= {i, i + 1}
    return len(covered) / len(chars)


def sentence_names_subject(subject: str, sentence: str) -> bool:
    return covered_share(subject, compact(sentence)) >= MIN_SENTENCE_COVERAGE
