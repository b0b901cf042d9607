"""Which of the rows a question's words match it means: namesakes told apart by their parent, their qualifier or
the table, parts not counted with their whole, one table that prints every item asked."""
from __future__ import annotations

import re

from corpus.model import Row, Table
from corpus.tables import inline_code
from corpus.text import compact
from qa.cell_answers import value_in
from corpus.units import name_variants
from qa.columns import choose_column, rank_tables
from qa.resolve import Match, unit_names
from qa.table_hints import question_key


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


def under_each_other(matches: list[Match]) -> list[Match]:
    """A name whose rows are printed under another name the question says (工资福利支出 under a unit's row of a
    table by unit) is read in those rows only, whichever table would hold it otherwise."""
    names = [{m.key} | {compact(r.label) for _, r in m.rows} for m in matches]
    narrowed = []
    for i, m in enumerate(matches):
        others = set().union(*(n for j, n in enumerate(names) if j != i))
        under = [(t, r) for t, r in m.rows
                 if any(compact(x) in others for x in r.qualifier_names + ((r.parent,) if r.parent else ()))]
        under = under or part_said_of(m, [o for j, o in enumerate(matches) if j != i])
        narrowed.append(Match(m.key, m.position, under) if under else m)
    return narrowed


def part_said_of(match: Match, others: list[Match]) -> list[tuple[Table, Row]]:
    """A name said of another named row whose parts print it in other words (上年结转结余 › 一般公共预算拨款, said
    as its 一般公共预算资金): the one part whose label begins as the name does, by four characters or more."""
    def common(a: str, b: str) -> int:
        return next((n for n, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    parts = [(common(compact(r.label), match.key), t, r) for o in others for t, whole in o.rows
             for r in t.rows if whole.holds(r) and r.parent == whole.label]
    best = max((n for n, _, _ in parts), default=0)
    found = [(t, r) for n, t, r in parts if n == best]
    return found if best >= 4 and len(found) == 1 else []


def drop_qualifier_mentions(groups, q: str) -> list[list[tuple[Table, Row]]]:
    """'A under group G', 'A (its 经济分类 name + group)': a name that qualifies another match's rows (its
    economic-classification label or its group) narrows those rows instead of standing for its own row."""
    # a match is known by the words said and by the labels of its rows (a unit said by its short name)
    names = {m.key: {m.key} | {compact(r.label) for _, r in m.rows} for m, _ in groups}
    every = set().union(*names.values()) if names else set()
    result, used = [], set()
    for m, rows in groups:
        context = lambda r: [compact(x) for x in r.qualifier_names + ((r.parent,) if r.parent else ())
                             if compact(x) not in names[m.key]]
        named = [(t, r) for t, r in rows if any(x in every for x in context(r))]
        if named:
            used |= {x for _, r in named for x in context(r) if x in every}
            rows = [(t, r) for t, r in named if any(compact(x) in q for x in r.qualifier_names)] or named
        result.append((m, rows))
    return [rows for m, rows in result if not names[m.key] & used and rows]


def pick_rows(match, text: str) -> list[tuple[Table, Row]]:
    """All rows of the best-fitting table carrying the label (a label can repeat within a table)."""
    q = question_key(text)
    # a qualifier named outside the row's own name ('社会保障缴费' inside '其他社会保障缴费' qualifies nothing); the rows
    # so named are the table's the question means (a unit's project, named with the unit)
    qualified = [(t, r) for t, r in match.rows if any(compact(x) in q.replace(compact(r.label), "|")
                                                      and compact(x) != compact(r.label) for x in r.qualifier_names)]
    coded = [(t, r) for t, r in match.rows if any(code_said(c, q) for c in r.qualifier_codes)]
    # a qualifier named by its code: its rows; one row asked (那一行), the one whose every qualifier is named
    one_row = [(t, r) for t, r in coded if every_qualifier_named(r, q)] if re.search(r"[那这]一?行", q) else []
    qualified = one_row or coded or qualified
    ranked = rank_tables(qualified or match.rows, text)
    best_table = ranked[0][0]
    rows = [(t, r) for t, r in ranked if t is best_table]
    qualified = [(t, r) for t, r in qualified if t is best_table]
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


def code_said(code: str, q: str) -> bool:
    return re.search(rf"(?<!\d){code}(?!\d)", q) is not None


def every_qualifier_named(row: Row, q: str) -> bool:
    return all(code_said(code, q) or compact(name) in q for code, name in
               (inline_code(x) for x in row.qualifiers))


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
        exact = [(t, r) for t, r in rows if any(compact(x) == value for x in r.qualifier_names)]
        if exact:
            return exact
    # 'A under G (code)': the rows whose second label, its printed code aside, the question names — a second label
    # the same as the first (委托业务费 under 委托业务费) singles out nothing the first does not
    mentioned = [(t, r) for t, r in rows
                 if any(len(name := compact(inline_code(x)[1])) >= 2 and name in q and name != compact(r.label)
                        for x in r.qualifier_names)]
    return mentioned if 0 < len(mentioned) < len(rows) else rows


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


def unit_said(doc, q: str) -> str:
    """The longest name of one of the document's units the question says (with or without its city), or ''."""
    said = [v for u in unit_names(doc) for v in name_variants(u) if len(v) >= 4 and v in q and v != doc.department]
    return max(said, key=len, default="")
