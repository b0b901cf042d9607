"""Which table and which column of it a question reads: the columns it names (by the printed header, the standard
name or the genre's column words), the kind of fund it names, and the tables ranked by how well they fit it."""
from __future__ import annotations

import re

from corpus.model import Row, Table
from corpus.table_kinds import standard_column_name, table_kind
from corpus.text import compact
from qa.table_hints import QUOTES, question_key, table_hint, title_rank

# Which table a question means when a label sits in several: the genre's usual home first.
TABLE_PREFERENCE = ("支出总表", "三公", "经济科目", "经济分类", "机关运行", "项目支出", "一般公共预算支出",
                    "收入总表", "收支总表", "财政拨款", "政府性基金", "国有资本")
# Column words, longest first; matched against the last part of a column path.
COLUMN_WORDS = ("年初预算数", "调整预算数", "决算数", "预算数", "国有资本经营预算", "政府性基金预算", "一般公共预算", "财政专户管理资金", "当年预算安排", "上年结转安排",
                "政府性基金", "国有资本经营", "基本支出", "项目支出", "人员经费", "公用经费", "单位资金", "上年结转",
                "小计", "合计")



FUND_TYPES = ("政府性基金", "国有资本经营", "一般公共预算", "财政专户")


def fund_named(text: str) -> str:
    """The kind of fund (资金性质) a question names, '' when none."""
    q = question_key(text)
    return next((f for f in FUND_TYPES if f in q), "")


def rank_tables(rows: list[tuple[Table, Row]], text: str) -> list[tuple[Table, Row]]:
    """The rows ordered by how well their table fits the question (hint words, then the usual home)."""
    hint = table_hint(text)
    fund = fund_named(text)
    words = [w for w in column_words_in(text) if w not in ("合计", "小计")]
    words += [leaf for leaf in named_columns(rows, text) if not any(leaf in w for w in words)]
    q = question_key(text)
    spent = bool(re.search(r"花|支出|开支|开销|用了|用掉", q)) and "收入" not in q
    earned = "收入" in q and not re.search(r"花|支出|开支|开销|用了|用掉", q)

    def score(item):
        table = item[0]
        title = compact(table.title)
        hinted = title_rank(hint, title) if hint else 0
        other_fund = 1 if fund and fund not in title else 0  # '政府性基金…' is answered from that fund's table
        # the fewer of the columns the question names a table lacks, the better ('人员经费 of 基本支出': 基本支出/人员经费);
        # a table of one part holds it in every column (项目支出 of 一般公共预算项目支出情况表)
        lacks_column = sum(1 for w in words if not any(w in c.column for c in item[1].cells) and w not in title)
        # without '财政拨款' the question means all of the department's money, not the appropriations only
        appropriations_only = 1 if "财政拨款" in title and "财政拨款" not in q and not (fund and fund in title) else 0
        # with it, the appropriations' table, unless the row itself is named so (收支总表's 财政拨款收入)
        all_money = 1 if "财政拨款" in q and "财政拨款" not in title and "财政拨款" not in compact(item[1].label) else 0
        preference = next((i for i, p in enumerate(TABLE_PREFERENCE) if p in title), len(TABLE_PREFERENCE))
        # '2010602用掉多少': money spent is read in a table of spending, not the income table's row of that code
        other_side = 1 if spent and "收入" in title and "支出" not in title else 0
        # '某单位的收入' is read in a table of income, not in a spending table's row of that unit
        other_side = other_side or (1 if earned and not is_income_table(table.title) else 0)
        # the “三公” table answers what names it or one of its columns, not a unit's money at large
        unasked_kind = 1 if table_kind(table.title) == "三公经费表" and "三公" not in q \
            and not columns_said_in(table.columns, q) else 0
        # a unit printed beside each of its projects stands for those projects, not for the unit's money at large
        row = item[1]
        unasked_kind = unasked_kind or (1 if table_kind(table.title) in ("项目支出表", "绩效目标表") and row.qualifier_names
                                        and "项目" not in q and not any(compact(x) in q for x in row.qualifier_names) else 0)
        return (hinted, unasked_kind, other_fund, all_money, lacks_column, appropriations_only, other_side, preference)

    return sorted(rows, key=score)


