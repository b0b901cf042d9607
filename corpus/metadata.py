"""Department, year and kind of a disclosure, read three ways and checked against each other.

The title page (its lines joined: PDFs wrap a long name, '上海市普陀区规划和自然 / 资源局', or put the party
committee first, '中共上海市普陀区委 / 宣传部'; the year may stand before the name, '2026 年度 / 某市某局 /
部门预算', or after the kind, '某市某局 / 年度部门预算 / 2026'), the declared line ('预算主管部门：…',
'编制单位：…', '部门：…', or '部门名称' and the name as two cells of a table) and the name the headings repeat
('第一部分 上海市普陀区财政局概况', '…司法局机构设置'). A reading is a name only when it ends as the genre's
organisation names end (…局, …委员会, …中心, …学校): on '上海市2026年市级单位预算' the title names the region,
and the department is the declared '预算单位：…'. A name cut short by a line break is the prefix of a fuller one
elsewhere, and the fuller one is taken; names that are not prefixes of each other disagree, and a warning says
where each was read.

Around the name the title states more: '（本级）' after it is the scope (the department's own budget without
its subordinate units), kept apart from the name; '部门预算' or '单位预算' whether the budget sums a department's
units or is one unit's; and the name (or the title) opens with the region, whose last part gives the level
unless the title prints it ('市级单位预算').

    >>> meta = read_metadata(["中共某市某区委", "宣传部", "2024年度部门预算", "目 录", "第一部分 中共某市某区委宣传部概况"])
    >>> meta.department, meta.year, meta.kind, meta.unit_kind, meta.region, meta.level, meta.warnings
    ('中共某市某区委宣传部', 2024, '预算', '部门', '某市某区', '区级', [])
    >>> meta = read_metadata(["2026 年度", "某市某局", "（本级）", "单位预算", "目 录"])
    >>> meta.department, meta.scope, meta.unit_kind, meta.year
    ('某市某局', '本级', '单位', 2026)
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from corpus.model import ParseWarning
from corpus.text import PAGE_MARKER, compact

KINDS = ("预算", "决算")
TITLE_PAGE_LINES = 12  # non-blank lines before the 目录 that can make up the title page
MAX_NAME_CHARS = 40
NAME_END = "局委办部处道院所心队站室会厅署校"  # how an organisation's name ends: qa/scope.py's list, and 校

_YEAR = re.compile(r"(20\d{2})\s*年")
_BARE_YEAR = re.compile(r"(?<![\d.,])20\d{2}(?![\d.,])")  # '年度部门预算 / 2026', never part of a figure
_LEADING_YEAR = re.compile(r"^20\d{2}年度?")  # '2026年度' printed before the name
_TITLE_END = re.compile(r"20\d{2}|年度|(?:部门|单位)?(?:预算|决算)|公开")  # where the name on a title line stops
_DECLARED = re.compile(
    r"(?<!\S)(预算主管部门|编制部门|编制单位|预算单位|部门名称|单位名称|部门|单位)"
    r"(?:\s*[：:]|(?<=名称)\s)\s*"  # '部门名称：X', or '部门名称' and X in two cells of a table row
    r"([\u4e00-\u9fff（）()【】\[\]]+?)(?=\s|$|单位\s*[：:]|[：:])")  # X ends at the next cell or '单位：万元'
_PART = r"(?:第[一二三四五六七八九十]+部分)?"
# a heading that opens with the department's name: '第一部分 某局概况', '某局机构设置', '某局 2024 年度部门决算表'
_HEADING_NAME = re.compile(
    _PART + r"\s*(?!第[一二三四五六七八九十]+部分)([\u4e00-\u9fff（）()]{4," + str(MAX_NAME_CHARS) + r"}?)\s*"
    r"(?:[（(](?:部门|单位)[）)])?\s*(?:20\d{2}\s*年|年度|概况|机构设置|部门预算|部门决算|单位构成)")
_HEADING_YEAR_KIND = re.compile(r"(20\d{2})\s*年度?[^。，]{0,12}?(预算|决算)")
_YEAR_ALONE = re.compile(r"^\(?(20\d{2})年度?\)?$")  # '（2026年度）' under a table's title
# what follows a name without being part of it: '大同市公安局[部门]', '北京市某办公室部门 2026年度…'
_NAME_MARK = re.compile(r"(?:[\[【(](?:部门|单位)[\]】)]|部门|单位)$")
_SCOPE = re.compile(r"\((本级)\)$")
_ORG_NAME = re.compile(rf"[\u4e00-\u9fff]+[{NAME_END}](?:\([\u4e00-\u9fff]+[{NAME_END}]\))?(?:\(本级\))?")
_UNIT_KIND = re.compile(r"(部门|单位)(?:预算|决算)")
# province, city, district: '上海市普陀区', '某省某市', '某县'; after a party committee's '中共'
_REGION = re.compile(r"^(?:中共)?((?:[\u4e00-\u9fff]{1,7}?(?:省|自治区))?(?:[\u4e00-\u9fff]{1,7}?市)?"
                     r"(?:[\u4e00-\u9fff]{1,4}?[区县])?)")
_LEVEL = re.compile(r"[省市区县]级")


@dataclass
class Metadata:
    department: str
    year: int | None
    kind: str
    warnings: list[ParseWarning] = field(default_factory=list)
    scope: str = ""  # '本级': the department's own budget, its subordinate units left out
    unit_kind: str = ""  # 部门 (a department's budget, its units summed) or 单位 (one unit's)
    region: str = ""  # the province, city and district the name opens with: '上海市普陀区'
    level: str = ""  # 省级, 市级, 区级 or 县级


def read_metadata(lines: list[str]) -> Metadata:
    """Department, year and kind of the document whose text is `lines`, with warnings where its readings disagree."""
    lines = ["" if PAGE_MARKER.match(line.strip()) else line for line in lines]
    title = title_page(lines)
    declared = declared_names(lines)
    headings = heading_names_of(lines)
    readings = [("the 预算主管部门/编制部门 line", *most_common(declared)),
                ("the title page", title.name, title.line),
                ("the headings", *most_common(headings))]
    named, warnings = choose_department(readings, [n for _, n in headings])
    department, scope = split_scope(named)
    warnings += variant_names(headings, department)
    year, kind, more = year_and_kind(title, lines)
    region = place_of(department) or place_of(title.text)
    return Metadata(department, year, kind, warnings + more, scope, unit_kind(title, declared), region,
                    level_of(title, region))


@dataclass
class TitlePage:
    name: str  # the department as the title page prints it, its lines joined ('' when they name none)
    text: str  # the title page's lines joined
    line: int  # 1-based line of the title's first part (0: none)


def title_page(lines: list[str]) -> TitlePage:
    """The lines before the 目录 or the first table (comment lines of a text export skipped); the name is the
    title's leading lines (a year standing above it skipped) up to the one that states the year or the kind."""
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
        if declaration(lines[number - 1]):
            break
        text = _LEADING_YEAR.sub("", text)
        end = _TITLE_END.search(text)
        head = text[:end.start()] if end else text
        if head:
            parts.append(head)
            first = first or number
        if end or len("".join(parts)) > MAX_NAME_CHARS:
            break
    name = clean_name("".join(parts))
    return TitlePage(name if is_name(name) else "", "".join(t for _, t in page), first)


