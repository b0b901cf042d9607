"""The things a list, count or ranking question may be about that are not a table's rows: the document's tables,
project forms of a unit, glossary entries, numbered duties and the organisational units of its 机构设置."""
from __future__ import annotations

import re

from corpus.model import Disclosure
from qa.answer import Citation
from qa.collection import Collection, Item
from qa.forms_named import find_forms
from qa.resolve import is_subsequence, label_key
from qa.table_hints import table_hint

EXCLUDED = re.compile(r"(?:不含|不包括|不算|不计|排除|去掉|扣除|除了|除去?)([^）)，,。?]+)")
_NUMBERED = re.compile(r"^\d+[、.．]")
UNIT_END = set("局队所处站院室办心")  # how the names of organisational units end (分局, 支队, 看守所, 中心 …)


def tables_of_document(doc: Disclosure, q: str, text: str) -> Collection | None:
    if not re.search(r"(几|多少)(张|个)?(预算|公开)?表|哪些表", q) or "绩效" in q or table_hint(text):
        return None
    return Collection("公开的预算表", items=[
        Item(t.title, None, Citation(doc.id, t.title, "", "", t.line_start, doc.lines[t.line_start - 1]))
        for t in doc.tables])


def category_members(doc: Disclosure, q: str) -> list[str] | None:
    """The units of a 机构设置 category the question names (直属分局), or None when it names none."""
    categories = {u.relation for u in doc.org_units if len(u.relation) > 2}
    named = [c for c in categories if c in q]
    return [label_key(u.name, doc.department) for u in doc.org_units if u.relation in named] if named else None


def is_same_unit(a: str, b: str) -> bool:
    """平城分局 and 平城区分局, 直属二分局 and 直属第二分局 name one unit."""
    return a == b or is_subsequence(a, b) or is_subsequence(b, a)


def forms_of_unit(doc: Disclosure, q: str, text: str) -> Collection | None:
    if not re.search(r"绩效", q):
        return None
    units = {f.implementing_unit for f in doc.forms}
    named = [u for u in units if u and label_key(u, doc.department) in q and label_key(u, doc.department) != doc.department]
    if not named and doc.department + "本级" in q:
        named = [u for u in units if u == doc.department]
    projects = [] if named else find_forms(doc, text)
    forms = [f for f in doc.forms if f.implementing_unit in named] if named else (projects or doc.forms)
    if not forms:
        return None
    whose = "、".join(named) or (forms[0].project if projects else doc.department)
    return Collection(f"{whose}的项目绩效目标表", "元", "年度资金总额",
                      [Item(f.project, f.annual_funds_yuan, funds_citation(doc, f)) for f in forms])


def funds_citation(doc: Disclosure, form) -> Citation:
    """The line printing the form's annual funds (the figure listed), else its 项目名称 line."""
    funds = form.fund("年度")
    if funds is not None and funds.amount is not None:
        return Citation(doc.id, form.project, "年度资金总额", form.implementing_unit, funds.source.line, funds.source.text)
    return Citation(doc.id, form.project, "实施单位", form.implementing_unit, form.source.line, form.source.text)


def glossary_entries(doc: Disclosure, q: str, text: str) -> Collection | None:
    if "名词" not in q:
        return None
    return Collection("名词解释", items=[
        Item(g.term, None, Citation(doc.id, "名词解释", g.term, "", g.source.line, g.source.text))
        for g in doc.glossary])


def numbered_duties(doc: Disclosure, q: str, text: str) -> Collection | None:
    if "职责" not in q:
        return None
    paras = [p for p in doc.paragraphs if "职责" in p.section and _NUMBERED.match(p.text)]
    return Collection("部门职责", items=[
        Item(p.text[:30], None, Citation(doc.id, p.section, "", "", p.source.line, p.source.text))
        for p in paras])


def organisation_units(doc: Disclosure, q: str, text: str) -> Collection | None:
    kinds = "|".join(re.escape(k) for k in {u.name[-k:] for u in doc.org_units for k in (2, 3)
                                             if len(u.name) > k + 1 and u.name[-1] in UNIT_END})  # 看守所, 公安局 …
    asks_kind = bool(kinds) and re.search(rf"(?:哪些|哪几个|几个|多少个|几家|多少家)[^，。,?？]{{0,6}}(?:{kinds})", q)
    if not (re.search(r"下辖|现辖|直属|下属|管哪些|所属|机构|(?:哪些|几家|几个|多少家?)(?:预算)?单位|单位构成", q)
            or asks_kind) or table_hint(text):
        return None
    q = EXCLUDED.sub("", q)
    units = doc.org_units
    relation = next((u.relation for u in sorted(units, key=lambda u: -len(u.relation)) if u.relation in q), "")
    if relation or re.search(r"下辖|管哪些|县", q):
        units = [u for u in units if u.relation == (relation or units[0].relation)]
    asked = re.split(r"哪些|几个|多少个|什么", q, maxsplit=1)[-1]
    # the kinds asked for, as the document's own unit names end ('看守所', '公安局'): no list of one sector's words
    endings = {u.name[-k:] for u in units for k in (2, 3, 4, 5) if len(u.name) > k and u.name[-k:] in asked}
    if endings:
        units = [u for u in units if any(u.name.endswith(e) for e in endings)] or units
    units = [u for u in units if not any(o is not u and o.name.endswith(u.name) for o in units)]  # 区司法局本部 in 普陀区司法局本部
    return Collection("机构设置中列出的单位", items=[
        Item(u.name + (f"（{u.note}）" if u.note else ""), None,
             Citation(doc.id, "机构设置", u.name, u.relation, u.source.line, u.source.text))
        for u in units])
