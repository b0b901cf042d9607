"""Project pages written as prose ('X项目经费情况说明': 一、项目概述 … 三、实施主体 … 六、年度预算安排 … 七、绩效目标),
read as ProjectForms.

Some layouts describe each project on a page of numbered sections instead of a 绩效目标表 grid. A page opens with
its title ('…情况说明') followed by its first section (一、项目概述/项目概况); each numbered section runs until the
next. The annual funds are the one amount the 年度预算安排 section prints (converted to 元 in corpus.money); a
section that prints several amounts (用款计划 by quarter) keeps them as they are and the annual total stays None.

    >>> lines = ["人民调解项目经费情况说明", "一、项目概述", "调解。", "三、实施主体", "某区司法局",
    ...          "六、年度预算安排", "795万元"]
    >>> form, warnings = read_project_page(lines, "doc", 0, len(lines))
    >>> form.project, form.implementing_unit, form.annual_funds_yuan, form.funds[0].printed
    ('人民调解项目', '某区司法局', Decimal('7950000'), '795万元')
"""
from __future__ import annotations

import re
from decimal import Decimal

from corpus.model import FundLine, ParseWarning, ProjectForm, Source
from corpus.money import convert, parse_amount
from corpus.text import compact

_SECTION = re.compile(r"^[一二三四五六七八九十]+、\s*(.{2,12}?)\s*[：:]?$")
_FIRST_SECTION = re.compile(r"^一、\s*项目(概述|概况|简介|基本情况)$")
_TITLE = re.compile(r"^(.{0,40}?)(?:经费|资金)?情况说明$")
_PART = re.compile(r"^第[一二三四五六七八九十]+部分")
_AMOUNT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(亿元|万元|元)")
_LABELLED_AMOUNT = re.compile(r"([^，,；;。\d]{2,12}?)\s*(\d[\d,]*(?:\.\d+)?)\s*(亿元|万元|元)")
_PERIOD = re.compile(r"(第[一二三四1-4]季度|[一二三四五六七八九十\d]{1,3}月(?:份)?|[上下]半年)(.*)")
_NAMED_PROJECT = re.compile(r"的([^，,。的]{2,30}?(?:工程|项目))")  # '由…建设的某某新建工程'
NAME_CHARS = 40  # an implementing body longer than this, or with sentence punctuation, is prose, not a name
ANNUAL, TOTAL = "年度", "资金总额"

# the page's sections by the words of their heading, and the form field each fills
SECTIONS = (
    ("overview", re.compile(r"项目(概述|概况|简介|基本情况)")),
    ("basis", re.compile(r"立项依据")),
    ("implementing_unit", re.compile(r"实施(主体|单位)")),
    ("plan", re.compile(r"实施(方案|计划)")),
    ("period", re.compile(r"实施周期|项目期")),
    ("funds", re.compile(r"(年度)?预算安排|资金安排")),
    ("goals", re.compile(r"绩效目标")),
)
NARRATIVE_NAMES = {"overview": "项目概况", "basis": "立项依据", "plan": "项目实施计划"}


def is_page_start(lines: list[str], index: int) -> bool:
    """A '…情况说明' title whose next non-blank line is the page's first section (一、项目概述)."""
    if "\t" in lines[index] or not _TITLE.match(compact(lines[index])):
        return False
    following = next((compact(line) for line in lines[index + 1:index + 4] if line.strip()), "")
    return bool(_FIRST_SECTION.match(following))


def page_end(lines: list[str], start: int) -> int:
    """The page runs to the next page, the next part (第X部分) or a numbered heading that is not one of its sections."""
    index = start + 1
    while index < len(lines):
        text = compact(lines[index])
        if is_page_start(lines, index) or _PART.match(text) or "\t" in lines[index]:
            break
        heading = _SECTION.match(text)
        if heading and section_kind(heading.group(1)) is None and index > start + 1:
            break
        index += 1
    while index > start + 1 and not lines[index - 1].strip():
        index -= 1
    return index


def section_kind(label: str) -> str | None:
    return next((kind for kind, pattern in SECTIONS if pattern.search(label)), None)


