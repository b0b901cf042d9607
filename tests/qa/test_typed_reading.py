"""The typed reading of a question (qa.query) and what answers by the document's structure rather than its wording:
the national classification names a table's 类 when it prints no codes, a row is singled out by its second label,
a ranking compares items of one kind, a change is stated of what is asked. Fixtures are small documents in the
genre's layouts, made up."""
import json
import subprocess
import sys
from decimal import Decimal as D

import pytest

import config
from corpus import parse_text
from qa.pipeline import Pipeline
from qa.query import explain, read_query
from qa.scope import department_aliases

# a 收支总表 printed two-sided and without codes (收入 | 支出): the spending side's rows are 类 by their names only
TWO_SIDED = """2026年某市某局部门预算
收支总表
单位：万元
收入\t\t支出\t
项目\t预算数\t项目\t预算数
一般公共预算拨款收入\t900.00\t一般公共服务支出\t0.00
政府性基金预算拨款收入\t100.00\t教育支出\t50.00
事业收入\t0.00\t社会保障和就业支出\t700.00
其他收入\t0.00\t住房保障支出\t250.00
本年收入合计\t1,000.00\t本年支出合计\t1,000.00
"""

# a basic table whose rows print two coded labels: the 政府预算经济分类 and, beside it, the 部门预算经济分类
TWO_LABELS = """2026年某市某局部门预算
一般公共预算基本支出表
单位：万元
政府预算经济分类\t部门预算经济分类\t合计
合计\t\t60.00
50501-工资福利支出\t30101-基本工资\t10.00
50501-工资福利支出\t30107-绩效工资\t20.00
50502-商品和服务支出\t30201-办公费\t30.00
"""

PROSE = """2026年某市某中心单位预算
一、“三公”经费预算情况说明
2026年“三公”经费预算数为40.00万元，比2025年预算增加20.00万元。其中：
（一）公务接待费5.00万元，与2025年预算持平。
（二）公务用车购置及运行费35.00万元，比2025年预算增加20.00万元，主要原因是新增购置1辆公务车。
收入总表
单位：万元
项目\t预算数
合计\t100.00
"""

# a performance table listing the unit's row among its projects, each project printed again on the next page
PROJECTS = """2026年某市某局部门预算
项目支出绩效目标表
单位：万元
单位（项目）名称\t资金总额
合计\t300.00
某市某局\t300.00
甲项目\t40.00
乙项目\t120.00
乙项目\t120.00
丙项目\t90.00
"""


def ask(text: str, question: str, department: str = "某市某局"):
    return Pipeline([parse_text(text, "d", department, 2026, "预算")]).ask(question, keep_context=False)


def test_the_classes_of_a_two_sided_table_are_known_by_their_standard_names():
    answer = ask(TWO_SIDED, "按功能分类，支出最多的是哪一类？")
    assert not answer.refused
    assert answer.figures[0].value == D("700.00") and "社会保障和就业支出" in answer.answer
    counted = ask(TWO_SIDED, "收支总表里安排了预算的支出功能大类有几个？")
    assert counted.figures[0].value == 3  # the income rows are not 类, nor the 类 with nothing in it


def test_a_row_is_singled_out_by_its_second_label_printed_with_a_code():
    answer = ask(TWO_LABELS, "基本支出表里工资福利支出下面的绩效工资有多少？")
    assert not answer.refused and [f.value for f in answer.figures] == [D("20.00")]


def test_a_change_asked_with_its_reason_states_the_change_of_what_is_asked():
    answer = ask(PROSE, "三公经费比2025年预算多了多少，为什么多？", department="某市某中心")
    assert answer.figures[0].value == D("20.00") and "“三公”经费预算数为40.00万元" in answer.answer
    assert "新增购置1辆公务车" in answer.answer


def test_a_ranking_of_projects_leaves_out_the_units_row_and_pages_printed_again():
    answer = ask(PROJECTS, "项目支出绩效目标表里哪个项目的资金最多？")
    assert answer.figures[0].value == D("120.00") and "乙项目" in answer.answer
    assert "共比较3项" in answer.answer


def test_a_body_under_two_names_is_named_by_either():
    aliases = department_aliases("上海市某研究院(上海市某管理中心)")
    assert "上海市某研究院" in aliases and "上海市某管理中心" in aliases


def test_a_units_total_is_not_added_to_a_kind_of_spending():
    pipeline = Pipeline.load(retrieval=False)  # the seed: its units' 机关运行经费 and the 经济分类 rows
    unit = next(u.name for u in pipeline.documents[0].org_units if u.name.endswith("支队"))
    answer = pipeline.ask(f"{unit}今年的差旅费和公务接待费一共多少万元？", keep_context=False)
    assert answer.refused and "预算单位" in answer.answer


