"""Units ranked, listed or added by a measure of their own ('下属单位中X最多', '哪几个单位Y最大'): the unit rows
of a table printed by unit (单位名称 | 合计 …), the table chosen by the measure asked — income in an income table, else
spending — and each unit's total column. A question naming a row (工资福利支出) measures that row, not the unit."""
from __future__ import annotations

import re
from functools import lru_cache

from corpus.metadata import NAME_END
from corpus.model import Disclosure, Table
from corpus.table_kinds import table_kind
from corpus.text import without_bracketed_end
from corpus.units import unit_kinds
from qa.collection import Collection, rows_collection
from qa.columns import INCOME_KINDS
from qa.resolve import find_row_matches, is_generic, label_key, unit_names

_UNITS_ASKED = re.compile(r"下属|所属|直属|各单位|哪个单位|哪家|哪几家|哪几个单位|哪些单位|哪[两三四五六七八九十]个(?:单位)?|哪[两三四五六七八九十]家")
_BELOW = re.compile(r"下属|所属|直属")
# the measure asked → the kinds of table that print it by unit, in turn (nothing said: a budget's whole, either side)
_MEASURES = (("三公", ("三公经费表",)), ("基本支出", ("基本支出表",)), ("项目", ("项目支出表",)),
             ("收入", INCOME_KINDS), ("支出", ("支出总表",)))


def unit_rows(doc: Disclosure, q: str, text: str) -> Collection | None:
    if not (_UNITS_ASKED.search(q) or units_counted().search(q)):
        return None
    units = unit_names(doc) | {doc.department}
    if any(not is_generic(m.key) and m.key not in units for m in find_row_matches(doc, text)):
        return None  # a row measured in each unit (工资福利支出): not the units' totals
    for table in measure_tables(doc, q):  # the likeliest table printing two or more units
        if len(rows := unit_rows_of(table, doc, units)) >= 2:
            break
    else:
        return None
    if counted := units_counted().search(q):  # '两个中心': the units of that kind
        rows = [r for r in rows if without_bracketed_end(r.label).endswith(counted.group(1))] or rows
    if _BELOW.search(q):  # the units below the department: not its own row
        rows = [r for r in rows if label_key(r.label, doc.department) not in (doc.department, "本级")] or rows
    return rows_collection(table, rows, text, f"{table.title}所列各单位")


def measure_tables(doc: Disclosure, q: str) -> list[Table]:
    """The tables that print the measure the question asks of a unit, the likeliest first."""
    kinds = next((k for word, k in _MEASURES if word in q), ("支出总表",) + INCOME_KINDS)
    return sorted((t for t in doc.tables if table_kind(t.title) in kinds), key=lambda t: kinds.index(table_kind(t.title)))


@lru_cache(maxsize=1)
def units_counted() -> re.Pattern:
    """'五个分局', '这三个X中心': a number of units of a kind the genre's units are (corpus/unit_kinds.json)."""
    return re.compile(rf"[两三四五六七八九十\d]+(?:个|家)[\u4e00-\u9fff]{{0,8}}?({'|'.join(unit_kinds())})")


def unit_rows_of(table: Table, doc: Disclosure, units: set[str]) -> list:
    """The rows of a table by unit (单位名称, 部门名称) that name units — known ones, or names ending as a unit's do
    (…中心, …局) — at its top or under the department's row: not the projects or items printed under them."""
    if not re.search(r"单位|部门", "".join(table.columns[:1])):
        return []
    return [r for r in table.rows if not r.is_total and (r.parent is None or r.parent == doc.department)
            and (label_key(r.label, doc.department) in units | {"本级"}
                 or without_bracketed_end(r.label)[-1:] in NAME_END)]
