"""The genre's words for kinds of organisational unit (corpus/unit_kinds.json), and the patterns built from them.

    >>> unit_name_pattern().fullmatch("大同市第一看守所") is not None, unit_name_pattern().fullmatch("办公费") is None
    (True, True)
    >>> kind_of_category("直属分局")
    '分局'
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from corpus.metadata import NAME_END

UNIT_KINDS_FILE = Path(__file__).with_name("unit_kinds.json")
_ANY_UNIT_END = ("所", "站", "队", "局", "处")  # a unit's name ends in one of these when it ends in no longer kind


@lru_cache(maxsize=1)
def unit_kinds() -> tuple[str, ...]:
    """The kinds, longest first (执法大队 before 大队)."""
    kinds = json.loads(UNIT_KINDS_FILE.read_text(encoding="utf-8"))["unit_kinds"]
    return tuple(sorted(kinds, key=len, reverse=True))


@lru_cache(maxsize=1)
def unit_name_pattern() -> re.Pattern:
    """A unit's name: 2–40 characters ending in a kind of unit."""
    ends = "|".join(re.escape(k) for k in unit_kinds() + _ANY_UNIT_END)
    return re.compile(rf"[\u4e00-\u9fff（）()]{{2,40}}?(?:{ends})")


def kind_of_category(category: str) -> str:
    """The kind a 机构设置 category names ('直属分局' → 分局), '' when it names none."""
    return next((k for k in unit_kinds() + ("所",) if category.endswith(k)), "")


@lru_cache(maxsize=16384)  # asked of every unit of every document loaded, for every question
def name_variants(key: str) -> tuple[str, ...]:
    """A unit is named with or without its district word: 平城分局 / 平城区分局; a total row by what it totals:
    人员经费合计 / 人员经费; a numbered people's hospital by its number.

    >>> name_variants("某某市第三人民医院")
    ('某某市第三人民医院', '第三人民医院', '市三院')
    """
    variants = [key]
    if key.endswith("分局") and not key.endswith("区分局"):
        variants.append(key[:-2] + "区分局")
    if key.endswith("合计") and len(key) >= 6:
        variants.append(key[:-2])
    # a unit printed with its other name in brackets (某站（某编辑部）) is named by either
    aliased = re.match(r"^(.{4,}?)[（(]([^（）()]{4,})[)）]$", key)
    if aliased and aliased.group(1)[-1] in NAME_END and aliased.group(2)[-1] in NAME_END:
        variants += [aliased.group(1), aliased.group(2)]
    # a unit is named without its city (杭州市北郊监狱 / 北郊监狱), by any of its names
    for name in list(variants):
        place = _PLACE.match(name)
        if place and name[-1] in NAME_END and len(name) - place.end() >= 4:
            variants.append(name[place.end():])
        # a numbered people's hospital by its number: 某市第三人民医院 / 市三院
        if place and (numbered := _NUMBERED_HOSPITAL.fullmatch(name[place.end():])):
            variants.append(place.group(0)[-1] + numbered.group(1) + "院")
    return tuple(variants)


_PLACE = re.compile(r"^[\u4e00-\u9fff]{2,3}?[省市县]")  # the place a unit's name opens with
_NUMBERED_HOSPITAL = re.compile(r"第([一二三四五六七八九十]{1,2})人民医院")
