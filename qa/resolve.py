"""Resolving a question to the disclosure's facts: which rows (or forms, sentences, glossary entries)
it names, in which table, and which column it means.

Matching is by the disclosure's own labels: a row is named when its label (without enumeration,
project-type prefix or the department's name) occurs in the question. Longer labels win over the
labels they contain, so 公务用车运行维护费 is not also 公务用车.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from corpus.metadata import NAME_END
from corpus.model import Disclosure, ProjectForm, Row, Table
from corpus.table_kinds import kinds, table_kind
from corpus.text import compact, is_subsequence, label_key
from corpus.units import unit_kinds
from qa.scope import department_aliases
from qa.understand import vocabulary

_QUOTES = re.compile(r"[“”\"'‘’]")

# Which table a question means when a label sits in several: the genre's usual home first.
TABLE_PREFERENCE = ("支出总表", "三公", "经济科目", "经济分类", "机关运行", "项目支出", "一般公共预算支出",
                    "收入总表", "收支总表", "财政拨款", "政府性基金", "国有资本")
# Column words, longest first; matched against the last part of a column path.
COLUMN_WORDS = ("年初预算数", "调整预算数", "决算数", "预算数", "国有资本经营预算", "政府性基金预算", "一般公共预算", "财政专户管理资金", "当年预算安排", "上年结转安排",
                "政府性基金", "国有资本经营", "基本支出", "项目支出", "人员经费", "公用经费", "单位资金", "上年结转",
                "小计", "合计")


@dataclass
class Match:
    """A label the question names and the rows that carry it."""

    key: str  # the label as matched
    position: int  # where it stands in the question
    rows: list[tuple[Table, Row]] = field(default_factory=list)


def question_key(text: str) -> str:
    return compact(_QUOTES.sub("", text))


def asked_words(doc: Disclosure, text: str, bare: bool = False) -> str:
    """The question without its year and the department's names (and, with `bare`, its question words): what it
    asks about."""
    asked = re.sub(r"20\d\d年度?", "", question_key(text))
    if bare:
        asked = re.sub(r"[?？]|是多少|有多少|多少钱|多少|今年|一年|安排了?|花了", "", asked)
    for alias in department_aliases(doc.department):
        asked = asked.replace(alias, "")
    return asked


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
            else:
                pos, said = first_variant(q_wo_department, key)
            if pos < 0 and (code := row.code or row.standard_code):  # a subject code named by its digits (the
                pos, said = code_position(q, code), code  # national one when the table prints none)
            core = re.sub(r"[（(][^）)]*[)）]$", "", key)
            if pos < 0 and re.search(r"[（(]本级[)）]$", key) and (at := q.find(core + "本级")) >= 0:
                pos, said = at, key  # '某局本级' names the row printed as 某局（本级）
            if pos < 0 and core != key and len(core) >= 4 and not re.search(r"[（(]", q):
                # '人犯经费' names every 人犯经费(…) row when the question gives no bracketed qualifier
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
            if pos < 0:
                continue
            if said == key[:-2] and key.endswith("合计"):
                said = key  # '人员经费' naming the 人员经费合计 row is that row, not the column word
            found.setdefault(said, Match(said, pos)).rows.append((table, row))
    if all(is_generic(key) for key in found):  # nothing but 合计 or a column word: try shortened names
        found.update(fuzzy_row_matches(doc, q_wo_department))
    # qualifier labels (a row's economic-classification label) occupy their span so that 奖金 is not read inside 工资奖金津补贴
    blockers = [Match(key, pos) for key in qualifier_keys(doc) if (pos := q.find(key)) >= 0]
    kept: list[Match] = []
    for m in sorted(list(found.values()) + blockers, key=lambda m: (-len(m.key), not m.rows)):
        if any(k.position <= m.position and m.position + len(m.key) <= k.position + len(k.key) for k in kept):
            continue
        kept.append(m)
    units = unit_spans(doc, q)
    kept = [m for m in kept if m.rows and not part_of_name(q, m)
            and not any(a <= m.position and m.position + len(m.key) <= b and b - a > len(m.key) for a, b in units)]
    specific = [m for m in kept if not is_generic(m.key)]
    kept = specific or kept  # 合计 or 一般公共预算 beside a row name is a column or the table, not a row
    hint = table_hint(text)
    if hint and any(title_fits(hint, t.title) for t in doc.tables):
        hinted = [Match(m.key, m.position, [(t, r) for t, r in m.rows if title_fits(hint, t.title)]) for m in kept]
        kept = [m for m in hinted if m.rows]
    return sorted(kept, key=lambda m: m.position)


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
            if hit is None and len(key) >= 8 and (names_most_of(q, key) or names_a_long_run_of(q, key)):
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
    for table in doc.tables:
        for row in table.rows:
            key = label_key(row.label, doc.department)
            if len(key) < 4 or not re.fullmatch(r"[\u4e00-\u9fff]+", key):
                continue
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


def name_variants(key: str) -> list[str]:
    """A unit is named with or without its district word: 平城分局 / 平城区分局; a total row by what it totals:
    人员经费合计 / 人员经费."""
    variants = [key]
    if key.endswith("分局") and not key.endswith("区分局"):
        variants.append(key[:-2] + "区分局")
    if key.endswith("合计") and len(key) >= 6:
        variants.append(key[:-2])
    # a unit printed with its other name in brackets (某站（某编辑部）) is named by either
    aliased = re.match(r"^(.{4,}?)[（(]([^（）()]{4,})[)）]$", key)
    if aliased and aliased.group(1)[-1] in NAME_END and aliased.group(2)[-1] in NAME_END:
        variants += [aliased.group(1), aliased.group(2)]
    return variants


# what follows a name said on its own: a particle, a verb of spending, a conjunction or punctuation
_AFTER_A_NAME = r"[的里中内方那这一共总花用安排占是有为，,。？?和与及跟比、（(]"


def class_stem_position(q: str, key: str, row, labels: set[str]) -> int:
    """Where a 类 of spending is named without its 支出 ('农林水', '住房保障'), three characters or more, printed by no
    other row, and said as a name of its own: not the start of a longer name (a body, '交通运输局', or a project)."""
    code = row.code or row.standard_code or ""
    if not (key.endswith("支出") and len(code) == 3 and code.startswith("2")) or len(stem := key[:-2]) < 3:
        return -1
    if stem in labels:
        return -1
    match = re.search(rf"{re.escape(stem)}(?=$|{_AFTER_A_NAME})", q)
    return match.start() if match else -1


def first_variant(q: str, key: str) -> tuple[int, str]:
    for variant in name_variants(key):
        pos = q.find(variant)
        if pos >= 0:
            return pos, variant
    return -1, key


def code_position(q: str, code: str) -> int:
    match = re.search(rf"(?<!\d){code}(?!\d)", q)
    return match.start() if match else -1


def unit_names(doc: Disclosure) -> set[str]:
    """Names of organisational units the document knows (机构设置, 实施单位, unit rows)."""
    names = {u.name for u in doc.org_units} | {f.implementing_unit for f in doc.forms if f.implementing_unit}
    # a table by unit (单位名称, 资金使用单位) also prints its categories and projects: a unit's name ends as one
    names |= {r.label for t in doc.tables if "单位" in "".join(t.columns[:1]) for r in t.rows
              if not r.is_total and re.sub(r"[（(][^（）()]*[)）]$", "", r.label)[-1:] in NAME_END}
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
    return [u for u in named if not any(same(u) in same(c) or (len(c) >= 4 and same(c) in same(u)) for c in covered)]


def qualifier_keys(doc: Disclosure) -> set[str]:
    return {compact(x) for t in doc.tables for r in t.rows for x in r.qualifiers if len(compact(x)) >= 2}


def part_of_name(q: str, match: Match) -> bool:
    """公安 inside 公安局 names an organisation, not the 公安 subject row."""
    end = match.position + len(match.key)
    return end < len(q) and q[end] in "局厅"


def is_generic(key: str) -> bool:
    # '公用经费合计', '本年收入合计' name one row; a bare '合计' or '收入总计' needs the question's other words
    return key in COLUMN_WORDS or (key.endswith(("合计", "总计")) and len(key) <= 4) \
        or any(key == w + "预算" for w in COLUMN_WORDS)


def table_hint(text: str) -> str:
    """The title of the table the question points at: its own words for it ('X表中…'), else the title
    fragment of vocabulary.json's table_hints, or ''."""
    q = question_key(text)
    named = table_named(q)
    if named:
        return named
    hints = {phrase: fragment for phrase, fragment in vocabulary()["table_hints"].items() if question_key(phrase) in q}
    return hints[max(hints, key=len)] if hints else ""


