"""Several documents loaded: scope by department and year, comparisons across them."""
from decimal import Decimal as D

import pytest

from corpus import parse_text
from qa.pipeline import Pipeline
from qa.scope import department_aliases

TEMPLATE = """上海市某区{year}年区级部门预算
预算主管部门：上海市某区人民政府某某街道办事处

{year}年部门支出预算总表
编制部门：上海市某区人民政府某某街道办事处 单位：元

项目\t\t\t\t支出预算\t\t
功能分类科目编码\t\t\t功能分类科目名称\t合计\t基本支出\t项目支出
类\t款\t项\t\t\t\t
201\t\t\t一般公共服务支出\t{general}\t0\t{general}
212\t\t\t城乡社区支出\t{city}\t{city}\t0
合计\t{total}\t{city}\t{general}

部门“三公”经费和机关运行经费预算表
编制部门：上海市某区人民政府某某街道办事处 单位:万元

{year}年“三公”经费预算数\t\t\t\t{year}年机关运行经费预算数
合计\t因公出国(境)费\t公务接待费\t公务用车购置及运行费\t
{sangong}\t0\t1.35\t{cars}\t{running}

其他相关情况说明
四、绩效目标设置情况
本部门1个预算单位开展了{year}年项目预算绩效目标编报工作，编报绩效目标的项目{projects}个，涉及项目预算资金300万元。
"""


def document(year, general, city, sangong, cars, running, department_doc_id):
    text = TEMPLATE.format(year=year, general=f"{general:,}", city=f"{city:,}", total=f"{general + city:,}",
                           sangong=sangong, cars=cars, running=running, projects=50 if year == 2024 else 49)
    return parse_text(text, department_doc_id)


@pytest.fixture(scope="module")
def pipeline():
    docs = [document(2024, 2_932_700, 119_385_303, "47.91", "46.56", "443.18", "jd-2024"),
            document(2025, 3_000_000, 154_369_326, "37.91", "36.56", "464.64", "jd-2025")]
    return Pipeline(docs)


def test_short_forms_of_a_department_name():
    aliases = department_aliases("上海市某区人民政府某某街道办事处")
    assert "某某街道办事处" in aliases and aliases[-1] == "某某街道"


def test_the_year_chooses_the_document(pipeline):
    a = pipeline.ask("某某街道2025年城乡社区支出是多少", keep_context=False)
    assert a.figures[0].value == D("154369326") and a.citations[0].doc == "jd-2025"


def test_an_unscoped_question_asks_which_document(pipeline):
    a = pipeline.ask("城乡社区支出是多少", keep_context=False)
    assert a.intent == "clarify" and not a.figures and "2024" in a.answer and "2025" in a.answer


def test_a_year_not_loaded_is_refused(pipeline):
    assert pipeline.ask("某某街道2023年城乡社区支出是多少", keep_context=False).refused


def test_change_between_two_years_of_one_department(pipeline):
    a = pipeline.ask("某某街道2025年的三公经费比2024年变化多少？", keep_context=False)
    assert a.figures[0].value == D("10.00") and a.figures[0].unit == "万元"
    assert {c.doc for c in a.citations} == {"jd-2024", "jd-2025"} and all(c.ok for c in a.checks)


def test_this_year_against_last_year_compares_the_two_documents(pipeline):
    a = pipeline.ask("某某街道今年（2025）城乡社区支出比去年涨了多少？", keep_context=False)
    assert not a.refused and a.figures[0].value == D("34984023") and {c.doc for c in a.citations} == {"jd-2024", "jd-2025"}


def test_a_two_digit_year_is_the_year(pipeline):
    a = pipeline.ask("某某街道24年城乡社区支出是多少", keep_context=False)
    assert a.figures[0].value == D("119385303") and a.citations[0].doc == "jd-2024"


def test_a_count_stated_in_each_year_is_compared(pipeline):
    a = pipeline.ask("某某街道2025年编报绩效目标的项目比2024年少几个？", keep_context=False)
    assert not a.refused and a.figures[0].value == D("1") and a.figures[0].unit == "个"


def test_one_row_table_by_its_headers(pipeline):
    a = pipeline.ask("某某街道2024年机关运行经费是多少", keep_context=False)
    assert a.figures[0].value == D("443.18")


