"""From an understood question and its document to an Answer: one function per kind of question,
each returning cited figures and the checks that prove any derived one."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from corpus.classification import named_in_path
from corpus.model import Disclosure, ProjectForm, Row, Table
from corpus.money import format_amount
from corpus.table_kinds import is_total_column
from corpus.tables import inline_code
from corpus.text import compact, looks_tabular
from qa import candidates, compute, failures
from qa.answer import NOT_IN_DISCLOSURE, Answer, Citation, Figure
from qa.checks import disagreement
from qa.final_prose import answer_budget_against_actual, answer_budget_item_reason, answer_budget_items_total
from qa.headline import figures_in
from qa.items import collect_items
from qa.listed_items import answer_listed_sum, answer_loose_difference, items_named
from qa.organisation import ABOUT_DEPARTMENT, YES_NO_DUTY, answer_about_department, answer_duty, answer_unit_category
from qa.query import read_query
from qa.quotes import SENTENCE_END, answer_with_sentences, best_sentences, coverage
from qa.records import answer_from_records, answer_procurement_share
from qa.resolve import (COLUMN_WORDS, Match, asked_words, best_title, choose_column, column_words_in, find_forms, find_row_matches,
                        fund_named, hinted_table, is_generic, is_income_table, is_subsequence, label_key, named_columns, overlap,
                        question_key, rank_tables, table_hint, table_named, tables_named, title_fits, total_row,
                        uncovered_units, unit_names, unit_token)
from qa.scope import department_aliases
from qa.share_of import answer_share
from qa.sum_of_items import answer_sum
from qa.statements import cite_row, money, state_difference, state_share, state_sum
from qa.two_tables import answer_across_two_tables
from qa.understand import LEFT_OUT, Query, chinese_number

SECRET = re.compile(r"涉密|不宜公开|不宣公开|不重公开|不予公开")
ACTUAL_SPENDING = ("实际支出", "实际花", "实际使用", "实际用了", "决算数", "执行数", "执行情况", "花了多少", "实际发生")
FORM_FIELDS = {  # question word → (ProjectForm attribute, label in the answer)
    "实施单位": ("implementing_unit", "实施单位"), "哪个单位": ("implementing_unit", "实施单位"),
    "谁实施": ("implementing_unit", "实施单位"), "由谁": ("implementing_unit", "实施单位"),
    "项目期": ("period", "项目期"), "几年": ("period", "项目期"), "属性": ("attribute", "项目属性"),
    "主管部门": ("department", "主管部门及代码"),
    "实施主体": ("implementing_unit", "实施主体"), "实施周期": ("period", "实施周期"), "周期": ("period", "实施周期"),
    "什么时候": ("period", "实施周期"), "起止": ("period", "实施周期"),
}


@dataclass
class Context:
    """What a follow-up question may reuse from the previous turn."""

    keys: list[str] = field(default_factory=list)
    table: str = ""
    column_words: list[str] = field(default_factory=list)
    doc: str = ""


DERIVED = ("total", "difference", "share")


_STATED_AMOUNT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*万元")
_MEASURE_ASKED = re.compile(r"(?:多少|几)(人次|人|名|辆|平方米|平(?![均衡])|路|天|个(?!项目|单位|预算单位|类|科目|款|项))|人数|面积")
_PER_PERIOD = re.compile(r"一个月|每个?月|月均|人均|每人|每天|日均")


def row_labels(doc: Disclosure) -> list[str]:
    return list({compact(r.label) for t in doc.tables for r in t.rows if len(compact(r.label)) >= 3})


def summed_terms(expression: str) -> int:
    return expression.split("=")[0].count("+") + 1


UNRESOLVED = "unresolved"  # the basis of a refusal given because no rule tied the question to an item


def answer_query(doc: Disclosure, query: Query, context: Context | None = None,
                 find_candidates=None) -> tuple[Answer, Context]:
    """`find_candidates(doc, text) -> hits`: the search index's nearest chunks of the document; consulted only when
    no rule tied the question to an item (qa.candidates gates them)."""
    ans, new_context = resolve_answer(doc, query, context)
    if ans.refused and ans.basis == UNRESOLVED and find_candidates is not None:
        try:
            ans = answer_from_candidates(doc, query, find_candidates(doc, query.text), ans)
        except Exception as exc:  # the rules' refusal stands
            failures.record(query.question, "retrieval candidates", exc, doc.id)
    if not ans.refused and ans.figures:
        for guard in GUARDS:
            try:
                refusal = guard(doc, query, ans)
            except Exception as exc:  # an answer a guard could not check is not given
                failures.record(query.question, f"guard {guard.__name__}", exc, doc.id)
                return failures.error_answer(query.question, exc, doc.id), new_context
            if refusal is not None:
                return (refusal if isinstance(refusal, Answer) else refuse(ans, f"{NOT_IN_DISCLOSURE}：{refusal}")), \
                    new_context
    if query.wants_unit and not ans.refused:
        state_in_unit_asked(ans, query.wants_unit)
    return ans, new_context


# ---- guards: an answer with figures that answers another question is refused -----------------------------
# Each takes the document, the question and the answer, and returns why the answer does not answer it (or an
# answer to put in its place), or None.

def ignores_stated_figure(doc: Disclosure, query: Query, ans: Answer):
    """The question computes with a figure it states; an answer that does not use it answers something else."""
    stated = [Decimal(a.replace(",", "")) for a in _STATED_AMOUNT.findall(question_key(query.text))]
    used = {f.value for f in ans.figures} | {Decimal(n) for c in ans.checks
                                             for n in re.findall(r"\d+(?:\.\d+)?", c.expression)}
    if stated and not any(v in used for v in stated):
        return "无法按问题给出的数字进行计算，请把问题拆开来问。"
    return None


def yearly_for_a_period(doc: Disclosure, query: Query, ans: Answer):
    """A monthly (or daily) amount asked, answered with the year's total would state the wrong number."""
    per_period = _PER_PERIOD.search(question_key(query.text))
    if per_period and not any("/" in f.unit for f in ans.figures) and ans.intent not in ("share", "difference", "change"):
        return f"问题问的是{per_period.group(0)}的数，公开文件中找不到对应的数字。"
    return None


def money_for_a_count(doc: Disclosure, query: Query, ans: Answer):
    """'一共多少人' answered with an amount of money."""
    measure = _MEASURE_ASKED.search(question_key(LEFT_OUT.sub("", query.text)))  # not a count left out (不算…几个…)
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


def another_table_read(doc: Disclosure, query: Query, ans: Answer):
    """A row asked in a table named by its title (财政拨款收支总表) answered from the 支出总表: the table the question
    names is the table read."""
    named = {best_title(doc, phrase) for phrase in tables_named(question_key(query.text))} - {None}
    if not named or ans.basis == "narrative":
        return None
    other = next((c.table for c in ans.citations if c.row and c.table not in named), None)
    return f"问题问的是{'、'.join(sorted(named))}，找不到它在该表中对应的数字。" if other else None


def spending_for_income(doc: Disclosure, query: Query, ans: Answer):
    """'某中心的收入合计' answered from a spending table's row of that unit: income asked is income read."""
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
    read = [c.row + c.table + c.column + c.text for c in ans.citations]
    missing = uncovered_units(doc, LEFT_OUT.sub("", query.text), read)  # '不含交警支队' names no unit asked
    if missing:
        return f"找不到“{missing[0]}”单列的这一数字。"
    units = unit_names(doc)
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
    if ans.basis == "narrative" or region is None or any(region.group(0) in c.row for c in ans.citations):
        return None  # a row named so ('全市会计人员考培', a project) is the department's own
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


def printed_for_a_derived(doc: Disclosure, query: Query, ans: Answer):
    """A sum, difference or share answered with a single printed figure (not one its checks prove) would state
    the wrong number; a count printed as such ('一共多少人') is what was asked."""
    counted = _MEASURE_ASKED.search(question_key(query.text)) and ans.figures[0].unit not in ("万元", "元")
    if query.intent in DERIVED and not counted and (
            ans.intent != query.intent or not proves(ans.checks, ans.figures[0].value)):
        return "无法从公开数据中确定要计算的各项数字，请把问题拆开来问。"
    return None


def actual_for_a_budget(doc: Disclosure, query: Query, ans: Answer):
    """A 决算 table's 决算数 is not the 年初预算 (or 调整预算) the question asks for."""
    budget_measure = next((m for m in ("年初预算", "调整预算") if m in question_key(query.text)), "")
    if budget_measure and ans.basis != "narrative" and ans.citations and not any(
            budget_measure in c.column or budget_measure in c.table or c.column.endswith("预算数") for c in ans.citations):
        return f"表中找不到这一项的{budget_measure}数。"
    return None


def fewer_items_added(doc: Disclosure, query: Query, ans: Answer):
    """'A和B加起来' with only one of them found: a sum of one row would state that row as the total."""
    if query.intent == "total" and ans.intent == "total" and ans.checks \
            and summed_terms(ans.checks[0].expression) < items_named(query.text.replace(doc.department, ""),
                                                                     row_labels(doc)):
        return "找不到要相加的各项。"
    return None


_PARTS_COUNTED = re.compile(r"([2-9]|[两二三四五六七八九十]+)(?:个|家|项|笔|所|座)(?=.*(?:加起来|加在一起|合计|合起来|一共|总共|之和|共计))")


def other_number_added(doc: Disclosure, query: Query, ans: Answer):
    """An item added over N parts (N个…加起来) summed over another number of rows: not the parts the question counts."""
    counted = _PARTS_COUNTED.search(question_key(query.text))
    if query.intent == "total" and ans.intent == "total" and ans.checks and counted \
            and summed_terms(ans.checks[0].expression) != chinese_number(counted.group(1)):
        return f"问题要把{counted.group(0)}相加，找不到与之相符的各项数字。"
    return None


