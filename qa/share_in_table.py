"""A part's share of its whole read from a table: the part and the whole found beside each other (the whole a
column group's 小计, the table's total, or a figure the question states)."""
from __future__ import annotations

import re
from decimal import Decimal

from corpus.model import Disclosure, Row
from corpus.table_kinds import is_total_column
from corpus.text import compact
from qa import compute
from qa.answer import Answer, Citation, Figure
from qa.column_answers import columns_of_the_table_hinted, resolve_amount
from qa.columns import choose_column, column_words_in, total_row
from qa.one_row_tables import KIND_WORDS
from qa.quotes import best_sentences
from qa.resolve import find_row_matches
from qa.row_picking import unit_said
from qa.statements import state_share
from qa.table_hints import question_key


_WHOLE_OF_TABLE = re.compile(r"(?P<before>支出|收入)(?:总预算|预算总额)|(全部门?|整个部门|部门|总数?|合计|总计|总额|全部门?合计|全局"
                             r"|全局合计|全局总计|全部合计|所有|总预算|预算总额)(的)?(?P<side>支出|收入)?")


def answer_share_of(doc: Disclosure, text: str, ans: Answer) -> bool:
    """'A占B的比例': A and B resolved on their own sides of 占; no B means A's table total."""
    part_text, whole_text = text.split("占", 1)
    whole_text = re.sub(r"^比|(的)?(多大|比例|比重|百分比|百分之几|百分之|多少|是|了|几成|几|%|\?)+", "", whole_text)
    whole_text = whole_of_department(doc, whole_text)
    column = columns_of_the_table_hinted(doc, [part_text], text) \
        if not whole_text or _WHOLE_OF_TABLE.fullmatch(whole_text) else None
    if column is not None:  # a column of a one-row table (“三公”) within the row's total
        table, row, cell = column[0]
        whole = group_total(row, cell, question_key(text)) or next(
            (c for c in row.cells if c.value is not None and is_total_column(c.column.split("/")[-1])), row.cells[0])
        return whole is not cell and state_share(ans, column[0], (table, row, whole))
    inside = re.search(r"([^里中,，]{2,})(?:里面|里头|当中|之中|里|中)([^里中]{2,})$", part_text)
    within = re.search(r"^(.{2,}?)在(.{2,}?)(?:里面|里头|当中|之中|里|中)?$", part_text)
    if not whole_text and within:  # 'A在B里占几成': the whole is named after 在
        part_text, whole_text = within.groups()
        if not _WHOLE_OF_TABLE.fullmatch(whole_text) and resolve_amount(doc, whole_text, whole_text) is None:
            return False  # a whole named but not found: never the table's total in its place
    elif not whole_text and inside and resolve_amount(doc, inside.group(1), text) is not None:
        whole_text, part_text = inside.groups()  # 'B里A占多少': a part of what it is named inside
    part = resolve_amount(doc, part_text, text)
    if part is None:
        return answer_stated_share(doc, part_text, text, ans)
    same_row = part[1].cell(choose_column(part[0], part[1], whole_text)) if whole_text else None
    group = group_total(part[1], part[2], question_key(whole_text)) if whole_text else None
    if group is not None:  # a column named within its group (人员经费 of 基本支出): the group's total in the same row
        whole_text, whole = "", (part[0], part[1], group)
    elif whole_text and column_words_in(whole_text) and not find_row_matches(doc, whole_text) \
            and same_row not in (None, part[2]) and same_row.value != part[2].value:
        whole_text, whole = "", (part[0], part[1], same_row)  # '基本支出占合计的比例' of one row: its own columns
    elif whole_text and column_words_in(whole_text) and not find_row_matches(doc, whole_text) \
            and (total := total_row(part[0], part[1].side)) is not None and total is not part[1] \
            and total.cell(choose_column(part[0], total, whole_text)) is not None:
        # 'X占人员经费的比例' where X is all 人员经费: the column's total, not X over itself
        whole_text, whole = "", (part[0], total, total.cell(choose_column(part[0], total, whole_text)))
    else:
        whole = None
    if (of_table := _WHOLE_OF_TABLE.fullmatch(whole_text)) is not None:
        side = of_table.group("side") or of_table.group("before")
        if side and part[1].side and side not in part[1].side:
            return False  # spending's share of all income: never
        whole_text = ""  # the table's own total
    if whole is None and whole_text:
        whole = resolve_amount(doc, whole_text, text)
    if whole is None:
        if whole_text:
            return False
        table, row, cell = part
        total = total_row(table, row.side)
        if total is None:
            return False
        # a column of the total row is a share of its group's total when the question names the group ('基本支出里
        # 人员经费': 基本支出/小计), else of that row's first (合计) column
        whole_cell = group_total(total, cell, question_key(text)) or total.cells[0] if total is row \
            else total.cell(cell.column)
        if whole_cell is None or whole_cell is cell:
            return False
        whole = (table, total, whole_cell)
    return state_share(ans, part_beside(part, whole, part_text), whole)


