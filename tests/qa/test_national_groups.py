"""A 类 or 款 asked by its national name where the tables print only its 项 (many layouts list 项 alone): the 项
rows under its code are added, each cited, and the answer says the group is not printed as a row of its own."""
from corpus import parse_text
from qa.pipeline import Pipeline

DOC = parse_text("\n".join([
    "2026年某市某局部门预算",
    "一般公共预算支出表", "单位：万元", "科目编码\t科目名称\t合计\t基本支出\t项目支出",
    "2101101\t行政单位医疗\t10.00\t10.00\t", "2210201\t住房公积金\t30.00\t30.00\t", "2210203\t购房补贴\t20.00\t20.00\t",
    "合计\t\t60.00\t60.00\t",
    "政府性基金预算支出表", "单位：万元", "科目编码\t科目名称\t合计",
    "2296002\t用于社会福利的彩票公益金支出\t8.00", "合计\t\t8.00",
]), "d", "某市某局", 2026, "预算")


def ask(question):
    return Pipeline([DOC]).ask(question, keep_context=False)


def test_a_kuan_printed_only_as_its_xiang_is_their_sum():
    answer = ask("某局的住房改革支出是多少？")
    assert [str(f.value) for f in answer.figures] == ["50.00"], answer.answer
    assert "住房改革支出（22102）表中未单列" in answer.answer and len(answer.citations) == 2


def test_a_fund_kuan_named_by_the_standard_is_its_one_printed_xiang():
    answer = ask("某局用彩票公益金安排的支出有多少？")
    assert [str(f.value) for f in answer.figures] == ["8.00"], answer.answer


def test_a_group_with_nothing_printed_under_it_is_not_answered():
    answer = ask("某局的城乡社区支出是多少？")
    assert answer.refused and not answer.figures, answer.answer
