"""Bad input gives a clear error or warning naming the file and line."""
import pytest

from corpus import CorpusError, load_document, parse_text

TABLE = "2023年预算支出总表\n单位：万元\n项目\t\t2023年预算数\t\n科目编码\t科目名称\t合计\t基本支出\n204\t公共安全支出\t93,049.56\t55,043.70\n"


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("  \n")
    with pytest.raises(CorpusError, match="empty.txt: the file is empty"):
        load_document(path)


def test_binary_file(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(b"%PDF-1.7\x00\x01\x02" * 20)
    with pytest.raises(CorpusError, match="binary"):
        load_document(path)


def test_gbk_file_is_decoded(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(("某局2023年度部门预算公开\n" + TABLE).encode("gbk"))
    doc = load_document(path)
    assert doc.table("支出总表").row("公共安全支出").cell("基本支出").raw == "55,043.70"


def test_no_recognisable_table(tmp_path):
    path = tmp_path / "prose.txt"
    path.write_text("这是一段普通文字。\n没有任何表格。\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="prose.txt: no recognisable table"):
        load_document(path)


def test_table_cut_off_mid_way_is_reported():
    text = "某局2023年度部门预算公开\n" + TABLE + "2040201\t行政运行\t80,741"
    doc = parse_text(text, "cut")
    messages = [str(w) for w in doc.warnings]
    assert any("line 7" in m and "row has 3 cells" in m for m in messages)
    assert any("ends inside the table" in m for m in messages)


def test_table_title_without_rows_is_reported():
    doc = parse_text("某局2023年度部门预算公开\n" + TABLE + "\n2023年三公经费支出预算表\n单位：万元\n\n说明文字继续。这里没有表格行。\n", "t")
    assert any("no rows found" in str(w) for w in doc.warnings)
