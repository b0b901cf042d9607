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
    reading = read_query(doc, "某局2026年基本支出里的绩效工资一共多少元？")
    assert reading.operation.value == "sum" and reading.operation.words == "一共"
    assert [(y.value, y.words) for y in reading.years] == [("2026", "2026年")]
    assert [(c.kind, c.value) for c in reading.columns] == [("part", "基本支出")]
    assert reading.unit.value == "元"
    assert "operation: sum ← 「一共」 cue" in explain(reading)


@pytest.mark.parametrize("question, operation, words", [
    ("某局基本支出包括哪几项？", "list", "哪几项"),  # which ones: a list, though '几项' counts
    ("某局的基本支出是什么？", "definition", "是什么"),
    ("某局的基本支出包括哪些？", "definition", "包括哪些"),  # what the term covers
    ("某局包括哪些单位？", "list", "哪些"),  # the things listed are named
    ("某局2025年的绩效工资是多少？", "change", "2025年"),  # the year before the document's: read back from a change
    ("某局基本支出里金额最大的是什么？", "ranking", "最大"),  # a ranking asked with '是什么' stays a ranking
])
def test_the_operation_is_read_from_the_structure_of_what_is_asked(question, operation, words):
    reading = read_query(parse_text(TWO_LABELS, "d", "某市某局", 2026, "预算"), question)
    assert (reading.operation.value, reading.operation.words) == (operation, words)


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
    from qa.terms import map_terms
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


# kinds of spending printed as the columns of one row, beside a basic table printing only one of them
ONE_ROW = """2026年某市某局部门预算
一般公共预算基本支出表
单位：万元
科目编码\t科目名称\t合计
合计\t\t30.05
30215\t会议费\t10.05
30201\t办公费\t20.00
一般公共预算“三公”经费、会议费、培训费支出表
单位：万元
“三公”经费合计\t因公出国（境）费\t公务用车购置及运行维护费\t\t\t公务接待费\t会议费\t培训费
\t\t小计\t公务用车购置费\t公务用车运行维护费\t\t\t
15.00\t0.00\t10.00\t0.00\t10.00\t5.00\t10.05\t22.10
"""


@pytest.mark.parametrize("question", ["会议费和培训费加起来是多少？", "开会加培训的钱一共多少"])
def test_kinds_of_spending_printed_as_columns_of_one_row_are_added(question):
    answer = ask(ONE_ROW, question)
    assert not answer.refused and answer.basis == "typed sum", answer.answer
    assert answer.figures[0].value == D("32.15") and answer.checks[0].expression == "10.05 + 22.10 = 32.15"


# one 类 in the table of all the department's money and in the appropriations' table
FUNDS = """2026年某市某局部门预算
收支总表
单位：万元
收入\t\t支出\t
项目\t预算数\t项目\t预算数
一般公共预算拨款收入\t900.00\t社会保障和就业支出\t1,000.00
事业收入\t100.00\t\t
本年收入合计\t1,000.00\t本年支出合计\t1,000.00
财政拨款收支总表
单位：万元
收入\t\t支出\t
项目\t预算数\t项目\t预算数
一般公共预算拨款\t900.00\t社会保障和就业支出\t900.00
本年收入合计\t900.00\t本年支出合计\t900.00
"""


def test_a_row_asked_of_the_appropriations_is_read_in_their_table():
    assert ask(FUNDS, "财政拨款里头，社会保障和就业支出安排了多少钱？").figures[0].value == D("900.00")
    assert ask(FUNDS, "社会保障和就业支出安排了多少钱？").figures[0].value == D("1000.00")


# a “三公” table by unit whose 因公出国（境）费 column is printed blank
THREE_PUBLIC_BY_UNIT = """2026年某市某局部门预算
2026年一般公共预算“三公”经费支出情况表
单位：万元
部门名称\t三公经费预算数（财政拨款）\t\t\t
\t小计\t公务接待费\t因公出国（境）费\t公务用车购置及运行费
合计\t8.00\t3.00\t\t5.00
某市某局\t8.00\t3.00\t\t5.00
"""


