"""Department, year and kind of a disclosure, read three ways and checked against each other.

The title page (its lines joined: PDFs wrap a long name, '上海市普陀区规划和自然 / 资源局', or put the party
committee first, '中共上海市普陀区委 / 宣传部'), the declared line ('预算主管部门：…', '编制部门：…') and the
name the headings repeat ('第一部分 上海市普陀区财政局概况', '…司法局机构设置'). A name cut short by a line
break is the prefix of a fuller one elsewhere, and the fuller one is taken; names that are not prefixes of
each other disagree, and a warning says where each was read.

    >>> meta = read_metadata(["中共某市某区委", "宣传部", "2024年度部门预算", "目 录", "第一部分 中共某市某区委宣传部概况"])
    >>> meta.department, meta.year, meta.kind, meta.warnings
    ('中共某市某区委宣传部', 2024, '预算', [])
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from corpus.model import ParseWarning
from corpus.text import compact

KINDS = ("预算", "决算")
TITLE_PAGE_LINES = 12  # non-blank lines before the 目录 that can make up the title page
MAX_NAME_CHARS = 40

_YEAR = re.compile(r"(20\d{2})\s*年")
_TITLE_END = re.compile(r"20\d{2}|年度|部门预算|部门决算|预算|决算|公开")  # where the name on a title line stops
_DECLARED = re.compile(r"(?:预算主管部门|部门名称|编制部门|单位名称)\s*[：:]\s*(\S+)")
_PART = r"(?:第[一二三四五六七八九十]+部分)?"
# a heading that opens with the department's name: '第一部分 某局概况', '某局机构设置', '某局 2024 年度部门决算表'
_HEADING_NAME = re.compile(
    _PART + r"\s*(?!第[一二三四五六七八九十]+部分)([\u4e00-\u9fff（）()]{4," + str(MAX_NAME_CHARS) + r"}?)\s*"
    r"(?:[（(]部门[）)])?\s*(?:20\d{2}\s*年|年度|概况|机构设置|部门预算|部门决算|单位构成)")
_HEADING_YEAR_KIND = re.compile(r"(20\d{2})\s*年度?[^。，]{0,12}?(预算|决算)")
_NAME_SUFFIX = re.compile(r"[\[【（(]\s*部门\s*[\]】）)]$")


@dataclass
class Metadata:
    department: str
    year: int | None
    kind: str
    warnings: list[ParseWarning] = field(default_factory=list)


def read_metadata(lines: list[str]) -> Metadata:
    """Department, year and kind of the document whose text is `lines`, with warnings where its readings disagree."""
    title = title_page(lines)
    heading_names = Counter(n for _, n in heading_names_of(lines))
    declared = Counter(clean_name(m.group(1)) for line in lines if (m := _DECLARED.search(line)))
    readings = [("the 预算主管部门/编制部门 line", *most_common_with_line(declared, lines, _DECLARED)),
                ("the title page", title.name, title.line),
                ("the headings", *most_common_heading(lines))]
    department, warnings = choose_department(readings, list(heading_names))
    warnings += variant_names(lines, department)
    year, kind, more = year_and_kind(title, lines)
    return Metadata(department, year, kind, warnings + more)


@dataclass
class TitlePage:
    name: str  # the department as the title page prints it, its lines joined
    text: str  # the title page's lines joined
    line: int  # 1-based line of the name's first part (0: none)


def title_page(lines: list[str]) -> TitlePage:
    """The lines before the 目录 or the first table (comment lines of a text export skipped); the name is the
    title's leading lines up to the one that states the year or the kind."""
    page: list[tuple[int, str]] = []
    for number, raw in enumerate(lines, 1):
        text = compact(raw)
        if text == "目录" or "\t" in raw or len(page) >= TITLE_PAGE_LINES:
            break
        if text and not text.startswith("#"):
            page.append((number, text))
    parts: list[str] = []
    first = 0
    for number, text in page:
        if _DECLARED.search(text):
            break
        end = _TITLE_END.search(text)
        head = clean_name(text[:end.start()] if end else text)
        if head:
            parts.append(head)
            first = first or number
        if end or len("".join(parts)) > MAX_NAME_CHARS:
            break
    name = "".join(parts)
    return TitlePage(name if len(name) <= MAX_NAME_CHARS else "", "".join(t for _, t in page), first)