def clean_name(name: str) -> str:
    """'大同市公安局[部门]' → 大同市公安局; a scope ('（本级）') stays, split off by split_scope."""
    name = compact(name)
    while mark := _NAME_MARK.search(name):
        name = name[:mark.start()]
    return name


def is_name(name: str) -> bool:
    """Whether `name` ends as an organisation's name does; '上海市' or '项目名称' do not."""
    return len(name) <= MAX_NAME_CHARS and bool(_ORG_NAME.fullmatch(name))


def split_scope(name: str) -> tuple[str, str]:
    """'某市某局(本级)' → ('某市某局', '本级')."""
    scope = _SCOPE.search(name)
    return (name[:scope.start()], scope.group(1)) if scope else (name, "")


def declared_names(lines: list[str]) -> list[tuple[int, str, str]]:
    """(line, name, what declares it: 部门名称, 编制单位, …) for every line declaring a name."""
    found = []
    for number, raw in enumerate(lines, 1):
        match = declaration(raw)
        if match and is_name(name := clean_name(match.group(2))):
            found.append((number, name, match.group(1)))
    return found


def declaration(raw: str) -> re.Match | None:
    """The line's declared name, read with its cells apart ('部门名称<tab>X') or its spaces closed ('编 制 部 门：X')."""
    return _DECLARED.search(raw) or _DECLARED.search(compact(raw))


