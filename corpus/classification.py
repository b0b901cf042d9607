"""The national classification of budget subjects (政府收支分类科目), read from corpus/classification.json: a row is
known by its code in any department's disclosure, and a code by its standard name.

    >>> standard_name("2080505"), classification_of("30211"), level_of("20805")
    ('机关事业单位基本养老保险缴费支出', '部门预算支出经济分类', 2)
    >>> codes_named("因公出国(境)费用")  # one name in both economic classifications
    ('30212', '50207')
    >>> code_for_path(("社会保障和就业支出", "行政事业单位养老支出", "机关事业单位基本养老保险缴费支出"))
    '2080505'
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from corpus.text import compact

DATA = Path(__file__).with_name("classification.json")
KINDS = {"2": ("functional", "支出功能分类"), "3": ("economic", "部门预算支出经济分类"),
         "5": ("government_economic", "政府预算支出经济分类")}
LEVELS = {3: 1, 5: 2, 7: 3}  # 类, 款, 项


@lru_cache(maxsize=1)
def _data() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    data = _data()
    return {code: name for key, _ in KINDS.values() for code, name in data[key].items()}


def name_key(label: str) -> str:
    """A label as compared with the standard's names: spacing gone, brackets of either width one."""
    return compact(label).replace("(", "（").replace(")", "）")


@lru_cache(maxsize=1)
def _by_name() -> dict[str, tuple[str, ...]]:
    codes: dict[str, list[str]] = {}
    for code, name in _names().items():
        codes.setdefault(name_key(name), []).append(code)
    for code, variants in _data()["variants"].items():
        for variant in variants:
            codes.setdefault(name_key(variant), []).append(code)
    return {name: tuple(sorted(found)) for name, found in codes.items()}


def is_subject_code(code: str) -> bool:
    """A code of the classification: 3, 5 or 7 digits under a 类 the standard has."""
    return len(code) in LEVELS and code.isdigit() and code[:3] in _names()


def standard_name(code: str) -> str:
    """The standard's name of the code, '' when the file does not hold it."""
    return _names().get(code, "")


def classification_of(code: str) -> str:
    return KINDS[code[0]][1] if code[:1] in KINDS else ""


def level_of(code: str) -> int | None:
    return LEVELS.get(len(code))


def codes_named(label: str) -> tuple[str, ...]:
    """Every code whose standard name (or a variant the disclosures print) is `label`: several for a name repeated
    under different parents (行政运行)."""
    return _by_name().get(name_key(label), ())


def code_for_path(path: tuple[str, ...]) -> str | None:
    """The code of a row printed without one, from its names top down (类, 款, 项): each name must be a code of the
    standard under the code above it; None when any is not, or the top is not a 类."""
    code = ""
    for name in path:
        under = [c for c in codes_named(name) if c.startswith(code) and len(c) == (len(code) + 2 if code else 3)]
        if len(under) != 1:
            return None
        code = under[0]
    return code or None


_LEVEL_MARK = re.compile(r"[（(]\s*[类款项]\s*[)）]")


def named_in_path(text: str) -> str:
    """The innermost 科目 a path printed with level marks names ('一般公共服务支出（类）信访事务（款）信访业务（项）'
    names 信访业务); "" when the text is no such path.

    >>> named_in_path("公共安全支出（类）司法（款）基层司法业务（项）")
    '基层司法业务'
    >>> named_in_path("基本支出")
    ''
    """
    names = [n.strip() for n in _LEVEL_MARK.split(text)]
    return names[-2] if len(names) >= 2 and not names[-1] and names[-2] else ""
