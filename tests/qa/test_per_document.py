"""What a question reads of its document's whole is read once per document object, and again for a new one."""
from corpus import parse_text
from qa.resolve import unit_names


def units_doc(*units):
    lines = ["2026年某市某局部门预算", "收入总表", "单位：万元", "单位名称\t合计", "合计\t3.00"]
    return parse_text("\n".join(lines + [f"{u}\t1.00" for u in units]), "d", "某市某局", 2026, "预算")


def test_the_units_of_a_document_are_read_once_and_again_for_a_document_loaded_again():
    first = units_doc("某市某局甲中心", "某市乙医院")
    assert unit_names(first) is unit_names(first) and "乙医院" in "".join(unit_names(first))
    again = units_doc("某市丙学校")  # the same id, another object
    assert "丙学校" in "".join(unit_names(again)) and "乙医院" not in "".join(unit_names(again))