def heading_names_of(lines: list[str]) -> list[tuple[int, str]]:
    """(line, name) for every heading-like line (no sentence punctuation, no tab) that opens with a name."""
    found = []
    for number, raw in enumerate(lines, 1):
        text = compact(raw)
        if "\t" in raw or re.search(r"[。，；]", text) or declaration(raw):
            continue
        match = _HEADING_NAME.match(text)
        if match and is_name(name := clean_name(match.group(1))):
            found.append((number, name))
    return found


def most_common(named: list[tuple]) -> tuple[str, int]:
    """The name read most often in (line, name, …) readings, and the first line it was read from."""
    if not named:
        return "", 0
    name = Counter(n for _, n, *_ in named).most_common(1)[0][0]
    return name, next(no for no, n, *_ in named if n == name)


def choose_department(readings: list[tuple[str, str, int]], heading_names: list[str]) -> tuple[str, list[ParseWarning]]:
    """The declared name, else the title page's, else the headings'; extended to the longest name read anywhere
    that continues it (a name cut at a line break). A reading that is not part of it disagrees."""
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


def variant_names(headings: list[tuple[int, str]], department: str) -> list[ParseWarning]:
    """Headings that print another name of the same department ('上海市规划和自然资源局' for '上海市普陀区规划和
    自然资源局'): same opening (the region), neither part nor extension of the name used."""
    warnings, seen = [], set()
    for line, name in headings:
        if name[:2] == department[:2] and name not in department and not name.startswith(department) \
                and name not in seen:
            seen.add(name)
            warnings.append(ParseWarning(line, f"department: this line names {name!r}, not {department!r}"))
    return warnings


def year_and_kind(title: TitlePage, lines: list[str]) -> tuple[int | None, str, list[ParseWarning]]:
    """Year and kind as the title page states them, else as most headings do; a warning when they differ.
    Tables published without a title page date themselves under their titles: '（2026年度）'."""
    votes = Counter((int(m.group(1)), m.group(2)) for raw in lines if "\t" not in raw
                    and not re.search(r"[。，；]", raw) and (m := _HEADING_YEAR_KIND.search(compact(raw))))
    heading_year, heading_kind = votes.most_common(1)[0][0] if votes else (None, "")
    dated = Counter(int(m.group(1)) for raw in lines if (m := _YEAR_ALONE.match(compact(raw))))
    years = _YEAR.findall(title.text) or _BARE_YEAR.findall(title.text)
    year = int(years[0]) if years else heading_year or (dated.most_common(1)[0][0] if dated else None)
    stated = re.search("|".join(KINDS), title.text)  # the first: '部门决算' comes before '一般公共预算表'
    kind = stated.group(0) if stated else heading_kind
    warnings = []
    if heading_year and year and heading_year != year:
        warnings.append(ParseWarning(title.line, f"year: the title page reads {year}, most headings {heading_year}"))
    if heading_kind and kind and heading_kind != kind:
        warnings.append(ParseWarning(title.line, f"kind: the title page reads {kind}, most headings {heading_kind}"))
    return year, kind, warnings


def unit_kind(title: TitlePage, declared: list[tuple[int, str, str]]) -> str:
    """部门 or 单位 as the title states it ('…部门预算', '…单位预算'), else as the declared line names the budget's
    holder ('部门名称：…', '编制单位：…')."""
    stated = _UNIT_KIND.search(title.text)
    if stated:
        return stated.group(1)
    return next(("单位" if "单位" in key else "部门" for _, _, key in declared), "")


def level_of(title: TitlePage, region: str) -> str:
    """The level the title prints ('上海市2026年市级单位预算'), else the one of the region's last part."""
    printed = _LEVEL.search(title.text)
    if printed:
        return printed.group(0)
    if region.endswith(("省", "自治区")):
        return "省级"
    return region[-1] + "级" if region else ""


def place_of(text: str) -> str:
    """The province, city and district `text` opens with: '上海市普陀区司法局' → 上海市普陀区."""
    return _REGION.match(compact(text)).group(1)
