"""Rows printed as names only (no codes, no list marks) are nested by their sums, or not at all."""
from corpus import parse_text


def table_of(body: str, title: str = "一般公共预算支出表"):
    doc = parse_text(f"某市某局2026年部门预算\n{title}\n单位：万元\n{body}", "d")
    return doc.tables[0]


def family(table):
    return [(r.label, r.level, r.parent) for r in table.rows if not r.is_total]


def test_names_only_nest_as_lei_kuan_xiang_by_their_sums():
    table = table_of("科目名称\t合计\t基本支出\t项目支出\n合计\t15.00\t10.00\t5.00\n"
                     "公共安全支出\t12.00\t10.00\t2.00\n公安\t12.00\t10.00\t2.00\n行政运行\t10.00\t10.00\t\n"
                     "执法办案\t2.00\t\t2.00\n卫生健康支出\t3.00\t\t3.00\n行政事业单位医疗\t3.00\t\t3.00\n"
                     "行政单位医疗\t3.00\t\t3.00\n")
    assert family(table) == [("公共安全支出", 1, None), ("公安", 2, "公共安全支出"), ("行政运行", 3, "公安"),
                             ("执法办案", 3, "公安"), ("卫生健康支出", 1, None), ("行政事业单位医疗", 2, "卫生健康支出"),
                             ("行政单位医疗", 3, "行政事业单位医疗")]
    assert [r.path for r in table.rows if r.label == "执法办案"] == [("公共安全支出", "公安", "执法办案")]


def test_a_total_at_the_foot_closes_the_run_above_it():
    table = table_of("科目名称\t合计\n公共安全支出\t12.00\n公安\t12.00\n行政运行\t10.00\n执法办案\t2.00\n"
                     "本年支出合计\t12.00\n")
    assert family(table)[:2] == [("公共安全支出", 1, None), ("公安", 2, "公共安全支出")]


def test_sums_that_do_not_close_leave_the_rows_flat():
    # the 款 prints 11.00 while its 项 make 12.00: no nesting is guessed
    table = table_of("科目名称\t合计\n合计\t12.00\n公共安全支出\t12.00\n公安\t11.00\n行政运行\t10.00\n"
                     "执法办案\t2.00\n")
    assert all(level is None and parent is None for _, level, parent in family(table))


def test_unmarked_items_under_a_marked_row_that_they_make_up():
    table = table_of("项目\t预算数\n一、财政拨款\t10.00\n一般公共预算\t8.00\n政府性基金预算\t2.00\n"
                     "国有资本经营预算\t\n二、事业收入\t1.00\n收入总计\t11.00\n", title="收入总表")
    assert [(label, parent) for label, _, parent in family(table)] == [
        ("财政拨款", None), ("一般公共预算", "财政拨款"), ("政府性基金预算", "财政拨款"), ("国有资本经营预算", "财政拨款"),
        ("事业收入", None)]
