"""Reading gold files: the fields the scorer needs, and errors that name the file and line."""
import json

import pytest

from eval.questions import GoldError, load_gold


def write(path, *entries) -> None:
    path.write_text("\n".join(json.dumps(e, ensure_ascii=False) for e in entries) + "\n", encoding="utf-8")


def entry(qid: str, expected: dict, source: dict | None = None) -> dict:
    return {"id": qid, "doc": "d", "question": "问题", "category": "lookup", "expected": expected,
            "source": source or {}, "computation": None}


def test_kinds_lines_and_rows(tmp_path):
    path = tmp_path / "gold.jsonl"
    write(path, entry("a", {"values": ["1.00"], "unit": "万元"}, {"row": "r", "line": 5}),
          entry("b", {"values": [], "blank": True}), entry("c", {"refused": True}),
          entry("d", {"keywords": ["x"]}, {"rows": [{"row": "p", "line": 7}, {"row": "q", "line": 8}]}))
    a, b, c, d = load_gold([path])
    assert [q.kind for q in (a, b, c, d)] == ["values", "blank", "refused", "keywords"]
    assert (a.source_lines, a.source_rows) == ([5], ["r"])
    assert (d.source_lines, d.source_rows) == ([7, 8], ["p", "q"])


def test_ids_unique_across_files(tmp_path):
    write(tmp_path / "one.jsonl", entry("a", {"refused": True}))
    write(tmp_path / "two.jsonl", entry("a", {"refused": True}))
    with pytest.raises(GoldError, match="two.jsonl:1: duplicate id a"):
        load_gold([tmp_path / "one.jsonl", tmp_path / "two.jsonl"])


@pytest.mark.parametrize("bad", [{"id": "a"}, entry("a", {"unit": "万元"}), entry("a", {"values": ["1,2x"]})])
def test_malformed_question_names_the_line(tmp_path, bad):
    path = tmp_path / "gold.jsonl"
    write(path, entry("ok", {"refused": True}), bad)
    with pytest.raises(GoldError, match="gold.jsonl:2"):
        load_gold([path])


def test_the_project_gold_file_loads():
    from eval.questions import DEFAULT_GOLD

    questions = load_gold([DEFAULT_GOLD])
    assert questions and len({q.id for q in questions}) == len(questions)


def test_a_cross_year_question_needs_both_documents(tmp_path):
    path = tmp_path / "g.jsonl"
    path.write_text(json.dumps({"id": "c1", "doc": "a_2025", "question": "比上年增加多少", "category": "change",
                                "expected": {"values": ["1"], "unit": "万元"},
                                "source": {"rows": [{"doc": "a_2025", "line": 3}, {"doc": "a_2024", "line": 4}]}},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    assert load_gold([path])[0].documents == ["a_2025", "a_2024"]
