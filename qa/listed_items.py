"""'A、B和C加起来多少' where the items are named the way people say them: 养老保险 for 机关事业单位基本养老保险缴费,
职业年金 for 职业年金缴费. Each item is tied to one row of one table — its label as printed, else a label that
begins or ends with it, else one holding its characters in order — and every item must be found in the same table,
one row each, or the question is left to the other rules."""
from __future__ import annotations

import re

from corpus.model import Disclosure, Row, Table
from corpus.text import compact, is_subsequence
from qa.answer import Answer
from qa.columns import choose_column, rank_tables
from qa.resolve import asked_words, label_key
from qa.statements import state_difference, state_sum
from qa.table_hints import question_key, table_hint, title_fits
from qa.understand import Query

_ADDING = r"(?:加起来|加在一起|加到一起|加一块|合在一起|合到一起|合起来|算在一起|一共|总共|合计|共计|之和)"
_ITEMS_TO_ADD = re.compile(r"([^，,。?？]*?)" + _ADDING)
_CONTEXT = re.compile(r"^.*?(?:里|中|的|下)(?=[^里中的下]{2})")
# what separates the items of a listing: 、 和 与 及 跟, and 加 / 加上 between two names ('职业年金加医保')
_SEPARATOR = re.compile(r"[、和与及跟]|加上|(?<=[\u4e00-\u9fff]{2})加(?=[\u4e00-\u9fff]{2})")


def adding_phrase(q: str) -> str:
    """The listing before the adding cue ('A、B和C加起来'), without a leading context ('基本支出里'). When the clause
    before the cue lists nothing ('…，这几项一共多少'), the clause before it is the listing."""
    q = re.sub(r"20\d\d年度?", "", q)
    found = _ITEMS_TO_ADD.search(q)
    if not found:
        return ""
    phrase = without_context(found.group(1))
    bracketed = re.search(r"[（(]([^（）()]+)[）)]$", phrase)
    if bracketed and _SEPARATOR.search(bracketed.group(1)):
        phrase = bracketed.group(1)  # 'X的花费（A加B）加起来': the listing in the brackets
    if not _SEPARATOR.search(phrase):
        before = re.split(r"[，,。]", q[:found.start(1)].rstrip("，,"))[-1]
        if _SEPARATOR.search(before):
            phrase = without_context(before)
    return phrase


def without_context(phrase: str) -> str:
    """'基本支出里A和B' → 'A和B'; the words before 里/中/的/下 are kept when dropping them would cut the listing
    ('A加上中介服务费…': 中 is inside an item's name)."""
    stripped = _CONTEXT.sub("", phrase)
    return stripped if _SEPARATOR.search(stripped) or not _SEPARATOR.search(phrase) else phrase


def items_named(text: str, labels: list[str] = ()) -> int:
    """How many items 'A、B和C加起来' lists (1 when it lists none); a label with 和 in it (社会保障和就业支出) is one.

    >>> items_named("职业年金加养老保险合计多少"), items_named("基本工资、补贴和奖金，工资部分总共多少")
    (2, 3)
    >>> items_named("差旅费、邮电费和印刷费合到一起多少")
    3
    """
    phrase = re.sub(r"[（(][^）)]*[）)]", "", adding_phrase(question_key(text)))  # '（A、B等）' is one name
    for n, label in enumerate(sorted((lb for lb in labels if lb in phrase), key=len, reverse=True)):
        phrase = phrase.replace(label, "项目" + chr(_MARK + n) + "项目")  # read as a name by _SEPARATOR
    parts = [p for p in _SEPARATOR.split(phrase) if len(p) >= 2]
    # things listed that are one label ('电话费、快递' both written 邮电费 by the lexicon) are one item
    return len({tuple(re.findall(_MARKED, p)) or p for p in parts}) or 1


_MARK = 0xE000  # private-use characters standing for the labels found in a listing
_MARKED = re.compile("[\ue000-\uf8ff]")


def listed_phrase(doc: Disclosure, text: str) -> str:
    """The listing, without the department's names."""
    return adding_phrase(asked_words(doc, text))


