"""`corpus add` / `corpus remove` on a temporary corpus folder: metadata from the title page, refusals that
write nothing, an always-valid manifest, and the same table facts from a PDF and its text export."""
import json
import os
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest

import config
from corpus import CorpusError
from corpus.__main__ import main, refresh
from corpus.ingest import add_document, remove_document, suggest_id
from corpus.pdf import compare_table_facts, pdf_to_text, table_facts
from corpus.registry import load_corpus, load_entry, load_manifest, write_atomic

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "pdf"
SAMPLE_PDF = FIXTURES / "sample_budget.pdf"
SAMPLE_TXT = FIXTURES / "sample_budget.txt"
SEED_ENTRY = {"id": "seed", "department": "某局", "year": 2023, "kind": "预算", "source": "documents/seed.txt"}
SEED_TEXT = ("某局2023年度部门预算公开\n部门名称：某局\n2023年预算支出总表\n单位：万元\n项目\t\t2023年预算数\t\n"
             "科目编码\t科目名称\t合计\t基本支出\n204\t公共安全支出\t93,049.56\t55,043.70\n")


@pytest.fixture
def corpus_dir(tmp_path) -> Path:
    """A corpus folder with one small document, as the committed corpus has."""
    folder = tmp_path / "corpus"
    (folder / "documents").mkdir(parents=True)
    (folder / "documents" / "seed.txt").write_text(SEED_TEXT, encoding="utf-8")
    (folder / "manifest.json").write_text(json.dumps({"documents": [SEED_ENTRY]}, ensure_ascii=False, indent=2),
                                          encoding="utf-8")
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def test_add_pdf_reads_metadata_from_the_title_page(corpus_dir):
    result = add_document(SAMPLE_PDF, corpus_dir)
    entry = result.entry
    assert entry["id"] == "sample-budget"
    assert (entry["department"], entry["year"], entry["kind"]) == ("示例市示例局", 2024, "预算")
    assert entry["source"] == "documents/sample-budget.txt" and entry["pdf"] == "documents/sample-budget.pdf"
    assert entry["origin"] == "sample_budget.pdf" and "pdfplumber 0.11.10" in entry["extracted_with"]
    assert (corpus_dir / "documents" / "sample-budget.pdf").read_bytes() == SAMPLE_PDF.read_bytes()
    assert (corpus_dir / "documents" / "sample-budget.txt").read_text(encoding="utf-8") == pdf_to_text(SAMPLE_PDF)
    data = manifest(corpus_dir)
    assert [d["id"] for d in data["documents"]] == ["seed", "sample-budget"]
    assert data["documents"][0] == SEED_ENTRY  # other entries are kept as they were
    loaded = {d.id: d for d in load_corpus(corpus_dir)}
    assert set(loaded) == {"seed", "sample-budget"}
    assert loaded["sample-budget"].table("三公").rows[0].cell("公务接待费").raw == "7.60"
    assert "added sample-budget: 示例市示例局 2024年 预算 — 2 tables" in result.summary()


def test_pdf_and_its_text_export_give_the_same_table_facts(corpus_dir):
    add_document(SAMPLE_PDF, corpus_dir, doc_id="from-pdf")
    result = add_document(SAMPLE_TXT, corpus_dir, doc_id="from-text")
    assert "pdf" not in result.entry
    assert any("'from-pdf' is also 示例市示例局 2024年 预算" in n for n in result.notes)
    entries = {e.id: e for e in load_manifest(corpus_dir)}
    from_pdf = load_entry(entries["from-pdf"], corpus_dir)
    from_text = load_entry(entries["from-text"], corpus_dir)
    assert compare_table_facts(from_pdf, from_text) == []
    assert len(table_facts(from_pdf)) == 39


def test_given_metadata_overrides_the_title_page_with_a_note(corpus_dir):
    result = add_document(SAMPLE_PDF, corpus_dir, department="示例局", year=2023, kind="决算")
    assert (result.entry["department"], result.entry["year"], result.entry["kind"]) == ("示例局", 2023, "决算")
    assert any("year 2024; using the given 2023" in n for n in result.notes)