def other_rows_computed(doc: Disclosure, query: Query, ans: Answer):
    """One row's gap between two named tables answered with the tables' totals: the arithmetic is about other rows."""
    if query.intent in ("difference", "share") and ans.basis != "narrative" and row_not_cited(doc, query.text, ans):
        return "无法从公开数据中确定要计算的各项数字，请把问题拆开来问。"
    return None


_MEASURE_WORDS = re.compile(r"决算数?|预算数?|年初|调整|实际|执行数?|本年|合计|总计|小计|一共|总共|多少|金额|数额|数|"
                            r"财政拨款|拨款|资金")


def subject_not_cited(doc: Disclosure, query: Query, ans: Answer):
    """A table's total given for something its row, column and title do not name ('电话网络费' answered with the
    table's 本年支出合计): the question's subject must be in good part in what the answer cites."""
    if query.intent not in ("lookup", "total") or ans.basis == "narrative" or not ans.citations \
            or not all(re.search(r"合计|总计", c.row) for c in ans.citations):
        return None  # only a table's total can stand in for an item it does not name
    q = question_key(query.text)
    for phrase in tables_named(q):  # the table the question names is where, not what, it asks
        q = q.replace(phrase, "")
    subject = _MEASURE_WORDS.sub("", candidates.subject_words(q, doc.department))
    for word in COLUMN_WORDS:
        subject = subject.replace(word, "")
    cited = compact("".join(c.table + c.row + c.column + c.text for c in ans.citations))
    if len(subject) >= 2 and candidates.covered_share(subject, cited) < 0.34:
        return "找不到问题所说的项目。"
    return None


def money_for_a_number_of_items(doc: Disclosure, query: Query, ans: Answer):
    """How many subjects got money (几个科目), answered with an amount: a count is asked, not money."""
    if query.intent == "count" and ans.basis != "narrative" and all(f.unit in ("万元", "元") for f in ans.figures):
        return "问题问的是个数，公开文件中找不到对应的数字。"
    return None


def part_above_its_whole(doc: Disclosure, query: Query, ans: Answer):
    """A part's share of its whole above 100 %: the two figures read are not a part and its whole."""
    if query.intent == "share" and "占" in query.text and ans.figures and ans.figures[0].unit == "%" \
            and ans.figures[0].value > 100 and ans.basis != "narrative":
        return "无法从公开数据中确定要计算的各项数字，请把问题拆开来问。"
    return None


def kind_of_spending_not_read(doc: Disclosure, query: Query, ans: Answer):
    """Project money asked in everyday words (项目支出) answered from the 合计 column: the kind of spending asked
    must be what was read."""
    kinds = [k for k in ("项目支出", "基本支出") if k in question_key(query.text)]
    if not kinds or len(kinds) > 1 and query.intent not in DERIVED or ans.basis == "narrative" or not ans.citations:
        return None  # both named in a lookup ('基本支出和项目支出各多少') is answered by a row of the total
    read = compact("".join(c.table + c.row + c.column for c in ans.citations))
    missing = [k for k in kinds if k not in read]  # a sum or comparison of both that read one of them
    return f"表中找不到这一项的{missing[0]}数。" if len(missing) == 1 else None


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


GUARDS = (unit_not_printed, ignores_stated_figure, yearly_for_a_period, money_for_a_count, another_fund,
          another_table_read, spending_for_income, another_column_named, unit_not_read, region_for_a_department,
          one_figure_for_a_ranking_or_reason, this_year_for_a_change, printed_for_a_derived, actual_for_a_budget,
          fewer_items_added, other_number_added, other_rows_computed, subject_not_cited, money_for_a_number_of_items,
          part_above_its_whole, kind_of_spending_not_read, reading_disagrees)


def row_not_cited(doc: Disclosure, text: str, ans: Answer) -> bool:
    """The question names a row (not a total or a column word) that none of the answer's citations is about, or
    names tables and the answer cites another."""
    named_titles = {best_title(doc, phrase) for phrase in tables_named(question_key(text))} - {None}
    if named_titles and any(c.row and c.table not in named_titles for c in ans.citations):
        return True
    titles = [compact(t.title) for t in doc.tables]
    named = [m.key for m in find_row_matches(doc, text)
             if not is_generic(m.key) and len(m.key) >= 3 and not any(m.key in title for title in titles)]
    cited = compact("".join(c.row + c.column + c.table + c.text for c in ans.citations))  # the text has the code
    unquoted = lambda text: re.sub(r"[“”\"'‘’]", "", text)  # '三公经费' names the row printed “三公”经费
    return bool(named) and bool(ans.citations) and not all(unquoted(key) in unquoted(cited) for key in named)


def state_in_unit_asked(ans: Answer, unit: str) -> None:
    """'…多少万元' answered from a table in 元: the figure is also stated in 万元, rounded to 0.01 as the
    disclosures print it, with the conversion as a check. 万元 is never turned into 元 (it would invent digits)."""
    amounts = [f for f in ans.figures if f.unit in ("元", "万元")]
    if not amounts or any(f.unit == unit for f in amounts):
        return
    figure = amounts[0]
    if unit == "万元":
        converted = compute.to_unit(figure.value, figure.unit, unit)
        if isinstance(converted, compute.Uncomputable):
            ans.answer += f"（{converted.message}。）"
            return
        value, check = converted
        ans.checks.append(check)
        ans.figures.insert(0, Figure(value, unit, figure.label))
        ans.answer += f"（折合 {money(value, unit)}：{check.expression}）"
    else:
        ans.answer += "（公开文件中这个数以万元列示，无法精确到元。）"


def answer_empty_fund(doc: Disclosure, fund: str, query: Query) -> Answer | None:
    """A fund whose own tables are all printed empty ('本表为空表'): nothing is arranged from it."""
    tables = [t for t in doc.tables if fund in compact(t.title)]
    if not tables or not all(t.empty for t in tables):
        return None
    ans = Answer(question=query.question, answer="", intent="lookup", doc=doc.id)
    for table in tables:
        ans.citations.append(Citation(doc.id, table.title, "", "", table.line_start, doc.lines[table.line_start - 1]))
    notes = "；".join(dict.fromkeys(t.note for t in tables if t.note))
    ans.answer = (f"{'、'.join(t.title for t in tables)}为空表，即没有安排"
                  f"（未安排）。" + (f"表注：{notes}" if notes else ""))
    return ans


def proves(checks, value: Decimal) -> bool:
    """A check computed this figure, or verified the printed figure against its parts."""
    return any(abs(c.result) == abs(value) if c.reported is None else (c.ok and c.reported == value) for c in checks)


def resolve_answer(doc: Disclosure, query: Query, context: Context | None) -> tuple[Answer, Context]:
    text = query.text
    asks_previous = query.relative_year == "last_year" or (doc.year and doc.year - 1 in query.years)
    if asks_previous and query.intent in ("lookup", "total") and not re.search(r"上年结转|以前年度", text):
        query.intent = "previous"
    if context and query.follow_up:
        text = merge_follow_up(doc, text, context)
    if query.intent not in ("ranking", "list", "count"):  # those leave the items out (qa.items); here they name none
        text = LEFT_OUT.sub("", text)
    asked = Asked(doc, query, text, Answer(question=query.question, answer="", intent=query.intent, doc=doc.id))
    refusal = scope_refusal(doc, query)
    if refusal:
        return refuse(asked.ans, refusal), asked.context
    failed = None  # the first failure: when no later route answers, the refusal says the question could not be answered
    for route in ROUTES:
        try:
            if route.reads_rows and asked.matches is None:
                asked.matches = []  # read once: rows that cannot be read are none, not a failure per route
                asked.read_rows()
            if route.applies(asked) and route.answer(asked):
                asked.ans.route = route.name
                return asked.ans, asked.context
        except Exception as exc:  # logged; nothing the route wrote carries on, and the next route is tried
            failures.record(query.question, route.name, exc, doc.id)
            failed = failed or exc
            asked.ans = Answer(question=query.question, answer="", intent=query.intent, doc=doc.id)
    if failed is not None:
        ans = failures.error_answer(query.question, failed, doc.id)
        ans.basis = UNRESOLVED  # the retrieval gate may still answer it
        return ans, asked.context
    return unresolved(asked.ans, f"{NOT_IN_DISCLOSURE}：{doc.department}{doc.year}年{doc.kind}公开文件中找不到与问题对应的项目。"), \
        asked.context


def unresolved(ans: Answer, message: str) -> Answer:
    refuse(ans, message)
    ans.basis = UNRESOLVED
    return ans


def answer_from_candidates(doc: Disclosure, query: Query, hits, refusal: Answer) -> Answer:
    """The first of the retrieved rows or sentences that the gate (qa.candidates) lets through, answered like a
    resolved one; else the refusal."""
    if query.intent not in ("lookup", "count"):
        return refusal
    text = query.text

    def blank() -> Answer:
        return Answer(question=query.question, answer="", intent=query.intent, doc=doc.id, answered_by="retrieval")

    found, ans = candidates.best_row(doc, text, hits), blank()
    if found and answer_cell(text, found.table, found.row, ans, found.column):
        return ans
    ans = blank()  # a cell not answered may have left citations behind
    subject = candidates.subject_words(text, doc.department)
    for hit in hits:
        meta = hit.metadata
        if meta.get("kind") != "paragraph":
            continue
        first = meta.get("paragraph_index", -1)
        for para in doc.paragraphs[first:first + int(meta.get("paragraphs", 1))] if isinstance(first, int) else ():
            if looks_tabular(para.text):  # a table's rows read as text: no sentence to quote
                continue
            for sentence in SENTENCE_END.split(para.text):
                if candidates.sentence_names_subject(subject, sentence) and \
                        answer_with_sentences(doc, [(0, para.source.line, para, sentence.strip())], ans, question=text):
                    return ans
    return refusal


