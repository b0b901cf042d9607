"""Guards: an answer with figures that answers another question is refused.

Each takes the document, the question and the answer, and returns why the answer does not answer it (or an answer
to put in its place), or None."""
from __future__ import annotations

import re

from corpus.model import Disclosure, is_total_label
from corpus.tables import inline_code
from corpus.text import compact
from corpus.units import name_variants
from qa import candidates
from qa.answer import DERIVED, Answer, Citation, Figure
from qa.checks import disagreement
from qa.columns import COLUMN_WORDS, column_said, fund_named, is_income_table, named_columns
from qa.derived_guards import (fewer_items_added, ignores_stated_figure, other_number_added, other_rows_computed,
                               part_above_its_whole, printed_for_a_derived)
from qa.form_answers import MEASURE_ASKED
from qa.lexicon import columns_named
from qa.query import read_query
from qa.resolve import find_row_matches, is_generic, label_key, uncovered_units, unit_names
from qa.shape_guards import SHAPE_GUARDS
from qa.statements import money
from qa.table_hints import best_title, question_key, tables_named
from qa.understand import LEFT_OUT, Query


_PER_PERIOD = re.compile(r"一个月|每个?月|月均|人均|每人|每天|日均")


def yearly_for_a_period(doc: Disclosure, query: Query, ans: Answer):
    """A monthly (or daily) amount asked, answered with the year's total would state the wrong number."""
    per_period = _PER_PERIOD.search(question_key(query.text))
    if per_period and not any("/" in f.unit for f in ans.figures) and ans.intent not in ("share", "difference", "change"):
        return f"问题问的是{per_period.group(0)}的数，公开文件中找不到对应的数字。"
    return None


def money_for_a_count(doc: Disclosure, query: Query, ans: Answer):
    """'一共多少人' answered with an amount of money."""
    measure = MEASURE_ASKED.search(question_key(LEFT_OUT.sub("", query.text)))  # not a count left out (不算…几个…)
    if measure and all(f.unit in ("万元", "元") for f in ans.figures):
        return f"问题问的是{measure.group(0)}，公开文件中找不到对应的数字。"
    return None


def another_fund(doc: Disclosure, query: Query, ans: Answer):
    """One fund's kind of spending (国有资本经营预算's 基本支出) answered from a table of all funds states another
    fund's figure."""
    fund = fund_named(query.text)
    if fund and ans.citations and fund not in compact(ans.answer) and not any(
            fund in compact(c.table + c.row + c.column) for c in ans.citations):
        return answer_empty_fund(doc, fund, query) or f"找不到{fund}对应的数字。"
    return None


def another_column_named(doc: Disclosure, query: Query, ans: Answer):
    """A part of a group asked (公务接待费 within 三公经费) answered from the 合计 column of a table that prints
    公务接待费 as a column of its own: the item asked is a column the answer did not read."""
    if query.intent not in ("lookup", "total"):
        return None
    read = "".join(re.sub(r"[“”\"]", "", compact(c.column + c.row)) for c in ans.citations)
    for table in {t.title: t for c in ans.citations for t in doc.tables if t.title == c.table and c.column}.values():
        # the columns that hold figures: a 科目编码 or 科目名称 header names where a row's label is, not a figure
        named = named_columns([(table, row) for row in table.rows], query.text)
        if named and not any(leaf in read for leaf in named):
            return f"问题问的是{'、'.join(sorted(named))}，找不到它在{table.title}中对应的数字。"
    return None


def part_not_read(doc: Disclosure, query: Query, ans: Answer):
    """人员经费 asked within 基本支出 answered with the 合计 row's 基本支出: every part of spending the question names
    (qa/lexicon.json columns) is read, when a total row answers — a column by its standard name, or the table's title
    (a row the question names is read whatever words gloss it: 'X支出（俗称Y）')."""
    if query.intent not in ("lookup", "total") or ans.basis == "narrative" or not ans.citations \
            or not all(is_total_label(c.row.split(" / ")[-1]) for c in ans.citations):
        return None
    read = compact("".join(c.table + c.row + c.column + column_said(c.column) for c in ans.citations))
    missing = [meaning for kind, meaning, _ in columns_named(question_key(query.text))
               if kind == "part" and meaning not in read]
    return f"问题问的是{missing[0]}，找不到它对应的数字。" if missing else None


