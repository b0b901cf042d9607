"""Classes of question the cold set on six further wide documents (eval/gold_wide_3.jsonl) answered with a wrong
figure, each on a small document of its own: a unit's projects counted, a project named alone beside its units, a
unit's total given for a measure of it, comparisons worded loosely, items counted but not all found, a reason
quoted of another item, columns of a table named after a short name, a table whose name holds a column's."""
from corpus import parse_text
from qa.pipeline import Pipeline

DOC = parse_text("\n".join([
    "2026年某市卫生健康委员会部门预算",
    "收入总表", "单位：万元", "单位名称\t总计",
    "合计\t300.00", "某市卫生健康委员会\t100.00", "某市中心医院\t200.00",
    "项目支出预算表", "单位：万元", "单位名称\t项目名称\t合计",
    "合计\t\t60.00",
    "某市卫生健康委员会\t公立医院改革示范项目\t10.00", "某市卫生健康委员会\t卫生健康管理事务\t5.00",
    "某市中心医院\t公立医院改革示范项目\t20.00", "某市中心医院\t医院能力建设\t15.00", "某市中心医院\t医学人才培养\t10.00",
    "一般公共预算基本支出情况表", "单位：万元", "经济科目编码\t经济科目名称\t总计\t人员类\t公用经费",
    "合计\t\t90.00\t70.00\t20.00",
    "30108\t机关事业单位基本养老保险缴费\t30.00\t30.00\t", "30109\t职业年金缴费\t15.00\t15.00\t",
    "30110\t职工基本医疗保险缴费\t25.00\t25.00\t", "30201\t办公费\t20.00\t\t20.00",
    "政府采购支出表", "单位：万元", "采购品目\t总计",
    "合计\t50.00", "货物\t10.00", "服务\t40.00",
    "九、“三公”经费、会议费、培训费支出预算情况说明",
    "某市卫生健康委员会2026年会议费预算支出7.37万元，比上年预算减少0.83万元，主要原因是厉行节约。",
    "某市卫生健康委员会2026年培训费预算支出22.21万元，比上年预算减少11.9万元，主要原因是厉行节约。",
    "十、其他重要事项的情况说明",
    "2026年某市卫生健康委员会本级1家行政单位的机关运行经费财政拨款预算105.75万元。",
]), "d", "某市卫生健康委员会", 2026, "预算")


def ask(question):
    return Pipeline([DOC]).ask(question, keep_context=False)


def test_a_units_projects_are_counted_not_the_whole_table():
    answer = ask("市中心医院在项目支出预算表里列了几个项目？")
    assert str(answer.figures[0].value) == "3", answer.answer


def test_a_project_named_alone_is_added_over_the_units_printing_it():
    answer = ask("“公立医院改革示范项目”在项目支出预算表里各单位加总一共多少钱？")
    assert str(answer.figures[0].value) == "30.00", answer.answer


def test_a_units_total_is_not_given_for_a_measure_of_it():
    answer = ask("市卫健委本级的机关运行经费今年预算多少？")
    assert all(str(f.value) != "100.00" for f in answer.figures), answer.answer


def test_a_comparison_worded_with_its_verb_is_a_difference():
    answer = ask("某市卫生健康委员会政府采购中，服务类比货物类多采购多少金额？")
    assert str(answer.figures[0].value) == "30.00" and answer.checks, answer.answer


def test_items_counted_in_the_question_are_all_added_or_none():
    answer = ask("某市卫生健康委员会基本支出中，养老保险、职业年金和职工医保，三项加总是多少？")
    assert str(answer.figures[0].value) == "70.00", answer.answer
    missing = ask("某市卫生健康委员会基本支出中，养老保险、职业年金、职工医保和公务员医疗补助，四项加总是多少？")
    assert not missing.figures or str(missing.figures[0].value) != "70.00", missing.answer


def test_a_change_and_its_reason_are_quoted_of_the_item_asked_not_of_its_neighbour_in_the_heading():
    answer = ask("某市卫生健康委员会培训费比上年压减了多少？原因是什么")
    assert "11.9" in answer.answer and "0.83" not in answer.answer, answer.answer


def test_two_columns_of_a_table_named_after_a_short_name_are_compared_there():
    answer = ask("卫健基本支出表里，人员类比公用经费多出多少钱？")
    assert str(answer.figures[0].value) == "50.00", answer.answer


def test_a_column_the_table_does_not_print_is_not_read_as_its_total():
    answer = ask("基本支出表里，人员经费比公用经费多出多少钱？")
    assert all(str(f.value) not in ("90.00", "70.00") for f in answer.figures), answer.answer


def test_a_table_whose_name_holds_a_columns_is_not_that_column():
    answer = ask("某市卫生健康委员会一共公开了几张项目支出绩效目标表？")
    assert not answer.figures or answer.figures[0].value not in (3, 5), answer.answer


ENVIRONMENT = parse_text("\n".join([
    "2026年江城市生态环境局部门预算",
    "支出总表", "单位：万元", "科目编码\t科目名称\t合计\t基本支出\t项目支出",
    "合计\t\t100.00\t60.00\t40.00", "211\t节能环保支出\t80.00\t40.00\t40.00", "221\t住房保障支出\t20.00\t20.00\t",
    "一般公共预算基本支出表", "单位：万元", "科目名称\t合计\t人员经费\t公用经费",
    "合计\t60.00\t45.00\t15.00", "工资福利支出\t45.00\t45.00\t", "办公费\t15.00\t\t15.00",
]), "e", "江城市生态环境局", 2026, "预算")


