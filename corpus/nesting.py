"""The nesting of rows printed without codes or list marks, read from the table's own arithmetic.

Some layouts print a classification's 类, 款 and 项 (or an economic 类 and its 款) as names only, their depth shown by
indentation the text does not keep. Every such table is a full tree — each 类 holds 款, each 款 holds 项, the 项 are its
leaves — in which each row is the sum of the rows it holds and the rows at the top make the total. Read in order,
that leaves one nesting at most: it is taken when the whole run of rows nests so, each sum within the rounding of
its parts, and the top rows make the total printed beside the run; a run that nests in two ways, or in none, keeps
no nesting (nothing is guessed).

    >>> from corpus.model import Cell, Row, Source
    >>> def row(label, value):
    ...     return Row(label, [Cell("合计", Decimal(value), value)], Source("d", 1, label))
    >>> rows = [row("合计", "12"), row("公共安全支出", "12"), row("公安", "12"), row("行政运行", "10"),
    ...         row("执法办案", "2")]
    >>> nest_by_sums(rows)
    True
    >>> [(r.label, r.level, r.parent) for r in rows[1:]]
    [('公共安全支出', 1, None), ('公安', 2, '公共安全支出'), ('行政运行', 3, '公安'), ('执法办案', 3, '公安')]
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from corpus.classification import code_for_path
from corpus.model import Row

DEPTHS = (3, 2)  # 类/款/项, and 类/款 (an economic classification, or a functional one printed to 款)
MAX_STEPS = 20000  # a search longer than this is not a table's nesting


def nest_by_sums(rows: list[Row]) -> bool:
    """Nest the rows of one side of a table (in printed order) where their sums allow exactly one way; True when
    some run was nested."""
    nested = False
    for head, run in bare_runs(rows):
        column = figure_column(head, run)
        if column is None:
            continue
        values = [value_of(r, column) for r in run]
        if head.is_total:
            trees = [t for depth in DEPTHS if (t := full_tree(values, depth, value_of(head, column))) is not None]
            if len(trees) != 1:
                nested = nest_by_names(run) or nested  # sums that do not nest (the disclosure's own slip)
                continue
            for row, (level, parent) in zip(run, trees[0]):
                nest(row, level, run[parent] if parent is not None else None)
        elif abs(sum(values) - value_of(head, column)) <= quantum_of(values) * len(values):
            for row in run:  # '一、财政拨款' and, unmarked under it, 一般公共预算 and 政府性基金预算
                nest(row, (head.level or 1) + 1, head)
        else:
            continue
        nested = True
    return nested


def nest_listed_parts(rows: list[Row]) -> bool:
    """A list numbered afresh (一、二、…) straight under a row that is no total, whose figures make that row's, is
    that row's parts: the genre's 上年结转结余 › 一、一般公共预算拨款, 二、政府性基金预算拨款. Rows of one side, in
    printed order; True when some list was nested.

    >>> from corpus.model import Cell, Row, Source
    >>> def row(text, value):
    ...     return Row(text.split("、")[-1], [Cell("预算数", Decimal(value) if value else None, value)],
    ...                Source("d", 1, text + "\\t" + value))
    >>> rows = [row("本年收入合计", "9"), row("上年结转结余", "3"), row("一、一般公共预算拨款", "2"),
    ...         row("二、政府性基金预算拨款", "1"), row("三、国有资本经营预算拨款", ""), row("收入总计", "12")]
    >>> nest_listed_parts(rows), [r.parent for r in rows]
    (True, [None, None, '上年结转结余', '上年结转结余', '上年结转结余', None])
    """
    nested = False
    for i, head in enumerate(rows):
        column = next((c.column for c in head.cells if c.value is not None), None)
        if head.is_total or head.code or head.parent or column is None:
            continue
        run: list[Row] = []
        for row in rows[i + 1:]:
            mark = list_mark(row)
            if row.is_total or row.code or row.parent or mark is None or (run and mark in _FIRST_MARKS):
                break
            run.append(row)
        if len(run) < 2 or list_mark(run[0]) not in _FIRST_MARKS:
            continue
        if abs(sum(value_of(r, column) for r in run) - value_of(head, column)) <= quantum_of(
                [value_of(r, column) for r in run]) * len(run):
            for row in run:
                nest(row, (head.level or 1) + 1, head)
            nested = True
    return nested


_LIST_MARK = re.compile(r"^(?:其中[：:])?([（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|\d{1,2}[、．.])")
_FIRST_MARKS = ("一、", "（一）", "(一)", "1、", "1．", "1.")


def list_mark(row: Row) -> str | None:
    """The place in a list printed before the row's label ('二、'), if any."""
    for cell in row.source.text.split("\t"):
        cell = cell.strip()
        if cell != row.label and cell.endswith(row.label) and (mark := _LIST_MARK.match(cell)):
            return mark.group(1)
    return None


