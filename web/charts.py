"""Chart data read from a disclosure's tables (found by title keywords, so other layouts work too), each item
carrying its source line, and the check that the parts add up to the printed total; matplotlib figures
rendered offline (Agg, a local CJK font).

    >>> from corpus.registry import load_corpus
    >>> chart = extract(load_corpus()[0], "sangong")
    >>> [(i.label, str(i.value)) for i in chart.items if i.value]
    [('公务接待费', '25.40'), ('公务用车购置及运行费', '1572.10')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from corpus.model import Disclosure, Row, Table
from corpus.money import format_amount
from corpus.text import compact
from qa.answer import Check
from qa.compute import check_total


@dataclass
class Item:
    label: str
    value: Decimal | None  # None: blank in the disclosure (not arranged), never zero
    line: int
    text: str  # the verbatim source line
    column: str


@dataclass
class ChartData:
    key: str
    title: str
    kind: str  # pie | bar | barh
    doc_id: str
    table: str  # the table title the figures come from
    unit: str
    column: str
    items: list[Item] = field(default_factory=list)
    total: Item | None = None
    check: Check | None = None

    @property
    def shown(self) -> list[Item]:
        """Items with a figure above zero (blank items are listed as 未安排, not drawn)."""
        return [i for i in self.items if i.value is not None and i.value > 0]

    @property
    def headline(self) -> Item | None:
        """The chart's one figure: its printed total, else its only item (a department's 机关运行经费)."""
        return self.total or (self.items[0] if len(self.items) == 1 else None)

    @property
    def blank(self) -> list[Item]:
        return [i for i in self.items if i.value is None or i.value == 0]


@dataclass(frozen=True)
class Spec:
    key: str
    title: str
    kind: str
    include: tuple[tuple[str, ...], ...]  # any of these keyword sets, each all in the title
    exclude: tuple[str, ...]
    words: tuple[str, ...]  # words in a chat request that ask for this chart


SPECS = (
    Spec("gpb", "一般公共预算当年拨款结构（按支出功能分类·类）", "pie",
         (("一般公共预算", "支出"),), ("经济", "三公", "机关运行", "基本支出", "政府性基金", "项目支出预算", "收入"),
         ("一般公共预算", "拨款结构", "功能分类", "按类", "支出结构")),
    Spec("sangong", "“三公”经费构成", "pie", (("三公",),), (), ("三公",)),
    Spec("jiguan", "机关运行经费（按单位）", "barh", (("机关运行经费",),), (), ("机关运行",)),
    Spec("basic_project", "基本支出与项目支出", "pie",
         (("支出", "总表"), ("一般公共预算", "支出")), ("财政拨款", "收支", "经济", "三公", "机关运行", "政府性基金"),
         ("基本支出", "项目支出", "基本和项目", "基本与项目")),
    Spec("economic", "基本支出经济分类构成", "bar", (("经济科目",), ("经济分类",)), (), ("经济分类", "经济科目")),
)
SPEC_BY_KEY = {s.key: s for s in SPECS}
_CHART_WORDS = re.compile(r"画|图|可视化|chart|plot", re.IGNORECASE)


def find_table(doc: Disclosure, spec: Spec) -> Table | None:
    for keywords in spec.include:
        for table in doc.tables:
            title = compact(table.title)
            if table.rows and not table.empty and all(k in title for k in keywords) \
                    and not any(x in title for x in spec.exclude):
                return table
    return None


def total_column(table: Table) -> str | None:
    """The table's 合计 column (first value column named 合计/小计), else its first value column."""
    columns = table.value_columns
    for name in ("合计", "小计"):
        found = [c for c in columns if c.split("/")[-1] == name]
        if found:
            return found[0]
    return columns[0] if columns else None


def total_row(table: Table) -> Row | None:
    return next((r for r in table.rows if r.is_total), None)


def item(row: Row, column: str, label: str | None = None) -> Item:
    cell = row.cell(column)
    return Item(label or row.full_label, cell.value if cell else None, row.source.line, row.source.text, column)


def top_rows(table: Table) -> list[Row]:
    """The top level of a table: 类 rows when subject codes are there, else rows without a parent row."""
    rows = [r for r in table.rows if not r.is_total]
    if any(r.level == 1 for r in rows):
        return [r for r in rows if r.level == 1]
    labels = {r.label for r in rows}
    return [r for r in rows if not r.parent or r.parent not in labels]


