"""A corrupt corpus file listed in the manifest beside a good document is reported and skipped; the rest keeps
serving — the QA chain, the index build and the command lines. A manifest that cannot be read is one clear
error (a CorpusError naming it), never a traceback from json."""
from __future__ import annotations

import io
import json
import random

import pytest

from corpus.registry import load_corpus, load_manifest
from corpus.text import CorpusError
from tests.reliability.conftest import PY, SEED_ID, no_traceback, run

RNG = random.Random(8)
BAD_FILES = {
    "garbage-nul": bytes(RNG.randrange(256) for _ in range(20000)) + b"\x00",  # binary with NUL bytes
    "garbage-high": bytes(RNG.randrange(128, 256) for _ in range(20000)),  # no NUL, no encoding
    "fake-pdf": b"%PDF-1.7\n" + bytes(RNG.randrange(256) for _ in range(5000)),  # a PDF header, then noise
    "utf16": "2023年预算收支总表\n公务接待费\t25.40\n".encode("utf-16"),
    "empty": b"",
    "not-a-disclosure": "这是一封普通的信。\n\t\t\n没有任何表格。\n".encode("utf-8"),
}


def add_entries(corpus_dir, files: dict[str, bytes], extra: list | None = None) -> None:
    manifest = json.loads((corpus_dir / "manifest.json").read_text(encoding="utf-8"))
    for doc_id, content in files.items():
        (corpus_dir / "documents" / f"{doc_id}.txt").write_bytes(content)
        manifest["documents"].append({"id": doc_id, "department": "坏文件局", "year": 2023, "kind": "预算",
                                      "source": f"documents/{doc_id}.txt"})
    manifest["documents"].append({"id": "missing-file", "department": "x", "year": 2023, "kind": "预算",
                                  "source": "documents/not-there.txt"})
    manifest["documents"] += extra or []
    (corpus_dir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def bad_corpus(corpus_dir):
    add_entries(corpus_dir, BAD_FILES)
    return corpus_dir


def test_each_bad_file_is_reported_and_skipped(bad_corpus):
    report = io.StringIO()
    documents = load_corpus(bad_corpus, report=report)
    assert [d.id for d in documents] == [SEED_ID]
    for doc_id in [*BAD_FILES, "missing-file"]:
        assert f"skipped {doc_id}:" in report.getvalue(), report.getvalue()


def test_the_chain_answers_from_the_good_document(bad_corpus, capsys):
    from qa.pipeline import Pipeline

    pipeline = Pipeline.load(retrieval=False, corpus_dir=bad_corpus)
    assert "skipped garbage-nul" in capsys.readouterr().err
    assert [d.id for d in pipeline.documents] == [SEED_ID]
    answer = pipeline.ask("交警支队的机关运行经费是多少？", keep_context=False)
    assert str(answer.figures[0].value) == "3149.06" and answer.doc == SEED_ID


def test_the_index_builds_the_good_document(bad_corpus, data_dir):
    from index.build import build_index
    from index.search import Retriever
    from index.store import HashingEmbeddings

    report = io.StringIO()
    built = build_index(corpus_dir=bad_corpus, data_dir=data_dir, embeddings=HashingEmbeddings(), host="",
                        report=report)
    assert built.documents == 1 and built.chunks > 300
    assert "skipped fake-pdf" in report.getvalue()
    with Retriever.open(data_dir=data_dir, corpus_dir=bad_corpus, embeddings=HashingEmbeddings(), host="",
                        report=report) as retriever:
        assert retriever.doc_ids == [SEED_ID]
        assert retriever.search("公务接待费", k=3)


def test_the_command_line_answers_and_names_the_skipped_files(bad_corpus):
    done = run([PY, "-m", "qa", "ask", "--no-retrieval", "--json", "公务接待费是多少"], timeout=60,
               BUDGET_QA_CORPUS=bad_corpus)
    stderr = done.stderr.decode()
    assert done.returncode == 0, stderr
    no_traceback(stderr)
    assert "skipped garbage-high" in stderr and "skipped missing-file" in stderr
    assert json.loads(done.stdout)["figures"][0]["value"] == "25.40"


def test_malformed_and_duplicate_manifest_entries_are_skipped(corpus_dir, data_dir):
    """Entries without id or source, with a year that is not a number, or repeating an id, are reported and
    skipped (a repeated id used to leave the index permanently unusable: 420 vectors for 840 chunks)."""
    seed = json.loads((corpus_dir / "manifest.json").read_text(encoding="utf-8"))["documents"][0]
    add_entries(corpus_dir, {}, extra=[{"department": "无编号"}, {"id": "no-source"}, "just a string",
                                       dict(seed, id="bad-year", year="二〇二三"), dict(seed)])
    report = io.StringIO()
    assert [d.id for d in load_corpus(corpus_dir, report=report)] == [SEED_ID]
    text = report.getvalue()
    assert "no 'id'" in text and "no 'source'" in text and "not an object" in text and "not a whole number" in text
    assert f"skipped {SEED_ID} (documents/" in text and "already used" in text

    from index.build import build_index
    from index.search import Retriever
    from index.store import HashingEmbeddings

    build_index(corpus_dir=corpus_dir, data_dir=data_dir, embeddings=HashingEmbeddings(), host="", report=report)
    with Retriever.open(data_dir=data_dir, corpus_dir=corpus_dir, embeddings=HashingEmbeddings(), host="",
                        report=report) as retriever:
        assert retriever.search("公务接待费", k=3)


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe garbage", b'["a list"]', b'{"documents": 3}'])
def test_an_unreadable_manifest_is_one_clear_error(corpus_dir, content):
    (corpus_dir / "manifest.json").write_bytes(content)
    with pytest.raises(CorpusError, match="manifest"):
        load_manifest(corpus_dir)


def test_index_build_reports_an_unreadable_manifest_without_a_traceback(corpus_dir, data_dir):
    (corpus_dir / "manifest.json").write_text("{not json", encoding="utf-8")
    done = run([PY, "-m", "index", "build"], timeout=60, BUDGET_QA_CORPUS=corpus_dir, BUDGET_QA_DATA=data_dir)
    assert done.returncode == 1
    assert "manifest" in done.stderr.decode()
    no_traceback(done.stderr)


def test_qa_ask_reports_an_unreadable_manifest_without_a_traceback(corpus_dir):
    (corpus_dir / "manifest.json").write_text("{not json", encoding="utf-8")
    done = run([PY, "-m", "qa", "ask", "--no-retrieval", "公务接待费是多少"], timeout=60, BUDGET_QA_CORPUS=corpus_dir)
    assert done.returncode != 0 and "manifest" in done.stderr.decode()
    no_traceback(done.stderr)
