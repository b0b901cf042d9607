"""Which table a question names: its own words for a title ('…X表里…'), or vocabulary.json's hints, fitted to the
document's titles by their characters in order (a hint fits 部门收入预算总表 as well as 预算收入总表).

    >>> table_named("某局在乙类汇总表中的X")
    '乙类汇总表'
    >>> title_fits("收入总表", "部门收入预算总表"), title_rank("收入总表", "部门收入预算总表")
    (True, 1)
"""
from __future__ import annotations

import re

from corpus.metadata import NAME_END
from corpus.model import Disclosure, Table
from corpus.table_kinds import kinds
from corpus.text import compact, is_subsequence
from qa.terms import vocabulary

QUOTES = re.compile(r"[“”\"'‘’]")


def question_key(text: str) -> str:
    return compact(QUOTES.sub("", text))


def table_hint(text: str) -> str:
    """The title of the table the question points at: its own words for it ('X表中…'), else the title
    fragment of vocabulary.json's table_hints, or ''."""
    q = question_key(text)
    named = table_named(q)
    if named:
        return named
    hints = {phrase: fragment for kind in ("table_hints", "item_or_table_hints")
             for phrase, fragment in vocabulary()[kind].items() if question_key(phrase) in q}
    return hints[max(hints, key=len)] if hints else ""


def hint_may_mean_items(text: str) -> bool:
    """The table pointed at only by words that may also mean 'items' (哪些项目): it is meant only if the rows the
    question names are in it."""
    q = question_key(text)
    return not table_named(q) and not any(question_key(p) in q for p in vocabulary()["table_hints"]) \
        and any(question_key(p) in q for p in vocabulary()["item_or_table_hints"])


_TABLE_PHRASE = re.compile(r"[\u4e00-\u9fff“”（）]{3,30}?表")
_PHRASE_START = re.compile(r"^.*?(?:年度?|的|在|按|从|据|看|查|里|中|比|部门|本级)(?=[^年的在按从据看查里中]{2})")


_COUNTING_TABLES = re.compile(r"几张|多少张|哪张|这张|那张|哪些|每张|各张|一共|共有|所有")


def table_named(q: str) -> str:
    """The words a question names one table by, when it does ('…2024年度收入决算表里…' → 收入决算表)."""
    named = tables_named(q)
    return named[0] if len(named) == 1 else ""  # two tables named: the question compares them


def tables_named(q: str) -> list[str]:
    """Every table the question names in its own words ('A表和B表' → both)."""
    named = []
    for phrase in _TABLE_PHRASE.findall(q):
        phrase = re.sub(r"(?:那张|这张|那个|这个|那一|这一)表$", "表", phrase)
        while (shorter := _PHRASE_START.sub("", phrase)) != phrase:  # '…X支出在A表' → A表
            phrase = shorter
        phrase = without_name_before(phrase)
        if len(phrase) >= 4 and not _COUNTING_TABLES.search(phrase) and len(re.sub(r"[部门预决算报表本年度]", "", phrase)) >= 2:
            named.append(re.sub(r"^[和与及跟同比按]", "", phrase))
    return named


def without_name_before(phrase: str) -> str:
    """'某县某委财政拨款收支总表' → 财政拨款收支总表: an organisation's name glued before the table's own name, cut
    where the name ends (NAME_END) and a table kind's word (table_kinds.json) or 部门/单位 begins."""
    openings = tuple(w for entry in kinds() for w in entry["words"]) + ("部门", "单位")
    for i, ch in enumerate(phrase[:-4]):
        if ch in NAME_END and i >= 2 and phrase[i + 1:].startswith(openings):
            return phrase[i + 1:]
    return phrase


def title_rank(hint: str, title: str) -> int:
    """0: the title contains the hint as printed; 1: in order among its characters; 2: not of that kind."""
    key = compact(title)
    alternatives = [h for h in hint.split("|") if h]
    if any(h in key for h in alternatives):
        return 0
    return 1 if any(is_subsequence(h, key) for h in alternatives) else 2


def title_gap(hint: str, title: str) -> int:
    """How many of the title's characters fall between the hint's, in its tightest fit ('一般公共预算支出表' fits
    一般公共预算支出预算表 with a gap of 2 and 一般公共预算“三公”经费支出预算表 with 7); large when it does not fit."""
    key, best = compact(title), 10 ** 6
    for h in (x for x in hint.split("|") if x):
        for start in (i for i, ch in enumerate(key) if ch == h[0]):
            chars, end = iter(enumerate(key[start:], start)), None
            for want in h:
                end = next((i for i, ch in chars if ch == want), None)
                if end is None:
                    break
            if end is not None:
                best = min(best, end - start + 1 - len(h))
    return best


def best_title(doc: Disclosure, phrase: str) -> str | None:
    """The title of the table a phrase names, fitting it most tightly ('支出决算表' is 支出决算表, not
    收入支出决算总表)."""
    fits = [t for t in doc.tables if title_rank(phrase, t.title) < 2]
    return min(fits, key=lambda t: (title_rank(phrase, t.title), title_gap(phrase, t.title), len(t.title))).title \
        if fits else None


def title_fits(hint: str, title: str) -> bool:
    """A table title is of the kind a hint names: one of its alternatives ('经济科目|经济分类') in order among the
    title's characters ('收入总表' fits 部门收入预算总表 as well as 预算收入总表)."""
    key = compact(title)
    return bool(hint) and any(is_subsequence(h, key) for h in hint.split("|") if h)


def hinted_table(doc: Disclosure, text: str) -> Table | None:
    """The table the question names; of several with the hinted words, the one whose title shares most
    with the question (项目支出预算表（上年结转）)."""
    hint = table_hint(text)
    tables = [t for t in doc.tables if title_fits(hint, t.title)]
    if not tables:
        return None
    q = question_key(text)
    named = bool(table_named(q))  # the question's own words for a table: the title they fit most tightly
    return max(tables, key=lambda t: (-title_rank(hint, t.title), -(title_gap(hint, t.title) if named else 0),
                                      -(len(compact(t.title)) if named else 0),
                                      sum(1 for i in range(len(compact(t.title)) - 1)
                                          if compact(t.title)[i:i + 2] in q),
                                      -t.line_start))
