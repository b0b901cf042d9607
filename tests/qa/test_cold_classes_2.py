"""More classes of question the cold set on six wide documents (eval/gold_wide_2.jsonl) answered with a wrong figure
or refused, each on a small document of its own: the parts of a carry-over, a row singled out by a qualifier's
code, two columns of one table compared, a 总计 beside a group's 合计, a share of all spending."""
from corpus import parse_text
from qa.pipeline import Pipeline

DOC = parse_text("\n".join([
    "2026年某市某局部门预算",
    "财政拨款收支总表", "单位：万元", "收入项目\t预算数\t支出项目\t预算数",
    "一、一般公共预算资金\t100.00\t一、一般公共服务支出\t80.00",
    "二、政府性基金预算资金\t10.00\t二、社会保障和就业支出\t33.00",
    "本年收入合计\t110.00\t本年支出合计\t113.00",
    "上年结转结余\t3.00\t年终结转结余\t",
    "一、一般公共预算拨款\t2.00\t\t", "二、政府性基金预算拨款\t1.00\t\t", "三、国有资本经营预算拨款\t\t\t",
    "收入总计\t113.00\t支出总计\t113.00",
    "支出总表", "单位：万元", "功能分类科目\t政府经济分类\t部门经济分类\t合计",
    "合计\t\t\t30.00",
    "2010101-行政运行\t50205-委托业务费\t30226-劳务费\t4.00",
    "2010101-行政运行\t50205-委托业务费\t30227-委托业务费\t20.00",
    "2010101-行政运行\t50502-商品和服务支出\t30227-委托业务费\t6.00",
    "财政拨款“三公”经费支出表", "单位：万元",
    "“三公”经费合计\t因公出国（境）费用\t公务接待费\t公务用车购置及运行维护费\t\t",
    "\t\t\t小计\t公务用车购置费\t公务用车运行维护费",
    "30.00\t10.00\t2.00\t18.00\t11.00\t7.00",
    "项目支出预算表", "单位：万元", "单位名称\t总计\t财政拨款\t\t其他资金",
    "\t\t合计\t一般公共预算\t",
    "合计\t500.00\t60.00\t60.00\t440.00",
    "某市某医院\t500.00\t60.00\t60.00\t440.00",
]), "d", "某市某局", 2026, "预算")


def ask(question):
    return Pipeline([DOC]).ask(question, keep_context=False)


def test_a_carry_over_is_read_with_the_parts_listed_under_it():
    table = next(t for t in DOC.tables if t.title == "财政拨款收支总表")
    parts = [r.label for r in table.rows if r.parent == "上年结转结余"]
    assert parts == ["一般公共预算拨款", "政府性基金预算拨款", "国有资本经营预算拨款"]
    answer = ask("某局上年结转结余里，一般公共预算资金结转了多少？")
    assert [str(f.value) for f in answer.figures] == ["2.00"], answer.answer
    assert str(ask("某局一般公共预算资金是多少？").figures[0].value) == "100.00"


def test_a_qualifier_named_by_its_code_narrows_the_rows_and_one_row_asked_is_the_one_fully_named():
    answer = ask("某局2010101行政运行下面，经济分类是50205委托业务费的那一行是多少？")
    assert [str(f.value) for f in answer.figures] == ["20.00"], answer.answer
    group = ask("某局2010101行政运行中50205委托业务费一共多少？")
    assert str(group.figures[0].value) == "24.00", group.answer


def test_two_columns_of_the_table_named_are_compared_there():
    answer = ask("某局三公经费里，买公车的钱比公车运行维护的钱多多少？")
    assert str(answer.figures[0].value) == "4.00" and answer.checks, answer.answer


def test_a_grand_total_column_is_read_before_a_groups_total():
    answer = ask("某市某医院项目支出总计是多少？")
    assert str(answer.figures[0].value) == "500.00", answer.answer


def test_a_share_of_all_spending_is_over_the_tables_total():
    answer = ask("某局社会保障和就业支出占全部支出的百分之几？")
    assert answer.figures and str(answer.figures[0].value).startswith("29.2"), answer.answer
    assert not ask("某局社会保障和就业支出占全部收入的百分之几？").figures


def test_a_share_asked_in_hundredths_of_the_departments_whole_is_answered():
    answer = ask("某局社会保障和就业支出占某市某局全部支出的百分之多少？")
    assert answer.figures and str(answer.figures[0].value).startswith("29.2"), answer.answer


def test_a_column_of_a_one_row_table_is_a_share_of_the_rows_total():
    answer = ask("某局的三公经费里，出国（境）的费用占了百分之多少？")
    assert answer.figures and str(answer.figures[0].value).startswith("33.3"), answer.answer


TWO_PRINTINGS = parse_text("\n".join([
    "2026年某市某局部门预算",
    "支出总表", "单位：万元", "科目编码\t科目名称\t合计\t基本支出\t项目支出",
    "合计\t\t90.00\t60.00\t30.00", "2050201\t学前教育\t90.00\t60.00\t30.00",
    "财政拨款支出表", "单位：万元", "科目编码\t科目名称\t合计\t基本支出\t项目支出",
    "合计\t\t80.00\t60.00\t20.00", "2050201\t学前教育\t80.00\t60.00\t20.00",
    "一般公共预算基本支出表", "单位：万元", "科目名称\t合计\t人员经费\t公用经费",
    "合计\t60.00\t45.00\t15.00", "工资福利支出\t45.00\t45.00\t", "商品和服务支出\t15.00\t\t15.00",
]), "d", "某市某局", 2026, "预算")


def test_one_row_in_two_tables_compared_with_the_first_said_as_its_figure():
    answer = Pipeline([TWO_PRINTINGS]).ask("某局2050201学前教育，支出总表的数比财政拨款支出表多了多少？",
                                           keep_context=False)
    assert str(answer.figures[0].value) == "10.00", answer.answer