def test_a_department_is_named_by_the_everyday_name_of_its_kind():
    other = parse_text("\n".join(["2026年江城市教育局部门预算", "支出总表", "单位：万元", "科目名称\t合计",
                                  "合计\t9.00", "办公费\t9.00"]), "o", "江城市教育局", 2026, "预算")
    answer = Pipeline([other, ENVIRONMENT]).ask("江城环保局的办公费是多少？", keep_context=False)
    assert answer.doc == "e" and str(answer.figures[0].value) == "15.00", answer.answer


def test_a_word_said_again_in_brackets_is_not_an_unread_subject():
    answer = Pipeline([ENVIRONMENT]).ask("江城市生态环境局2026年人头费（人员经费）一共安排了多少？", keep_context=False)
    assert str(answer.figures[0].value) == "45.00", answer.answer


def test_a_share_of_the_departments_whole_however_the_department_is_shortened():
    for question in ("节能环保支出占江城市生态环境局2026年支出总预算的百分之几？", "节能环保支出占江城生态环境局全部支出的百分之几？"):
        answer = Pipeline([ENVIRONMENT]).ask(question, keep_context=False)
        assert str(answer.figures[0].value) == "80.00", answer.answer


POLICE = parse_text("\n".join([
    "2026年江城市公安局部门预算", "收入总表", "单位：万元", "单位名称\t合计",
    "合计\t620.00", "江城市公安局\t500.00", "江城市公安局甲分局\t50.00", "江城市看守所\t40.00", "江城市公安局乙分局\t30.00",
]), "p", "江城市公安局", 2026, "预算")


def test_the_departments_own_row_left_out_of_a_ranking_and_which_ones_is_not_a_count():
    answer = Pipeline([POLICE]).ask("除了市局本级以外，收入预算最多的是哪两个单位？", keep_context=False)
    assert [str(f.value) for f in answer.figures] == ["50.00", "40.00"], answer.answer
    which = Pipeline([POLICE]).ask("收入预算最多的前两家是哪几个？", keep_context=False)
    assert [str(f.value) for f in which.figures] == ["500.00", "50.00"], which.answer


WATER = parse_text("\n".join([
    "2026年江城市水务局部门预算",
    "一般公共预算支出情况表", "单位：万元", "科目编码\t科目名称\t合计",
    "合计\t\t1500.00", "213\t农林水支出\t1500.00", "21303\t水利\t1500.00", "2130314\t防汛\t1094.96",
    "2130301\t行政运行\t405.04",
    "第四部分 名词解释", "7.上年结转：指以前年度尚未完成、结转到本年仍按原规定用途继续使用的资金。",
    "第三部分 情况说明", "（十）其他重要事项的情况说明", "3.国有资产占有使用情况。",
    "截至2025年12月31日，江城市水务局所属各预算单位共有车辆70辆，其中，特种专业技术用车49辆。",
    "2026年部门预算安排购置车辆4辆，其中，其他用车4辆。",
]), "w", "江城市水务局", 2026, "预算")


def ask_water(question):
    return Pipeline([WATER]).ask(question, keep_context=False)


def test_a_short_name_said_with_its_code_is_that_row():
    answer = ask_water("2130314防汛这个科目一共安排了多少钱？")
    assert str(answer.figures[0].value) == "1094.96", answer.answer


def test_a_term_asked_of_the_glossary_by_its_section_name():
    answer = ask_water("江城水务局预算名词解释里，“上年结转”指的是什么？")
    assert answer.intent == "definition" and "以前年度尚未完成" in answer.answer, answer.answer


def test_a_numbered_title_ending_its_sentence_opens_the_paragraph_it_titles():
    assert str(ask_water("江城水务局2026年部门预算准备新买几辆车？").figures[0].value) == "4"
    assert str(ask_water("江城水务局现在有多少辆车？").figures[0].value) == "70"


MEETINGS = parse_text("\n".join([
    "2025年江城市发展和改革委员会部门预算",
    "一般公共预算基本支出表", "单位：万元", "科目编码\t科目名称\t合计",
    "合计\t\t60.00", "30112\t其他社会保障缴费\t10.00", "30215\t会议费\t7.37", "30216\t培训费\t1.45",
    "30108\t机关事业单位基本养老保险缴费\t41.18",
    "一般公共预算“三公”经费、会议费、培训费支出表", "单位：万元",
    "“三公”经费合计\t因公出国（境）费\t公务接待费\t会议费\t培训费", "38.27\t23.27\t15.00\t7.37\t22.21",
]), "m", "江城市发展和改革委员会", 2025, "预算")


def test_kinds_listed_beyond_the_rows_read_are_the_columns_of_the_one_row_table_naming_them_all():
    answer = Pipeline([MEETINGS]).ask("江城发改委2025年三公经费、会议费和培训费加在一起总共多少？", keep_context=False)
    assert str(answer.figures[0].value) == "67.85", answer.answer


def test_an_everyday_name_of_the_other_social_security_payments():
    answer = Pipeline([MEETINGS]).ask("江城发改委的养老保险、会议费和其他社保这几项一共多少？", keep_context=False)
    assert str(answer.figures[0].value) == "58.55", answer.answer