_TABLE_PHRASE = re.compile(r"[\u4e00-\u9fff“”（）]{3,30}?表")
_PHRASE_START = re.compile(r"^.*?(?:年度?|的|在|按|从|据|看|查|里|中|部门)(?=[^年的在按从据看查里中]{2})")


_COUNTING_TABLES = re.compile(r"几张|多少张|哪张|这张|那张|哪些|每张|各张|一共|共有|所有")


def table_named(q: str) -> str:
    """The words a question names one table by, when it does ('…2024年度收入决算表里…' → 收入决算表)."""
    named = tables_named(q)
    return named[0] if len(named) == 1 else ""  # two tables named: the question compares them


def tables_named(q: str) -> list[str]:
    """Every table the question names in its own words ('A表和B表' → both)."""
    named = []
    for phrase in _TABLE_PHRASE.findall(q):
        phrase = re.sub(r"(?:那张|这张|那个|这个|那一|这一)表$", "表", phrase)
        while (shorter := _PHRASE_START.sub("", phrase)) != phrase:  # '…X支出在A表' → A表
            phrase = shorter
        phrase = without_name_before(phrase)
        if len(phrase) >= 4 and not _COUNTING_TABLES.search(phrase) and len(re.sub(r"[部门预决算报表本年度]", "", phrase)) >= 2:
            named.append(re.sub(r"^[和与及跟同比按]", "", phrase))
    return named


