"""The set of things a list, count or ranking question is about: rows of a table, the items under a row,
project forms of a unit, organisation units, glossary entries or numbered duties — each with its citation.

    >>> from corpus import load_document
    >>> doc = load_document("corpus/documents/datong_gaj_2023_budget.txt")
    >>> items = collect_items(doc, "机关运行经费情况统计表列出哪些单位")
    >>> items.what, len(items.items)
    ('2023年机关运行经费预算财政拨款情况统计表', 10)
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from corpus.model import Disclosure, Row, Table
from corpus.text import compact
from qa.answer import Citation
from qa.resolve import (Match, choose_column, column_words_in, find_forms, find_row_matches, hinted_table, is_generic, is_subsequence,
                        label_key, named_columns, question_key, rank_tables, table_hint)

_EXCLUDE = re.compile(r"(?:不含|不包括|不算|不计|排除|去掉|扣除|除了|除去?)([^）)，,。?]+)")
_NUMBERED = re.compile(r"^\d+[、.．]")


@dataclass
class Item:
    label: str
    value: Decimal | None
    citation: Citation


@dataclass
class Collection:
    what: str  # what the items are, for the answer's wording
    unit: str = ""
    column: str = ""
    items: list[Item] = field(default_factory=list)


def collect_items(doc: Disclosure, text: str) -> Collection | None:
    q = question_key(text)
    for collect in (tables_of_document, rows_with_name, forms_of_unit, glossary_entries, numbered_duties,
                    income_sources, organisation_units, rows_listed, columns_listed, rows_under_named_row,
                    columns_under_named_column, items_of_named_column, rows_of_named_table, classes_of_spending,
                    rows_by_named_column):
        found = collect(doc, q, text)
        if found is not None and found.items:
            found.items = exclude_named(found.items, q.replace(doc.department, ""), doc)
            return found if found.items else None
    return None


def exclude_named(items: list[Item], q: str, doc: Disclosure) -> list[Item]:
    """'不含X和Y' drops those items; '直属分局中' keeps the members of that category of the
    机构设置; '分局' keeps only the 分局 when some items are."""
    labels = {compact(label_key(i.label)) for i in items}
    for clause in _EXCLUDE.findall(q):
        for name in re.split(r"和|、|及|与", clause):
            name = name.replace("本级", "")
            # '除了X的Y': the item is the label the words end with
            name = next((lb for lb in sorted(labels, key=len, reverse=True) if len(lb) >= 2 and name.endswith(lb)), name)
            if len(name) >= 2:
                items = [i for i in items if compact(label_key(i.label)) != name and not compact(i.label).endswith(name)
                         and not (len(name) >= 4 and compact(label_key(i.label)).startswith(name))]  # 除了教育(支出)
    asked = _EXCLUDE.sub("", q)  # what is asked about, without the clauses it leaves out
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
             if len(i.label) > k + 1 and i.label[-1] in _UNIT_END and i.label[-k:] in asked}
    kinds = {k for k in kinds if not any(k != o and o.endswith(k) for o in kinds)} if kinds else kinds
    if len(kinds) == 1:
        kind = next(iter(kinds))
        items = [i for i in items if i.label.endswith(kind)] or items
    return items


def tables_of_document(doc: Disclosure, q: str, text: str) -> Collection | None:
    if not re.search(r"(几|多少)(张|个)?(预算|公开)?表|哪些表", q) or "绩效" in q or table_hint(text):
        return None
    return Collection("公开的预算表", items=[
        Item(t.title, None, Citation(doc.id, t.title, "", "", t.line_start, doc.lines[t.line_start - 1]))
        for t in doc.tables])


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


def category_members(doc: Disclosure, q: str) -> list[str] | None:
    """The units of a 机构设置 category the question names (直属分局), or None when it names none."""
    categories = {u.relation for u in doc.org_units if len(u.relation) > 2}
    named = [c for c in categories if c in q]
    if not named:
        return None
    return [label_key(u.name, doc.department) for u in doc.org_units if u.relation in named]


def is_same_unit(a: str, b: str) -> bool:
    """平城分局 and 平城区分局, 直属二分局 and 直属第二分局 name one unit."""
    return a == b or is_subsequence(a, b) or is_subsequence(b, a)


def forms_of_unit(doc: Disclosure, q: str, text: str) -> Collection | None:
    if not re.search(r"绩效", q):
        return None
    units = {f.implementing_unit for f in doc.forms}
    named = [u for u in units if label_key(u, doc.department) in q and label_key(u, doc.department) != doc.department]
    if not named and doc.department + "本级" in q:
        named = [u for u in units if u == doc.department]
    forms = [f for f in doc.forms if f.implementing_unit in named] if named else (find_forms(doc, text) or doc.forms)
    if not forms:
        return None
    return Collection(f"{'、'.join(named) or forms[0].project}的项目绩效目标表", "元", "年度资金总额",
                      [Item(f.project, f.annual_funds_yuan, funds_citation(doc, f)) for f in forms])


def funds_citation(doc: Disclosure, form) -> Citation:
    """The line printing the form's annual funds (the figure listed), else its 项目名称 line."""
    funds = form.fund("年度")
    if funds is not None and funds.amount is not None:
        return Citation(doc.id, form.project, "年度资金总额", form.implementing_unit, funds.source.line, funds.source.text)
    return Citation(doc.id, form.project, "实施单位", form.implementing_unit, form.source.line, form.source.text)


