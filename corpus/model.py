"""The domain model of a budget disclosure: plain dataclasses, every value carrying its provenance.

    >>> from corpus import load_document
    >>> doc = load_document("corpus/documents/datong_gaj_2023_budget.txt")
    >>> doc.table("支出总表").row("行政运行").cell("基本支出").value
    Decimal('53379.30')
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterator

from corpus.text import compact

_LEADING_CODE = re.compile(r"^\s*\d{3,7}\s*[-－—_ ]\s*")  # '50205-委托业务费'
_CODE_PRINTED = re.compile(r"^\s*(\d{3,7})\s*[-－—_ ]")


@dataclass(frozen=True)
class Source:
    """Where a value was read: document, source line (1-based) and the verbatim line."""

    doc_id: str
    line: int
    text: str


@dataclass
class Cell:
    """One table cell. `value` None means blank, which is not zero."""

    column: str  # flattened header path, e.g. "2023年预算数/基本支出"
    value: Decimal | None
    raw: str


@dataclass
class Row:
    """One table row: a classification line (subject code, economic item) or a total, with its cells.

    `path` runs from the top ancestor to this row, e.g. ("公共安全支出", "公安", "行政运行").
    `qualifiers` holds further label cells of the same line, e.g. the 政府预算经济科目 of an economic item.
    """

    label: str
    cells: list[Cell]
    source: Source
    code: str | None = None
    level: int | None = None  # 1 类, 2 款, 3 项 for subject codes; 1 group, 2 item for economic rows
    parent: str | None = None  # label of the parent row
    path: tuple[str, ...] = ()
    qualifiers: tuple[str, ...] = ()
    side: str | None = None  # for two-sided tables (收入 | 支出), the side this row belongs to
    # the national 科目 code (corpus.classification): the printed one, or read from the row's names top down when the
    # table prints none; never shown as printed, only matched
    standard_code: str | None = None

    def cell(self, column: str) -> Cell | None:
        """The cell whose column path equals `column`, else the only one ending with it."""
        exact = [c for c in self.cells if c.column == column]
        if exact:
            return exact[0]
        ending = [c for c in self.cells if c.column.split("/")[-1] == column or c.column.endswith(column)]
        return ending[0] if len(ending) == 1 else None

    @property
    def is_total(self) -> bool:
        return is_total_label(self.label)

    @property
    def subject_code(self) -> str:
        """The 科目 code the row is matched by: the printed one, else the national one ('' when neither)."""
        return self.code or self.standard_code or ""

    def holds(self, other: "Row") -> bool:
        """This row is an ancestor of `other` in their table."""
        if self.path and len(other.path) > len(self.path):
            return other.path[:len(self.path)] == self.path
        return other.parent == self.label and other is not self

    @property
    def qualifier_names(self) -> tuple[str, ...]:
        """The qualifiers without the code printed before a name ('50205-委托业务费' is 委托业务费)."""
        return tuple(_LEADING_CODE.sub("", q) for q in self.qualifiers)

    @property
    def qualifier_codes(self) -> tuple[str, ...]:
        """The codes printed before the qualifiers' names ('50205-委托业务费' is 50205)."""
        return tuple(m.group(1) for q in self.qualifiers if (m := _CODE_PRINTED.match(q)))

    @property
    def full_label(self) -> str:
        """The label and its qualifiers; a qualifier that only repeats the label (a table printing the name in two
        columns: 公务接待费 | 公务接待费) is said once."""
        return " / ".join((self.label,) + tuple(q for q in self.qualifiers if q.strip() != self.label.strip()))


@dataclass
class Table:
    doc_id: str
    title: str
    unit: str  # 万元 or 元
    columns: list[str]
    rows: list[Row]
    line_start: int
    line_end: int
    number: int | None = None
    empty: bool = False
    note: str = ""
    section: str = ""
    horizontal: bool = False  # no label column: the items are the columns (a 三公 table printed as one row)
    unplaced: list[Source] = field(default_factory=list)  # lines of the table not assigned to any row

    @property
    def says_no_data(self) -> bool:
        """The table's note says it has no figures (本表无数据, 本表为空表, 无…收入和支出)."""
        return bool(_NO_DATA.search(compact(self.note)))

    @property
    def content(self) -> str:
        """figures; noted_empty (no figures, and a note saying so); blank (no figures and no such note)."""
        if not self.empty:
            return "figures"
        return "noted_empty" if self.says_no_data else "blank"

    def row(self, label: str) -> Row | None:
        """The first row whose label (spaces ignored) equals `label`."""
        wanted = compact(label)
        return next((r for r in self.rows if compact(r.label) == wanted), None)

    def rows_labelled(self, label: str) -> list[Row]:
        wanted = compact(label)
        return [r for r in self.rows if compact(r.label) == wanted]

    @property
    def value_columns(self) -> list[str]:
        seen: dict[str, None] = {}
        for row in self.rows:
            for c in row.cells:
                seen.setdefault(c.column)
        return list(seen)


@dataclass
class FundLine:
    """One line of a project form's funds: period (实施期/年度), source (总额, 中央财政资金, …), amount in 元,
    and the amount as printed with its unit ('795万元')."""

    period: str
    source_name: str
    amount: Decimal | None
    source: Source
    printed: str = ""
    printed_amount: Decimal | None = None
    printed_unit: str = ""


@dataclass
class Indicator:
    period: str  # 实施期 or 年度
    level1: str
    level2: str
    level3: str
    value: str
    source: Source