def extract(doc: Disclosure, key: str) -> ChartData | None:
    """The figures of chart `key` for `doc`, or None when the disclosure has no such table."""
    spec = SPEC_BY_KEY[key]
    table = find_table(doc, spec)
    if table is None:
        return None
    if table.horizontal:
        chart = from_columns(doc, spec, table)
    else:
        chart = from_rows(spec, table)
    if chart is None or not chart.items:
        return None
    if chart.total and chart.total.value is not None:
        parts = [i.value for i in chart.items if i.value is not None]
        chart.check = check_total(parts, chart.total.value, f"{chart.total.label}")
    return chart


def from_rows(spec: Spec, table: Table) -> ChartData | None:
    """A table that prints its items as rows: the 合计 column of each top-level row, the total row's."""
    column = total_column(table)
    if column is None:
        return None
    chart = ChartData(spec.key, spec.title, spec.kind, table.doc_id, table.title, table.unit, column)
    total = total_row(table)
    if spec.key == "basic_project":
        if total is None:
            return None
        for word in ("基本支出", "项目支出"):
            col = next((c for c in table.value_columns if c.split("/")[-1] == word), None)
            if col is None:
                return None
            chart.items.append(item(total, col, word))
        chart.total = item(total, column, "合计")
    else:
        # a table of 三公 and 机关运行经费 together: each chart takes only its own rows
        chart.items = [item(r, column) for r in top_rows(table) if own_figure(spec, r.label, table.title)]
        if total is not None and own_figure(spec, total.label, table.title):
            chart.total = item(total, column, total.label)
    return chart


def own_figure(spec: Spec, name: str, title: str) -> bool:
    """Whether a row or column `name` of the table `title` is one of chart `spec`'s figures: a table of 三公 and
    机关运行经费 together gives the 三公 chart all but 机关运行经费, the 机关运行经费 chart only that."""
    jiguan = "机关运行" in compact(name)
    if spec.key == "sangong":
        return not jiguan
    if spec.key == "jiguan" and "三公" in compact(title):
        return jiguan
    return True


def from_columns(doc: Disclosure, spec: Spec, table: Table) -> ChartData | None:
    """A one-row table, its items printed as columns (合计, 因公出国(境)费, 公务接待费, 公务用车购置及运行费/小计 and
    its parts, 机关运行经费): the chart's own columns, of the document's measure where the table prints two (决算数
    in a 决算, else 预算数). Parts of an item (购置费, 运行费 beside a 小计) are not drawn beside it."""
    if spec.key not in ("sangong", "jiguan"):
        return None
    row = table.rows[0]
    columns = [c for c in table.value_columns if own_figure(spec, c, table.title)]
    measure = "决算数" if doc.kind == "决算" else "预算数"
    if any(c.split("/")[-1] in ("预算数", "决算数") for c in columns):
        columns = [c for c in columns if c.split("/")[-1] == measure]
    else:
        measure = ""
    paths = {c: c.split("/")[:-1] if measure else c.split("/") for c in columns}
    head = common_head(list(paths.values()))
    shown = "/".join(head + [measure] if measure else head) or "/".join(columns)
    chart = ChartData(spec.key, spec.title, spec.kind, doc.id, table.title, table.unit, shown)
    for column, path in paths.items():
        name = path[len(head):] or path[-1:]
        if name in (["合计"], ["小计"]):
            chart.total = item(row, column, name[0])
        elif len(name) == 1 or name[1:] == ["小计"]:  # a department's one 机关运行经费 figure: its own name
            chart.items.append(item(row, column, doc.department if spec.key == "jiguan" else name[0]))
    return chart


def common_head(paths: list[list[str]]) -> list[str]:
    """The header segments all of several columns share ('“三公”经费预算数'); none for a single column."""
    if len(paths) < 2:
        return []
    head = []
    for segments in zip(*paths):
        if len(set(segments)) > 1:
            break
        head.append(segments[0])
    return head


def extract_all(doc: Disclosure) -> list[ChartData]:
    return [c for c in (extract(doc, s.key) for s in SPECS) if c is not None]


def chart_request(question: str) -> str | None:
    """The chart a chat message asks to draw ("画出三公经费构成"), or "" for a drawing request naming no
    known chart; None when the message is not a drawing request."""
    text = compact(question or "")
    if not _CHART_WORDS.search(text):
        return None
    for spec in sorted(SPECS, key=lambda s: s.key != "basic_project"):  # "基本支出和项目支出" before 一般公共预算
        if any(w in text for w in spec.words):
            if spec.key == "basic_project" and not ("基本" in text and "项目" in text):
                continue
            return spec.key
    return ""


