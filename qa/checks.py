"""Checks of an answer against the typed reading of its question (qa.query): an answer whose figures do not answer
what the query asks is refused. Each takes the reading and the answer and returns why they disagree, or ''.

    >>> from qa.answer import Answer, Citation
    >>> from qa.query import BudgetQuery, Item, Slot
    >>> reading = BudgetQuery("…", Slot("sum", "一共", "cue"), [Item("某支队", unit=True), Item("差旅费", code="30211")])
    >>> cited = [Citation("d", "运行经费表", "某支队", "合计", 9, ""), Citation("d", "基本支出表", "差旅费", "合计", 3, "")]
    >>> unit_added_to_items(reading, Answer("…", "合计…", intent="total", citations=cited))
    '“某支队”是预算单位，“差旅费”是支出项目，两者的数额不能相加；请分开问'
"""
from __future__ import annotations

from qa.answer import Answer
from qa.query import BudgetQuery


def unit_added_to_items(reading: BudgetQuery, ans: Answer) -> str:
    """A sum that adds a unit's figure (a row of a table by unit) to a kind of spending: the unit is where the
    spending is asked, not one more addend."""
    if reading.operation.value != "sum" or ans.intent != "total":
        return ""
    cited = {c.row.split(" / ")[0] for c in ans.citations}
    units = [i for i in reading.items if i.unit and i.value in cited]
    kinds = [i for i in reading.items if not i.unit and i.value in cited]
    if not units or not kinds:
        return ""
    return f"“{units[0].value}”是预算单位，“{kinds[0].value}”是支出项目，两者的数额不能相加；请分开问"


CHECKS = (unit_added_to_items,)


def disagreement(reading: BudgetQuery, ans: Answer) -> str:
    """Why the answer fails the first check it fails, else ''."""
    return next((reason for check in CHECKS if (reason := check(reading, ans))), "")