def test_a_question_restated_after_it_is_asked_is_read_whole():
    answer = Pipeline([TWO_PRINTINGS]).ask("某市某局今年人员经费一共多少？我说的是基本支出里的人员经费。", keep_context=False)
    assert str(answer.figures[0].value) == "45.00", answer.answer


PROSE = parse_text("\n".join([
    "2026年某市某局部门预算",
    "三、支出预算情况说明",
    "2026年支出预算120.00万元，比2025年年初预算数100.00万元增加20.00万元，增长20%。主要原因是上年结转结余资金纳入年度预算继续使用。",
    "四、国有资产占用情况",
    "截至2025年底，某市某局共有车辆47台，其中一般公务用车5台。",
    "收支总表", "单位：万元", "收入项目\t预算数\t支出项目\t预算数",
    "一般公共预算拨款收入\t110.00\t一般公共服务支出\t120.00",
    "上年结转结余\t10.00\t年终结转结余\t",
    "收入总计\t120.00\t支出总计\t120.00",
]), "d", "某市某局", 2026, "预算")


def test_a_stock_at_the_end_of_the_year_before_is_read_where_this_years_document_states_it():
    answer = Pipeline([PROSE]).ask("截至2025年底，某市某局一共有多少辆车？", keep_context=False)
    assert [str(f.value) for f in answer.figures][:1] == ["47"], answer.answer


def test_last_years_figure_is_not_derived_from_a_change_of_something_else_named_in_its_reason():
    answer = Pipeline([PROSE]).ask("某市某局去年的结转结余是多少？", keep_context=False)
    assert "100.00" not in answer.answer and all(str(f.value) != "100.00" for f in answer.figures), answer.answer
    stated = Pipeline([PROSE]).ask("某市某局去年的支出预算是多少？", keep_context=False)
    assert str(stated.figures[0].value) == "100.00", stated.answer


UNITS = parse_text("\n".join([
    "2026年某市卫生健康委员会部门预算",
    "收入总表", "单位：万元", "单位名称\t合计",
    "合计\t300.00", "某市第一人民医院\t200.00", "某市血液中心\t100.00",
    "项目支出预算表", "单位：万元", "项目名称\t合计",
    "合计\t50.00", "警务辅助人员经费（含大院30名）\t50.00",
]), "d", "某市卫生健康委员会", 2026, "预算")


def test_words_of_a_sentence_before_a_units_name_are_not_another_department():
    from qa.out_of_scope import other_department
    for question in ("某市血液中心的收入一共多少？就是卫健委收入总表里它那一行的合计。",
                     "某市血液中心的收入合计比某市第一人民医院多多少？", "两所学校的收入预算差多少？",
                     "除了市委本级以外，收入最多的是哪家？", "不含委本级，各单位收入合计多少？"):
        assert other_department(UNITS, question) == "", question
    assert other_department(UNITS, "某市教育局的收入是多少？") == "某市教育局"


def test_a_name_said_in_brackets_after_everyday_words_names_the_row_printed_with_a_qualifier():
    answer = Pipeline([UNITS]).ask("给辅警的经费（警务辅助人员经费）预算多少？", keep_context=False)
    assert str(answer.figures[0].value) == "50.00", answer.answer


SHARES = parse_text("\n".join([
    "2026年某市某局部门预算",
    "一般公共预算基本支出情况表（按经济分类科目）", "单位：万元", "科目名称\t预算",
    "合计\t200.00", "退休费\t50.00", "基本工资\t150.00",
    "部门预算基本支出预算表", "单位：万元", "科目名称\t总计\t一般公共预算",
    "合计\t1000.00\t200.00", "退休费\t90.00\t50.00", "基本工资\t910.00\t150.00",
    "政府采购预算明细表", "单位：万元", "采购类别\t金额",
    "A-货物\t30.00", "C-服务\t70.00", "合计\t100.00",
]), "d", "某市某局", 2026, "预算")


def test_a_table_named_without_the_words_its_title_ends_with_is_the_whole_of_a_share():
    from qa.column_answers import table_named_by
    name, table, _ = table_named_by(SHARES, "一般公共预算基本支出中退休费")
    assert (name, table.title) == ("一般公共预算基本支出", "一般公共预算基本支出情况表（按经济分类科目）")
    answer = Pipeline([SHARES]).ask("某市某局一般公共预算基本支出中，退休费占多少比例？", keep_context=False)
    assert str(answer.figures[0].value) == "25.00", answer.answer


def test_a_procurement_category_is_named_without_its_letter():
    answer = Pipeline([SHARES]).ask("某市某局服务类采购比货物类采购多多少？", keep_context=False)
    assert str(answer.figures[0].value) == "40.00", answer.answer


def test_a_unit_named_at_more_length_than_another_departments_mention_picks_the_unit_s_document():
    centre = parse_text("\n".join([
        "2026年某市市场监管综合监测与技术保障中心部门预算", "收入总表", "单位：万元", "单位名称\t合计",
        "合计\t70.00", "某市市场监管综合监测与技术保障中心\t70.00",
    ]), "c", "某市市场监管综合监测与技术保障中心", 2026, "预算")
    health = parse_text("\n".join([
        "2026年江城市卫生健康委员会部门预算", "收入总表", "单位：万元", "单位名称\t合计",
        "合计\t300.00", "江城市中心血站\t100.00", "江城市人民医院\t200.00",
    ]), "h", "江城市卫生健康委员会", 2026, "预算")
    answer = Pipeline([centre, health]).ask("市中心血站的收入预算是多少？", keep_context=False)
    assert answer.doc == "h" and str(answer.figures[0].value) == "100.00", answer.answer