def test_a_department_not_loaded_is_refused_not_asked_about(pipeline):
    a = pipeline.ask("长征镇2024年的三公经费预算是多少？", keep_context=False)
    assert a.refused and not a.figures and "长征镇" in a.answer


def test_a_year_written_before_the_short_name_is_not_another_department(pipeline):
    a = pipeline.ask("2025年某某街道城乡社区支出是多少", keep_context=False)
    assert a.figures[0].value == D("154369326")


def test_a_change_asked_in_wan_yuan_converts_the_yuan_tables_as_printed(pipeline):
    a = pipeline.ask("某某街道2025年城乡社区支出比2024年增加多少万元？", keep_context=False)
    # 154,369,326元 → 15,436.93万元 and 119,385,303元 → 11,938.53万元, each rounded as a disclosure prints it
    assert (a.figures[0].value, a.figures[0].unit) == (D("3498.40"), "万元")
    assert "表列 154,369,326元" in a.answer and all(c.ok for c in a.checks)


def test_a_change_asked_in_yuan_of_figures_printed_in_wan_yuan_is_refused(pipeline):
    a = pipeline.ask("某某街道2025年的三公经费比2024年减少了多少元？", keep_context=False)
    assert a.refused and not a.figures and "万元" in a.answer


def test_a_why_question_naming_two_years_is_about_the_later_document(pipeline):
    a = pipeline.ask("某某街道2025年公务用车购置及运行费为什么比2024年少？", keep_context=False)
    assert a.intent != "change" or not a.figures or a.citations[0].doc == "jd-2025"
    assert all(c.doc == "jd-2025" for c in a.citations)


def test_the_parts_of_a_column_group_of_a_one_row_table(pipeline):
    a = pipeline.ask("某某街道2025年“三公”经费包括哪几部分？", keep_context=False)
    assert "公务接待费" in a.answer and "公务用车购置及运行费" in a.answer


def test_a_figure_in_yuan_asked_in_wan_yuan_is_also_stated_converted(pipeline):
    a = pipeline.ask("某某街道2025年城乡社区支出是多少万元", keep_context=False)
    assert (a.figures[0].value, a.figures[0].unit) == (D("15436.93"), "万元") and "154,369,326元" in a.answer
    assert any("÷ 10000" in c.expression for c in a.checks)
    b = pipeline.ask("某某街道2025年三公经费是多少元", keep_context=False)
    assert all(f.unit == "万元" for f in b.figures) and "无法精确到元" in b.answer


def test_a_picked_document_scopes_the_question():
    from pathlib import Path

    from corpus.parser import load_document

    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    pipeline = Pipeline([load_document(fixtures / "web/xinqiao_2025_budget.txt", "xinqiao-2025", "示范区新桥街道办事处", 2025, "预算"),
                         load_document(fixtures / "pdf/sample_budget.txt", "sample-2024", "示例市示例局", 2024, "预算")])
    assert pipeline.ask("行政运行是多少？", keep_context=False).intent == "clarify"
    assert pipeline.ask("行政运行是多少？", keep_context=False, doc="sample-2024").figures[0].value == D("700.00")
    by_name = pipeline.ask("行政运行是多少？", keep_context=False, doc="新桥街道")
    assert by_name.doc == "xinqiao-2025" and by_name.figures[0].value == D("560.00")
    answer, context = pipeline.converse("行政运行是多少？", None, doc="示范区新桥街道办事处")
    assert answer.doc == context.doc == "xinqiao-2025"
    unknown = pipeline.ask("行政运行是多少？", keep_context=False, doc="别的局")
    assert unknown.refused and "没有载入“别的局”" in unknown.answer and "示例市示例局" in unknown.answer


def test_a_class_left_out_by_chule_is_not_ranked(pipeline):
    a = pipeline.ask("除了城乡社区，某某街道2025年哪一类支出最多？", keep_context=False)
    assert "城乡社区支出" not in a.answer  # one class left is no ranking: refused, never the class left out