def row_for(table: Table, item: str, some_words: bool = False) -> tuple[Row, int] | None:
    """The one row of the table an item names, by the closest way of naming that fits any row, with how close
    (0: as printed, 1: its start or end, 2: its characters in order; with `some_words`, 3: some of its words, where
    a listing's other items fix the table: '养老' beside 职业年金 and 医保 is the one label of their table holding it)."""
    rows = [r for r in table.rows if not r.is_total]
    tiers = (
        lambda key: key == item,
        lambda key: len(item) >= 3 and key.endswith(item) or len(item) >= 2 and key.startswith(item),
        lambda key: len(item) >= 3 and is_subsequence(item, key) and len(item) >= 0.4 * len(key),
        lambda key: some_words and len(item) >= 2 and item in key,
    )
    for tier, fits in enumerate(tiers):
        found = [r for r in rows if fits(label_key(r.label))]
        if found:
            return (found[0], tier) if len(found) == 1 else None
    return None


def items_in(table: Table, phrase: str) -> list[tuple[Row, int]] | None:
    """The rows of a listing ('A、B和C'); a piece with 和 in it is one item when the table prints it so."""
    rows: list[tuple[Row, int]] = []
    for piece in (p for p in re.split(r"[、，,]", phrase) if p):
        row = row_for(table, piece, some_words=True)
        if row is None:
            parts = [p for p in _SEPARATOR.split(piece) if p]
            if len(parts) == 1:  # '水费电费': two printed names written together
                parts = next(([piece[:i], piece[i:]] for i in range(2, len(piece) - 1)
                              if (a := row_for(table, piece[:i])) and a[1] == 0
                              and (b := row_for(table, piece[i:])) and b[1] == 0), parts)
            found = [row_for(table, p, some_words=True) for p in parts]
            if len(parts) < 2 or None in found:
                return None
            rows += found
        else:
            rows.append(row)
    fixed = any(tier < 3 for _, tier in rows)  # some words alone do not fix a table: another item must
    return rows if fixed and len({id(r) for r, _ in rows}) == len(rows) else None


def answer_listed_sum(doc: Disclosure, query: Query, text: str, ans: Answer) -> bool:
    if query.intent != "total":
        return False
    phrase = listed_phrase(doc, text)
    if not _SEPARATOR.search(phrase):
        return False
    found = [(t, rows) for t in doc.tables if not t.empty and (rows := items_in(t, phrase)) and len(rows) >= 2]
    hint = table_hint(text)
    found = [f for f in found if hint and title_fits(hint, f[0].title)] or found
    if not found:
        return False
    closest = min(sum(tier for _, tier in rows) for _, rows in found)
    by_table = {id(t): rows for t, rows in found if sum(tier for _, tier in rows) == closest}
    ranked = rank_tables([(t, rows[0][0]) for t, rows in found if id(t) in by_table], text)
    # several tables print the items: the answer holds only when they name the same rows
    if len({tuple(compact(r.label) for r, _ in by_table[id(t)]) for t, _ in ranked}) > 1:
        return False
    table = ranked[0][0]
    return state_sum(text, [(table, r) for r, _ in by_table[id(table)]], ans, asked_total=True)


_COMPARED = re.compile(r"^(?:.*?(?:里|中|的))?(.{2,}?)比(.{2,}?)(?:多|少|高|低)")


def answer_loose_difference(doc: Disclosure, query: Query, text: str, ans: Answer) -> bool:
    """'基本工资比职业年金多发了多少': two items named the way people say them, tied to two rows of one table as a
    listing's items are, and subtracted."""
    if query.intent != "difference":
        return False
    found = _COMPARED.search(asked_words(doc, text))
    if not found:
        return False
    names = found.groups()
    fits = [(t, items) for t in doc.tables if not t.empty
            and (items := [row_for(t, n) for n in names]) and None not in items and items[0][0] is not items[1][0]]
    if not fits:
        return False
    closest = min(sum(tier for _, tier in items) for _, items in fits)
    fits = [(t, items) for t, items in fits if sum(tier for _, tier in items) == closest]
    if len({tuple(compact(r.label) for r, _ in items) for _, items in fits}) > 1:
        return False  # the words fit other rows in another table: not told apart
    table = rank_tables([(t, items[0][0]) for t, items in fits], text)[0][0]
    (a, _), (b, _) = next(items for t, items in fits if t is table)
    cells = [r.cell(choose_column(table, r, text, exclude=label_key(r.label))) for r in (a, b)]
    if None in cells or any(c.value is None for c in cells):
        return False
    return state_difference(ans, (table, a, cells[0]), (table, b, cells[1]), a.full_label, b.full_label)