def test_a_column_named_with_its_brackets_is_read_even_when_blank():
    answer = ask(THREE_PUBLIC_BY_UNIT, "三公经费里因公出国（境）费是多少？")
    assert not answer.figures and "为空白" in answer.answer and "因公出国（境）费" in answer.answer


def test_a_row_pointed_at_as_that_row_of_a_table():
    answer = ask(SHARES, "一般公共预算支出表合计那一行的基本支出是多少？")
    assert not answer.refused and answer.figures[0].value == D("600.00")


# the procurement told in prose, and one purchase in its table
PROCUREMENT = """2026年某市某局部门预算
四、政府采购情况
2026年本部门政府采购安排100.00万元，其中：货物类采购预算40.00万元，工程类采购预算0万元，服务类采购预算60.00万元。
支出总表
单位：万元
科目编码\t科目名称\t合计
合计\t\t4,651.67
201\t一般公共服务支出\t4,651.67
政府采购预算表
单位：万元
项目名称\t采购品目\t金额
合计\t\t13.00
物业管理费\t物业管理服务\t13.00
"""


def test_the_procurement_stated_in_prose_and_one_purchase_of_its_table():
    total = ask(PROCUREMENT, "今年政府采购一共安排了多少钱？")
    assert not total.refused and total.figures[0].value == D("100.00") and not total.notes
    assert ask(PROCUREMENT, "物业管理服务打算采购多少钱？").figures[0].value == D("13.00")  # not the 服务 class


# two rows of one government group (50205), one of them its department item of the same name (30227)
NAMESAKES = """2026年某市某局部门预算
一般公共预算基本支出表
单位：万元
政府预算经济分类\t部门预算经济分类\t合计\t人员经费\t公用经费
合计\t\t25.00\t\t25.00
50205-委托业务费\t30226-劳务费\t10.00\t\t10.00
50205-委托业务费\t30227-委托业务费\t15.00\t\t15.00
"""


def test_the_department_item_names_its_row_and_the_government_group_is_not_one_of_them():
    # each row is named by its 部门预算经济分类 item; the 政府 group 50205, named by its code, is not one of them
    answer = ask(NAMESAKES, "一般公共预算基本支出表中委托业务费的公用经费是多少？")
    assert answer.figures[0].value == D("15.00") and len(answer.citations) == 1
    assert ask(NAMESAKES, "委托业务费下面的劳务费是多少？").figures[0].value == D("10.00")
    for question in ("50205委托业务费的公用经费一共多少？", "50205委托业务费的公用经费是多少？"):
        answer = ask(NAMESAKES, question)  # the group asked, one of its rows found: not given for the group
        assert answer.refused and "50205" in answer.answer and not answer.figures, answer.answer


# a table by unit: units named without their city or by their other name, counted by kind, and a column group
UNITS = """2026年某市某局部门预算
2026年一般公共预算“三公”经费支出表
单位：万元
单位名称\t“三公”经费合计\t因公出国(境)费用\t公务用车购置及运行费\t\t\t公务接待费
\t\t\t小计\t公务用车购置费\t公务用车运行维护费\t
合计\t32.00\t\t18.00\t10.00\t8.00\t14.00
某市某局\t6.00\t\t\t\t\t6.00
江城市东郊监狱\t14.00\t\t10.00\t6.00\t4.00\t4.00
江城市西郊监狱\t7.00\t\t5.00\t3.00\t2.00\t2.00
江城市看守管理支队（江城市留置看护管理支队）\t3.00\t\t3.00\t1.00\t2.00\t
江城市交通管理支队\t2.00\t\t\t\t\t2.00
"""


