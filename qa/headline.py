"""Which figure of a quoted sentence answers the question: the one whose lead-in names the subject asked and is
of the measure asked (an amount, a change, a percentage, a count in the unit asked).

A sentence of the genre strings several figures together ("当年拨款收入108,057.24万元，上年结转收入0.00万元";
"三公经费1,597.50万元比2022年同口径减少25.48万元"): quoting it answers every question about it equally, so the
answer must say which figure is the one asked for, and say it first.

    >>> s = "其中：政府采购货物预算10577.99万元、政府采购工程预算120万元、政府采购服务预算10225万元。"
    >>> [str(f.value) for f in figures_in(s)]
    ['10577.99', '120', '10225']
    >>> headline_index("采购工程的预算", figures_in(s))
    1
    >>> s = "三公经费1,597.50万元比2022年同口径减少25.48万元,主要原因是公务用车购置费减少40万元。"
    >>> [headline_index(q, figures_in(s)) for q in ("三公经费相比上年减了多少", "公务用车购置费少了多少", "三公经费有多少")]
    [1, 2, 0]
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from corpus.text import compact
from qa.scope import without_department_named

# a count's unit set apart from its number must end there: '20801 人力资源' is a code before a name, not 20801人
_COUNTED = "个|辆|平方米|人次|人|台|套|项|分"
_FIGURE = re.compile(rf"(\d[\d,]*(?:\.\d+)?)(?:\s*(万元|元|%)|({_COUNTED})|\s+({_COUNTED})(?![\u4e00-\u9fff]))")
_CHANGE_VERB = re.compile(r"(?:增加|减少|增长|下降|上升|降低|节约|超支|多|少)(?:了)?$")
_CHANGE_ASKED = re.compile(r"增加|减少|增长|下降|上升|降低|变化|增减|多了|少了|涨|比(?:上年|去年|20\d\d)|较(?:上年|去年|20\d\d)")
_RATE_ASKED = re.compile(r"百分之|百分比|幅度|增幅|降幅|比例|比重|占比|%|％|几成")
_COUNT_ASKED = re.compile(r"(?:多少|几)(辆|人次|人|平方米|台|套|个|家|项)")
_FILLER = re.compile(r"多少|是多少|有多少|为什么|为何|原因|什么|哪些|是|的|了|吗|呢|请问|万元|元|今年|本年|20\d\d年?度?|年|"
                     r"预算|本部门|部门|安排|百分之|百分比|多大比例|比例|几成|幅度|[?？。，,“”\"']")


_QUOTES = re.compile(r"[“”\"'‘’]")


@dataclass
class SentenceFigure:
    value: Decimal
    unit: str
    lead: str  # the words between the figure before it (or the clause start) and this figure
    start: int


def figures_in(sentence: str) -> list[SentenceFigure]:
    out, previous_end = [], 0
    for m in _FIGURE.finditer(sentence):
        unit = m.group(2) or m.group(3) or m.group(4)
        out.append(SentenceFigure(Decimal(m.group(1).replace(",", "")), unit, sentence[previous_end:m.start()],
                                  m.start()))
        previous_end = m.end()
    return out


def headline_index(question: str, figures: list[SentenceFigure], department: str = "") -> int | None:
    """The index of the figure that answers `question` (about `department`'s document), or None when none is of
    the measure asked and about the subject asked."""
    q = without_department_named(compact(question), department) if department else compact(question)
    wants_change, wants_rate = bool(_CHANGE_ASKED.search(q)), bool(_RATE_ASKED.search(q))
    count = _COUNT_ASKED.search(q)
    subject = _FILLER.sub("", _CHANGE_ASKED.sub("", q))
    base_asked = compared_with(q)
    best, best_score = None, None
    for i, figure in enumerate(figures):
        is_change = bool(_CHANGE_VERB.search(compact(figure.lead)))
        if count:
            fits = figure.unit == count.group(1)
        elif wants_rate:
            fits = figure.unit == "%" and (is_change or not wants_change)
        else:
            fits = figure.unit != "%" and is_change == wants_change
        if not fits:
            continue
        # a change's subject is usually named before the amount it changes ("维护费1,572.10万元…增加14.52万元")
        context = figure.lead if not is_change or i == 0 else figures[i - 1].lead + figure.lead
        # the subject may be named at the sentence start; quotes (“三公”经费) are not part of its words
        before = _QUOTES.sub("", "".join(f.lead for f in figures[:i + 1]))
        if subject and 2 * overlap(subject, compact(before)) < len(subject) - 1:
            continue  # the figure is about something else: quoting it would not answer the question
        clause = re.split(r"[；;]", before)[-1]  # '公务接待费…相同；公务用车运行维护费…增加14.52万元'
        if subject and clause != before and 2 * overlap(subject, compact(clause)) < len(subject) - 1:
            continue  # the clause holding the figure is about another item the sentence lists
        if is_change and base_asked and compared_with(compact(before)) not in ("", base_asked):
            continue  # a change against last year does not answer a 决算-against-年初预算 gap, nor the reverse
        # the words right before 是多少 say most precisely what is asked (…满意度得分是多少)
        score = (overlap(subject[-4:], compact(figure.lead)[-6:]), overlap(subject, compact(figure.lead)),
                 overlap(subject, compact(context)),
                 figure.unit in ("万元", "元"), -i)
        if best_score is None or score > best_score:
            best, best_score = i, score
    return best


def headlines(question: str, figures: list[SentenceFigure], department: str = "") -> list[int]:
    """The figures that answer the question, in the order it asks them: an amount asked before its change
    ('安排多少？较上年增减多少？') leads with the amount, then the change; one ask, its one figure (headline_index)."""
    asks = [a for a in re.split(r"[？?，,；;。]", question) if re.search(r"多少|几", a)]
    if len(asks) >= 2 and not _CHANGE_ASKED.search(asks[0]) and any(_CHANGE_ASKED.search(a) for a in asks[1:]):
        amount, change = headline_index(asks[0], figures, department), headline_index(question, figures, department)
        if amount is not None and change is not None and amount != change:
            return [amount, change]
    found = headline_index(question, figures, department)
    return [] if found is None else [found]


_YEAR_BASE = re.compile(r"(?:比|较|与|和|同)(?:上年|去年|上一年|20\d\d年度?)|同比|上年同期")
_BUDGET_BASE = re.compile(r"(?:比|较|与|和|占|完成)(?:年初)?预算|年初预算(?:为|数)")


def compared_with(text: str) -> str:
    """What a change is measured against, as far as the words say: 'year' (上年, 2023年度), 'budget' (年初预算),
    or '' when they do not say or say both."""
    year, budget = bool(_YEAR_BASE.search(text)), bool(_BUDGET_BASE.search(text))
    return "year" if year and not budget else "budget" if budget and not year else ""


def rate_asked(question: str) -> bool:
    """The question asks for a percentage (百分之几, 增幅, 占比 …)."""
    return bool(_RATE_ASKED.search(compact(question)))


def overlap(subject: str, text: str) -> int:
    """Character pairs of the subject found in the text."""
    return sum(1 for i in range(len(subject) - 1) if subject[i:i + 2] in text)
