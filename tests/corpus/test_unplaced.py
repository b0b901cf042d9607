"""What the parser could not place (corpus/unplaced.py), and how `corpus show` reports it."""
from corpus import parse_text

DOC = """某市某局2024年部门预算

目 录
一、部门预算表
1. 2024年部门收入预算总表 ……………… 3
2. 2024年部门支出预算总表 ……………… 4
二、其他相关情况说明

2024年部门收入预算总表
编制部门：某市某局 单位：元
项目\t合计\t财政拨款
一般公共服务支出\t100.00\t100.00
\t见附表\t
合计\t100.00\t100.00
"""


def test_a_table_line_assigned_to_no_row_is_listed():
    doc = parse_text(DOC, "u")
    [listed, line] = doc.unplaced
    assert (line.line, line.text) == (13, "\t见附表\t") and "2024年部门收入预算总表" in line.reason
    assert [r.label for r in doc.table("收入预算总表").rows] == ["一般公共服务支出", "合计"]


def test_a_table_the_contents_lists_but_the_document_lacks_is_listed():
    listed = parse_text(DOC, "u").unplaced[0]
    assert (listed.line, listed.reason) == (6, "the 目录 lists this table, but no table of that title or kind was read")
    # '一、部门预算表' heads a group of tables; it is not one
    assert not any(u.line == 4 for u in parse_text(DOC, "u").unplaced)


def test_corpus_show_lists_what_was_not_placed():
    from corpus.__main__ import describe, summary

    doc = parse_text(DOC, "u")
    assert "  not placed: line 13: in table '2024年部门收入预算总表', assigned to no row: 见附表" in describe(doc)
    assert [u["line"] for u in summary(doc)["unplaced"]] == [6, 13]
