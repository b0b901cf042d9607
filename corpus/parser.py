"""Parsing a disclosure's text (as extracted from its PDF) into a Disclosure.

The scanner walks the lines once: project forms and tables are cut out as blocks (tables by their
title, forms by their 项目名称/主管部门 header), the remaining lines become headings and paragraphs;
the 名词解释 and 机构设置 sections also yield glossary entries and organisation facts.

    >>> doc = parse_text(Path("corpus/documents/datong_gaj_2023_budget.txt").read_text(), "datong")
    >>> len(doc.tables), len(doc.forms)
    (13, 20)
"""
from __future__ import annotations

import re
from pathlib import Path

from corpus.forms import is_form_start, parse_forms
from corpus.metadata import read_metadata
from corpus.prose import read_prose_facts
from corpus.units import kind_of_category, unit_name_pattern
from corpus.unplaced import find_unplaced
from corpus.project_pages import is_page_start, page_end, read_project_page
from corpus.titled_forms import is_titled_form_start, read_titled_form
from corpus.pdf import is_pdf, pdf_to_text
from corpus.model import Disclosure, GlossaryEntry, OrgUnit, Paragraph, ParseWarning, Section, Source
from corpus.table_kinds import split_title_number
from corpus.tables import TableBlock, parse_table
from corpus.text import CorpusError, after_page_end, clean_cell, compact, join_wrapped, page_furniture, read_text

_TOC_LINE = re.compile(r"(\.{3,}|…{2,}|\t\d+\s*$)")
# a table's number on a line of its own, in the genre's styles: 公开表3, 公开03表, 预算01表, 单位预算表10, 表1, 表01
_TABLE_NUMBER = re.compile(r"^\S{0,6}?(?:公开|预算|决算|附)?(?:表\s*(\d+)|(\d+)\s*表)$")
_TABLE_TITLE = re.compile(r"表(（[^）]*）|\([^)]*\))?$")
_UNIT = re.compile(r"单位\s*[：:]\s*(万元|元|亿元)")
_META = re.compile(r"^(部门名称|编制部门|单位名称|预算单位|单位)\s*[：:]")
_NOTE = re.compile(r"^(注|说明)\s*[：:]")
_PART = re.compile(r"^第[一二三四五六七八九十]+部分")
_HEADING2 = re.compile(r"^[一二三四五六七八九十]+、")
_HEADING3 = re.compile(r"^([（(][一二三四五六七八九十]+[）)]|\d+、)")  # compact() folds （ to (
_GLOSSARY_ENTRY = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.、．])\s*([^：:]{1,30}?)\s*[：:]\s*(.*)$")
# an entry printed without a number: the term, a colon and a definition opening as definitions do ('基本支出：指…')
_GLOSSARY_UNNUMBERED = re.compile(r"^([^：:，。；\d（(][^：:，。；\d]{1,29}?)\s*[：:]\s*((?:是指|指|是|系|反映)[^：:]*)$")
_GLOSSARY_IS = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)\s*([^，。：:]{2,20}?)(是指|是对|指)(.*)$")
_SECTION_WORDS = re.compile(r"(名词解释|机构设置|主要职能|部门职责|情况说明|编制说明)$")
_COUNTED = re.compile(r"^[一二三四五六七八九十百\d]+[个家所]")  # "六个直属分局" counts units, it is not one
_COUNT_CATEGORY = re.compile(r"([一二三四五六七八九十百\d]+)[个家所]([\u4e00-\u9fff]{2,8})$")  # '六个直属分局'
_TITLE_END = re.compile(r"(?:情况说明|说明|情况|表)$")  # how a section's title ends
_SENTENCE_ENDS = ("。", "；", "：", "！", "？", ";", ":", "!", "?", "……")
_NEW_ITEM = re.compile(r"^(\d+(?:[.．](?!\d)|、)|（[一二三四五六七八九十\d]+）|[一二三四五六七八九十]+、|[①-⑳]|注\s*[:：])")
_UNIT_KIND = re.compile(r"[（(](?:下属)?(行政|参公事业|参公|事业|企业)单位[）)]$")
_LIST_MARK = re.compile(r"^[：:\s]*(\d+[.．、]\s*)?")
_ORG_RELATIONS = ("现辖", "下辖", "下属", "包括", "所属")  # 直属 qualifies a category, it does not introduce a list

