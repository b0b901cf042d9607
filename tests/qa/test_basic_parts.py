"""人员经费 and 公用经费 asked of a layout that prints neither: the 基本支出 table's economic classes they are made of
(corpus/classification.json `basic_parts`), added and checked — and never where the document prints the part, states
another figure for it, or prints a class of neither part."""
from corpus import parse_text
from qa.pipeline import Pipeline

BASIC = ["一般公共预算基本支出情况表", "单位：万元", "科目编码\t科目名称\t预算数", "\t合计\t70.00",
         "301\t工资福利支出\t40.00", "30101\t基本工资\t40.00", "302\t商品和服务支出\t15.00", "30201\t办公费\t15.00",
         "303\t对个人和家庭的补助\t5.00", "30305\t生活补助\t5.00", "310\t资本性支出\t10.00", "31002\t办公设备购置\t10.00"]


def document(*lines):
    return parse_text("\n".join(["2026年某市某局部门预算", *BASIC, *lines]), "d", "某市某局", 2026, "预算")


def ask(doc, question):
    return Pipeline([doc]).ask(question, keep_context=False)


def test_the_parts_are_their_classes_added_each_cited_and_checked():
    doc = document()
    personnel = ask(doc, "某局基本支出里的人头费有多少？")
    assert [str(f.value) for f in personnel.figures] == ["45.00"], personnel.answer
    assert [c.row for c in personnel.citations] == ["工资福利支出", "对个人和家庭的补助"]
    assert personnel.checks and "工资福利支出（301）、对个人和家庭的补助（303）之和" in personnel.answer
    running = ask(doc, "某局的公用经费预算是多少？")
    assert [str(f.value) for f in running.figures] == ["25.00"], running.answer


def test_a_sentence_stating_the_same_figure_is_cited_and_another_figure_leaves_the_sum_unsaid():
    agreeing = ask(document("（一）人员经费45.00万元，主要包括基本工资。"), "某局人员经费多少？")
    assert [str(f.value) for f in agreeing.figures] == ["45.00"] and agreeing.citations[-1].table == "说明"
    other = ask(document("（一）人员经费50.00万元，主要包括基本工资。"), "某局人员经费多少？")
    assert all(str(f.value) != "45.00" for f in other.figures), other.answer


def test_a_printed_part_a_named_class_or_a_class_of_neither_part_is_not_composed():
    printed = document("部门支出总表", "单位：万元", "科目编码\t科目名称\t合计\t人员经费\t公用经费",
                       "\t合计\t70.00\t42.00\t28.00", "2010101\t行政运行\t70.00\t42.00\t28.00")
    assert ask(printed, "某局人员经费多少？").basis != "basic part by economic classes"
    named = ask(document(), "某局基本支出里人员经费中的工资福利支出有多少？")
    assert [str(f.value) for f in named.figures] == ["40.00"], named.answer
    other_class = document()
    other_class.tables[0].rows[-2].code = "399"  # 其他支出: of neither part
    assert ask(other_class, "某局人员经费多少？").basis != "basic part by economic classes"


def test_a_part_printed_as_a_column_of_the_basic_table_under_another_name_is_its_total_rows_cell():
    doc = parse_text("\n".join(["2026年某市某局部门预算", "一般公共预算基本支出情况表", "单位：万元",
                                "科目名称\t总计\t人员类\t公用经费", "合计\t70.00\t45.00\t25.00",
                                "工资福利支出\t40.00\t40.00\t", "商品和服务支出\t25.00\t\t25.00",
                                "对个人和家庭的补助\t5.00\t5.00\t"]), "d", "某市某局", 2026, "预算")
    answer = ask(doc, "基本支出里，人头费一共安排了多少？")
    assert [str(f.value) for f in answer.figures] == ["45.00"], answer.answer
    assert answer.citations[0].column == "人员类"
