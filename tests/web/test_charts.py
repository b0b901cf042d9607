"""Chart data extraction: tables found by title keywords, each figure with its source line, sums checked."""
from decimal import Decimal
from pathlib import Path

import pytest

from corpus.model import Cell, Disclosure, Row, Source, Table
from web import charts


def test_the_five_charts_of_the_sample_disclosure(doc):
    found = {c.key: c for c in charts.extract_all(doc)}
    assert set(found) == {"gpb", "sangong", "jiguan", "basic_project", "economic"}
    gpb = found["gpb"]
    assert "一般公共预算支出" in gpb.table and [i.label for i in gpb.items][:2] == ["公共安全支出", "社会保障和就业支出"]
    assert gpb.items[0].value == Decimal("93049.56") and gpb.items[0].line == 260 and gpb.check.ok
    sangong = found["sangong"]
    assert [(i.label, i.value) for i in sangong.items] == [
        ("因公出国（境）费", None), ("公务接待费", Decimal("25.40")), ("公务用车购置及运行费", Decimal("1572.10"))]
    assert sangong.total.value == Decimal("1597.50") and sangong.check.ok and [i.label for i in sangong.blank] == ["因公出国（境）费"]
    jiguan = found["jiguan"]
    assert len(jiguan.items) == 10 and jiguan.items[-1].value == Decimal("3149.06") and jiguan.items[-1].line == 434
    assert jiguan.total.label == "部门合计" and jiguan.check.ok
    basic = found["basic_project"]
    assert [(i.label, i.value) for i in basic.items] == [("基本支出", Decimal("69574.59")), ("项目支出", Decimal("38482.65"))]
    assert basic.total.value == Decimal("108057.24") and basic.check.expression.endswith("= 108057.24")
    economic = found["economic"]
    assert [i.label for i in economic.items] == ["工资福利支出", "商品和服务支出", "对个人和家庭的补助", "资本性支出"]
    assert economic.check.ok


def _row(label, values, line, level=None, parent=None, code=None):
    cells = [Cell(c, None if v is None else Decimal(v), v or "") for c, v in values.items()]
    return Row(label, cells, Source("d", line, f"{label}\t" + "\t".join(v or "" for v in values.values())),
               code=code, level=level, parent=parent)


def test_tables_are_found_by_title_keywords_in_another_layout():
    columns = ["项目", "小计", "财政拨款"]
    table = Table("d", "部门“三公”经费预算情况表", "元", columns, [
        _row("公务接待费", {"小计": "100.00", "财政拨款": "100.00"}, 10),
        _row("公务用车运行费", {"小计": "300.00", "财政拨款": "300.00"}, 11),
        _row("因公出国费", {"小计": None, "财政拨款": None}, 12),
        _row("总计", {"小计": "400.00", "财政拨款": "400.00"}, 13)], 9, 13)
    doc = Disclosure("d", "某局", 2024, "预算", "x.txt", tables=[table])
    chart = charts.extract(doc, "sangong")
    assert chart.column == "小计" and chart.unit == "元"
    assert [i.value for i in chart.shown] == [Decimal("100.00"), Decimal("300.00")] and chart.total.line == 13
    assert chart.check.ok
    assert charts.extract(doc, "jiguan") is None  # no such table: no chart, never an invented one


def test_a_total_that_does_not_add_up_is_flagged():
    table = Table("d", "机关运行经费预算表", "万元", ["单位", "合计"], [
        _row("甲", {"合计": "1.00"}, 2), _row("乙", {"合计": "2.00"}, 3), _row("合计", {"合计": "4.00"}, 4)], 1, 4)
    chart = charts.extract(Disclosure("d", "某局", 2024, "预算", "x.txt", tables=[table]), "jiguan")
    assert not chart.check.ok and "⚠️" in charts.caption(chart)


@pytest.mark.parametrize("text,key", [("画出三公经费构成", "sangong"), ("请画一下机关运行经费的图", "jiguan"),
                                      ("基本支出和项目支出画个图", "basic_project"), ("画出经济分类", "economic"),
                                      ("画一般公共预算拨款结构", "gpb"), ("画个图", ""), ("三公经费是多少", None)])
def test_chart_requests(text, key):
    assert charts.chart_request(text) == key


def test_figure_renders_offline_with_a_chinese_font(doc):
    import io

    fig = charts.figure(charts.extract(doc, "jiguan"), doc.department)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    assert buffer.getvalue()[:8] == b"\x89PNG\r\n\x1a\n"
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "交通警察支队" in labels and "平城分局" in labels  # the department prefix is dropped on the axis
    if charts.cjk_font() is None:
        pytest.skip("no CJK font installed (apt fonts-wqy-microhei); labels would show as boxes")


def test_caption_cites_every_figure(doc):
    html = charts.caption(charts.extract(doc, "sangong"))
    for line in (409, 410, 411, 414):
        assert f"第{line}行" in html
    assert "未安排" in html and "✅" in html


