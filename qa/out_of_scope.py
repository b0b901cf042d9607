"""Questions the loaded disclosure cannot answer by their scope: another year, another department, actual
spending asked of a budget, a unit whose figures are merged into another's, one person's pay.

    >>> [bool(_PERSONAL_PAY.search(q)) for q in ("某中心主任的月薪", "馆长的年薪", "处长每月收入",
    ...                                          "工资福利支出合计", "人均工资", "基本工资多少", "局本级工资多少")]
    [True, True, True, False, False, False, False]
"""
from __future__ import annotations

import re

from corpus.model import Disclosure
from corpus.text import compact, occurrences
from qa.answer import NOT_IN_DISCLOSURE
from qa.query import PRINTED_THIS_YEAR
from qa.resolve import label_key
from qa.scope import department_aliases, department_mention
from qa.table_hints import question_key
from qa.understand import Query


# one person's pay (a post's holder or 'someone'): a disclosure prints a department's and its units' money only
_PERSONAL_PAY = re.compile(r"(?:[局院校处科厅部队所站馆行园]长|主任|书记|主席|个人|本人|某人)"
                           r"(?:的|一年|每年|每月|每个月|一个月|年|月)?(?:的)?(?:工资|年薪|月薪|薪水|薪酬|收入|奖金|待遇)")
ACTUAL_SPENDING = ("实际支出", "实际花", "实际使用", "实际用了", "决算数", "执行数", "执行情况", "花了多少", "实际发生")


def scope_refusal(doc: Disclosure, query: Query) -> str:
    text = query.text
    previous_ok = query.intent in ("change", "reason", "previous") or bool(PRINTED_THIS_YEAR.search(text))
    years = [y for y in query.years if not (previous_ok and doc.year and y == doc.year - 1)]
    if years and doc.year and doc.year not in query.years:
        years = "、".join(str(y) for y in years)
        return f"{NOT_IN_DISCLOSURE}：已载入的是{doc.department}{doc.year}年{doc.kind}，没有{years}年的数据。"
    if query.relative_year == "last_year" and not previous_ok:
        return f"{NOT_IN_DISCLOSURE}：已载入的是{doc.year}年{doc.kind}，上年的数字只在情况说明的增减变动中出现，没有单列。"
    asked = compact(query.question)  # the question's own words: the vocabulary maps 执行数 to 决算数
    if _PERSONAL_PAY.search(asked):
        return f"{NOT_IN_DISCLOSURE}：部门预算公开的是部门和所属单位的收支，不公开个人的工资收入。"
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


_HOW_MANY_OF_A_KIND = re.compile(r"[一两二三四五六七八九十几多各每这那][所家个](?:学校|医院|单位)$")


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
    known |= {name for t in doc.tables for r in t.rows for name in (r.label, *r.qualifier_names)}
    aliases = department_aliases(doc.department)
    q = question_key(text).replace(doc.department, "|")
    labels = {compact(k) for k in known} | {re.sub(r"支出$", "", compact(k)) for k in known}
    inside = [(at, at + len(k)) for k in labels if len(k) >= 4 for at in occurrences(q, k)]
    for found in _DEPARTMENT_NAME.finditer(q):
        if any(a < found.end() < b for a, b in inside):
            continue  # '…财政委' running into the row label 财政委托业务 names no department
        # the words of a sentence before a name: asking (哪些…), joining (和…), leaving out (除了…)
        name = re.sub(r"^.*(哪些|哪个|什么|几个|多少|管|的|和|与|及|是|比|年度|年|除了|除去|不含|不包括|扣除|\|)", "",
                      found.group(1))
        if re.search(r"[给把交到从向让被花加]", name) or q[found.end():found.end() + 1] == "托" \
                or _HOW_MANY_OF_A_KIND.search(name):
            continue  # '上交给局', '花钱委托', '…加上委托', '两所学校': words of a sentence, not a department's name
        if name in aliases or department_mention(name, doc.department) == name or len(name) < 3 \
                or name.endswith(("分局", "本级", "全局", "本局", "该局", "我局")) \
                or any(name in k or k.endswith(name) for k in known):
            continue
        if re.sub(r"^(市|区|县|省|本|该|这个|哪个|各)", "", name) in ("局", doc.department[-3:], doc.department[-2:]):
            continue  # '市公安局' for 大同市公安局, '本局': the department itself
        return name
    return ""
