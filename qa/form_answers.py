"""Answers from project forms (项目支出绩效目标表 and the like): a form's fields, its indicators and their sums."""
from __future__ import annotations

import re
from decimal import Decimal

from corpus.model import Disclosure, ProjectForm
from corpus.money import format_amount
from corpus.text import compact, label_key
from qa import compute
from qa.answer import NOT_IN_DISCLOSURE, Answer, Citation, Figure, refuse
from qa.form_indicators import INDICATOR_NUMBER, indicator_asked, indicator_named
from qa.forms_named import find_forms, overlap
from qa.resolve import uncovered_units
from qa.statements import money
from qa.table_hints import hinted_table, question_key, table_hint
from qa.understand import Query, normalise


SECRET = re.compile(r"涉密|不宜公开|不宣公开|不重公开|不予公开")

FORM_FIELDS = {  # question word → (ProjectForm attribute, label in the answer)
    "实施单位": ("implementing_unit", "实施单位"), "哪个单位": ("implementing_unit", "实施单位"),
    "谁实施": ("implementing_unit", "实施单位"), "由谁": ("implementing_unit", "实施单位"),
    "项目期": ("period", "项目期"), "几年": ("period", "项目期"), "属性": ("attribute", "项目属性"),
    "主管部门": ("department", "主管部门及代码"),
    "实施主体": ("implementing_unit", "实施主体"), "实施周期": ("period", "实施周期"), "周期": ("period", "实施周期"),
    "什么时候": ("period", "实施周期"), "起止": ("period", "实施周期"),
}


MEASURE_ASKED = re.compile(r"(?<!哪)(?:多少|几)(人次|人|名|辆|平方米|平(?![均衡])|路|天|个(?!项目|单位|预算单位|类|科目|款|项))|人数|面积")


def answer_form(doc: Disclosure, query: Query, text: str, ans: Answer) -> bool:
    forms = find_forms(doc, text)
    if forms and not query.follow_up and text != query.question:  # a project is named by its own name, not by
        said = {id(f) for f in find_forms(doc, normalise(query.question))}  # a class's everyday words (买车)
        forms = [f for f in forms if id(f) in said]
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
    if table_hint(text) and hinted_table(doc, text) is not None \
            and not re.search(r"绩效|实施期|年度资金|指标|实施单位|经办人|项目期", q):
        return False  # the table the question names answers, when the document prints it
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
        refuse(ans, f"{NOT_IN_DISCLOSURE}：“{forms[0].project}”项目支出绩效目标表中没有“{missing[0]}”的。")
        return True
    if len(forms) > 1 and query.intent in ("total", "ranking"):
        return answer_over_forms(doc, forms, q, query, ans)
    if len(forms) == 1 and query.intent == "total" and answer_indicator_sum(doc, forms[0], q, query, ans):
        return True
    if len(forms) > 1 and not any(w in q for w in ("哪些单位", "哪个单位", "实施单位", "都有")):
        forms_listing = "；".join(f"{f.implementing_unit}（第{f.source.line}行）" for f in forms)
        ans.answer = f"“{forms[0].project}”有{len(forms)}份项目支出绩效目标表，分属：{forms_listing}。请说明是哪个实施单位的。"
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
            ans.answer = f"全部{len(doc.forms)}份项目支出绩效目标表中的{label}都是：{value}。"
            return True
    return False


def funds_said(form: ProjectForm, q: str) -> list:
    """The form's fund lines the question names by the form's own words for them (中央财政资金, 财政拨款…)."""
    return [f for f in form.funds if len(compact(f.source_name)) >= 4 and compact(f.source_name) in q]


def fund_asked(form: ProjectForm, q: str):
    """The fund line the question names (the longest name said), else the total."""
    period = "实施期" if "实施期" in q else "年度"
    named = sorted((f for f in funds_said(form, q) if f.period == period), key=lambda f: -len(f.source_name))
    return named[0] if named else form.fund(period, "资金总额")


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
        ans.answer = (f"“{forms[0].project}”在{len(funds)}份项目支出绩效目标表中的{name}合计 {format_amount(total, 0)}元。"
                      f"明细：{listing}。验算：{check.expression}。")
        return True
    lowest = bool(re.search(r"最少|最低|最小", q))
    ans.basis = "ranking"
    form, line = (min if lowest else max)(funds, key=lambda fl: fl[1].amount)
    ans.figures.append(Figure(line.amount, "元", f"{form.implementing_unit} {name}"))
    ans.answer = (f"“{forms[0].project}”的{len(funds)}份项目支出绩效目标表中，{name}{'最少' if lowest else '最多'}的是"
                  f"{form.implementing_unit}，{format_amount(line.amount, 0)}元（第{line.source.line}行）。")
    return True


def answer_indicator_sum(doc: Disclosure, form: ProjectForm, q: str, query: Query, ans: Answer) -> bool:
    """Several cost indicators named in a list (A、B、C加起来): the named cost indicators of one form, summed."""
    in_period = [i for i in form.indicators if (i.period == "年度") == ("实施期" not in q)]
    named = [i for i in in_period if indicator_named(i.level3, q)]
    values = [(i, INDICATOR_NUMBER.search(i.value)) for i in named]
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
    head = f"“{form.project}”" + (f"（实施单位：{form.implementing_unit}）" if form.implementing_unit else "")
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
    asks_money = any(w in q for w in ("资金", "预算金额", "多少钱", "安排了多少")) or bool(funds_said(form, q))
    asks_people = bool(re.search(r"多少人|几人|多少名|几名|人数", q))
    in_period = [i for i in form.indicators if (i.period == "年度") == ("实施期" not in q)]
    indicator = None if asks_money else indicator_asked(form, in_period, q)
    if indicator is None and asks_people:  # 'how many people' is the 数量指标 counted in 人
        indicator = next((i for i in in_period if re.search(r"\d\s*人$", i.value)), None)
    if indicator:
        cite(indicator.level3, indicator.period, indicator.source)
        if SECRET.search(indicator.value):
            refuse(ans, f"{NOT_IN_DISCLOSURE}：{head}的绩效指标“{indicator.level3}”标注为“{indicator.value}”，未公开具体数值。")
            return
        ans.answer += (f"{head}的{indicator.period}绩效指标“{indicator.level3}”"
                       f"（{indicator.level1}/{indicator.level2}）的指标值为：{indicator.value}。")
        for value, unit in INDICATOR_NUMBER.findall(indicator.value):
            ans.figures.append(Figure(Decimal(value.replace(",", "")), unit, indicator.level3))
        return
    unrated = re.sub(r"[\u4e00-\u9fff]{0,6}率", "", q)  # a rate asked (预算执行率) asks no money
    if not asks_money and (asks_people or re.search(r"标准|指标|多少[^钱元]|几", q)
                           and not re.search(r"资金|预算|经费|金额|元", unrated)):
        refuse(ans, f"{NOT_IN_DISCLOSURE}：{head}项目支出绩效目标表中找不到问题所问的指标。")
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
