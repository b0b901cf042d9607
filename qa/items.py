"""The set of things a list, count or ranking question is about: rows of a table, the items under a row or column,
or what qa.document_items collects (forms, organisation units, glossary entries, duties) — each with its citation.

    >>> from corpus import load_document
    >>> doc = load_document("corpus/documents/datong_gaj_2023_budget.txt")
    >>> items = collect_items(doc, "机关运行经费情况统计表列出哪些单位")
    >>> items.what, len(items.items)
    ('2023年机关运行经费预算财政拨款情况统计表', 10)
"""
from __future__ import annotations

import re

from corpus.model import Disclosure, Row, Table
from corpus.text import compact
from qa.answer import Citation
from qa.collection import Collection, Item, rows_collection
from qa.document_items import (EXCLUDED, UNIT_END, category_members, forms_of_unit, glossary_entries,
                               is_same_unit, numbered_duties, organisation_units, tables_of_document)
from qa.columns import column_words_in, named_columns, rank_tables
from qa.resolve import Match, find_row_matches, is_generic, is_subsequence, label_key
from qa.row_picking import unit_said
from qa.table_hints import hinted_table, question_key
from qa.unit_rows import unit_rows


def collect_items(doc: Disclosure, text: str) -> Collection | None:
    q = question_key(text)
    for collect in (tables_of_document, rows_with_name, forms_of_unit, glossary_entries, numbered_duties,
                    income_sources, unit_rows, organisation_units, rows_listed, columns_listed, rows_under_named_row,
                    columns_under_named_column, items_of_named_column, rows_of_named_table, classes_of_spending,
                    rows_by_named_column):
        if (found := collect(doc, q, text)) is not None and found.items:
            found.items = exclude_named(found.items, q.replace(doc.department, ""), doc)
            return found if found.items else None
    return None


def exclude_named(items: list[Item], q: str, doc: Disclosure) -> list[Item]:
    """'不含X和Y' drops those items; '直属分局中' keeps the members of that category of the 机构设置; '分局' keeps only the 分局."""
    labels = {compact(label_key(i.label)) for i in items}
    for clause in EXCLUDED.findall(q):
        for name in re.split(r"和|、|及|与", clause):
            own, name = "本级" in name, name.replace("本级", "")  # '除了X本级': the department's own row left out
            items = [i for i in items if not own or label_key(i.label, doc.department) not in (doc.department, "本级")]
            # '除了X的Y': the item is the label the words end with
            name = next((lb for lb in sorted(labels, key=len, reverse=True) if len(lb) >= 2 and name.endswith(lb)), name)
            if len(name) >= 2:
                items = [i for i in items if compact(label_key(i.label)) != name and not compact(i.label).endswith(name)
                         and not (len(name) >= 4 and compact(label_key(i.label)).startswith(name))]  # 除了教育(支出)
    asked = EXCLUDED.sub("", q)  # what is asked about, without the clauses it leaves out
    members = category_members(doc, asked)
    if members is not None:
        return [i for i in items if any(is_same_unit(label_key(i.label, doc.department), m) for m in members)]
    if "下属" in asked and sum("下属" in i.label for i in items) < 2:
        # the units below the department: all it lists but itself (…本级)
        items = [i for i in items if not (compact(i.label).startswith(doc.department) and "本级" in i.label)]
    for group in ("直属", "县级", "区级"):
        if group in asked and sum(group in i.label for i in items) < 2:
            return []  # a subgroup the items do not mark cannot be told apart
    # a kind of unit asked for, as the items' own names end ('分局里谁最多'): no list of one sector's unit words
    kinds = {i.label[-k:] for i in items for k in (2, 3)
             if len(i.label) > k + 1 and i.label[-1] in UNIT_END and i.label[-k:] in asked}
    kinds = {k for k in kinds if not any(k != o and o.endswith(k) for o in kinds)} if kinds else kinds
    if len(kinds) == 1:
        items = [i for i in items if i.label.endswith(next(iter(kinds)))] or items
    unit = unit_said(doc, asked)  # one unit's rows of a table by unit ('医院A…几个项目')
    return [i for i in items if unit in compact(i.label)] or items if unit else items