MAX_TITLE_CHARS = 60
MAX_HEADING_CHARS = 40


def load_document(path: str | Path, doc_id: str | None = None, department: str = "",
                  year: int | None = None, kind: str = "") -> Disclosure:
    """Read and parse one disclosure (a text export or the PDF); metadata not given is read from its title page."""
    path = Path(path)
    text = pdf_to_text(path) if is_pdf(path) else read_text(path)
    return parse_text(text, doc_id or path.stem, department, year, kind, str(path))


def parse_text(text: str, doc_id: str, department: str = "", year: int | None = None, kind: str = "",
               source_file: str = "") -> Disclosure:
    """Metadata not given is read from the document (corpus.metadata), with warnings where its readings disagree."""
    lines = text.splitlines()
    meta = read_metadata(lines)
    doc = Disclosure(
        id=doc_id, department=department or meta.department, year=year or meta.year,
        kind=kind or meta.kind or default_kind(lines), source_file=source_file, lines=lines,
        scope=meta.scope, unit_kind=meta.unit_kind, region=meta.region, level=meta.level,
    )
    doc.warnings.extend(meta.warnings)
    scan(doc)
    read_prose_facts(doc)
    doc.unplaced = find_unplaced(doc)
    if not doc.tables and not doc.forms:
        raise CorpusError(f"{source_file or doc_id}: no recognisable table or project form; "
                          "is this a 部门预算/决算公开 text?")
    return doc


def default_kind(lines: list[str]) -> str:
    """A document that states neither kind on its title page nor in its headings: 决算 if its opening says so."""
    return "决算" if "决算" in "".join(lines[:40]) else "预算"


def scan(doc: Disclosure) -> None:
    lines = doc.lines
    section_path: list[tuple[int, str]] = []
    pending_number: int | None = None
    i = 0
    while i < len(lines):
        raw = lines[i]
        line = raw.strip()
        if not line or _TOC_LINE.search(raw) or line.startswith("#"):  # a text export's comment is not the document
            i += 1
            continue
        if page_furniture(lines, i):  # a page's number or running header does not start a paragraph
            i += 1
            continue
        if is_page_start(lines, i):  # a project page is also read as headings and paragraphs below
            form, warnings = read_project_page(lines, doc.id, i, page_end(lines, i))
            doc.forms.append(form)
            doc.warnings.extend(warnings)
        if is_titled_form_start(lines, i):
            form, i, warnings = read_titled_form(lines, doc.id, i)
            doc.forms.append(form)
            doc.warnings.extend(warnings)
            continue
        if is_form_start(lines, i, len(lines)):
            end = form_block_end(lines, i)
            forms, warnings = parse_forms(lines, doc.id, i, end)
            doc.forms.extend(forms)
            doc.warnings.extend(warnings)
            i = end
            continue
        number = table_number(line)
        if number is not None:
            pending_number = number
            i += 1
            continue
        if is_table_title(lines, i):
            block, i = cut_table(lines, i, pending_number, section_label(section_path))
            table, warnings = parse_table(block, doc.id)
            doc.tables.append(table)
            doc.warnings.extend(warnings)
            pending_number = None
            continue
        level = heading_level(line)
        start = i
        if level and (tail := heading_tail(lines, i)) is not None:  # '…支出预算情' + page end + '况说明'
            line, i = compact(line) + lines[tail].strip(), tail
        if level:
            section_path = [(lv, t) for lv, t in section_path if lv < level] + [(level, line)]
            doc.sections.append(Section(line, level, start + 1))
            if (after := read_glossary_entry(doc, lines, i, section_path)) is not None:
                i = after
                continue
        else:
            i = add_paragraph(doc, lines, i, section_path)
            continue
        i += 1
    if pending_number is not None:
        doc.warnings.append(ParseWarning(len(lines), f"公开表{pending_number}: a table number with no table after it"))


def form_block_end(lines: list[str], start: int) -> int:
    """Forms run until the first non-blank line that is not tab-separated (a heading or prose)."""
    i = start + 1
    while i < len(lines) and (not lines[i].strip() or "\t" in lines[i]):
        i += 1
    return i