def another_table_read(doc: Disclosure, query: Query, ans: Answer):
    """A row asked in a table named by its title (财政拨款收支总表) answered from the 支出总表: the table the question
    names is the table read."""
    named = {best_title(doc, phrase) for phrase in tables_named(question_key(query.text))} - {None}
    if not named or ans.basis == "narrative":
        return None
    other = next((c.table for c in ans.citations if c.row and c.table not in named), None)
    return f"问题问的是{'、'.join(sorted(named))}，找不到它在该表中对应的数字。" if other else None


def spending_for_income(doc: Disclosure, query: Query, ans: Answer):
    """'某所属单位收入合计' answered from a spending table's row of that unit: income asked is income read."""
    q = question_key(query.text)
    if "收入" not in q or re.search(r"花|支出|开支|开销|用了|用掉", q) or ans.basis == "narrative" or not ans.citations:
        return None
    if any(is_income_table(c.table) or "收入" in c.column + c.row for c in ans.citations):
        return None
    return "问题问的是收入，找不到它在收入表中对应的数字。"


def unit_not_read(doc: Disclosure, query: Query, ans: Answer):
    """A unit's item asked (a 中心's 工资福利支出 in its 基本支出) answered from the department's table: a unit the
    question names (or the department's own unit, '某局本级', where tables print it apart) is what the answer must read."""
    titles = {t.title for t in doc.tables}
    if ans.basis == "narrative" or not ans.citations or not all(c.table in titles for c in ans.citations):
        return None  # a form or a sentence names its unit in its own way
    held = {(t.title, r.source.line): r.parent for t in doc.tables for r in t.rows if r.parent}  # a unit's row holds
    read = [c.row + c.table + c.column + c.text + (held.get((c.table, c.line)) or "") for c in ans.citations]  # its items
    missing = uncovered_units(doc, LEFT_OUT.sub("", query.text), read)  # '不含交警支队' names no unit asked
    if missing:
        return f"找不到“{missing[0]}”单列的这一数字。"
    units = unit_names(doc) | {v for u in unit_names(doc) for v in name_variants(u)}  # 市三院 is a unit too
    keys = [m.key for m in find_row_matches(doc, query.text) if not is_generic(m.key) and len(m.key) >= 3]
    cited = compact("".join(read))
    items = [k for k in keys if k not in units and k not in cited]
    if items and any(k in units for k in keys):  # a unit's item asked, answered with the unit's total
        return f"找不到该单位“{items[0]}”单列的数字。"
    q = question_key(query.text)
    own_unit_printed = any(r.level and r.level >= 2 and label_key(r.label, doc.department) == doc.department
                           or compact(r.label) == compact(doc.department) + "（本级）" for t in doc.tables for r in t.rows)
    if doc.department + "本级" in q and own_unit_printed \
            and not any(doc.department in compact(c.row) or "本级" in c.row for c in ans.citations):
        return f"找不到{doc.department}本级单列的这一数字。"
    return None


_WHOLE_REGION = re.compile(r"全(?:市|区|县|省|国)(?!级)")


def region_for_a_department(doc: Disclosure, query: Query, ans: Answer):
    """The whole region's income asked (全市…收入) answered from a department's tables: a department's budget holds
    its own money, never the whole region's (that is the region's budget report)."""
    region = _WHOLE_REGION.search(question_key(query.text))
    if ans.basis == "narrative" or region is None or any(region.group(0) in c.row or region.group(0) in c.table
                                                         for c in ans.citations):
        return None  # a row or project named so ('全市会计人员考培', '全国…中心建设项目') is the department's own
    return f"公开文件是{doc.department}的{doc.kind}，其中的表格不含{region.group(0)}的数字。"


def one_figure_for_a_ranking_or_reason(doc: Disclosure, query: Query, ans: Answer):
    """A ranking or a reason answered with one printed figure answers another question."""
    wanted_basis = {"ranking": "ranking", "reason": "narrative"}.get(query.intent)
    if wanted_basis and ans.basis != wanted_basis:
        return "找不到可比较的各项或公开文件的说明。"
    return None


