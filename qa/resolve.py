"""Resolving a question to the disclosure's rows: which rows it names, and which organisational units (the table
and column it reads of them: qa.columns; the project forms it names: qa.forms_named).

Matching is by the disclosure's own labels: a row is named when its label (without enumeration,
project-type prefix or the department's name) occurs in the question. Longer labels win over the
labels they contain, so 公务用车运行维护费 is not also 公务用车.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus.classification import groups_named, standard_name
from corpus.metadata import NAME_END
from corpus.model import Disclosure, Row, Table
from corpus.table_kinds import table_kind
from corpus.text import compact, is_subsequence, label_key, occurrences, without_bracketed_end
from corpus.units import name_variants, unit_kinds
from qa.columns import COLUMN_WORDS
from qa.per_document import per_document
from qa.label_fragments import label_fragments, unclaimed
from qa.scope import without_department_named
from qa.table_hints import hint_may_mean_items, question_key, table_hint, title_fits


@dataclass
class Match:
    """A label the question names and the rows that carry it."""

    key: str  # the label as matched
    position: int  # where it stands in the question
    rows: list[tuple[Table, Row]] = field(default_factory=list)
    fragment: bool = False  # named by some of its label's characters (qa.label_fragments), not by the label


def asked_words(doc: Disclosure, text: str, bare: bool = False) -> str:
    """The question without its year and the department's names (and, with `bare`, its question words): what it
    asks about."""
    asked = re.sub(r"20\d\d年度?", "", question_key(text))
    if bare:
        asked = re.sub(r"[?？]|是多少|有多少|多少钱|多少|今年|一年|安排了?|花了", "", asked)
    return without_department_named(asked, doc.department)


def find_row_matches(doc: Disclosure, text: str) -> list[Match]:
    """Every row label occurring in the question; a match inside a longer one is dropped."""
    q = question_key(text)
    q_wo_department = q.replace(doc.department, " " * len(doc.department)) if doc.department else q
    found: dict[str, Match] = {}
    labels = {label_key(r.label, doc.department) for t in doc.tables for r in t.rows}
    for table in doc.tables:
        for row in table.rows:
            key = label_key(row.label, doc.department)
            if len(key) < 2:
                continue
            # the department's own row (本级) is named only as 本级; the bare name means the whole department — and so
            # does 'X本级' when the document is X's own (本级) budget: its scope, not one of its rows
            if key == doc.department:
                pos, said = (-1 if doc.scope == "本级" else q.find(key + "本级")), key
                if pos >= 0 and first_of_two(table, row, doc.department):
                    continue  # printed twice, the first is the department's total, the second its 本级
            else:
                pos, said = first_variant(q_wo_department, key)
            if pos < 0 and (code := row.subject_code):  # a subject code named by its digits (the
                pos, said = code_position(q, code), code  # national one when the table prints none)
            core = without_bracketed_end(key)
            if pos < 0 and re.search(r"[（(]本级[)）]$", key) and (at := q.find(core + "本级")) >= 0:
                pos, said = at, key  # '某局本级' names the row printed as 某局（本级）
            if pos < 0 and core != key and len(core) >= 4 and not re.search(re.escape(core) + r"[（(]", q):
                # '人犯经费' names every 人犯经费(…) row when the question gives it no bracketed qualifier
                pos, said = q_wo_department.find(core), core
            # a 款 or 项, or an item of the “三公” table ('公务接待费支出'), is asked without its 支出
            three_public = table_kind(table.title) == "三公经费表"
            stem = key[:-2] if key.endswith("支出") and ((row.level or 0) >= 2 or three_public) else ""
            if pos < 0 and len(stem) >= 4 and (stem not in labels or three_public):
                # a 款 or 项 named without its 支出 ('财政委托业务'), when no row is printed by that name; a “三公”
                # item is its own 支出 beside the 经济分类 row of that name
                pos, said = q_wo_department.find(stem), stem
            if pos < 0 and (at := class_stem_position(q_wo_department, key, row, labels)) >= 0:
                pos, said = at, key[:-2]
            item = re.sub(r"^(?:其中[:：])?(?:[（(]\d+[)）])?", "", key)  # '其中:(1)公务用车购置费'
            if pos < 0 and three_public and item.endswith("费") and len(item) >= 5 and item[:-1] not in labels:
                pos, said = q_wo_department.find(item[:-1]), item[:-1]  # a “三公” item without its 费 (公务用车购置)
            if pos < 0 or len(said) == 2 and ends_a_printed_name(doc, q, pos):
                continue
            if said == key[:-2] and key.endswith("合计"):
                said = key  # '人员经费' naming the 人员经费合计 row is that row, not the column word
            found.setdefault(said, Match(said, pos)).rows.append((table, row))
    if all(is_generic(key) for key in found):  # nothing but 合计 or a column word: try shortened names
        found.update(fuzzy_row_matches(doc, q_wo_department))
    for code, pos in groups_named(q_wo_department):  # a 类 or 款 no table prints, named by the standard: its 项 rows
        if (said := standard_name(code)) not in found and (rows := printed_under(doc, code)):
            found[said] = Match(said, pos, rows)
    # qualifier labels (a row's economic-classification label) occupy their span so that 奖金 is not read inside 工资奖金津补贴
    blockers = [Match(key, pos) for key in qualifier_keys(doc) if (pos := q.find(key)) >= 0]
    units = unit_spans(doc, q)
    if all(is_generic(key) for key in found):  # words no label, code or lexicon entry knows: some of a label's
        claimed = [(m.position, m.position + len(m.key)) for m in list(found.values()) + blockers] + units
        for f in label_fragments(doc, unclaimed(doc, q, claimed), unit_names(doc)):
            found.setdefault(f.words, Match(f.words, f.position, f.rows, fragment=True))
    kept: list[Match] = []
    for m in sorted(list(found.values()) + blockers, key=lambda m: (-len(m.key), not m.rows)):
        if any(k.position <= m.position and m.position + len(m.key) <= k.position + len(k.key) for k in kept):
            continue
        kept.append(m)
    for m in (m for m in kept if not m.rows):  # a project named alone, printed beside units; an item printed with
        m.rows.extend((t, r) for t in doc.tables for r in t.rows  # its code as the second label ('3021101-差旅费')
                      if any(compact(name) == m.key and (len(m.key) >= 6 or name != raw)
                             for name, raw in zip(r.qualifier_names, r.qualifiers)))
    kept = [m for m in kept if m.rows and not part_of_name(q, m)
            and not any(a <= m.position and m.position + len(m.key) <= b and b - a > len(m.key) for a, b in units)]
    specific = [m for m in kept if not is_generic(m.key)]
    kept = specific or kept  # 合计 or 一般公共预算 beside a row name is a column or the table, not a row
    hint = table_hint(text)
    if hint and any(title_fits(hint, t.title) for t in doc.tables):
        hinted = [Match(m.key, m.position, [(t, r) for t, r in m.rows if title_fits(hint, t.title)]) for m in kept]
        kept = [m for m in hinted if m.rows] or (kept if hint_may_mean_items(text) else [])
    return sorted(kept, key=lambda m: m.position)


def printed_under(doc: Disclosure, code: str) -> list[tuple[Table, Row]]:
    """The rows under a 类 or 款 in each table that does not print it: the top-most of them (its 项)."""
    found = []
    for table in doc.tables:
        under = [(len(c), r) for r in table.rows if not r.is_total and (c := r.subject_code).startswith(code)]
        if under and min(under, key=lambda u: u[0])[0] > len(code):
            found += [(table, r) for n, r in under if n == min(u[0] for u in under)]
    return found


def unit_token() -> re.Pattern:
    """A unit's name as questions write it: 2–8 characters ending in one of the genre's unit kinds (vocabulary.json)."""
    kinds = "|".join(unit_kinds())
    return re.compile(rf"[\u4e00-\u9fff]{{2,8}}?(?:{kinds})")


def fuzzy_row_matches(doc: Disclosure, q: str) -> dict[str, Match]:
    """Shortened names: a unit written with characters left out (开发区分局, 直属二分局) or most of a long
    project name. Used only when no label matched exactly."""
    found: dict[str, Match] = {}
    tokens = [m.group(0) for m in unit_token().finditer(q)]
    for table in doc.tables:
        for row in table.rows:
            key = label_key(row.label, doc.department)
            hit = next((t for t in tokens if len(t) >= 4 and is_subsequence(t, key)), None)
            # a long name read from most of its characters keeps the side it is on (…拨款收入 is not …拨款支出)
            if hit is None and len(key) >= 8 and not (key.endswith(("收入", "支出")) and key[-2:] not in q) \
                    and (names_most_of(q, key) or names_a_long_run_of(q, key)):
                hit = key
            if hit is not None:
                found.setdefault(hit, Match(hit, max(q.find(hit), 0))).rows.append((table, row))
    if not found:
        found = mistyped_row_matches(doc, q)
    return found


def mistyped_row_matches(doc: Disclosure, q: str) -> dict[str, Match]:
    """A name of four or more characters written with one character wrong ('执法办按' for 执法办案), when exactly
    one label fits that way."""
    hits: dict[str, Match] = {}
    said = set(q)
    for table in doc.tables:
        for row in table.rows:
            key = label_key(row.label, doc.department)
            if len(key) < 4 or sum(ch in said for ch in key) < len(key) - 1 \
                    or not re.fullmatch(r"[\u4e00-\u9fff]+", key):
                continue  # (a name with one character wrong has all its others in the question)
            for i in range(len(q) - len(key) + 1):
                if sum(a != b for a, b in zip(key, q[i:i + len(key)])) == 1:
                    hits.setdefault(key, Match(key, i)).rows.append((table, row))
                    break
    return hits if len(hits) == 1 else {}


def names_most_of(q: str, key: str) -> bool:
    """Most of a long name's character pairs are in the question, and its bracketed qualifier, if any, is
    there in full ('(办案费)' and '(装备费)' tell two projects apart)."""
    bracket = re.search(r"[（(]([^）)]+)[)）]", key)
    if bracket and bracket.group(1) not in q:
        return False
    pairs = {key[i:i + 2] for i in range(len(key) - 1)}
    return sum(p in q for p in pairs) >= 0.75 * len(pairs)


def names_a_long_run_of(q: str, key: str, run: int = 8) -> bool:
    """The question quotes eight or more consecutive characters of a long project name ('政法转移支付资金(装备费)'
    of 'T提前下达2023年中央和省级政法转移支付资金(装备费)'), with its bracketed qualifier if it has one."""
    bracket = re.search(r"[（(]([^）)]+)[)）]", key)
    if bracket and bracket.group(1) not in q:
        return False
    return any(key[i:i + run] in q for i in range(len(key) - run + 1))


# what follows a name said on its own: a particle, a verb of spending, a conjunction or punctuation
_AFTER_A_NAME = re.compile(r"[的里中内方那这一共总花用安排占是有为，,。？?和与及跟比、（(]")


def class_stem_position(q: str, key: str, row, labels: set[str]) -> int:
    """Where a 类 of spending is named without its 支出 ('农林水', '住房保障'), three characters or more, printed by no
    other row, and said as a name of its own: not the start of a longer name (a body, '交通运输局', or a project)."""
    code = row.subject_code
    if not (key.endswith("支出") and len(code) == 3 and code.startswith("2")) or len(stem := key[:-2]) < 3:
        return -1
    if stem in labels:
        return -1
    ends = (at + len(stem) for at in occurrences(q, stem))
    return next((end - len(stem) for end in ends if end == len(q) or _AFTER_A_NAME.match(q, end)), -1)


def first_variant(q: str, key: str) -> tuple[int, str]:
    for variant in name_variants(key):
        pos = q.find(variant)
        if pos >= 0:
            return pos, variant
    return -1, key


def code_position(q: str, code: str) -> int:
    """Where the code stands in the question as a number of its own (not inside a longer one)."""
    return next((at for at in occurrences(q, code) if not q[at - 1:at].isdigit()
                 and not q[at + len(code):at + len(code) + 1].isdigit()), -1)


@per_document
def unit_names(doc: Disclosure) -> set[str]:
    """Names of organisational units the document knows (机构设置, 实施单位, unit rows)."""
    names = {u.name for u in doc.org_units} | {f.implementing_unit for f in doc.forms if f.implementing_unit}
    # a table by unit (单位名称, 资金使用单位) also prints its categories and projects: a unit's name ends as one
    names |= {r.label for t in doc.tables if "单位" in "".join(t.columns[:1]) for r in t.rows
              if not r.is_total and without_bracketed_end(r.label)[-1:] in NAME_END}
    return {label_key(n, doc.department) for n in names} - {doc.department, ""}


def unit_spans(doc: Disclosure, q: str) -> list[tuple[int, int]]:
    """Where the question names a unit: a row label inside it (公安 in 森林公安分局) is not meant."""
    spans = []
    for unit in unit_names(doc):
        for variant in name_variants(unit):
            start = q.find(variant)
            if start >= 0:
                spans.append((start, start + len(variant)))
    return spans


def uncovered_units(doc: Disclosure, text: str, covered: list[str]) -> list[str]:
    """Units the question names that none of the resolved rows or forms is about."""
    # the department named in full is the department, not the unit a table prints under a shorter name
    q = question_key(text).replace(doc.department + "本级", "").replace(doc.department, "")
    named = [u for u in unit_names(doc) if any(v in q for v in name_variants(u))]
    named = [u for u in named if not any(u != o and u in o and o in q for o in named)]  # the longest name only
    same = lambda text: text.replace("（", "(").replace("）", ")")  # brackets printed full or half width
    return [u for u in named if not any(same(u) in same(c) or (len(c) >= 4 and same(c) in same(u))
                                        or c in name_variants(u) for c in covered)]  # 市三院 covers its hospital


@per_document
def qualifier_keys(doc: Disclosure) -> set[str]:
    return {compact(x) for t in doc.tables for r in t.rows for x in r.qualifier_names if len(compact(x)) >= 2}


def first_of_two(table: Table, row: Row, department: str) -> bool:
    named = [r for r in table.rows if label_key(r.label, department) == department]
    return len(named) >= 2 and row is named[0]


def ends_a_printed_name(doc: Disclosure, q: str, pos: int) -> bool:
    """A two-character name said as the end of a longer one the document's titles or headings print ('服务' in
    '购买服务', of 政府购买服务明细表): that longer name is meant, not the row."""
    return pos >= 2 and q[pos - 2:pos + 2] not in labels_printed(doc) and any(
        q[pos - 2:pos + 2] in heading for heading in headings_printed(doc))


@per_document
def headings_printed(doc: Disclosure) -> set[str]:
    return {compact(t.title) for t in doc.tables} | {compact(c) for t in doc.tables for c in t.columns}


@per_document
def labels_printed(doc: Disclosure) -> set[str]:
    return {label_key(r.label, doc.department) for t in doc.tables for r in t.rows}


def part_of_name(q: str, match: Match) -> bool:
    """公安 inside 公安局 names an organisation, not the 公安 subject row."""
    end = match.position + len(match.key)
    return end < len(q) and q[end] in "局厅"


def is_generic(key: str) -> bool:
    # '公用经费合计', '本年收入合计' name one row; a bare '合计' or '收入总计' needs the question's other words
    return key in COLUMN_WORDS or (key.endswith(("合计", "总计")) and len(key) <= 4) \
        or any(key == w + "预算" for w in COLUMN_WORDS)
