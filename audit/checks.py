"""Auditing a disclosure against itself: its arithmetic inside each table, its tables against each other,
its prose (情况说明) against its tables, its project forms against the project table, and the presence of
the standard tables.

Every finding is classified **exact** (the figures agree), **rounding** (they differ by no more than the
printed figures' own rounding: each may be off by half its last digit, so a total of n printed parts by
0.005 × (n + 1) at two decimals) or **discrepancy**, shows its arithmetic and cites both sides
(table · row · column · line).

    >>> from corpus import load_document
    >>> findings = audit(load_document("corpus/documents/datong_gaj_2023_budget.txt"))
    >>> [f.expression for f in findings if f.check == "narrative_reasons"][0]
    '5456.06 + 1903.09 = 7359.15 ≠ 7479.15'
    >>> [f.check for f in findings_for(findings, 462)]  # the discrepancies the figure on line 462 is part of
    ['form_vs_table']
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from audit.finding import (CHECK_NAMES, DISCREPANCY, EXACT, ROUNDING, Finding,  # noqa: F401 (re-exported)
                           findings_for)
from audit.narrative import (CHANGE, CLAUSE, DOWN, YEAR, Block, Mention, Percent, blocks_of,
                             clean_words, read_tokens, sentence_spans)
from audit.prose import prose_claims
from corpus.model import Disclosure, ProjectForm, Row, Table, is_total_label
from corpus.money import UNITS, convert
from corpus.table_kinds import adds_up, is_of_which_column, is_part_of_column, is_total_column, table_kind
from corpus.text import compact
from qa.answer import Check, Citation
from qa.compute import check_percentage, fmt, half_unit, rounded, tolerance

ZERO = Decimal(0)

# ------------------------------------------------------------------------------------------ data tables


class Role(NamedTuple):
    """The part a table plays, known by the words of its title (all of `words`, none of `excluded`);
    `required` lists the document kinds whose 财政部 template must publish it."""

    words: tuple[str, ...]
    excluded: tuple[str, ...] = ()
    required: tuple[str, ...] = ()


_BOTH = ("预算", "决算")
TABLE_ROLES: dict[str, Role] = {
    "财政拨款收支总表": Role(("财政拨款", "总表"), (), _BOTH),
    "收支总表": Role(("收", "支", "总表"), ("财政拨款",), _BOTH),
    "收入总表": Role(("收入",), ("支出", "收支", "政府性基金", "国有资本", "财政拨款"), _BOTH),
    "支出总表": Role(("支出",), ("收入", "收支", "一般公共预算", "政府性基金", "国有资本", "三公", "项目支出",
                              "基本支出", "机关运行", "财政拨款"), _BOTH),
    "一般公共预算支出表": Role(("一般公共预算", "支出"), ("基本支出", "三公"), _BOTH),
    "基本支出表": Role(("基本支出",), ("项目",), _BOTH),
    "政府性基金收入表": Role(("政府性基金", "收入"), ("支出",)),
    "政府性基金支出表": Role(("政府性基金", "支出"), (), _BOTH),  # a 决算 prints 收入支出 in one table
    "国有资本经营表": Role(("国有资本经营",), (), _BOTH),
    "三公": Role(("三公",), (), _BOTH),
    "机关运行经费": Role(("机关运行经费",)),
    "项目支出表": Role(("项目支出", "表"), ("上年结转", "绩效")),
}

# The tables a 情况说明 section speaks about, by the words of its heading; the first match wins.
SECTION_ROLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("三公", ("三公",)),
    ("机关运行经费", ("机关运行经费",)),
    ("绩效", ("项目支出表",)),
    ("基本支出", ("基本支出表",)),
    ("财政拨款收支", ("财政拨款收支总表",)),
    ("财政拨款收入支出", ("财政拨款收支总表",)),
    ("一般公共预算", ("一般公共预算支出表",)),
    ("政府性基金", ("政府性基金支出表", "政府性基金收入表")),
    ("国有资本经营", ("国有资本经营表",)),
    ("收支数据", ("收支总表",)),
    ("收入支出", ("收支总表",)),
    ("收入", ("收入总表", "收支总表")),
    ("支出", ("支出总表",)),
    ("编制说明", ("支出总表", "一般公共预算支出表", "收支总表")),
)

# Funds beside the general budget, each with its own expenditure table: the 一般公共预算 tables leave them
# out by design, so a gap against the all-funds tables equal to them is no error.
OTHER_FUNDS = ("政府性基金支出表", "国有资本经营表")


@dataclass(frozen=True)
class Pick:
    """A figure of a table: a row (labels tried in turn; none: the grand total, or the sum of the rows when
    there is no total row), on a side of a two-sided table, in a column (words of its path; none: the row's
    total column). `item` names a row or else a column (三公 tables come both ways); `every` sums all rows
    so labelled (an economic item split over several lines); `less` are figures taken off (other funds)."""

    role: str
    rows: tuple[str, ...] = ()
    side: str = ""
    column: tuple[str, ...] = ()
    item: tuple[str, ...] = ()
    every: bool = False
    less: tuple[Pick, ...] = ()


def _less_other_funds(column: tuple[str, ...]) -> tuple[Pick, ...]:
    return tuple(Pick(role, side="支出", column=column) for role in OTHER_FUNDS)


_INCOME_TOTAL = ("本年收入合计", "收入合计", "收入总计")
_EXPENDITURE_TOTAL = ("本年支出合计", "支出合计", "支出总计")
_FISCAL_EXPENDITURE = ("本年支出合计", "支出总计", "总计")

# (what is checked, the figure under check, the reference it must equal)
CROSS_CHECKS: tuple[tuple[str, Pick, Pick], ...] = (
    ("收入总表合计 = 收支总表本年收入", Pick("收入总表"), Pick("收支总表", _INCOME_TOTAL, "收入")),
    ("支出总表合计 = 收支总表本年支出", Pick("支出总表"), Pick("收支总表", _EXPENDITURE_TOTAL, "支出")),
    ("收支总表支出总计 = 收入总计", Pick("收支总表", ("支出总计", "总计"), "支出"),
     Pick("收支总表", ("收入总计", "总计"), "收入")),
    ("财政拨款收支总表支出总计 = 收入总计", Pick("财政拨款收支总表", ("支出总计", "总计"), "支出"),
     Pick("财政拨款收支总表", ("收入总计", "总计"), "收入")),
    ("一般公共预算支出表合计 = 财政拨款收支总表一般公共预算支出", Pick("一般公共预算支出表"),
     Pick("财政拨款收支总表", _FISCAL_EXPENDITURE, "支出", ("一般公共预算",))),
    ("一般公共预算支出表合计 = 支出总表合计 − 其他资金", Pick("一般公共预算支出表"),
     Pick("支出总表", less=_less_other_funds(()))),
    ("一般公共预算支出表基本支出 = 支出总表基本支出 − 其他资金", Pick("一般公共预算支出表", column=("基本支出",)),
     Pick("支出总表", column=("基本支出",), less=_less_other_funds(("基本支出",)))),
    ("一般公共预算支出表项目支出 = 支出总表项目支出 − 其他资金", Pick("一般公共预算支出表", column=("项目支出",)),
     Pick("支出总表", column=("项目支出",), less=_less_other_funds(("项目支出",)))),
    ("基本支出经济分类表合计 = 支出总表基本支出 − 其他资金", Pick("基本支出表"),
     Pick("支出总表", column=("基本支出",), less=_less_other_funds(("基本支出",)))),
    ("项目支出表合计 = 支出总表项目支出", Pick("项目支出表"), Pick("支出总表", column=("项目支出",))),
    ("项目支出表一般公共预算 = 一般公共预算支出表项目支出", Pick("项目支出表", column=("一般公共预算",)),
     Pick("一般公共预算支出表", column=("项目支出",))),
    ("项目支出表政府性基金 = 政府性基金支出表项目支出", Pick("项目支出表", column=("政府性基金",)),
     Pick("政府性基金支出表", side="支出", column=("项目支出",))),
    ("政府性基金收入表合计 = 收支总表政府性基金收入", Pick("政府性基金收入表"), Pick("收支总表", ("政府性基金",), "收入")),
    ("政府性基金支出表合计 = 财政拨款收支总表政府性基金支出", Pick("政府性基金支出表", side="支出"),
     Pick("财政拨款收支总表", _FISCAL_EXPENDITURE, "支出", ("政府性基金",))),
    ("国有资本经营表支出 = 财政拨款收支总表国有资本经营支出", Pick("国有资本经营表", side="支出"),
     Pick("财政拨款收支总表", _FISCAL_EXPENDITURE, "支出", ("国有资本经营",))),
    ("三公经费表公务接待费 = 基本支出经济分类表公务接待费", Pick("三公", item=("公务接待费",)),
     Pick("基本支出表", ("公务接待费",), every=True)),
    ("三公经费表公务用车运行维护费 = 基本支出经济分类表公务用车运行维护费",
     Pick("三公", item=("公务用车运行维护费", "公务用车运行费", "运行费")),
     Pick("基本支出表", ("公务用车运行维护费",), every=True)),
)


@dataclass(frozen=True)
class Items:
    """The labelled figures of a table side, row by row (`by="rows"`) or as the columns of its total row."""

    role: str
    side: str = ""
    column: tuple[str, ...] = ()
    by: str = "rows"


# Lists two tables print alike, compared label by label: (what, under check, reference, document kinds).
ROW_PAIRS: tuple[tuple[str, Items, Items, tuple[str, ...]], ...] = (
    ("财政拨款收支总表收入 = 收支总表收入", Items("财政拨款收支总表", "收入"), Items("收支总表", "收入"), ()),
    ("收入总表资金来源 = 收支总表收入", Items("收入总表", by="columns"), Items("收支总表", "收入"), ()),
    ("支出总表功能分类 = 收支总表支出", Items("支出总表"), Items("收支总表", "支出"), ()),
    ("一般公共预算支出表功能分类 = 财政拨款收支总表一般公共预算", Items("一般公共预算支出表"),
     Items("财政拨款收支总表", "支出", ("一般公共预算",)), ()),
    ("收入总表功能分类 = 支出总表功能分类", Items("收入总表"), Items("支出总表"), ("预算",)),
)

# Words the prose adds to a table's labels (拨款, 预算, …) and trailing words it leaves off.
_FILLERS = ("本部门", "部门", "拨款", "预算", "当年", "年度")
_LABEL_SUFFIXES = ("收入",)
_KIND_WORDS = ("预算数", "决算数", "金额", "合计", "小计", "总计")
_TOTAL_WORDS = ("合计", "总计", "小计")

# ------------------------------------------------------------------------------------------ findings


def audit(doc: Disclosure) -> list[Finding]:
    """Every check on one disclosure, in the order: tables, across tables, prose, forms, completeness."""
    return Auditor(doc).run()


# ------------------------------------------------------------------------------------------ figures


@dataclass
class Tally:
    """A printed figure, or an arithmetic of printed figures, with where each was read. A blank cell
    counts as zero in `value` but is no term, and neither it nor a printed zero carries rounding."""

    value: Decimal
    unit: str
    terms: list[Decimal]  # the printed figures it adds up (signed)
    places: int  # decimals of its most precise term, in `unit`
    half: Decimal  # the rounding its least precise non-zero term may carry, in `unit`
    citations: list[Citation]
    label: str

    @classmethod
    def printed(cls, value: Decimal | None, unit: str, places: int, citation: Citation, label: str) -> Tally:
        half = half_unit(places) if value else ZERO
        return cls(value or ZERO, unit, [] if value is None else [value], places, half, [citation], label)

    @property
    def blank(self) -> bool:
        return not self.terms

    @property
    def rounded_terms(self) -> int:
        """How many of its terms carry rounding (printed and not zero)."""
        return sum(1 for t in self.terms if t)

    def show(self, value: Decimal) -> str:
        """A value as printed: trailing zeros a unit conversion adds dropped, 万元 kept to 0.01."""
        least = 2 if self.unit != "元" else 0
        value = value.normalize()
        return fmt(value if -value.as_tuple().exponent >= least else value.quantize(Decimal(1).scaleb(-least)))

    def expression(self) -> str:
        if len(self.terms) <= 1:
            return self.show(self.value)
        shown = self.terms if len(self.terms) <= 12 else self.terms[:6] + [None] + self.terms[-2:]
        text = self.show(shown[0])
        for term in shown[1:]:
            text += " + …" if term is None else (f" - {self.show(-term)}" if term < 0 else f" + {self.show(term)}")
        suffix = f"（共{len(self.terms)}项）" if len(self.terms) > 12 else ""
        return f"{text}{suffix} = {self.show(self.value)}"

    def in_unit(self, unit: str) -> Tally:
        if unit == self.unit:
            return self
        factor = convert(Decimal(1), self.unit, unit)
        return Tally(self.value * factor, unit, [t * factor for t in self.terms],
                      max(0, self.places - factor.adjusted()), self.half * factor, self.citations, self.label)


def total_of(figures: list[Tally], label: str, signs: list[int] | None = None) -> Tally:
    """The sum (or, with signs, the difference) of figures in the first one's unit."""
    unit = figures[0].unit
    figures = [f.in_unit(unit) for f in figures]
    signs = signs or [1] * len(figures)
    return Tally(sum((f.value * s for f, s in zip(figures, signs, strict=True)), ZERO), unit,
                  [t * s for f, s in zip(figures, signs, strict=True) for t in f.terms], max(f.places for f in figures),
                  max(f.half for f in figures), [c for f in figures for c in f.citations], label)


