"""The kinds of table the national template of 部门预算/决算公开 is made of, read from a table's title by the
words data (corpus/table_kinds.json, with its source): the same kind in every department and province.

    >>> [table_kind(t) for t in ("2026年部门收支预算总表", "表4：2026年市级部门财政拨款收支预算总表",
    ...                          "一般公共预算“三公”经费支出表", "公开07表 一般公共预算基本支出表", "单位构成")]
    ['收支总表', '财政拨款收支总表', '三公经费表', '基本支出表', '']
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from corpus.text import compact

DATA = Path(__file__).with_name("table_kinds.json")


@lru_cache(maxsize=1)
def kinds() -> list[dict]:
    return json.loads(DATA.read_text(encoding="utf-8"))["kinds"]


def table_kind(title: str) -> str:
    """The kind of table a title names ('' when it names none): the first kind of the data whose words it holds."""
    key = re.sub(r"[“”\"'‘’]", "", compact(title))
    for entry in kinds():
        if any(w in key for w in entry["words"]) and not any(w in key for w in entry.get("unless", ())):
            return entry["kind"]
    return ""
