"""Tables of one row whose columns are the items (“三公”经费, 机关运行经费): a column named, a part of a column group,
a kind's share of the row."""
from __future__ import annotations

import re
from difflib import SequenceMatcher

from corpus.model import Disclosure, Row, Table
from corpus.table_kinds import is_total_column
from corpus.text import compact
from qa import compute
from qa.answer import DERIVED, NOT_IN_DISCLOSURE, Answer, Figure, refuse
from qa.cell_answers import answer_cell
from qa.columns import choose_column, column_words_in, columns_said_in, total_row
from qa.forms_named import overlap
from qa.label_fragments import GENERIC
from qa.resolve import unit_token
from qa.statements import cite_row, money, state_share
from qa.table_hints import best_title, question_key, table_hint, table_named, title_fits
from qa.understand import Query


KIND_WORDS = re.compile(r"20\d{2}年|[“”\"]|(预算|决算)数?$")


def answer_horizontal(doc: Disclosure, query: Query, text: str, matches, ans: Answer) -> bool:
    """Tables printed as one row of figures (三公 and 机关运行经费 in one line): the column whose header
    parts the question names; 预算数 or 决算数 as the question (or the document's kind) says."""
    hint = table_hint(text)
    if matches and not (hint and any(t.horizontal and title_fits(hint, t.title) for t in doc.tables)):
        return False
    named = table_named(question_key(text))
    if named and best_title(doc, named) and not any(t.horizontal and title_fits(named, t.title) for t in doc.tables):
        return False  # the question reads another table by its own name
    found = horizontal_cell(doc, text)
    if found is None or query.intent in DERIVED and query.intent != "share":
        return False  # sums and differences over these columns are not resolved: better no answer than a wrong one
    table, row, cell = found
    if query.intent == "share":
        if re.search(r"完成|执行|预算的|决算数占", text):
            return answer_kind_share(doc, text, table, row, cell, ans)
        return answer_part_of_group(text, table, row, cell, ans) or answer_kind_share(doc, text, table, row, cell, ans)
    return answer_cell(text, table, row, ans, column=cell.column)


def answer_part_of_group(text: str, table: Table, row: Row, cell, ans: Answer) -> bool:
    """A 三公经费 column's part asked as a share: a column's share of its group's 合计 in the same one-row table, when the
    question names the group."""
    parts = cell.column.split("/")
    kind = parts[-1] if parts[-1].endswith(("预算数", "决算数")) else ""
    wholes = [c for c in row.cells if c is not cell and c.column.split("/")[0] == parts[0]
              and "合计" in c.column.split("/") and (not kind or c.column.endswith(kind))]
    group = KIND_WORDS.sub("", compact(parts[0]))
    if len(wholes) != 1 or len(parts) < 2 or len(group) < 2 or overlap(question_key(text), group) < min(4, len(group)):
        return False
    return state_share(ans, (table, row, cell), (table, row, wholes[0]), f"{cell.column}（{table.title}）",
                       f"{wholes[0].column}")


def horizontal_cell(doc: Disclosure, text: str):
    q = question_key(text)
    scored = []
    for table in (t for t in doc.tables if t.horizontal and not t.empty):
        row = table.rows[0]
        for cell in row.cells:
            # a fund word (财政拨款) qualifies the header; it does not name what the column holds
            parts = [p for p in (KIND_WORDS.sub("", compact(part)).replace("财政拨款", "")
                                 for part in cell.column.split("/")) if len(p) >= 2]
            # a header part is named in full, or by a run of four or more of its characters (三公经费); a part
            # inside its group's name ('运行费' in '公务用车购置及运行费') is the group named, not the part
            rest = q
            for group in parts[:-1]:
                rest = rest.replace(group, "|")
            named = sum(len(p) if p in q else overlap(q, p) for p in parts
                        if p not in ("合计", "小计") and (p in q or telling_overlap(q, p) >= 4)
                        and (p != parts[-1] or p in rest or len(parts) == 1))
            if named:
                # of a group's columns named by the group, its total (小计)
                scored.append((named, is_total_column(parts[-1]), column_preference(cell.column, q, doc.kind),
                               table, row, cell))
    if not scored:
        return None
    *_, table, row, cell = max(scored, key=lambda s: s[:3])
    return table, row, cell


