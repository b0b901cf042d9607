"""人员经费 or 公用经费 asked of a layout that prints neither: the part of 基本支出 given by the economic classes it is
made of (corpus/classification.json `basic_parts`: 人员经费 is 工资福利支出 and 对个人和家庭的补助), read in the 基本支出
table by economic classification, each class row cited and the sum checked.

A 基本支出 table printing the part as a column (人员经费, or 人员类 and the like, corpus/table_kinds.json) answers from
its total row; a part printed otherwise (a row, another table's column) is read by the other routes. A sentence stating
its amount is cited beside the classes when it agrees with their sum, and left to the sentence routes when it does
not. A table whose classes are not all of the parts' classes is not split, since its parts could not be told.

    >>> from corpus.parser import parse_text
    >>> doc = parse_text("\\n".join(["2026年某局部门预算", "一般公共预算基本支出情况表", "单位：万元",
    ...     "科目编码\\t科目名称\\t预算数", "\\t合计\\t60.00", "301\\t工资福利支出\\t40.00", "302\\t商品和服务支出\\t15.00",
    ...     "303\\t对个人和家庭的补助\\t5.00"]), "d", "某局", 2026, "预算")
    >>> ans = Answer("X局：人员经费？", "")
    >>> answer_basic_part(doc, "X局：人员经费？", [], ans), ans.figures[0].value
    (True, Decimal('45.00'))
"""
from __future__ import annotations

import re
from decimal import Decimal

from corpus.classification import basic_parts, standard_name
from corpus.model import Disclosure, Row, Table
from corpus.money import convert, parse_amount
from corpus.table_kinds import table_kind
from corpus.text import compact
from qa.answer import Answer, Citation
from qa.cell_answers import answer_cell
from qa.columns import choose_column, column_said, fund_named, total_row
from qa.lexicon import columns_named
from qa.resolve import Match, is_generic, label_key
from qa.sum_of_items import state
from qa.table_hints import table_hint, title_fits
from qa.understand import normalise


def part_asked(text: str) -> str:
    """The part of 基本支出 the question names, in its words or the lexicon's ('人头费' is 人员经费); '' when none."""
    parts = basic_parts()
    return next((meaning for kind, meaning, _ in columns_named(normalise(text)) if kind == "part" and meaning in parts),
                "")


def answer_basic_part(doc: Disclosure, text: str, matches: list[Match], ans: Answer) -> bool:
    part = part_asked(text)
    if not part or any(not is_generic(m.key) and "基本支出" not in m.key for m in matches):
        return False  # another row asked (a class, a unit)
    fund = fund_named(text)
    hint = table_hint(text)
    basic = [t for t in doc.tables if table_kind(t.title) == "基本支出表" and (not fund or fund in compact(t.title))
             and (not hint or title_fits(hint, t.title))]
    printing = [(t, row, c) for t in basic if (row := total_row(t)) is not None for c in row.cells
                if column_said(c.column) == part and c.value is not None]
    if len({c.value for _, _, c in printing}) == 1:  # the basic tables print it alike: their total row's cell
        table, row, cell = printing[0]
        return answer_cell(text, table, row, ans, cell.column)
    if printing or printed(doc, part):
        return False  # printed with different figures, or elsewhere: read as printed by the other routes
    split = [(t, classes) for t in basic if (classes := classes_of(t))]
    if len(split) != 1:
        return False  # none, or several whose reading would be a choice the question does not make
    table, classes = split[0]
    if any(r.subject_code not in {c for cs in basic_parts().values() for c in cs} for r in classes):
        return False  # a class of neither part: the parts cannot be told apart
    members = [r for r in classes if r.subject_code in basic_parts()[part]]
    if not members:
        return False
    cells = [(table, r, r.cell(choose_column(table, r, text)), r.label) for r in members]
    if any(c is None or c.value is None for _, _, c, _ in cells):
        return False
    total = sum(c.value for _, _, c, _ in cells)
    stated = statements_of(doc, part, table.unit)
    if any(value != total for value, _ in stated):
        return False  # the text states another figure: not this sum (another scope, or the document's own slip)
    state(ans, part, cells, lambda name, table, row: name)
    ans.basis = "basic part by economic classes"
    made_of = "、".join(f"{standard_name(r.subject_code)}（{r.subject_code}）" for r in members)
    ans.notes.append(f"{table.title}未单列{part}；按部门预算口径，{part}为基本支出中{made_of}之和。")
    if stated:
        ans.citations += [Citation(doc.id, "说明", part, "", line, doc.lines[line - 1]) for _, line in stated]
        ans.notes.append(f"与公开文件第{'、'.join(str(line) for _, line in stated)}行所述{part}一致。")
    ans.answer += " " + "".join(ans.notes[-2 if stated else -1:])
    return True


def printed(doc: Disclosure, part: str) -> bool:
    """A table prints the part, as a column or a row."""
    return any(column_said(c.column) == part for t in doc.tables for r in t.rows[:1] for c in r.cells) \
        or any(label_key(r.label) == part for t in doc.tables for r in t.rows)


def statements_of(doc: Disclosure, part: str, unit: str) -> list[tuple[Decimal, int]]:
    """The amounts the text states of the part ('人员经费 46290.94 万元'), in `unit`, with their lines."""
    found = []
    for number, line in enumerate(doc.lines, 1):
        for match in re.finditer(rf"{part}[^，。；\d]{{0,12}}?(\d[\d,]*(?:\.\d+)?)\s*(万元|元)", line):
            found.append((convert(parse_amount(match.group(1)), match.group(2), unit), number))
    return found


def classes_of(table: Table) -> list[Row]:
    """The economic classes (类, three-digit codes 3xx) the table prints, the 基本支出 split into."""
    return [r for r in table.rows if not r.is_total and len(r.subject_code) == 3 and r.subject_code.startswith("3")]
