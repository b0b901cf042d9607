"""Questions about project forms printed under their project's title (corpus/titled_forms.py): a fund by the form's
own name for it, an indicator by its whole name before a part of it, never by the project's own words, and a rate the
form does not set refused rather than answered with the project's money."""
from decimal import Decimal

from corpus import parse_text
from qa.pipeline import Pipeline
from tests.corpus.test_titled_forms import FORMS, TABLE

EXTRA = """
2 4

执勤车辆购置项目绩效目标表

专项资金情 况（万元）\t资金总额：\t12.35\t\t
\t财政拨款：\t10.00\t\t
\t其他资金：\t2.35\t\t
绩效目标指 标\t一级指标\t二级指标\t三级指标\t目标值
\t成本指标\t经济成本指 标\t车辆购置采购价\t≤30万元
\t产出指标\t数量指标\t购置车辆数\t2辆
\t满意度指标\t服务对象满 意度指标\t群众满意度\t≥95%
"""


def ask(question: str):
    doc = parse_text(TABLE + FORMS.replace("\n部门整体", EXTRA + "\n部门整体"), "doc", "某市某局", 2026, "预算")
    return Pipeline([doc], None, None).ask(question, keep_context=False)


def test_a_projects_total_funds_with_its_printed_unit_and_line():
    answer = ask("看守所保障经费项目的资金总额是多少？")
    assert not answer.refused and (Decimal("1111.50"), "万元") in [(f.value, f.unit) for f in answer.figures]
    assert "实施单位：）" not in answer.answer  # no empty implementing unit shown


def test_a_fund_named_by_the_forms_own_word():
    answer = ask("执勤车辆购置项目的财政拨款是多少？")
    assert [(f.value, f.unit) for f in answer.figures][:1] == [(Decimal("10.00"), "万元")]
    assert "财政拨款" in answer.answer
    other = ask("执勤车辆购置项目的其他资金是多少？")
    assert [(f.value, f.unit) for f in other.figures][:1] == [(Decimal("2.35"), "万元")]


def test_an_indicator_by_its_whole_name_not_by_the_projects_words():
    answer = ask("执勤车辆购置项目的群众满意度指标是多少？")
    assert "群众满意度" in answer.answer and "≥95%" in answer.answer and "采购价" not in answer.answer


def test_a_rate_the_form_does_not_set_is_refused_not_answered_with_money():
    answer = ask("执勤车辆购置项目的预算执行率目标是多少？")
    assert answer.refused and answer.figures == []


def test_a_class_of_spending_in_everyday_words_is_not_a_project_of_that_name():
    # '买车' is the lexicon's word for 公务用车购置 (a class of spending), not the project 公务用车购置项目
    base = TABLE + "2026年度一般公共预算“三公”经费支出预算表\n单位：万元\n项目\t预算数\n公务用车购置费\t495.85\n"
    form = "\n公务用车购置项目绩效目标表\n\n专项资金情 况（万元）\t资金总额：\t30.00\t\t\n\t财政拨款：\t30.00\t\t\n"
    doc = parse_text(base + form, "doc", "某市某局", 2026, "预算")
    pipeline = Pipeline([doc], None, None)
    bought = pipeline.ask("今年买车的钱预算了多少？", keep_context=False)
    assert Decimal("30.00") not in [f.value for f in bought.figures]
    named = pipeline.ask("公务用车购置项目的资金总额是多少？", keep_context=False)
    assert [(f.value, f.unit) for f in named.figures][:1] == [(Decimal("30.00"), "万元")]


def test_a_project_named_after_the_whole_country_is_the_departments_own():
    doc = parse_text(TABLE + FORMS.replace("办公场所综\n合修缮改造项目", "全国民航反电诈\n中心建设项目"), "doc", "某市某局",
                     2026, "预算")
    answer = Pipeline([doc], None, None).ask("全国民航反电诈中心建设项目的资金总额是多少？", keep_context=False)
    assert [(f.value, f.unit) for f in answer.figures][:1] == [(Decimal("57.00"), "万元")]


def test_a_project_table_the_document_does_not_print_leaves_the_question_to_the_forms():
    answer = ask("看守所保障经费这个项目安排了多少钱？")  # '这个项目' suggests a project table; there is none
    assert [(f.value, f.unit) for f in answer.figures][:1] == [(Decimal("1111.50"), "万元")]


def test_the_forms_counted_are_all_the_documents_when_no_unit_or_project_is_named():
    # two forms print no implementing unit (the department's own): they are not a unit named by the question
    answer = ask("某局公开的项目支出绩效目标表有几张？")
    assert not answer.refused and answer.figures[0].value == 3, answer.answer
    assert answer.answer.startswith("某市某局的项目绩效目标表共3张")