def without_name_before(phrase: str) -> str:
    """'某县某委财政拨款收支总表' → 财政拨款收支总表: an organisation's name glued before the table's own name, cut
    where the name ends (NAME_END) and a table kind's word (table_kinds.json) or 部门/单位 begins."""
    openings = tuple(w for entry in kinds() for w in entry["words"]) + ("部门", "单位")
    for i, ch in enumerate(phrase[:-4]):
        if ch in NAME_END and i >= 2 and phrase[i + 1:].startswith(openings):
            return phrase[i + 1:]
    return phrase


def title_rank(hint: str, title: str) -> int:
    """0: the title contains the hint as printed; 1: in order among its characters; 2: not of that kind."""
    key = compact(title)
    alternatives = [h for h in hint.split("|") if h]
    if any(h in key for h in alternatives):
        return 0
    return 1 if any(is_subsequence(h, key) for h in alternatives) else 2


def title_gap(hint: str, title: str) -> int:
    """How many of the title's characters fall between the hint's, in its tightest fit ('一般公共预算支出表' fits
    一般公共预算支出预算表 with a gap of 2 and 一般公共预算“三公”经费支出预算表 with 7); large when it does not fit."""
    key, best = compact(title), 10 ** 6
    for h in (x for x in hint.split("|") if x):
        for start in (i for i, ch in enumerate(key) if ch == h[0]):
            chars, end = iter(enumerate(key[start:], start)), None
            for want in h:
                end = next((i for i, ch in chars if ch == want), None)
                if end is None:
                    break
            if end is not None:
                best = min(best, end - start + 1 - len(h))
    return best