def rows_with_name(doc: Disclosure, q: str, text: str) -> Collection | None:
    """'X在某表里出现几次': the rows carrying one name."""
    if not re.search(r"出现|几次|几行|多少行|多少次", q):
        return None
    matches = [m for m in find_row_matches(doc, text) if len(m.key) >= 4]
    if not matches:
        return None
    ranked = rank_tables(matches[0].rows, text)
    rows = [r for t, r in ranked if t is ranked[0][0]]
    return rows_collection(ranked[0][0], rows, text, f"{ranked[0][0].title}中名为“{rows[0].label}”的行")


_LOOSELY_NAMED = re.compile(r"([\u4e00-\u9fff]{2,10}?)(?:那块|这块|那部分|这部分|方面|那一块|这一块|那些开支|这些开支|"
                            r"这一类|这类|那一类|下面|里头|里面|里)")


_UNITS_SAID = re.compile(r"(?:下属|所属|直属|二级|基层|各)(?:预算)?单位")


def loosely_named_parent(doc: Disclosure, q: str) -> list[tuple[Table, Row]]:
    """'教育那块', '养老方面': the one subject row with rows below it whose label holds the words."""
    # '下属单位里' names the units, not a subject whose label holds 单位 (行政事业单位养老支出)
    found = _LOOSELY_NAMED.search(_UNITS_SAID.sub("", q.replace(doc.department, "")))
    if not found:
        return []
    for start in range(len(found.group(1)) - 1):  # the longest tail of the words that some label holds
        words = found.group(1)[start:]
        parents = [(t, r) for t in doc.tables if not t.empty for r in t.rows
                   if r.code and (words in label_key(r.label) or len(words) >= 4 and is_subsequence(words, label_key(r.label)))
                   and any(c.parent == r.label for c in t.rows)]
        if parents:  # the broadest subject holding them (城乡社区 → 城乡社区支出, not its 款)
            top = min(r.level or 0 for _, r in parents)
            parents = [(t, r) for t, r in parents if (r.level or 0) == top]
            return parents if len({label_key(r.label) for _, r in parents}) == 1 else []
    return []


def rows_listed(doc: Disclosure, q: str, text: str) -> Collection | None:
    """'201、205、213这几类中哪个最多', '基本工资和津贴补贴哪个多': the rows the question lists, read in one table that
    prints each of them once."""
    matches = [m for m in find_row_matches(doc, EXCLUDED.sub("", question_key(text))) if not is_generic(m.key)]
    if len(matches) < 2:  # names in a '不含…' clause are left out, not listed
        return None
    for table, _ in rank_tables(matches[0].rows, text):
        rows = [[r for t, r in m.rows if t is table] for m in matches]
        if all(len(found) == 1 for found in rows) and len({id(found[0]) for found in rows}) == len(rows):
            return rows_collection(table, [found[0] for found in rows], text, "所列各项")
    return None


def rows_under_named_row(doc: Disclosure, q: str, text: str) -> Collection | None:
    """'X下有哪些科目', 'X各行中最大的一项': the rows under a named row."""
    matches = find_row_matches(doc, text)
    if not matches and (parents := loosely_named_parent(doc, q)):
        matches = [Match(label_key(parents[0][1].label), 0, parents)]
    if not matches:
        return None
    for match in matches:
        level = asked_level(q)
        for table, row in rank_tables(match.rows, text):
            if level and row.code and (row.level or 0) < level:  # '…下面“项”级的': descendants at that level
                children = [r for r in table.rows if r.code and r.level == level and row.label in r.path[:-1]]
            else:
                children = [r for r in table.rows if r.parent == row.label and r.level == (row.level or 0) + 1]
                while len(children) == 1 and children[0].code and len(matches) == 1:  # 公共安全支出 › 司法 alone: the items are below it
                    only = children[0]
                    children = [r for r in table.rows if r.parent == only.label and r.level == (only.level or 0) + 1
                                and only.label in r.path[:-1]]
                    children = children or [only]
                    if children == [only]:
                        break
            if children:
                return rows_collection(table, children, text, f"{row.label}下的各项")
    return None


_LEVELS = {"类": 1, "款": 2, "项": 3}
_LEVEL_ASKED = re.compile(r"[“\"（(]?([类款项])[”\"）)]?级")


def asked_level(q: str) -> int:
    """The subject-code level a question names ('项级', '“款”级'), 0 when none."""
    found = _LEVEL_ASKED.search(q)
    return _LEVELS[found.group(1)] if found else 0