def merge_follow_up(doc: Disclosure, text: str, context: Context) -> str:
    """A follow-up replaces only what it names. '平城分局呢？' (a row) keeps the previous table and column; '那项目支出呢？'
    (a measure) keeps the previous rows when they have that measure, else asks it on its own; '2024年的呢？' keeps
    the rows and the table."""
    new_keys = [m.key for m in find_row_matches(doc, text) if not is_generic(m.key)]
    if new_keys:
        return text + context.table + "".join(context.column_words)
    words = [w for w in column_words_in(text) if w not in ("合计", "小计")]
    if words:
        rows = [r for t in doc.tables for r in t.rows if label_key(r.label, doc.department) in context.keys]
        if any(all(any(w in c.column for c in r.cells) for w in words) for r in rows):
            return "".join(context.keys) + text
        return text
    return "".join(context.keys) + context.table + "".join(context.column_words) + text


def scope_refusal(doc: Disclosure, query: Query) -> str:
    text = query.text
    previous_ok = query.intent in ("change", "reason", "previous")
    years = [y for y in query.years if not (previous_ok and doc.year and y == doc.year - 1)]
    if years and doc.year and doc.year not in query.years:
        years = "、".join(str(y) for y in years)
        return f"{NOT_IN_DISCLOSURE}：已载入的是{doc.department}{doc.year}年{doc.kind}，没有{years}年的数据。"
    if query.relative_year == "last_year" and not previous_ok and not re.search(r"上年结转|以前年度", text):
        return f"{NOT_IN_DISCLOSURE}：已载入的是{doc.year}年{doc.kind}，上年的数字只在情况说明的增减变动中出现，没有单列。"
    asked = compact(query.question)  # the question's own words: the vocabulary maps 执行数 to 决算数
    if doc.kind == "预算" and any(w in text for w in ACTUAL_SPENDING) \
            and not stated_in_prose(doc, [w for w in ACTUAL_SPENDING if w in asked], asked):
        return f"{NOT_IN_DISCLOSURE}：已载入的是{doc.year}年预算，实际支出要看决算公开。"
    merged = merged_unit(doc, text)
    if merged is not None:
        return (f"{NOT_IN_DISCLOSURE}：{merged.name}在公开文件中注明“{merged.note}”（第{merged.source.line}行），"
                f"没有单独的数字。")
    other = other_department(doc, text)
    if other:
        return f"{NOT_IN_DISCLOSURE}：已载入的是{doc.department}的公开文件，没有“{other}”的数据。"
    return ""


def stated_in_prose(doc: Disclosure, words: list[str], text: str) -> bool:
    """A budget's prose may compare with last year's execution ('比2023年预算执行数减少57.14%'): a change
    question against a measure the text itself uses is left to the text."""
    if not words:
        return False
    compared = re.search(r"(?:比|较|与)[^，。]*?(?:" + "|".join(map(re.escape, words)) + ")", text)
    return bool(compared) and any(w in p.text for p in doc.paragraphs for w in words)


_DEPARTMENT_NAME = re.compile(r"([\u4e00-\u9fff]{1,10}?(?:局|委员会|委|办公室|厅|街道|医院|学校|法院|检察院|镇|乡(?=\d|年|的)))")


def merged_unit(doc: Disclosure, text: str):
    """A unit the question asks about on its own whose figures the disclosure merges into another's
    ('预算不单列，并入本级'); None otherwise."""
    q = question_key(text)
    for unit in doc.org_units:
        names = {label_key(unit.name, doc.department), *department_aliases(unit.name)}  # 上海市普陀区… → 国库收付中心
        if unit.note and re.search(r"不单列|并入|不单独", unit.note) and any(len(n) >= 3 and n in q for n in names):
            return unit
    return None


def other_department(doc: Disclosure, text: str) -> str:
    """A department the question names that is not this document's nor one of its units (another city's 公安局 is
    another department even though '公安局' is a short form of this one's)."""
    known = {doc.department} | {u.name for u in doc.org_units} | {f.implementing_unit for f in doc.forms}
    known |= {r.label for t in doc.tables for r in t.rows}
    aliases = department_aliases(doc.department)
    q = question_key(text).replace(doc.department, "|")
    labels = {compact(k) for k in known} | {re.sub(r"支出$", "", compact(k)) for k in known}
    inside = [(m.start(), m.start() + len(k)) for k in labels if len(k) >= 4 for m in re.finditer(re.escape(k), q)]
    for found in _DEPARTMENT_NAME.finditer(q):
        if any(a < found.end() < b for a, b in inside):
            continue  # '…财政委' running into the row label 财政委托业务 names no department
        name = re.sub(r"^.*(哪些|哪个|什么|几个|多少|管|的|和|与|及|年度|年|\|)", "", found.group(1))
        if re.search(r"[给把交到从向让被花加]", name) or q[found.end():found.end() + 1] == "托":
            continue  # '上交给局', '花钱委托', '…加上委托': words of a sentence, not a department's name
        if name in aliases or len(name) < 3 or name.endswith(("分局", "本级", "全局", "本局", "该局", "我局")) \
                or any(name in k or k.endswith(name) for k in known):
            continue
        if re.sub(r"^(市|区|县|省|本|该|这个|哪个|各)", "", name) in ("局", doc.department[-3:], doc.department[-2:]):
            continue  # '市公安局' for 大同市公安局, '本局': the department itself
        return name
    return ""


def refuse(ans: Answer, message: str) -> Answer:
    ans.refused = True
    ans.answer = message
    ans.figures, ans.checks = [], []
    return ans


# ---- table rows -------------------------------------------------------------------------------

def answer_from_rows(doc: Disclosure, query: Query, text: str, matches, ans: Answer) -> bool:
    if query.intent == "share" and "占" in text:
        return answer_share_of(doc, text, ans)
    words = [w for w in column_words_in(text) if w not in ("合计", "小计")]
    if not matches:
        table = hinted_table(doc, text)
        if query.intent == "total" and table is not None and not table.empty:
            rows = [(table, r) for r in table.rows if not r.is_total and r.level in (None, 1)]
            return bool(rows) and state_sum(text, rows, ans, asked_total=True)
        if query.intent == "difference":
            return (len(words) >= 2 and answer_column_difference(doc, text, None, words, ans)) \
                or answer_difference_of(doc, text, ans)
        if query.intent == "total" and len(words) >= 2 and items_named(text) >= 2:
            return answer_column_total(doc, text, words, ans)
        return answer_column_only(doc, query, text, ans)
    groups = [(m, rows) for m in matches if (rows := pick_rows(m, text))]
    picked = drop_qualifier_mentions(groups, question_key(text))
    if not picked:
        return False
    levels = label_at_two_levels(groups, text)
    if levels:
        (_, outer), (_, inner) = levels
        return refuse(ans, f"{NOT_IN_DISCLOSURE}：表中「{outer.label}」既是{LEVEL_NAMES[outer.level]}（{outer.code}）"
                           f"也是{LEVEL_NAMES[inner.level]}（{inner.code}），两者金额不同，请用科目编码说明问的是哪一个。")
    if query.intent == "difference":
        if within_item(re.split(r"比|和|与|跟|同", question_key(text), maxsplit=1)[0]) \
                and answer_difference_of(doc, text, ans):
            return True  # 'X里，A比B': the row named first is where, not what, is compared
        if len(picked) >= 2:
            return answer_difference(text, one_table_for_both(picked[:2], matches, text), ans)
        return (len(words) >= 2 and answer_column_difference(doc, text, picked[0], words, ans)) \
            or answer_difference_of(doc, text, ans)
    if query.intent != "total" and len(picked) > 1:
        picked = [max(picked, key=lambda group: len(label_key(group[0][1].label)))]  # the most specific name
    titled = table_named_by(doc, text)
    if len(picked) == 1 and len(label_key(picked[0][0][1].label)) <= 2 and not words \
            and not (titled is not None and all(t is titled[1] for t, _ in picked[0])) \
            and not any(compact(x) in question_key(text) for _, r in picked[0] for x in r.qualifiers) \
            and len(label_key(picked[0][0][1].label)) < 0.25 * len(asked_words(doc, text, bare=True)):
        # a short name in a long question about something else ('公安' in 公安交通管理省级补助)
        return refuse(ans, f"{NOT_IN_DISCLOSURE}：找不到问题所说的项目。")
    rows = list({id(r): (t, r) for group in picked for t, r in group}.values())
    if len({r.side for _, r in rows}) > 1 and len({cell_value(t, r, text) for t, r in rows}) == 1:
        rows = rows[:1]  # '收入支出总计': both sides print the same figure, which answers it
    if len({r.side for _, r in rows}) > 1:  # the same name on both sides of a 收入 | 支出 table: never added up
        asked = [side for side in ("收入", "支出") if side in question_key(text)]
        rows = [(t, r) for t, r in rows if r.side is None or r.side in asked[:1]] if len(asked) == 1 else []
        if not rows:
            return refuse(ans, f"{NOT_IN_DISCLOSURE}：表中收入方和支出方都有这一项，请说明问的是收入还是支出。")
    if len(rows) > 1 and query.intent != "total":
        rows = namesake_asked(rows, text)
    if len(rows) > 1 or query.intent == "total":
        return state_sum(text, rows, ans, asked_total=query.intent == "total")
    table, row = rows[0]
    return answer_cell(text, table, row, ans)


LEVEL_NAMES = {1: "类", 2: "款", 3: "项"}  # a 科目 code's level: 3, 5 or 7 digits


def label_at_two_levels(groups, text: str) -> list[tuple[Table, Row]]:
    """A label printed as a 款 and as a 项 under it (其他科学技术支出 20699 and 2069999) with different figures: asked
    by its name alone, either could be meant. The two rows, else []."""
    q = question_key(text)
    for match, rows in groups:
        for table, row in rows:
            inner = [(t, r) for t, r in match.rows if t is table and r.code and row.code
                     and len(r.code) > len(row.code) and r.code.startswith(row.code)
                     and compact(r.label) == compact(row.label)]
            column = choose_column(table, row, text)
            if inner and not any(code in q for code in (row.code, inner[0][1].code)) \
                    and value_in(row, column) != value_in(inner[0][1], column):
                return [(table, row), inner[0]]
    return []