def short_label(label: str, department: str) -> str:
    """'大同市公安局平城分局' → '平城分局' on a chart axis (the full name stays in the sources)."""
    if department and label.startswith(department) and len(label) > len(department):
        return label[len(department):]
    return label


# ---------------------------------------------------------------------------------- matplotlib

_FONT_READY = False
CJK_FONTS = ("WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC",
             "SimHei", "Microsoft YaHei", "PingFang SC", "AR PL UMing CN")


def cjk_font() -> str | None:
    """A Chinese font matplotlib can use, set as the default sans-serif; None when none is installed."""
    global _FONT_READY
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib import font_manager, rcParams

    names = {f.name for f in font_manager.fontManager.ttflist}
    found = next((n for n in CJK_FONTS if n in names), None)
    if not _FONT_READY:
        rcParams["font.sans-serif"] = ([found] if found else []) + list(rcParams["font.sans-serif"])
        rcParams["font.family"] = "sans-serif"
        rcParams["axes.unicode_minus"] = False
        _FONT_READY = True
    return found


def figure(chart: ChartData, department: str = ""):
    """A matplotlib Figure of the chart (pie for shares, bars for comparisons)."""
    cjk_font()
    from matplotlib.figure import Figure

    items = chart.shown
    labels = [short_label(i.label, department) for i in items]
    values = [float(i.value) for i in items]
    fig = Figure(figsize=(7.2 if chart.kind == "pie" else 6.4, 4.2), dpi=100)
    ax = fig.add_subplot(1, 1, 1)
    if chart.kind == "pie" and items:
        wedges, _texts, _autotexts = ax.pie(values, autopct=lambda p: f"{p:.1f}%" if p >= 3 else "", startangle=90,
                                            counterclock=False, textprops={"fontsize": 9})
        ax.legend(wedges, [f"{l} {format_amount(i.value)}" for l, i in zip(labels, items)], loc="center left",
                  bbox_to_anchor=(0.95, 0.5), fontsize=9, frameon=False, title=f"单位：{chart.unit}", title_fontsize=9)
        ax.axis("equal")
    elif items:
        if chart.kind == "barh":
            bars = ax.barh(labels[::-1], values[::-1], color="#4c78a8")
            ax.bar_label(bars, labels=[format_amount(i.value) for i in items[::-1]], fontsize=7, padding=2)
            ax.set_xlabel(chart.unit)
            ax.margins(x=0.18)
        else:
            bars = ax.bar(labels, values, color="#4c78a8")
            ax.bar_label(bars, labels=[format_amount(i.value) for i in items], fontsize=7, padding=2)
            ax.set_ylabel(chart.unit)
            ax.tick_params(axis="x", labelrotation=20, labelsize=8)
            ax.margins(y=0.15)
    ax.set_title(chart.title, fontsize=11)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------------- captions (HTML)

def caption(chart: ChartData, public: bool = True) -> str:
    """The chart's figures and where each was read, the 未安排 items and the sum check (escaped HTML)."""
    from web.render import esc

    def line(i: Item) -> str:
        value = "未安排（空白）" if i.value is None else f"{format_amount(i.value)}{chart.unit}"
        verbatim = "" if public else f'<pre class="bqa-line">{esc(i.text)}</pre>'
        return f"<li>{esc(i.label)}：{esc(value)} <span class=\"bqa-note\">第{i.line}行</span>{verbatim}</li>"

    rows = "".join(line(i) for i in chart.items)
    if chart.total:
        rows += line(chart.total)
    check = ""
    if chart.check:
        mark = "✅ 验算通过" if chart.check.ok else "⚠️ 验算不一致"
        gap = chart.check.reported - chart.check.result
        note = "" if gap == 0 else f"，相差 {format_amount(abs(gap))}" + ("，在各项四舍五入的误差内" if chart.check.ok else "")
        check = (f'<div class="bqa-badge {"bqa-ok" if chart.check.ok else "bqa-warn"}">{mark}：{esc(chart.check.expression)}'
                 f"（印制合计 {esc(format_amount(chart.check.reported))}{esc(note)}）</div>")
    return (f'<details class="bqa-sources"><summary>来源：{esc(chart.table)}（单位：{esc(chart.unit)}，'
            f"栏目：{esc(chart.column)}）</summary><ul>{rows}</ul></details>{check}")