def table_number(line: str) -> int | None:
    """The number of a line that prints only a table's number ('公开01表', '表3'); None for any other line, a title
    with its number on it ('收入决算表 公开02表') among them."""
    text = compact(line)
    title, printed = split_title_number(text)
    if printed is not None and _TABLE_TITLE.search(title):
        return None
    number = _TABLE_NUMBER.match(text)
    return int(number.group(1) or number.group(2)) if number else None


def is_table_title(lines: list[str], i: int) -> bool:
    line = compact(lines[i])
    if "\t" in lines[i] or len(line) > MAX_TITLE_CHARS or "。" in line or "，" in line:
        return False
    if not _TABLE_TITLE.search(line) or line.startswith("注") or _PART.match(line):
        return False
    # the title is followed, within a few lines, by its unit line or its first tab-separated row
    for follow in lines[i + 1:i + 7]:
        if "\t" in follow or _UNIT.search(follow):
            return True
        if table_number(follow) is not None:
            continue  # the table's number printed under its title ('公开01表')
        if follow.strip() and not _META.match(follow.strip()) and (len(compact(follow)) > 12
                                                                   or _TABLE_TITLE.search(compact(follow))):
            return False  # prose, or the title of the table that follows: this line is a heading over it
    return False


def cut_table(lines: list[str], i: int, number: int | None, section: str) -> tuple[TableBlock, int]:
    """The table's metadata lines, then every tab-separated line until prose resumes; blank lines
    and page breaks inside the table are skipped."""
    title, printed_number = split_title_number(re.sub(r"\s+", "", lines[i]))
    block = TableBlock(title=title, unit="", lines=[], number=number or printed_number, section=section,
                       line_start=i + 1)
    j = i + 1
    while j < len(lines):
        raw, text = lines[j], lines[j].strip()
        # the number printed under the title, before the unit line (after it, it is the next table's)
        below = table_number(text) if block.number is None and not block.unit and not block.lines else None
        if below is not None:
            block.number = below
        elif "\t" in raw:
            unit = _UNIT.search(raw)
            if unit and not block.lines and len([c for c in raw.split("\t") if c.strip()]) <= 2:
                block.unit = block.unit or unit.group(1)
            else:
                block.lines.append((j + 1, raw))
        elif not text or text in ("“ ”", '" "'):
            pass
        elif _UNIT.search(text) or _META.match(text):
            unit = _UNIT.search(text)
            block.unit = block.unit or (unit.group(1) if unit else "")
        elif _NOTE.match(text):  # '注：本表反映…' then '说明：…故本表无数据': both are the table's note
            block.note = f"{block.note} {text}" if block.note else text
        else:
            break
        j += 1
    block.line_end = last_line(block, lines, j)
    block.cut_off = j >= len(lines) and bool(block.lines)
    if not block.unit:
        block.warnings.append(ParseWarning(i + 1, f"table {block.title!r}: no 单位 line; unit unknown"))
    return block, j


def last_line(block: TableBlock, lines: list[str], stop: int) -> int:
    end = stop
    while end > block.line_start and not lines[end - 1].strip():
        end -= 1
    return end


def heading_tail(lines: list[str], i: int) -> int | None:
    """The line finishing the heading at `i` when the extraction wrapped its last words onto the next line or
    page: a few characters with no punctuation that complete a section title's ending (情况说明, 表)."""
    tail = after_page_end(lines, i)
    if tail >= len(lines) or _TITLE_END.search(compact(lines[i])):
        return None
    text = compact(lines[tail])
    if not text or len(text) > 6 or "\t" in lines[tail] or re.search(r"[，。；：,;:、\d]", text) or heading_level(text):
        return None
    return tail if _TITLE_END.search(compact(lines[i]) + text) else None


def heading_level(line: str) -> int:
    text = compact(line)
    if _PART.match(text) and len(text) <= MAX_HEADING_CHARS:
        return 1
    if len(text) > MAX_HEADING_CHARS or "。" in text or text.endswith(("；", ";")):
        return 0
    if _SECTION_WORDS.search(text) and not re.search(r"[：:，。]", text):
        return 2
    if _HEADING2.match(text) and not re.search(r"[：:].", text):
        return 2
    if _HEADING3.match(text) and not re.search(r"[：:].", text):
        return 3
    return 0


def section_label(path: list[tuple[int, str]]) -> str:
    return " › ".join(t for _, t in path)