def value_in(row: Row, column: str):
    cell = row.cell(column)
    return cell.value if cell is not None else None


def drop_qualifier_mentions(groups, q: str) -> list[list[tuple[Table, Row]]]:
    """'A under group G', 'A (its 经济分类 name + group)': a name that qualifies another match's rows (its
    economic-classification label or its group) narrows those rows instead of standing for its own row."""
    keys = {m.key for m, _ in groups}
    result, used = [], set()
    for m, rows in groups:
        context = lambda r: [compact(x) for x in r.qualifiers + ((r.parent,) if r.parent else ())
                             if compact(x) != m.key]
        named = [(t, r) for t, r in rows if any(x in keys for x in context(r))]
        if named:
            used |= {x for _, r in named for x in context(r) if x in keys}
            rows = [(t, r) for t, r in named if any(compact(x) in q for x in r.qualifiers)] or named
        result.append((m, rows))
    return [rows for m, rows in result if m.key not in used and rows]


def pick_rows(match, text: str) -> list[tuple[Table, Row]]:
    """All rows of the best-fitting table carrying the label (a label can repeat within a table)."""
    ranked = rank_tables(match.rows, text)
    best_table = ranked[0][0]
    rows = [(t, r) for t, r in ranked if t is best_table]
    q = question_key(text)
    # a qualifier named outside the row's own name ('社会保障缴费' inside '其他社会保障缴费' qualifies nothing)
    qualified = [(t, r) for t, r in rows if any(compact(x) in q.replace(compact(r.label), "|")
                                                and compact(x) != compact(r.label) for x in r.qualifiers)]
    sided = [(t, r) for t, r in rows if r.side and r.side in q]
    rest = q
    for label in sorted({compact(r.label) for r in best_table.rows}, key=len, reverse=True):
        rest = rest.replace(label, "|")  # side words inside row names ('公共安全支出') do not name a side
    for named, other in (("收入", "支出"), ("支出", "收入")):
        if named in rest and other not in rest:  # a question about spending is not answered from the income side
            rows = [(t, r) for t, r in rows if not (r.side and other in r.side)]
    rows = qualified or sided or rows
    own_unit = [(t, r) for t, r in rows if part_of_another(t, r, rows)] if "本级" in q else []
    # '某局本级': the department's own unit, printed under the department's row by the same name
    return own_unit or without_namesake_parts(rows)


_WHICH_OF_NAMESAKES = re.compile(r"(?:金额|数额|数字)?(小|少|低|大|多|高)的那(?:一)?(?:行|个|项|笔)")
_QUALIFIER_NAMED = re.compile(r"(?:经济科目|经济分类|科目名称)(?:也|亦)?(?:是|为|：|:)(.{2,20}?)(?=）$|\)$|[，。,；;]|$)")


def namesake_asked(rows: list[tuple[Table, Row]], text: str) -> list[tuple[Table, Row]]:
    """Of several rows printed under one name, the one the question singles out: the smaller (or larger) one, or by its
    second label (the economic subject it also names); else all of them."""
    q = question_key(text)
    which = _WHICH_OF_NAMESAKES.search(q)
    if which:
        valued = [(t, r) for t, r in rows
                  if (c := r.cell(choose_column(t, r, text))) is not None and c.value is not None]
        if valued:
            pick = min if which.group(1) in "小少低" else max
            return [pick(valued, key=lambda tr: tr[1].cell(choose_column(tr[0], tr[1], text)).value)]
    named = _QUALIFIER_NAMED.search(q)
    if named:
        value = compact(named.group(1))
        exact = [(t, r) for t, r in rows if any(compact(x) == value for x in r.qualifiers)]
        if exact:
            return exact
    # 'A under G (code)': the rows whose second label, its printed code aside, the question names
    mentioned = [(t, r) for t, r in rows
                 if any(len(name := compact(inline_code(x)[1])) >= 2 and name in q for x in r.qualifiers)]
    return mentioned if 0 < len(mentioned) < len(rows) else rows


def cell_value(table: Table, row: Row, text: str):
    cell = row.cell(choose_column(table, row, text, exclude=label_key(row.label)))
    return cell.value if cell is not None else None


def without_namesake_parts(rows: list[tuple[Table, Row]]) -> list[tuple[Table, Row]]:
    """A 项 printed under a 款 of the same name (21202 / 2120201 城乡社区规划与管理) is part of it, not a second
    item: adding both would count it twice. The 款 is kept."""
    codes = [r.code for _, r in rows if r.code]
    return [(t, r) for t, r in rows
            if not (r.code and any(c != r.code and r.code.startswith(c) for c in codes)) and not part_of_another(t, r, rows)]


def part_of_another(table: Table, row: Row, rows: list[tuple[Table, Row]]) -> bool:
    """The row is nested under another of the rows (a department's 本级 unit printed under the department's own
    row, by the same name)."""
    return any(t is table and o is not row and o.path and len(o.path) < len(row.path or ())
               and row.path[:len(o.path)] == o.path for t, o in rows)


def answer_cell(text: str, table: Table, row: Row, ans: Answer, column: str = "") -> bool:
    column = column or choose_column(table, row, text, exclude=label_key(row.label))
    cell = row.cell(column)
    if cell is None:
        return False
    ans.citations.append(cite_row(table, row, column))
    scope = f"{table.title}（单位：{table.unit}）"
    if cell.value is None:
        ans.answer = f"{row.full_label}的“{column}”在{scope}中为空白，即未安排。"
        return True
    ans.figures.append(Figure(cell.value, table.unit, f"{row.full_label} · {column}"))
    ans.answer = f"{row.full_label}（{column}）为 {money(cell.value, table.unit)}。来源：{scope}第{row.source.line}行。"
    verify_printed_total(table, row, column, ans)
    return True


def verify_printed_total(table: Table, row: Row, column: str, ans: Answer) -> None:
    """A total row quoted in an answer is checked against its parts."""
    parts = children(table, row)
    values = [c.value for r in parts if (c := r.cell(column)) is not None and c.value is not None]
    reported = row.cell(column).value
    if not values or reported is None:
        return
    check = compute.check_total(values, reported, f"{row.label}的明细之和")
    if not check.ok and all(r.level is None for r in parts):
        return  # unnumbered parts may nest ('一、财政拨款收入' over '1. 一般公共预算资金'): no sum to hold it to
    ans.checks.append(check)
    if not check.ok:
        ans.notes.append(f"注意：表中{row.label}为{compute.fmt(reported)}，但其明细之和为{compute.fmt(check.result)}，两者不一致。")
        ans.answer += " " + ans.notes[-1]


def children(table: Table, row: Row) -> list[Row]:
    if row.level == 0:
        top = [r for r in table.rows if r.level == 1 and r.side == row.side]
        return top if top else [r for r in table.rows if r.level is None and r.side == row.side and not r.is_total]
    return [r for r in table.rows if r.parent == row.label and r.level == (row.level or 0) + 1]


def one_table_for_both(picked, matches, text: str):
    """Two names picked in two tables, when one table prints both (住房公积金 and 购房补贴 in the 支出 table): the
    rows of that table, the best-fitting such table first — a difference is read within one table if it can be."""
    if picked[0][0][0] is picked[1][0][0]:
        return picked
    groups = [next((m.rows for m in matches if any(r is group[0][1] for _, r in m.rows)), []) for group in picked]
    shared = [(t, r) for t, r in rank_tables(groups[0], text) if sum(u is t for u, _ in groups[1]) == 1
              and sum(u is t for u, _ in groups[0]) == 1]
    if not shared:
        return picked
    table = shared[0][0]
    return [[(t, r) for t, r in group if t is table] for group in groups]


def answer_difference(text: str, picked, ans: Answer) -> bool:
    if picked[0][0][0] is not picked[1][0][0] and not all(
            table_hint(label_key(r.label)) or compact(t.title) in question_key(text)
            for t, r in (picked[0][0], picked[1][0])):
        if compact(picked[0][0][1].label) != compact(picked[1][0][1].label):
            return False
    (ta, ra), (tb, rb) = picked[0][0], picked[1][0]  # the first row of each name
    ca = ra.cell(choose_column(ta, ra, text, exclude=label_key(ra.label)))
    cb = rb.cell(choose_column(tb, rb, text, exclude=label_key(rb.label)))
    if not ca or not cb or ca.value is None or cb.value is None or ta.unit != tb.unit:
        return False
    return state_difference(ans, (ta, ra, ca), (tb, rb, cb), ra.full_label, rb.full_label)


_WHOLE_OF_TABLE = re.compile(r"(全部门?|整个部门|部门|总数?|合计|总计|总额|全部门?合计|全局|全局合计|全局总计|全部合计)(的)?")


def answer_share_of(doc: Disclosure, text: str, ans: Answer) -> bool:
    """'A占B的比例': A and B resolved on their own sides of 占; no B means A's table total."""
    part_text, whole_text = text.split("占", 1)
    whole_text = re.sub(r"^比|(的)?(多大|比例|比重|百分比|百分之几|多少|是|了|几成|几|%|\?)+", "", whole_text)
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
    if _WHOLE_OF_TABLE.fullmatch(whole_text):
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
        name = _KIND_WORDS.sub("", compact(groups[depth - 1]))
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


_TITLE_NOISE = re.compile(r"^(20\d\d年度?)?(部门)?|[（(][^）)]*[）)]|(决算|预算)?总?表$")


