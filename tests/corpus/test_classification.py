"""The national classification (corpus/classification.json): every code a disclosure prints names what the standard
names it, and a table printed without codes has its rows known by them."""
from pathlib import Path

import pytest

from corpus.attachments import disclosure_groups, load_disclosure
from corpus.classification import (classification_of, code_for_path, codes_named, is_subject_code, level_of,
                                   name_key, standard_name)
from corpus.parser import load_document, parse_text

ROOT = Path(__file__).resolve().parents[2]
SEED = next((ROOT / "corpus" / "documents").glob("*.txt"))
WIDE = ROOT.parent / "shared" / "corpus-wide"


def disagreements(doc) -> list[tuple[str, str, str]]:
    """(code, printed label, standard name) for every printed code whose label is not the standard's name."""
    found = []
    for table in doc.tables:
        for row in table.rows:
            if row.code and is_subject_code(row.code) and standard_name(row.code) \
                    and row.code not in codes_named(row.label):
                found.append((row.code, row.label, standard_name(row.code)))
    return found


def test_the_standard_reads_codes_by_their_length_and_first_digit():
    assert (standard_name("204"), level_of("204"), classification_of("204")) == ("公共安全支出", 1, "支出功能分类")
    assert (standard_name("30217"), level_of("30217")) == ("公务接待费", 2)
    assert classification_of("50201") == "政府预算支出经济分类"
    assert not is_subject_code("106") and not is_subject_code("2026") and is_subject_code("2080505")


def test_brackets_of_either_width_name_one_code():
    assert name_key("维修(护)费") == name_key("维修（护）费")
    assert "30213" in codes_named("维修(护)费")


def test_a_path_of_names_gives_a_code_only_when_each_name_is_under_the_one_above():
    assert code_for_path(("公共安全支出", "公安")) == "20402"
    assert code_for_path(("工资福利支出", "基本工资")) == "30101"
    assert code_for_path(("公共安全支出", "基本工资")) is None  # an economic item is not under a function
    assert code_for_path(("行政运行",)) is None  # a 项 alone: under which 款?
    assert code_for_path(("某局本级",)) is None


def test_the_seed_prints_every_code_by_its_standard_name():
    assert disagreements(load_document(SEED)) == []


def test_a_table_printed_without_codes_has_its_rows_known_by_them():
    text = "\n".join([
        "2026年某局部门预算", "一般公共预算支出功能分类预算表", "单位：万元",
        "科目名称\t合计\t基本支出\t项目支出",
        "合计\t120.00\t100.00\t20.00",
        "社会保障和就业支出\t120.00\t100.00\t20.00",
        "行政事业单位养老支出\t120.00\t100.00\t20.00",
        "机关事业单位基本养老保险缴费支出\t80.00\t80.00\t",
        "机关事业单位职业年金缴费支出\t40.00\t20.00\t20.00",
    ])
    doc = parse_text(text, "d", "某局", 2026, "预算")
    rows = {r.label: r for r in doc.tables[0].rows}
    assert rows["机关事业单位职业年金缴费支出"].code is None  # not printed, so never shown as printed
    assert rows["机关事业单位职业年金缴费支出"].standard_code == "2080506"
    assert rows["社会保障和就业支出"].standard_code == "208"


@pytest.mark.skipif(not WIDE.is_dir(), reason="../shared/corpus-wide is absent")
@pytest.mark.slow
def test_every_wide_document_prints_its_codes_by_their_standard_names():
    wrong = {}
    for group in disclosure_groups(sorted(WIDE.glob("*.pdf"))):
        doc = load_disclosure(group)
        if found := disagreements(doc):
            wrong[doc.id] = found[:3]
    assert wrong == {}