def coarser(a: str, b: str) -> str:
    return a if UNITS.get(a, 1) >= UNITS.get(b, 1) else b


def classify(actual: Tally, expected: Tally) -> tuple[str, Decimal, Decimal]:
    """Status, difference and rounding tolerance of two figures in the same unit."""
    places = min(actual.places, expected.places)
    diff = actual.value - expected.value
    n = actual.rounded_terms + expected.rounded_terms
    slack = tolerance(n - 1, max(actual.half, expected.half)) if n else ZERO
    if rounded(actual.value, _quantum(places)) == rounded(expected.value, _quantum(places)):
        return EXACT, diff, slack
    return (ROUNDING if abs(diff) <= slack else DISCREPANCY), diff, slack


def _quantum(places: int) -> str:
    return str(Decimal(1).scaleb(-places))


def verdict(status: str, diff: Decimal, slack: Decimal, figure: Tally) -> str:
    if status == EXACT:
        return "一致。"
    gap, room = f"{figure.show(abs(diff))}{figure.unit}", f"{fmt(slack.normalize())}{figure.unit}"
    if status == ROUNDING:
        return f"相差 {gap}，不超过各印刷数舍入（每个数至多差末位的一半）累计的容差 {room}，属舍入差异。"
    return f"相差 {gap}，超出舍入容差 {room}，数据不一致。"


