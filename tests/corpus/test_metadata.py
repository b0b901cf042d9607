"""Department, year and kind from the title page, the declared line and the headings (corpus/metadata.py)."""
from pathlib import Path

import pytest

from corpus.metadata import read_metadata
from corpus.parser import default_kind
from corpus.pdf import pdf_to_text
from corpus.text import compact, read_text

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


# The national genre's title pages: each form is read for department, scope, 部门/单位, year, kind and region.

def read(page: str):
    meta = read_metadata(page.splitlines())
    return meta.department, meta.scope, meta.unit_kind, meta.year, meta.kind, meta.region


def test_year_name_and_kind_on_one_line():
    assert read("2026年某市教育局部门预算\n目 录\n") == ("某市教育局", "", "部门", 2026, "预算", "某市")
    assert read("2026 年度某市某局单位预算公开\n目 录\n")[:3] == ("某市某局", "", "单位")


def test_the_scope_after_the_name_is_kept_apart_from_it():
    assert read("某市某局（本级）\n2026年度部门预算公开\n目 录\n") == ("某市某局", "本级", "部门", 2026, "预算", "某市")
    assert read("2026 年度\n某市某办公室\n（本级）\n单位预算\n目 录\n")[:3] == ("某市某办公室", "本级", "单位")


def test_the_year_above_the_name():
    assert read("2026 年度\n某市某区某局\n单位预算\n目 录\n") == ("某市某区某局", "", "单位", 2026, "预算", "某市某区")


def test_the_year_after_the_title():
    assert read("某市交通运输局\n年度部门预算\n2026\n目录\n") == ("某市交通运输局", "", "部门", 2026, "预算", "某市")


def test_a_name_wrapped_over_three_lines():
    page = "2026 年度\n某市市场监管综合监测\n与技术保障中心\n单位预算\n目 录\n"
    assert read(page)[:4] == ("某市市场监管综合监测与技术保障中心", "", "单位", 2026)
    assert read("某省某市某区\n规划和自然\n资源局\n2024 年度部门决算\n目 录\n")[:2] == ("某省某市某区规划和自然资源局", "")


def test_the_word_部门_printed_after_the_name_is_not_part_of_it():
    assert read("某市某办公室部门 2026 年度部门预算\n信息公开\n目 录\n")[:4] == ("某市某办公室", "", "部门", 2026)
    assert read("2026年\n某市某工务中心部门\n预算\n目 录\n")[:3] == ("某市某工务中心", "", "部门")


def test_a_title_naming_only_the_region_takes_the_declared_unit():
    meta = read_metadata(["某市2026年市级单位预算", "预算单位：某市某研究院（某市某数据管理中心）", "目 录",
                          "编制单位：某市某研究院（某市某数据管理中心） 单位：元"])
    assert (meta.department, meta.unit_kind, meta.region, meta.level) == ("某市某研究院(某市某数据管理中心)", "单位",
                                                                         "某市", "市级")
    assert not meta.warnings


def test_page_markers_of_a_text_export_are_not_text():
    page = "=== page 1 ===\n2026 年度\n某市某局\n部门预算\n=== page 2 ===\n目 录\n"
    assert read(page)[:4] == ("某市某局", "", "部门", 2026)


def test_a_declared_name_ends_before_the_unit_of_the_table():
    meta = read_metadata(["某市某局", "2026年度部门预算", "目录", "部门名称：某市某局单位：万元", "部门：某市某局 单位：万元"])
    assert meta.department == "某市某局" and not meta.warnings


def test_tables_published_without_a_title_page_name_and_date_their_department():
    # a disclosure's second attachment: tables only, the department named in a table's cells
    text_export = ["预算01表 收支总表", "金额单位：万元", "预算13表 部门整体支出绩效目标表", "（2026年度）",
                   "部门名称 某市某局", "财政拨款 其他资金"]
    pdf = ["\t预算01表 收支总表\t\t", "\t\t金额单位：万元", "\t预算13表 部门整体支出绩效目标表\t\t", "\t（2026年度）\t\t",
           "\t部门名称\t\t某市某局\t\t"]
    for lines in (text_export, pdf):
        meta = read_metadata(lines)
        assert (meta.department, meta.unit_kind, meta.year) == ("某市某局", "部门", 2026)


def test_what_does_not_end_as_an_organisation_is_not_a_department():
    assert read_metadata(["部门名称 部门预算编码", "单位名称：项目名称", "2026年度部门预算"]).department == ""