_GENERIC_LEAF = re.compile(r"^(?:合计|小计|总计|预算数|决算数|本年预算|金额|[\d.]+)$")


def named_columns(rows: list[tuple[Table, Row]], text: str) -> list[str]:
    """The columns of the rows' tables the question names by their own header ('其他收入', '人员经费'), not by a
    generic word (合计, 预算数)."""
    q = question_key(text)
    leaves = {QUOTES.sub("", compact(c.column.split("/")[-1])) for _, row in rows for c in row.cells}
    return sorted((leaf for leaf in leaves if len(leaf) >= 3 and not _GENERIC_LEAF.match(leaf) and leaf in q), key=len)


INCOME_KINDS = ("收入总表", "收支总表", "财政拨款收支总表")


def is_income_table(title: str) -> bool:
    """A table that prints income (收入总表, or a 收支总表's income side) by the genre's kinds."""
    return table_kind(title) in INCOME_KINDS


def total_row(table: Table, side: str | None = None) -> Row | None:
    totals = [r for r in table.rows if r.is_total and r.side == side]
    return totals[0] if totals else None


def choose_column(table: Table, row: Row, text: str, exclude: str = "") -> str:
    """The column the question names, else the row's first (total) column."""
    q = question_key(text).replace(exclude, "")
    columns = [c.column for c in row.cells]
    # written as questions are ('（境）' as '(境)'), by its standard name or as printed ('人员类')
    said = lambda column: [question_key(column_said(column)), question_key(column.split("/")[-1])]
    named = [c for c in columns if any(len(w) >= 3 and not _GENERIC_LEAF.match(w) and w in q for w in said(c))]
    leaf = lambda column: next((w for w in said(column) if w in q), said(column)[0])
    # a group named with one of its own columns ('基本支出' and '人员经费' of 基本支出/人员经费) asks for that column
    named = sorted((c for c in named if not any(c != o and column_said(c) in o.split("/")[:-1] for o in named)),
                   key=lambda c: -len(leaf(c)))
    if named:  # the question names this table's own column ('其他收入', '事业单位经营收入')
        return named[0]
    fund = fund_named(text)
    if fund and not any(fund in compact(p) for p in (table.title, row.label)):
        columns = [c for c in columns if fund in c] or columns  # the fund's own column of a table of all funds
    for word in COLUMN_WORDS:
        if word in q:
            named = [c for c in columns if c.split("/")[-1].startswith(word) or c.split("/")[-1] == word]
            if named:
                return named[0]
    totals = [c for c in columns if c.split("/")[-1] in ("总计", "合计", "小计", "金额") or c.endswith("合计")]
    totals.sort(key=lambda c: c.count("/"))  # the whole's total before a group's (总计 before 财政拨款/合计)
    return totals[0] if totals else (columns[0] if columns else "")


def column_said(column: str) -> str:
    """How a question names a column: its last header part, or its group's name when that part is the group's
    小计 or 合计 ('公务用车购置及运行费/小计'), by its standard name ('人员类' is 人员经费: corpus/table_kinds.json)."""
    parts = column.split("/")
    return standard_column_name(parts[-2] if len(parts) >= 2 and compact(parts[-1]) in ("小计", "合计") else parts[-1])


def columns_said_in(columns: list[str], q: str) -> list[str]:
    """The columns the question `q` (a question_key) names by their own header, four characters or more."""
    return [c for c in columns if len(said := question_key(column_said(c))) >= 4 and said in q]


def column_words_in(text: str) -> list[str]:
    q = question_key(text)
    words = []
    for word in COLUMN_WORDS:
        if word in q and not any(word in w for w in words):
            words.append(word)
    return words