def table_named_by(doc: Disclosure, phrase: str):
    """(name, table, total row) of the table whose name — its title without year, note and '决算表' — the
    phrase contains, the longest such name; None when there is none."""
    q = question_key(phrase)
    best = None
    for table in doc.tables:
        name = _TITLE_NOISE.sub("", compact(table.title))
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
    if not ca or not cb or ca is cb or ca.value is None or cb.value is None:
        return False
    return state_difference(ans, (table, row, ca), (table, row, cb), f"{row.full_label}的{ca.column}", cb.column,
                            f"（{table.title}）")


_KIND_WORDS = re.compile(r"20\d{2}年|[“”\"]|(预算|决算)数?$")


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
    group = _KIND_WORDS.sub("", compact(parts[0]))
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
            parts = [p for p in (_KIND_WORDS.sub("", compact(part)).replace("财政拨款", "")
                                 for part in cell.column.split("/")) if len(p) >= 2]
            # a header part is named in full, or by a run of four or more of its characters (三公经费); a part
            # inside its group's name ('运行费' in '公务用车购置及运行费') is the group named, not the part
            rest = q
            for group in parts[:-1]:
                rest = rest.replace(group, "|")
            named = sum(len(p) if p in q else overlap(q, p) for p in parts
                        if p not in ("合计", "小计") and (p in q or overlap(q, p) >= 4)
                        and (p != parts[-1] or p in rest or len(parts) == 1))
            if named:
                # of a group's columns named by the group, its total (小计)
                scored.append((named, is_total_column(parts[-1]), column_preference(cell.column, q, doc.kind),
                               table, row, cell))
    if not scored:
        return None
    *_, table, row, cell = max(scored, key=lambda s: s[:3])
    return table, row, cell


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


def answer_ranking(doc: Disclosure, query: Query, text: str, ans: Answer) -> bool:
    """The largest or smallest of the items the question is about (totals excluded)."""
    found = collect_items(doc, text)
    valued = without_their_total(distinct([i for i in found.items if i.value is not None] if found else []))
    if _PROJECTS_ASKED.search(question_key(text)):  # '哪个项目': a unit's row among its projects is not one
        units = unit_names(doc) | {doc.department}
        valued = [i for i in valued if label_key(i.label.split(" / ")[-1], doc.department) not in units] or valued
    if len(valued) < 2:  # one item is not a ranking: the question is about the items below it, or others
        return False
    lowest = bool(re.search(r"最少|最低|最小", text))
    valued.sort(key=lambda i: i.value, reverse=not lowest)
    top = valued[:query.top_n or 1]
    for item in top:
        ans.figures.append(Figure(item.value, found.unit, item.label))
        ans.citations.append(item.citation)
    word = "最少" if lowest else "最多"
    ans.basis = "ranking"
    listing = "；".join(f"{n + 1}. {i.label} {money(i.value, found.unit)}" for n, i in enumerate(top))
    ans.answer = f"{found.what}中（{found.column}，共比较{len(valued)}项），{word}的是：{listing}。"
    return True


_PROJECTS_ASKED = re.compile(r"哪(?:个|一个|几个|些)?项目")


def distinct(items: list) -> list:
    """One item per name and figure: a row printed again where its table runs onto another page is one item."""
    seen, kept = set(), []
    for item in items:
        key = (item.label.split(" / ")[-1], item.value)
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def without_their_total(items: list) -> list:
    """The items without one that is the sum of all the others (a unit's or a group's subtotal printed among its
    parts, unmarked): a whole is not ranked against its own parts."""
    if len(items) < 3:
        return items
    total = sum(i.value for i in items)
    tolerance = Decimal("0.01") * len(items)  # each printed part rounded
    return [i for i in items if abs(2 * i.value - total) > tolerance] or items


# ---- project forms ----------------------------------------------------------------------------

def answer_form(doc: Disclosure, query: Query, text: str, ans: Answer) -> bool:
    forms = find_forms(doc, text)
    q = question_key(text)
    if not forms:
        forms = forms_of_named_unit(doc, q)
    if not forms and answer_common_form_field(doc, q, ans):
        return True
    if not forms:  # a performance indicator named on its own
        forms = [f for f in doc.forms
                 if any(len(compact(i.level3)) >= 4 and compact(i.level3) in q for i in f.indicators)]
        if not forms or query.intent not in ("lookup", "form", "count"):
            return False
        query.intent = "form"
    if table_hint(text) and not re.search(r"绩效|实施期|年度资金|指标|实施单位|经办人|项目期", q):
        return False
    names_indicator = any(indicator_named(i.level3, q) for f in forms for i in f.indicators)
    asks_people = bool(re.search(r"多少人|几人|多少名|几名|人数", q))
    asks_form = query.intent == "form" or names_indicator or asks_people \
        or any(w in q for w in ("资金总额", "年度资金", "实施期", "元", "指标", "单位", "经办人")) \
        or any(label_key(f.implementing_unit, doc.department) in q for f in forms if f.implementing_unit) \
        or not any(row_named(doc, f.project) for f in forms)  # a project page is the only place its funds are printed
    if not asks_form:
        return False
    missing = uncovered_units(doc, text, [label_key(f.implementing_unit, doc.department) for f in forms])
    if missing:
        refuse(ans, f"{NOT_IN_DISCLOSURE}：“{forms[0].project}”的项目支出绩效目标表中没有“{missing[0]}”的。")
        return True
    if len(forms) > 1 and query.intent in ("total", "ranking"):
        return answer_over_forms(doc, forms, q, query, ans)
    if len(forms) == 1 and query.intent == "total" and answer_indicator_sum(doc, forms[0], q, query, ans):
        return True
    if len(forms) > 1 and not any(w in q for w in ("哪些单位", "哪个单位", "实施单位", "都有")):
        forms_listing = "；".join(f"{f.implementing_unit}（第{f.source.line}行）" for f in forms)
        ans.answer = f"“{forms[0].project}”有{len(forms)}张项目支出绩效目标表，分属：{forms_listing}。请说明是哪个实施单位的。"
        ans.citations += [Citation(doc.id, f.project, "实施单位", "", f.source.line, f.source.text) for f in forms]
        ans.intent = "form"
        return True
    ans.intent = "form"
    for form in forms:
        form_attribute(doc, form, q, query, ans)
    return bool(ans.answer)


def row_named(doc: Disclosure, project: str) -> bool:
    key = label_key(project, doc.department)
    return any(label_key(r.label, doc.department) == key for t in doc.tables for r in t.rows)


def named_unit_forms(doc: Disclosure, q: str) -> tuple[list[ProjectForm], str]:
    """Every form of the implementing unit the question names (a sub-unit by name, the department by 本级),
    and the question without that unit's name."""
    named = [f for f in doc.forms if f.implementing_unit  # a page that prints no unit names none
             and label_key(f.implementing_unit, doc.department) != doc.department
             and label_key(f.implementing_unit, doc.department) in q]
    if not named and doc.department + "本级" in q:
        named = [f for f in doc.forms if f.implementing_unit == doc.department]
    rest = q
    for f in named:
        rest = rest.replace(label_key(f.implementing_unit, doc.department), "")
    return named, rest


def answer_measured_indicator(doc: Disclosure, text: str, measure: str, ans: Answer) -> bool:
    """A head count of one unit's staff (…多少人): the indicator, among the named unit's forms, counted in the
    measure asked (人 for 人/名) whose name shares a word with the question; answered only when all such indicators
    agree."""
    unit = "人" if measure in ("人", "名") else measure
    named, rest = named_unit_forms(doc, question_key(text))
    found = []
    for form in named:
        for ind in form.indicators:
            value = re.fullmatch(r"(\d+)\s*" + unit, ind.value.strip())
            if value and overlap(rest, ind.level3) >= 2:
                found.append((form, ind, Decimal(value.group(1))))
    if not found or len({v for _, _, v in found}) != 1:
        return False
    form, ind, value = found[0]
    ans.intent = "form"
    ans.figures.append(Figure(value, unit, f"{form.project} · {ind.level3}"))
    for f, i, _ in found:
        if all(c.line != i.source.line for c in ans.citations):
            ans.citations.append(Citation(doc.id, f.project, i.level3, f"{i.level1}/{i.level2}", i.source.line,
                                          i.source.text))
    ans.answer = (f"{form.implementing_unit}的项目绩效目标表中，{ind.level2}“{ind.level3}”为 {value}{unit}"
                  f"（{form.project}，第{ind.source.line}行）。")
    return True


def forms_of_named_unit(doc: Disclosure, q: str) -> list[ProjectForm]:
    """A named 分局's head count, or that 分局's form of one project: the named unit's only form, or the one of its
    forms whose project the question names a word of."""
    named, rest = named_unit_forms(doc, q)
    if len(named) <= 1:
        return named
    scored = [(overlap(rest, label_key(f.project, doc.department)), f) for f in named]
    best = max(n for n, _ in scored)
    chosen = [f for n, f in scored if n == best and n >= 3]
    return chosen if len({label_key(f.project) for f in chosen}) == 1 else []


def answer_common_form_field(doc: Disclosure, q: str, ans: Answer) -> bool:
    """A form field asked of no particular project, answered only when every form says the same."""
    for word, (attr, label) in FORM_FIELDS.items():
        values = {getattr(f, attr) for f in doc.forms}
        if word in q and len(values) == 1 and doc.forms:
            value = values.pop()
            ans.intent = "form"
            ans.citations.append(Citation(doc.id, doc.forms[0].project, label, "", doc.forms[0].source.line + 1,
                                          doc.lines[doc.forms[0].source.line]))
            ans.answer = f"全部{len(doc.forms)}张项目支出绩效目标表中的{label}都是：{value}。"
            return True
    return False


def fund_asked(form: ProjectForm, q: str):
    period = "实施期" if "实施期" in q else "年度"
    source_name = next((s for s in ("中央财政资金", "省级财政资金", "市县财政资金", "单位自筹", "其他资金") if s in q), "资金总额")
    return form.fund(period, source_name)


