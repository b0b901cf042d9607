"""What the prose claims besides its amounts: comparison words against the two amounts they compare, years
against the document's own period, department names and template placeholders in headings, and the table
of contents against the tables present. Each check reads the text as printed and holds for any disclosure
of the genre; where a sentence does not state what a claim is measured against, nothing is reported.

    >>> from corpus import load_document
    >>> claims = prose_claims(load_document("corpus/documents/datong_gaj_2023_budget.txt"))
    >>> sorted({(f.check, f.status) for f in claims})
    [('contents', 'exact'), ('name_heading', 'exact'), ('year_heading', 'exact'), ('year_period', 'exact')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from audit.finding import DISCREPANCY, EXACT, Finding
from audit.narrative import Block, Mention, blocks_of, read_tokens, sentence_spans
from corpus.model import Disclosure
from corpus.money import convert
from corpus.text import compact
from qa.answer import Citation

# ------------------------------------------------------------------------------------------ data tables

# What each comparison word claims of the current figure against its base.
RELATIONS: dict[str, str] = {
    "大于": ">", "高于": ">", "超过": ">", "多于": ">", "增加": ">", "增长": ">", "上升": ">", "提高": ">",
    "小于": "<", "低于": "<", "少于": "<", "减少": "<", "下降": "<", "降低": "<",
    "等于": "=", "持平": "=", "相等": "=", "一致": "=", "相同": "=",
}
RELATION_WORDS = {">": "大于", "<": "小于", "=": "等于"}
ROUGHLY = "基本"  # 基本持平: equal within ROUGH_SHARE of the larger figure
ROUGH_SHARE = Decimal("0.02")
_WORDS = "|".join(sorted(RELATIONS, key=len, reverse=True))
_STAGE = r"(决算|预算)数?"
# "决算数小于预算数", "决算数与预算数基本持平": the two figures named by their stage
STAGE_COMPARISON = (re.compile(rf"(?P<a>决算|预算)数?(?P<word>{_WORDS})(?P<b>决算|预算)数?"),
                    re.compile(rf"(?P<a>决算|预算)数?(与|同|和|跟)(?P<b>决算|预算)数?(?P<rough>{ROUGHLY})?(?P<word>{_WORDS})"))
# "比2023年预算执行数增加", "与2023年度相比，…减少": the base named by its year
YEAR_COMPARISON = re.compile(rf"(比|较|与|同)(?P<year>20\d{{2}})年度?(?P<what>[^，。；,;0-9]{{0,12}}?)(相比)?[，,]?"
                             rf"(?P<rough>{ROUGHLY})?(?P<word>{_WORDS})")

# The years a document's claims about its own period may carry, by kind (offsets from its year): a 决算 counts
# its assets at the end of its year; a budget is drawn up in the year before.
AS_OF_YEARS: dict[str, tuple[int, ...]] = {"决算": (0,), "预算": (-1, 0)}
AS_OF = re.compile(r"截至\s*(20\d{2})\s*年")
PERIOD = re.compile(r"(20\d{2})\s*年度?")
COMPARED_BASE = re.compile(r"(与|比|较|同)\s*$")  # 比2025年预算…: a base year
BASE_BEFORE = re.compile(r"(与|比|较|同|和|上|以前|至|到)\s*$")  # 与2023年度相比: a base, not the own period
OTHER_PERIOD = re.compile(r"(比|较|与|同)\s*$")  # a heading's year after 比/与 is a base
OTHER_AFTER = re.compile(r"^\s*年度?[^，。]{0,6}?执行")  # 2023年预算执行情况: the year before, by design
HEADING_YEAR = re.compile(r"(20\d{2})\s*年")
HEADING_END = re.compile(r"(表|说明|情况|概况|职能|设置|解释|预算|决算)$")
SENTENCE = re.compile(r"[。，；：,;:]")
BARE_YEAR = re.compile(r"^\s*20\d{2}\s*$")  # a title page prints the year on a line of its own

PLACEHOLDERS = re.compile(r"(?<![A-Za-z])([XxＸｘ]{2,}|[×＊*]{2,}|某某|〇〇|□□)")
ORGAN = r"(局|办事处|委员会|办公室|中心|厅|署|队|院)"
ORGAN_NAME = re.compile(r"^.{1,8}?[省市区县].*?" + ORGAN)
NAME_LINE = re.compile(r"^(编制部门|部门名称|预算主管部门|编制单位|单位名称)[：:]\s*(?P<name>\S+)")
NAME_NOISE = re.compile(r"[\[［(（]部门[)）\]］]|[“”\"]")

TOC = re.compile(r"^目\s*录$")
TOC_LEADERS = re.compile(r"[.…·．]{2,}.*$|\t\s*\d+\s*$|\s+\d+\s*$")
ENUMERATION = ((re.compile(r"^第[一二三四五六七八九十]+部分"), 0), (re.compile(r"^[一二三四五六七八九十]+、"), 1),
               (re.compile(r"^[（(][一二三四五六七八九十]+[)）]"), 2), (re.compile(r"^\d+\s*[.．、]"), 3))


def prose_claims(doc: Disclosure) -> list[Finding]:
    """Every claim check on one disclosure: comparisons, years, names, the table of contents."""
    return comparisons(doc) + years(doc) + names(doc) + contents(doc)


# ------------------------------------------------------------------------------------------ comparisons


@dataclass
class Comparison:
    """A comparison word and the two figures it compares (`current` against `base`)."""

    word: str
    rough: bool
    current: Mention
    base: Mention
    line: int  # where the word is printed
    raw: str
    offset: int  # of the word in `raw`, -1 when it is wrapped over two lines
    by_year: bool  # the figures are named by their years (比2023年…), else by their stages (决算数/预算数)

    @property
    def relation(self) -> str:
        return RELATIONS[self.word]

    def holds(self) -> bool:
        current, base = self.current.value, convert(self.base.value, self.base.unit, self.current.unit)
        if self.relation == ">":
            return current > base
        if self.relation == "<":
            return current < base
        return current == base or (self.rough and abs(current - base) <= ROUGH_SHARE * max(abs(current), abs(base)))


def comparisons(doc: Disclosure) -> list[Finding]:
    return [comparison_finding(doc, c) for c in find_comparisons(doc)]


def find_comparisons(doc: Disclosure) -> list[Comparison]:
    return read_comparisons(doc)[0]


def unjudged_comparisons(doc: Disclosure) -> list[Claim]:
    """Comparison words whose base the sentence does not state ("比2023年预算减少876.75万元"): not judged."""
    return read_comparisons(doc)[1]


def read_comparisons(doc: Disclosure) -> tuple[list[Comparison], list[Claim]]:
    """Comparison words whose two figures the prose states: by stage (决算数 vs 预算数) in the sentence or the
    one before it, or by year (比2023年…) in the sentence itself; and the words whose base it does not state.
    A word followed by a percentage is left to the change-percentage check."""
    found, unjudged = [], []
    for block in blocks_of(doc):
        previous: list[Mention] = []
        for start, end in sentence_spans(block.text):
            levels = [t for t in read_tokens(block.text, start, end) if isinstance(t, Mention) and not t.change]
            for pattern in STAGE_COMPARISON:
                for m in pattern.finditer(block.text, start, end):
                    before = [t for t in levels if t.end <= m.start()]
                    pair = by_stage(before, m["a"], m["b"]) or by_stage(previous, m["a"], m["b"])
                    if pair:
                        found.append(located(block, m, pair, bool(m.groupdict().get("rough")), False))
                    else:
                        unjudged.append(Claim(block.line_at(m.start())[0], m.group(0)))
            for m in YEAR_COMPARISON.finditer(block.text, start, end):
                if re.match(r"\s*\d+(\.\d+)?\s*[%％]", block.text[m.end():end]):
                    continue
                pair = by_year([t for t in levels if t.end <= m.start()], int(m["year"]))
                if pair:
                    found.append(located(block, m, pair, bool(m["rough"]), True))
                else:
                    unjudged.append(Claim(block.line_at(m.start())[0], m.group(0)))
            previous = levels or previous
    return found, unjudged


def stage_of(words: str) -> str:
    return "决算" if "决算" in words else "预算" if "预算" in words else ""


def by_stage(levels: list[Mention], current: str, base: str) -> tuple[Mention, Mention] | None:
    """The first figure the prose names by each stage (支出决算为…, 年初预算为…); a 年初预算 of 0 gives way to the
    全年预算 (or 调整预算) the prose names beside it, the budget a 决算 is then compared with."""
    first = {}
    for m in levels:
        stage = stage_of(compact(m.words))
        if stage not in first or (stage == "预算" and first[stage].value == 0 and m.value != 0
                                  and re.search(r"全年预算|调整(?:后)?预算", compact(m.words))):
            first[stage] = m
    if current == base or current not in first or base not in first:
        return None
    return first[current], first[base]


def by_year(levels: list[Mention], year: int) -> tuple[Mention, Mention] | None:
    """The figure of the base year and the last later one before the word."""
    base = [m for m in levels if m.year == year]
    later = [m for m in levels if m.year is not None and m.year > year]
    return (later[-1], base[-1]) if base and later else None


def located(block: Block, m: re.Match, pair: tuple[Mention, Mention], rough: bool, by_year: bool) -> Comparison:
    line, raw = block.line_at(m.start("word"))
    offset = raw.find(m["word"]) if m["word"] in raw.strip() else -1
    return Comparison(m["word"], rough, pair[0], pair[1], line, raw, offset, by_year)


def comparison_finding(doc: Disclosure, c: Comparison) -> Finding:
    cur, base = c.current, c.base
    cur_name, base_name = named(cur, c.by_year), named(base, c.by_year)
    actual = ">" if cur.value > convert(base.value, base.unit, cur.unit) else \
        "<" if cur.value < convert(base.value, base.unit, cur.unit) else "="
    stated = (ROUGHLY if c.rough else "") + c.word
    expression = f"{cur_name} {cur.value}{cur.unit} {actual} {base_name} {base.value}{base.unit}，说明称「{stated}」"
    cites = [Citation(doc.id, "情况说明", cur_name, "说明所述", c.line, c.raw)]
    if c.holds():
        return Finding("comparison", EXACT, expression, base.value, cur.value, cites,
                       f"说明称{cur_name}{stated}{base_name}，与所述 {cur.value}{cur.unit} 和 {base.value}{base.unit} 相符。")
    return Finding("comparison", DISCREPANCY, expression, base.value, cur.value, cites,
                   f"说明称{cur_name}{stated}{base_name}，但所述{cur_name} {cur.value}{cur.unit}"
                   f"{RELATION_WORDS[actual]}{base_name} {base.value}{base.unit}，比较用语与数字矛盾。")


def named(m: Mention, by_year: bool) -> str:
    """How a figure of a comparison is named: by its year or by its stage, as the sentence compares them."""
    return f"{m.year}年数" if by_year else f"{stage_of(compact(m.words))}数"


# ------------------------------------------------------------------------------------------ years


class Claim(NamedTuple):
    line: int
    text: str


def headings(doc: Disclosure) -> list[Claim]:
    """Section headings, table titles, the title page (the lines before the first heading or table) and
    short lines standing alone that end like a heading (…决算表, …情况说明)."""
    first = min([s.line for s in doc.sections] + [t.line_start for t in doc.tables] + [len(doc.lines) + 1])
    title_page = [Claim(i, doc.lines[i - 1].strip()) for i in range(1, first)
                  if doc.lines[i - 1].strip() and not doc.lines[i - 1].startswith("#")
                  and not TOC.match(compact(doc.lines[i - 1])) and len(compact(doc.lines[i - 1])) <= 40]
    alone = [Claim(p.source.line, p.text) for p in doc.paragraphs if p.line_end == p.source.line
             and len(compact(p.text)) <= 40 and HEADING_END.search(compact(p.text)) and not SENTENCE.search(p.text)]
    return sorted(set(title_page + alone + [Claim(s.line, s.title) for s in doc.sections]
                      + [Claim(t.line_start, t.title) for t in doc.tables]))


def years(doc: Disclosure) -> list[Finding]:
    if doc.year is None:
        return []
    return heading_years(doc) + as_of_years(doc) + period_years(doc)


def heading_years(doc: Disclosure) -> list[Finding]:
    """A heading's year is the document's, unless the heading is about another year (上年, 执行, 比…)."""
    found = []
    for line, text in headings(doc):
        printed = [int(m.group(1)) for m in HEADING_YEAR.finditer(text) if not OTHER_PERIOD.search(text[:m.start()])
                   and not OTHER_AFTER.match(text[m.end(1):])]
        printed += [int(text.strip())] if BARE_YEAR.match(text) else []
        if not printed:
            continue
        wrong = [y for y in printed if y != doc.year]
        found.append(year_finding(doc, "year_heading", line, wrong[0] if wrong else doc.year, doc.year,
                                  f"标题「{compact(text)}」"))
    return found


def as_of_years(doc: Disclosure) -> list[Finding]:
    """截至 dates: a 决算 counts at the end of its own year, a budget in the year before or its own."""
    allowed = [doc.year + k for k in AS_OF_YEARS.get(doc.kind, (0,))]
    found = []
    for block in blocks_of(doc):
        for m in AS_OF.finditer(block.text):
            year = int(m.group(1))
            found.append(year_finding(doc, "year_as_of", block.line_at(m.start(1))[0], year if year not in allowed
                                      else doc.year, doc.year, f"截至日期「{m.group(0)}…」", allowed))
    return found


def period_years(doc: Disclosure) -> list[Finding]:
    """"N年度" naming the document's own period is its year; "比/与/较N年" names a base, which is earlier."""
    found = []
    for block in blocks_of(doc):
        text = block.text
        for m in PERIOD.finditer(text):
            year, line = int(m.group(1)), block.line_at(m.start(1))[0]
            if m.group(0).endswith("度") and not BASE_BEFORE.search(text[:m.start()]):
                found.append(year_finding(doc, "year_period", line, year, doc.year, f"所述年度「{m.group(0)}」"))
            elif COMPARED_BASE.search(text[:m.start()]) and year >= doc.year:
                found.append(year_finding(doc, "year_period", line, year, doc.year - 1,
                                          f"比较基期「{text[max(0, m.start() - 1):m.end()]}」", base=True))
    return found


