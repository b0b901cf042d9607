"""The route table: the kinds of question in the order they are tried, each with when it applies and the handler
that answers it."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from corpus.model import Disclosure
from qa.answer import NOT_IN_DISCLOSURE, Answer, refuse, unresolved
from qa.basic_parts import answer_basic_part, part_asked
from qa.cell_answers import verify_printed_total
from qa.column_answers import table_named_by
from qa.columns import choose_column, column_words_in, fund_named
from qa.final_prose import answer_budget_against_actual, answer_budget_items_total
from qa.follow_up import Context
from qa.form_answers import MEASURE_ASKED, answer_form, answer_measured_indicator
from qa.guards import answer_empty_fund
from qa.item_columns import answer_item_column
from qa.listed_items import answer_listed_sum, answer_loose_difference, items_named
from qa.one_row_tables import answer_horizontal
from qa.organisation import ABOUT_DEPARTMENT, YES_NO_DUTY, answer_about_department, answer_duty, answer_unit_category
from qa.prose_answers import (UNITS_ASKED, answer_change, answer_count, answer_definition, answer_from_narrative,
                              answer_list, answer_previous, answer_reason, answer_units_stated, names_a_subject)
from qa.query import read_query
from qa.quotes import answer_with_sentences, best_sentences, coverage
from qa.ranking import answer_ranking
from qa.records import answer_from_records, answer_procurement_share
from qa.resolve import Match, asked_words, find_row_matches, is_generic, uncovered_units
from qa.row_answers import answer_from_rows
from qa.share_of import answer_share
from qa.statements import state_sum
from qa.sum_of_items import answer_sum
from qa.table_hints import hinted_table, question_key, table_hint, table_named
from qa.two_tables import answer_across_two_tables
from qa.understand import DEFINITION_ASKED, Query, chinese_number


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
    a.ans.answer, a.ans.citations, a.ans.figures = empty.answer, empty.citations, empty.figures
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
    elif sum(len(m.key) for m in matches) < 0.25 * len(asked_words(doc, text, bare=True)):  # most words unread
        unresolved(a.ans, f"{NOT_IN_DISCLOSURE}：找不到问题所说的项目。")
        return True
    return False


ROUTES: tuple[Route, ...] = (
    Route("what a term means", lambda a: a.intent not in ("reason", "change") and bool(DEFINITION_ASKED.search(a.text)),
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
    Route("units counted for a subject", lambda a: bool(UNITS_ASKED.search(a.text)) and names_a_subject(a.doc, a.text),
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
    Route("a measured indicator", lambda a: bool(MEASURE_ASKED.search(question_key(a.text))),
          lambda a: answer_measured_indicator(a.doc, a.text, MEASURE_ASKED.search(question_key(a.text)).group(1) or "人",
                                              a.ans)),
    Route("project forms", lambda a: a.intent != "total" or "绩效" in a.text,
          lambda a: answer_form(a.doc, a.query, a.text, a.ans)),
    Route("a unit the tables do not list", lambda a: True, refuse_uncovered_unit, reads_rows=True),
    Route("a part of 基本支出 by its classes", lambda a: a.intent in ("lookup", "total") and bool(part_asked(a.text)),
          lambda a: answer_basic_part(a.doc, a.text, a.matches, a.ans), reads_rows=True),
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
    Route("an item printed as a column", lambda a: a.intent == "lookup" and not a.matches,
          lambda a: answer_item_column(a.doc, a.query.question, a.text, a.ans), reads_rows=True),
    Route("a sentence that answers", lambda a: True, lambda a: answer_from_narrative(a.doc, a.query, a.text, a.ans),
          reads_rows=True),
    Route("a term named in passing", lambda a: a.intent in ("lookup", "definition", "list")
          and (a.intent == "definition" or not re.search(r"多少|几", a.text)),  # a quantity asked is not a meaning
          lambda a: answer_definition(a.doc, a.query, a.text, a.ans, strict=a.intent != "definition"), reads_rows=True),
)
