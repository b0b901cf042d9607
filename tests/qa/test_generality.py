"""The answer path on documents it was not written against: departments and units named the way people do, the
figure a quoted sentence is asked for, the retrieval-gated path, prose records, tables named in the question's own
words, and follow-ups that replace only what they name. Fixtures are small documents in the genre's layouts."""
from decimal import Decimal as D

import pytest

from corpus import parse_text
from qa import candidates
from qa.headline import compared_with, figures_in, headline_index
from qa.listed_items import items_named
from qa.pipeline import Pipeline
from qa.scope import department_mention
from qa.table_hints import table_named
from qa.understand import name_units

BUDGET = """上海市某区规划和自然
资源局2026年部门预算
第一部分 部门概况
一、机构设置
本部门包括：上海市某区规划和自然资源局本级、上海市某区土地发展中心。

部门支出预算总表
单位：元
项目\t\t\t\t支出预算\t\t
功能分类科目编码\t\t\t科目名称\t合计\t基本支出\t项目支出
类\t款\t项\t\t\t\t
201\t\t\t一般公共服务支出\t3,000,000\t1,000,000\t2,000,000
201\t01\t\t人大事务\t3,000,000\t1,000,000\t2,000,000
201\t01\t01\t行政运行\t1,000,000\t1,000,000\t0
201\t01\t99\t其他人大事务支出\t2,000,000\t0\t2,000,000
212\t\t\t城乡社区支出\t5,000,000\t4,000,000\t1,000,000
212\t02\t\t城乡社区规划与管理\t5,000,000\t4,000,000\t1,000,000
212\t02\t01\t城乡社区规划与管理\t5,000,000\t4,000,000\t1,000,000
合计\t\t\t\t8,000,000\t5,000,000\t3,000,000

部门一般公共预算基本支出部门预算经济分类预算表
单位：元
项目\t\t\t一般公共预算基本支出\t\t
部门预算经济分类科目编码\t\t经济分类科目名称\t合计\t人员经费\t公用经费
类\t款\t\t\t\t
301\t\t工资福利支出\t4,000,000\t4,000,000\t0
301\t01\t基本工资\t2,000,000\t2,000,000\t0
302\t\t商品和服务支出\t1,000,000\t0\t1,000,000
302\t05\t水费\t20,000\t0\t20,000
302\t06\t电费\t30,000\t0\t30,000
310\t\t资本性支出\t50,000\t0\t50,000
310\t02\t办公设备购置\t50,000\t0\t50,000
合计\t\t\t5,050,000\t4,000,000\t1,050,000

第三部分 2026年部门预算情况说明
一、财政拨款收支预算总体情况
2026年财政拨款收入预算为800万元，比2025年预算增加100万元，增长14.29%。
二、政府采购预算情况
2026年本部门政府采购预算120.5万元，其中：政府采购货物预算20.5万元、政府采购工程预算60万元、政府采购服务预算40万元。
三、国有资产占有使用情况
截至2025年8月31日，本部门共有车辆3辆，其中，一般公务用车2辆、执法执勤用车1辆。2026年部门预算安排购置车辆0辆。
四、预算绩效情况说明
本部门1个预算单位开展了2026年项目预算绩效目标编报工作，编报绩效目标的项目5个，涉及项目预算资金300万元。
五、“三公”经费预算情况说明
2026年“三公”经费预算30万元，比2025年预算减少5万元，主要原因是厉行节约，压减公务接待。
"""


@pytest.fixture(scope="module")
def doc():
    return parse_text(BUDGET, "fixture_budget")


@pytest.fixture(scope="module")
def pipeline(doc):
    return Pipeline([doc])


def ask(pipeline, question):
    return pipeline.ask(question, keep_context=False)


# ---------------------------------------------------------------- names

@pytest.mark.parametrize("mention, department", [
    ("区司法局", "上海市普陀区司法局"), ("规划资源局", "上海市普陀区规划和自然资源局"),
    ("区府办", "上海市普陀区人民政府办公室"), ("区委宣传部", "中共上海市普陀区委宣传部"), ("万里街道", "上海市普陀区人民政府万里街道办事处"),
])
def test_a_department_named_the_way_people_do(mention, department):
    assert department_mention(f"{mention}2026年的项目支出是多少", department) == mention