def telling_overlap(q: str, part: str) -> int:
    """The longest run of the header part the question holds, when it says more than every budget's words
    ('三公经费' names the “三公” column; '经费预算' of '机关运行经费预算' names none)."""
    match = SequenceMatcher(None, q, part, autojunk=False).find_longest_match(0, len(q), 0, len(part))
    run = part[match.b:match.b + match.size]
    return match.size if len(GENERIC.sub("", run)) >= 2 else 0


def answer_kind_share(doc: Disclosure, text: str, table: Table, row: Row, cell, ans: Answer) -> bool:
    """How far an item's budget was carried out, in %: 决算数 over 预算数 of the same item."""
    actual = row.cell(re.sub(r"预算数$", "决算数", cell.column))
    budget = row.cell(re.sub(r"决算数$", "预算数", cell.column))
    if actual is None or budget is None or actual is budget:
        return False
    if actual.value is None or not budget.value:
        refuse(ans, f"{NOT_IN_DISCLOSURE}：{table.title}中该项的决算数或预算数为空白，无法计算完成比例。")
        ans.citations.append(cite_row(table, row, budget.column))
        return True
    shared = compute.share(actual.value, budget.value)
    if isinstance(shared, compute.Uncomputable):
        return compute.refuse(ans, shared, f"{table.title}中该项")
    pct, check = shared
    ans.checks.append(check)
    ans.citations += [cite_row(table, row, actual.column), cite_row(table, row, budget.column)]
    ans.figures += [Figure(pct, "%", "决算数占预算数"), Figure(actual.value, table.unit, actual.column),
                    Figure(budget.value, table.unit, budget.column)]
    ans.answer = (f"{actual.column}为 {money(actual.value, table.unit)}，"
                  f"{budget.column}为 {money(budget.value, table.unit)}，"
                  f"完成预算的 {compute.fmt(pct)}%（{table.title}）。验算：{check.expression}。")
    return True


def column_preference(column: str, q: str, kind: str) -> int:
    """Totals before their parts; 决算数 for actual spending, 预算数 for the budget."""
    last = column.split("/")[-1]
    wanted = "决算数" if re.search(r"决算|实际", q) or (kind == "决算" and "预算" not in q) else "预算数"
    return (2 if wanted in last else 0) + (1 if last in ("合计", "小计") or column.endswith(("合计", "小计")) else 0)


def answer_column_only(doc: Disclosure, query: Query, text: str, ans: Answer) -> bool:
    """A column's share or a table's amount asked: a column or a table named, no row — the table's total row."""
    q = question_key(text).replace(doc.department, "")
    for category in {u.relation for u in doc.org_units}:
        q = q.replace(category, "")
    unit = unit_token().search(q)
    if unit:  # a unit we could not find must not be answered with the whole table's total
        refuse(ans, f"{NOT_IN_DISCLOSURE}：表中找不到“{unit.group(0)}”单列的数据。")
        return True
    hint = table_hint(text)
    words = [w for w in column_words_in(text) if w not in ("合计", "小计")] or column_words_in(text)
    tables = [t for t in doc.tables if not t.empty and title_fits(hint, t.title)]
    for word in reversed(words):  # the word named last is usually the one asked about
        if tables:
            break
        tables = sorted((t for t in doc.tables
                         if not t.empty and any(c.split("/")[-1].startswith(word) for c in t.columns)),
                        key=lambda t: next((i for i, p in enumerate(("支出总表", "经济科目")) if p in t.title), 9))
    if not tables:  # a table's own column named ('因公出国（境）费用', '公务用车购置及运行费')
        tables = [t for t in doc.tables if not t.empty and columns_said_in(t.columns, q)]
    for table in tables:
        total = total_row(table) or total_row(table, "支出")
        if total is None:
            continue
        column = choose_column(table, total, text)
        part = total.cell(column)
        if part is None:
            continue
        if query.intent == "share" and words:
            whole = total.cells[0]
            if part.value is None or not whole.value or whole is part:
                continue
            shared = compute.share(part.value, whole.value)
            if isinstance(shared, compute.Uncomputable):
                continue
            pct, check = shared
            ans.checks.append(check)
            ans.citations += [cite_row(table, total, part.column), cite_row(table, total, whole.column)]
            ans.figures += [Figure(pct, "%", f"{column}占{whole.column}"), Figure(part.value, table.unit, column),
                            Figure(whole.value, table.unit, whole.column)]
            ans.answer = (f"{words[0]}{money(part.value, table.unit)}，占{total.label}{money(whole.value, table.unit)}的 "
                          f"{compute.fmt(pct)}%（{table.title}）。验算：{check.expression}。")
            return True
        return answer_cell(text, table, total, ans)
    return False
