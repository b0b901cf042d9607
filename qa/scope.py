"""Which loaded document(s) a question is about: named by department (or a short form of its name), by
year, or — for follow-ups — the previous turn's; several when it compares years or departments.

    >>> department_aliases("上海市普陀区人民政府万里街道办事处")[-1]
    '万里街道'
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from corpus.model import Disclosure
from corpus.text import compact, occurrences
from qa.kindless_mentions import kindless_mention
from qa.lexicon import department_names

_REGION = re.compile(r"^[\u4e00-\u9fff]{1,6}?(省|自治区|市|区|县|旗)")
_GOVERNMENT = re.compile(r"^人民政府")
_ACROSS_DEPARTMENTS = re.compile(r"各部门|这几个部门|哪个部门|几个部门|所有部门|各单位之间|部门之间")
_COMPARE = re.compile(r"比|相比|变化|增减|增加|减少|增长|下降|相差|差多少|谁|哪个|哪年|哪一年")


@dataclass
class Scope:
    documents: list[Disclosure]
    across: bool = False  # the question compares the documents (years of one department, or departments)
    ambiguous: bool = False


@lru_cache(maxsize=8192)  # asked of every loaded document for every question: a desk holds hundreds
def department_aliases(name: str) -> tuple[str, ...]:
    """The department's name and its shorter forms, without region prefixes or an 办事处 suffix."""
    aliases = [name]
    rest = name
    while True:
        shorter = _GOVERNMENT.sub("", _REGION.sub("", rest, count=1))
        if shorter == rest or len(shorter) < 2:
            break
        rest = shorter
        aliases.append(rest)
    aliases += [trimmed for alias in list(aliases) if (trimmed := re.sub(r"办事处$", "", alias)) != alias]
    if two_names := _TWO_NAMES.fullmatch(name):  # one body under two names (一个机构两块牌子): either names it
        aliases += department_aliases(two_names.group(1)) + department_aliases(two_names.group(2))
    return tuple(a for a in dict.fromkeys(aliases) if len(a) >= 3)


_TWO_NAMES = re.compile(r"(.{3,}?)[（(](.{3,})[)）]")


# How people shorten a department's name: the long forms of the genre and their usual short forms.
_SHORTENINGS = (("人民政府办公室", "政府办"), ("委员会", "委"), ("办公室", "办"), ("办事处", ""))
_PREFIXES = re.compile(r"^(?:中共|中国共产党)|人民政府")
_MIN_MENTION = 3


def department_mention(text: str, department: str) -> str:
    """The words of `text` that name `department` the way people do: its characters in order within the full
    name (region and party prefixes may be dropped, 和/与 skipped), ending as the name (or a usual shortening of it)
    ends, with at least two characters of what the department is (not just 上海市普陀区…局).

    >>> department_mention("区司法局2026年项目支出", "上海市普陀区司法局")
    '区司法局'
    >>> department_mention("规划资源局项目支出", "上海市普陀区规划和自然资源局")
    '规划资源局'
    >>> department_mention("区府办的三公经费", "上海市普陀区人民政府办公室"), department_mention("区财政局", "上海市普陀区司法局")
    ('区府办', '')
    >>> department_mention("区委宣传部的预算", "中共上海市普陀区委宣传部")
    '区委宣传部'
    >>> department_mention("临汾市公安局的支出", "大同市公安局"), department_mention("大同市公安局", "大同市公安局")
    ('', '大同市公安局')
    >>> department_mention("江城市卫健委的支出", "江城市卫生健康委员会")
    '江城市卫健委'
    >>> department_mention("江城市档案服务中心里的支出", "江城市交通市政项目工务中心")
    ''
    """
    if not department:
        return ""
    q = compact(text)
    best = ""
    for name, core in name_forms(department):
        for end in occurrences(q, name[-1]):  # a mention ends as the name does
            start = mention_start(q, end, name)
            mention = q[start:end + 1]
            if _other_place_before(q, start, department):
                continue
            enough = min(2, len(core) - 1) or 1  # a two-character core (政府办) may be named by one of them (区府办)
            # a long name is shortened from its start (发改委, 卫健委), not to the tail of another body's name
            opens = len(core) < 4 or core[0] in mention
            if len(mention) >= _MIN_MENTION and opens and sum(c in core for c in mention) >= enough \
                    and len(mention) > len(best):
                best = mention
    return best or kindless_mention(q, name_forms(department))


_PLACE = re.compile(r"([\u4e00-\u9fff]{2,3})([省市区县])$")
_NOT_IN_PLACE_NAMES = set("的是在和与及占比对中里了从按给向把被各该本其他这那哪个们年月日")


