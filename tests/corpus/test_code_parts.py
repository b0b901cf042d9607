"""A code split over 类/款/项 columns whose 类 is printed once is whole on every line; codes on the two sides of a
table never lend each other their parts."""
from corpus import parse_text


def rows_of(body: str, title: str):
    doc = parse_text(f"某市某局2026年部门预算\n{title}\n单位：万元\n{body}", "d")
    return doc.tables[0].rows


def test_a_kuan_line_takes_the_lei_printed_above_it():
    rows = rows_of("类\t款\t项\t功能科目\t合计\n\t\t\t合计\t3.00\n201\t\t\t一般公共服务支出\t3.00\n"
                   "\t11\t\t纪检监察事务\t3.00\n201\t11\t99\t其他纪检监察事务支出\t3.00\n", "部门支出总体情况表")
    by_label = {r.label: r for r in rows}
    assert by_label["纪检监察事务"].code == "20111"
    assert by_label["其他纪检监察事务支出"].parent == "纪检监察事务"


def test_the_two_sides_of_a_table_keep_their_own_codes():
    rows = rows_of("人员经费\t\t\t公用经费\t\t\n科目编码\t科目名称\t决算数\t科目编码\t科目名称\t决算数\n"
                   "303\t对个人和家庭的补助\t67.96\t30299\t其他商品和服务支出\t28.86\n"
                   "\t\t\t310\t资本性支出\t39.76\n", "一般公共预算财政拨款基本支出决算表")
    assert [r.label for r in rows if r.code == "303"] == ["对个人和家庭的补助"]
    assert [r.code for r in rows if r.label == "资本性支出"] == ["310"]


def test_a_code_printed_inside_the_label_is_the_rows_code():
    rows = rows_of("科目名称\t合计\n合计\t3.00\n[201]一般公共服务支出\t3.00\n[20111]纪检监察事务\t3.00\n"
                   "2011199-其他纪检监察事务支出\t3.00\n106_某市某中心\t3.00\n", "部门支出总体情况表")
    by_label = {r.label: r for r in rows}
    assert by_label["纪检监察事务"].code == "20111"
    assert by_label["其他纪检监察事务支出"].parent == "纪检监察事务"
    assert by_label["106_某市某中心"].code is None  # a unit's number is not a 科目 code
