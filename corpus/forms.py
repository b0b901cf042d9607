"""Project performance forms (项目支出绩效目标表): finding them among a document's lines and reading each one.

The text comes from PDFs, so a form's cells wander between columns, long cells are cut short or spill onto
the next line, and blank cells mean "same as the row above". The reader therefore goes by the genre's field
names (项目名称, 实施期资金总额, 一级指标, …) and the order of cells in a line rather than by column numbers.

    >>> from pathlib import Path
    >>> from corpus.forms import parse_forms
    >>> lines = Path("corpus/documents/datong_gaj_2023_budget.txt").read_text(encoding="utf-8").split("\\n")
    >>> forms, warnings = parse_forms(lines, "datong-gaj-2023-budget")
    >>> forms[0].project, forms[0].implementing_unit, forms[0].annual_funds_yuan
    ('J基础性项目支出经费(办公费等)', '大同市公安局森林公安分局', Decimal('879900'))
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from corpus.model import FundLine, Indicator, ParseWarning, ProjectForm, Source
from corpus.money import convert, format_amount, parse_amount
from corpus.text import clean_cell, compact

PERIODS = ("实施期", "年度")
TOTAL = "资金总额"
FUND_SOURCES = ("中央财政资金", "省级财政资金", "市县财政资金", "单位自筹", "其他资金")

# Fund labels, matched against the whole compacted cell; OCR cuts the tail (市(区)财政资) or moves it a line down.
_FUND_LABELS = (
    (TOTAL, re.compile(r"(实施期|年度)?资金总额")),
    ("中央财政资金", re.compile(r"中央级?财政资?金?")),
    ("省级财政资金", re.compile(r"省级?财政资?金?")),
    ("市县财政资金", re.compile(r"[市县区、()]+级?财政资?金?")),
    ("单位自筹", re.compile(r"(单位)?自筹(资金)?")),
    ("其他资金", re.compile(r"其他资金")),
)
_FUNDS_HEADING = "项目资金"

HEADER_FIELDS = {
    "项目名称": "project",
    "主管部门及代码": "department",
    "主管部门": "department",
    "实施单位": "implementing_unit",
    "项目属性": "attribute",
    "项目期": "period",
}
CONTACT_LABELS = ("负责人", "经办人", "联系电话", "填报日期")

NARRATIVE_LABELS = (
    ("项目概况", re.compile(r"项目概况")),
    ("立项依据", re.compile(r"立项依据")),
    ("项目设立必要性", re.compile(r"项目设立的?必要性")),
    ("保证项目实施的制度、措施", re.compile(r"保证项目实施的?制度.{0,2}措施")),
    ("项目实施计划", re.compile(r"项目实施计划")),
)
GOAL_HEADINGS = ("实施期目标", "年度目标")
GOAL_LABEL = "总体目标"

LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标")
LEVEL2 = (
    "数量指标", "质量指标", "时效指标", "成本指标",
    "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标", "服务对象满意度指标",
    "经济成本指标", "社会成本指标", "生态环境成本指标",
)
INDICATOR_HEADER = {"绩效指标", "一级指标", "二级指标", "三级指标", "指标值"}

# Headings that end the forms part of a document, e.g. 十一、国有资产占有使用情况 or 第四部分; short, unlike
# a continuation line of narrative text that happens to start with 一、
_HEADING = re.compile(r"(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]).{0,30}")
_INLINE = re.compile(r"(.+?)[:：](.+)")
# How far below a 项目名称 line to look for the form's other fields.
_LOOKAHEAD = 4
# Letters a spilled cell tail must have to count as a repeat; a short continuation may repeat words by chance.
_ECHO_MIN = 8


@dataclass
class Token:
    """A non-empty cell of a line: its column and cleaned text."""

    col: int
    text: str

    @property
    def key(self) -> str:
        """The text as a label: spaces removed, full-width folded, trailing colon dropped."""
        return compact(self.text).rstrip(":")


def parse_forms(
    lines: list[str], doc_id: str, start: int = 0, end: int | None = None
) -> tuple[list[ProjectForm], list[ParseWarning]]:
    """The project forms in lines[start:end], and warnings for whatever in them could not be read."""
    end = len(lines) if end is None else min(end, len(lines))
    forms: list[ProjectForm] = []
    warnings: list[ParseWarning] = []
    index = start
    while index < end:
        if not is_form_start(lines, index, end):
            index += 1
            continue
        reader = FormReader(lines, doc_id, index)
        index = reader.read_block(end)
        forms.append(reader.form)
        warnings.extend(reader.warnings)
    return forms, warnings


def tokens_of(line: str) -> list[Token]:
    return [Token(col, clean_cell(cell)) for col, cell in enumerate(line.split("\t")) if cell.strip()]


def is_form_start(lines: list[str], index: int, end: int) -> bool:
    """A 项目名称 line that opens a form, not the header of a table whose first column is 项目名称 nor a
    sentence of prose (a form is a grid: its lines are tab-separated)."""
    tokens = tokens_of(lines[index])
    if "\t" not in lines[index] or not tokens or header_field(tokens[0]) != "project":
        return False
    return len(tokens) <= 2 or has_form_fields_below(lines, index, end)


def has_form_fields_below(lines: list[str], index: int, end: int) -> bool:
    below = [tokens_of(line) for line in lines[index + 1:end] if line.strip()][:_LOOKAHEAD]
    return any(header_field(t[0]) not in (None, "project") or is_funds_line(t) for t in below)


def is_heading(tokens: list[Token]) -> bool:
    return len(tokens) == 1 and bool(_HEADING.fullmatch(tokens[0].key))


def header_field(token: Token) -> str | None:
    """The ProjectForm attribute a header label fills (项目名称 -> project), else None."""
    return HEADER_FIELDS.get(inline_label(token, HEADER_FIELDS)[0])


def inline_label(token: Token, labels) -> tuple[str, str]:
    """(label, value) of a cell written 'label:value'; (key, '') for a label alone or a cell with no label."""
    match = _INLINE.fullmatch(token.text)
    if match and compact(match[1]) in labels:
        return compact(match[1]), match[2].strip()
    return token.key, ""


def fund_label(key: str) -> str | None:
    """The normalised fund source of a label cell (其中:中央财政资金 -> 中央财政资金), else None."""
    key = key.removeprefix("其中").lstrip(":")
    return next((name for name, pattern in _FUND_LABELS if pattern.fullmatch(key)), None)


def is_funds_line(tokens: list[Token]) -> bool:
    first = tokens[0].key if tokens else ""
    return first.startswith(_FUNDS_HEADING) or fund_label(first) is not None


def narrative_label(key: str) -> str | None:
    return next((name for name, pattern in NARRATIVE_LABELS if pattern.fullmatch(key)), None)


def is_contacts_line(tokens: list[Token]) -> bool:
    return bool(tokens) and tokens[0].key.startswith(CONTACT_LABELS)


def is_level2(key: str) -> bool:
    """A 二级指标 name, also when the cell cut it short (服务对象满意度指 for 服务对象满意度指标)."""
    return canonical_level2(key) is not None


def canonical_level2(key: str) -> str | None:
    if key in LEVEL2:
        return key
    completions = [name for name in LEVEL2 if name.startswith(key)] if len(key) >= 4 else []
    return completions[0] if len(completions) == 1 else None


def is_level1(key: str, next_key: str | None) -> bool:
    """A 一级指标 name. 成本指标 is a 一级指标 in newer templates (over 经济成本指标 …), a 二级指标 in older ones."""
    if key == "成本指标":
        return next_key is not None and is_level2(next_key) and next_key != key
    return key in LEVEL1


def letters(text: str) -> str:
    """Only the letters of a text: what survives when OCR drops digits and punctuation from a spilled cell."""
    return re.sub(r"[\W\d_]", "", text)


class FormReader:
    """Reads one form block line by line, remembering what the blank cells of a line inherit."""

    def __init__(self, lines: list[str], doc_id: str, index: int):
        self.lines = lines
        self.doc_id = doc_id
        self.form = ProjectForm(doc_id, "", self.source(index), index + 1)
        self.warnings: list[ParseWarning] = []
        self.printed_unit = "元"
        self.factor = Decimal(1)  # to 元, when the form prints its funds in 万元
        self.last_text: str | None = None  # the narrative field or "goals" a continuation line extends
        self.in_funds = False
        self.in_indicators = False
        self.annual_goal_col: int | None = None
        self.level1 = ""
        self.level2 = {period: "" for period in PERIODS}
        self.annual_half_col: int | None = None

    def source(self, index: int) -> Source:
        return Source(self.doc_id, index + 1, self.lines[index])

    def warn(self, index: int, message: str) -> None:
        self.warnings.append(ParseWarning(index + 1, f"{self.form.project or 'project form'}: {message}"))

    # -- the block -------------------------------------------------------------------------------------------

    def read_block(self, end: int) -> int:
        """Read from the 项目名称 line to the form's end; the index where scanning for the next form resumes."""
        start = self.form.source.line - 1
        self.read_header(tokens_of(self.lines[start]))
        index = start + 1
        while index < end:
            tokens = tokens_of(self.lines[index])
            if tokens and (is_heading(tokens) or is_form_start(self.lines, index, end)):
                break
            if tokens:
                self.form.line_end = index + 1
                if is_contacts_line(tokens):
                    self.read_contacts(tokens)
                    index += 1
                    break
                self.read_line(index, tokens)
            index += 1
        self.check_complete()
        return index

    def read_line(self, index: int, tokens: list[Token]) -> None:
        first = tokens[0].key
        if self.in_indicators:
            self.read_indicator_line(index, tokens)
        elif first == "绩效指标" or any(t.key in ("一级指标", "三级指标") for t in tokens):
            self.in_indicators = True
            self.read_indicator_line(index, tokens)
        elif header_field(tokens[0]):
            self.read_header(tokens)
        elif is_funds_line(tokens):
            self.read_funds(index, tokens)
        elif narrative_label(first):
            self.read_narrative(tokens)
        elif all(t.key in GOAL_HEADINGS for t in tokens):
            self.annual_goal_col = next((t.col for t in tokens if t.key == "年度目标"), None)
        elif first == GOAL_LABEL:
            self.read_goals(tokens[1:])
            self.last_text = "goals"
        else:
            self.read_loose_line(index, tokens)

    def check_complete(self) -> None:
        start = self.form.source.line - 1
        if not self.form.project:
            self.warn(start, "项目名称 is blank")
        if not self.in_indicators:
            self.warn(self.form.line_end - 1, "form cut off: no 绩效指标 part")
        if self.form.fund("年度", TOTAL) is None:
            self.warn(start, "no 年度资金总额")
        if self.in_indicators:  # in a cut-off form, missing sources are no news
            self.check_fund_sums()

    # -- header and contacts ---------------------------------------------------------------------------------

    def read_header(self, tokens: list[Token]) -> None:
        for label, value in label_value_pairs(tokens, HEADER_FIELDS):
            setattr(self.form, HEADER_FIELDS[label], value)
        self.last_text = None

    def read_contacts(self, tokens: list[Token]) -> None:
        self.form.contacts.update(label_value_pairs(tokens, CONTACT_LABELS))

    # -- funds -----------------------------------------------------------------------------------------------

    def read_funds(self, index: int, tokens: list[Token]) -> None:
        """One line of the funds block: up to two label/amount pairs, 实施期 first and 年度 second."""
        self.in_funds = True
        self.last_text = None
        if tokens[0].key.startswith(_FUNDS_HEADING):
            self.printed_unit = "万元" if "万元" in tokens[0].key else "元"
            self.factor = convert(Decimal(1), self.printed_unit, "元")
            tokens = tokens[1:]
        pairs = fund_pairs(tokens)
        for position, (label, name, amount_text) in enumerate(pairs):
            period = next((p for p in PERIODS if p in label), None)
            if period is None and position < len(PERIODS):
                period = PERIODS[position]
            if period is None:
                self.warn(index, f"a third fund column: {label}")
                continue
            self.add_fund(index, period, name, amount_text)

    def add_fund(self, index: int, period: str, name: str, amount_text: str) -> None:
        try:
            amount = parse_amount(amount_text)
        except ValueError:
            self.warn(index, f"{period}{name}: amount does not parse: {amount_text!r}")
            return
        converted = amount * self.factor if amount is not None else None
        self.form.funds.append(FundLine(period, name, converted, self.source(index), printed=amount_text.strip(),
                                        printed_amount=amount, printed_unit=self.printed_unit))

    def check_fund_sums(self) -> None:
        """Each period's 资金总额 should be the sum of its sources; report, don't repair, when it isn't."""
        for period in PERIODS:
            total = self.form.fund(period, TOTAL)
            sources = [f for f in self.form.funds if f.period == period and f.source_name in FUND_SOURCES]
            if total is None or total.amount is None or not sources:
                continue
            summed = sum((f.amount for f in sources if f.amount is not None), Decimal(0))
            if summed != total.amount:
                self.warn(total.source.line - 1, f"{period}资金总额 {format_amount(total.amount)} ≠ "
                          f"{format_amount(summed)}, the sum of its sources")

    # -- narrative and goals ---------------------------------------------------------------------------------

    def read_narrative(self, tokens: list[Token]) -> None:
        name = narrative_label(tokens[0].key)
        self.form.narrative[name] = "".join(t.text for t in tokens[1:])
        self.last_text = name

    def read_goals(self, tokens: list[Token]) -> None:
        """总体目标 texts: with two, 实施期 then 年度; a lone one belongs to the half its column is in."""
        if not tokens:
            return
        if len(tokens) == 1:
            annual = self.annual_goal_col is not None and tokens[0].col >= self.annual_goal_col
            halves = {"年度" if annual else "实施期": tokens[0].text}
        else:
            halves = {"实施期": tokens[0].text, "年度": "".join(t.text for t in tokens[1:])}
        for period, text in halves.items():
            self.form.goals[period] = self.form.goals.get(period, "") + text

    def read_loose_line(self, index: int, tokens: list[Token]) -> None:
        """A line with no label: a continuation of the text above, a label's spilled tail, or unreadable."""
        text = "".join(t.text for t in tokens)
        if self.last_text is not None:
            if not self.is_echo(text):
                self.continue_text(tokens)
            return
        if self.in_funds and all(is_label_fragment(t.text) for t in tokens):
            return  # the tail of a fund label cut over two lines, e.g. 市县(区)财政资 / 金
        self.warn(index, f"unrecognised line: {text[:40]}")

    def continue_text(self, tokens: list[Token]) -> None:
        if self.last_text == "goals":
            self.read_goals(tokens)
        else:
            self.form.narrative[self.last_text] += "".join(t.text for t in tokens)

    def is_echo(self, text: str) -> bool:
        """The PDF repeats the cut-off tail of a long cell as a line of its own; it adds nothing new."""
        wanted = letters(text)
        known = [*self.form.narrative.values(), *self.form.goals.values()]
        return len(wanted) >= _ECHO_MIN and any(wanted in letters(value) for value in known)

    # -- indicators ------------------------------------------------------------------------------------------

    def read_indicator_line(self, index: int, tokens: list[Token]) -> None:
        if tokens[0].key == "绩效指标":
            tokens = tokens[1:]
        if not tokens:
            return
        if all(t.key in INDICATOR_HEADER for t in tokens):
            self.annual_half_col = annual_half_column(tokens)
            return
        if is_level1(tokens[0].key, tokens[1].key if len(tokens) > 1 else None):
            self.level1 = tokens[0].key
            self.level2 = {period: "" for period in PERIODS}
            tokens = tokens[1:]
        if not tokens:
            return
        halves = split_halves(tokens, self.annual_half_col)
        if halves is None:
            self.warn(index, "cannot tell the 实施期 and 年度 indicators apart")
            return
        for period, half in zip(PERIODS, halves):
            self.add_indicator(index, period, half)

    def add_indicator(self, index: int, period: str, half: list[Token]) -> None:
        if half and is_level2(half[0].key):
            self.level2[period] = canonical_level2(half[0].key)
            half = half[1:]
        if not half:
            return  # a category row of the template with nothing filled in
        level3, value = half[0].text, half[-1].text if len(half) > 1 else ""
        extra = [t.text for t in half[1:-1] if t.text != value]
        if extra:
            self.warn(index, f"{period} indicator {level3}: extra cells {extra}")
        self.form.indicators.append(
            Indicator(period, self.level1, self.level2[period], level3, value, self.source(index)))