@pytest.mark.parametrize("text, department", [
    ("区财政局的三公经费", "上海市普陀区司法局"), ("太原市公安局的三公经费", "大同市公安局"), ("局里的三公经费", "上海市普陀区司法局"),
])
def test_another_department_or_a_bare_word_is_not_a_mention(text, department):
    assert department_mention(text, department) == ""


def test_the_department_read_across_the_wrapped_title_answers_its_short_name(pipeline, doc):
    assert doc.department == "上海市某区规划和自然资源局"
    answer = ask(pipeline, "区规划资源局2026年项目支出一共安排了多少元？")
    assert not answer.refused and answer.figures[0].value == D("3000000")


def test_units_named_short_are_the_documents_own_units():
    units = frozenset({"平城区分局", "平城分局", "直属第二分局", "交通警察支队"})
    assert name_units("平城局一年的经费", units) == "平城分局一年的经费"
    assert name_units("二分局机关运行经费", units) == "直属第二分局机关运行经费"
    assert name_units("直属分局有几个", units, printed="六个直属分局") == "直属分局有几个"  # the document's own word


# ---------------------------------------------------------------- quoted sentences

def test_the_figure_asked_leads_a_quoted_sentence():
    sentence = "2026年财政拨款收入预算为800万元，比2025年预算增加100万元，增长14.29%。"
    figures = figures_in(sentence)
    assert figures[headline_index("财政拨款收入比上年增加多少", figures)].value == D("100")
    assert figures[headline_index("财政拨款收入增长百分之几", figures)].value == D("14.29")
    assert figures[headline_index("财政拨款收入预算是多少", figures)].value == D("800")
    assert headline_index("公用经费是多少", figures) is None  # about something else: not an answer


def test_a_change_against_last_year_does_not_answer_one_against_the_budget():
    assert compared_with("决算比年初预算少了多少") == "budget"
    assert compared_with("与2023年度相比增加") == "year"
    figures = figures_in("一般公共预算财政拨款支出9746.50万元。与2023年度相比，一般公共预算财政拨款支出增加1193.20万元。")
    assert headline_index("一般公共预算财政拨款支出决算比年初预算少了多少", figures) is None


def test_the_change_asked_leads_a_sentence_about_a_department_named_short():
    sentence = "2026年本部门财政拨款安排“三公”经费19.86万元，比上年减少22.65万元，下降53.3%，主要原因是厉行节约。"
    figures = figures_in(sentence)
    index = headline_index("某市统计局三公经费比上年少了多少？是什么原因？", figures, "某省某市统计局")
    assert index is not None and figures[index].value == D("22.65")


def test_a_reason_asked_with_its_amount_leads_with_the_change(pipeline):
    answer = ask(pipeline, "区规划资源局三公经费为什么比上年少了？少了多少？")
    assert not answer.refused and answer.figures[0].value == D("5") and "厉行节约" in answer.answer


def test_a_quoted_answer_leads_with_its_figure(pipeline):
    answer = ask(pipeline, "财政拨款收入比2025年增加了多少？")
    assert answer.figures[0].value == D("100") and answer.answer.startswith("比2025年预算增加")


# ---------------------------------------------------------------- retrieval-gated candidates

def test_the_gate_passes_the_row_a_question_describes_in_other_words(pipeline, doc):
    table = next(t for t in doc.tables if "经济分类" in t.title)
    row = next(r for r in table.rows if r.label == "办公设备购置")
    assert candidates.gate_row(doc, "买办公设备的钱有多少", table, row) is not None
    assert candidates.gate_row(doc, "买打印机的钱有多少", table, row) is None  # another subject
    assert candidates.gate_row(doc, "办公设备购置的项目支出", table, row) is None  # a measure the table has not
    answer = ask(pipeline, "办公用的设备，购置花多少")  # no rule ties these words to the row
    assert answer.answered_by == "retrieval" and answer.figures[0].value == D("50000") and answer.citations[0].line


def test_subject_words_leave_out_the_department_and_the_question():
    assert candidates.subject_words("上海市某区规划和自然资源局2026年的水费是多少元？", "上海市某区规划和自然资源局") == "水费"
    assert candidates.covered_share("视频全覆盖购买服务项目", "MB大同市公共安全视频监控全覆盖购买服务项目") == 1.0


