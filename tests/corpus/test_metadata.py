"""Department, year and kind from the title page, the declared line and the headings (corpus/metadata.py)."""
from corpus.metadata import read_metadata

WRAPPED_TITLE = """某省某市某区规划和自然
资源局
2024 年度部门决算

目 录
第一部分 某省某市某区规划和自然资源局概况
第二部分 某省某市某区规划和自然资源局 2024 年度部门决算表
某省某市规划和自然资源局 2024 年度部门决算表
"""

PARTY_COMMITTEE = """中共某市某区委
宣传部
2025年度部门预算

目 录
一、中共某市某区委宣传部机构设置
"""

DECLARED_WRAPPED = """某市某区2026年区级部门预算
预算主管部门：中共某市某区委
宣传部

目 录
中共某市某区委宣传部机构设置
2026年部门支出预算总表
"""


def test_a_name_wrapped_over_two_title_lines_is_joined():
    meta = read_metadata(WRAPPED_TITLE.splitlines())
    assert (meta.department, meta.year, meta.kind) == ("某省某市某区规划和自然资源局", 2024, "决算")


def test_a_heading_that_names_the_department_otherwise_is_warned_about():
    meta = read_metadata(WRAPPED_TITLE.splitlines())
    assert [w.line for w in meta.warnings] == [8]
    assert "某省某市规划和自然资源局" in meta.warnings[0].message


def test_a_party_committee_department_keeps_its_department_part():
    meta = read_metadata(PARTY_COMMITTEE.splitlines())
    assert (meta.department, meta.year, meta.kind) == ("中共某市某区委宣传部", 2025, "预算")
    assert not meta.warnings


def test_a_declared_name_cut_by_a_line_break_is_completed_from_the_headings():
    meta = read_metadata(DECLARED_WRAPPED.splitlines())
    assert (meta.department, meta.year, meta.kind) == ("中共某市某区委宣传部", 2026, "预算")
    assert not meta.warnings


def test_readings_that_disagree_are_warned_about_and_the_declared_one_is_used():
    lines = ["某市甲局", "2024年度部门预算", "目 录", "预算主管部门：某市乙局"]
    meta = read_metadata(lines)
    assert meta.department == "某市乙局"
    assert [(w.line, "'某市甲局'" in w.message) for w in meta.warnings] == [(1, True)]


def test_year_and_kind_printed_below_the_name():
    meta = read_metadata(["某市财政局", "年度部门决算", "2024", "目 录", "第一部分 某市财政局概况"])
    assert (meta.department, meta.year, meta.kind) == ("某市财政局", 2024, "决算")