def compare(check: str, actual: Tally, expected: Tally, what: str, note: str = "") -> Finding:
    """`actual` (the printed figure under check) against `expected` (what the other figures give)."""
    unit = coarser(actual.unit, expected.unit)
    a, e = actual.in_unit(unit), expected.in_unit(unit)
    status, diff, slack = classify(a, e)
    relation = {EXACT: "=", ROUNDING: "≈", DISCREPANCY: "≠"}[status]
    expression = f"{e.expression()} {relation} {a.expression()}"
    explanation = f"{what}：{e.label} 为 {e.show(e.value)}{unit}，{a.label} 为 {a.show(a.value)}{unit}。{note}"
    return Finding(check, status, expression, e.value, a.value, e.citations + a.citations,
                   explanation + verdict(status, diff, slack, e))


# ------------------------------------------------------------------------------------------ tables

_RANKS = ((re.compile(r"^[一二三四五六七八九十]+、"), 1), (re.compile(r"^\([一二三四五六七八九十]+\)"), 2),
          (re.compile(r"^\d+[.、]"), 3), (re.compile(r"^\(\d+\)"), 4), (re.compile(r"^[①-⑳]"), 5))


def is_total_row(row: Row) -> bool:
    """A total row; some layouts write 合计 into a code column, so it lands among the qualifiers."""
    return row.is_total or any(is_total_label(q) for q in row.qualifiers)


def enumeration_rank(row: Row) -> int | None:
    """How deep the printed enumeration of the row's label sits: 一、 1, （一） 2, 1. 3, (1) 4, ① 5."""
    label = compact(row.label)
    for cell in row.source.text.split("\t"):
        text = compact(cell)
        if text.endswith(label) and text != label:
            prefix = text[: len(text) - len(label)]
            return next((rank for pattern, rank in _RANKS if pattern.match(prefix)), None)
    return None


@dataclass
class Side:
    """The rows of one side of a table (the whole table when it is one-sided), with their family links."""

    name: str
    rows: list[Row]
    parents: dict[int, Row] = field(default_factory=dict)

    def children(self, row: Row) -> list[Row]:
        return [r for r in self.rows if self.parents.get(id(r)) is row]

    @property
    def top(self) -> list[Row]:
        return [r for r in self.rows if not is_total_row(r) and id(r) not in self.parents]

    def total_groups(self) -> list[tuple[int, list[Row]]]:
        """Total rows, those printed side by side on one line grouped: (index of the first, rows)."""
        groups: list[tuple[int, list[Row]]] = []
        for i, row in enumerate(self.rows):
            if not is_total_row(row):
                continue
            if groups and groups[-1][1][-1].source.line == row.source.line and groups[-1][0] + len(groups[-1][1]) == i:
                groups[-1][1].append(row)
            else:
                groups.append((i, [row]))
        return groups

    @property
    def grand(self) -> Row | None:
        """The total row of the side: the first one not printed beside another total."""
        return next((g[0] for _, g in self.total_groups() if len(g) == 1), None)


def split_sides(table: Table) -> list[Side]:
    sides: dict[str, Side] = {}
    for row in table.rows:
        sides.setdefault(row.side or "", Side(row.side or "", [])).rows.append(row)
    for side in sides.values():
        link_family(side)
    return list(sides.values())


def link_family(side: Side) -> None:
    """Parents by the parser's links (codes, economic groups, ①②); then, in the totals tables, a label
    repeated after a total is the breakdown of the carry-over row above it, and a deeper enumeration
    (1. under 一、) belongs to the row above it."""
    seen: set[str] = set()
    after_total = False
    carry: Row | None = None
    ranks: list[tuple[int, Row]] = []
    for i, row in enumerate(side.rows):
        if is_total_row(row):
            after_total, ranks = True, []
            continue
        key = compact(row.full_label)  # a unit's name repeated beside each of its projects is not a breakdown
        repeated = after_total and key in seen and carry is not None
        if row.parent:
            parent = declared_parent(side.rows[:i], row)
        elif repeated:
            parent = carry
        else:
            parent = ranked_parent(ranks, row)
        if parent is not None:
            side.parents[id(row)] = parent
        elif after_total:
            carry = row
        seen.add(key)


def declared_parent(before: list[Row], row: Row) -> Row | None:
    wanted = compact(row.parent or "")
    for r in reversed(before):
        if is_total_row(r) or compact(r.label) != wanted:
            continue
        if row.code and r.code and not row.code.startswith(r.code):
            continue
        if r.level is None or row.level is None or r.level < row.level:
            return r
    return None


def ranked_parent(ranks: list[tuple[int, Row]], row: Row) -> Row | None:
    rank = enumeration_rank(row)
    if rank is None:
        return None
    while ranks and ranks[-1][0] >= rank:
        ranks.pop()
    parent = ranks[-1][1] if ranks else None
    ranks.append((rank, row))
    return parent


def column_sums(columns: list[str]) -> list[tuple[str, list[str]]]:
    """Each total column (a part 合计/小计 in its path) with the columns that add up to it: the siblings
    under the same parent path with the same trailing parts, a sibling's own 小计 standing for its subtree."""
    paths = [c.split("/") for c in columns]
    sums = []
    for path in paths:
        k = next((i for i, part in enumerate(path) if is_total_column(part)), None)
        if k is None:
            continue
        prefix, suffix = path[:k], path[k + 1:]
        addends = subtree_addends(paths, prefix, suffix, exclude=path[k])
        if addends:
            sums.append(("/".join(path), addends))
    return sums


def subtree_addends(paths: list[list[str]], prefix: list[str], suffix: list[str], exclude: str = "") -> list[str]:
    """The columns under `prefix` that add up to its total: its parts, a part's own subtotal standing for the
    part. '其中：X' after a total column is the first of its parts (小计 | 其中：基本支出 | 项目支出); after any other
    column it is a part of that column (金额 | 其中：经费拨款), not an addend."""
    depth = len(prefix)
    under = [p for p in paths if len(p) > depth + len(suffix) and p[:depth] == prefix
             and p[len(p) - len(suffix):] == suffix]
    siblings = list(dict.fromkeys(p[depth] for p in under))
    children = [c for i, c in enumerate(siblings) if c != exclude and not is_total_column(c)
                and not is_part_of_column(c) and not part_of_the_column_before(siblings[:i], c)]
    addends = []
    for child in children:
        exact = prefix + [child] + suffix
        if exact in paths:
            addends.append("/".join(exact))
            continue
        subtotal = next((p for p in under if p[depth] == child and len(p) > depth + 1 and is_total_column(p[depth + 1])
                         and p[depth + 2:] == suffix), None)
        addends.extend(["/".join(subtotal)] if subtotal else subtree_addends(paths, prefix + [child], suffix))
    return addends