def answer_over_forms(doc: Disclosure, forms: list[ProjectForm], q: str, query: Query, ans: Answer) -> bool:
    """One project's fund added over its N forms, or the unit with the most: the same fund over several forms."""
    funds = [(f, fund_asked(f, q)) for f in forms]
    funds = [(f, line) for f, line in funds if line is not None and line.amount is not None]
    if len(funds) < 2:
        return False
    ans.intent = query.intent
    for form, line in funds:
        ans.citations.append(Citation(doc.id, form.project, line.source_name, line.period, line.source.line,
                                      line.source.text))
    name = f"{funds[0][1].period}{funds[0][1].source_name}"
    if query.intent == "total":
        total, check = compute.add([line.amount for _, line in funds])
        ans.checks.append(check)
        ans.figures.append(Figure(total, "元", f"{forms[0].project} {name}合计"))
        listing = "；".join(f"{f.implementing_unit} {format_amount(line.amount, 0)}元" for f, line in funds)
        ans.answer = (f"“{forms[0].project}”在{len(funds)}张项目支出绩效目标表中的{name}合计 {format_amount(total, 0)}元。"
                      f"明细：{listing}。验算：{check.expression}。")
        return True
    lowest = bool(re.search(r"最少|最低|最小", q))
    ans.basis = "ranking"
    form, line = (min if lowest else max)(funds, key=lambda fl: fl[1].amount)
    ans.figures.append(Figure(line.amount, "元", f"{form.implementing_unit} {name}"))
    ans.answer = (f"“{forms[0].project}”的{len(funds)}张项目支出绩效目标表中，{name}{'最少' if lowest else '最多'}的是"
                  f"{form.implementing_unit}，{format_amount(line.amount, 0)}元（第{line.source.line}行）。")
    return True


def answer_indicator_sum(doc: Disclosure, form: ProjectForm, q: str, query: Query, ans: Answer) -> bool:
    """Several cost indicators named in a list (A、B、C加起来): the named cost indicators of one form, summed."""
    in_period = [i for i in form.indicators if (i.period == "年度") == ("实施期" not in q)]
    named = [i for i in in_period if indicator_named(i.level3, q)]
    values = [(i, _INDICATOR_NUMBER.search(i.value)) for i in named]
    values = [(i, Decimal(m.group(1).replace(",", "")), m.group(2)) for i, m in values
              if m and m.group(2) in ("元", "万元")]
    units = {u for _, _, u in values}
    if len(values) < 2 or len(units) != 1:
        return False
    unit = units.pop()
    total, check = compute.add([v for _, v, _ in values])
    ans.intent = "total"
    ans.checks.append(check)
    for indicator, _, _ in values:
        ans.citations.append(Citation(doc.id, form.project, indicator.level3, indicator.period,
                                      indicator.source.line, indicator.source.text))
    ans.figures.append(Figure(total, unit, "指标合计"))
    ans.answer = (f"“{form.project}”（{form.implementing_unit}）绩效目标表中" + "、".join(i.level3 for i, _, _ in values)
                  + f"合计 {compute.fmt(total)}{unit}。验算：{check.expression}。")
    if query.wants_unit and query.wants_unit != unit:
        result = compute.to_unit(total, unit, query.wants_unit)
        if isinstance(result, compute.Uncomputable):  # a count ('个') is not money: stated as counted
            return True
        converted, conversion = result
        ans.checks.append(conversion)
        ans.figures.insert(0, Figure(converted, query.wants_unit, "指标合计"))
        ans.answer += f" 即 {compute.fmt(converted)}{query.wants_unit}。"
    return True


def form_attribute(doc: Disclosure, form: ProjectForm, q: str, query: Query, ans: Answer) -> None:
    head = f"“{form.project}”（实施单位：{form.implementing_unit}）"
    cite = lambda row, col, src: ans.citations.append(Citation(doc.id, form.project, row, col, src.line, src.text))
    fields = {label: attr for word, (attr, label) in FORM_FIELDS.items() if word in q}
    if fields:
        cite("、".join(fields), "", form.source)
        ans.answer += f"{head}的" + "，".join(f"{label}：{getattr(form, attr) or '表中为空白（未填写）'}"
                                            for label, attr in fields.items()) + "。"
        return
    for name, value in form.contacts.items():
        if compact(name) in q or ("电话" in q and "电话" in name):
            cite(name, "", form.source)
            ans.answer += f"{head}的{name}：{value or '表中为空白（未填写）'}。"
            return
    for name, value in form.narrative.items():
        if compact(name) in q:
            cite(name, "", form.source)
            ans.answer += f"{head}的{name}：{value}"
            return
    asks_money = any(w in q for w in ("资金", "预算金额", "多少钱", "安排了多少"))
    asks_people = bool(re.search(r"多少人|几人|多少名|几名|人数", q))
    in_period = [i for i in form.indicators if (i.period == "年度") == ("实施期" not in q)]
    project = label_key(form.project)
    indicator = None if asks_money else next(
        (i for i in in_period if indicator_named(i.level3, q)
         and not (compact(i.level3) in project
                  and q.count(compact(i.level3)) <= project.count(compact(i.level3)))), None)
    if indicator is None and asks_people:  # 'how many people' is the 数量指标 counted in 人
        indicator = next((i for i in in_period if re.search(r"\d\s*人$", i.value)), None)
    if indicator:
        cite(indicator.level3, indicator.period, indicator.source)
        if SECRET.search(indicator.value):
            refuse(ans, f"{NOT_IN_DISCLOSURE}：{head}的绩效指标“{indicator.level3}”标注为“{indicator.value}”，未公开具体数值。")
            return
        ans.answer += (f"{head}的{indicator.period}绩效指标“{indicator.level3}”"
                       f"（{indicator.level1}/{indicator.level2}）的指标值为：{indicator.value}。")
        for value, unit in _INDICATOR_NUMBER.findall(indicator.value):
            ans.figures.append(Figure(Decimal(value.replace(",", "")), unit, indicator.level3))
        return
    if not asks_money and (asks_people or re.search(r"标准|指标|多少[^钱元]|几", q) and not re.search(r"资金|预算|经费|金额|元", q)):
        refuse(ans, f"{NOT_IN_DISCLOSURE}：{head}的项目支出绩效目标表中找不到问题所问的指标。")
        return
    period = "实施期" if "实施期" in q else "年度"
    fund = fund_asked(form, q)
    if fund is None:
        return
    cite(fund.source_name, period, fund.source)
    if fund.amount is None:
        ans.answer += f"{head}的{period}{fund.source_name}为空白，即未安排。"
        return
    label = f"{form.project} {period}{fund.source_name}"
    if fund.printed_amount is not None and fund.printed_unit and fund.printed_unit != form.unit:
        # a project page printing '795万元': that figure first, as printed, and the 元 the model keeps as its conversion
        converted = compute.to_unit(fund.printed_amount, fund.printed_unit, form.unit)
        if isinstance(converted, compute.Uncomputable):
            compute.refuse(ans, converted, f"{head}的{period}{fund.source_name}：")
            return
        yuan, check = converted
        ans.checks.append(check)
        ans.figures += [Figure(fund.printed_amount, fund.printed_unit, label), Figure(yuan, form.unit, label)]
        ans.answer += (f"{head}的{period}{fund.source_name}为 {money(fund.printed_amount, fund.printed_unit)}"
                       f"（即 {format_amount(yuan, 0)}{form.unit}；第{fund.source.line}行）。")
        return
    ans.figures.append(Figure(fund.amount, form.unit, label))
    printed = format_amount(fund.amount, 0) if fund.amount == fund.amount.to_integral_value() \
        else format_amount(fund.amount)
    ans.answer += f"{head}的{period}{fund.source_name}为 {printed}元"
    if query.wants_unit == "万元":
        wan, check = compute.to_unit(fund.amount, "元", "万元")  # both units known: never refused
        ans.checks.append(check)
        ans.figures.insert(0, Figure(wan, "万元", f"{form.project} {period}{fund.source_name}"))
        ans.answer += f"，即 {format_amount(wan)}万元"
    ans.answer += f"（绩效目标表，第{fund.source.line}行）。"


# ---- narrative, glossary, organisation -----------------------------------------------------------

_INDICATOR_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*([^\d\s,，。]{0,4})")


def indicator_named(level3: str, q: str) -> bool:
    """An indicator is named by its name, by its first four characters (names are often cut off), or with
    a word or two put in between ('按标准支付' in '按哪种标准支付')."""
    name = compact(level3)
    if len(name) < 2:
        return False
    if name in q or (len(name) >= 5 and name[:4] in q):
        return True
    return len(name) >= 4 and any(is_subsequence(name, q[i:i + len(name) + 3])
                                  for i in range(len(q)) if q[i] == name[0])


_STATED_CHANGE = re.compile(r"(\d[\d,]*\.?\d*)万元。?[^。；;]*?比[^。；;]*?(增加|减少|增长|下降)(\d[\d,]*\.?\d*)万元")


def answer_previous(doc: Disclosure, query: Query, text: str, ans: Answer) -> bool:
    """Last year's figure, derived from a stated change: previous = current ∓ change."""
    subject = re.sub(r"20\d\d年?|去年|上年度?|上一年|前一年|同口径|倒推|按|照说明|是多少|多少|\?|（|）|\(|\)", "", text)
    bare = subject
    for alias in department_aliases(doc.department):
        bare = bare.replace(alias, "")  # last year's figure of the department is not any sentence naming it
    for _, _, para, sentence in best_sentences(doc, subject, must=("比上年", "比20", "同口径", "上年", "相比"), limit=3,
                                               with_context=True):
        found = _STATED_CHANGE.search(sentence)
        if not found or coverage(bare, sentence) < 0.5:
            continue
        clause = re.split(r"[；;]", sentence[:found.start()])[-1] + found.group(0)
        if clause != sentence[:found.start()] + found.group(0) and coverage(bare, clause) < 0.5:
            continue  # '公务接待费…相同；公务用车运行维护费…增加14.52万元': the change is another item's
        current, direction, change = (Decimal(found.group(1).replace(",", "")), found.group(2),
                                      Decimal(found.group(3).replace(",", "")))
        previous, check = (compute.subtract(current, change) if direction in ("增加", "增长")
                           else compute.add([current, change]))
        ans.intent = "change"
        ans.checks.append(check)
        ans.figures.append(Figure(previous, "万元", "上年数（由增减额推算）"))
        ans.citations.append(Citation(doc.id, para.section.split(" › ")[-1], "", "", para.source.line,
                                      para.source.text))
        ans.answer = (f"公开文件没有单列上年数，但写道：“{sentence}”（第{para.source.line}行）。"
                      f"由此推算上年为 {money(previous, '万元')}。验算：{check.expression}。")
        return True
    return False