def add_paragraph(doc: Disclosure, lines: list[str], i: int, section_path) -> int:
    """A paragraph: one line, or several when the extraction wrapped it at the page width (a line that does
    not end a sentence continues on the next, unless that one starts something new)."""
    section = section_label(section_path)
    source = Source(doc.id, i + 1, lines[i])
    if (after := read_glossary_entry(doc, lines, i, section_path)) is not None:
        return after
    end = i
    while continues(lines, end):
        end = after_page_end(lines, end)
    text = join_wrapped([line for n, line in enumerate(lines[i:end + 1], i) if not page_furniture(lines, n)])
    doc.paragraphs.append(Paragraph(doc.id, section, text, source, end + 1))
    if "\t" in lines[i] and (in_section(section_path, "机构设置") or in_section(section_path, "单位构成")):
        add_listed_unit(doc, lines[i], source)
    elif in_section(section_path, "机构设置"):
        add_org_units(doc, text, source)
    return end + 1


def add_listed_unit(doc: Disclosure, line: str, source: Source) -> None:
    """A row of the units table ('2\t上海市普陀区财政局财政所\t预算不单列，并入本级'): number, name, remark;
    a kind printed after the name ('…执法大队 （下属参公事业单位）') is the unit's kind."""
    cells = [clean_cell(c) for c in line.split("\t")]
    if len(cells) >= 2 and cells[0].isdigit():
        kind = _UNIT_KIND.search(cells[1])
        name = cells[1][:kind.start()] if kind else cells[1]
        add_org_unit(doc, name, "包括", source, note=cells[2] if len(cells) > 2 else "",
                     kind=unit_kind(kind.group(1)) if kind else "")


def unit_kind(printed: str) -> str:
    """参公事业 (a 事业单位 managed like the civil service) is counted as 参公, as the 机构设置 counts are."""
    return "参公" if printed.startswith("参公") else printed


def continues(lines: list[str], i: int) -> bool:
    current = lines[i].strip()
    if i + 1 >= len(lines) or not current or current.endswith(_SENTENCE_ENDS):
        return False
    if (after := after_page_end(lines, i)) >= len(lines):
        return False
    following = lines[after]
    text = following.strip()
    return bool(text) and "\t" not in following and not heading_level(text) and not _NEW_ITEM.match(text) \
        and not is_table_title(lines, after) and not _TOC_LINE.search(following)  # a title after a page end too


def in_section(section_path, word: str) -> bool:
    return any(word in compact(t) for _, t in section_path)


def read_glossary_entry(doc: Disclosure, lines: list[str], i: int, section_path) -> int | None:
    """The 名词解释 entry starting at line `i`, with its definition wrapped at the page width or run onto the next
    page; the line after it, or None when no entry starts there."""
    if not in_section(section_path, "名词解释") or (end := glossary_entry_end(doc, lines, i, section_path)) is None:
        return None
    while continues(lines, end) and not glossary_entry(lines[after_page_end(lines, end)].strip()):
        end = after_page_end(lines, end)
        doc.glossary[-1].definition += lines[end].strip()
    return end + 1


def glossary_entry(text: str) -> re.Match | None:
    return _GLOSSARY_ENTRY.match(text) or _GLOSSARY_UNNUMBERED.match(text)


def glossary_entry_end(doc: Disclosure, lines: list[str], i: int, section_path) -> int | None:
    """The last line of the 名词解释 entry starting at line `i` read so far (its term and colon may wrap onto the
    next line: '17.公共安全支出（类）司法（款）基层司法业务' + '（项）：反映…'); None when no entry starts there."""
    if add_glossary_entry(doc, lines[i].strip(), i, section_path):
        return i
    if continues(lines, i):
        following = after_page_end(lines, i)
        joined = lines[i].strip() + lines[following].strip()
        if glossary_entry(joined) and not glossary_entry(lines[following].strip()) \
                and add_glossary_entry(doc, joined, i, section_path):
            return following
    return None