def test_the_reading_names_each_slot_with_its_words_and_source():
    doc = parse_text(TWO_LABELS, "d", "某市某局", 2026, "预算")
    reading = read_query(doc, "某局2025年基本支出里的绩效工资一共多少元？")
    assert reading.operation.value == "sum" and reading.operation.words == "一共"
    assert [(y.value, y.words) for y in reading.years] == [("2025", "2025年")]
    assert [(c.kind, c.value) for c in reading.columns] == [("part", "基本支出")]
    assert reading.unit.value == "元"
    assert "operation: sum ← 「一共」 cue" in explain(reading)


def test_qa_ask_explain_prints_the_reading_before_the_answer():
    run = subprocess.run([sys.executable, "-m", "qa", "ask", "--no-retrieval", "--explain", "公务接待费是多少？"],
                         cwd=config.ROOT, capture_output=True, text=True, timeout=300)
    lines = run.stdout.splitlines()
    assert run.returncode == 0 and lines[0].startswith("问题：")
    assert any(line.strip().startswith("item: 公务接待费") for line in lines)


# one kind of spending in the table of each part: 基本支出 by 经济分类, and 项目支出 by 经济分类
PARTS = """2026年某市某局部门预算
一般公共预算基本支出情况表（按经济分类科目）
单位：万元
科目编码\t科目名称\t预算
合计\t\t60.00
30108\t机关事业单位基本养老保险缴费\t30.00
30109\t职业年金缴费\t15.00
30211\t差旅费\t15.00
一般公共预算项目支出情况表（按经济分类科目）
单位：万元
科目编码\t科目名称\t预算
合计\t\t40.00
30211\t差旅费\t25.00
30227\t委托业务费\t15.00
"""


def test_one_kind_of_spending_is_added_over_the_tables_of_its_parts():
    answer = ask(PARTS, "差旅费，基本支出和项目支出加在一起是多少？")
    assert not answer.refused and answer.figures[0].value == D("40.00")
    assert [c.line for c in answer.citations] == [8, 13] and answer.checks[0].expression == "15.00 + 25.00 = 40.00"


def test_kinds_of_spending_named_in_everyday_words_are_added_by_their_codes():
    answer = ask(PARTS, "单位交的养老保险和职业年金一共多少？")
    assert not answer.refused and answer.figures[0].value == D("45.00")
    assert answer.basis == "typed sum"


def test_a_word_the_document_prints_as_a_label_is_not_rewritten_as_a_synonym():
    from qa.understand import map_terms
    known = "公务员医疗补助\n公务员医疗补助缴费"
    assert map_terms("公务员医疗补助是多少", "某局", known=known) == "公务员医疗补助是多少"
    assert map_terms("公务员医疗补助是多少", "某局", known="公务员医疗补助缴费") == "公务员医疗补助缴费是多少"


# spending by 类 with its parts side by side, a “三公” table by rows, and an income table by unit
SHARES = """2026年某市某局部门预算
一般公共预算支出表
单位：万元
科目编码\t科目名称\t合计\t基本支出\t项目支出
合计\t\t1,000.00\t600.00\t400.00
208\t社会保障和就业支出\t800.00\t550.00\t250.00
20805\t行政事业单位养老支出\t320.00\t320.00\t0.00
213\t农林水支出\t200.00\t50.00\t150.00
“三公”经费预算表
单位：万元
项目\t预算数
合计\t40.00
公务接待费\t5.00
公务用车购置及运行费\t35.00
收入总表
单位：万元
单位名称\t合计\t一般公共预算
合计\t1,000.00\t1,000.00
某市某局本级\t700.00\t700.00
某市某中心\t300.00\t300.00
"""


@pytest.mark.parametrize("question, share, part, whole", [
    ("农林水那块钱里头，项目支出占了几成？", "75.00", "150.00", "200.00"),  # a part column within an item
    ("项目支出占农林水支出的百分比", "75.00", "150.00", "200.00"),
    ("农林水支出在项目支出中占多少比重？", "37.50", "150.00", "400.00"),  # an item within a part column's whole
    ("项目支出里农林水支出占比多少", "37.50", "150.00", "400.00"),
    ("基本支出占全部支出的百分之几？", "60.00", "600.00", "1000.00"),  # a part column within all spending
    ("行政事业单位养老支出在社会保障和就业支出当中占几成", "40.00", "320.00", "800.00"),  # one item within another
    ("社会保障和就业支出里，行政事业单位养老支出占比", "40.00", "320.00", "800.00"),
    ("某中心的收入在全部门收入中占多少？", "30.00", "300.00", "1000.00"),  # a unit within its department
])
def test_a_share_is_taken_of_the_whole_its_words_name(question, share, part, whole):
    answer = ask(SHARES, question)
    assert not answer.refused and answer.basis == "typed share", answer.answer
    assert [f.value for f in answer.figures] == [D(share), D(part), D(whole)]