def this_year_for_a_change(doc: Disclosure, query: Query, ans: Answer):
    """A change against last year asked, answered with this year's printed figure would state the wrong number."""
    if query.intent == "change" and ans.basis != "narrative" and not any(c.reported is None for c in ans.checks):
        return "公开文件没有说明这一项与上年相比的变化。"
    return None


def actual_for_a_budget(doc: Disclosure, query: Query, ans: Answer):
    """A 决算 table's 决算数 is not the 年初预算 (or 调整预算) the question asks for."""
    budget_measure = next((m for m in ("年初预算", "调整预算") if m in question_key(query.text)), "")
    if budget_measure and ans.basis != "narrative" and ans.citations and not any(
            budget_measure in c.column or budget_measure in c.table or c.column.endswith("预算数") for c in ans.citations):
        return f"表中找不到这一项的{budget_measure}数。"
    return None


_MEASURE_WORDS = re.compile(r"决算数?|预算数?|年初|调整|实际|执行数?|本年|合计|总计|小计|一共|总共|多少|金额|数额|数|"
                            r"财政拨款|拨款|资金|(?:[那这]一?|一)[行栏列]")  # '合计那一行': where in the table


def subject_not_cited(doc: Disclosure, query: Query, ans: Answer):
    """A table's total given for something its row, column and title do not name ('电话网络费' answered with the
    table's 本年支出合计): the question's subject must be in good part in what the answer cites."""
    if query.intent not in ("lookup", "total") or ans.basis == "narrative" or not ans.citations:
        return None
    rows = [c for c in ans.citations if not re.search(r"合计|总计", c.row)]
    if rows and not (query.intent == "lookup" and len(rows) == 1
                     and label_key(rows[0].row, doc.department) in unit_names(doc) | {doc.department}):
        return None  # only a table's total, or a unit's, can stand in for an item it does not name
    q = question_key(LEFT_OUT.sub("", query.text))  # what is left out is not what is asked
    for phrase in tables_named(q):  # the table the question names is where, not what, it asks
        q = q.replace(phrase, "")
    for _, meaning, words in columns_named(q):  # a column cited is named by any of its words ('人头费': 人员类)
        if any(column_said(c.column) == meaning for c in ans.citations):
            q = q.replace(words, "").replace(meaning, "")
    subject = _MEASURE_WORDS.sub("", candidates.subject_words(q, doc.department))
    for word in COLUMN_WORDS:
        subject = subject.replace(word, "")
    subject = re.sub(r"[^\w]", "", subject)  # brackets left of a word said twice ('X（X）')
    cited = compact("".join(c.table + c.row + c.column + c.text for c in ans.citations))
    if len(subject) >= 2 and candidates.covered_share(subject, cited) < 0.34:
        return "找不到问题所说的项目。"
    return None


def money_for_a_number_of_items(doc: Disclosure, query: Query, ans: Answer):
    """How many subjects got money (几个科目), answered with an amount: a count is asked, not money."""
    if query.intent == "count" and ans.basis != "narrative" and all(f.unit in ("万元", "元") for f in ans.figures):
        return "问题问的是个数，公开文件中找不到对应的数字。"
    return None


def kind_of_spending_not_read(doc: Disclosure, query: Query, ans: Answer):
    """Project money asked in everyday words (项目支出) answered from the 合计 column: the kind of spending asked
    must be what was read."""
    asked = re.sub(r"(?:项目支出|基本支出)(?:绩效目标|绩效|预算|决算|情况|明细|经济分类|功能分类)*表", "",
                   question_key(query.text))  # a table's name ('项目支出绩效目标表') asks no column
    kinds = [k for k in ("项目支出", "基本支出") if k in asked]
    if not kinds or len(kinds) > 1 and query.intent not in DERIVED or ans.basis == "narrative" or not ans.citations:
        return None  # both named in a lookup ('基本支出和项目支出各多少') is answered by a row of the total
    read = compact("".join(c.table + c.row + c.column for c in ans.citations))
    missing = [k for k in kinds if k not in read]  # a sum or comparison of both that read one of them
    return f"表中找不到这一项的{missing[0]}数。" if len(missing) == 1 else None