def year_finding(doc: Disclosure, check: str, line: int, printed: int, expected: int, what: str,
                 allowed: list[int] | None = None, base: bool = False) -> Finding:
    raw = doc.lines[line - 1]
    cite = [Citation(doc.id, what, "", "年份", line, raw)] + stated_at(doc, str(doc.year), line)
    period = f"{doc.year}年{doc.kind}"
    if base:
        return Finding(check, DISCREPANCY, f"{printed} ≥ {doc.year}", Decimal(expected), Decimal(printed), cite,
                       f"{what}：{period}的比较基期应早于{doc.year}年，文中为{printed}年。")
    if printed == expected or (allowed and printed in allowed):
        return Finding(check, EXACT, f"{printed} = {expected}" if printed == expected else f"{printed} ∈ {allowed}",
                       Decimal(expected), Decimal(printed), cite, f"{what}与{period}的年份相符。")
    should = "或".join(f"{y}年" for y in allowed) if allowed else f"{expected}年"
    return Finding(check, DISCREPANCY, f"{printed} ≠ {expected}", Decimal(expected), Decimal(printed), cite,
                   f"{what}写作{printed}年，{period}应为{should}。")


def stated_at(doc: Disclosure, value: str, checked: int) -> list[Citation]:
    """Where the title page (or a 编制部门 line) states the document's year or department, to cite beside a
    claim that disagrees with it."""
    first = min([s.line for s in doc.sections] + [t.line_start for t in doc.tables] + [len(doc.lines) + 1])
    wanted = compact(value)
    for number, raw in enumerate(doc.lines, 1):
        if raw.startswith("#") or not wanted or number == checked:
            continue
        if wanted in compact(raw) and (number < first or NAME_LINE.match(compact(raw))):
            return [Citation(doc.id, "本文件", "", "所述", number, raw)]
    return []