# ---------------------------------------------------------------- prose records, tables named, sums

def test_procurement_parts_from_the_prose_record(pipeline):
    answer = ask(pipeline, "政府采购预算分哪几类，各多少？")
    assert [(f.value, f.unit) for f in answer.figures] == [(D("20.5"), "万元"), (D("60"), "万元"), (D("40"), "万元")]
    assert all(c.line for c in answer.citations)


def test_vehicles_and_performance_coverage_from_the_prose_records(pipeline):
    assert ask(pipeline, "截至2025年8月31日共有多少辆车？").figures[0].value == D("3")
    assert ask(pipeline, "2026年打算购置几辆车？").figures[0].value == D("0")
    assert ask(pipeline, "编报绩效目标的项目涉及多少项目预算资金？").figures[0].value == D("300")
    assert ask(pipeline, "现在有几台车？").figures[0].value == D("3")  # counted in 台 as some provinces print them
    assert ask(pipeline, "纳入绩效目标管理的项目有多少个？").figures[0].unit == "个"


def test_a_table_named_in_the_questions_own_words():
    assert table_named("上海市某区某局2024年收入决算表中一般公共服务支出的其他收入是多少") == "收入决算表"
    assert table_named("支出总表和一般公共预算支出表的项目支出合计差多少") == ""  # two tables: a comparison
    assert table_named("一共有几张预算表") == ""
    # the department's name glued before the table's own name is not part of it
    assert table_named("某市某局财政拨款收支总表中一般公共服务支出是多少") == "财政拨款收支总表"
    assert table_named("某市某研究院收入预算总表里事业运行是多少") == "收入预算总表"
    assert table_named("某局部门收支总表里其他收入是多少") == "收支总表"


def test_a_figure_of_another_table_does_not_answer_the_table_named(pipeline):
    answer = ask(pipeline, "区规划资源局部门支出预算总表里的电费是多少？")
    assert answer.refused and not answer.figures


def test_a_count_is_stated_in_the_measure_asked(pipeline):
    answer = ask(pipeline, "商品和服务支出下面分了几项？")
    assert not answer.refused and answer.figures[0].unit == "项"


def test_a_part_printed_under_its_namesake_is_not_counted_twice(pipeline):
    answer = ask(pipeline, "城乡社区规划与管理的项目支出是多少元")
    assert answer.figures[0].value == D("1000000")


def test_a_sum_missing_an_item_the_question_lists_is_refused(pipeline):
    assert items_named("养老保险、职业年金、职工医保和其他社保缴费加起来一共多少") == 4
    assert items_named("社会保障和就业支出一共多少", ["社会保障和就业支出"]) == 1
    assert ask(pipeline, "基本工资和加班补贴加起来多少元").refused


def test_the_classes_of_spending_are_the_functional_ones(pipeline):
    answer = ask(pipeline, "哪一类支出的预算最多？")
    assert answer.figures[0].value == D("5000000") and "城乡社区支出" in answer.answer


# ---------------------------------------------------------------- follow-ups

def test_a_follow_up_replaces_only_what_it_names(doc):
    pipeline = Pipeline([doc])
    first = pipeline.ask("水费是多少元？")
    assert first.figures[0].value == D("20000")
    assert pipeline.ask("那电费呢？").figures[0].value == D("30000")
    assert pipeline.ask("那项目支出呢？").figures[0].value == D("3000000")


def test_a_part_named_inside_its_whole_is_a_share_of_that_whole(pipeline):
    answer = ask(pipeline, "区规划资源局2026年基本支出里人头费占了几成？")
    assert answer.intent == "share" and not answer.refused and answer.figures[0].value == D("79.21")  # 4,000,000 / 5,050,000


def test_a_part_over_its_own_column_is_read_against_the_column_total(pipeline):
    answer = ask(pipeline, "区规划资源局2026年人员经费里基本工资占多大比例？")
    assert not answer.refused and answer.figures[0].value == D("50.00")  # 2,000,000 / 4,000,000, not 100 %


def test_two_units_named_short_in_one_question_are_each_written_in_full():
    units = frozenset({"平城区分局", "平城分局", "交通警察支队"})
    assert name_units("交通警察支队比平城局多多少", units) == "交通警察支队比平城分局多多少"


