"""Answers from the table rows a question names: one cell, several rows added or compared, a column of a row."""
from __future__ import annotations

import re

from corpus.model import Disclosure
from corpus.text import compact
from qa.answer import NOT_IN_DISCLOSURE, Answer, refuse
from qa.cell_answers import answer_cell, cell_value
from qa.column_answers import (answer_column_difference, answer_column_total, answer_difference_of, table_named_by,
                               within_item)
from qa.columns import choose_column, column_words_in
from qa.listed_items import items_named
from qa.one_row_tables import answer_column_only
from qa.resolve import asked_words, label_key
from qa.row_picking import (drop_qualifier_mentions, label_at_two_levels, namesake_asked, one_table_for_both, pick_rows,
                            under_each_other)
from qa.share_in_table import answer_share_of
from qa.statements import state_difference, state_sum
from qa.table_hints import hinted_table, question_key, table_hint
from qa.understand import Query


def answer_from_rows(doc: Disclosure, query: Query, text: str, matches, ans: Answer) -> bool:
    if query.intent == "share" and "占" in text:
        return answer_share_of(doc, text, ans)
    words = [w for w in column_words_in(text) if w not in ("合计", "小计")]
    if not matches:
        table = hinted_table(doc, text)
        if query.intent == "total" and table is not None and not table.empty:
            rows = [(table, r) for r in table.rows if not r.is_total and r.level in (None, 1)]
            return bool(rows) and state_sum(text, rows, ans, asked_total=True)
        if query.intent == "difference":
            return (len(words) >= 2 and answer_column_difference(doc, text, None, words, ans)) \
                or answer_difference_of(doc, text, ans)
        if query.intent == "total" and len(words) >= 2 and items_named(text) >= 2:
            return answer_column_total(doc, text, words, ans)
        return answer_column_only(doc, query, text, ans)
    groups = [(m, rows) for m in under_each_other(matches) if (rows := pick_rows(m, text))]
    picked = drop_qualifier_mentions(groups, question_key(text))
    if not picked:
        return False
    levels = label_at_two_levels(groups, text)
    if levels:
        (_, outer), (_, inner) = levels
        return refuse(ans, f"{NOT_IN_DISCLOSURE}：表中「{outer.label}」既是{LEVEL_NAMES[outer.level]}（{outer.code}）"
                           f"也是{LEVEL_NAMES[inner.level]}（{inner.code}），两者金额不同，请用科目编码说明问的是哪一个。")
    if query.intent == "difference":
        if within_item(re.split(r"比|和|与|跟|同", question_key(text), maxsplit=1)[0]) \
                and answer_difference_of(doc, text, ans):
            return True  # 'X里，A比B': the row named first is where, not what, is compared
        if len(picked) >= 2:
            return answer_difference(text, one_table_for_both(picked[:2], matches, text), ans)
        return (len(words) >= 2 and answer_column_difference(doc, text, picked[0], words, ans)) \
            or answer_difference_of(doc, text, ans)
    if query.intent != "total" and len(picked) > 1:
        picked = [max(picked, key=lambda group: len(label_key(group[0][1].label)))]  # the most specific name
    titled = table_named_by(doc, text)
    if len(picked) == 1 and len(label_key(picked[0][0][1].label)) <= 2 and not words \
            and not (titled is not None and all(t is titled[1] for t, _ in picked[0])) \
            and not any(compact(x) in question_key(text) for _, r in picked[0] for x in r.qualifier_names) \
            and not any((r.subject_code or "-") in question_key(text) for _, r in picked[0]) \
            and len(label_key(picked[0][0][1].label)) < 0.25 * len(asked_words(doc, text, bare=True)):
        # a short name in a long question about something else ('公安' in 公安交通管理省级补助)
        return refuse(ans, f"{NOT_IN_DISCLOSURE}：找不到问题所说的项目。")
    rows = list({id(r): (t, r) for group in picked for t, r in group}.values())
    if len({r.side for _, r in rows}) > 1 and len({cell_value(t, r, text) for t, r in rows}) == 1:
        rows = rows[:1]  # '收入支出总计': both sides print the same figure, which answers it
    if len({r.side for _, r in rows}) > 1:  # the same name on both sides of a 收入 | 支出 table: never added up
        asked = [side for side in ("收入", "支出") if side in question_key(text)]
        rows = [(t, r) for t, r in rows if r.side is None or r.side in asked[:1]] if len(asked) == 1 else []
        if not rows:
            return refuse(ans, f"{NOT_IN_DISCLOSURE}：表中收入方和支出方都有这一项，请说明问的是收入还是支出。")
    if len(rows) > 1 and query.intent != "total":
        rows = namesake_asked(rows, text)
    if len(rows) > 1 or query.intent == "total":
        return state_sum(text, rows, ans, asked_total=query.intent == "total")
    table, row = rows[0]
    return answer_cell(text, table, row, ans)


LEVEL_NAMES = {1: "类", 2: "款", 3: "项"}  # a 科目 code's level: 3, 5 or 7 digits


def answer_difference(text: str, picked, ans: Answer) -> bool:
    if picked[0][0][0] is not picked[1][0][0] and not all(
            table_hint(label_key(r.label)) or compact(t.title) in question_key(text)
            for t, r in (picked[0][0], picked[1][0])):
        if compact(picked[0][0][1].label) != compact(picked[1][0][1].label):
            return False
    (ta, ra), (tb, rb) = picked[0][0], picked[1][0]  # the first row of each name
    ca = ra.cell(choose_column(ta, ra, text, exclude=label_key(ra.label)))
    cb = rb.cell(choose_column(tb, rb, text, exclude=label_key(rb.label)))
    if not ca or not cb or ca.value is None or cb.value is None or ta.unit != tb.unit:
        return False
    return state_difference(ans, (ta, ra, ca), (tb, rb, cb), ra.full_label, rb.full_label)