# ------------------------------------------------------------------------------------------ names


def names(doc: Disclosure) -> list[Finding]:
    """Headings and 编制部门 lines name the document's department (or a unit under it), and no placeholder."""
    department = compact(NAME_NOISE.sub("", doc.department))
    units = {compact(u.name) for u in doc.org_units}
    found = []
    claims = headings(doc) + [Claim(i, raw) for i, raw in enumerate(doc.lines, 1) if NAME_LINE.match(compact(raw))]
    for line, text in claims:
        placeholder = PLACEHOLDERS.search(text)
        if placeholder:
            found.append(name_finding(doc, line, text, placeholder.group(0), department, "模板占位符"))
            continue
        for name in names_in(text, department):
            ok = is_own(name, department, units)
            found.append(name_finding(doc, line, text, name, department, "" if ok else "其他部门名称"))
    return found


def names_in(text: str, department: str) -> list[str]:
    """The organisation names a heading prints: a run of words opening with a place (…省/市/区/县) and
    ending with an organ (局, 办事处, 委员会, …), or what a 编制部门 line names."""
    text = compact(NAME_NOISE.sub("", text))
    line = NAME_LINE.match(text)
    if line:
        return [re.split(r"单位[:：]", line["name"])[0]]
    for pattern, _ in ENUMERATION:
        text = pattern.sub("", text)
    runs = re.split(r"[\d，。、：:；;（）()\s]+", text)
    return [m.group(0) for m in (ORGAN_NAME.match(run) for run in runs) if m]


