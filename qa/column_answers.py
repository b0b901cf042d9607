"""Amounts named by a column or a table rather than a row: a column's total, a difference of columns, an item
within a named table."""
from __future__ import annotations

import re
from decimal import Decimal

from corpus.model import Disclosure, Row, Table
from corpus.text import compact
from qa import compute
from qa.answer import Answer, Figure
from qa.columns import choose_column, column_words_in, rank_tables, total_row
from qa.one_row_tables import horizontal_cell
from qa.resolve import find_row_matches, label_key
from qa.row_picking import pick_rows
from qa.statements import cite_row, money, state_difference
from qa.table_hints import hinted_table, question_key, table_hint, tables_named, title_fits


def resolve_amount(doc: Disclosure, phrase: str, question: str, shared: str = ""):
    """One figure a phrase names: a row (with the column the phrase names), a column of a table's total row,
    or a total row whose label starts with the phrase (收入 → 收入总计). `shared` holds column words the
    question names once for both sides of a comparison."""
    own_hint = table_hint(phrase)
    if own_hint and not find_row_matches(doc, phrase) and any(t.horizontal and title_fits(own_hint, t.title)
                                                              for t in doc.tables):
        return horizontal_cell(doc, phrase + shared)
    if own_hint and not find_row_matches(doc, phrase):
        table = hinted_table(doc, phrase)
        total = (total_row(table) or total_row(table, "支出")) if table is not None and not table.empty else None
        if total is not None and total.cells:
            wanted = column_words_in(phrase + shared)
            column = choose_column(table, total, phrase + shared) if wanted else total.cells[0].column
            said = [w for w in column_words_in(phrase) if w not in compact(table.title)]
            if said and not any(w in column for w in said):
                return None  # a column the phrase names that the table does not print is not its total
            return table, total, total.cell(column) or total.cells[0]
    phrase = phrase + shared
    matches = find_row_matches(doc, phrase)
    titled = table_named_by(doc, phrase)
    if titled is not None and len(titled[0]) > max((len(m.key) for m in matches), default=0):
        table, total = titled[1], titled[2]  # '一般公共预算财政拨款支出' is the total of the table of that name
        column = choose_column(table, total, phrase) if column_words_in(phrase) else total.cells[0].column
        return table, total, total.cell(column) or total.cells[0]
    if matches:
        picked = pick_rows(max(matches, key=lambda m: len(m.key)), question)
        if not picked:
            return None
        table, row = picked[0]
        cell = row.cell(choose_column(table, row, phrase, exclude=label_key(row.label)))
        return (table, row, cell) if cell else None
    words = column_words_in(phrase)
    key = question_key(phrase)
    hint = table_hint(phrase)
    if not words and hint:  # a table named as a whole: its total row
        table = next((t for t in doc.tables if title_fits(hint, t.title) and not t.empty), None)
        total = total_row(table) if table else None
        if total is not None and total.cells:
            return table, total, total.cells[0]
    headed = column_by_header(doc, key, question)
    if headed is not None:
        return headed
    if not words:
        stem = key[:2] if re.search(r"总|合计", key) else key  # 支出总预算 → 支出总计
        totals = [(t, r) for t in doc.tables for r in t.rows
                  if r.is_total and len(stem) >= 2 and compact(r.label).startswith(stem)]
        if totals:
            table, row = rank_tables(totals, question)[0]
            return table, row, row.cells[0]
        # a table named by the start of its title, without '表' ('部门支出预算' for 部门支出预算总表): its total
        bare = re.sub(r"20\d\d年度?", "", key).replace(doc.department, "")
        titled = [t for t in doc.tables if len(bare) >= 4 and bare in compact(t.title) and not t.empty]
        total = total_row(titled[0]) if len(titled) == 1 else None
        if total is not None and total.cells:
            return titled[0], total, total.cells[0]
        return None
    for table in tables_with_column(doc, words[-1], question):
        total = total_row(table) or total_row(table, "支出")
        cell = total.cell(choose_column(table, total, phrase)) if total else None
        if cell is not None:
            return table, total, cell
    return None


