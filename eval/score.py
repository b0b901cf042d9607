"""Judging one answer (the `Answer.to_json()` dict) against its gold question, as strictly as a reader would.

    >>> answer = {"answer": "交通警察支队（基本支出）为 3,149.06万元。", "refused": False,
    ...           "figures": [{"value": "3149.06", "unit": "万元", "label": "…"}], "citations": [], "checks": []}
    >>> judge({"values": ["3149.06"], "unit": "万元"}, answer)
    'correct'
    >>> judge({"values": ["3149.06"], "unit": "元"}, answer)
    'unit_error'
    >>> judge({"values": ["3149.06"], "unit": "万元"}, {**answer, "answer": answer["answer"] + "另有 12.00万元。"})
    'wrong_figure'
"""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from corpus.money import UNITS, convert
from corpus.text import compact
from eval.questions import GoldQuestion, expected_kind

# A blank is stated in words that say nothing is arranged (eval/GOLD.md: 未安排, 空白, 无, 0 or 0.00); the single
# character 无 only counts as 无 + a word about money or data (无预算, 无数据 …), not anywhere in the text.
_SAYS_BLANK = re.compile(r"未安排|没有安排|空白|为空|无数据|无此|无(?:预算|安排|支出|收入|数据|金额|经费)"
                         r"|并无|均无|本表无|没有(?:预算|支出|收入|数据|金额)")
_NUMBER = re.compile(r"(?<![\d.,])-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d.]?\d)")
_MONEY_UNIT = re.compile(r"\s*(万元|元)")
_TEXT_UNIT = re.compile(r"\s*(万元|元|%|％|个|项|人|辆|张|台|套|平方米|条|家|次)")

_MARKER = re.compile(r"^(?:[①-⑳]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．])+")
_GENERIC_CHARS = set("部门预算决算支出收入功能分类经济财政拨款合计总计小表情况本年当的和及与（）()“”年度一般公共")

# Outcomes; only "correct" passes.
CORRECT = "correct"
WRONG_FIGURE = "wrong_figure"  # states a money figure that is not the gold one, or one nothing supports
UNIT_ERROR = "unit_error"  # the expected amount, but in the wrong unit or off by a unit's scale
WRONGLY_REFUSED = "refused"
NOT_REFUSED = "not_refused"  # should have declined, with no figure, as the disclosure does not contain it
MISSING = "missing"  # answered, but without the expected value, keywords, order or blank statement
ERROR = "error"  # the pipeline raised
WRONG_FIGURE_OUTCOMES = (WRONG_FIGURE, UNIT_ERROR)  # what CI's wrong-figure gate counts


def judge(expected: dict, answer: dict, subject: tuple[str, ...] = (), lines: tuple[int, ...] = ()) -> str:
    """The outcome of one answer: one of the constants above (eval/GOLD.md, "How answers are scored").

    Values: the headline figure (the answer's first) must be the first gold value in the gold unit, and several
    values must be stated in the gold order. Any money amount the answer states that is neither a gold value,
    printed on a cited line, nor produced by one of its checks is a wrong figure. A blank must say that nothing is
    arranged about `subject` (the gold row or table, when given, or a citation of its gold `lines`) and state no
    non-zero amount."""
    kind = expected_kind(expected)
    if kind == "refused":
        return CORRECT if answer["refused"] and not answer["figures"] else NOT_REFUSED
    if answer["refused"]:
        return WRONGLY_REFUSED
    gold = [number(v) for v in expected.get("values", [])]
    outcome = judge_blank(answer, subject, lines) if kind == "blank" else \
        judge_values(gold, expected.get("unit", ""), answer) if kind == "values" else CORRECT
    if outcome in WRONG_FIGURE_OUTCOMES:
        return outcome
    if unsupported_amounts(answer, gold):
        return WRONG_FIGURE
    if outcome != CORRECT:
        return outcome
    return CORRECT if keywords_stated(expected, answer) else MISSING


def judge_blank(answer: dict, subject: tuple[str, ...], lines: tuple[int, ...]) -> str:
    if any(number(f["value"]) for f in answer["figures"]):
        return WRONG_FIGURE
    says_zero = any(number(f["value"]) == 0 for f in answer["figures"])
    if not (says_zero or _SAYS_BLANK.search(answer["answer"])):
        return MISSING
    return CORRECT if about_subject(answer, subject, lines) else MISSING


_QUOTE_MARKS = re.compile(r"[“”‘’\"']")


def about_subject(answer: dict, subject: tuple[str, ...], lines: tuple[int, ...] = ()) -> bool:
    """The answer cites a gold line, or names one of the subject's labels (a row without its ①② marker, a table
    by what it is about: 国有资本经营预算 for 国有资本经营预算收支预算表)."""
    if not subject or any(c["line"] in lines for c in answer["citations"]):
        return True
    # quotes are dropped by some extractions ('财政拨款三公经费支出决算表' from a PDF): names compare without them
    named = [_QUOTE_MARKS.sub("", compact(t)) for t in
             [answer["answer"]] + [c["row"] + c["table"] + c["column"] for c in answer["citations"]]]
    keys = {_QUOTE_MARKS.sub("", _MARKER.sub("", compact(s))) for s in subject if s}
    return any(k in text or any(w in text for w in telling_words(k)) for k in keys for text in named)


