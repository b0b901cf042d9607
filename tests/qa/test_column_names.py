"""A column some layouts print under another name (人员类 for 人员经费: corpus/table_kinds.json) is asked by its
standard name; a finer part asked (人员经费 within 基本支出) is never answered with the figure of the part holding it."""
from corpus import parse_text
from qa.pipeline import Pipeline

DOC = parse_text("\n".join([
    "2026年某市某局部门预算",
    "部门支出总体情况表", "单位：万元", "科目名称\t合计\t基本支出\t项目支出",
    "合计\t50.00\t40.00\t10.00", "一般公共服务支出\t50.00\t40.00\t10.00",
    "一般公共预算基本支出情况表", "单位：万元", "经济科目名称\t总计\t人员类\t公用经费",
    "合计\t40.00\t30.00\t10.00", "工资福利支出\t30.00\t30.00\t", "商品和服务支出\t10.00\t\t10.00",
]), "d", "某市某局", 2026, "预算")


def ask(question):
    return Pipeline([DOC]).ask(question, keep_context=False)


def test_a_column_printed_as_renyuanlei_is_the_renyuan_jingfei_column():
    answer = ask("一般公共预算基本支出情况表里人员经费是多少？")
    assert [str(f.value) for f in answer.figures] == ["30.00"], answer.answer


def test_a_finer_part_asked_is_not_answered_with_the_part_holding_it():
    # no table prints 人员经费: 基本支出's own figure is not its 人员经费
    doc = parse_text("\n".join([
        "2026年某市某局部门预算", "部门支出总体情况表", "单位：万元", "科目名称\t合计\t基本支出\t项目支出",
        "合计\t50.00\t40.00\t10.00", "一般公共服务支出\t50.00\t40.00\t10.00"]), "e", "某市某局", 2026, "预算")
    answer = Pipeline([doc]).ask("某市某局基本支出里人员经费是多少？", keep_context=False)
    assert not any(str(f.value) == "40.00" for f in answer.figures), answer.answer
