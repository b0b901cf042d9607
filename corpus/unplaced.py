"""What the parser read but could not place, so a reader of `corpus show` sees what was not read: lines of a
table assigned to no row, and tables the 目录 lists that no table title matches.

    >>> from corpus import parse_text
    >>> doc = parse_text("目 录\\n一、收入决算表\\n二、支出决算表\\n收入决算表\\n单位：万元\\n项目\\t合计\\n合计\\t1.00\\n", "d")
    >>> [str(u) for u in doc.unplaced]
    ['line 3: the 目录 lists this table, but no table of that title or kind was read: 二、支出决算表']
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.model import Disclosure, Unplaced
from corpus.table_kinds import split_title_number, table_kind
from corpus.text import compact

_CONTENTS = re.compile(r"^目录$")
_LEADERS = re.compile(r"(\.{3,}|…+|\t).*$")  # dot leaders and page numbers after a 目录 entry
_ENUMERATION = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[.．、]|[（(][一二三四五六七八九十\d]+[)）])")
_YEAR = re.compile(r"^20\d{2}年度?")
_SPLIT_NUMBER = re.compile(r"^(\d+)\s*\t\s*([、.．])")  # '1\t、部门收支总表': a number cell, not a leader
TOC_LINES = 80  # a 目录 is shorter than this


def find_unplaced(doc: Disclosure) -> list[Unplaced]:
    found = [Unplaced(s.line, s.text, f"in table {t.title!r}, assigned to no row")
             for t in doc.tables for s in t.unplaced]
    found += unmatched_contents(doc)
    return sorted(found, key=lambda u: u.line)


def unmatched_contents(doc: Disclosure) -> list[Unplaced]:
    """目录 entries naming a table that no parsed table answers to."""
    return [Unplaced(t.line, t.entry, "the 目录 lists this table, but no table of that title or kind was read")
            for t in listed_tables(doc) if not t.found]


@dataclass
class ListedTable:
    line: int
    entry: str  # as the 目录 prints it
    kind: str  # of the national template (corpus.table_kinds); '' when the title names none
    found: bool
    pieces: int = 0  # parsed tables it was read as (more than 1: split across pages, not merged)


def listed_tables(doc: Disclosure) -> list[ListedTable]:
    """The tables the 目录 lists, each matched to parsed tables by title, else to one of its kind not matched yet
    (the 目录 may name a table otherwise than its title: '部门收支总表' for '2026年部门收支总体情况表'). An entry
    over a group of tables ('五、部门预算表' over '1. 2026年部门收入预算总表', …) names the group, not a table."""
    parsed = [(title_key(t.title), table_kind(t.title)) for t in doc.tables]
    entries = contents_lines(doc.lines)
    used: set[str] = set()
    out = []
    for position, (number, raw) in enumerate(entries):
        key, kind = title_key(raw), table_kind(raw)
        following = entries[position + 1][1] if position + 1 < len(entries) else ""
        group = title_key(following).endswith("表") and entry_level(following) > entry_level(raw)
        if not key.endswith("表") or group:
            continue
        # the same title, else one containing or contained in it ('支出决算表' is also in '…财政拨款支出决算表')
        same = [t for t, _ in parsed if t == key] or [t for t, _ in parsed if t and (key in t or t in key)]
        if not same and not kind:  # no table of that title, and no kind of the template: a name for the tables
            continue
        if not same:
            first = next((t for t, k in parsed if k == kind and t not in used), None)
            same = [t for t, _ in parsed if t == first] if first is not None else []
        used.update(same)
        out.append(ListedTable(number, raw, kind, bool(same), len(same)))
    return out


def entry_level(text: str) -> int:
    """第X部分 0, 一、 1, （一） 2, 1. 3, unnumbered 4."""
    text = compact(text)
    for level, pattern in enumerate((r"第[一二三四五六七八九十]+部分", r"[一二三四五六七八九十]+、", r"\([一二三四五六七八九十]+\)",
                                     r"\d+[.．、]")):
        if re.match(pattern, text):
            return level
    return 4


def contents_lines(lines: list[str]) -> list[tuple[int, str]]:
    """(line, text) of the 目录's entries: from the 目录 line until a line repeats an entry (the body begins)."""
    start = next((i for i, raw in enumerate(lines[:TOC_LINES]) if _CONTENTS.match(compact(raw))), None)
    if start is None:
        return []
    entries, seen = [], set()
    for i in range(start + 1, min(len(lines), start + TOC_LINES)):
        key = title_key(lines[i])
        if not key:
            continue
        if key in seen or ("\t" in lines[i] and not _LEADERS.search(lines[i].split("\t")[0] + "\t")):
            break
        seen.add(key)
        entries.append((i + 1, lines[i].strip()))
    return entries


def title_key(text: str) -> str:
    """A title without numbering, year, quotes, dot leaders or page number: '7．2026年部门“三公”经费…表 ……12' → 部门三公经费…表,
    '公开02表 收入决算表' → 收入决算表."""
    key = split_title_number(compact(_LEADERS.sub("", _SPLIT_NUMBER.sub(r"\1\2", text.strip()))))[0]
    key = _YEAR.sub("", _ENUMERATION.sub("", key))
    return re.sub(r"[“”\"'‘’]", "", key)
