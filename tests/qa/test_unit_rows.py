"""Units ranked by a measure of their own: the unit rows of a table printed by unit, the table of the measure asked
(income, spending, 基本支出…), the department's own row left out of its 下属 units — and no ranking of something
else when no table prints that measure by unit."""
from corpus import parse_text
from qa.pipeline import Pipeline

DOC = parse_text("\n".join([
    "2026年某市某局部门预算",
    "收入总表", "单位：万元", "部门名称\t合计\t一般公共预算",
    "合计\t100.00\t100.00", "某市某局\t100.00\t100.00", "某市某局（本级）\t60.00\t60.00",
    "某市甲中心\t25.00\t25.00", "某市乙中心\t10.00\t10.00", "某市丙站\t5.00\t5.00",
    "基本支出预算表", "单位：万元", "单位名称\t总计",
    "合计\t70.00", "某市某局（本级）\t50.00", "某市甲中心\t15.00", "某市乙中心\t5.00",
    "一般公共预算支出表", "单位：万元", "科目编码\t科目名称\t合计",
    "208\t社会保障和就业支出\t30.00", "20805\t行政事业单位养老支出\t30.00",
    "2080501\t行政单位离退休\t20.00", "2080502\t事业单位离退休\t10.00", "合计\t\t30.00",
]), "d", "某市某局", 2026, "预算")


def ask(question):
    return Pipeline([DOC]).ask(question, keep_context=False)


def test_the_units_below_the_department_ranked_by_their_income():
    answer = ask("某局下属单位里，收入预算最多的两家是哪几个？")
    assert [(f.label, str(f.value)) for f in answer.figures] == [("某市甲中心", "25.00"), ("某市乙中心", "10.00")]


def test_a_measure_no_table_prints_by_unit_is_not_answered_with_other_rows():
    # no table prints each unit's whole spending: neither the 基本支出 table nor the rows of a subject holding 单位
    answer = ask("某局下属单位里，支出预算最多的是哪家？")
    assert answer.refused and "离退休" not in answer.answer, answer.answer


def test_a_named_measure_reads_its_own_table_by_unit():
    answer = ask("某局哪个单位的基本支出最多？")
    assert [(f.label, str(f.value)) for f in answer.figures] == [("某市某局（本级）", "50.00")], answer.answer


def test_units_counted_by_kind_are_added_in_the_measures_table():
    # '两个中心', no column said: each 中心's total in the income table (not the 基本支出 table printing them too)
    answer = ask("某局的两个中心，收入预算加在一起是多少？")
    assert [str(f.value) for f in answer.figures][:1] == ["35.00"], answer.answer
    assert "合计合计" not in answer.answer and "基本支出预算表" not in answer.answer


def test_units_counted_by_kind_are_ranked_among_themselves():
    answer = ask("某局的两个中心里哪个收入最多？")
    assert [(f.label, str(f.value)) for f in answer.figures] == [("某市甲中心", "25.00")], answer.answer


def test_units_counted_with_an_item_no_table_prints_by_unit_are_not_given_their_totals():
    answer = ask("某局的两个中心公务接待费加起来是多少？")
    assert not any(str(f.value) == "35.00" for f in answer.figures), answer.answer


HOSPITALS = parse_text("\n".join([
    "2026年某某市卫生健康委员会部门预算",
    "收入预算总表", "单位：万元", "单位名称\t总计",
    "合计\t90.00", "某某市第三人民医院（某某市精神病院）\t40.00", "某某市妇幼保健院\t50.00",
]), "h", "某某市卫生健康委员会", 2026, "预算")


def test_a_numbered_hospital_named_by_its_number_is_its_row():
    answer = Pipeline([HOSPITALS]).ask("收入预算总表里，市妇幼保健院比市三院多多少？", keep_context=False)
    assert [str(f.value) for f in answer.figures][:1] == ["10.00"], answer.answer
    answer = Pipeline([HOSPITALS]).ask("某某市妇幼保健院的收入比市三院多多少？", keep_context=False)
    assert [str(f.value) for f in answer.figures][:1] == ["10.00"], answer.answer
