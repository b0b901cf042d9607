"""Chunks: one per row / table / paragraph piece / form (x2) / glossary entry / org relation,
with stable ids, Chroma-safe metadata and links back to the model."""
import re
from collections import Counter

from corpus.parser import parse_text
from index.chunks import BLANK, KINDS, PASSAGE_CHARS, Chunk, build_chunks, split_long

from tests.index.conftest import SEED_ID


def by_id(chunks):
    return {c.id: c for c in chunks}


def test_seed_chunk_counts(seed_doc, seed_chunks):
    kinds = Counter(c.metadata["kind"] for c in seed_chunks)
    assert set(kinds) <= set(KINDS)
    assert kinds["row"] == sum(len(t.rows) for t in seed_doc.tables)
    assert kinds["table"] == len(seed_doc.tables)
    assert kinds["form"] == kinds["form_indicators"] == len(seed_doc.forms) == 20
    assert kinds["glossary"] == len(seed_doc.glossary) == 12
    assert kinds["org"] >= 1 and kinds["paragraph"] >= 10
    assert 350 <= len(seed_chunks) <= 550


def test_ids_unique_and_stable(seed_doc, seed_chunks):
    assert len({c.id for c in seed_chunks}) == len(seed_chunks)
    again = build_chunks(seed_doc)
    assert [(c.id, c.hash) for c in again] == [(c.id, c.hash) for c in seed_chunks]
    assert all(c.id.startswith(SEED_ID + ":") for c in seed_chunks)


def test_metadata_is_chroma_safe(seed_chunks):
    for chunk in seed_chunks:
        for key, value in chunk.metadata.items():
            assert isinstance(value, (str, int, float, bool)), (chunk.id, key, value)
        meta = chunk.metadata
        assert meta["doc"] == SEED_ID and meta["department"] == "大同市公安局" and meta["year"] == 2023
        assert 1 <= meta["line_start"] <= meta["line_end"]


def test_row_chunk_links_back_and_renders_values(seed_doc, seed_chunks):
    table_index = next(i for i, t in enumerate(seed_doc.tables) if "三公" in t.title)
    table = seed_doc.tables[table_index]
    row_index = next(i for i, r in enumerate(table.rows) if r.label == "公务接待费")
    chunk = by_id(seed_chunks)[f"{SEED_ID}:t{table_index}:r{row_index}"]
    meta = chunk.metadata
    assert meta["kind"] == "row" and meta["table_title"] == table.title and meta["unit"] == "万元"
    assert meta["row_label"] == "公务接待费" and meta["row_index"] == row_index
    assert meta["line_start"] == table.rows[row_index].source.line
    assert "公务接待费" in seed_doc.lines[meta["line_start"] - 1]
    assert "大同市公安局 2023年预算" in chunk.text and table.title in chunk.text
    assert "2023年预算数/合计：25.40万元" in chunk.text
    # blank cells say so, they are not zero
    assert f"2023年预算数/政府性基金预算：{BLANK}" in chunk.text
    assert "：0万元" not in chunk.text and "：0.00万元" not in chunk.text


def test_row_chunk_ancestors_code_and_qualifiers(seed_chunks):
    rows = [c for c in seed_chunks if c.metadata["kind"] == "row"]
    admin = next(c for c in rows if c.metadata.get("row_code") == "2040201")
    assert "公共安全支出 › 公安 › 行政运行" in admin.text and "科目编码 2040201" in admin.text
    assert admin.metadata["row_path"] == "公共安全支出 › 公安 › 行政运行"
    salary = next(c for c in rows if c.metadata["row_label"] == "基本工资" and c.metadata.get("qualifiers"))
    assert "工资福利支出 › 基本工资" in salary.text and "政府预算支出经济科目名称：" in salary.text


def test_two_sided_table_rows_carry_their_side(seed_chunks):
    rows = [c for c in seed_chunks if c.metadata["kind"] == "row" and c.metadata.get("side")]
    income = next(c for c in rows if c.metadata["row_label"] == "一般公共预算" and c.metadata["side"] == "收入")
    assert "收入/2023年：107,937.24万元" in income.text
    spending = next(c for c in rows if c.metadata["row_label"] == "公共安全支出" and c.metadata["side"] == "支出")
    assert "支出/2023年合计：93,049.56万元" in spending.text


def test_table_summary_chunks(seed_doc, seed_chunks):
    chunks = by_id(seed_chunks)
    for ti, table in enumerate(seed_doc.tables):
        chunk = chunks[f"{SEED_ID}:t{ti}"]
        assert chunk.metadata["kind"] == "table" and table.title in chunk.text
        assert (chunk.metadata["line_start"], chunk.metadata["line_end"]) == (table.line_start, table.line_end)
        if table.empty:
            assert chunk.metadata["empty"] is True and "本表无数据" in chunk.text
    three = next(chunks[f"{SEED_ID}:t{i}"] for i, t in enumerate(seed_doc.tables) if "三公" in t.title)
    assert "合计：2023年预算数/合计 1,597.50万元" in three.text  # totals row values
    assert "共6行：因公出国（境）费、公务接待费" in three.text  # what rows it covers


def test_paragraph_chunks_cover_the_narrative(seed_doc, seed_chunks):
    paragraphs = [c for c in seed_chunks if c.metadata["kind"] == "paragraph"]
    body = "".join(c.text for c in paragraphs)
    for para in seed_doc.paragraphs:
        assert para.text[:30] in body
    purchase = next(c for c in paragraphs if "政府采购预算总额20922.99万元" in c.text)
    assert "九、政府采购情况" in purchase.text and purchase.metadata["section"].endswith("九、政府采购情况")
    assert purchase.metadata["line_start"] == 602
    assert all(len(c.text) < 700 for c in paragraphs)