_CHANGE_FRAME = re.compile(r"(?:比|较|与|和)(?:去年|上年度?|上一年|20\d\d年度?)(?:预算)?(?:相比)?|增长|增加|减少|下降|变化|"
                           r"上涨|涨|下跌|跌|降|百分之(?:多少|几)|多少百分比|百分比|多少|了|几")
_CHANGE_CUES = ("比上年", "比20", "同口径", "与上年", "与20", "上年预算", "相比", "较上年", "较20", "持平")


def answer_change(doc: Disclosure, query: Query, text: str, ans: Answer) -> bool:
    return answer_with_sentences(doc, change_sentences(doc, text), ans, question=text)


def change_sentences(doc: Disclosure, text: str) -> list:
    """The sentences stating the change of what the question names (best_sentences' tuples)."""
    subject = _CHANGE_FRAME.sub("", question_key(text))
    found = [f for f in best_sentences(doc, text, must=_CHANGE_CUES, limit=6, with_context=True)
             if coverage(subject, f[3], doc.department) >= 0.6][:2]  # a change of something else answers another question
    found = [f for f in found if not any(g is not f and g[2] is f[2] and f[3] in g[3] for g in found)]
    if len(found) == 2 and found[1][0] < found[0][0]:
        found = found[:1]  # a second sentence only when it is as close (the disclosure may state both)
    return found


def answer_reason(doc: Disclosure, query: Query, text: str, ans: Answer) -> bool:
    if doc.kind == "决算" and re.search(r"预算|没花完|花超|超支|结余", text) and answer_budget_item_reason(doc, text, ans):
        return True
    found = best_sentences(doc, text, must=("原因", "主要是", "因为", "由于"), limit=1, with_context=True)
    if found and _CHANGE_ASKED.search(question_key(text)):
        # a change asked with its reason asks the change too: the sentence stating the change of what is named
        # (a total's own, when the reason is given of one of its parts) comes before the reason
        change = [f for f in change_sentences(doc, _REASON_ASKED.sub("", text))
                  if f[3] not in found[0][3] and found[0][3] not in f[3]]
        found = change[:1] + found
    # '为什么多了，多了多少' asks a figure too: the change the sentence states about the subject is said first
    return answer_with_sentences(doc, found, ans, question=text) or answer_with_sentences(doc, found, ans)


_CHANGE_ASKED = re.compile(r"(?:多|少|增加|减少|增长|下降|变化|变动|涨|降)了?多少")
_REASON_ASKED = re.compile(r"[，,]?(?:为什么|为何|为啥|原因是?什么|什么原因)[^，,？?]*")


_UNITS_ASKED = re.compile(r"(?:哪几|几|多少)家")


def names_a_subject(doc: Disclosure, text: str) -> bool:
    """The question names an item of the document (a row or a glossary term), not only the department."""
    q = question_key(text)
    return bool(find_row_matches(doc, text)) or any(len(label_key(g.term)) >= 2 and label_key(g.term) in q
                                                    for g in doc.glossary)


def answer_units_stated(doc: Disclosure, text: str, ans: Answer) -> bool:
    """The units an item covers (几家单位): the sentence that counts the units (N家…) for the subject asked, quoted."""
    found = [f for f in best_sentences(doc, text, limit=3) if re.search(r"\d+\s*家", f[3])]
    if not found or coverage(text, found[0][3], doc.department) < 0.6:
        return False
    return answer_with_sentences(doc, found[:1], ans)


def answer_from_narrative(doc: Disclosure, query: Query, text: str, ans: Answer) -> bool:
    if query.intent not in ("lookup", "list", "count") and not (query.intent == "total" and items_named(text) < 2):
        return False  # '一共多少平方米' naming one thing asks for a total the text states
    found = best_sentences(doc, text, limit=1)
    if not found or found[0][0] < 3 or coverage(text, found[0][3], doc.department) < 0.6:
        return False
    return answer_with_sentences(doc, found, ans, question=text)


def answer_definition(doc: Disclosure, query: Query, text: str, ans: Answer, strict: bool = False) -> bool:
    """A 名词解释 entry the question names; `strict`: the term must be what the question is about."""
    q = question_key(text)
    # a budget's glossary defines '基本支出预算': asked as 基本支出; a 科目 explained by its path ('…（款）X（项）'): as X
    terms = {g.term: t for g in doc.glossary
             for t in (label_key(g.term), re.sub(r"预算$", "", label_key(g.term)), named_in_path(g.term))
             if len(t) >= 2 and t in q}
    entries = [g for g in doc.glossary if g.term in terms]
    if not entries:
        return False
    entry = max(entries, key=lambda g: len(g.term))
    rest = re.sub(r"是什么|指的是(?:什么)?|指什么|指啥|指哪[些几][项类种个笔]?|具体|到底|究竟|哪[块部]分?钱|什么意思|的?含义|是啥"
                  r"|包括哪些|包含哪些|包括什么|怎么理解|啥意思|是个|(?:文件|预算)里(?:说|讲|提到)|请问|一下|费用|的|\?", "",
                  asked_words(doc, text).replace(terms[entry.term], ""))
    if strict and len(rest) > 6:
        return False
    ans.intent = "definition"
    ans.citations.append(Citation(doc.id, "名词解释", entry.term, "", entry.source.line, entry.source.text))
    ans.answer = f"{entry.term}：{entry.definition}（名词解释，第{entry.source.line}行）"
    return True


def answer_list(doc: Disclosure, query: Query, text: str, ans: Answer) -> bool:
    found = collect_items(doc, text)
    if found is None:
        stated = [found for found in best_sentences(doc, text, limit=3, whole=True)
                  if coverage(text, found[3], doc.department) >= 0.5 and len(figures_in(found[3])) >= 2]
        if not answer_with_sentences(doc, stated[:1], ans):
            return False
        enumeration_first(ans, stated[0][3])
        return True
    ans.intent = "list"
    for item in found.items:
        ans.citations.append(item.citation)
        if item.value is not None:
            ans.figures.append(Figure(item.value, found.unit, item.label))
    listing = "；".join(i.label + (f" {money(i.value, found.unit)}" if i.value is not None else "") for i in found.items)
    ans.answer = f"{found.what}共{len(found.items)}项：{listing}。"
    return True


_MEASURE = re.compile(r"(?:几|多少)(张|条|个|家|次|名|项|类)")


def enumeration_first(ans: Answer, sentence: str) -> None:
    """'支出9746.50万元，主要用于：A 754.75万元；B 236.63万元…' asked '各多少': the listed parts lead, the whole follows."""
    cue = re.search(r"[：:]|其中|包括|主要用于", sentence)
    if not cue:
        return
    lead = {(f.value, f.unit) for f in figures_in(sentence[:cue.start()])}
    ans.figures.sort(key=lambda f: (f.value, f.unit) in lead)


def answer_count(doc: Disclosure, query: Query, text: str, ans: Answer) -> bool:
    stated = best_sentences(doc, text, limit=1)
    if stated and re.search(r"\d+\s*[个项家张条]", stated[0][3]) and coverage(text, stated[0][3], doc.department) >= 0.7:
        return answer_with_sentences(doc, stated, ans, question=text)
    found = collect_items(doc, text)
    if found is None:
        return False
    measure = _MEASURE.search(question_key(text))
    n, check = compute.count([i.label for i in found.items])
    ans.checks.append(check)
    ans.figures.append(Figure(n, measure.group(1) if measure else "个", found.what))
    ans.citations += [i.citation for i in found.items]
    ans.answer = (f"{found.what}共{n}{measure.group(1) if measure else '个'}："
                  + "、".join(i.label for i in found.items) + "。")
    return True


# ---- the route table ---------------------------------------------------------------------------

@dataclass
class Asked:
    """One question being resolved against one document: what the handlers read, and the answer one fills."""

    doc: Disclosure
    query: Query
    text: str  # the question in the disclosure's terms, a follow-up merged with what it continues
    ans: Answer
    matches: list[Match] | None = None  # the rows the question names, read once the row routes begin
    context: Context = field(default_factory=Context)

    def __post_init__(self):
        self.context = Context(doc=self.doc.id)

    def read_rows(self) -> None:
        self.matches = find_row_matches(self.doc, self.text)
        self.context = Context([m.key for m in self.matches], table_hint(self.text), column_words_in(self.text),
                               self.doc.id)

    @property
    def intent(self) -> str:
        return self.query.intent


@dataclass(frozen=True)
class Route:
    """A kind of question: when it applies, and the handler that answers it (True when it answered or refused).
    Routes are tried in order; the first whose handler answers wins. `reads_rows`: the handler needs the rows
    the question names (routes before the first of these answer from prose, forms and records)."""

    name: str
    applies: Callable[[Asked], bool]
    answer: Callable[[Asked], bool]
    reads_rows: bool = False


_DEFINITION_ASKED = re.compile(r"是什么|指的是|指什么|指哪|指啥|什么意思|啥意思|含义|是啥|包括哪些|包含哪些|包括什么|怎么理解")
_CATEGORY_ASKED = re.compile(r"属于|是什么机构|是什么单位|什么级别|隶属")
_INTENT_HANDLERS = {
    "definition": answer_definition, "reason": answer_reason, "change": answer_change,
    "list": answer_list, "count": answer_count, "previous": answer_previous,
}