def clean_name(name: str) -> str:
    """'大同市公安局[部门]' → 大同市公安局."""
    return _NAME_SUFFIX.sub("", compact(name))


def heading_names_of(lines: list[str]) -> list[tuple[int, str]]:
    """(line, name) for every heading-like line (no sentence punctuation, no tab) that opens with a name."""
    found = []
    for number, raw in enumerate(lines, 1):
        text = compact(raw)
        if "\t" in raw or re.search(r"[。，；]", text) or _DECLARED.search(text):
            continue
        match = _HEADING_NAME.match(text)
        if match:
            found.append((number, clean_name(match.group(1))))
    return found


def most_common_heading(lines: list[str]) -> tuple[str, int]:
    named = heading_names_of(lines)
    if not named:
        return "", 0
    name = Counter(n for _, n in named).most_common(1)[0][0]
    return name, next(no for no, n in named if n == name)


def most_common_with_line(counts: Counter, lines: list[str], pattern: re.Pattern) -> tuple[str, int]:
    if not counts:
        return "", 0
    name = counts.most_common(1)[0][0]
    line = next(no for no, raw in enumerate(lines, 1) if (m := pattern.search(raw)) and clean_name(m.group(1)) == name)
    return name, line


def choose_department(readings: list[tuple[str, str, int]], heading_names: list[str]) -> tuple[str, list[ParseWarning]]:
    """The declared name, else the title page's, else the headings'; extended to the longest name read anywhere
    that continues it (a name cut at a line break). A reading that is not part of it (the region alone is) disagrees."""
    names = [name for _, name, _ in readings if name]
    if not names:
        return "", []
    chosen = names[0]
    for name in names + heading_names:
        if name.startswith(chosen) and len(name) > len(chosen):
            chosen = name
    warnings = [ParseWarning(line, f"department: {where} reads {name!r}, which disagrees with {chosen!r} (used)")
                for where, name, line in readings if name and name not in chosen]
    return chosen, warnings


def variant_names(lines: list[str], department: str) -> list[ParseWarning]:
    """Headings that print another name of the same department ('上海市规划和自然资源局' for '上海市普陀区规划和
    自然资源局'): same opening (the region), neither part nor extension of the name used."""
    warnings, seen = [], set()
    for line, name in heading_names_of(lines):
        if name[:2] == department[:2] and name not in department and not name.startswith(department) \
                and name not in seen:
            seen.add(name)
            warnings.append(ParseWarning(line, f"department: this line names {name!r}, not {department!r}"))
    return warnings


def year_and_kind(title: TitlePage, lines: list[str]) -> tuple[int | None, str, list[ParseWarning]]:
    """Year and kind as the title page states them, else as most headings do; a warning when they differ."""
    votes = Counter((int(m.group(1)), m.group(2)) for raw in lines if "\t" not in raw
                    and not re.search(r"[。，；]", raw) and (m := _HEADING_YEAR_KIND.search(compact(raw))))
    heading_year, heading_kind = votes.most_common(1)[0][0] if votes else (None, "")
    years = _YEAR.findall(title.text) or re.findall(r"20\d{2}", title.text)
    year = int(years[0]) if years else heading_year
    stated = re.search("|".join(KINDS), title.text)  # the first: '部门决算' comes before '一般公共预算表'
    kind = stated.group(0) if stated else heading_kind
    warnings = []
    if heading_year and year and heading_year != year:
        warnings.append(ParseWarning(title.line, f"year: the title page reads {year}, most headings {heading_year}"))
    if heading_kind and kind and heading_kind != kind:
        warnings.append(ParseWarning(title.line, f"kind: the title page reads {kind}, most headings {heading_kind}"))
    return year, kind, warnings