def best_title(doc: Disclosure, phrase: str) -> str | None:
    """The title of the table a phrase names, fitting it most tightly ('支出决算表' is 支出决算表, not
    收入支出决算总表)."""
    fits = [t for t in doc.tables if title_rank(phrase, t.title) < 2]
    return min(fits, key=lambda t: (title_rank(phrase, t.title), title_gap(phrase, t.title), len(t.title))).title \
        if fits else None


def title_fits(hint: str, title: str) -> bool:
    """A table title is of the kind a hint names: one of its alternatives ('经济科目|经济分类') in order among the
    title's characters ('收入总表' fits 部门收入预算总表 as well as 预算收入总表)."""
    key = compact(title)
    return bool(hint) and any(is_subsequence(h, key) for h in hint.split("|") if h)


def hinted_table(doc: Disclosure, text: str) -> Table | None:
    """The table the question names; of several with the hinted words, the one whose title shares most
    with the question (项目支出预算表（上年结转）)."""
    hint = table_hint(text)
    tables = [t for t in doc.tables if title_fits(hint, t.title)]
    if not tables:
        return None
    q = question_key(text)
    named = bool(table_named(q))  # the question's own words for a table: the title they fit most tightly
    return max(tables, key=lambda t: (-title_rank(hint, t.title), -(title_gap(hint, t.title) if named else 0),
                                      -(len(compact(t.title)) if named else 0),
                                      sum(1 for i in range(len(compact(t.title)) - 1)
                                          if compact(t.title)[i:i + 2] in q),
                                      -t.line_start))


FUND_TYPES = ("政府性基金", "国有资本经营", "一般公共预算", "财政专户")


def fund_named(text: str) -> str:
    """The kind of fund (资金性质) a question names, '' when none."""
    q = question_key(text)
    return next((f for f in FUND_TYPES if f in q), "")


def rank_tables(rows: list[tuple[Table, Row]], text: str) -> list[tuple[Table, Row]]:
    """The rows ordered by how well their table fits the question (hint words, then the usual home)."""
    hint = table_hint(text)
    fund = fund_named(text)
    words = [w for w in column_words_in(text) if w not in ("合计", "小计")]
    words += [leaf for leaf in named_columns(rows, text) if not any(leaf in w for w in words)]
    q = question_key(text)
    spent = bool(re.search(r"花|支出|开支|开销|用了|用掉", q)) and "收入" not in q
    earned = "收入" in q and not re.search(r"花|支出|开支|开销|用了|用掉", q)

    def score(item):
        table = item[0]
        title = compact(table.title)
        hinted = title_rank(hint, title) if hint else 0
        other_fund = 1 if fund and fund not in title else 0  # '政府性基金…' is answered from that fund's table
        # the fewer of the columns the question names a table lacks, the better ('人员经费 of 基本支出': 基本支出/人员经费)
        lacks_column = sum(1 for w in words if not any(w in c.column for c in item[1].cells))
        # without '财政拨款' the question means all of the department's money, not the appropriations only
        appropriations_only = 1 if "财政拨款" in title and "财政拨款" not in q and not fund else 0
        preference = next((i for i, p in enumerate(TABLE_PREFERENCE) if p in title), len(TABLE_PREFERENCE))
        # '2010602用掉多少': money spent is read in a table of spending, not the income table's row of that code
        other_side = 1 if spent and "收入" in title and "支出" not in title else 0
        # '某单位的收入' is read in a table of income, not in a spending table's row of that unit
        other_side = other_side or (1 if earned and not is_income_table(table.title) else 0)
        return (hinted, other_fund, lacks_column, appropriations_only, other_side, preference)

    return sorted(rows, key=score)


_GENERIC_LEAF = re.compile(r"^(?:合计|小计|总计|预算数|决算数|本年预算|金额|[\d.]+)$")