def part_of_the_column_before(before: list[str], column: str) -> bool:
    """'其中：X' printed after a column that is not a total: X is counted in that column."""
    if not is_of_which_column(column):
        return False
    whole = next((c for c in reversed(before) if not is_of_which_column(c)), None)
    return whole is not None and not is_total_column(whole)


def total_columns(row: Row, kind: str) -> list[str]:
    """The row's total column(s), the document kind's own (决算数 in a 决算) first; a one-column row's only column."""
    columns = [c.column for c in row.cells if any(is_total_column(p) for p in c.column.split("/"))]
    if not columns:
        columns = [c.column for c in row.cells][:1] if len(row.cells) == 1 else []
    return sorted(columns, key=lambda c: kind not in c)


def columns_named(columns: list[str], words: tuple[str, ...], kind: str) -> list[str]:
    """Columns whose path has a part containing one of `words` (the last part preferred), kind's own first."""
    for word in words:
        found = [c for c in columns if word in compact(c.split("/")[-1])]
        found = found or [c for c in columns if any(word in compact(p) for p in c.split("/"))]
        if found:
            return sorted(found, key=lambda c: kind not in c)
    return []


# ------------------------------------------------------------------------------------------ the auditor


class Auditor:
    """The checks of one disclosure; the tables' sides and precision are read once."""

    def __init__(self, doc: Disclosure):
        self.doc = doc
        self.sides = {id(t): split_sides(t) for t in doc.tables}
        self.places = {id(t): table_places(t) for t in doc.tables}
        self.findings: list[Finding] = []

    def run(self) -> list[Finding]:
        for table in self.doc.tables:
            self.check_table(table)
        # a table whose money unit is not printed adds up within itself, but compares with nothing in 元 or 万元
        self.doc = dataclasses.replace(self.doc, tables=[t for t in self.doc.tables if t.unit in UNITS])
        self.check_cross_tables()
        self.check_row_pairs()
        NarrativeAudit(self).run()
        self.findings += prose_claims(self.doc)
        self.check_forms()
        self.check_completeness()
        return self.findings

    # ---- figures of the tables

    def role_table(self, role: str) -> Table | None:
        return next((t for t in self.doc.tables if plays(t, role)), None)

    def cite(self, table: Table, row: Row, column: str) -> Citation:
        return Citation(self.doc.id, table.title, row.full_label, column, row.source.line, row.source.text)

    def cell(self, table: Table, row: Row, column: str) -> Tally:
        value = next((c.value for c in row.cells if c.column == column), None)
        return Tally.printed(value, table.unit, self.places[id(table)], self.cite(table, row, column),
                              f"{short_title(table.title)}「{row.full_label}」{column}")

    def rows_sum(self, table: Table, rows: list[Row], column: str, label: str) -> Tally:
        if not rows:
            return Tally(ZERO, table.unit, [], self.places[id(table)], ZERO, [], label)
        return total_of([self.cell(table, r, column) for r in rows], label)

    def side(self, table: Table, word: str) -> Side | None:
        """The side named by `word`; a one-sided table is its own only side whatever the word."""
        sides = self.sides[id(table)]
        if len(sides) == 1:
            return sides[0]
        return next((s for s in sides if word in s.name), None)

    def sides_picked(self, table: Table, word: str) -> list[Side]:
        """The side `word` names; with no word, every side: the halves of one list printed side by side
        (人员经费 | 公用经费) make the table's figure together."""
        if not word:
            return self.sides[id(table)]
        side = self.side(table, word)
        return [side] if side is not None else []

    def column_total(self, table: Table, side: Side, column: str) -> Tally:
        """A column's total: the side's total row, else the sum of its top-level rows."""
        grand = side.grand
        if grand is not None:
            return self.cell(table, grand, column)
        return self.rows_sum(table, side.top, column, f"{short_title(table.title)}各行「{column}」之和")

    def pick(self, p: Pick) -> Tally | None:
        """The figure a Pick names, None when the table is absent, empty or has no such row or column."""
        table = self.role_table(p.role)
        if table is None or table.empty:
            return None
        picked = [self.pick_item(table, side, p) if p.item else self.pick_rows(table, side, p)
                  for side in self.sides_picked(table, p.side)]
        figures = [f for f in picked if f is not None]
        if not figures:
            return None
        figure = figures[0] if len(figures) == 1 else total_of(figures, f"{short_title(table.title)}各部分之和")
        if not p.less:
            return figure
        less = [f for f in (self.pick(q) for q in p.less) if f is not None and not f.blank]
        if not less:
            return figure
        return total_of([figure] + less, figure.label + " − 其他资金", [1] + [-1] * len(less))

    def pick_rows(self, table: Table, side: Side, p: Pick) -> Tally | None:
        if not p.rows:
            columns = self.columns_for(side.grand or (side.top[0] if side.top else None), p.column)
            return self.column_total(table, side, columns[0]) if columns else None
        rows = rows_labelled(side.rows, p.rows)
        rows = rows if p.every else rows[:1]
        if not rows:
            return None
        columns = self.columns_for(rows[0], p.column)
        if not columns:
            return None
        return self.rows_sum(table, rows, columns[0], f"{short_title(table.title)}「{rows[0].label}」{columns[0]}")

    def pick_item(self, table: Table, side: Side, p: Pick) -> Tally | None:
        """A 三公 item: a row so labelled, else a column so named in the total (or only) row."""
        rows = rows_labelled(side.rows, p.item)
        if rows:
            columns = self.columns_for(rows[0], ())
            return self.cell(table, rows[0], columns[0]) if columns else None
        row = side.grand or (side.rows[0] if len(side.rows) == 1 else None)
        if row is None:
            return None
        columns = columns_named([c.column for c in row.cells], p.item, self.doc.kind)
        return self.cell(table, row, columns[0]) if columns else None

    def columns_for(self, row: Row | None, words: tuple[str, ...]) -> list[str]:
        if row is None:
            return []
        if words:
            return columns_named([c.column for c in row.cells], words, self.doc.kind)
        return total_columns(row, self.doc.kind)

    # ---- within a table

    def check_table(self, table: Table) -> None:
        if not adds_up(table.title):
            return
        for side in self.sides[id(table)]:
            self.check_parents(table, side)
            self.check_totals(table, side)
            for row in side.rows:
                self.check_columns(table, row)

    def check_parents(self, table: Table, side: Side) -> None:
        """类 = Σ 款 = Σ 项; an economic group = Σ its items; ①② items = their row; 1. 2. items = their 一、."""
        for row in side.rows:
            children = side.children(row)
            if not children:
                continue
            for column in columns_of([row] + children):
                parent = self.cell(table, row, column)
                parts = self.rows_sum(table, children, column, f"其下级{len(children)}行之和")
                if parent.blank and parts.blank:
                    continue
                self.findings.append(compare("parent_sum", parent, parts,
                                             f"{short_title(table.title)}「{row.label}」{column}应等于其下级各行之和"))

    def check_totals(self, table: Table, side: Side) -> None:
        """A total row = Σ the top-level rows it closes (and the total before it, as 收入总计 = 本年收入合计 +
        上年结转); totals printed side by side (人员经费合计 | 公用经费合计) together."""
        groups = side.total_groups()
        totals_first = bool(side.rows) and is_total_row(side.rows[0])
        top = {id(r) for r in side.top}
        for g, (start, group) in enumerate(groups):
            if totals_first:
                end = groups[g + 1][0] if g + 1 < len(groups) else len(side.rows)
                parts = [r for r in side.rows[start + len(group):end] if id(r) in top]
            else:
                begin = groups[g - 1][0] + len(groups[g - 1][1]) if g else 0
                parts = (groups[g - 1][1] if g else []) + [r for r in side.rows[begin:start] if id(r) in top]
            if not parts:
                continue
            names = "、".join(r.label for r in group)
            for column in columns_of(group):
                printed = self.rows_sum(table, group, column, f"「{names}」")
                summed = self.rows_sum(table, parts, column, f"{len(parts)}个组成行之和")
                if printed.blank and summed.blank:
                    continue
                self.findings.append(compare("total_row", printed, summed,
                                             f"{short_title(table.title)}「{names}」{column}应等于所合计各行之和"))

    def check_columns(self, table: Table, row: Row) -> None:
        """合计 = Σ its parts across the columns (基本+项目, 人员+公用, the funding sources, a 小计's subtree)."""
        for total, addends in column_sums([c.column for c in row.cells]):
            printed = self.cell(table, row, total)
            parts = total_of([self.cell(table, row, c) for c in addends], f"{'、'.join(addends)}之和")
            if printed.blank and parts.blank:
                continue
            self.findings.append(compare("column_sum", printed, parts,
                                         f"{short_title(table.title)}「{row.full_label}」{total}应等于各分列之和"))

    # ---- across tables

    def check_cross_tables(self) -> None:
        for what, under, reference in CROSS_CHECKS:
            actual, expected = self.pick(under), self.pick(reference)
            if actual is None or expected is None or (actual.blank and expected.blank):
                continue
            self.findings.append(compare("cross_table", actual, expected, what, other_funds_note(expected)))

    def check_row_pairs(self) -> None:
        for what, under, reference, kinds in ROW_PAIRS:
            if kinds and self.doc.kind not in kinds:
                continue
            references = self.items(reference, every_row=True)
            for key, actual in self.items(under):
                expected = match_item(key, references)
                if expected is None or (actual.blank and expected.blank):
                    continue
                self.findings.append(compare("cross_table", actual, expected, f"{what}（{key}）"))

    def items(self, spec: Items, every_row: bool = False) -> list[tuple[str, Tally]]:
        """(label, figure) of a table side: its rows (top-level ones, or every row's first occurrence for a
        reference), or the columns of its total row."""
        table = self.role_table(spec.role)
        side = self.side(table, spec.side) if table is not None and not table.empty else None
        if side is None:
            return []
        if spec.by == "columns":
            grand = side.grand
            return [] if grand is None else [(compact(c.column.split("/")[-1]), self.cell(table, grand, c.column))
                                             for c in grand.cells if not is_total_column(c.column.split("/")[-1])]
        rows = [r for r in side.rows if not is_total_row(r)] if every_row else side.top
        found: dict[str, Tally] = {}
        for row in rows:
            columns = self.columns_for(row, spec.column)
            if columns and compact(row.label) not in found:
                found[compact(row.label)] = self.cell(table, row, columns[0])
        return list(found.items())

    # ---- project forms

    def check_forms(self) -> None:
        """年度资金总额 (元) of each 绩效目标表 against its row of the project table (万元)."""
        table = self.role_table("项目支出表")
        if table is None:  # project pages with no project table (Shanghai layout): nothing to compare with
            return
        side = self.sides[id(table)][0] if self.sides[id(table)] else None
        used: set[int] = set()
        for form in self.doc.forms:
            fund = form.fund("年度")
            if fund is None or fund.amount is None:
                continue
            claimed = Tally.printed(fund.amount, form.unit, 0,
                                     Citation(self.doc.id, form.project, "年度资金总额", fund.period, fund.source.line,
                                              fund.source.text),
                                     f"绩效目标表「{form.project}」年度资金总额 {fmt(fund.amount)}{form.unit}，即")
            rows = [r for r in (side.top if side else []) if project_key(r.label) == project_key(form.project)
                    and id(r) not in used]
            if not rows:
                self.findings.append(missing_row(form, claimed))
                continue
            columns = total_columns(rows[0], self.doc.kind)
            if not columns:
                continue
            column = columns[0]
            row = min(rows, key=lambda r: abs(self.cell(table, r, column).in_unit(form.unit).value - fund.amount))
            used.add(id(row))
            self.findings.append(compare("form_vs_table", claimed, self.cell(table, row, column),
                                         f"项目「{project_key(form.project)}」的绩效目标表与项目支出表",
                                         "两表按名称（去掉类别字母前缀）对应，同名时按金额对应；元换算为万元比较。"))

    # ---- completeness

    def check_completeness(self) -> None:
        """The standard tables of the document kind are there; an empty one says so in its note, and a note
        saying 空表/无数据 does not sit under figures. Any other table printed with rows but no figure must
        say so too."""
        judged: set[int] = set()
        for role in (r for r, spec in TABLE_ROLES.items() if self.doc.kind in spec.required):
            table = self.role_table(role)
            judged.add(id(table))
            if table is None:
                self.findings.append(Finding(
                    "completeness", DISCREPANCY, f"{role}: 应有 1 张, 实有 0 张", Decimal(1), ZERO,
                    [Citation(self.doc.id, role, "", "", 1, self.doc.lines[0] if self.doc.lines else "")],
                    f"{self.doc.kind}公开应含{role}，文中没有找到标题含相应字样的表。"))
                continue
            self.findings.append(completeness_of(self.doc, table, role))
        for table in self.doc.tables:
            if id(table) not in judged and table.rows and table.empty:
                finding = completeness_of(self.doc, table, short_title(table.title))
                if finding.status == DISCREPANCY:
                    self.findings.append(finding)


