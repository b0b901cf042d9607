"""Project forms printed under their project's title, read as ProjectForms: a layout of 项目支出绩效目标表 in which
each project's form opens with a title line — '<单位编码>_<实施单位>_<项目名称>绩效目标表', or the project's name
alone, often wrapped onto a second line — followed by its funds (资金总额：/财政拨款：/其他资金：, the unit in the
block's heading, 专项资金情况（万元）), its goal (项目实施期目标) and its indicator grid (一级指标 二级指标 三级指标
目标值, a blank cell repeating the one above). A form runs while its lines are table rows (cells apart by tabs).

    >>> lines = ["301007_某市公安局某分局_机房改", "造项目绩效目标表", "",
    ...          "专项资金情 况（万元）\\t资金总额：\\t57.00", "\\t财政拨款：\\t57.00", "\\t其他资金：\\t0.00",
    ...          "项目实施期 目标\\t完成改造。", "绩效目标指 标\\t一级指标\\t二级指标\\t三级指标\\t目标值",
    ...          "\\t产出指标\\t数量指标\\t改造面积\\t700平方米", "\\t\\t时效指标\\t完成及时率\\t100%", "2 3"]
    >>> is_titled_form_start(lines, 0)
    True
    >>> form, end, warnings = read_titled_form(lines, "doc", 0)
    >>> form.project, form.implementing_unit, form.annual_funds_yuan, end
    ('机房改造项目', '某市公安局某分局', Decimal('570000.00'), 10)
    >>> [(i.level1, i.level2, i.level3, i.value) for i in form.indicators][1]
    ('产出指标', '时效指标', '完成及时率', '100%')
"""
from __future__ import annotations

import re
from decimal import Decimal

from corpus.model import FundLine, Indicator, ParseWarning, ProjectForm, Source
from corpus.money import convert, parse_amount
from corpus.text import compact

TITLE_END = "绩效目标表"
ANNUAL = "年度"  # the funds and indicators of a budget year's form
_WHOLE_DEPARTMENT = re.compile(r"部门整体(支出)?绩效目标表$")
_CODED_TITLE = re.compile(r"^(\d{3,})_([^_]{2,40})_(.+)$")  # 单位编码_实施单位_项目名称
_FUND = re.compile(r"^(资金总额|财政拨款|其他资金|[^：:]{2,10}资金)[：:]$")
_UNIT = re.compile(r"[（(]\s*(万元|元)\s*[)）]")
_INDICATOR_HEADER = ("一级指标", "二级指标", "三级指标")
TITLE_LINES = 2  # a long title wraps once


def title_at(lines: list[str], index: int) -> tuple[str, int] | None:
    """(the title, the index of its last line) when a form's title starts at `index`."""
    text = ""
    for at in range(index, min(index + TITLE_LINES, len(lines))):
        line = lines[at].strip()
        if not line or "\t" in line:
            return None
        text += compact(line)
        if text.endswith(TITLE_END):
            return (None if _WHOLE_DEPARTMENT.search(text) or len(text) <= len(TITLE_END) else (text, at))
    return None


def funds_line_after(lines: list[str], index: int) -> int | None:
    """The line of the funds block's 资金总额 when it is the first non-blank line after `index`."""
    at = next((at for at in range(index + 1, len(lines)) if lines[at].strip()), None)
    if at is None:
        return None
    cells = [compact(c) for c in lines[at].split("\t")]
    return at if len(cells) >= 3 and "资金总额" in "".join(cells[:2]) and _amount(cells[2]) is not None else None


def is_titled_form_start(lines: list[str], index: int) -> bool:
    found = title_at(lines, index)
    return found is not None and funds_line_after(lines, found[1]) is not None


def read_titled_form(lines: list[str], doc_id: str, index: int) -> tuple[ProjectForm, int, list[ParseWarning]]:
    """The form whose title starts at `index`, the index of the line after it, and what could not be read."""
    title, last = title_at(lines, index)
    name = title[:-len(TITLE_END)]
    coded = _CODED_TITLE.match(name)
    unit_name, name = (coded.group(2), coded.group(3)) if coded else ("", name)
    form = ProjectForm(doc_id, name, Source(doc_id, index + 1, lines[index]), last + 1, implementing_unit=unit_name)
    warnings: list[ParseWarning] = []
    factor, printed_unit = None, ""
    level = ["", ""]  # the last 一级 and 二级 indicator: a blank cell repeats it
    at = last + 1
    while at < len(lines):
        line = lines[at]
        if not line.strip():
            at += 1
            continue
        if "\t" not in line:
            break
        cells = [compact(c) for c in line.split("\t")]
        source = Source(doc_id, at + 1, line)
        fund = next((i for i, c in enumerate(cells[:2]) if _FUND.match(c)), None)
        if fund is not None and len(cells) > fund + 1:
            if unit := _UNIT.search(cells[0]):
                printed_unit = unit.group(1)
                factor = convert(Decimal(1), printed_unit, "元")
            amount = _amount(cells[fund + 1])
            if factor is None or amount is None:
                warnings.append(ParseWarning(at + 1, f"{name}: {cells[fund]} without a unit or an amount"))
            else:
                form.funds.append(FundLine(ANNUAL, cells[fund].rstrip("：:"), amount * factor, source,
                                           printed=cells[fund + 1], printed_amount=amount, printed_unit=printed_unit))
        elif cells[0].startswith("项目实施期") and len(cells) > 1:
            form.goals["实施期"] = re.sub(r"\s+", "", "".join(line.split("\t")[1:]))  # as printed, unwrapped
        elif not any(h in cells for h in _INDICATOR_HEADER) and len(cells) >= 5:
            level1, level2, level3, value = (cells[1:5] + [""] * 4)[:4]
            level = [level1 or level[0], level2 or level[1]]
            if level3:
                form.indicators.append(Indicator(ANNUAL, level[0], level[1], level3, value, source))
        form.line_end = at + 1
        at += 1
    if not form.funds:
        warnings.append(ParseWarning(index + 1, f"{name}: a project form without funds read"))
    total = form.fund(ANNUAL, "资金总额")
    parts = [f.amount for f in form.funds if f is not total]
    if total is not None and parts and None not in parts and sum(parts) != total.amount:  # report, don't repair
        warnings.append(ParseWarning(total.source.line, f"{name}: 资金总额 {total.printed} ≠ the sum of its sources"))
    return form, at, warnings


def _amount(text: str) -> Decimal | None:
    try:
        return parse_amount(text)
    except ValueError:
        return None