def is_own(name: str, department: str, units: set[str]) -> bool:
    """The department (its name may be wrapped short in the parse), a unit of it, or a unit it lists."""
    return name.startswith(department) or department.startswith(name) or name in units


def name_finding(doc: Disclosure, line: int, text: str, name: str, department: str, problem: str) -> Finding:
    cite = [Citation(doc.id, compact(text), "", "部门名称", line, doc.lines[line - 1])]
    cite += stated_at(doc, department, line) if problem else []
    if not problem:
        return Finding("name_heading", EXACT, f"{name} = {department}", Decimal(1), Decimal(1), cite,
                       f"「{compact(text)}」所列名称与本部门（{department}）相符。")
    return Finding("name_heading", DISCREPANCY, f"{name} ≠ {department}", Decimal(1), Decimal(0), cite,
                   f"「{compact(text)}」中的「{name}」是{problem}，本文件是{department}的{doc.year or ''}年{doc.kind}。")


# ------------------------------------------------------------------------------------------ contents


def contents(doc: Disclosure) -> list[Finding]:
    """Every table the table of contents lists is in the document (a heading grouping tables is no table)."""
    entries = toc_entries(doc)
    titles = [(t, title_key(t.title, doc.department)) for t in doc.tables]
    found = []
    for i, (line, text) in enumerate(entries):
        rank = enumeration_rank(text)
        deeper = i + 1 < len(entries) and rank is not None and (enumeration_rank(entries[i + 1].text) or 0) > rank
        if not re.sub(r"[（(][^）)]*[)）]$", "", compact(text)).endswith("表") or rank == 0 or deeper:
            continue
        key = title_key(text, doc.department)
        match = next((t for t, k in titles if k and (k == key or key in k or k in key)), None)
        cite = [Citation(doc.id, "目录", compact(text), "", line, doc.lines[line - 1])]
        if match is not None:
            found.append(Finding("contents", EXACT, f"{compact(text)} → {match.title}", Decimal(1), Decimal(1), cite,
                                 f"目录所列「{compact(text)}」在正文中（第{match.line_start}行）。"))
        else:
            found.append(Finding("contents", DISCREPANCY, f"{compact(text)}: 目录 1, 正文 0", Decimal(1), Decimal(0),
                                 cite, f"目录列有「{compact(text)}」，正文中没有找到这张表。"))
    return found


