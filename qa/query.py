"""The typed reading of a question (issue 24): what it asks, read once, each slot with the words that filled it and
where their meaning came from.

Sources, in the order slot filling tries them: `document` (a row's label, a table's title or the department as the
disclosure prints it), `code` (a 科目 code the question gives: printed by the table, or the national one of a row the
table prints without it), `classification` (the standard's name of a code), `lexicon` (everyday words keyed to a code
or a column's meaning, qa/lexicon.json), `vocabulary` (other words qa/vocabulary.json rewrites), `cue` (the words that
say the operation), `fuzzy` (a label matched by its characters, not its words), `default` (nothing said: the
document's own year, the table's total column).

    >>> from corpus.parser import parse_text
    >>> text = "\\n".join(["2026年某局部门预算", "一般公共预算基本支出表", "单位：万元", "科目名称\\t合计",
    ...                   "合计\\t30.00", "商品和服务支出\\t30.00", "差旅费\\t10.00", "公务接待费\\t20.00"])
    >>> doc = parse_text(text, "d", "某局", 2026, "预算")
    >>> q = read_query(doc, "某局出差的钱今年一共多少万元？")
    >>> q.operation.value, q.operation.words, [(i.value, i.source) for i in q.items], q.unit.value
    ('sum', '一共', [('差旅费', 'lexicon')], '万元')
    >>> q.items[0].words, q.items[0].code
    ('出差的钱', '30211')
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus.classification import standard_name
from corpus.model import Disclosure
from qa.lexicon import columns_named, items_named, synonyms
from qa.resolve import find_row_matches, label_key, unit_names
from qa.scope import department_mention
from qa.table_hints import hinted_table, question_key
from qa.terms import vocabulary
from qa.understand import DEFINITION_ASKED, INTENT_CUES, LEFT_OUT, Query, normalise, understand

OPERATIONS = {"lookup": "lookup", "total": "sum", "difference": "difference", "share": "share", "change": "change",
              "previous": "change", "ranking": "ranking", "count": "count", "list": "list",
              "definition": "definition", "reason": "reason", "form": "description"}
_WHICH = re.compile(r"哪几(?:个|项|家|类|种|笔)?")
_NAMED_AFTER = re.compile(r"[\u4e00-\u9fff]")  # a noun after '包括哪些': the things listed are named


@dataclass
class Slot:
    value: str
    words: str = ""  # the question's own words that filled it ('' when nothing was said)
    source: str = "default"


@dataclass
class Item(Slot):
    """A row the question measures: its label as printed, the tables that print it, its 科目 code when known."""
    code: str = ""
    tables: tuple[str, ...] = ()
    unit: bool = False  # the row is an organisational unit's (a table by unit): a scope, not a kind of spending


@dataclass
class Column(Slot):
    """What the question says of the column: its stage (决算, 年初预算…), part (基本支出, 人员经费…) or fund."""
    kind: str = ""


@dataclass
class BudgetQuery:
    question: str
    operation: Slot
    items: list[Item] = field(default_factory=list)
    left_out: list[Slot] = field(default_factory=list)
    table: Slot | None = None
    columns: list[Column] = field(default_factory=list)
    department: Slot | None = None
    years: list[Slot] = field(default_factory=list)
    unit: Slot | None = None
    top_n: int = 0

    def slots(self) -> list[tuple[str, Slot]]:
        named = [("operation", self.operation)] + [("item", i) for i in self.items] + \
            [("left out", s) for s in self.left_out] + [(f"column.{c.kind}", c) for c in self.columns] + \
            [("year", y) for y in self.years]
        named += [(name, slot) for name, slot in (("table", self.table), ("department", self.department),
                                                  ("unit", self.unit)) if slot is not None]
        return named


def read_query(doc: Disclosure, question: str, query: Query | None = None) -> BudgetQuery:
    """The question read in the terms of `doc`. `query`: the understanding already made of it (qa.understand)."""
    query = query or understand(question, doc.department)
    said = normalise(question)
    return BudgetQuery(
        question=question, operation=operation_slot(doc, query), items=item_slots(doc, query.text, said),
        left_out=[Slot(m.group(0), m.group(0), "cue") for m in LEFT_OUT.finditer(said)],
        table=table_slot(doc, query.text), columns=column_slots(said, query.text),
        department=department_slot(doc, said), years=year_slots(doc, query, said),
        unit=Slot(query.wants_unit, query.wants_unit, "cue") if query.wants_unit else None, top_n=query.top_n)


def operation_slot(doc: Disclosure, query: Query) -> Slot:
    """The operation the intent cues say, but: which ones (哪几…) is a list, not a count; a term's meaning asked is a
    definition, and what a term covers (…包括哪些) too, unless the things listed are named (…包括哪些处室: a list); a
    figure of the year before the document's is a change (read back from this year's)."""
    if query.intent == "count" and (which := _WHICH.search(query.text)):
        return Slot("list", which.group(0), "cue")
    asked = DEFINITION_ASKED.search(query.text) if query.intent in ("lookup", "list", "definition") else None
    if asked and not (asked.group(0).endswith("哪些") and _NAMED_AFTER.match(query.text, asked.end())):
        return Slot("definition", asked.group(0), "cue")
    if asks_last_year(doc, query):
        return Slot("change", next((y.words for y in year_slots(doc, query, query.text) if y.words), ""), "cue")
    cue = next((c for intent, cues in INTENT_CUES if intent == query.intent for c in cues if c in query.text), "")
    return Slot(OPERATIONS.get(query.intent, query.intent), cue, "cue" if cue else "default")


def asks_last_year(doc: Disclosure, query: Query) -> bool:
    """A figure asked of the year before the document's (not its carry-over, 上年结转, printed this year)."""
    last_year = query.relative_year == "last_year" or bool(doc.year and doc.year - 1 in query.years)
    return last_year and query.intent in ("lookup", "total") and not PRINTED_THIS_YEAR.search(query.text)