def nest_groups_by_sums(rows: list[Row]) -> bool:
    """A list of items under name rows (a 政府采购 table: 货物 › a unit › its purchases) whose name rows hold further
    name rows: each name row printed straight above another is the sum of the name rows it holds. The name rows are
    nested in two levels where their sums allow exactly one way, the top ones making the total; True when nested."""
    total = next((r for r in rows if r.is_total), None)
    groups = [r for r in rows if is_group(r)]
    if total is None or not any(is_group(a) and is_group(b) for a, b in zip(rows, rows[1:])):
        return False
    column = full_column(total, groups) or figure_column(total, groups)
    if column is None:
        return False
    tree = full_tree([value_of(g, column) for g in groups], 2, value_of(total, column))
    if tree is None:
        return False
    for group, (level, parent) in zip(groups, tree):
        nest(group, level, groups[parent] if parent is not None else None)
    group_ids = {id(g) for g in groups}
    held: Row | None = None  # the name row the items below it belong to
    for row in rows:
        if id(row) in group_ids:
            held = row
        elif row.is_total:
            held = None
        elif held is not None and row.parent == held.label:
            nest(row, (held.level or 1) + 1, held)
    return True


def is_group(row: Row) -> bool:
    """A name row over the items below it (the parser's economic-group reading): no code, no qualifiers."""
    return row.level == 1 and not row.code and not row.qualifiers and not row.is_total and row.side is None


def full_column(head: Row, run: list[Row]) -> str | None:
    """The first column in which the head and every row of the run print a figure."""
    return next((c.column for c in head.cells if c.value is not None and all(printed(r, c.column) for r in run)), None)


def nest_by_names(run: list[Row]) -> bool:
    """A run of 功能分类 rows nested by the standard's names when their sums do not decide: each row placed as deep
    as the names allow — a 项 of the 款 above, else a 款 of the 类 above, else a 类; a name the standard's list
    (corpus/classification.json) lacks is a 项 of the 款 above — and the run nested only when every row finds its place
    (the standard prints 其他… as a 款 and again as its 项, in that order).

    >>> from corpus.model import Cell, Row, Source
    >>> rows = [Row(n, [Cell("合计", Decimal(1), "1")], Source("d", 1, n)) for n in ("一般公共服务支出", "社会工作事务",
    ...         "其他社会工作事务支出", "其他一般公共服务支出", "其他一般公共服务支出", "国防支出", "国防动员", "交通战备")]
    >>> nest_by_names(rows), [(r.level, r.parent) for r in rows][:5]
    (True, [(1, None), (2, '一般公共服务支出'), (3, '社会工作事务'), (2, '一般公共服务支出'), (3, '其他一般公共服务支出')])
    """
    placed: list[tuple[int, Row | None]] = []
    stack: list[tuple[str, Row]] = []  # (code, row) of the current 类 and 款
    for row in run:
        for depth in range(len(stack), -1, -1):
            above = stack[:depth]
            names = tuple(r.label for _, r in above) + (row.label,)
            code = code_for_path(names, "2") if depth < 3 else None
            if code is not None and len(code) == 3 + 2 * depth:
                placed.append((depth + 1, above[-1][1] if above else None))
                stack = above + [(code, row)] if depth < 2 else above
                break
        else:
            if len(stack) != 2:
                return False
            placed.append((3, stack[1][1]))  # a name the standard's list lacks, under a 款: one of its 项
    for row, (level, parent) in zip(run, placed):
        nest(row, level, parent)
    return True