UNITS_BUDGET = """某市某局2026年部门预算
收入总体情况表
单位：万元
单位名称\t合计\t一般公共预算
合计\t10.00\t10.00
某市某检测中心\t6.00\t6.00
某市某研究所\t4.00\t4.00

项目支出预算表
单位：万元
单位名称\t合计
合计\t3.00
某市某检测中心\t2.00
某市某研究所\t1.00
"""


def test_a_units_income_is_read_in_the_income_table_not_a_spending_table():
    pipeline = Pipeline([parse_text(UNITS_BUDGET, "units_budget")])
    answer = ask(pipeline, "某市某检测中心2026年收入合计多少？")
    assert not answer.refused and answer.figures[0].value == D("6.00")
    assert answer.citations[0].table == "收入总体情况表"


OWN_UNIT_BUDGET = """某市某局2026年部门预算
收入总体情况表
单位：万元
单位名称\t合计\t一般公共预算\t其他收入
合计\t10.00\t8.00\t2.00
某市某局\t10.00\t8.00\t2.00
某市某局\t6.00\t5.00\t1.00
某市某检测中心\t4.00\t3.00\t1.00

支出总体情况表
单位：万元
科目名称\t合计\t基本支出\t项目支出
合计\t10.00\t7.00\t3.00
213 农林水支出\t10.00\t7.00\t3.00

一般公共预算支出情况表
单位：万元
科目名称\t合计\t基本支出\t\t\t项目支出
\t\t小计\t人员经费\t公用经费\t
合计\t8.00\t5.00\t4.00\t1.00\t3.00
213 农林水支出\t8.00\t5.00\t4.00\t1.00\t3.00
"""


@pytest.fixture(scope="module")
def own_unit_pipeline():
    return Pipeline([parse_text(OWN_UNIT_BUDGET, "own_unit_budget")])


def test_the_departments_own_unit_is_the_row_under_its_namesake(own_unit_pipeline):
    own = ask(own_unit_pipeline, "某市某局本级的其他收入有多少？")
    assert not own.refused and own.figures[0].value == D("1.00")
    whole = ask(own_unit_pipeline, "某市某局的其他收入有多少？")  # the department: never both rows added
    assert whole.refused or whole.figures[0].value == D("2.00")


def test_a_row_is_read_in_the_table_with_every_column_the_question_names(own_unit_pipeline):
    answer = ask(own_unit_pipeline, "农林水支出的基本支出中人员经费是多少？")
    assert not answer.refused and answer.figures[0].value == D("4.00")
    assert answer.citations[0].table == "一般公共预算支出情况表"


def test_a_column_of_a_group_is_a_share_of_the_groups_total(own_unit_pipeline):
    answer = ask(own_unit_pipeline, "基本支出里人员经费占比多少？")
    assert not answer.refused and answer.figures[0].value == D("80.00")  # 4.00 of 基本支出 5.00, not of 合计 8.00


CLASS_COLUMNS_BUDGET = """某市某局2026年部门预算
部门收支总体情况表
单位：万元
项目\t本年预算
基本支出\t5.00
项目支出\t3.00
支出合计\t8.00

一般公共预算基本支出情况表
单位：万元
经济科目编码\t经济科目名称\t总计\t人员类\t公用经费
\t合计\t5.00\t4.00\t1.00
301\t工资福利支出\t4.00\t4.00\t
30101\t基本工资\t4.00\t4.00\t
302\t商品和服务支出\t1.00\t\t1.00
30201\t办公费\t0.60\t\t0.60
30207\t邮电费\t0.40\t\t0.40
"""


def test_a_difference_of_columns_named_within_an_item_reads_both_columns():
    pipeline = Pipeline([parse_text(CLASS_COLUMNS_BUDGET, "class_columns")])
    answer = ask(pipeline, "基本支出里，人员类比公用经费多多少？")  # 基本支出 says where; 人员类 is a column's own header
    assert not answer.refused and answer.figures[0].value == D("3.00")


def test_the_items_a_column_is_spent_on_are_the_economic_items_with_a_figure_in_it():
    pipeline = Pipeline([parse_text(CLASS_COLUMNS_BUDGET, "class_columns")])
    answer = ask(pipeline, "公用经费花在几个经济科目上？")
    assert not answer.refused and answer.figures[0].value == 2 and "办公费" in answer.answer and "邮电费" in answer.answer