def items_of_named_column(doc: Disclosure, q: str, text: str) -> Collection | None:
    """'公用经费用于多少个经济分类科目': the 经济分类 items (款, codes 3xxxx or 5xxxx) printing a figure in the column the
    question names by its own header, in the table that prints them."""
    if not re.search(r"科目|款|哪些|几个|几项|多少个|多少项", q):
        return None
    tables = [t for t in doc.tables if not t.empty and not any(r.side for r in t.rows)
              and any(r.level == 2 and (r.code or "")[:1] in "35" for r in t.rows)]
    named = {id(t): (t, leaf) for t in tables for leaf in named_columns([(t, t.rows[0])], text)}
    if not named:
        return None
    table = rank_tables([(t, t.rows[0]) for t, _ in named.values()], text)[0][0]
    leaf = named[id(table)][1]
    column = next(c.column for r in table.rows for c in r.cells if compact(c.column.split("/")[-1]) == leaf)
    rows = [r for r in table.rows if r.level == 2 and (r.code or "")[:1] in "35"
            and (cell := r.cell(column)) is not None and cell.value]
    return Collection(f"{leaf}列有金额的经济科目", table.unit, column,
                      [Item(r.full_label, r.cell(column).value,
                            Citation(table.doc_id, table.title, r.full_label, column, r.source.line, r.source.text))
                       for r in rows])


def rows_of_named_table(doc: Disclosure, q: str, text: str) -> Collection | None:
    table = hinted_table(doc, text)
    if table is None or table.horizontal:  # a one-row table has columns, not rows, to list
        return None
    if table.empty:
        return Collection(f"{table.title}（{table.note or '本表无数据'}）", table.unit, "",
                          [Item("本表无数据，即未安排", None, Citation(doc.id, table.title, "", "", table.line_start,
                                                               doc.lines[table.line_start - 1]))])
    rows = [r for r in table.rows if not r.is_total]
    if sum(bool(_TEXT.search(r.full_label)) for r in rows) * 3 > len(rows):  # indicators' texts: never counted,
        rows = [] if _COUNT.search(q) else [r for r in rows if not _TEXT.search(r.full_label) and any(c.value for c in r.cells[:1])]
    by_function = re.search(r"类", q) and not re.search(r"经济", q)
    if by_function and functional_classes(table):  # coded, or known by their standard names among other rows
        rows = functional_classes(table)
    elif re.search(r"类", q) and any(r.level == 1 for r in rows):
        rows = [r for r in rows if r.level == 1]
    elif _CLASSES_ASKED.search(q) and re.search(r"功能", q):
        return None  # 类 of spending asked of a table that prints none: its rows are not they
    elif any(r.level == 2 and r.parent for r in rows) and not re.search(r"项|科目|各行", q):
        rows = [r for r in rows if r.level != 2]
    elif re.search(r"具体|明细|科目", q):  # the items themselves: a heading with items under it is not one more
        rows = [r for r in rows if not any(r.holds(o) for o in rows)] or rows
    return rows_collection(table, rows, text, table.title)


_TEXT, _COUNT = re.compile(r"[，。；%≤≥]|.{40,}"), re.compile(r"几|多少[个项]")  # an indicator's text; a count
_CLASSES_ASKED = re.compile(r"哪[一两二三几]?个?类|各类|哪些类|每一?类|哪几大?块|几大块|几个?大类|大头")


def columns_listed(doc: Disclosure, q: str, text: str) -> Collection | None:
    """'基本支出和项目支出各多少': two or more kinds of spending (or funds) named and no row — those columns of the
    total row of the table that prints them all, the table the genre answers such a question from first."""
    words = [w for w in column_words_in(text) if w not in ("合计", "小计")]
    if len(words) < 2 or [m for m in find_row_matches(doc, text) if not is_generic(m.key)]:
        return None
    for table, total in rank_tables([(t, r) for t in doc.tables if not t.empty for r in t.rows if r.is_total], text):
        cells = [next((c for c in total.cells if c.column.split("/")[-1] == w), None) for w in words]
        if None not in cells:
            return Collection(f"{table.title}的{total.label}", table.unit, "", [
                Item(c.column.split("/")[-1], c.value, Citation(table.doc_id, table.title, total.full_label, c.column,
                                                                total.source.line, total.source.text)) for c in cells])
    return None