def test_split_long_cuts_at_sentence_ends():
    text = "".join(f"第{i}句话说明支出的用途和金额，共计{i}万元。" for i in range(40))
    pieces = split_long(text, 100)
    assert "".join(pieces) == text
    assert all(p.endswith("。") for p in pieces)
    assert all(len(p) <= 130 for p in pieces) and len(pieces) > 5
    assert split_long("短句。", 100) == ["短句。"]
    one_sentence = "，".join(["很长的从句没有句号"] * 60)
    assert all(len(p) <= 120 for p in split_long(one_sentence, 100))


def test_form_chunks(seed_doc, seed_chunks):
    chunks = by_id(seed_chunks)
    fi = next(i for i, f in enumerate(seed_doc.forms) if "视频监控" in f.project)
    form, head, ind = seed_doc.forms[fi], chunks[f"{SEED_ID}:f{fi}"], chunks[f"{SEED_ID}:f{fi}:ind"]
    assert head.metadata["kind"] == "form" and head.metadata["project"] == form.project
    assert head.metadata["annual_funds"] == 100000000.0 and head.metadata["line_start"] == form.source.line
    assert "实施单位：大同市公安局" in head.text and "资金总额 100,000,000元" in head.text
    assert ind.metadata["kind"] == "form_indicators" and ind.metadata["form_index"] == fi
    assert "视频图像服务：19717路" in ind.text and "满意度指标" in ind.text


def test_glossary_and_org_chunks(seed_chunks):
    glossary = {c.metadata["term"]: c for c in seed_chunks if c.metadata["kind"] == "glossary"}
    assert "基本支出" in glossary and "指为保障机构正常运转" in glossary["基本支出"].text
    split = glossary["财政专户管理资金"]  # the definition is on a later line than the term
    assert split.metadata["line_end"] > split.metadata["line_start"]
    org = [c for c in seed_chunks if c.metadata["kind"] == "org"]
    assert any("现辖" in c.text and "平城区分局" in c.text for c in org)
    assert sum(c.metadata["count"] for c in org) >= 10


def test_hashes_separate_text_and_metadata():
    a = Chunk("d:t0:r0", "文本", {"doc": "d", "line_start": 1})
    moved = Chunk("d:t0:r0", "文本", {"doc": "d", "line_start": 2})
    edited = Chunk("d:t0:r0", "文本改", {"doc": "d", "line_start": 1})
    assert a.text_hash == moved.text_hash and a.hash != moved.hash
    assert a.text_hash != edited.text_hash and a.hash != edited.hash


def test_small_document_without_year():
    text = ("某局部门预算公开\n\n一、收入预算情况说明\n\n本年收入合计100万元。\n\n"
            "2023年预算支出总表\n单位：万元\n项目\t\t2023年预算数\t\n科目编码\t科目名称\t合计\t基本支出\n"
            "204\t公共安全支出\t93.50\t\n")
    doc = parse_text(text, "small", department="某局")
    doc.year = None
    chunks = build_chunks(doc)
    row = next(c for c in chunks if c.metadata["kind"] == "row")
    assert "year" not in row.metadata
    assert f"2023年预算数/基本支出：{BLANK}" in row.text and "93.50万元" in row.text


def test_passage_is_the_text_without_the_document_line_codes_and_figures(seed_chunks):
    row = next(c for c in seed_chunks if c.metadata.get("row_label") == "公务接待费"
               and "三公" in c.metadata["table_title"])
    assert row.passage == f"{row.metadata['table_title']}\n公务接待费" and "25.40" in row.text
    coded = next(c for c in seed_chunks if c.metadata.get("row_code") == "2040201")
    assert "2040201" in coded.text and "2040201" not in coded.passage and "科目编码" not in coded.passage
    glossary = next(c for c in seed_chunks if c.metadata["kind"] == "glossary")
    assert glossary.passage == glossary.text.split(" · ", 1)[1]  # the definition stays
    assert max(len(c.passage) for c in seed_chunks) == PASSAGE_CHARS
    assert all("大同市公安局 2023年预算" not in c.passage for c in seed_chunks)


def test_the_same_row_in_two_departments_reads_one_passage(seed_doc):
    text = "\n".join(seed_doc.lines)
    other = build_chunks(parse_text(text.replace("大同市公安局", "太原市财政局"), "other"))
    mine = {c.id.split(":", 1)[1]: c for c in build_chunks(seed_doc)}
    rows = [c for c in other if c.metadata["kind"] == "row"]
    assert rows and all(c.passage == mine[c.id.split(":", 1)[1]].passage for c in rows
                        if "大同市公安局" not in mine[c.id.split(":", 1)[1]].passage)
    assert all(c.text != mine[c.id.split(":", 1)[1]].text for c in rows)  # the stored texts differ


def test_a_paragraph_of_another_department_with_other_money_reads_the_same_passage(seed_doc):
    from bench.synthetic import SEED_DEPARTMENT, variant_text

    other = build_chunks(parse_text(variant_text("\n".join(seed_doc.lines), "太原市财政局", 3), "other"))
    mine = {c.id.split(":", 1)[1]: c for c in build_chunks(seed_doc)}
    paragraphs = [c for c in other if c.metadata["kind"] == "paragraph"]
    changed = [c for c in paragraphs if c.text.split("\n", 1)[1] != mine[c.id.split(":", 1)[1]].text.split("\n", 1)[1]]
    assert changed  # the texts differ: department name and money
    assert all(c.passage == mine[c.id.split(":", 1)[1]].passage for c in changed)
    assert all(SEED_DEPARTMENT not in c.passage and not re.search(r"\d[,.]\d", c.passage)
               for c in mine.values())