TWO_LEVELS_BUDGET = """某市某局2026年部门预算
部门支出预算总表
单位：万元
科目编码\t科目名称\t合计
\t合计\t10.00
206\t科学技术支出\t10.00
20699\t其他科学技术支出\t10.00
2069901\t科技奖励\t4.00
2069999\t其他科学技术支出\t6.00
"""


def test_a_label_printed_as_kuan_and_as_xiang_with_other_figures_is_asked_which():
    pipeline = Pipeline([parse_text(TWO_LEVELS_BUDGET, "two_levels")])
    by_name = ask(pipeline, "其他科学技术支出是多少？")
    assert by_name.refused and not by_name.figures and "款（20699）" in by_name.answer and "项（2069999）" in by_name.answer
    assert ask(pipeline, "2069999是多少？").figures[0].value == D("6.00")
    assert ask(pipeline, "20699是多少？").figures[0].value == D("10.00")



UNIT_INCOME_BUDGET = UNITS_BUDGET.split("项目支出预算表")[0] + """
一般公共预算基本支出情况表
单位：万元
经济科目编码\t经济科目名称\t合计
\t合计\t5.00
301\t工资福利支出\t5.00
"""


def test_a_unit_and_an_item_named_are_both_read_or_refused():
    pipeline = Pipeline([parse_text(UNIT_INCOME_BUDGET, "unit_income")])
    assert ask(pipeline, "工资福利支出是多少？").figures[0].value == D("5.00")
    answer = ask(pipeline, "某市某检测中心的工资福利支出是多少？")  # not the unit's income, not the department's item
    assert answer.refused and not answer.figures


def test_one_code_printed_for_each_unit_is_not_two_levels():
    repeated = TWO_LEVELS_BUDGET.replace("2069901\t科技奖励\t4.00", "2069999\t其他科学技术支出\t4.00") \
        .replace("20699\t其他科学技术支出", "20699\t科学技术其他支出")
    answer = ask(Pipeline([parse_text(repeated, "repeated")]), "其他科学技术支出是多少？")
    assert "既是" not in answer.answer


ONE_ROW_GROUPS = """某市某局2026年部门预算
单位“三公”经费预算表
单位：万元
“三公”经费预算数\t\t\t\t\t
合计\t因公出国(境)费\t公务接待费\t公务用车购置及运行费\t\t
\t\t\t小计\t购置费\t运行费
44.10\t12.00\t2.50\t29.60\t20.00\t9.60
"""


@pytest.mark.parametrize("question, value", [
    ("公务用车购置及运行费是多少？", "29.60"),  # the group: its 小计, not the part whose name ends the group's
    ("公务用车运行费是多少？", "9.60"), ("三公经费里公务用车购置及运行费占多大比例？", "67.12"),
])
def test_a_column_group_named_is_its_subtotal_and_a_part_named_is_the_part(question, value):
    answer = ask(Pipeline([parse_text(ONE_ROW_GROUPS, "one_row_groups")]), question)
    assert not answer.refused and answer.figures[0].value == D(value)


PART_BESIDE_WHOLE = """某市某局2026年部门预算
一般公共预算基本支出表
单位：万元
经济科目编码\t经济科目名称\t合计
\t合计\t30.00
302\t商品和服务支出\t30.00
30231\t公务用车运行维护费\t30.00

单位“三公”经费预算表
单位：万元
项目\t“三公”经费合计\t公务接待费\t公务用车运行维护费
合计\t10.00\t4.00\t6.00
"""


def test_a_part_asked_within_a_whole_is_read_beside_it():
    answer = ask(Pipeline([parse_text(PART_BESIDE_WHOLE, "part_beside")]), "三公经费里面，公务用车运行维护费占了多大比例？")
    assert not answer.refused and answer.figures[0].value == D("60.00")  # 6.00 of 10.00, not the 经济分类 row's 30.00


def test_the_whole_regions_money_is_not_a_departments(pipeline):
    assert ask(pipeline, "城乡社区支出是多少元？").figures[0].value == D("5000000")
    answer = ask(pipeline, "全区城乡社区支出是多少元？")  # the region's budget, not this department's
    assert answer.refused and not answer.figures
