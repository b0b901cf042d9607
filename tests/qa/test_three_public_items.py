"""The “三公” items as provinces print them: a vertical table whose items carry their place in the list and a
支出 suffix ('其中：（一）因公出国（境）支出', '公务接待费支出') is asked in people's words; and an answer that read
another column than the one the question names is refused (the total given for 公务接待费)."""
from decimal import Decimal as D

from corpus import parse_text
from qa.answer import Answer, Citation, Figure
from qa.guards import another_column_named
from qa.pipeline import Pipeline
from qa.understand import understand

VERTICAL = """某市某局2026年部门预算
财政拨款安排的行政经费及“三公”经费预算表
单位：万元
项目\t合计\t一般公共预算
行政经费\t839.21\t839.21
“三公”经费\t19.86\t19.86
其中：（一）因公出国（境）支出\t5.00\t5.00
公务用车购置及运行维护支出\t6.70\t6.70
公务接待费支出\t8.16\t8.16
"""

HORIZONTAL = """某市某局2026年部门预算
一般公共预算“三公”经费支出表
单位：万元
合计\t因公出国（境）费\t公务接待费\t公务用车购置及运行费
19.86\t5.00\t8.16\t6.70
"""


def test_the_items_of_a_vertical_table_are_asked_without_their_list_marks_and_suffix():
    pipeline = Pipeline([parse_text(VERTICAL, "v")])
    assert pipeline.ask("某市某局公务接待费是多少？", keep_context=False).figures[0].value == D("8.16")
    assert pipeline.ask("因公出国（境）费安排了多少？", keep_context=False).figures[0].value == D("5.00")


def test_an_answer_that_read_the_total_column_for_a_named_item_is_refused():
    doc = parse_text(HORIZONTAL, "h")
    table = doc.tables[0]
    ans = Answer("三公经费里公务接待费是多少？", "为 19.86万元。", figures=[Figure(D("19.86"), "万元", "合计")], doc="h")
    ans.citations.append(Citation("h", table.title, "", "合计", table.rows[0].source.line, table.rows[0].source.text))
    query = understand(ans.question, doc.department)
    assert "公务接待费" in another_column_named(doc, query, ans)
    ans.citations[0].column = "公务接待费"
    assert another_column_named(doc, query, ans) is None