# a note that says what a blank means ('此表如无数字则表示单位无该项支出', '空表表示本部门无相关收支情况') explains
# an empty table, but does not declare this one empty
_CONDITIONAL_NOTE = re.compile(r"如(?:无|没有|为空)|若(?:无|没有|为空)|空表表示|无数字则|为空则")
_NONE_ARRANGED = re.compile(r"没有|无|未安排|不涉及")
_FUND_WORDS = ("政府性基金", "国有资本经营", "三公", "机关运行经费")


def declared_empty_elsewhere(doc: Disclosure, table: Table) -> bool:
    """The document says, outside the table, that there is nothing of the table's kind: a sentence of its prose
    ('本部门2026年没有使用政府性基金预算拨款安排的支出'), or a note that empty tables mean none."""
    title = compact(table.title)
    words = [w for w in _FUND_WORDS if w in re.sub(r"[“”\"]", "", title)]
    for para in doc.paragraphs:
        text = re.sub(r"[“”\"]", "", compact(para.text))
        if _CONDITIONAL_NOTE.search(text) and "空表" in text:
            return True
        for sentence in re.split(r"[。；]", text):
            if words and any(w in sentence for w in words) and _NONE_ARRANGED.search(sentence):
                return True
    return False


def completeness_of(doc: Disclosure, table: Table, role: str) -> Finding:
    cite = [Citation(doc.id, table.title, "", "", table.line_start, doc.lines[table.line_start - 1]
                     if 0 < table.line_start <= len(doc.lines) else table.title)]
    conditional = bool(_CONDITIONAL_NOTE.search(compact(table.note)))
    says_empty = table.says_no_data and not conditional  # its note (joined after it by the parser) says: nothing
    has_figures = any(c.value for r in table.rows for c in r.cells)  # zeros printed in every cell are nothing
    if table.empty and not (says_empty or conditional or declared_empty_elsewhere(doc, table)):
        return Finding("completeness", DISCREPANCY, f"{role}: 有表无数、未注明", Decimal(1), ZERO, cite,
                       f"{table.title}没有任何数字，也没有注明本表无数据。")
    if has_figures and says_empty:
        return Finding("completeness", DISCREPANCY, f"{role}: 注明为空表却有数字", Decimal(1), ZERO, cite,
                       f"{table.title}的注释称「{table.note}」，但表中列有数字。")
    state = "为空表并已注明" if table.empty else "有数据"
    return Finding("completeness", EXACT, f"{role}: 应有 1 张, 实有 1 张", Decimal(1), Decimal(1), cite,
                   f"{role}在列（{table.title}），{state}。")


