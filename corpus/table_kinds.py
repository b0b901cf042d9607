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


def adds_up(title: str) -> bool:
    """Whether a table of this title's kind is money whose rows and columns add up (not a table of targets).

    >>> adds_up("一般公共预算支出表"), adds_up("部门整体支出绩效目标表")
    (True, False)
    """
    kind = table_kind(title)
    return not any(e["kind"] == kind and e.get("figures") == "indicators" for e in kinds())


@lru_cache(maxsize=1)
def column_words() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))["column_words"]


def is_total_column(part: str) -> bool:
    """A column header's part naming the total of its siblings ('小计', '合计', '项目支出总数').

    >>> is_total_column("小计"), is_total_column("项目支出总数"), is_total_column("人员经费")
    (True, True, False)
    """
    return compact(part).endswith(tuple(column_words()["total_endings"]))


def is_part_of_column(part: str) -> bool:
    """A column that is what remains of a sibling after a deduction, already counted in it ('扣除基建项目后预算数').

    >>> is_part_of_column("扣除基建项目后预算数"), is_part_of_column("其中：基本支出")
    (True, False)
    """
    return compact(part).startswith(tuple(column_words()["part_of_words"]))


def is_of_which_column(part: str) -> bool:
    """A column printed as '其中：X': a part of a column before it (see the data's of_which_note).

    >>> is_of_which_column("其中:经费拨款"), is_of_which_column("金额")
    (True, False)
    """
    return compact(part).startswith(tuple(column_words()["of_which_words"]))


@lru_cache(maxsize=1)
def _standard_names() -> dict[str, str]:
    return {variant: name for name, variants in column_words()["names"].items() for variant in variants}


def standard_column_name(part: str) -> str:
    """A column part by its standard name, where a layout prints it under another ('人员类' is 人员经费).

    >>> standard_column_name("人员类"), standard_column_name("日常公用支出"), standard_column_name("项目支出")
    ('人员经费', '公用经费', '项目支出')
    """
    return _standard_names().get(compact(part), part)


@lru_cache(maxsize=1)
def layout_words() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))["layout"]


def is_unit_code_column(part: str) -> bool:
    """A column printing a unit's code before its name (not a 科目 code, not a figure).

    >>> is_unit_code_column("部门代 码"), is_unit_code_column("单位编码"), is_unit_code_column("科目编码")
    (True, True, False)
    """
    return compact(part) in layout_words()["unit_code_columns"]


def is_position_column(part: str) -> bool:
    """A column numbering the rows (行次), not one of figures.

    >>> is_position_column("行次"), is_position_column("金额")
    (True, False)
    """
    return compact(part) in layout_words()["position_columns"]


def is_column_number_label(cell: str) -> bool:
    """The cell opening the row that numbers the columns under the header ('栏次 | | 1 | 2 | 3').

    >>> is_column_number_label("栏 次"), is_column_number_label("合计")
    (True, False)
    """
    return compact(cell) in layout_words()["column_number_rows"]


def is_code_column(part: str) -> bool:
    """A header part naming the 科目 code column.

    >>> is_code_column("功能分类科目编码"), is_code_column("科目代码"), is_code_column("科目名称")
    (True, True, False)
    """
    return any(word in compact(part) for word in layout_words()["code_columns"])


@lru_cache(maxsize=1)
def numbered_title_pattern() -> re.Pattern:
    """A table's number printed on its title line, before or after the title: '公开01表 …', '… 公开02表'."""
    words = "|".join(map(re.escape, layout_words()["numbered_titles"]))
    return re.compile(rf"^(?:{words})(\d+)表(?=.)|(?<=.)(?:{words})(\d+)表$")


def split_title_number(title: str) -> tuple[str, int | None]:
    """A title line without the table number printed on it, and that number.

    >>> split_title_number("公开02表收入决算表"), split_title_number("收入决算表公开02表"), split_title_number("收入决算表")
    (('收入决算表', 2), ('收入决算表', 2), ('收入决算表', None))
    """
    match = numbered_title_pattern().search(title)
    if not match:
        return title, None
    return title[:match.start()] + title[match.end():], int(match.group(1) or match.group(2))


@lru_cache(maxsize=4096)  # asked of every candidate table for every question
def table_kind(title: str) -> str:
    """The kind of table a title names ('' when it names none): the first kind of the data whose words it holds."""
    key = re.sub(r"[“”\"'‘’]", "", compact(title))
    for entry in kinds():
        if any(w in key for w in entry["words"]) and not any(w in key for w in entry.get("unless", ())):
            return entry["kind"]
    return ""