def answer_fund_not_arranged(a: Asked) -> bool:
    """Whether a fund (政府性基金) has money at all: a fund whose own tables are all printed empty has nothing arranged."""
    empty = answer_empty_fund(a.doc, fund_named(a.text), a.query)
    if empty is None:
        return False
    a.ans.answer, a.ans.citations = empty.answer, empty.citations
    return True


_CLASSES_ADDED = re.compile(r"([一二两三四五六七八九十\d]+)个?类")


def answer_classes_added(a: Asked) -> bool:
    """N 类 of a named table added: the 类 rows of the table the question names, as many as it says,
    added and checked against the table's printed total."""
    named = table_named_by(a.doc, a.text)
    counted = _CLASSES_ADDED.search(question_key(a.text))
    if named is None or counted is None:
        return False
    _, table, total = named
    rows = [r for r in table.rows if r.level == 1 and not r.is_total and r.side == total.side]
    if len(rows) != chinese_number(counted.group(1)):
        return False  # the question counts other classes than the table prints
    if not state_sum(a.text, [(table, r) for r in rows], a.ans, asked_total=True):
        return False
    verify_printed_total(table, total, choose_column(table, total, a.text), a.ans)
    return True


_WHOLE_BUDGET = re.compile(r"(?:一共|总共|总计|全部|全年|整个)有?(?:多少|几多)(?:预算|钱|经费)|总预算|预算总额|预算规模|"
                           r"(?:一共|总共)(?:花|用|支出)了?多少钱?")


def answer_whole_budget(a: Asked) -> bool:
    """The whole budget or the whole spending asked: the department's total — a budget's 支出总计, a 决算's 本年支出合计."""
    asked = "本年支出合计" if a.doc.kind == "决算" else "支出总计"
    text = _WHOLE_BUDGET.sub(asked + "是多少", a.text)
    matches = [m for m in find_row_matches(a.doc, text) if m.key == asked]
    if not matches:
        return False
    a.query.intent = a.ans.intent = "lookup"  # one printed total, not a sum to compute
    return answer_from_rows(a.doc, a.query, text, matches, a.ans)


def refuse_previous(a: Asked) -> bool:
    """Never answer last year's question with this year's figure."""
    refuse(a.ans, f"{NOT_IN_DISCLOSURE}：已载入的是{a.doc.year}年{a.doc.kind}，上年的这个数字没有公开，也无法由说明中的增减额推算。")
    return True


def refuse_uncovered_unit(a: Asked) -> bool:
    """A unit the question names that no table lists on its own: its figures are not disclosed."""
    missing = uncovered_units(a.doc, a.text, [m.key for m in a.matches])
    if missing:
        refuse(a.ans, f"{NOT_IN_DISCLOSURE}：公开文件的表中没有“{missing[0]}”单列的数据。")
    return bool(missing)


def answer_or_narrow_generic(a: Asked) -> bool:
    """Only 合计 or a funding-source word matched: a sentence that says it all, or the total row of the table the
    question names; otherwise the matches are narrowed (or dropped for a column) for the row routes that follow."""
    doc, text, matches = a.doc, a.text, a.matches
    found = best_sentences(doc, text, limit=1)
    explained = sum(len(m.key) for m in matches) / max(len(asked_words(doc, text)), 1)
    named = hinted_table(doc, text) if table_named(question_key(text)) else None
    titled = table_named_by(doc, text)
    if named is None and titled is not None and any(t is titled[1] for m in matches for t, _ in m.rows):
        named = titled[1]  # '财政拨款收入支出总计': the 总计 of the table of that name, not a sentence retelling it
    own = [m for m in matches if named is not None and any(t is named for t, _ in m.rows)]
    if not own and found and explained < 0.5 and coverage(text, found[0][3], doc.department) >= 0.8 \
            and answer_with_sentences(doc, found, a.ans, question=text):
        return True
    if own:  # '收入支出决算总表中总计的…': the total row of the table the question names
        a.matches = [Match(m.key, m.position, [(t, r) for t, r in m.rows if t is named]) for m in own]
    elif [w for w in column_words_in(text) if w not in ("合计", "小计")]:
        a.matches = []
    elif explained < 0.25:
        unresolved(a.ans, f"{NOT_IN_DISCLOSURE}：找不到问题所说的项目。")
        return True
    return False


ROUTES: tuple[Route, ...] = (
    Route("what a term means", lambda a: a.intent not in ("reason", "change") and bool(_DEFINITION_ASKED.search(a.text)),
          lambda a: answer_definition(a.doc, a.query, a.text, a.ans, strict=True)),
    Route("what kind of unit", lambda a: bool(_CATEGORY_ASKED.search(a.text)),
          lambda a: answer_unit_category(a.doc, a.text, a.ans)),
    Route("what the department is", lambda a: bool(ABOUT_DEPARTMENT.search(a.text)),
          lambda a: answer_about_department(a.doc, a.ans)),
    Route("a duty", lambda a: bool(YES_NO_DUTY.search(a.text)), lambda a: answer_duty(a.doc, a.text, a.ans)),
    Route("a fund with nothing arranged", lambda a: a.intent in ("lookup", "total", "count") and bool(fund_named(a.text))
          and all(is_generic(m.key) or fund_named(a.text) in m.key for m in find_row_matches(a.doc, a.text)),
          answer_fund_not_arranged),
    Route("one row in two named tables", lambda a: a.intent in ("difference", "share"),
          lambda a: answer_across_two_tables(a.doc, a.query, a.text, a.ans)),
    Route("决算 against 年初预算 in the prose",
          lambda a: a.doc.kind == "决算" and a.intent in ("difference", "share", "change")
          and bool(re.search(r"年初预算|预算数|比预算", a.text)) and not re.search(r"比(?:去年|上年|20\d\d)", a.text),
          lambda a: answer_budget_against_actual(a.doc, a.query, a.text, a.ans)),
    Route("units counted for a subject", lambda a: bool(_UNITS_ASKED.search(a.text)) and names_a_subject(a.doc, a.text),
          lambda a: answer_units_stated(a.doc, a.text, a.ans)),
    Route("prose items' budgets added", lambda a: a.doc.kind == "决算" and a.intent == "total",
          lambda a: answer_budget_items_total(a.doc, a.text, a.ans)),
    Route("the department's whole budget", lambda a: a.intent in ("lookup", "total") and bool(_WHOLE_BUDGET.search(a.text))
          and len(re.sub(r"[的年度部门全局]", "", asked_words(a.doc, _WHOLE_BUDGET.sub("", question_key(a.text)),
                                                        bare=True))) <= 2,
          answer_whole_budget),  # nothing else named: '政府采购预算总额' is not the department's whole budget
    Route("a table's classes added", lambda a: a.intent == "total" and bool(_CLASSES_ADDED.search(a.text)),
          answer_classes_added),
    Route("a part of the procurement", lambda a: a.intent == "share",
          lambda a: answer_procurement_share(a.doc, a.text, a.ans)),
    Route("prose records", lambda a: a.intent in ("lookup", "list", "count", "total"),
          lambda a: answer_from_records(a.doc, a.text, a.ans)),
    Route("a sum read from the typed query", lambda a: a.intent == "total",
          lambda a: answer_sum(a.doc, read_query(a.doc, a.query.question, a.query), a.text, a.ans)),
    Route("a share read from the typed query", lambda a: a.intent == "share",
          lambda a: answer_share(a.doc, read_query(a.doc, a.query.question, a.query), a.text, a.ans)),
    Route("by intent", lambda a: a.intent in _INTENT_HANDLERS,
          lambda a: _INTENT_HANDLERS[a.intent](a.doc, a.query, a.text, a.ans)),
    Route("last year, not disclosed", lambda a: a.intent == "previous", refuse_previous),
    Route("a measured indicator", lambda a: bool(_MEASURE_ASKED.search(question_key(a.text))),
          lambda a: answer_measured_indicator(a.doc, a.text, _MEASURE_ASKED.search(question_key(a.text)).group(1) or "人",
                                              a.ans)),
    Route("project forms", lambda a: a.intent != "total" or "绩效" in a.text,
          lambda a: answer_form(a.doc, a.query, a.text, a.ans)),
    Route("a unit the tables do not list", lambda a: True, refuse_uncovered_unit, reads_rows=True),
    Route("ranking", lambda a: a.intent == "ranking", lambda a: answer_ranking(a.doc, a.query, a.text, a.ans),
          reads_rows=True),
    Route("one-row tables", lambda a: True, lambda a: answer_horizontal(a.doc, a.query, a.text, a.matches, a.ans),
          reads_rows=True),
    Route("only a total or a fund named", lambda a: bool(a.matches) and all(is_generic(m.key) for m in a.matches),
          answer_or_narrow_generic, reads_rows=True),
    Route("items listed and added", lambda a: items_named(a.text) >= 2,
          lambda a: answer_listed_sum(a.doc, a.query, a.text, a.ans), reads_rows=True),
    Route("two items compared, named loosely", lambda a: a.intent == "difference",
          lambda a: answer_loose_difference(a.doc, a.query, a.text, a.ans), reads_rows=True),
    Route("table rows", lambda a: True, lambda a: answer_from_rows(a.doc, a.query, a.text, a.matches, a.ans),
          reads_rows=True),
    Route("a sentence that answers", lambda a: True, lambda a: answer_from_narrative(a.doc, a.query, a.text, a.ans),
          reads_rows=True),
    Route("a term named in passing", lambda a: a.intent in ("lookup", "definition", "list")
          and (a.intent == "definition" or not re.search(r"多少|几", a.text)),  # a quantity asked is not a meaning
          lambda a: answer_definition(a.doc, a.query, a.text, a.ans, strict=a.intent != "definition"), reads_rows=True),
)
