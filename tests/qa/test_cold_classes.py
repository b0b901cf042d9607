"""Classes of question the cold set on six more wide documents (eval/gold_wide_2.jsonl) found answered with a wrong
figure, each on a small document of its own: one person's pay, items added by 'these few' or '合在一起', a row
printed again with the same figure, and things counted of another kind than asked."""
from corpus import parse_text
from qa.pipeline import Pipeline

DOC = parse_text("\n".join([
    "2026年某市某局部门预算",
    "一般公共预算机关运行经费支出预算表", "单位：万元", "科目名称\t合计",
    "合计\t30.00", "商品和服务支出\t30.00", "办公费\t10.00", "印刷费\t5.00", "邮电费\t15.00",
    "一般公共预算“三公”经费、会议费、培训费支出表", "单位：万元",
    "“三公”经费合计\t因公出国（境）费\t公务接待费\t会议费\t培训费", "15.00\t\t15.00\t30.00\t105.00",
    "项目支出绩效目标表", "单位：万元", "项目名称\t资金总额",
    "平安建设租赁费\t1,900.00", "平安建设租赁费\t1,900.00",
    "项目支出预算表", "单位：万元", "单位名称\t项目名称\t合计",
    "某市某局\t信息化运维\t20.00", "某市某局\t安全培训\t10.00", "某市某局\t物资储备\t5.00",
]), "d", "某市某局", 2026, "预算")


def ask(question):
    return Pipeline([DOC]).ask(question, keep_context=False)


def test_one_persons_pay_is_not_disclosed():
    for question in ("某市某局局长一年工资拿多少？", "某局下属中心主任的年薪是多少", "处长每个月收入多少"):
        answer = ask(question)
        assert answer.refused and "个人" in answer.answer and not answer.figures, answer.answer


def test_a_kind_of_spending_named_with_other_is_not_a_persons_pay():
    assert "个人" not in ask("某局其他工资福利支出多少？").answer


def test_items_listed_then_said_to_be_these_few_are_added():
    answer = ask("某局的办公费、印刷费、邮电费这几项一共多少？")
    assert str(answer.figures[0].value) == "30.00" and answer.checks, answer.answer


def test_columns_said_together_are_added_and_a_column_named_without_its_total_word_counts():
    answer = ask("某局“三公”经费、会议费和培训费合在一起是多少？")
    assert str(answer.figures[0].value) == "150.00", answer.answer


def test_a_row_printed_again_with_its_figure_is_not_added_to_itself():
    answer = ask("某局平安建设租赁费是多少？")
    assert [str(f.value) for f in answer.figures] == ["1900.00"] and "出现2次" in answer.answer, answer.answer


def test_the_items_under_a_heading_are_counted_without_it():
    answer = ask("某局的机关运行经费分成了几个具体科目？")
    assert str(answer.figures[0].value) == "3", answer.answer


def test_offices_asked_are_not_counted_from_projects():
    answer = ask("某市某局一共设了几个内设处室？")
    assert not answer.figures or answer.figures[0].unit in ("万元", "元") or answer.refused, answer.answer
    assert "3" not in [str(f.value) for f in answer.figures]


# 北京's layout: the government's economic classification printed before the department's on every row
BOTH_CLASSIFICATIONS = parse_text("\n".join([
    "2026年某市某局部门预算", "一般公共预算基本支出表", "单位：万元", "政府经济分类\t部门经济分类\t合计",
    "合计\t\t15.00", "50101-工资奖金津补贴\t30101-基本工资\t10.00", "50501-工资福利支出\t30101-基本工资\t5.00",
]), "d", "某市某局", 2026, "预算")


def test_a_row_is_named_by_its_department_item_when_both_classifications_are_printed():
    rows = BOTH_CLASSIFICATIONS.tables[0].rows[1:]
    assert [(r.label, r.code, r.qualifiers) for r in rows] == [
        ("基本工资", "30101", ("50101-工资奖金津补贴",)), ("基本工资", "30101", ("50501-工资福利支出",))]
    answer = Pipeline([BOTH_CLASSIFICATIONS]).ask("某局基本工资两个经济科目加起来一共多少？", keep_context=False)
    assert str(answer.figures[0].value) == "15.00", answer.answer