# ---- issue 25: the 三公 and 机关运行经费 figures from their own tables, rows and columns

DEV = Path(__file__).resolve().parents[2].parent / "shared" / "corpus-dev"


def test_seed_sangong_and_jiguan_come_from_their_own_tables(doc):
    sangong, jiguan = charts.extract(doc, "sangong"), charts.extract(doc, "jiguan")
    assert "三公" in sangong.table and "机关运行经费" in jiguan.table and sangong.table != jiguan.table
    assert sangong.headline.value == Decimal("1597.50") and sangong.headline.line == 414
    assert jiguan.headline.value == Decimal("18643.77") and jiguan.headline.label == "部门合计"
    assert all(i.label != sangong.table for i in sangong.items)  # slices are items, never the table's name


def _one_row(title, columns, values, kind="预算"):
    """A one-row table as the Shanghai template prints it: the items are the columns."""
    table = Table("d", title, "万元", columns, [_row(title, dict(zip(columns, values)), 20)], 17, 20, horizontal=True)
    return Disclosure("d", "某街道办事处", 2025, kind, "x.txt", tables=[table])


SANGONG_AND_JIGUAN = ["“三公”经费预算数/合计", "“三公”经费预算数/因公出国(境)费", "“三公”经费预算数/公务接待费",
                      "“三公”经费预算数/公务用车购置及运行费/小计", "“三公”经费预算数/公务用车购置及运行费/购置费",
                      "“三公”经费预算数/公务用车购置及运行费/运行费", "机关运行经费预算数"]


def test_a_one_row_table_gives_its_items_as_columns_and_jiguan_its_own_column():
    doc = _one_row("2025年部门“三公”经费和机关运行经费预算表", SANGONG_AND_JIGUAN,
                   ["37.91", "0", "1.35", "36.56", "15", "21.56", "464.64"])
    sangong = charts.extract(doc, "sangong")
    assert [(i.label, i.value) for i in sangong.items] == [
        ("因公出国(境)费", Decimal("0")), ("公务接待费", Decimal("1.35")), ("公务用车购置及运行费", Decimal("36.56"))]
    assert sangong.total.value == Decimal("37.91") and sangong.check.ok and sangong.column == "“三公”经费预算数"
    jiguan = charts.extract(doc, "jiguan")
    assert [(i.label, i.value) for i in jiguan.items] == [("某街道办事处", Decimal("464.64"))]
    assert jiguan.headline.value == Decimal("464.64") and jiguan.headline.column == "机关运行经费预算数"


def test_a_one_row_table_whose_parts_do_not_add_up_is_flagged():
    doc = _one_row("部门“三公”经费和机关运行经费预算表", SANGONG_AND_JIGUAN,
                   ["40.00", "0", "1.35", "36.56", "15", "21.56", "464.64"])
    chart = charts.extract(doc, "sangong")
    assert not chart.check.ok and "⚠️ 验算不一致" in charts.caption(chart) and "40.00" in charts.caption(chart)


def test_a_final_accounts_table_is_drawn_from_its_final_figures():
    columns = [f"财政拨款“三公”经费/{item}/{measure}" for item in ("合计", "因公出国（境）费", "公务接待费")
               for measure in ("预算数", "决算数")]
    doc = _one_row("财政拨款“三公”经费支出决算表", columns, ["2.85", "0.39", "0.00", "0.00", "2.85", "0.39"], kind="决算")
    chart = charts.extract(doc, "sangong")
    assert [(i.label, i.value) for i in chart.items] == [("因公出国（境）费", Decimal("0.00")), ("公务接待费", Decimal("0.39"))]
    assert chart.total.value == Decimal("0.39") and chart.total.column.endswith("合计/决算数") and chart.check.ok


@pytest.mark.skipif(not DEV.is_dir(), reason="../shared/corpus-dev is absent")
@pytest.mark.parametrize("name,kind,sangong,parts,jiguan", [
    ("sh_putuo_wanli_2025_budget", "预算", "37.91", ["0", "1.35", "36.56"], "464.64"),
    ("sh_putuo_wanli_2024_budget", "预算", "47.91", ["0", "1.35", "46.56"], "443.18"),
    ("sh_putuo_sfj_2026_budget", "预算", "10.81", ["0", "0.83", "9.98"], "217.83"),
    ("sh_putuo_ghj_2024_final", "决算", "0.39", ["0.00", "0.00", "0.39"], None)])
def test_development_documents_sangong_and_jiguan(name, kind, sangong, parts, jiguan):
    from corpus.parser import load_document

    doc = load_document(DEV / f"{name}.txt", name, "", None, kind)
    chart = charts.extract(doc, "sangong")
    assert chart.total.value == Decimal(sangong) and [str(i.value) for i in chart.items] == parts and chart.check.ok
    assert all("三公" not in i.label and "机关运行" not in i.label for i in chart.items)
    found = charts.extract(doc, "jiguan")
    assert (found.headline.value if found else None) == (Decimal(jiguan) if jiguan else None)