WIDE = Path(__file__).resolve().parents[3] / "shared" / "corpus-wide"
# department (as the corpus-wide README prints it, the scope apart), year, kind, 部门/单位, scope
WIDE_EXPECTED = {
    "bj_xfb_2026_budget": ("北京市信访办公室", 2026, "预算", "部门", ""),
    "bj_ybj_2026_budget": ("北京市医疗保障局", 2026, "预算", "部门", ""),
    "bj_tyjr_2026_budget": ("北京市退役军人事务局", 2026, "预算", "部门", ""),
    "bj_mzj_2026_budget": ("北京市民政局", 2026, "预算", "部门", ""),
    "sh_kdfx_2026_budget": ("上海科技大学附属学校", 2026, "预算", "单位", ""),
    "sh_tjdsj_2026_budget": ("上海市统计和大数据研究院（上海市统计数据管理中心）", 2026, "预算", "单位", ""),
    "sh_zsjyb_2026_budget": ("上海钻石宝玉石交易联合管理办公室", 2026, "预算", "单位", ""),
    "gz_bgt_2026_budget": ("广州市人民政府办公厅", 2026, "预算", "部门", ""),
    "gz_tjj_2026_budget": ("广州市统计局", 2026, "预算", "部门", ""),
    "gz_swj_2026_budget": ("广州市水务局", 2026, "预算", "部门", ""),
    "gz_wjw_2026_budget": ("广州市卫生健康委员会", 2026, "预算", "部门", ""),
    "zh_swj_2026_budget": ("珠海市商务局", 2026, "预算", "部门", ""),
    "zh_gwzx_2026_budget": ("珠海市政府投资交通市政项目工务中心", 2026, "预算", "部门", ""),
    "sz_swj_2026_budget": ("苏州市水务局", 2026, "预算", "单位", ""),
    "sz_yjj_2026_budget": ("苏州市应急管理局", 2026, "预算", "部门", ""),
    "sz_sjj_2026_budget": ("苏州市审计局", 2026, "预算", "部门", ""),
    "sz_sthjj_2026_budget": ("苏州市生态环境局", 2026, "预算", "单位", ""),
    "wx_xfj_2025_budget": ("无锡市信访局", 2025, "预算", "部门", ""),
    "wx_fgw_2025_budget": ("无锡市发展和改革委员会", 2025, "预算", "部门", ""),
    "wx_jyj_2026_budget": ("无锡市教育局", 2026, "预算", "部门", ""),
    "wx_zjj_2026_budget": ("无锡市住房和城乡建设局", 2026, "预算", "单位", "本级"),
    "hz_gaj_2026_budget": ("杭州市公安局", 2026, "预算", "部门", ""),
    "hz_jtj_2026_budget": ("杭州市交通运输局", 2026, "预算", "部门", ""),
    "hz_sfj_2026_budget": ("杭州市司法局", 2026, "预算", "部门", ""),
    "hz_qxj_2026_budget": ("杭州市气象局", 2026, "预算", "部门", ""),
    "huz_jtj_2026_budget": ("湖州市交通运输局", 2026, "预算", "部门", ""),
    "huz_wjw_2026_budget": ("湖州市卫生健康委员会", 2026, "预算", "部门", ""),
    "huz_czj_2026_budget": ("湖州市财政局", 2026, "预算", "部门", ""),
    "huz_tyjr_2026_budget": ("湖州市退役军人事务局", 2026, "预算", "部门", ""),
    "cs_xfj_2026_budget": ("长沙市信访局", 2026, "预算", "部门", ""),
    "cs_gaj_2025_budget": ("长沙市公安局", 2025, "预算", "部门", ""),
    "cs_zjjd_2026_budget": ("长沙职业教育基地综合协调办公室", 2026, "预算", "部门", ""),
    "qz_gaj_2026_budget": ("泉州市公安局", 2026, "预算", "部门", ""),
    "qz_zfb_2026_budget": ("泉州市人民政府办公室", 2026, "预算", "部门", ""),
    "qz_zfbbj_2026_budget": ("泉州市人民政府办公室", 2026, "预算", "单位", "本级"),
    "qz_scjgjc_2026_budget": ("泉州市市场监管综合监测与技术保障中心", 2026, "预算", "单位", ""),
}


def wide_files(suffix: str) -> list[tuple[str, Path]]:
    """(document id, file) for every file of the 36 documents: a disclosure published as two attachments
    (`<id>_part1`, `<id>_part2`) is read half by half, each on its own."""
    files = [(doc, path) for doc in WIDE_EXPECTED for path in sorted(WIDE.glob(f"{doc}*.{suffix}"))]
    assert len(files) == 40, f"{WIDE} holds {len(files)} .{suffix} files of the 36 documents, not 40"
    return files


def misread(doc: str, lines: list[str]) -> str:
    """'' when the metadata of `doc` read from `lines` is as expected, else what was read. The kind is the one
    parse_text gives (a half that states none gets the parser's default); names compare without width (the
    corpus keeps names in compact form: '（' as '(')."""
    meta = read_metadata(lines)
    got = (compact(meta.department), meta.year, meta.kind or default_kind(lines), meta.unit_kind, meta.scope)
    department, *rest = WIDE_EXPECTED[doc]
    return "" if got == (compact(department), *rest) else f"{doc}: {got}"


@pytest.mark.skipif(not WIDE.exists(), reason="../shared/corpus-wide is absent")
def test_every_wide_text_export_reads_its_department_year_and_kind():
    assert [m for doc, path in wide_files("txt") if (m := misread(doc, read_text(path).splitlines()))] == []


@pytest.mark.slow
@pytest.mark.skipif(not WIDE.exists(), reason="../shared/corpus-wide is absent")
def test_every_wide_pdf_reads_its_department_year_and_kind():
    assert [m for doc, path in wide_files("pdf") if (m := misread(doc, pdf_to_text(path).splitlines()))] == []