def label_value_pairs(tokens: list[Token], labels) -> list[tuple[str, str]]:
    """(label, value) for each known label in a line; the value is the next cell unless it is a label too."""
    pairs = []
    pending: str | None = None
    for token in tokens:
        label, inline = inline_label(token, labels)
        if label in labels:
            if pending:
                pairs.append((pending, ""))
            pending = None
            if inline:
                pairs.append((label, inline))
            else:
                pending = label
        elif pending:
            pairs.append((pending, token.text))
            pending = None
    if pending:
        pairs.append((pending, ""))
    return pairs


def fund_pairs(tokens: list[Token]) -> list[tuple[str, str, str]]:
    """(label, source name, amount text) for each fund label in a line; amount '' when its cell is blank."""
    pairs = []
    for token in tokens:
        name = fund_label(token.key)
        if name is not None:
            pairs.append([token.key, name, ""])
        elif pairs and not pairs[-1][2]:
            pairs[-1][2] = token.text
    return [tuple(pair) for pair in pairs]


def is_label_fragment(text: str) -> bool:
    """A few characters and no digits: the spilled tail of a label, not a value."""
    return len(text) <= 3 and not re.search(r"\d", text)


def annual_half_column(header: list[Token]) -> int | None:
    """The column where the 年度 half of the indicator table starts: its 二级指标, the second one."""
    columns = [t.col for t in header if t.key == "二级指标"]
    return columns[1] if len(columns) > 1 else None