@dataclass
class ProjectForm:
    """A project performance form (项目支出绩效目标表) or project page (项目经费情况说明). Funds are in 元."""

    doc_id: str
    project: str
    source: Source  # the 项目名称 line
    line_end: int
    department: str = ""  # 主管部门及代码
    implementing_unit: str = ""
    attribute: str = ""  # 项目属性
    period: str = ""  # 项目期
    funds: list[FundLine] = field(default_factory=list)
    narrative: dict[str, str] = field(default_factory=dict)
    goals: dict[str, str] = field(default_factory=dict)  # 实施期/年度 总体目标
    indicators: list[Indicator] = field(default_factory=list)
    contacts: dict[str, str] = field(default_factory=dict)
    unit: str = "元"
    field_lines: dict[str, int] = field(default_factory=dict)  # the line each field was read from (project pages)

    def fund(self, period: str, source_name: str = "资金总额") -> FundLine | None:
        return next(
            (f for f in self.funds if f.period == period and compact(source_name) in compact(f.source_name)),
            None,
        )

    @property
    def annual_funds_yuan(self) -> Decimal | None:
        line = self.fund("年度")
        return line.amount if line else None


@dataclass
class Paragraph:
    doc_id: str
    section: str  # the heading path, e.g. "第三部分 … › 三、支出预算情况说明"
    text: str
    source: Source  # the first line
    line_end: int = 0  # the last line, when the extraction wrapped the paragraph over several

    def __post_init__(self):
        self.line_end = self.line_end or self.source.line


@dataclass
class GlossaryEntry:
    term: str
    definition: str
    source: Source


@dataclass
class OrgUnit:
    """A unit the department governs, as the 机构设置 text names it."""

    name: str
    relation: str  # 下辖, 直属, 包括, …
    source: Source
    note: str = ""  # the listing's remark, e.g. 预算不单列，并入本级
    kind: str = ""  # 行政, 参公 or 事业 when the listing prints it beside the name


@dataclass
class Stated:
    """One figure stated in prose: money in 元 (converted in corpus.money), counts as counted; `printed` is the
    figure with its unit as the text has it ('1486.42万元', '3辆')."""

    label: str
    value: Decimal
    unit: str  # 元, 辆, 台(套), 个, 家, 分
    printed: str
    source: Source


@dataclass
class Procurement:
    basis: str  # 预算 (budget) or 金额 (final accounts: contracts signed)
    items: list[Stated] = field(default_factory=list)  # 合计, 货物, 工程, 服务, 面向中小企业预留, 面向小微企业预留

    def item(self, label: str) -> Stated | None:
        return next((s for s in self.items if s.label == label), None)


@dataclass
class AssetHolding:
    """Vehicles (and large equipment) held at a date, or to be bought in the budget year (`planned`)."""

    when: str  # '2025年8月31日', or the budget year '2026年' when planned
    planned: bool
    vehicles: Stated
    by_kind: list[Stated] = field(default_factory=list)
    equipment: Stated | None = None  # units of equipment over the stated unit price (label says the price)


@dataclass
class PerformanceCoverage:
    stage: str  # 编报绩效目标, 绩效跟踪评价, 绩效自评
    projects: Stated
    funds: Stated
    budget_units: Stated | None = None
    score: Stated | None = None


@dataclass
class Unplaced:
    """A line the parser could not place: what it says, where, and why it was left."""

    line: int
    text: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}: {self.text.strip()}"


@dataclass
class Section:
    title: str
    level: int
    line: int


@dataclass
class ParseWarning:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class Fact:
    """One figure of the disclosure in a uniform shape, for indexing and answering."""

    doc_id: str
    table: str  # table title or 项目名称 of a form
    row: str
    column: str
    value: Decimal | None
    unit: str
    source: Source
    path: tuple[str, ...] = ()
    qualifiers: tuple[str, ...] = ()
    code: str | None = None
    kind: str = "table"  # table | form


@dataclass
class Disclosure:
    id: str
    department: str
    year: int | None
    kind: str  # 预算 or 决算
    source_file: str
    lines: list[str] = field(default_factory=list, repr=False)
    sections: list[Section] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    forms: list[ProjectForm] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    glossary: list[GlossaryEntry] = field(default_factory=list)
    org_units: list[OrgUnit] = field(default_factory=list)
    unit_counts: list[Stated] = field(default_factory=list)  # 机构设置: units by kind (行政单位 1家, …)
    procurement: list[Procurement] = field(default_factory=list)
    assets: list[AssetHolding] = field(default_factory=list)
    performance: list[PerformanceCoverage] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    scope: str = ""  # '本级': the department's own budget, its subordinate units left out (corpus.metadata)
    unit_kind: str = ""  # 部门 (a department's budget, its units summed) or 单位 (one unit's)
    region: str = ""  # the province, city and district the department belongs to: '上海市普陀区'
    level: str = ""  # 省级, 市级, 区级 or 县级

    def table(self, title_part: str) -> Table | None:
        """The first table whose title contains `title_part` (spaces ignored)."""
        wanted = compact(title_part)
        return next((t for t in self.tables if wanted in compact(t.title)), None)

    def facts(self) -> Iterator[Fact]:
        for table in self.tables:
            for row in table.rows:
                for cell in row.cells:
                    yield Fact(self.id, table.title, row.label, cell.column, cell.value, table.unit,
                               row.source, row.path, row.qualifiers, row.code)
        for form in self.forms:
            for fund in form.funds:
                yield Fact(self.id, form.project, fund.source_name, fund.period, fund.amount, form.unit,
                           fund.source, (form.project,), (form.implementing_unit,), None, "form")


TOTAL_LABELS = ("合计", "总计", "小计", "部门合计")
_NO_DATA = re.compile(r"无数据|空表|(无|没有).{0,30}(安排|预算|支出|收入)")


def is_total_label(label: str) -> bool:
    text = compact(label)
    return any(text.endswith(t) for t in TOTAL_LABELS)