def named_columns(rows: list[tuple[Table, Row]], text: str) -> list[str]:
    """The columns of the rows' tables the question names by their own header ('其他收入', '人员经费'), not by a
    generic word (合计, 预算数)."""
    q = question_key(text)
    leaves = {_QUOTES.sub("", compact(c.column.split("/")[-1])) for _, row in rows for c in row.cells}
    return sorted((leaf for leaf in leaves if len(leaf) >= 3 and not _GENERIC_LEAF.match(leaf) and leaf in q), key=len)


INCOME_KINDS = ("收入总表", "收支总表", "财政拨款收支总表")


def is_income_table(title: str) -> bool:
    """A table that prints income (收入总表, or a 收支总表's income side) by the genre's kinds."""
    return table_kind(title) in INCOME_KINDS


def total_row(table: Table, side: str | None = None) -> Row | None:
    totals = [r for r in table.rows if r.is_total and r.side == side]
    return totals[0] if totals else None


def choose_column(table: Table, row: Row, text: str, exclude: str = "") -> str:
    """The column the question names, else the row's first (total) column."""
    q = question_key(text).replace(exclude, "")
    columns = [c.column for c in row.cells]
    named = sorted((c for c in columns if len(c.split("/")[-1]) >= 4 and c.split("/")[-1] in q),
                   key=lambda c: -len(c.split("/")[-1]))
    if named:  # the question names this table's own column ('其他收入', '事业单位经营收入')
        return named[0]
    fund = fund_named(text)
    if fund and not any(fund in compact(p) for p in (table.title, row.label)):
        columns = [c for c in columns if fund in c] or columns  # the fund's own column of a table of all funds
    for word in COLUMN_WORDS:
        if word in q:
            named = [c for c in columns if c.split("/")[-1].startswith(word) or c.split("/")[-1] == word]
            if named:
                return named[0]
    totals = [c for c in columns if c.split("/")[-1] in ("合计", "小计", "金额") or c.endswith("合计")]
    return totals[0] if totals else (columns[0] if columns else "")


def column_words_in(text: str) -> list[str]:
    q = question_key(text)
    words = []
    for word in COLUMN_WORDS:
        if word in q and not any(word in w for w in words):
            words.append(word)
    return words


def find_forms(doc: Disclosure, text: str) -> list[ProjectForm]:
    """Forms whose project the question names, narrowed by the implementing unit when it names one."""
    q = question_key(text)
    bare = q.replace(doc.department, "|") if doc.department else q  # the department's name is in many projects
    scored = [(overlap(bare, label_key(f.project, doc.department)), f) for f in doc.forms]
    scored = [(n, f) for n, f in scored if n == len(label_key(f.project, doc.department))
              or n >= 5 and n * 3 >= 2 * len(label_key(f.project, doc.department)) or n >= 7]
    if not scored:
        return []
    best = max(n for n, _ in scored)
    named = [f for n, f in scored if n == best]
    by_unit = [f for f in named if unit_named(f.implementing_unit, q, doc.department)]
    return by_unit or named


def overlap(q: str, key: str) -> int:
    """Length of the longest run of the name that the question contains (names are often shortened; a
    bracketed qualifier left out entirely counts as the whole name)."""
    if key and key in q:
        return len(key)
    core = re.sub(r"[（(][^）)]*[)）]", "", key)
    if core != key and len(core) >= 4 and core in q:
        return len(key) - 1  # below the full name, so the exact form wins
    match = SequenceMatcher(None, q, key, autojunk=False).find_longest_match(0, len(q), 0, len(key))
    return match.size


def unit_named(unit: str, q: str, department: str) -> bool:
    key = label_key(unit, department)
    if key == department or unit == department:
        # the department itself is named only when no other unit of it is
        kinds = "|".join(unit_kinds())
        return department in q and not re.search(re.escape(department) + rf"[\u4e00-\u9fff]{{2,}}(?:{kinds}|所)", q)
    return bool(key) and key in q
