"""Questions answered from the facts the disclosure states only in prose, read by corpus.prose into typed records:
政府采购 (total and its parts), vehicles held or to be bought, 绩效目标 coverage (projects, funds, average score).

Each figure is stated as printed ('1486.42万元', '3辆') and cites the line it is printed on.

    >>> from corpus.model import Procurement, Source, Stated
    >>> from decimal import Decimal
    >>> source = Source("d", 10, "政府采购预算1486.42万元，其中：货物预算3.66万元")
    >>> record = Procurement("预算", [Stated("合计", Decimal("14864200"), "元", "1486.42万元", source),
    ...                            Stated("货物", Decimal("36600"), "元", "3.66万元", source)])
    >>> [s.label for s in procurement_items(record, "政府采购预算包含哪几类，分别多少")]
    ['货物']
    >>> [s.label for s in procurement_items(record, "政府采购预算一共多少")]
    ['合计']
"""
from __future__ import annotations

import re
from decimal import Decimal

from corpus.model import Disclosure, Procurement, Stated
from corpus.text import compact
from qa import compute
from qa.answer import Answer, Citation, Figure

_PARTS = ("货物", "工程", "服务")
_RESERVED = (("小微", "面向小微企业预留"), ("小型和微型", "面向小微企业预留"), ("中小企业", "面向中小企业预留"))
_ALL_PARTS = re.compile(r"各(?:是|为)?多少|分别|哪几类|哪几块|哪些类|分哪|构成|组成")
_PRINTED = re.compile(r"(\d[\d,]*(?:\.\d+)?)(.*)")
_VEHICLES = re.compile(r"车|车辆")
_TO_BUY = re.compile(r"购置|购买|买|新增|添置")
_PERFORMANCE = re.compile(r"绩效")
_COVERAGE_WORDS = re.compile(r"编报|纳入|报了|填报|申报|做了|设置|设定|设了|实行|开展|涉及|平均得分|自评|跟踪|覆盖")
_STAGES = (("自评", "绩效自评"), ("跟踪", "绩效跟踪评价"), ("评价", "绩效评价"), ("编报", "编报绩效目标"), ("目标", "编报绩效目标"))


def answer_from_records(doc: Disclosure, text: str, ans: Answer) -> bool:
    """Answer `text` from the document's prose records when it asks about one; False to leave it to others."""
    q = compact(text)
    if "采购" in q and doc.procurement:
        return state(doc, ans, procurement_items(doc.procurement[0], q), "政府采购")
    if _VEHICLES.search(q) and re.search(r"几[辆台]|多少[辆台]|辆数|车辆数|数量|编制", q) and not re.search(r"费|元|金额|经费", q) \
            and doc.assets:
        return state(doc, ans, vehicle_items(doc, q), "车辆")
    if _PERFORMANCE.search(q) and _COVERAGE_WORDS.search(q) and doc.performance:
        return state(doc, ans, performance_items(doc, q), "绩效")
    return False


def answer_procurement_share(doc: Disclosure, text: str, ans: Answer) -> bool:
    """A procurement kind's share (货物 of the whole): a part of the procurement the text states, over the total
    it states."""
    q = compact(text)
    if "采购" not in q or "占" not in q or not doc.procurement:
        return False
    record = doc.procurement[0]
    parts = [p for p in _PARTS if p in q]
    total, part = record.item("合计"), record.item(parts[0]) if len(parts) == 1 else None
    if total is None or part is None:
        return False
    (part_value, part_unit), (total_value, total_unit) = printed(part), printed(total)
    if part_unit != total_unit or not total_value:
        return False
    shared = compute.share(part_value, total_value)
    if isinstance(shared, compute.Uncomputable):
        return compute.refuse(ans, shared)
    pct, check = shared
    ans.checks.append(check)
    for item in (part, total):
        ans.citations.append(Citation(doc.id, "政府采购", item.label, "", item.source.line, item.source.text))
    ans.figures += [Figure(pct, "%", f"政府采购 · {part.label}占合计"), Figure(part_value, part_unit, part.label),
                    Figure(total_value, total_unit, "合计")]
    ans.intent, ans.basis = "share", "narrative"
    ans.answer = (f"政府采购中{part.label} {part.printed}（第{part.source.line}行），占合计 {total.printed}的 "
                  f"{compute.fmt(pct)}%。验算：{check.expression}。")
    return True


def procurement_items(record: Procurement, q: str) -> list[Stated]:
    reserved = [label for word, label in _RESERVED if word in q]
    if reserved:
        return [s for s in [record.item(reserved[0])] if s]
    named = [p for p in _PARTS if p in q]
    if not named and _ALL_PARTS.search(q):
        named = list(_PARTS)
    if named and (re.search(r"一共|总共|总额|合计|总计", q) or q.count("多少") >= 2):
        named = ["合计"] + named  # the total asked together with each kind: the total, then its parts
    return [s for s in (record.item(p) for p in named or ["合计"]) if s]


def vehicle_items(doc: Disclosure, q: str) -> list[Stated]:
    planned = bool(_TO_BUY.search(q))
    holdings = [a for a in doc.assets if a.planned == planned]
    if not holdings:
        return []
    holding = holdings[0]
    kinds = [s for s in holding.by_kind if compact(s.label) in q or compact(s.label).replace("用车", "") in q]
    return kinds or [holding.vehicles]


def performance_items(doc: Disclosure, q: str) -> list[Stated]:
    stage = next((name for word, name in _STAGES if word in q), "")
    records = [p for p in doc.performance if not stage or p.stage == stage] or []
    if not records:
        return []
    record = records[0]
    if re.search(r"得分|分数|评分", q):
        return [record.score] if record.score else []
    counts = re.search(r"几个|多少个|多少项(?!目)|项目数", q)
    if re.search(r"资金|金额|多少钱|万元|预算", q) and not counts:
        return [record.funds]
    if counts and re.search(r"单位", q):
        return [record.budget_units] if record.budget_units else []  # 几个单位: the units, not the projects
    if counts:
        return [record.projects]
    return []


def state(doc: Disclosure, ans: Answer, items: list[Stated], topic: str) -> bool:
    """The items as printed, each cited; nothing stated when no record holds what is asked."""
    items = [s for s in items if s is not None]
    if not items:
        return False
    parts = []
    for item in items:
        value, unit = printed(item)
        ans.figures.append(Figure(value, unit, f"{topic} · {item.label}"))
        ans.citations.append(Citation(doc.id, topic, item.label, "", item.source.line, item.source.text))
        parts.append(f"{item.label} {item.printed}（第{item.source.line}行）")
    ans.answer = f"{topic}：" + "；".join(parts) + "。"
    ans.basis = "narrative"
    total = next((printed(i) for i in items if i.label == "合计"), None)
    rest = [printed(i) for i in items if i.label != "合计"]
    if total is not None and len(rest) >= 2 and all(unit == total[1] for _, unit in rest):
        check = compute.check_total([value for value, _ in rest], total[0], f"{topic}各项之和")
        ans.checks.append(check)  # the stated total against its stated parts
        ans.intent = "total"
        ans.answer += f" 验算：{check.expression}（所述合计 {total[0]}{total[1]}）。"
    return True


def printed(item: Stated) -> tuple[Decimal, str]:
    """The figure and unit as the text prints them ('1486.42万元' → 1486.42, 万元)."""
    found = _PRINTED.match(item.printed.replace(",", ""))
    return (Decimal(found.group(1)), found.group(2)) if found else (item.value, item.unit)
