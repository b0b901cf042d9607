"""The item collector behind list, count and ranking questions, on the seed."""
import pytest

from corpus import load_document
from qa.items import collect_items
from tests.corpus.test_parser import SEED


@pytest.fixture(scope="module")
def seed():
    return load_document(SEED, "seed")


def labels(found):
    return [i.label for i in found.items]


def test_rows_of_a_named_table(seed):
    found = collect_items(seed, "机关运行经费统计表列了哪些单位")
    assert len(found.items) == 10 and found.unit == "万元" and all(i.citation.line for i in found.items)


def test_rows_under_a_named_row(seed):
    assert labels(collect_items(seed, "资本性支出包括哪些科目")) == ["办公设备购置 / 设备购置", "专用设备购置 / 设备购置"]


def test_exclusions_and_kinds(seed):
    found = collect_items(seed, "各分局（不含大同市公安局本级和交通警察支队）里谁的机关运行经费最高")
    assert found.items and all("分局" in label for label in labels(found))


def test_category_of_the_organisation_text(seed):
    found = collect_items(seed, "机关运行经费表里的直属分局")
    assert set(labels(found)) == {"大同市公安局云泉分局", "大同市公安局御东分局", "大同市公安局直属第二分局",
                                  "大同市公安局恒安分局", "大同市公安局经济技术开发区分局"}


def test_forms_of_a_unit(seed):
    found = collect_items(seed, "交通警察支队有哪些项目的绩效目标表")
    assert len(found.items) == 5 and found.unit == "元"


def test_a_subgroup_that_cannot_be_told_apart_gives_nothing(seed):
    assert collect_items(seed, "县级看守所有哪些") is None