def add_glossary_entry(doc: Disclosure, text: str, i: int, section_path) -> bool:
    """A 名词解释 entry: '一、基本支出：指…' or '九、一般公共预算是指…'. A term alone on its line
    ('六、财政专户管理资金：') takes the next line as its definition."""
    if not in_section(section_path, "名词解释") or "名词解释" in compact(text):
        return False
    if doc.glossary and not doc.glossary[-1].definition:
        doc.glossary[-1].definition = text
        return True
    match = glossary_entry(text) or _GLOSSARY_IS.match(text)
    if not match:
        return False
    term, definition = match.group(1).strip(), match.groups()[-1].strip()
    if match.re is _GLOSSARY_IS:
        definition = match.group(2) + definition
    doc.glossary.append(GlossaryEntry(term, definition, Source(doc.id, i + 1, doc.lines[i])))
    return True


def add_org_units(doc: Disclosure, text: str, source: Source) -> None:
    """Units the 机构设置 text names after 现辖/下辖/包括…. A list closed by a count ('…和森林公安分局六个直属
    分局') takes that category as its relation and completes names written without it ('御东' → 御东分局)."""
    pattern = "(" + "|".join(_ORG_RELATIONS) + ")"
    for segment in re.split(r"[。；;]", text):
        if add_counted_inner_bodies(doc, segment, source):
            continue
        relation = ""
        for part in re.split(pattern, segment):
            if part in _ORG_RELATIONS:
                relation = part
                continue
            if not relation:
                continue
            for listing in re.split(r"以及", re.split(r"[，,]", part)[0]):
                counted = _COUNT_CATEGORY.search(listing)
                category = counted.group(2) if counted else ""
                for name in re.split(r"[、和及]", listing[:counted.start()] if counted else listing):
                    add_org_unit(doc, complete_unit_name(name.strip("（）() "), category), category or relation, source)
        # a numbered line under 机构设置 ('1. 上海市…（本部）。') names one unit
        numbered = re.match(r"^\d+[.．、]\s*(.+?)[。；]?$", segment.strip())
        if numbered and not relation and unit_name_pattern().search(numbered.group(1)):
            add_org_unit(doc, numbered.group(1), "包括", source)


_INNER_BODIES = re.compile(r"([一二两三四五六七八九十\d]+)个内设(?:机构|部门|处室|科室)[^：:]{0,8}[：:]?(.+)$")
_DIGITS = {c: n for n, c in enumerate("零一二三四五六七八九")} | {"两": 2}


def add_counted_inner_bodies(doc: Disclosure, segment: str, source: Source) -> bool:
    """'设8个内设机构，包括：行政管理部、…和数据信息服务部': the internal bodies, whatever their names end with,
    when the list holds as many names as the count says (else the list is not read this way)."""
    found = _INNER_BODIES.search(segment)
    if not found:
        return False
    listing = re.sub(r"^[，,]?(?:分别是|分别为|包括|具体为|即|为)[：:]?", "", found.group(2).strip())
    names = [n.strip("：: ") for n in re.split(r"[、，,]", listing) if n.strip("：: ")]
    if names and len(last := names[-1].split("和")) == 2 and all(len(n) >= 2 for n in last):
        names[-1:] = last  # '…、数据开发管理部和数据信息服务部'
    if not names or small_number(found.group(1)) != len(names):
        return False
    for name in names:
        if name != doc.department and not any(u.name == name for u in doc.org_units):
            doc.org_units.append(OrgUnit(name, "内设机构", source, kind="内设机构"))
    return True


def small_number(text: str) -> int:
    """'8', '八', '十二' → 8, 8, 12."""
    if text.isdigit():
        return int(text)
    tens, _, units = text.partition("十")
    if "十" not in text:
        return _DIGITS.get(text, -1)
    return (_DIGITS.get(tens, -1) if tens else 1) * 10 + (_DIGITS.get(units, -1) if units else 0)


def complete_unit_name(name: str, category: str) -> str:
    """'御东' in a list of 直属分局 is 御东分局: a name without a unit word takes the category's."""
    suffix = kind_of_category(category)
    if suffix and not unit_name_pattern().fullmatch(name):
        return name + suffix
    return name


def add_org_unit(doc: Disclosure, name: str, relation: str, source: Source, note: str = "", kind: str = "") -> None:
    name = _LIST_MARK.sub("", name)  # '具体包括： 1. 某中心' lists its first unit after the colon
    if len(name) >= 2 and name != doc.department and not _COUNTED.match(name) and unit_name_pattern().search(name) \
            and not any(u.name == name for u in doc.org_units):
        doc.org_units.append(OrgUnit(name, relation, source, note, kind))