# the year before named of what this year's document prints: its carry-over (上年结转) and a stock at that year's end
# (截至2025年底的车辆, in the genre's 国有资产占用情况)
PRINTED_THIS_YEAR = re.compile(r"上年结转|以前年度|截至|截止|12月31日|年[底末](?!.*(?:结转|结余))")


def item_slots(doc: Disclosure, text: str, said: str) -> list[Item]:
    """The rows the question names, each with the words that named them: the document's label, a code, everyday
    words written as the label (lexicon or vocabulary), or some of the label's characters."""
    lexicon = items_named(said)
    units = unit_names(doc)
    items = []
    for match in find_row_matches(doc, text):
        table, row = match.rows[0]
        code = row.subject_code
        if code and code == match.key:
            source, words = "code", match.key
        elif match.fragment:  # some of the label's characters, read by qa.label_fragments
            source, words = "fuzzy", match.key
        elif match.key in question_key(said):
            source, words = "document", match.key
        elif match.key not in question_key(text):  # read from some of its characters (qa.resolve)
            source, words = "fuzzy", ""
        else:
            known = [(c, w) for c, w in lexicon if c == code or standard_name(c).startswith(match.key)
                     or match.key in standard_name(c) or printed_as(synonyms().get(w, w), row.label)]
            source, words = ("lexicon", known[0][1]) if known else ("vocabulary", vocabulary_words(said, match.key))
            code = code or (known[0][0] if known else "")
        items.append(Item(row.label, words, source, code=code, tables=tuple(dict.fromkeys(t.title for t, _ in match.rows)),
                          unit=label_key(row.label, doc.department) in units))
    coded = [c for c in lexicon_items(doc, [(c, w) for c, w in lexicon if not any(i.code == c for i in items)])
             if not any(i.value == c.value and i.words == c.words for i in items)]  # one label the words named once
    # everyday words keyed to a code the document prints name that row, rather than a row read from some characters
    items = [i for i in items if not (coded and i.source == "fuzzy")] + coded
    place = lambda i: (said.find(i.words) if i.words and i.words in said else len(said), text.find(i.value))
    return sorted(items, key=place)  # as the question names them