def missing_row(form: ProjectForm, claimed: Tally) -> Finding:
    return Finding("form_vs_table", DISCREPANCY, f"{fmt(claimed.value)}元 ≠ 0（无对应行）", ZERO, claimed.value,
                   claimed.citations, f"绩效目标表「{form.project}」年度资金总额 {fmt(claimed.value)}元，"
                                      "项目支出表中没有同名项目，无法与项目支出表核对。")


def other_funds_note(expected: Tally) -> str:
    taken = [t for t in expected.terms[1:] if t < 0]
    if not taken or "其他资金" not in expected.label:
        return ""
    return (f"一般公共预算口径按设计不含政府性基金、国有资本经营预算等其他资金（此处 {fmt(-sum(taken))}{expected.unit}），"
            "差额等于其他资金即为相符。")


# the kind of table of the national template (corpus.table_kinds) each role is, for titles in other local words
# ('2026年部门收支总体情况表' is the 收支总表)
ROLE_KINDS = {"财政拨款收支总表": "财政拨款收支总表", "收支总表": "收支总表", "收入总表": "收入总表", "支出总表": "支出总表",
              "一般公共预算支出表": "一般公共预算支出表", "基本支出表": "基本支出表", "国有资本经营表": "国有资本经营表",
              "三公": "三公经费表", "机关运行经费": "机关运行经费表", "项目支出表": "项目支出表"}


def plays(table: Table, role: str) -> bool:
    title = compact(re.sub(r"[“”\"]", "", table.title))
    spec = TABLE_ROLES[role]
    if any(w in title for w in spec.excluded):
        return False
    return all(w in title for w in spec.words) or ROLE_KINDS.get(role, "-") == table_kind(table.title)


def short_title(title: str) -> str:
    return re.sub(r"^\d{4}年(度)?", "", title)


def table_places(table: Table) -> int:
    """The decimals a table prints its figures to (those of its most precise one: a bare 25 in a table
    of 0.01 figures is 25.00)."""
    return max((max(0, -c.value.as_tuple().exponent) for r in table.rows for c in r.cells if c.value is not None),
               default=2)


def columns_of(rows: list[Row]) -> list[str]:
    return list(dict.fromkeys(c.column for r in rows for c in r.cells))


def rows_labelled(rows: list[Row], labels: tuple[str, ...]) -> list[Row]:
    """Rows so labelled (the first label that has any), exactly, else items containing it."""
    for label in labels:
        found = [r for r in rows if compact(r.label) == compact(label)]
        found = found or [r for r in rows if not is_total_row(r) and compact(label) in compact(r.label)]
        if found:
            return found
    return []


def match_item(key: str, references: list[tuple[str, Tally]]) -> Tally | None:
    """The reference of the same label, else the only one whose label contains or is contained in it."""
    same = [f for k, f in references if k == key]
    if same:
        return same[0]
    near = [f for k, f in references if min(len(k), len(key)) >= 4 and (k in key or key in k)]
    return near[0] if len(near) == 1 else None


_PROJECT_PREFIX = re.compile(r"^[A-Za-z0-9]{1,3}(?=[\u4e00-\u9fff])")


def project_key(name: str) -> str:
    """A project's name without its type prefix (Z, QT, MB, …) or OCR digits before it."""
    return _PROJECT_PREFIX.sub("", compact(re.sub(r"[“”\"]", "", name)))


# ------------------------------------------------------------------------------------------ the prose

_REASONS = re.compile(r"主要原因|主要是|原因是")
_LIST = re.compile(r"其中|主要包括|主要用于以下方面|包括")
_PATH = re.compile(r"([^（()）]+?)[（(](类|款|项)[）)]")
_NOISE = re.compile(r"^(其中|主要包括|主要用于以下方面|主要用于|包括|收入为|支出包括|为|是)+|(为|是|的|达|共计|合计为)+$")