def _other_place_before(q: str, start: int, department: str) -> bool:
    """'临汾市公安局', '阳高县公安局': the words before the mention name another place, so another department."""
    before = q[:start + 1] if q[start] in "省市区县" else q[:start]
    place = _PLACE.search(before)
    return bool(place) and not set(place.group(1)) & _NOT_IN_PLACE_NAMES and place.group(0) not in department


@lru_cache(maxsize=8192)
def name_forms(department: str) -> tuple[tuple[str, str], ...]:
    """(name, core): the full name, its shortenings (委员会 → 委) and everyday names of its kind (生态环境局 → 环保局)."""
    forms = [department]
    for long, short in _SHORTENINGS + department_names():
        forms += [f.replace(long, short) for f in forms if long in f and f.replace(long, short)]
    return tuple((form, _core(form)) for form in dict.fromkeys(forms))


def _core(name: str) -> str:
    """What the department is, without its region, party and government prefixes and its last character."""
    rest = _PREFIXES.sub("", name)
    while True:
        shorter = _GOVERNMENT.sub("", _REGION.sub("", _PREFIXES.sub("", rest), count=1))
        if shorter == rest or len(shorter) < 2:
            break
        rest = shorter
    return rest[:-1]


def mention_start(q: str, end: int, name: str) -> int:
    """The leftmost start such that q[start:end+1] is a subsequence of `name` ending at its last character."""
    position, start = len(name) - 1, end
    for i in range(end - 1, -1, -1):
        found = name.rfind(q[i], 0, position)
        if found < 0:
            break
        position, start = found, i
    return start


def without_department_named(q: str, department: str) -> str:
    """The question without the department's name, in full or the way people shorten it ('某市统计局')."""
    for name in sorted(department_aliases(department), key=len, reverse=True):  # its full and shorter names
        q = q.replace(name, "")
    return q.replace(department_mention(q, department) or department, "")


def named_documents(documents: list[Disclosure], text: str) -> list[Disclosure]:
    """Documents whose department the question names (by its full name, a short form, or a mention in order)."""
    q = compact(text)
    scored = [(len(words), doc) for doc in documents if (words := naming_words(doc, q))]
    if not scored:
        return []
    longest = max(n for n, _ in scored)  # '规划资源局' fits one department better than '资源局' fits another
    return [d for n, d in scored if n == longest]


def picked_documents(documents: list[Disclosure], picked: str) -> list[Disclosure]:
    """The documents a picker's value names: an id, or a department (its exact name — the picker's "all of this
    department" —, else a full or short name)."""
    if not picked:
        return []
    by_id = [d for d in documents if d.id == picked]
    return by_id or [d for d in documents if d.department == picked] or named_documents(documents, picked)


def naming_words(doc: Disclosure, q: str) -> str:
    """The words of the question that name the document's department ('' when none do): the longest alias or
    mention."""
    hits = [a for a in department_aliases(doc.department) if a in q] + [department_mention(q, doc.department)]
    return max(hits, key=len)


def named_apart(documents: list[Disclosure], text: str) -> bool:
    """The question names the departments in words of their own ('北京市某局和湖州市某局'), not all by one short
    name that fits each of them ('某局' with both loaded: which one is asked, not a comparison)."""
    q = compact(text)
    words = {naming_words(d, q) for d in documents}
    return len(words) >= 2 and not any(a != b and a in b for a in words for b in words)


def choose_scope(documents: list[Disclosure], text: str, years: list[int], previous_doc: str = "",
                 default_doc: str = "", compare: bool = True) -> Scope:
    """`compare=False` (a 'why' question): '2025年…为何比2024年少' is about the 2025 document, whose text
    explains the change."""
    if len(documents) <= 1:
        return Scope(documents)
    if not compare and len(years) >= 2:
        years = [y for y in years if not re.search(rf"(?:比|较|与|和){y}", compact(text))] or years
    if compare and len(years) == 1 and re.search(r"(?:比|较|与|和|同)(?:去年|上年|上一年)", compact(text)):
        years = [years[0] - 1, years[0]]  # '2025年…较去年增了多少': both years, when both are loaded
    named = named_documents(documents, text)
    previous = next((d for d in documents if d.id == previous_doc), None)
    if not named and previous is not None and years:
        # '2024年的呢？' after a question about one department: that department's document of the year named
        named = [d for d in documents if d.department == previous.department]
    departments = {d.department for d in named}
    dated = [d for d in (named or documents) if d.year in years]
    if len(years) >= 2 and len(dated) >= 2 and len({d.department for d in dated}) == 1 and _COMPARE.search(text):
        return Scope(sorted(dated, key=lambda d: d.year), across=True)
    if _ACROSS_DEPARTMENTS.search(text) or len(departments) >= 2 and _COMPARE.search(text) and named_apart(named, text):
        pool = dated or named or documents
        latest = {}
        for doc in pool:  # one document per department: the latest year unless a year is named
            if doc.department not in latest or (doc.year or 0) > (latest[doc.department].year or 0):
                latest[doc.department] = doc
        return Scope(list(latest.values()), across=len(latest) >= 2)
    candidates = dated or named
    if years and not dated and named:
        return Scope(named[:1])  # the department is loaded, the year is not: the answer will say so
    if not candidates:
        candidates = [d for d in documents if d.id in (previous_doc, default_doc)] or documents
    if len(candidates) > 1 and len({(d.department, d.year, d.kind) for d in candidates}) == 1:
        # one department's whole budget and its own (本级) budget: '本级' in the question picks the latter
        own = "本级" in compact(text)
        scoped = [d for d in candidates if (d.scope == "本级") == own]
        candidates = scoped if len(scoped) == 1 else candidates
    if len(candidates) > 1:
        preferred = [d for d in candidates if d.id == previous_doc] or [d for d in candidates if d.id == default_doc]
        if preferred:
            return Scope(preferred[:1])
        return Scope(candidates, ambiguous=True)
    return Scope(candidates)