def read_project_page(lines: list[str], doc_id: str, start: int, end: int) -> tuple[ProjectForm, list[ParseWarning]]:
    """The ProjectForm of the page in lines[start:end] and warnings for what it could not read."""
    title = compact(lines[start])
    form = ProjectForm(doc_id, "", Source(doc_id, start + 1, lines[start]), end)
    warnings: list[ParseWarning] = []
    sections = split_sections(lines, start + 1, end)
    for label, first, text in sections:
        kind = section_kind(label)
        form.field_lines[kind or label] = first + 1
        if kind in NARRATIVE_NAMES:
            form.narrative[NARRATIVE_NAMES[kind]] = text
        elif kind == "implementing_unit":
            form.narrative["实施主体"] = text
            form.implementing_unit = text if len(text) <= NAME_CHARS and not re.search(r"[，。；,;]", text) else ""
        elif kind == "period":
            form.period = text
        elif kind == "goals":
            form.goals[ANNUAL] = text
        elif kind == "funds":
            form.funds = read_funds(lines, doc_id, first, end)
        else:
            form.narrative[label] = text
            warnings.append(ParseWarning(first + 1, f"project page {title!r}: section {label!r} is not one this "
                                                    "reader knows; kept as narrative"))
    form.project = page_project(title, form.narrative.get("项目概况", ""))
    if not form.project:
        form.project = title
        warnings.append(ParseWarning(start + 1, f"project page {title!r}: no project name in its title or overview"))
    if not sections:
        warnings.append(ParseWarning(start + 1, f"project page {title!r}: no numbered sections"))
    return form, warnings


def split_sections(lines: list[str], start: int, end: int) -> list[tuple[str, int, str]]:
    """(label, index of its heading line, its text joined) for each numbered section."""
    sections: list[tuple[str, int, list[str]]] = []
    for index in range(start, end):
        text = lines[index].strip()
        heading = _SECTION.match(compact(text))
        if heading:
            sections.append((heading.group(1), index, []))
        elif text and sections:
            sections[-1][2].append(text)
    return [(label, index, "".join(body)) for label, index, body in sections]


def read_funds(lines: list[str], doc_id: str, heading: int, end: int) -> list[FundLine]:
    """The amounts of the 年度预算安排 section: one amount is the year's total; several keep their own labels."""
    found: list[tuple[str, str, str, int]] = []  # label, amount, unit, line index
    index = heading + 1
    while index < end and not _SECTION.match(compact(lines[index])):
        for match in _LABELLED_AMOUNT.finditer(lines[index]):
            found.append((match.group(1).strip(), match.group(2), match.group(3), index))
        if not _LABELLED_AMOUNT.search(lines[index]):
            found += [("", m.group(1), m.group(2), index) for m in _AMOUNT.finditer(lines[index])]
        index += 1
    if len(found) == 1:
        _, amount, unit, at = found[0]
        return [fund_line(ANNUAL, TOTAL, amount, unit, Source(doc_id, at + 1, lines[at]))]
    return [fund_line(*period_and_name(label), amount, unit, Source(doc_id, at + 1, lines[at]))
            for label, amount, unit, at in found]


def period_and_name(label: str) -> tuple[str, str]:
    """'第一季度用款计划' → ('第一季度', '用款计划'); a label without a period is the name of a whole-year line."""
    match = _PERIOD.match(compact(label))
    if match:
        return match.group(1), match.group(2) or TOTAL
    return ANNUAL, compact(label) or TOTAL


def fund_line(period: str, name: str, amount: str, unit: str, source: Source) -> FundLine:
    printed = parse_amount(amount)
    return FundLine(period, name, convert(printed, unit, "元"), source, printed=f"{amount}{unit}",
                    printed_amount=printed, printed_unit=unit)


def page_project(title: str, overview: str) -> str:
    """The project as the title names it ('人民调解项目经费情况说明' → 人民调解项目), else as the overview's first
    sentence does ('由…建设的某某中心新建工程，…')."""
    name = _TITLE.match(title).group(1)
    if compact(name) not in ("", "项目"):
        return name
    named = _NAMED_PROJECT.search(re.split(r"[。；]", overview)[0])
    return named.group(1).strip() if named else ""