class NarrativeAudit:
    """Amounts, shares, year-over-year changes and explained changes of the 情况说明 against the tables."""

    def __init__(self, auditor: Auditor):
        self.a = auditor
        self.doc = auditor.doc

    def run(self) -> None:
        for block in blocks_of(self.doc):
            self.check_block(block)

    def check_block(self, block: Block) -> None:
        subject, roles = section_roles(block.section)
        leads: list[Mention] = []  # the first figure of each sentence so far
        previous: list[Mention] = []  # the figures of the sentence before
        first = True
        for start, end in sentence_spans(block.text):
            tokens = read_tokens(block.text, start, end)
            levels = [t for t in tokens if isinstance(t, Mention) and not t.change]
            for t in levels:
                self.check_amount(block, t, roles, subject if first else "")
                first = False
            self.check_percents(block, tokens, levels, leads)
            self.check_reasons(block, tokens)
            self.check_list(block, start, tokens, previous)
            if levels:
                leads.append(levels[0])
            previous = levels

    # ---- reading the prose

    def figure(self, block: Block, token: Mention | Percent, label: str = "") -> Tally:
        line, raw = block.line_at(token.start)
        words = token.label or label
        cite = Citation(self.doc.id, block.section.split(" › ")[-1], words, "情况说明", line, raw)
        value = token.value * (token.change or 1) if isinstance(token, Mention) else token.value
        unit = token.unit if isinstance(token, Mention) else "%"
        return Tally.printed(value, unit, token.places, cite, f"说明中「{words}」")

    # ---- amounts against the tables

    def check_amount(self, block: Block, m: Mention, roles: tuple[str, ...], subject: str) -> None:
        """A stated amount against the table figure of its label; a section's first amount naming the
        section's subject (三公经费, 机关运行经费, …) against the total of the table it speaks about."""
        words = clean_words(m.words)
        key = prose_key(words, self.doc.department)
        candidates = self.candidates(key, roles, [name for name, _ in _PATH.findall(compact(words))])
        if not candidates and subject and prose_key(subject) in key:
            candidates = self.grand_totals(roles)
        stage = budget_stage(words)
        if stage:  # '年初预算为…' is not the 决算数 of the same row: compare only with a column of that stage
            candidates = [f for f in candidates if any(stage in c.column for c in f.citations)]
        if not candidates:
            return
        stated = self.figure(block, m)
        best = min(candidates, key=lambda f: abs(f.in_unit(m.unit).value - m.value))
        note = "表中为空白，按 0 计。" if best.blank else ""
        self.a.findings.append(compare("narrative_amount", stated, best, f"说明所述「{m.label}」与表中同名数", note))

    def candidates(self, key: str, roles: tuple[str, ...], path: list[str] | None = None) -> list[Tally]:
        """The table figures the words name, the best matches kept: a row of that label (or subject path),
        a column of that name in a total row; tables the section speaks about are preferred."""
        scored: list[tuple[float, Tally]] = []
        for table in self.doc.tables:
            bonus = 1.5 if any(plays(table, r) for r in roles) else 0
            for side in self.a.sides[id(table)]:
                for row in side.rows:
                    score = path_score(path, row) if path else label_score(key, prose_key(row.label))
                    for column in (total_columns(row, self.doc.kind) if score else []):
                        scored.append((score + bonus, self.a.cell(table, row, column)))
                if path:
                    continue
                base = side.grand or (side.top[0] if side.top else None)
                for cell in (base.cells if base else []):
                    score = column_score(key, cell.column)
                    if score:
                        scored.append((score + bonus, self.a.column_total(table, side, cell.column)))
        best = max((s for s, _ in scored), default=0)
        return [f for s, f in scored if s == best] if best >= 2 else []

    def grand_totals(self, roles: tuple[str, ...]) -> list[Tally]:
        """A section's first figure states the total of the table it speaks about."""
        for role in roles:
            table = self.a.role_table(role)
            if table is None:
                continue
            figures = []
            for side in self.a.sides[id(table)]:
                row = side.grand or (side.rows[0] if len(side.rows) == 1 else None)
                if row is not None:
                    figures += [self.a.cell(table, row, c) for c in total_columns(row, self.doc.kind)]
                elif side.top:
                    figures += [self.a.column_total(table, side, c) for c in total_columns(side.top[0], self.doc.kind)]
            if figures:
                return figures
        return []

    # ---- shares, changes, completion rates

    def check_percents(self, block: Block, tokens: list, levels: list[Mention], leads: list[Mention]) -> None:
        for i, p in enumerate(tokens):
            if not isinstance(p, Percent):
                continue
            before = tokens[i - 1] if i else None
            if "占" in p.words and isinstance(before, Mention) and not before.change:
                self.check_share(block, p, before, levels)
            elif "完成" in p.words and i >= 2 and all(isinstance(t, Mention) and not t.change for t in tokens[i - 2:i]):
                self.check_rate(block, p, tokens[i - 1], tokens[i - 2], "完成率")
            elif CHANGE.search(p.words.rstrip("了")) or any(w in p.words for w in ("增加", "减少", "增长", "下降")):
                self.check_change(block, p, tokens[:i], leads)

    def check_share(self, block: Block, p: Percent, part: Mention, levels: list[Mention]) -> None:
        named = re.sub(r"^.*?占|(的)?(比重|比例)?$", "", p.words)
        # the whole named after 占, else the figure the sentence opens with
        whole = self.named_whole(named) if named else next((m for m in levels if m.start < part.start), None)
        if whole is not None:
            self.check_rate(block, p, part, whole, "占比")

    def named_whole(self, named: str) -> Tally | None:
        found = self.candidates(prose_key(clean_words(named), self.doc.department), ())
        return found[0] if found else None

    def check_rate(self, block: Block, p: Percent, part: Mention, whole: Mention | Tally, what: str) -> None:
        whole_fig = whole if isinstance(whole, Tally) else self.figure(block, whole)
        whole_value = whole_fig.in_unit(part.unit).value
        if whole_value == 0:
            return
        check = check_percentage(part.value, whole_value, p.value)
        cites = self.figure(block, part).citations + whole_fig.citations + self.figure(block, p).citations
        what = f"{what}：「{part.label}」{fmt(part.value)}{part.unit} ÷ {whole_fig.label} {fmt(whole_value)}{part.unit}"
        self.add_percent("narrative_share", p, check, cites, what, f"{fmt(part.value)} / {fmt(whole_value)} × 100%")

    def check_change(self, block: Block, p: Percent, before: list, leads: list[Mention]) -> None:
        """pct = change / (current − change); with no amount of change, from the two years' figures."""
        sign = -1 if any(w in p.words for w in DOWN) else 1
        last = before[-1] if before else None
        if isinstance(last, Mention) and last.change:
            current = clause_lead(block.text, before, last)
            if current is None and leads and same_stage(leads[-1], change_subject(block.text, last)):
                current = leads[-1]  # the sentence states no figure of its own: the one before, if of its stage
            if current is None:
                return  # the base is not stated (a change against last year's 决算 after this year's 年初预算)
            change = last.value * last.change
            base = current.value - change
            cites = self.figure(block, last).citations + self.figure(block, current).citations
            sign_word = "-" if change > 0 else "+"
            arithmetic = f"{fmt(abs(change))} / ({fmt(current.value)} {sign_word} {fmt(abs(change))}) × 100%"
            what = (f"增减幅度：「{current.label}」{fmt(current.value)}{current.unit}，较上年"
                    f"{'增加' if change > 0 else '减少'} {fmt(abs(change))}{current.unit}")
        else:
            pair = year_pair(p, [t for t in before if isinstance(t, Mention) and not t.change])
            if pair is None:
                return
            old, new = pair
            change, base = new.value - old.value, old.value
            cites = self.figure(block, new).citations + self.figure(block, old).citations
            arithmetic = f"({fmt(new.value)} - {fmt(old.value)}) / {fmt(old.value)} × 100%"
            what = (f"增减幅度：{old.year}年「{old.label}」{fmt(old.value)}{old.unit} → "
                    f"{new.year}年「{new.label}」{fmt(new.value)}{new.unit}")
        if base == 0:
            return
        cites += self.figure(block, p).citations
        if change and (change > 0) != (sign > 0):
            self.a.findings.append(Finding(
                "narrative_change", DISCREPANCY, f"{arithmetic} = {fmt(rounded(change / base * 100))}%",
                rounded(change / base * 100), p.value * sign, cites,
                f"{what}；说明称{'减少' if sign < 0 else '增加'} {fmt(p.value)}%，方向相反，数据不一致。"))
            return
        check = check_percentage(abs(change), base, p.value)
        self.add_percent("narrative_change", p, check, cites, what, arithmetic)

    def add_percent(self, name: str, p: Percent, check: Check, cites: list[Citation], what: str,
                    arithmetic: str) -> None:
        """A stated percentage against its recomputation: exact when it rounds to what is printed."""
        recomputed = rounded(check.result, _quantum(p.places)) if p.places < 2 else check.result
        status = EXACT if recomputed == p.value else ROUNDING if check.ok else DISCREPANCY
        relation = {EXACT: "=", ROUNDING: "≈", DISCREPANCY: "≠"}[status]
        tail = {EXACT: "一致。", ROUNDING: "差异在分子、分母各自舍入所能解释的范围内，属舍入差异。",
                DISCREPANCY: "超出舍入所能解释的范围，数据不一致。"}[status]
        self.a.findings.append(Finding(
            name, status, f"{arithmetic} = {fmt(check.result)}% {relation} {fmt(p.value)}%", check.result, p.value,
            cites, f"{what}，重算得 {fmt(check.result)}%，说明为 {fmt(p.value)}%。{tail}"))

    # ---- explained changes and listed parts

    def check_reasons(self, block: Block, tokens: list) -> None:
        """"比上年增加X，主要原因是A增加a，B增加b" → a + b must make X (a single named reason need not)."""
        text = block.text
        for i, t in enumerate(tokens):
            if not (isinstance(t, Mention) and t.change and not t.subject):
                continue
            following = tokens[i + 1:]
            marker = _REASONS.search(text, t.end, following[-1].start if following else t.end)
            if marker is None:
                continue
            parts = []
            for u in following:
                if isinstance(u, Mention) and u.start > marker.start():
                    if not (u.change and u.subject):
                        break
                    parts.append(u)
            if len(parts) < 2:
                continue
            stated = self.figure(block, t)
            summed = total_of([self.figure(block, u) for u in parts], "原因所列各项增减之和")
            stated.label = f"说明所述增减额「{t.label}」"
            self.a.findings.append(compare("narrative_reasons", stated, summed,
                                           "说明列举的增减原因应合成所述增减额"))
            return

    def check_list(self, block: Block, start: int, tokens: list, previous: list[Mention]) -> None:
        """"总额X，其中：A a、B b" (or 主要包括/主要用于) → a + b must make X."""
        text = block.text
        marker = _LIST.search(text, start, tokens[-1].start if tokens else start)
        if marker is None:
            return
        levels = [t for t in tokens if isinstance(t, Mention) and not t.change]
        wholes = [m for m in levels if m.end <= marker.start()]
        if wholes:
            whole = wholes[-1]
        elif len(previous) == 1 and not text[start:marker.start()].strip("：:，, "):
            whole = previous[0]  # "…总额X。其中：…" continues the sentence before
        else:
            return
        reasons = reason_spans(text, marker.end(), tokens[-1].end)
        parts = [m for m in levels if m.start >= marker.end() and not any(a <= m.start < b for a, b in reasons)]
        if len(parts) < 2:
            return
        stated = self.figure(block, whole)
        summed = total_of([self.figure(block, m) for m in parts], f"「{marker.group(0)}」所列{len(parts)}项之和")
        self.a.findings.append(compare("narrative_parts", stated, summed, "说明所列分项应合成其总数"))