@pytest.mark.parametrize("question, value", [
    ("某局东郊监狱的公务接待费是多少？", "4.00"),  # named without its city: the unit's figure, not the department's
    ("西郊监狱的公务用车购置及运行费是多少？", "5.00"),  # a column group named: its 小计
    ("留置看护管理支队的公务用车运行维护费是多少？", "2.00"),  # a unit by its other name, not another 管理支队
    ("某局两个监狱的公务接待费加起来多少？", "6.00"),  # units counted by their kind, added
])
def test_units_of_a_table_by_unit_are_read_by_any_of_their_names(question, value):
    answer = ask(UNITS, question)
    assert not answer.refused and answer.figures[0].value == D(value), answer.answer


def test_units_counted_wrong_are_not_added():
    answer = ask(UNITS, "某局三个监狱的公务接待费加起来多少？")
    assert answer.refused or D("6.00") not in [f.value for f in answer.figures]


BASIC_BY_PART = """2026年某市某局部门预算
一般公共预算基本支出表
单位：万元
科目名称\t合计\t基本支出\t\t项目支出
\t\t小计\t人员经费\t
合计\t100.00\t70.00\t50.00\t30.00
行政运行\t100.00\t70.00\t50.00\t30.00
"""


def test_a_column_of_a_group_named_with_its_group_is_that_column():
    assert ask(BASIC_BY_PART, "行政运行的基本支出是多少？").figures[0].value == D("70.00")  # the group: its 小计
    assert ask(BASIC_BY_PART, "行政运行基本支出里的人员经费是多少？").figures[0].value == D("50.00")


# a table by unit with each unit's kinds of spending under it, a table of one part, and the appropriations' tables
BY_UNIT_ITEMS = """2026年某市某局部门预算
收支总表
单位：万元
收入\t\t支出\t
项目\t预算数\t项目\t预算数
一般公共预算拨款收入\t100.00\t一般公共服务支出\t100.00
政府性基金预算拨款收入\t0.00\t\t
收入总计\t100.00\t支出总计\t100.00
一般公共预算基本支出情况表（按经济分类科目）
单位：万元
部门预算支出经济科目\t预算
合计\t90.00
301 工资福利支出\t80.00
30213 维修（护）费\t10.00
一般公共预算项目支出情况表（按经济分类科目）
单位：万元
部门预算支出经济科目\t预算
合计\t10.00
30213 维修（护）费\t10.00
部门预算基本支出预算表
单位：万元
支出项目类别（资金使用单位）\t总计
合计\t90.00
某市某局（本级）\t60.00
工资福利支出\t55.00
商品和服务支出\t5.00
江城市公文交换站\t30.00
工资福利支出\t25.00
商品和服务支出\t5.00
政府性基金预算拨款支出预算表
单位：万元
科目名称\t合计
合计\t0.00
“三公”经费预算表
单位：万元
单位名称\t“三公”经费合计\t因公出国(境)费用\t公务接待费
合计\t3.00\t\t3.00
某市某局（本级）\t3.00\t\t3.00
"""


@pytest.mark.parametrize("question, value", [
    ("公文交换站的工资福利支出是多少？", "25.00"),  # the unit's own row of that kind, not the department's
    ("项目经费里的维修（护）费安排了多少？", "10.00"),  # read in the table of that part
    ("政府性基金预算拨款支出安排了多少？", "0.00"),  # the spending table, not the income row '…拨款收入'
])
def test_a_row_is_read_where_the_question_places_it(question, value):
    answer = ask(BY_UNIT_ITEMS, question)
    assert not answer.refused and answer.figures[0].value == D(value), answer.answer
    assert "收入" not in answer.citations[0].row


def test_a_column_of_a_table_by_unit_asked_of_the_department_is_its_total_row():
    answer = ask(BY_UNIT_ITEMS, "某市某局因公出国（境）费用预算是多少？")
    assert not answer.refused and "空白" in answer.answer and "因公出国" in answer.answer, answer.answer