def printed_as(say: str, label: str) -> bool:
    """The lexicon's printed form of an item is in the label, brackets of either width ('因公出国（境）' in
    '其中：（一）因公出国(境)支出'): a row the table prints without the item's code."""
    fold = str.maketrans("（）", "()")
    return len(say) >= 4 and say.translate(fold) in label.translate(fold)


def lexicon_items(doc: Disclosure, named: list[tuple[str, str]]) -> list[Item]:
    """The rows of the codes the lexicon's words name, where the document prints them (by code or national code)."""
    items = []
    for code, words in named:
        rows = [(t, r) for t in doc.tables for r in t.rows if r.subject_code == code]
        if rows:
            items.append(Item(rows[0][1].label, words, "lexicon", code=code,
                              tables=tuple(dict.fromkeys(t.title for t, _ in rows))))
    return items


def vocabulary_words(said: str, key: str) -> str:
    """The question's words the vocabulary wrote as (part of) `key`: the longest stretch of `said` covered by
    overlapping synonyms ('机关运转' and '运转经费' make one stretch, written as 机关运行经费)."""
    words = [w for w, target in vocabulary()["synonyms"].items() if w in said and isinstance(target, str)
             and target.replace("{department}", "") in key]
    spans = sorted((said.find(w), said.find(w) + len(w)) for w in words)
    merged = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return max((said[s:e] for s, e in merged), key=len, default="")


def table_slot(doc: Disclosure, text: str) -> Slot | None:
    table = hinted_table(doc, text)
    return Slot(table.title, "", "document") if table is not None else None


def column_slots(said: str, text: str) -> list[Column]:
    """Stage, part of spending and kind of fund, each from the words the question used for it: the lexicon's, or
    other words the vocabulary wrote as a column's name."""
    found = [Column(meaning, words, "lexicon", kind=kind) for kind, meaning, words in columns_named(said)]
    for kind, meaning, words in columns_named(text):
        if not any(c.value == meaning for c in found):
            found.append(Column(meaning, words, "vocabulary", kind=kind))
    return found


def department_slot(doc: Disclosure, said: str) -> Slot:
    mention = department_mention(said, doc.department) if doc.department else ""
    return Slot(doc.department, mention, "document" if mention else "default")


def year_slots(doc: Disclosure, query: Query, said: str) -> list[Slot]:
    years = [Slot(str(y), f"{y}年" if f"{y}年" in said else str(y), "question") for y in query.years]
    if query.relative_year and doc.year:
        year = doc.year - 1 if query.relative_year == "last_year" else doc.year
        word = next((w for w in re.findall(r"去年|上年度?|上一年|前一年|今年|本年度?|当年", said)), query.relative_year)
        years.append(Slot(str(year), word, "question"))
    return years or ([Slot(str(doc.year), "", "default")] if doc.year else [])


def explain(query: BudgetQuery) -> str:
    """One line per slot: its value, and the words and source that filled it."""
    lines = [f"问题：{query.question}"]
    for name, slot in query.slots():
        extra = ""
        if isinstance(slot, Item):
            extra = (" 单位" if slot.unit else "") + (f" 科目{slot.code}" if slot.code else "") + (f" 表：{'；'.join(slot.tables)}" if slot.tables else "")
        evidence = f"「{slot.words}」" if slot.words else "（未说明）"
        lines.append(f"  {name}: {slot.value}{extra} ← {evidence} {slot.source}")
    if query.top_n:
        lines.append(f"  top: {query.top_n}")
    return "\n".join(lines)
