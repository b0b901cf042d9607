"""The audit benchmark (audit/bench.py): plants on a small fixture, reproducible, each kind found."""
from audit.bench import changed_amount, main, placeholder_for, run
from tests.audit.test_prose import FIXTURE


def test_a_changed_amount_keeps_its_format_and_leaves_the_rounding():
    assert changed_amount("2,940.05") == "3,234.12" and changed_amount("100.00") == "110.07"
    assert changed_amount("0") == "7" and changed_amount("25") == "34"


def test_a_placeholder_keeps_the_place_and_the_organ():
    assert placeholder_for("上海市普陀区财政局") == "上海市普陀区XX局"
    assert placeholder_for("大同市公安局") == "大同市XX局" and placeholder_for("测试区测试局") == "测试区XX局"


def test_every_planted_kind_is_found_and_a_run_is_reproducible(tmp_path):
    (tmp_path / "a.txt").write_text(FIXTURE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(FIXTURE.replace("测试区测试局", "测试区审计局"), encoding="utf-8")
    files = [tmp_path / "a.txt", tmp_path / "b.txt"]
    result = run(files, seed=1, per_kind=2)
    assert result == run(files, seed=1, per_kind=2)
    kinds = result["kinds"]
    assert {"figure", "total", "prose_amount", "comparison", "year_heading", "year_as_of", "year_period",
            "name_placeholder", "name_other_department", "blank_table", "drop_table"} <= set(kinds)
    assert all(k["recall"] == 1.0 for k in kinds.values()), result["misses"]
    assert all(set(found) == {"completeness"} for found in result["clean_discrepancies"].values())  # a short fixture


def test_the_command_prints_the_table(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(FIXTURE, encoding="utf-8")
    assert main([str(tmp_path / "a.txt"), "--per-kind", "1"]) == 0
    out = capsys.readouterr().out
    assert "| kind | planted | found | recall |" in out and "| comparison | 1 | 1 | 1.0 |" in out
    # `python -m audit bench` and its alias `python -m qa audit-bench` run the same
    from audit.__main__ import main as audit_main
    from qa.__main__ import main as qa_main
    assert audit_main(["bench", str(tmp_path / "a.txt"), "--per-kind", "1"]) == 0
    assert capsys.readouterr().out == out
    assert qa_main(["audit-bench", str(tmp_path / "a.txt"), "--per-kind", "1"]) == 0
    assert capsys.readouterr().out == out
