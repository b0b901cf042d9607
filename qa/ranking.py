"""Rankings: the largest or smallest items of the table a question names."""
from __future__ import annotations

import re
from decimal import Decimal

from corpus.model import Disclosure
from qa.answer import Answer, Figure
from qa.items import collect_items
from qa.resolve import find_row_matches, label_key, unit_names
from qa.statements import money
from qa.table_hints import question_key
from qa.understand import LEFT_OUT, Query


def answer_ranking(doc: Disclosure, query: Query, text: str, ans: Answer) -> bool:
    """The largest or smallest of the items the question is about (totals excluded)."""
    found = collect_items(doc, text)
    left_out = {label_key(r.label, doc.department) for m in LEFT_OUT.finditer(text)
                for match in find_row_matches(doc, m.group(0)) for _, r in match.rows}
    if found and any(label in found.what for label in left_out - {doc.department, ""}):  # '不含某类，哪一类最多': not the items under it
        found = collect_items(doc, LEFT_OUT.sub("", text))
    valued = without_their_total(distinct([i for i in found.items if i.value is not None] if found else []))
    valued = [i for i in valued if label_key(i.label.split(" / ")[-1], doc.department) not in left_out]
    if _PROJECTS_ASKED.search(question_key(text)):  # '哪个项目': a unit's row among its projects is not one
        units = unit_names(doc) | {doc.department}
        valued = [i for i in valued if label_key(i.label.split(" / ")[-1], doc.department) not in units] or valued
    if len(valued) < 2:  # one item is not a ranking: the question is about the items below it, or others
        return False
    lowest = bool(re.search(r"最少|最低|最小", text))
    valued.sort(key=lambda i: i.value, reverse=not lowest)
    top = valued[:query.top_n or 1]
    for item in top:
        ans.figures.append(Figure(item.value, found.unit, item.label))
        ans.citations.append(item.citation)
    word = "最少" if lowest else "最多"
    ans.basis = "ranking"
    listing = "；".join(f"{n + 1}. {i.label} {money(i.value, found.unit)}" for n, i in enumerate(top))
    ans.answer = f"{found.what}中（{found.column}，共比较{len(valued)}项），{word}的是：{listing}。"
    return True


_PROJECTS_ASKED = re.compile(r"哪(?:个|一个|几个|些)?项目")


def distinct(items: list) -> list:
    """One item per name and figure: a row printed again where its table runs onto another page is one item."""
    seen, kept = set(), []
    for item in items:
        key = (item.label.split(" / ")[-1], item.value)
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def without_their_total(items: list) -> list:
    """The items without one that is the sum of all the others (a unit's or a group's subtotal printed among its
    parts, unmarked): a whole is not ranked against its own parts."""
    if len(items) < 3:
        return items
    total = sum(i.value for i in items)
    tolerance = Decimal("0.01") * len(items)  # each printed part rounded
    return [i for i in items if abs(2 * i.value - total) > tolerance] or items