# a unit in the income table, the “三公” table and the project table (printed beside each of its projects)
UNIT_TABLES = """2026年某市某局部门预算
收入总表
单位：万元
单位名称\t合计\t一般公共预算
合计\t900.00\t800.00
某市某局（本级）\t600.00\t500.00
江城市气象服务中心\t300.00\t300.00
一般公共预算“三公”经费预算表
单位：万元
单位名称\t“三公”经费合计\t公务接待费
合计\t12.00\t12.00
某市某局（本级）\t2.00\t2.00
江城市气象服务中心\t10.00\t10.00
项目支出预算表
单位：万元
单位名称\t项目名称\t总计\t一般公共预算
合计\t\t150.00\t120.00
江城市气象服务中心\t专业系统维护\t150.00\t120.00
"""


@pytest.mark.parametrize("question, value", [
    ("气象服务中心的一般公共预算是多少？", "300.00"),  # the unit's money at large: not its “三公” total, not a project
    ("气象服务中心专业系统维护项目的一般公共预算是多少？", "120.00"),  # its project, named with it
    ("气象服务中心的公务接待费是多少？", "10.00"),  # a column of the “三公” table, named
])
def test_a_unit_is_read_in_the_table_the_question_means(question, value):
    answer = ask(UNIT_TABLES, question)
    assert not answer.refused and answer.figures[0].value == D(value), answer.answer


def test_a_unit_named_without_its_department_picks_the_document_that_prints_it():
    documents = [parse_text(UNIT_TABLES, "a", "某市某局", 2026, "预算"),
                 parse_text(SHARES, "b", "江城市交通市政项目工务中心", 2026, "预算")]
    answer = Pipeline(documents).ask("江城市气象服务中心的一般公共预算是多少？", keep_context=False)
    assert answer.doc == "a" and answer.figures[0].value == D("300.00"), answer.answer


PERSONNEL_CLASS = """2026年某市某局部门预算
一般公共预算基本支出情况表
单位：万元
经济科目编码\t经济科目名称\t总计\t人员类\t公用经费
合计\t\t17.10\t10.92\t6.18
30228\t工会经费\t17.10\t10.92\t6.18
一般公共预算“三公”经费支出预算表
单位：万元
项目\t预算数
合计\t14.00
公务接待费\t14.00
"""


def test_a_column_named_in_three_characters_is_read():
    assert ask(PERSONNEL_CLASS, "工会经费里人员类的部分是多少？").figures[0].value == D("10.92")


def test_two_tables_named_after_the_department_and_its_own_unit_are_both_read():
    text = PERSONNEL_CLASS.replace("30228\t工会经费\t17.10\t10.92\t6.18", "30217\t公务接待费\t17.10\t10.92\t6.18")
    answer = ask(text, "某局本级三公表里的公务接待费，比基本支出表里的公务接待费少多少？")
    assert not answer.refused and answer.figures[0].value == D("3.10"), answer.answer


# the “三公” table prints its items without codes; another table prints 30212 with its code
THREE_PUBLIC = """2026年某市某局部门预算
一般公共预算项目支出情况表（按经济分类科目）
单位：万元
科目编码\t科目名称\t合计
\t合计\t300.00
30212\t因公出国（境）费用\t300.00
财政拨款安排的行政经费及“三公”经费预算表
单位：万元
项目\t合计
“三公”经费\t200.00
其中：（一）因公出国（境）支出\t150.00
（二）公务接待费支出\t50.00
"""


@pytest.mark.parametrize("words", ["出国（境）的钱", "出国(境)的钱"])
def test_everyday_words_name_the_row_that_prints_the_item_without_its_code(words):
    doc = parse_text(THREE_PUBLIC, "d", "某市某局", 2026, "预算")
    reading = read_query(doc, f"某局三公经费里{words}占百分之多少？")
    named = [i for i in reading.items if "出国" in i.value]
    assert [(i.value, i.source, i.code) for i in named] == [("其中：（一）因公出国（境）支出", "lexicon", "30212")]
    answer = Pipeline([doc]).ask(f"某局三公经费里{words}占百分之多少？", keep_context=False)
    assert str(answer.figures[0].value) == "75.00", answer.answer