_INCOME_ASKED = re.compile(r"(?:钱|收入|资金|经费)(?:是|都)?(?:从哪|哪里来|哪儿来|的?来源|来自)")


def income_sources(doc: Disclosure, q: str, text: str) -> Collection | None:
    """'钱从哪里来': the sources of income — the columns of the income table's total row that hold a figure."""
    if not _INCOME_ASKED.search(q):
        return None
    tables = [t for t in doc.tables if not t.empty and "收入" in t.title and "支出" not in t.title
              and any(r.is_total for r in t.rows)]
    for table in tables:
        total = next(r for r in table.rows if r.is_total)
        cells = [c for c in total.cells if c.value is not None and not c.column.endswith(("合计", "小计", "总计"))]
        if cells:
            return Collection(f"{table.title}所列的收入来源", table.unit, "", [
                Item(c.column.split("/")[-1], c.value, Citation(table.doc_id, table.title, total.full_label, c.column,
                                                                total.source.line, total.source.text)) for c in cells])
    return None


def rows_by_named_column(doc: Disclosure, q: str, text: str) -> Collection | None:
    """'项目支出中最多的是哪项': a kind of spending named, no row — the 项 of the table by function, in that column."""
    kinds = [k for k in ("项目支出", "基本支出") if k in q]
    if len(kinds) != 1 or [m for m in find_row_matches(doc, text) if not is_generic(m.key)] \
            or re.search(kinds[0] + r"[\u4e00-\u9fff]{0,8}表", q):  # a table of that name is another thing
        return None  # both named ('基本支出和项目支出各多少') asks for the two totals, not the rows
    kind = kinds[0]
    tables = [t for t in doc.tables if not t.empty and not any(r.side for r in t.rows)
              and any(c.split("/")[-1] == kind for c in t.columns) and any(r.level == 3 for r in t.rows)]
    if not tables:
        return None
    table = rank_tables([(t, t.rows[0]) for t in tables], text)[0][0]
    rows = [r for r in table.rows if r.level == 3 and not r.is_total]
    return rows_collection(table, rows, text, f"{table.title}各项")


def classes_of_spending(doc: Disclosure, q: str, text: str) -> Collection | None:
    """'哪类支出最大' naming no table: the 类 (first-level subject codes) of the table the genre answers it from —
    the one of the fund named, else the usual home of spending by function (TABLE_PREFERENCE)."""
    if not _CLASSES_ASKED.search(q) or not re.search(r"支出|花|用在|用于", q):
        return None
    tables = [t for t in doc.tables if not t.empty and functional_classes(t)]
    if not tables:
        return None
    table = rank_tables([(t, functional_classes(t)[0]) for t in tables], text)[0][0]
    return rows_collection(table, functional_classes(table), text, table.title)


def functional_classes(table: Table) -> list[Row]:
    """The table's 类 of spending by function (支出功能分类 codes of 3 digits opening with 2; 经济分类 ones open with
    3 or 5), printed with their codes or known by their standard names (a 收支总表's spending side)."""
    return [r for r in table.rows if not r.is_total and len(code := r.subject_code) == 3
            and code.startswith("2")]


_GROUP_NOISE = re.compile(r"20\d\d年度?|预算数|决算数")


def columns_under_named_column(doc: Disclosure, q: str, text: str) -> Collection | None:
    """'X由哪几部分组成': the columns under a header the question names, in a one-row table."""
    for table in (t for t in doc.tables if t.horizontal and not t.empty and t.rows):
        row = table.rows[0]
        for cell in row.cells:
            parts = cell.column.split("/")
            group = next((p for p in parts[:-1]
                          if len(name := _GROUP_NOISE.sub("", question_key(p))) >= 4 and name in q), None)
            if group is None:
                continue
            prefix = cell.column[:cell.column.index(group) + len(group)] + "/"
            under = [c for c in row.cells
                     if c.column.startswith(prefix) and c.column.split("/")[-1] not in ("合计", "小计")]
            if len(under) >= 2:
                return Collection(f"{group}的组成", table.unit, prefix.rstrip("/"),
                                  [Item(c.column.split("/")[-1], c.value,
                                        Citation(table.doc_id, table.title, row.label, c.column, row.source.line,
                                                 row.source.text)) for c in under])
    return None


# the rows asked are those with money in them ('有金额的', '安排了资金的'), not every row printed