def reason_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where the prose gives reasons (主要原因是… up to the next ；): no listed part stands there."""
    spans = []
    for match in _REASONS.finditer(text, start, end):
        stop = CLAUSE.search(text, match.end(), end)
        spans.append((match.start(), stop.start() if stop else end))
    return spans


def clause_lead(text: str, before: list, change: Mention) -> Mention | None:
    """The figure a change refers to: the first figure of its clause (up to ；), else of its sentence."""
    levels = [t for t in before if isinstance(t, Mention) and not t.change and t.start < change.start]
    clause = max((m.end() for m in CLAUSE.finditer(text, levels[0].start, change.start)), default=0) if levels else 0
    in_clause = [t for t in levels if t.start >= clause]
    return (in_clause or levels or [None])[0]


def year_pair(p: Percent, levels: list[Mention]) -> tuple[Mention, Mention] | None:
    """"2023年…为A，2024年…B，比2023年…减少P%": the figure of the compared year and the later one."""
    compared = YEAR.search(p.words)
    if compared is None:
        return None
    old = [m for m in levels if m.year == int(compared.group(1))]
    new = [m for m in levels if m.year is not None and m.year > int(compared.group(1))]
    return (old[-1], new[-1]) if old and new else None


def change_subject(text: str, change: Mention) -> str:
    """The words of a change's sentence before it: what changed ("…决算数比2023年度")."""
    start = max(text.rfind(mark, 0, change.start) for mark in "。！？") + 1
    return text[start:change.start]


def same_stage(figure: Mention, subject: str) -> bool:
    """A figure may be the current side of a change unless they name different stages (预算 / 决算)."""
    named, stated = stage_word(subject), stage_word(figure.words)
    return not named or not stated or named == stated


def stage_word(words: str) -> str:
    return "决算" if "决算" in words else "预算" if "预算" in words else ""


def section_roles(section: str) -> tuple[str, tuple[str, ...]]:
    """The subject a section's heading names and the tables it speaks about."""
    heading = compact(section.split(" › ")[-1]) if section else ""
    for text in (heading, compact(section)):
        for word, roles in SECTION_ROLES:
            if word in text:
                return word, roles
    return "", ()


def prose_key(words: str, department: str = "") -> str:
    """The words naming a figure, reduced to what table labels share: no years, quotes, department name,
    list words or the fillers prose adds (拨款, 预算, 当年, …)."""
    key = compact(re.sub(r"[“”\"'‘’]", "", words))
    if department:
        key = key.replace(compact(department), "")
    key = re.sub(r"20\d{2}年?度?|\[部门\]|\(部门\)", "", key)
    key = _NOISE.sub("", key)
    for filler in _FILLERS:
        key = key.replace(filler, "")
    key = re.sub(r"科目$", "", key)
    return key[:-1] if key.endswith("数") and len(key) > 2 else key


def budget_stage(words: str) -> str:
    """The stage of a figure the prose names, when it names one: 年初预算/调整预算 (or 预算 in a 决算 text)."""
    found = re.search(r"年初预算|调整预算|调整后预算", words)
    return found.group(0)[:2] if found else ""


def label_score(key: str, label: str) -> float:
    """How well the prose's words name a row or column label: 3 the same, 2 one ends the other or adds
    only a total word, 1 contains it; a bare total word (总计) only ends the words (score 1)."""
    if not key or not label:
        return 0
    variants = [key] + [key[: -len(s)] for s in _LABEL_SUFFIXES if key.endswith(s) and len(key) > len(s) + 1]
    if label in variants:
        return 3
    if label in _TOTAL_WORDS:
        return 1 if key.endswith(label) else 0
    if (len(label) >= 4 and key.endswith(label)) or (label.startswith(key) and label[len(key):] in _TOTAL_WORDS):
        return 2
    return 1 if len(label) >= 4 and label in key else 0


def column_score(key: str, column: str) -> float:
    """A column names a figure by its last part, or by a part followed only by total or kind words
    (三公/合计/预算数)."""
    parts = column.split("/")
    scores = [label_score(key, prose_key(parts[-1]))]
    for i, part in enumerate(parts[:-1]):
        if all(compact(p) in _KIND_WORDS for p in parts[i + 1:]):
            scores.append(label_score(key, prose_key(part)))
    return max(scores)


def path_score(path: list[str], row: Row) -> float:
    """A subject path "A（类）B（款）C（项）" names the row of that path (4), else of its last name (2)."""
    names = [compact(n) for n in path]
    if [compact(p) for p in row.path] == names:
        return 4
    return 2 if compact(row.label) == names[-1] else 0