def telling_words(label: str) -> list[str]:
    """Four-character windows of a label that say what it is about (two or more characters that are not the
    genre's generic words): 政府性基 of 部门政府性基金预算支出功能分类预算表."""
    return [label[i:i + 4] for i in range(len(label) - 3)
            if sum(ch not in _GENERIC_CHARS for ch in label[i:i + 4]) >= 2]


def judge_values(gold: list[Decimal | None], unit: str, answer: dict) -> str:
    """The first figure is the first gold value; all gold values are stated, in the gold order."""
    stated = stated_figures(answer)
    if not stated:
        return MISSING
    if not same(stated[0], gold[0], unit):
        return UNIT_ERROR if scaled(stated[0], gold[0], unit) else WRONG_FIGURE
    position = 0
    for value in gold[1:]:  # each further value after the one before it
        following = [i for i in range(position + 1, len(stated)) if same(stated[i], value, unit)]
        if not following:
            return WRONG_FIGURE
        position = following[0]
    return CORRECT


def stated_figures(answer: dict) -> list[tuple[Decimal | None, str]]:
    """The answer's figures in order, or — when it lists none — the amounts its text states with a unit."""
    figures = [(number(f["value"]), f["unit"]) for f in answer["figures"]]
    return figures or text_amounts(answer["answer"])


def text_amounts(text: str) -> list[tuple[Decimal | None, str]]:
    """The numbers of the text (NFKC-folded, separators removed) written with a unit, with that unit."""
    folded = unicodedata.normalize("NFKC", text)
    out = []
    for m in _NUMBER.finditer(folded):
        unit = _TEXT_UNIT.match(folded, m.end())
        if unit:
            out.append((number(m.group()), unit.group(1)))
    return out


def keywords_stated(expected: dict, answer: dict) -> bool:
    """Every keyword is in the answer; a ranking's names come in the gold order."""
    text = compact(answer["answer"])
    keywords = [compact(k) for k in expected.get("keywords", [])]
    if not all(k in text for k in keywords):
        return False
    if "values" in expected and len(keywords) > 1:  # a ranking: names in rank order, each after the one before
        position = -1
        for k in keywords:
            position = text.find(k, position + 1)
            if position < 0:
                return False
    return True


def unsupported_amounts(answer: dict, gold: list[Decimal | None]) -> list[Decimal]:
    """Money amounts the answer states (its figures and its text) that no gold value, cited line or check backs."""
    support = set(v for v in gold if v is not None)
    for citation in answer["citations"]:
        support.update(numbers_in(citation["text"]))
    for check in answer["checks"]:
        support.update(numbers_in(check["expression"]))
        support.update(number(v) for v in (check["result"], check["reported"]) if v is not None)
    stated = [number(f["value"]) for f in answer["figures"] if is_money(f["unit"])]
    text = answer["answer"]
    for note in answer.get("notes", []):  # the audit's account of a discrepancy, with its own arithmetic
        text = text.replace(note, "")
    folded = unicodedata.normalize("NFKC", text)
    stated += [number(m.group()) for m in _NUMBER.finditer(folded) if _MONEY_UNIT.match(folded, m.end())]
    return [v for v in stated if v is not None and v != 0 and v not in support and -v not in support]


def numbers_in(text: str) -> set[Decimal]:
    folded = unicodedata.normalize("NFKC", text or "")
    return {n for n in (number(m.group()) for m in _NUMBER.finditer(folded)) if n is not None}


def same(figure: tuple[Decimal | None, str], value: Decimal | None, unit: str) -> bool:
    return figure[0] is not None and figure[0] == value and (not unit or figure[1] == unit)


def scaled(figure: tuple[Decimal | None, str], value: Decimal | None, unit: str) -> bool:
    """A money figure that is the expected number in another unit, or the expected amount converted."""
    v, u = figure
    if not is_money(unit) or not is_money(u) or u == unit or v is None or value is None:
        return False
    return v == value or convert(v, u, unit) == value


def is_money(unit: str) -> bool:
    return unit in UNITS


def subject_of(question: GoldQuestion) -> tuple[str, ...]:
    """What a blank question is about: its gold row(s) and table (a bare 合计 row says little on its own)."""
    rows = tuple(r for r in question.source_rows if _MARKER.sub("", compact(r)) not in ("合计", "总计", "小计"))
    return rows + tuple(t for t in (question.source.get("table", ""),) if t)


def citation_ok(question: GoldQuestion, answer: dict) -> bool | None:
    """Whether a citation points at the gold line (or row of the gold table); None when not measured:
    gold has no line, or it is a refusal (whose line shows why there is no answer)."""
    lines = question.source_lines
    if not lines or question.kind == "refused":
        return None
    rows = {compact(r) for r in question.source_rows}
    table = compact(question.source.get("table", ""))
    for c in answer["citations"]:
        if c["doc"] and c["doc"] != question.doc:
            continue
        if c["line"] in lines:
            return True
        same_table = table in compact(c["table"])  # gold titles leave out the year prefix
        if same_table and compact(c["row"].split(" / ")[0]) in rows:
            return True
    return False


def checks_ok(answer: dict) -> bool:
    """At least one arithmetic check, and all of them passed."""
    return bool(answer["checks"]) and all(c["ok"] for c in answer["checks"])


def number(text: str) -> Decimal | None:
    try:
        return Decimal(str(text).replace(",", "").replace("，", "").strip())
    except InvalidOperation:
        return None