def split_halves(tokens: list[Token], annual_col: int | None) -> tuple[list[Token], list[Token]] | None:
    """Split an indicator row (level1 removed) into its 实施期 and 年度 halves.

    The header's columns decide when the cells keep to them well enough to give two plausible halves.
    Often they do not (a row shifted by a column or two), and then the split is the one that balances the
    mirrored halves: at a 二级指标 that opens the 年度 half, else in the middle. None when neither works.
    """
    if annual_col is not None:
        by_column = [t for t in tokens if t.col < annual_col], [t for t in tokens if t.col >= annual_col]
        if all(is_plausible_half(half) for half in by_column):
            return by_column
    count = len(tokens)
    splits = [j for j in range(1, count) if is_level2(tokens[j].key)]
    if count and not is_level2(tokens[0].key) and count % 2 == 0:
        splits.append(count // 2)
    if not splits:
        return None
    j = min(splits, key=lambda s: abs(count - 2 * s))
    return tokens[:j], tokens[j:]


def is_plausible_half(half: list[Token]) -> bool:
    """An optional 二级指标, then at most a 三级指标 and its value, neither of them a 二级指标 name."""
    rest = half[1:] if half and is_level2(half[0].key) else half
    return len(rest) <= 2 and not any(is_level2(t.key) for t in rest)