def whole_of_department(doc: Disclosure, whole_text: str) -> str:
    """'占某局（2026年）全部收入': the department's own total, however the department is shortened — words before a
    whole of the table that are the department's own (past the place they share), naming no row or unit."""
    for start in range(1, len(whole_text)):
        if _WHOLE_OF_TABLE.fullmatch(tail := re.sub(r"^(?:20\d\d年度?)?的?", "", whole_text[start:])):
            named = whole_text[:start]
            own = named[2:] if named[:2] == doc.department[:2] else named  # past the city both open with
            if sum(c in doc.department for c in own) * 5 >= len(own) * 4 and not find_row_matches(doc, named) \
                    and not unit_said(doc, named):
                return tail
            return whole_text
    return whole_text


def part_beside(part, whole, part_text: str):
    """A 三公经费 part's share of the whole: a part printed as a column beside the whole it is asked within is read
    there, not as another table's row of that name."""
    if part[0] is whole[0]:
        return part
    key = question_key(part_text)
    beside = [c for c in whole[1].cells if c is not whole[2] and len(leaf := compact(c.column.split("/")[-1])) >= 3
              and leaf in key]
    return (whole[0], whole[1], beside[0]) if len(beside) == 1 else part


def group_total(row: Row, cell, q: str):
    """The total column of the group a column stands under (基本支出/小计 for 基本支出/人员经费), the innermost group
    the question names; None when it names none."""
    groups = cell.column.split("/")[:-1]
    for depth in range(len(groups), 0, -1):
        group = "/".join(groups[:depth])
        name = KIND_WORDS.sub("", compact(groups[depth - 1]))
        if len(name) < 2 or name not in q:
            continue
        totals = [c for c in row.cells if c is not cell and (c.column == group or c.column.startswith(group + "/")
                  and c.column.count("/") == depth and is_total_column(c.column.split("/")[-1]))]
        if totals:
            return totals[0]
    return None


_STATED_WHOLE = re.compile(r"(?:总额|总计|合计|共计)\s*(\d[\d,]*(?:\.\d+)?)\s*(万元|元)")


def answer_stated_share(doc: Disclosure, part_text: str, text: str, ans: Answer) -> bool:
    """The share of one procurement kind (服务类) in the procurement budget: a part and the total both stated in
    one paragraph of the text."""
    word = re.sub(r"类$|方面$|部分$", "", re.split(r"中|里|的", question_key(part_text))[-1])
    if len(word) < 2:
        return False
    for _, _, para, _ in best_sentences(doc, text, limit=3):
        whole = _STATED_WHOLE.search(para.text)
        part = re.search(re.escape(word) + r"[^\d，。、；,;]{0,8}?(\d[\d,]*(?:\.\d+)?)\s*(万元|元)", para.text)
        if not whole or not part or whole.group(2) != part.group(2) or whole.start() == part.start():
            continue
        part_value, whole_value = Decimal(part.group(1).replace(",", "")), Decimal(whole.group(1).replace(",", ""))
        if not whole_value:
            continue
        shared = compute.share(part_value, whole_value)
        if isinstance(shared, compute.Uncomputable):
            continue
        pct, check = shared
        ans.checks.append(check)
        ans.citations.append(Citation(doc.id, para.section.split(" › ")[-1], word, "", para.source.line,
                                      para.source.text))
        ans.figures += [Figure(pct, "%", f"{word}占总额"), Figure(part_value, part.group(2), word),
                        Figure(whole_value, whole.group(2), "总额")]
        ans.answer = (f"公开文件写道（第{para.source.line}行）：{word} {part.group(1)}{part.group(2)}，总额 {whole.group(1)}"
                      f"{whole.group(2)}，占 {compute.fmt(pct)}%。验算：{check.expression}。")
        return True
    return False