# ---- the places, the picker's search and the reply to "which document?" --------------------------------

_PLACE_PART = re.compile(r".+?(?:自治区|省|市|区|县|旗)")
_YEAR = re.compile(r"20\d\d")
_KINDS = ("预算", "决算")
# what a reply to "which document?" may say besides the names of the document: '就是2025年的那份'
_REPLY_FILLER = re.compile(r"(?:20\d\d|\d\d)年?度?|本级|部门|公开文件|文件|那一?份|这一?份|那个|这个|我问的是|问的是|我说的是"
                           r"|我要|要问|就是|是|的|呢|吧|啊|呀|哦|那|就|了|[，。？！?!,.、：:；;“”\"'（）()|]")


def region_of(doc: Disclosure) -> str:
    """The province, city and district a document belongs to: its title page's (corpus.metadata), else the place
    its department's name opens with ('示例市示例局' → 示例市); '' when neither says."""
    if doc.region:
        return doc.region
    from corpus.metadata import place_of  # the title page's reader knows the genre's place names

    return place_of(doc.department)


def place_names(region: str) -> list[str]:
    """How people name a region and its parts: '上海市普陀区' → 上海市普陀区, 上海市, 普陀区, 上海, 普陀."""
    parts = _PLACE_PART.findall(region)
    stems = [p[:-3] if p.endswith("自治区") else p[:-1] for p in parts]
    return [n for n in dict.fromkeys([region] + parts + stems) if len(n) >= 2]


def matches_search(doc: Disclosure, text: str) -> bool:
    """The picker's search: every word of `text` (split at spaces and between digits and letters) is in the
    document's region, department, year or kind, or names its department the way people shorten it ('卫健' for
    卫生健康委员会: its characters in order within the name, as a question's mention is read)."""
    words = re.findall(r"\d+|[^\d\s,，、;；]+", text or "")
    label = compact(f"{region_of(doc)}{doc.department}{doc.year or ''}年{doc.kind}{doc.scope}")
    return all(compact(w) in label or _in_order(compact(w), compact(doc.department)) for w in words)


def _in_order(word: str, name: str) -> bool:
    """`word`'s characters appear in `name` in order ('卫健' in 广州市卫生健康委员会, '区府办' in 某区人民政府办公室)."""
    if len(word) < 2 or word.isdigit():
        return False
    at = 0
    for ch in word:
        at = name.find(ch, at)
        if at < 0:
            return False
        at += 1
    return True


def reply_names(documents: list[Disclosure], text: str) -> list[Disclosure]:
    """The documents a reply to "which document?" picks among `documents` (those the question was asked
    about), when the reply only says which: a department in any of its name forms ('某某委', '区府办',
    '广州卫健委'), a place ('广州的'), a year, 预算/决算 or 本级. [] when the reply asks something of its own (it is
    answered as a question) or names none of them."""
    q = compact(text)
    rest, pool, said = q, list(documents), False
    named = named_documents(documents, q)
    if named:
        words = max((naming_words(d, q) for d in named), key=len)
        rest, pool, said = rest.replace(words, "|"), named, True
    places = {d.id: [p for p in place_names(region_of(d)) if p in rest] for d in pool}
    if any(places.values()):
        longest = max((p for ps in places.values() for p in ps), key=len)
        pool, said = [d for d in pool if longest in places[d.id]], True
        rest = rest.replace(longest, "|")
    years = [int(y) for y in _YEAR.findall(rest)]
    if years:
        pool, said = [d for d in pool if d.year in years], True
    kinds = [k for k in _KINDS if k in rest]
    if kinds:
        pool, said = [d for d in pool if d.kind in kinds], True
    if "本级" in rest and any(d.scope == "本级" for d in pool):
        pool, said = [d for d in pool if d.scope == "本级"], True
    if not said or _REPLY_FILLER.sub("", rest):
        return []
    return pool