def column_by_header(doc: Disclosure, key: str, question: str):
    """A column named by its own header ('人员类'): its figure in the table's total row, in the table that fits the
    question best."""
    if len(key) < 3:
        return None
    found = [(t, r, c) for t in doc.tables if not t.empty and (r := total_row(t)) is not None for c in r.cells
             if compact(c.column.split("/")[-1]) == key]
    if not found:
        return None
    table, row = rank_tables([(t, r) for t, r, _ in found], question)[0]
    return next((t, r, c) for t, r, c in found if t is table and r is row)


_TITLE_NOISE = re.compile(r"^(20\d\d年度?)?(部门)?|[（(][^）)]*[）)]|(?:情况|决算|预算)?总?表$")


def table_named_by(doc: Disclosure, phrase: str):
    """(name, table, total row) of the table whose name — its title without year, note and '决算表' — the
    phrase contains, the longest such name; None when there is none."""
    q = question_key(phrase)
    best = None
    for table in doc.tables:
        name = _TITLE_NOISE.sub("", _TITLE_NOISE.sub("", compact(table.title)))  # '…情况表（按…）': both
        total = (total_row(table) or total_row(table, "支出")) if not table.empty else None
        if len(name) >= 6 and name in q and total is not None and total.cells \
                and (best is None or len(name) > len(best[0])):
            best = (name, table, total)
    return best


def answer_column_total(doc: Disclosure, text: str, words: list[str], ans: Answer) -> bool:
    """基本支出 plus 项目支出 asked as one sum: columns of one table's total row, added."""
    tables = [t for t in tables_with_column(doc, words[0], text)
              if all(any(c.split("/")[-1].startswith(w) for c in t.columns) for w in words)]
    if not tables or not (row := total_row(tables[0])):
        return False
    table = tables[0]
    cells = [row.cell(choose_column(table, row, w)) for w in words]
    if any(c is None or c.value is None for c in cells) or len({id(c) for c in cells}) < len(cells):
        return False
    total, check = compute.add([c.value for c in cells])
    ans.checks.append(check)
    ans.citations += [cite_row(table, row, c.column) for c in cells]
    ans.figures.append(Figure(total, table.unit, "、".join(words) + "合计"))
    ans.answer = ("、".join(f"{c.column} {money(c.value, table.unit)}" for c in cells)
                  + f"，合计 {money(total, table.unit)}（{table.title}，第{row.source.line}行）。验算：{check.expression}。")
    verify_printed_total_of_columns(table, row, cells, total, ans)
    return True


def verify_printed_total_of_columns(table: Table, row: Row, cells, total: Decimal, ans: Answer) -> None:
    """When the row prints the total of those columns (its 合计), the sum is checked against it."""
    printed = row.cells[0]
    if printed.value is not None and printed not in cells:
        check = compute.check_total([c.value for c in cells], printed.value, f"{row.label}的{printed.column}")
        if check.result == total:
            ans.checks.append(check)


_WITHIN = re.compile(r"^(.{2,}?)(?:里面|里头|当中|之中|里|中)[,，]?(.{2,})$")


def within_item(text: str) -> tuple[str, str] | None:
    """'X里，Y' → (X, Y): an item named as where the rest is read; a table named so
    (a table's title before 里，) is the table, kept with the rest."""
    within = _WITHIN.match(text)
    return within.groups() if within and not tables_named(within.group(1)) else None


def answer_difference_of(doc: Disclosure, text: str, ans: Answer) -> bool:
    """'A和B差多少' where A or B is a column or a table: each side resolved on its own; column words named
    once apply to both sides."""
    sides = re.split(r"比|和|与|跟|同", re.sub(r"(相差|差多少|差额|多多少|少多少|高多少|低多少|差距|差了|是|多少|\?)+$", "", text), maxsplit=1)
    if len(sides) != 2 or not all(sides):
        return False
    if (columns := columns_of_the_table_hinted(doc, sides, text)) is not None:
        (ta, ra, ca), (tb, rb, cb) = columns
        return state_difference(ans, (ta, ra, ca), (tb, rb, cb), ca.column.split("/")[-1], cb.column.split("/")[-1],
                                f"（{ta.title}）")
    within = within_item(sides[0])
    context = ""
    if within and resolve_amount(doc, within[1], text) is not None:
        # 'X里，A比B': both sides are read within what is named first, which is not a side
        context, sides[0] = within
    shared = "".join(w for w in column_words_in(text) if w not in context)
    # a side naming a column by its own header ('人员类') is that column; another side's words do not qualify it
    amounts = [column_by_header(doc, question_key(side), text)
               or resolve_amount(doc, side, text, "" if column_words_in(side) else shared) for side in sides]
    if None in amounts:
        return False
    (ta, ra, ca), (tb, rb, cb) = amounts
    if ca is None or cb is None or ca is cb or ca.value is None or cb.value is None or ta.unit != tb.unit:
        return False
    return state_difference(ans, (ta, ra, ca), (tb, rb, cb), f"{ra.full_label}（{ta.title} · {ca.column}）",
                            f"{rb.full_label}（{tb.title} · {cb.column}）")


