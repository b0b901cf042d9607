"""`python -m corpus report` (issue 23), the table kinds of the national template, and a disclosure published as
two attachments (情况说明 and 报表) read, reported and added as one document."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from corpus.attachments import disclosure_groups, load_disclosure
from corpus.ingest import add_document, remove_document
from corpus.table_kinds import table_kind

ROOT = Path(__file__).resolve().parents[2]
WIDE = ROOT.parent / "shared" / "corpus-wide"

PROSE = """某市某局2026年部门预算
目录
一、部门概况
二、部门预算报表
1、部门收支总表
2、部门“三公”经费支出表
一、部门概况
某市某局是市政府工作部门。
附件：某市某局2026年部门预算报表
"""
TABLES = """部门收支总表
单位：万元
项目\t预算数
一般公共服务支出\t10.00
合计\t10.00
"""


@pytest.mark.parametrize("title, kind", [
    ("2026年部门收支总体情况表", "收支总表"), ("收入支出决算总表", "收支总表"), ("公开04表 财政拨款收支总表", "财政拨款收支总表"),
    ("财政拨款收入支出决算总表", "财政拨款收支总表"), ("部门收入总表", "收入总表"), ("支出决算表", "支出总表"),
    ("一般公共预算财政拨款支出决算表", "一般公共预算支出表"), ("一般公共预算财政拨款基本支出决算表", "基本支出表"),
    ("财政拨款“三公”经费支出决算表", "三公经费表"), ("政府性基金预算财政拨款收入支出决算表", "政府性基金表"),
    ("国有资本经营预算财政拨款支出决算表", "国有资本经营表"), ("项目支出绩效目标表", "绩效目标表"),
    ("一般公共预算机关运行经费支出预算表", "机关运行经费表"), ("部门预算项目支出及其他支出预算表", "项目支出表"),
])
def test_every_kind_of_the_template_is_known_by_its_title(title, kind):
    assert table_kind(title) == kind


@pytest.fixture
def attachments(tmp_path):
    (tmp_path / "mj_2026_budget_part1.txt").write_text(PROSE, encoding="utf-8")
    (tmp_path / "mj_2026_budget_part2.txt").write_text(TABLES, encoding="utf-8")
    (tmp_path / "other.txt").write_text(PROSE + TABLES, encoding="utf-8")
    return tmp_path


def test_two_attachments_are_one_disclosure(attachments):
    groups = disclosure_groups(sorted(attachments.glob("*.txt")))
    assert [[p.name for p in g] for g in groups] == [["mj_2026_budget_part1.txt", "mj_2026_budget_part2.txt"],
                                                     ["other.txt"]]
    doc = load_disclosure(groups[0])
    assert (doc.id, doc.department, doc.year, doc.kind) == ("mj_2026_budget", "某市某局", 2026, "预算")
    assert [t.title for t in doc.tables] == ["部门收支总表"] and doc.paragraphs


def test_the_report_says_what_was_read_and_what_is_missing(attachments):
    done = subprocess.run([sys.executable, "-m", "corpus", "report", "--json", str(attachments)], cwd=ROOT,
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    data = json.loads(done.stdout)
    first = data["documents"][0]
    assert first["id"] == "mj_2026_budget" and first["ingested"] and first["department"] == "某市某局"
    assert [(t["kind"], t["found"]) for t in first["listed"]] == [("收支总表", True), ("三公经费表", False)]
    assert first["listed_found"] == 1 and first["rows_with_figures"] == 2 and first["checks"] >= 1
    assert first["reconcile_rate"] == 1.0
    assert data["summary"]["documents"] == 2 and data["summary"]["ingested"] == 2


def test_attachments_added_as_one_document_and_removed_with_their_files(attachments, tmp_path):
    corpus = tmp_path / "corpus"
    result = add_document(sorted(attachments.glob("mj_*.txt")), corpus_dir=corpus)
    entry = result.entry
    assert entry["department"] == "某市某局" and len(entry["attachments"]) == 2
    assert all((corpus / name).exists() for name in result.entry_files())
    removed, notes = remove_document(entry["id"], corpus_dir=corpus)
    assert not any((corpus / name).exists() for name in result.entry_files())


@pytest.mark.slow  # reads and audits 36 PDFs (about 90 s)
@pytest.mark.skipif(not WIDE.is_dir(), reason="../shared/corpus-wide is absent")
def test_the_report_over_the_wide_corpus():
    from corpus.__main__ import audit_reconcile, report_files
    from corpus.report import CAUSES, explained, report_document, summary

    reports = [report_document(g, audit_reconcile) for g in disclosure_groups(report_files([WIDE], ".pdf"))]
    totals = summary(reports)
    assert totals["documents"] == 36 and totals["ingested"] == 36
    # 2026-12: 293 of 298 listed tables found; 88.5 % of the checks reconciled, 96 % once rows printed as names
    # only were nested by their sums (corpus.nesting)
    assert totals["found_rate"] >= 0.97 and totals["reconcile_rate"] >= 0.95
    left = [d for r in reports for d in r.discrepancies]
    assert len(left) == totals["checks"] - totals["reconciled"] and all(d.cause in CAUSES and d.lines for d in left)
    assert any(d.cause == "document" for d in left)  # tables that each add up but disagree: the document's own
    # every one left has its cause, found by reading the PDF (eval/discrepancy_causes.json): a new one needs reading
    causes = json.loads((ROOT / "eval" / "discrepancy_causes.json").read_text(encoding="utf-8"))["causes"]
    assert [(r.id, d.explanation[:60]) for r in reports for d in r.discrepancies
            if explained(r.id, d, causes) is None] == []


def test_the_discrepancies_list_says_the_cause_found_for_each():
    from corpus.report import DocumentReport, Discrepancy, render_discrepancies
    slip = Discrepancy("total_row", ["支出总表"], "支出总表「合计」合计应等于所合计各行之和：…", [12, 20], "table")
    other = Discrepancy("cross_table", ["收支总表", "收入总表"], "收入总表合计 = 收支总表本年收入：…", [3, 9], "document")
    report = DocumentReport("f.pdf", "d", True, department="某局", checks=10, reconciled=8, discrepancies=[slip, other])
    cause = {"doc": "d", "match": "支出总表「合计」", "cause": "document", "why": "行不全。", "quote": "p.3"}
    text = render_discrepancies([report], [cause])
    assert "  - **the document's own**: 行不全。 (p.3)" in text
    assert text.rstrip().endswith("Found by reading the PDF: the document's own 1; not yet explained 1")