def glossary_entries(doc: Disclosure, q: str, text: str) -> Collection | None:
    if "名词" not in q:
        return None
    return Collection("名词解释", items=[
        Item(g.term, None, Citation(doc.id, "名词解释", g.term, "", g.source.line, g.source.text))
        for g in doc.glossary])


def numbered_duties(doc: Disclosure, q: str, text: str) -> Collection | None:
    if "职责" not in q:
        return None
    paras = [p for p in doc.paragraphs if "职责" in p.section and _NUMBERED.match(p.text)]
    return Collection("部门职责", items=[
        Item(p.text[:30], None, Citation(doc.id, p.section, "", "", p.source.line, p.source.text))
        for p in paras])


def organisation_units(doc: Disclosure, q: str, text: str) -> Collection | None:
    kinds = "|".join(re.escape(k) for k in {u.name[-k:] for u in doc.org_units for k in (2, 3)
                                             if len(u.name) > k + 1 and u.name[-1] in _UNIT_END})  # 看守所, 公安局 …
    asks_kind = bool(kinds) and re.search(rf"(?:哪些|哪几个|几个|多少个|几家|多少家)[^，。,?？]{{0,6}}(?:{kinds})", q)
    if not (re.search(r"下辖|现辖|直属|下属|管哪些|所属|机构|(?:哪些|几家|几个|多少家?)(?:预算)?单位|单位构成", q)
            or asks_kind) or table_hint(text):
        return None
    q = _EXCLUDE.sub("", q)
    units = doc.org_units
    relation = next((u.relation for u in sorted(units, key=lambda u: -len(u.relation)) if u.relation in q), "")
    if relation or re.search(r"下辖|管哪些|县", q):
        units = [u for u in units if u.relation == (relation or units[0].relation)]
    asked = re.split(r"哪些|几个|多少个|什么", q, maxsplit=1)[-1]
    # the kinds asked for, as the document's own unit names end ('看守所', '公安局'): no list of one sector's words
    endings = {u.name[-k:] for u in units for k in (2, 3, 4, 5) if len(u.name) > k and u.name[-k:] in asked}
    if endings:
        units = [u for u in units if any(u.name.endswith(e) for e in endings)] or units
    units = [u for u in units if not any(o is not u and o.name.endswith(u.name) for o in units)]  # 区司法局本部 in 普陀区司法局本部
    return Collection("机构设置中列出的单位", items=[
        Item(u.name + (f"（{u.note}）" if u.note else ""), None,
             Citation(doc.id, "机构设置", u.name, u.relation, u.source.line, u.source.text))
        for u in units])


_LOOSELY_NAMED = re.compile(r"([\u4e00-\u9fff]{2,10}?)(?:那块|这块|那部分|这部分|方面|那一块|这一块|那些开支|这些开支|"
                            r"这一类|这类|那一类|下面|里头|里面|里)")


def loosely_named_parent(doc: Disclosure, q: str) -> list[tuple[Table, Row]]:
    """'教育那块', '养老方面': the one subject row with rows below it whose label holds the words."""
    found = _LOOSELY_NAMED.search(q.replace(doc.department, ""))
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
    matches = [m for m in find_row_matches(doc, _EXCLUDE.sub("", question_key(text))) if not is_generic(m.key)]
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
    by_function = re.search(r"类", q) and not re.search(r"经济", q)
    if by_function and functional_classes(table):  # coded, or known by their standard names among other rows
        rows = functional_classes(table)
    elif re.search(r"类", q) and any(r.level == 1 for r in rows):
        rows = [r for r in rows if r.level == 1]
    elif _CLASSES_ASKED.search(q) and re.search(r"功能", q):
        return None  # 类 of spending asked of a table that prints none: its rows are not they
    elif any(r.level == 2 and r.parent for r in rows) and not re.search(r"项|科目|各行", q):
        rows = [r for r in rows if r.level != 2]
    return rows_collection(table, rows, text, table.title)


_UNIT_END = set("局队所处站院室办心")  # how the names of organisational units end (分局, 支队, 看守所, 中心 …)
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
    """'项目支出里哪一项最多': no row named, a kind of spending named — the 项 of the table of spending by function,
    read in that column."""
    kinds = [k for k in ("项目支出", "基本支出") if k in q]
    if len(kinds) != 1 or [m for m in find_row_matches(doc, text) if not is_generic(m.key)]:
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
    return [r for r in table.rows if not r.is_total and len(code := r.code or r.standard_code or "") == 3
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
_WITH_A_FIGURE = re.compile(r"有金额|有数|有(?:预算|资金|支出)的|安排了?(?:预算|资金|钱|支出)的|实际安排")


def rows_collection(table: Table, rows: list[Row], text: str, what: str) -> Collection:
    column = choose_column(table, rows[0], text) if rows else ""
    items = []
    for row in rows:
        cell = row.cell(column)
        items.append(Item(row.full_label, cell.value if cell else None,
                          Citation(table.doc_id, table.title, row.full_label, column, row.source.line,
                                   row.source.text)))
    if _WITH_A_FIGURE.search(question_key(text)):
        items = [i for i in items if i.value]
    return Collection(what, table.unit, column, items)
