"""Guards on a derived figure (a sum, difference or share): the arithmetic is over the items the question names,
with the figures it states, and a share of a whole is not above 100 %."""
from __future__ import annotations

import re
from decimal import Decimal

from corpus.model import Disclosure
from corpus.text import compact
from qa.answer import DERIVED, Answer
from qa.form_answers import MEASURE_ASKED
from qa.listed_items import items_named
from qa.resolve import find_row_matches, is_generic
from qa.table_hints import best_title, question_key, tables_named
from qa.understand import Query, chinese_number


_STATED_AMOUNT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*万元")


def row_labels(doc: Disclosure) -> list[str]:
    return list({compact(r.label) for t in doc.tables for r in t.rows if len(compact(r.label)) >= 3})


def summed_terms(expression: str) -> int:
    return expression.split("=")[0].count("+") + 1


def ignores_stated_figure(doc: Disclosure, query: Query, ans: Answer):
    """The question computes with a figure it states; an answer that does not use it answers something else."""
    stated = [Decimal(a.replace(",", "")) for a in _STATED_AMOUNT.findall(question_key(query.text))]
    used = {f.value for f in ans.figures} | {Decimal(n) for c in ans.checks
                                             for n in re.findall(r"\d+(?:\.\d+)?", c.expression)}
    if stated and not any(v in used for v in stated):
        return "无法按问题给出的数字进行计算，请把问题拆开来问。"
    return None


def printed_for_a_derived(doc: Disclosure, query: Query, ans: Answer):
    """A sum, difference or share answered with a single printed figure (not one its checks prove) would state
    the wrong number; a count printed as such ('一共多少人') is what was asked."""
    counted = MEASURE_ASKED.search(question_key(query.text)) and ans.figures[0].unit not in ("万元", "元")
    stated_total = ans.basis == "narrative" and ans.figures[0].label.endswith("合计")  # '政府采购预算总额…', printed as such
    if query.intent in DERIVED and not counted and not stated_total and (
            ans.intent != query.intent or not proves(ans.checks, ans.figures[0].value)):
        return "无法从公开数据中确定要计算的各项数字，请把问题拆开来问。"
    return None


def fewer_items_added(doc: Disclosure, query: Query, ans: Answer):
    """'A和B加起来' with only one of them found: a sum of one row would state that row as the total."""
    if query.intent == "total" and ans.intent == "total" and ans.checks \
            and summed_terms(ans.checks[0].expression) < items_named(query.text.replace(doc.department, ""),
                                                                     row_labels(doc)):
        return "找不到要相加的各项。"
    return None


_PARTS_COUNTED = re.compile(r"([2-9]|[两二三四五六七八九十]+)(?:个|家|项|笔|所|座)(?=.*(?:加起来|加在一起|加总|相加|合计|合起来|一共|总共|之和|共计))")


def other_number_added(doc: Disclosure, query: Query, ans: Answer):
    """An item added over N parts (N个…加起来) summed over another number of rows: not the parts the question counts."""
    counted = _PARTS_COUNTED.search(question_key(query.text))
    if query.intent == "total" and ans.intent == "total" and ans.checks and counted \
            and summed_terms(ans.checks[0].expression) != chinese_number(counted.group(1)):
        return f"问题要把{counted.group(0)}相加，找不到与之相符的各项数字。"
    return None


def other_rows_computed(doc: Disclosure, query: Query, ans: Answer):
    """One row's gap between two named tables answered with the tables' totals: the arithmetic is about other rows."""
    if query.intent in ("difference", "share") and ans.basis != "narrative" and row_not_cited(doc, query.text, ans):
        return "无法从公开数据中确定要计算的各项数字，请把问题拆开来问。"
    return None


def part_above_its_whole(doc: Disclosure, query: Query, ans: Answer):
    """A part's share of its whole above 100 %: the two figures read are not a part and its whole."""
    if query.intent == "share" and "占" in query.text and ans.figures and ans.figures[0].unit == "%" \
            and ans.figures[0].value > 100 and ans.basis != "narrative":
        return "无法从公开数据中确定要计算的各项数字，请把问题拆开来问。"
    return None


def row_not_cited(doc: Disclosure, text: str, ans: Answer) -> bool:
    """The question names a row (not a total or a column word) that none of the answer's citations is about, or
    names tables and the answer cites another."""
    named_titles = {best_title(doc, phrase) for phrase in tables_named(question_key(text))} - {None}
    if named_titles and any(c.row and c.table not in named_titles for c in ans.citations):
        return True
    titles = [compact(t.title) for t in doc.tables]
    named = [m for m in find_row_matches(doc, text)
             if not is_generic(m.key) and len(m.key) >= 3 and not any(m.key in title for title in titles)]
    cited = compact("".join(c.row + c.column + c.table + c.text for c in ans.citations))  # the text has the code
    unquoted = lambda text: re.sub(r"[“”\"'‘’]", "", text)  # '三公经费' names the row printed “三公”经费
    # a row named by a short name (市三院) is cited by its label
    return bool(named) and bool(ans.citations) and not all(
        unquoted(m.key) in unquoted(cited) or any(compact(r.label) in cited for _, r in m.rows) for m in named)


def proves(checks, value: Decimal) -> bool:
    """A check computed this figure, or verified the printed figure against its parts."""
    return any(abs(c.result) == abs(value) if c.reported is None else (c.ok and c.reported == value) for c in checks)