def nest(row: Row, level: int, parent: Row | None) -> None:
    row.level, row.parent = level, parent.label if parent is not None else None
    row.path = ((parent.path or (parent.label,)) if parent is not None else ()) + (row.label,)


def bare_runs(rows: list[Row]) -> list[tuple[Row, list[Row]]]:
    """Each run of consecutive rows with no code, no list mark and no parent, with the row it belongs to: the total
    printed just before it (合计 at the top) or a numbered row just before it, else the total just after it (本年支出合计
    at the foot), else the row above it."""
    found, run, before = [], [], None
    for row in rows + [None]:
        if row is not None and not row.is_total and is_bare(row):
            run.append(row)
            continue
        after = row if row is not None and row.is_total else None
        # a numbered row just above ('二、上年结转结余') holds the run even where a foot total follows it
        head = before if before is not None and (before.is_total or after is None or list_mark(before)) else after
        if run and head is not None and (len(run) > 1 or not head.is_total):
            found.append((head, run))
        run, before = [], row
    return found


def is_bare(row: Row) -> bool:
    """A row whose place in the classification nothing printed says: no code, no list mark, no parent."""
    if row.code or row.parent or row.level is not None or row.qualifiers:
        return False
    return not any(cell.strip() != row.label and cell.strip().endswith(row.label) for cell in row.source.text.split("\t"))


def figure_column(head: Row, run: list[Row]) -> str | None:
    """The first column in which the head and most of the run's rows that print any figure print one (the rows'
    totals); a row left wholly blank says nothing (政府性基金预算 and 国有资本经营预算 blank under 上年结转结余)."""
    voters = [r for r in run if any(c.value is not None for c in r.cells)]
    for cell in head.cells:
        if cell.value is not None and voters and sum(printed(r, cell.column) for r in voters) * 2 > len(voters):
            return cell.column
    return None


def printed(row: Row, column: str) -> bool:
    return any(c.column == column and c.value is not None for c in row.cells)


def value_of(row: Row, column: str) -> Decimal:
    return next((c.value for c in row.cells if c.column == column and c.value is not None), Decimal(0))


def quantum_of(values: list[Decimal]) -> Decimal:
    """The finest place the figures are printed to: what one rounded figure may be off by."""
    return min((Decimal(1).scaleb(v.as_tuple().exponent) for v in values if v), default=Decimal(1))


def full_tree(values: list[Decimal], depth: int, total: Decimal) -> list[tuple[int, int | None]] | None:
    """(level, index of the parent) of each value when they form, in order, exactly one tree whose leaves are all at
    `depth` and whose inner nodes are each the sum of their children, the top nodes making `total`; else None."""
    quantum = quantum_of(values)
    steps = [0]
    found: list[list[tuple[int, int | None]]] = []

    def close(a: Decimal, b: Decimal, parts: int) -> bool:
        return abs(a - b) <= quantum * parts

    def subtree(i: int, level: int, parent: int | None, out: list) -> Iterator[int]:
        """Ends of the subtrees rooted at row i."""
        steps[0] += 1
        if steps[0] > MAX_STEPS or i >= len(values):
            return
        out.append((level, parent))
        if level == depth:
            yield i + 1
        else:
            yield from children(i + 1, i, level + 1, Decimal(0), 0, out)
        out.pop()

    def children(j: int, parent: int, level: int, acc: Decimal, count: int, out: list) -> Iterator[int]:
        if count and close(acc, values[parent], count):
            yield j
        if j < len(values) and acc < values[parent] + quantum * (count + 1):
            for end in subtree(j, level, parent, out):
                yield from children(end, parent, level, acc + values[j], count + 1, out)

    def tops(i: int, acc: Decimal, count: int, out: list) -> None:
        if len(found) > 1 or steps[0] > MAX_STEPS:
            return
        if i == len(values):
            if close(acc, total, count):
                found.append(list(out))
            return
        for end in subtree(i, 1, None, out):
            tops(end, acc + values[i], count + 1, out)

    tops(0, Decimal(0), 0, [])
    return found[0] if len(found) == 1 and steps[0] <= MAX_STEPS else None