def test_text_without_a_year_needs_one(corpus_dir, tmp_path):
    path = tmp_path / "no_year.txt"
    path.write_text(SEED_TEXT.replace("部门名称：某局\n", "").replace("2023年度", "").replace("2023年", "本年"),
                    encoding="utf-8")
    before = snapshot(corpus_dir)
    # the title line gives the department (the name before 部门预算), but no year
    with pytest.raises(CorpusError, match=r"no_year\.txt: the year cannot be read from the title page; give --year$"):
        add_document(path, corpus_dir)
    assert snapshot(corpus_dir) == before
    entry = add_document(path, corpus_dir, year=2022, department="某局").entry
    assert (entry["id"], entry["year"], entry["department"], entry["kind"]) == ("no-year", 2022, "某局", "预算")


def test_gbk_text_is_stored_as_utf8(corpus_dir, tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(SEED_TEXT.replace("某局", "某厅").encode("gbk"))
    add_document(path, corpus_dir, doc_id="gbk")
    assert (corpus_dir / "documents" / "gbk.txt").read_text(encoding="utf-8").startswith("某厅2023年度")


def test_duplicate_id_is_refused_and_nothing_changes(corpus_dir, tmp_path):
    add_document(SAMPLE_PDF, corpus_dir, doc_id="sample")
    before = snapshot(corpus_dir)
    other = tmp_path / "other.txt"
    other.write_text(SEED_TEXT.replace("某局", "另一局"), encoding="utf-8")
    with pytest.raises(CorpusError, match="a document with id 'sample' is already in the corpus"):
        add_document(other, corpus_dir, doc_id="sample")
    with pytest.raises(CorpusError, match="id 'seed' is already"):
        add_document(other, corpus_dir, doc_id="seed")
    assert snapshot(corpus_dir) == before


def test_the_same_document_twice_is_refused(corpus_dir, tmp_path):
    add_document(SAMPLE_PDF, corpus_dir)
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(SAMPLE_PDF.read_bytes())
    with pytest.raises(CorpusError, match="already in the corpus as 'sample-budget'"):
        add_document(copy, corpus_dir)
    seed_again = tmp_path / "seed_again.txt"
    seed_again.write_text(SEED_TEXT, encoding="utf-8")  # the same text as an entry without a sha256
    with pytest.raises(CorpusError, match="already in the corpus as 'seed'"):
        add_document(seed_again, corpus_dir)


@pytest.mark.parametrize("bad_id", ["../evil", "..", "a/b", "/etc/passwd", ".hidden", "Upper", "名称", "a" * 81,
                                    "x.txt", ""])
def test_ids_that_are_not_plain_file_names_are_refused(corpus_dir, bad_id):
    before = snapshot(corpus_dir)
    with pytest.raises(CorpusError, match="invalid document id"):
        add_document(SAMPLE_PDF, corpus_dir, doc_id=bad_id)
    assert snapshot(corpus_dir) == before


def test_file_names_never_reach_the_corpus(corpus_dir, tmp_path):
    odd = tmp_path / "..%2F..%2Fevil name!.PDF"
    odd.write_bytes(SAMPLE_PDF.read_bytes())
    entry = add_document(odd, corpus_dir).entry
    assert entry["id"] == "2f-2fevil-name"
    stored = sorted(p.name for p in (corpus_dir / "documents").iterdir())
    assert stored == ["2f-2fevil-name.pdf", "2f-2fevil-name.txt", "seed.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["corpus", odd.name])


def test_suggested_ids():
    digest = "3f2a9c1d" + "0" * 56
    assert suggest_id(Path("sh_putuo_czj_2024_final.pdf"), 2024, "决算", digest) == "sh-putuo-czj-2024-final"
    assert suggest_id(Path("上海市普陀区财政局2024年度部门决算.pdf"), 2024, "决算", digest) == "doc-2024-final-3f2a9c1d"
    assert suggest_id(Path("2023.pdf"), 2023, "预算", digest) == "doc-2023-budget-3f2a9c1d"


def test_a_symlink_out_of_the_documents_folder_is_refused(corpus_dir, tmp_path):
    outside = tmp_path / "outside.txt"
    (corpus_dir / "documents" / "sample-budget.txt").symlink_to(outside)  # dangling: exists() is False
    with pytest.raises(CorpusError, match="outside the corpus documents folder"):
        add_document(SAMPLE_PDF, corpus_dir)
    assert not outside.exists()


@pytest.mark.parametrize("name,content,message", [
    ("random.pdf", os.urandom(3000).replace(b"%PDF-", b""), r"random\.pdf: not a PDF"),
    ("text.pdf", "2024年部门预算".encode(), r"text\.pdf: not a PDF"),
    ("binary.txt", b"\x00\x01\x02\x03" * 500, r"binary\.txt: a binary file"),
    ("report.docx", b"PK\x03\x04" + b"\x00" * 100, r"report\.docx: give a PDF or a text export"),
    ("prose.txt", "这是一段普通文字。\n没有任何表格。\n".encode(), r"prose\.txt: no recognisable table"),
    ("empty.txt", b"  \n", r"empty\.txt: the file is empty"),
])
def test_unreadable_documents_are_refused_and_nothing_is_written(corpus_dir, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    before = snapshot(corpus_dir)
    with pytest.raises(CorpusError, match=message):
        add_document(path, corpus_dir)
    assert snapshot(corpus_dir) == before
    assert [e.id for e in load_manifest(corpus_dir)] == ["seed"]


def test_missing_file_and_folder_are_refused(corpus_dir, tmp_path):
    with pytest.raises(CorpusError, match=r"nowhere\.pdf: no such file"):
        add_document(tmp_path / "nowhere.pdf", corpus_dir)
    with pytest.raises(CorpusError, match=r"documents: not a file"):
        add_document(corpus_dir / "documents", corpus_dir)


@pytest.mark.parametrize("fixture,message", [("encrypted.pdf", "encrypted"), ("scanned.pdf", "no text layer")])
def test_bad_pdfs_are_refused(corpus_dir, fixture, message):
    before = snapshot(corpus_dir)
    with pytest.raises(CorpusError, match=message):
        add_document(FIXTURES / fixture, corpus_dir)
    assert snapshot(corpus_dir) == before


def test_a_failed_manifest_write_leaves_no_files(corpus_dir, monkeypatch):
    import corpus.ingest

    def fail(data, folder):
        raise OSError("disk full")

    monkeypatch.setattr(corpus.ingest, "write_manifest_data", fail)
    before = snapshot(corpus_dir)
    with pytest.raises(OSError, match="disk full"):
        add_document(SAMPLE_PDF, corpus_dir)
    assert snapshot(corpus_dir) == before


def test_write_atomic_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "manifest.json"
    write_atomic(target, b"{}\n")
    write_atomic(target, b'{"documents": []}\n')
    assert [p.name for p in tmp_path.iterdir()] == ["manifest.json"]
    assert json.loads(target.read_text()) == {"documents": []}


def test_a_new_corpus_folder_is_started(tmp_path):
    folder = tmp_path / "fresh"
    result = add_document(SAMPLE_PDF, folder)
    assert any("started a new corpus" in n for n in result.notes)
    assert [e.id for e in load_manifest(folder)] == ["sample-budget"]


def test_remove_deletes_entry_and_files(corpus_dir):
    add_document(SAMPLE_PDF, corpus_dir)
    entry, notes = remove_document("sample-budget", corpus_dir)
    assert entry["id"] == "sample-budget"
    assert notes == ["deleted documents/sample-budget.txt", "deleted documents/sample-budget.pdf"]
    assert manifest(corpus_dir) == {"documents": [SEED_ENTRY]}
    assert sorted(p.name for p in (corpus_dir / "documents").iterdir()) == ["seed.txt"]


def test_remove_keep_files_and_unknown_id(corpus_dir):
    remove_document("seed", corpus_dir, keep_files=True)
    assert manifest(corpus_dir) == {"documents": []} and (corpus_dir / "documents" / "seed.txt").exists()
    with pytest.raises(CorpusError, match=r"no document with id 'seed' .*\(ids: none\)"):
        remove_document("seed", corpus_dir)


def test_remove_never_deletes_outside_the_documents_folder(corpus_dir, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    data = manifest(corpus_dir)
    data["documents"].append({**SEED_ENTRY, "id": "evil", "source": "../victim.txt"})
    (corpus_dir / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    _, notes = remove_document("evil", corpus_dir)
    assert victim.read_text() == "keep me" and any("kept ../victim.txt" in n for n in notes)


# --------------------------------------------------------------------------------- index refresh


def test_refresh_without_index_build_says_what_to_run(monkeypatch, corpus_dir):
    monkeypatch.setitem(sys.modules, "index.build", None)  # importing it fails
    assert "python -m index build" in refresh(corpus_dir, sys.stderr)


def test_refresh_failure_says_what_to_run(monkeypatch, corpus_dir):
    def broken(**kwargs):
        raise RuntimeError("store locked")

    monkeypatch.setitem(sys.modules, "index.build", types.SimpleNamespace(build_index=broken))
    note = refresh(corpus_dir, sys.stderr)
    assert "store locked" in note and "python -m index build" in note


def test_the_cli_refreshes_the_index_of_this_corpus(monkeypatch, corpus_dir, capsys):
    calls = []

    class Report:
        def summary(self):
            return "index updated: 2 documents"

    def build_index(corpus_dir=None, report=None, **kwargs):
        calls.append(corpus_dir)
        return Report()

    monkeypatch.setitem(sys.modules, "index.build", types.SimpleNamespace(build_index=build_index))
    monkeypatch.setattr(config, "CORPUS_DIR", corpus_dir)
    add_document(SAMPLE_TXT, corpus_dir, doc_id="quiet")
    remove_document("quiet", corpus_dir)
    assert calls == []  # the corpus layer never calls the index
    assert main(["add", str(SAMPLE_PDF)]) == 0 and main(["remove", "sample-budget"]) == 0
    assert calls == [corpus_dir, corpus_dir] and "index updated: 2 documents" in capsys.readouterr().out


# ------------------------------------------------------------------------------------------- CLI


def test_cli_add_and_remove(monkeypatch, corpus_dir, capsys):
    monkeypatch.setattr(config, "CORPUS_DIR", corpus_dir)
    assert main(["add", str(SAMPLE_PDF), "--no-index"]) == 0
    out = capsys.readouterr().out
    assert "added sample-budget: 示例市示例局 2024年 预算" in out and "python -m index build" in out
    assert main(["add", str(SAMPLE_PDF), "--id", "again", "--no-index"]) == 1
    assert "already in the corpus as 'sample-budget'" in capsys.readouterr().err
    assert main(["add", str(SAMPLE_TXT), "--id", "../x", "--no-index"]) == 1
    assert "invalid document id" in capsys.readouterr().err
    assert main(["remove", "sample-budget", "--no-index"]) == 0
    assert "removed sample-budget" in capsys.readouterr().out
    assert main(["remove", "sample-budget", "--no-index"]) == 1
    assert manifest(corpus_dir) == {"documents": [SEED_ENTRY]}


def test_cli_uses_the_corpus_environment_variable(corpus_dir):
    env = {**os.environ, "BUDGET_QA_CORPUS": str(corpus_dir)}
    run = subprocess.run([sys.executable, "-m", "corpus", "add", str(SAMPLE_TXT), "--kind", "预算", "--no-index"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "added sample-budget" in run.stdout
    assert [e.id for e in load_manifest(corpus_dir)] == ["seed", "sample-budget"]


def test_cli_show_json_keeps_its_contract_and_adds_the_new_records(capsys):
    assert main(["show", "--json", str(SAMPLE_TXT)]) == 0
    [doc] = json.loads(capsys.readouterr().out)["documents"]
    assert {"id", "department", "year", "kind", "tables", "forms", "paragraphs", "warnings"} <= set(doc)
    assert {"procurement", "assets", "performance", "unit_counts", "org_units", "unplaced"} <= set(doc)
    for table in doc["tables"]:
        assert {"title", "unit", "columns", "rows", "empty"} <= set(table) and table["content"] in (
            "figures", "noted_empty", "blank")
        assert isinstance(table["rows"], int) and isinstance(table["empty"], bool)


def test_cli_add_folder_prints_count_elapsed_and_time_left(monkeypatch, corpus_dir, tmp_path, capsys):
    monkeypatch.setattr(config, "CORPUS_DIR", corpus_dir)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(SAMPLE_PDF.read_bytes())
    (folder / "b.txt").write_text("not a disclosure", encoding="utf-8")
    assert main(["add", str(folder), "--no-index"]) == 1  # b is refused; a is added
    captured = capsys.readouterr()
    assert re.search(r"^\[1/2 · \d+ s · about \d+ s left\] added a: 示例市示例局", captured.out)  # however loaded
    assert "[2/2 · " in captured.err and "left]" not in captured.err  # the last one has nothing left


def test_read_ahead_extracts_in_other_processes_and_reports_errors_in_order(tmp_path):
    from corpus.__main__ import read_ahead
    from corpus.ingest import read_document

    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 nothing else")
    groups = [[SAMPLE_PDF], [broken], [SAMPLE_TXT]]
    with read_ahead(groups) as reader:
        assert reader(SAMPLE_PDF) == read_document(SAMPLE_PDF)
        with pytest.raises(CorpusError, match="broken.pdf"):
            reader(broken)
        assert reader(SAMPLE_TXT)[0] == read_document(SAMPLE_TXT)[0]
        assert reader(SAMPLE_TXT)[1] is False  # asked again: read here