_ENDING = re.compile(r"(?:费用|经费|费)$")


def columns_of_the_table_hinted(doc: Disclosure, phrases: list[str], question: str):
    """Each phrase named by the header of one column of one row in the table the question points at (a “三公” table:
    公务用车购置 against 公务用车运行维护): a cell of its total row (or only row) each, else None."""
    hint = table_hint(question)
    # a short name before the table's ('X基本支出表'): the longest tail of the words that some title fits
    tail = next((hint[i:] for i in range(max(len(hint) - 3, 1)) if "|" in hint
                 or any(title_fits(hint[i:], t.title) for t in doc.tables)), hint)
    for table in (t for t in doc.tables if not t.empty and title_fits(tail, t.title)):
        row = total_row(table) or (table.rows[0] if len(table.rows) == 1 else None)
        if row is None:
            continue
        cells = [header_said(row, question_key(phrase)) for phrase in phrases]
        if None not in cells and len({id(c) for c in cells}) == len(cells):
            return [(table, row, cell) for cell in cells]
    return None


def header_said(row: Row, phrase: str):
    """The one cell of a row whose column's own header (without 费/费用) the phrase says most of: four characters
    or more in a run, most of the header, and more than any other header."""
    said = sorted(((common_run(stem, phrase), c) for c in row.cells if c.value is not None
                   and len(stem := header_stem(c.column)) >= 3 and common_run(stem, phrase) * 10 >= len(stem) * 7),
                  key=lambda x: -x[0])
    return said[0][1] if said and said[0][0] >= 3 and (len(said) == 1 or said[0][0] > said[1][0]) else None


def header_stem(column: str) -> str:
    """A column's own header without 费/费用/经费, unless that leaves less than three characters (公用经费)."""
    header = question_key(column.split("/")[-1])
    stem = _ENDING.sub("", header)
    return stem if len(stem) >= 3 else header


def common_run(a: str, b: str) -> int:
    """The length of the longest run of characters two texts share."""
    return max((n for i in range(len(a)) for n in range(len(a) - i, 0, -1) if a[i:i + n] in b), default=0)


def tables_with_column(doc: Disclosure, word: str, question: str) -> list[Table]:
    hint = table_hint(question)
    tables = [t for t in doc.tables if not t.empty and any(c.split("/")[-1].startswith(word) for c in t.columns)]
    return sorted(tables, key=lambda t: (0 if title_fits(hint, t.title) else 1,
                                         next((i for i, p in enumerate(("支出总表", "经济科目")) if p in t.title), 9)))


def answer_column_difference(doc: Disclosure, text: str, rows, words: list[str], ans: Answer) -> bool:
    """基本支出 against 项目支出 (by how much more): two columns of one row (the named row, else the table's total row)."""
    if rows:
        table, row = rows[0]
    else:
        tables = [t for t in tables_with_column(doc, words[0], text)
                  if any(c.split("/")[-1].startswith(words[1]) for c in t.columns)]
        if not tables or not (row := total_row(tables[0])):
            return False
        table = tables[0]
    ca, cb = (row.cell(choose_column(table, row, w)) for w in words[:2])
    if not ca or not cb or ca is cb or ca.value is None or cb.value is None \
            or not all(w in c.column for w, c in zip(words, (ca, cb))):
        return False  # a column named that the table does not print is not its total column
    return state_difference(ans, (table, row, ca), (table, row, cb), f"{row.full_label}的{ca.column}", cb.column,
                            f"（{table.title}）")