def toc_entries(doc: Disclosure) -> list[Claim]:
    """The lines of the table of contents (目录) without leaders and page numbers, wrapped lines joined.
    It ends where an entry repeats (the body begins) or, after a blank line, at a line that is no entry."""
    start = next((i for i, raw in enumerate(doc.lines) if TOC.match(compact(raw))), None)
    if start is None:
        return []
    entries: list[Claim] = []
    blank = False
    for number in range(start + 2, min(len(doc.lines), start + 120) + 1):
        raw = doc.lines[number - 1]
        if not raw.strip():
            blank = True
            continue
        text = TOC_LEADERS.sub("", raw).strip()
        if not text or re.fullmatch(r"[.…·．\s]+", text):
            continue
        if any(compact(text) == compact(e.text) for e in entries):
            break
        if enumeration_rank(text) is None and not TOC_LEADERS.search(raw):
            if blank or not entries:
                break
            entries[-1] = Claim(entries[-1].line, entries[-1].text + text)  # a wrapped entry
            continue
        entries.append(Claim(number, text))
        blank = False
    return entries


def enumeration_rank(text: str) -> int | None:
    text = compact(text)
    return next((rank for pattern, rank in ENUMERATION if pattern.match(text)), None)


def title_key(title: str, department: str) -> str:
    key = compact(re.sub(r"[“”\"'‘’]", "", title))
    for pattern, _ in ENUMERATION:
        key = pattern.sub("", key)
    key = key.replace(compact(department), "")
    return re.sub(r"20\d{2}年度?|部门", "", key).replace("(", "（").replace(")", "）")
