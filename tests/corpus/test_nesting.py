"""Rows printed as names only (no codes, no list marks) are nested by their sums, or not at all."""
from audit.checks import audit
from corpus import parse_text


def table_of(body: str, title: str = "一般公共预算支出表"):
    return table_doc(body, title).tables[0]


def table_doc(body: str, title: str):
    return parse_text(f"某市某局2026年部门预算\n{title}\n单位：万元\n{body}", "d")


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


PROCUREMENT = ("采购品目大类\t专项名称\t经济科目\t采购品目名称\t总计\n合计\t\t\t\t188.50\n货物\t\t\t\t5.50\n某局\t\t\t\t5.50\n"
               "\t定额\t办公费\t复印纸\t1.30\n\t设备购置\t办公设备购置\t便携式计算机\t4.20\n服务\t\t\t\t183.00\n"
               "某局\t\t\t\t183.00\n\t物业管理费\t物业管理费\t物业管理服务\t13.00\n\t协审经费\t委托业务费\t审计服务\t170.00\n")


def test_name_rows_over_name_rows_nest_by_their_sums():
    # 大类 › unit › purchases: a 大类 printed straight above a unit holds the units up to its sum
    table = table_of(PROCUREMENT, title="政府采购支出表")
    assert [(label, level, parent) for label, level, parent in family(table)] == [
        ("货物", 1, None), ("某局", 2, "货物"), ("定额", 3, "某局"), ("设备购置", 3, "某局"),
        ("服务", 1, None), ("某局", 2, "服务"), ("物业管理费", 3, "某局"), ("协审经费", 3, "某局")]
    assert table.rows[-1].path == ("服务", "某局", "协审经费")


def test_name_rows_whose_sums_do_not_nest_stay_groups():
    table = table_of(PROCUREMENT.replace("服务\t\t\t\t183.00", "服务\t\t\t\t180.00"), title="政府采购支出表")
    assert [level for _, level, _ in family(table)] == [1, 1, 2, 2, 1, 1, 2, 2]


CATALOGUE = ("指导性目录\t\t\t预算金额\n一级\t二级\t三级\t\n合计\t\t\t30.00\n"
             "01-公共服务\t0104-社会保障服务\t养老服务\t10.00\n01-公共服务\t0104-社会保障服务\t养老服务\t15.00\n"
             "02-政府履职辅助性服务\t0201-法律服务\t法律顾问服务\t5.00\n")


def test_a_coded_catalogue_printed_on_each_row_is_its_place_not_a_row_above():
    # every row prints 一级 | 二级 | 三级; rows printing the same place are separate purchases of one 合计
    table = table_of(CATALOGUE, title="政府购买服务明细表")
    rows = [r for r in table.rows if not r.is_total]
    assert [(r.path, r.parent) for r in rows][1] == (("01-公共服务", "0104-社会保障服务", "养老服务"), "0104-社会保障服务")
    findings = [f for f in audit(table_doc(CATALOGUE, "政府购买服务明细表")) if f.check in ("parent_sum", "total_row")]
    assert [(f.check, f.status) for f in findings] == [("total_row", "exact")]


def test_cells_whose_codes_do_not_extend_each_other_are_no_place():
    # 功能科目 | 经济科目 side by side: two classifications, not one catalogue
    table = table_of("功能科目\t经济科目\t合计\n合计\t\t3.00\n2080505-养老保险缴费\t50102-社会保障缴费\t3.00\n")
    row = table.rows[-1]
    assert row.parent is None and row.path == ("养老保险缴费",) and row.code == "2080505"


def test_the_procurement_total_is_the_sum_of_its_top_name_rows():
    findings = [f for f in audit(table_doc(PROCUREMENT, "政府采购支出表")) if f.check in ("parent_sum", "total_row")]
    assert findings and all(f.status == "exact" for f in findings)