def test_the_own_budget_of_a_department_is_picked_by_benji_and_its_name_is_scope_not_a_row():
    """A department's whole budget and its own (本级) budget, both loaded: '本级' in the question picks the latter, and
    there the department's name with 本级 is the document, not its own row of the income table."""
    from corpus import parse_text
    from qa.pipeline import Pipeline

    def budget(title: str, own: str, whole: str, doc_id: str):
        return parse_text(f"{title}\n2026年度部门预算\n收入预算总表\n单位：万元\n单位名称\t合计\n合计\t{whole}\n"
                          f"某市某局\t{own}\n支出预算总表\n单位：万元\n科目编码\t科目名称\t合计\n"
                          f"208\t社会保障和就业支出\t{own}\n", doc_id)

    whole = budget("某市某局", "30.00", "50.00", "whole")
    own = budget("某市某局（本级）", "30.00", "30.00", "own")
    assert (whole.scope, own.scope, own.department) == ("", "本级", "某市某局")
    pipeline = Pipeline([whole, own])
    ans = pipeline.ask("某市某局（本级）社会保障和就业支出是多少？", keep_context=False)
    assert ans.doc == "own" and ans.citations[0].row == "社会保障和就业支出"
    assert pipeline.ask("某市某局收入合计是多少？", keep_context=False).doc == "whole"


def test_one_short_name_fitting_two_cities_departments_asks_which_not_compares():
    city_a = TEMPLATE.replace("上海市某区人民政府某某街道办事处", "甲市某某事务局").replace("上海市某区", "甲市")
    city_b = TEMPLATE.replace("上海市某区人民政府某某街道办事处", "乙市某某事务局").replace("上海市某区", "乙市")
    values = dict(year=2025, general="3,000", city="7,000", total="10,000", sangong="37.91", cars="36.56",
                  running="464.64", projects=49)
    smaller = {**values, "city": "5,000", "total": "8,000"}
    pipeline = Pipeline([parse_text(city_a.format(**values), "a-2025"), parse_text(city_b.format(**smaller), "b-2025")])
    one_name = pipeline.ask("某某事务局城乡社区支出比一般公共服务支出多多少？", keep_context=False)
    assert one_name.intent == "clarify" and "甲市某某事务局" in one_name.answer and "乙市某某事务局" in one_name.answer
    two_names = pipeline.ask("甲市某某事务局比乙市某某事务局的城乡社区支出多多少？", keep_context=False)
    assert not two_names.refused and two_names.intent == "difference" and two_names.figures[0].value == D("2000")
    assert "甲市某某事务局（7,000元）比乙市某某事务局（5,000元）多" in two_names.answer


def test_the_region_of_a_document_and_the_names_people_give_it():
    from qa.scope import place_names, region_of

    doc = parse_text(TEMPLATE.format(year=2025, general="3,000", city="7,000", total="10,000", sangong="37.91",
                                     cars="36.56", running="464.64", projects=49), "jd")
    assert region_of(doc) == "上海市某区"
    doc.region = ""  # a title page that names no region: the department's name opens with it
    assert region_of(doc) == "上海市某区"
    assert place_names("上海市普陀区") == ["上海市普陀区", "上海市", "普陀区", "上海", "普陀"]


def test_the_picker_search_matches_short_names_places_and_years():
    from qa.scope import matches_search

    doc = parse_text(TEMPLATE.replace("上海市某区人民政府某某街道办事处", "某市卫生健康委员会").replace("上海市某区", "某市").format(
        year=2026, general="3,000", city="7,000", total="10,000", sangong="37.91", cars="36.56", running="464.64",
        projects=49), "wjw")
    for text in ("卫健", "某市", "2026", "某市 卫健委 2026", "卫生健康委员会", "预算", ""):
        assert matches_search(doc, text), text
    for text in ("教育", "2025", "卫健 2025", "决算", "健卫"):
        assert not matches_search(doc, text), text


def test_a_reply_naming_the_document_only_picks_it():
    from qa.scope import reply_names

    docs = [parse_text(TEMPLATE.format(year=year, general="3,000", city="7,000", total="10,000", sangong="37.91",
                                       cars="36.56", running="464.64", projects=49), f"jd-{year}") for year in (2024, 2025)]
    assert [d.id for d in reply_names(docs, "某某街道2025年的")] == ["jd-2025"]
    assert [d.id for d in reply_names(docs, "2024年那份")] == ["jd-2024"]
    assert len(reply_names(docs, "某某街道")) == 2  # both years: asked again
    assert reply_names(docs, "某某街道2025年的基本支出是多少") == []  # a question of its own
    assert reply_names(docs, "好的") == []
