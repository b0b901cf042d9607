"""Checks that an answer has the shape the question asks for (issue 24: guards as checks on (query, result)): each
item's figure when it asks 'each', a project when it asks about one, the table it names, the item it lists by, the
group it ranks within. Each returns the refusal's reason, or None when the answer holds."""
from __future__ import annotations

import re

from corpus.model import Disclosure
from corpus.text import compact
from qa.answer import Answer
from qa.lexicon import items_named, synonyms
from qa.table_hints import best_title, question_key, tables_named
from qa.understand import Query

_EACH = re.compile(r"各(?:是|有|为|自|占)?(?:多少|几)|分别(?:是|有|为)?(?:多少|几)")
_ONE_PROJECT = re.compile(r"[这那该此]个项目(?!支出)")  # 那项目支出呢: the 项目支出 column


def one_figure_for_each(doc: Disclosure, query: Query, ans: Answer):
    """'哪几种，各多少' answered with the one total: each item's figure is asked."""
    if _EACH.search(question_key(query.text)) and len(ans.figures) == 1:
        return "问题问的是各项分别的数字，公开文件中找不到分列的数字。"
    return None


def row_for_a_project(doc: Disclosure, query: Query, ans: Answer):
    """'X这个项目的钱' answered with a row of a classification: a project asked is a project read."""
    if not _ONE_PROJECT.search(question_key(query.question)) or ans.basis == "narrative":
        return None
    projects = {f.project for f in doc.forms}
    if any("项目" in c.table or "绩效" in c.table or c.table in projects or not c.row for c in ans.citations):
        return None
    return "问题问的是一个项目，找不到它的预算数。"


def prose_for_a_named_table(doc: Disclosure, query: Query, ans: Answer):
    """'某表里…各多少' answered from the prose's rounded figures: the table named, and printed, is read."""
    named = {best_title(doc, phrase) for phrase in tables_named(question_key(query.text))} - {None}
    if not named or query.intent not in ("lookup", "list", "total") or any(c.table in named for c in ans.citations):
        return None
    if ans.basis == "narrative" or all(not c.row for c in ans.citations):
        return f"问题问的是{'、'.join(sorted(named))}，找不到它在该表中对应的数字。"
    return None


def item_not_listed(doc: Disclosure, query: Query, ans: Answer):
    """'哪几家单位有购车的钱' listed by the units' totals: the item the question lists by must be what is read."""
    if query.intent not in ("list", "ranking") or ans.basis == "narrative":
        return None
    read = compact("".join(c.table + c.row + c.column for c in ans.citations))
    said = [word for _, word in items_named(query.question)]
    printed = [synonyms().get(word, word) for word in said]
    if printed and not any(p in read for p in printed):
        return f"问题问的是{printed[0]}，找不到按它列出的数字。"
    return None


def ranked_outside_the_group(doc: Disclosure, query: Query, ans: Answer):
    """'某类（五位的政府经济分类编码）之下最多的' ranked over the whole table: the group named by its code holds every
    item ranked."""
    if query.intent != "ranking":
        return None
    groups = {q[:5] for t in doc.tables for r in t.rows for q in r.qualifiers if re.match(r"\d{5}\D", q)}
    codes = [c for c in re.findall(r"(?<!\d)(\d{5})(?!\d)", question_key(query.text)) if c in groups]
    if codes and not all(any(code in f.label for code in codes) for f in ans.figures):
        return f"问题问的是{codes[0]}下的各项，找不到只在其中比较的数字。"
    return None


SHAPE_GUARDS = (one_figure_for_each, row_for_a_project, prose_for_a_named_table, item_not_listed,
                ranked_outside_the_group)