def part_of_a_group_named(doc: Disclosure, query: Query, ans: Answer):
    """A group named by its code ('50205…': a row's second, government classification) answered with some of its rows
    only, none of them named by its own code or name (an item said under the group names its row): not the group asked."""
    q = question_key(query.text)
    if not re.search(r"\d{3}", q):
        return None  # no code named: no group named by one
    cited = {(c.table, c.line) for c in ans.citations}
    for table in doc.tables:
        groups: dict[str, list] = {}
        for row in table.rows:
            for printed in row.qualifiers:
                if (code := inline_code(printed)[0]) and re.search(rf"(?<!\d){code}(?!\d)", q):
                    groups.setdefault(code, []).append(row)
        for code, rows in groups.items():
            hit = [r for r in rows if (table.title, r.source.line) in cited]
            said = re.sub(rf"{code}[-—]?(?:{'|'.join(re.escape(n) for r in rows for n in r.qualifier_names)})?", "|", q)
            named = [r for r in hit if r.code and r.code in q or label_key(r.label) in said]
            if hit and len(hit) < len(rows) and not named:
                return f"问题问的是{code}这一类，表中这一类有{len(rows)}行，请说明是其中哪一项，或问这一类的合计。"
    return None


def unit_not_printed(doc: Disclosure, query: Query, ans: Answer):
    """A figure read from a table that prints no money unit: asked in a unit, it cannot be said to be in it;
    otherwise it is stated as printed, and the answer says its unit is not printed."""
    unknown = [f for f in ans.figures if not f.unit]
    if not unknown:
        return None
    if query.wants_unit:
        return f"所涉表格未注明金额单位，无法确定该数是否以{query.wants_unit}计。"
    ans.answer += "（注意：该表未注明金额单位，此数按原表列示。）"
    return None


def reading_disagrees(doc: Disclosure, query: Query, ans: Answer):
    """The checks of qa.checks on the typed reading of the question; read only for a derived answer."""
    if ans.intent not in DERIVED:
        return None
    return disagreement(read_query(doc, query.question, query), ans) or None


GUARDS = (unit_not_printed, ignores_stated_figure, yearly_for_a_period, money_for_a_count, another_fund, part_not_read,
          another_table_read, spending_for_income, another_column_named, unit_not_read, region_for_a_department,
          one_figure_for_a_ranking_or_reason, this_year_for_a_change, printed_for_a_derived, actual_for_a_budget,
          fewer_items_added, other_number_added, other_rows_computed, subject_not_cited, money_for_a_number_of_items,
          part_above_its_whole, kind_of_spending_not_read, reading_disagrees, part_of_a_group_named, *SHAPE_GUARDS)


def arranges_nothing(table) -> bool:
    """Printed empty, or with nothing but its total rows at zero or blank."""
    return table.empty or all(r.is_total and not any(c.value for c in r.cells) for r in table.rows)


def answer_empty_fund(doc: Disclosure, fund: str, query: Query) -> Answer | None:
    """A fund whose own tables are all printed empty ('本表为空表'): nothing is arranged from it."""
    tables = [t for t in doc.tables if fund in compact(t.title)]
    if not tables or not all(arranges_nothing(t) for t in tables):
        return None
    ans = Answer(question=query.question, answer="", intent="lookup", doc=doc.id)
    for table in tables:
        ans.citations.append(Citation(doc.id, table.title, "", "", table.line_start, doc.lines[table.line_start - 1]))
    zeros = [(t, r, c) for t in tables if not t.empty for r in t.rows for c in r.cells[:1] if c.value is not None]
    for table, row, cell in zeros:  # a total printed as 0.00 is stated, with its line
        ans.figures.append(Figure(cell.value, table.unit, f"{table.title} · {row.label}"))
        ans.citations.append(Citation(doc.id, table.title, row.label, cell.column, row.source.line, row.source.text))
    notes = "；".join(dict.fromkeys(t.note for t in tables if t.note))
    printed = "为空表" if all(t.empty for t in tables) else "没有列出任何一项" + (
        f"，{zeros[0][1].label}为 {money(zeros[0][2].value, zeros[0][0].unit)}" if zeros else "（合计为空白）")
    ans.answer = (f"{'、'.join(t.title for t in tables)}{printed}，即没有安排"
                  f"（未安排）。" + (f"表注：{notes}" if notes else ""))
    return ans
