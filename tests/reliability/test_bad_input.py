"""Bad input at every command-line and upload entry point gets a clear message or refusal — never a traceback:
`python -m qa ask` (empty, 10,000 characters, control characters, invalid UTF-8 on stdin), `python -m corpus add`
and corpus.ingest.add_document (the staff page's upload) with path-traversal names, binary and oversized files,
and the enquiry record with text SQLite cannot store. (The /ask API: test_web.py.)"""
from __future__ import annotations

import json
import random
import shutil

import pytest

from corpus.ingest import add_document
from corpus.text import CorpusError
from tests.reliability.conftest import PY, no_traceback, run
from web.feedback import FeedbackStore

CONTROL = "\x07\x1b[31m公务接待费\x1b[0m\x08\x7f\u202e\u200b是多少\x0b\x0c"
LONG = "公务接待费" * 2000  # 10,000 characters


def ask(*args: str, stdin: bytes | None = None, **env) -> tuple[int, list, str]:
    done = run([PY, "-m", "qa", "ask", "--no-retrieval", "--json", *args], timeout=60, input=stdin, **env)
    stderr = done.stderr.decode("utf-8", "replace")
    no_traceback(stderr)
    text = done.stdout.decode("utf-8")  # must be valid UTF-8
    return done.returncode, [json.loads(line) for line in text.splitlines() if line.strip()], stderr


# ------------------------------------------------------------------------------ python -m qa ask


@pytest.mark.parametrize("question, message", [("", "请输入问题"), ("   \t ", "请输入问题"), (LONG, "问题太长"),
                                               (CONTROL, "25.40")])
def test_qa_ask_arguments(question, message):
    code, answers, _ = ask(question)
    assert code == 0 and len(answers) == 1
    assert message in answers[0]["answer"]
    assert len(answers[0]["question"]) <= 60  # a 10,000-character question is not echoed back whole


def test_qa_ask_stdin_lines_each_get_an_answer():
    lines = ["", LONG, "\x00\x01公务接待费\x00是多少", CONTROL, "公务接待费是多少"]
    code, answers, _ = ask("-", stdin="\n".join(lines).encode("utf-8") + b"\n")
    assert code == 0 and len(answers) == len(lines)
    assert "请输入问题" in answers[0]["answer"] and "问题太长" in answers[1]["answer"]
    assert answers[-1]["figures"][0]["value"] == "25.40"


@pytest.mark.parametrize("env", [{}, {"PYTHONIOENCODING": "utf-8"}], ids=["locale", "PYTHONIOENCODING"])
def test_qa_ask_invalid_utf8_on_stdin(env):
    code, answers, _ = ask("-", stdin=b"\xff\xfe\xfa\xe5\x85\n\xe5\x85\xac\xe5\x8a\xa1\xe6\x8e\xa5\xe5\xbe\x85\xe8\xb4\xb9\n", **env)
    assert code == 0 and len(answers) == 2
    assert answers[1]["figures"][0]["value"] == "25.40"


# ------------------------------------------------------------------------------ corpus add / upload

def seed_text() -> str:
    """A disclosure not yet in the corpus: the seed as another department's (bench.synthetic)."""
    import config
    from bench.synthetic import variant_text

    seed = (config.ROOT / "corpus" / "documents" / "datong_gaj_2023_budget.txt").read_text(encoding="utf-8")
    return variant_text(seed, "太原市财政局", 2)


def corpus_files(corpus_dir) -> set[str]:
    return {str(p.relative_to(corpus_dir.parent)) for p in corpus_dir.parent.rglob("*") if p.is_file()}


@pytest.mark.parametrize("doc_id", ["../../evil", "/etc/evil", "..", "documents/../../x", "a/b", "evil.txt", "Evil",
                                    "a" * 81, "", "-x", "x\x00y"])
def test_upload_refuses_ids_that_are_paths(corpus_dir, tmp_path, doc_id):
    source = tmp_path / "in.txt"
    source.write_text(seed_text(), encoding="utf-8")
    before = corpus_files(corpus_dir)
    with pytest.raises(CorpusError, match="invalid document id"):
        add_document(source, corpus_dir=corpus_dir, doc_id=doc_id)
    assert corpus_files(corpus_dir) == before


@pytest.mark.parametrize("name", ["..\\..\\evil.txt", "..%2F..%2Fevil.txt", "....txt", "evil .txt", "ｅｖｉｌ.txt",
                                  "a" * 200 + ".txt"])
def test_upload_file_names_never_become_paths(corpus_dir, tmp_path, name):
    source = tmp_path / name
    source.write_text(seed_text(), encoding="utf-8")
    result = add_document(source, corpus_dir=corpus_dir)
    for path in result.files:
        assert path.parent == (corpus_dir / "documents").resolve() or path.parent == corpus_dir / "documents"
        assert path.name == f"{result.entry['id']}.txt"
    assert not list(tmp_path.parent.glob("evil*")) and not (corpus_dir.parent / "evil.txt").exists()


def noise(seed: int, size: int = 50000, low: int = 0) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(low, 256) for _ in range(size))


BINARIES = {
    "random.txt": noise(1),
    "random.pdf": noise(2),
    "fake.pdf": b"%PDF-1.4\n" + noise(3),
    "zip.txt": b"PK\x03\x04" + noise(4, low=1),  # no NUL byte: not caught by the binary check
    "image.png": b"\x89PNG\r\n\x1a\n" + bytes(50000),
    "python.txt": shutil.which("python3") or "/bin/sh",  # an executable
}


@pytest.mark.parametrize("name", sorted(BINARIES))
def test_upload_refuses_binary_files(corpus_dir, tmp_path, name):
    content = BINARIES[name]
    source = tmp_path / name
    if isinstance(content, str):
        shutil.copyfile(content, source)
    else:
        source.write_bytes(content)
    before = corpus_files(corpus_dir)
    with pytest.raises(CorpusError) as refused:
        add_document(source, corpus_dir=corpus_dir)
    assert str(source) in str(refused.value) or source.name in str(refused.value)
    assert corpus_files(corpus_dir) == before


def test_upload_refuses_an_oversized_file_before_reading_it(corpus_dir, tmp_path, monkeypatch):
    import config

    monkeypatch.setattr(config, "MAX_UPLOAD_MB", 1)
    source = tmp_path / "huge.txt"
    source.write_text("公务接待费\t" + "1" * 2**20, encoding="utf-8")  # just over 1 MB
    before = corpus_files(corpus_dir)
    with pytest.raises(CorpusError, match=r"too large \(1\.0 MB; at most 1 MB"):
        add_document(source, corpus_dir=corpus_dir)
    assert corpus_files(corpus_dir) == before
    source.write_text("公务接待费\t" + "1" * (2**20 - 100), encoding="utf-8")  # under the limit: read, then refused
    with pytest.raises(CorpusError) as refused:  # for what it is (no department, no year), not for its size
        add_document(source, corpus_dir=corpus_dir)
    assert "too large" not in str(refused.value)


def corpus_add(corpus_dir, *args: str):
    done = run([PY, "-m", "corpus", "add", *args, "--no-index"], timeout=60, BUDGET_QA_CORPUS=corpus_dir)
    no_traceback(done.stderr)
    return done.returncode, done.stdout.decode(), done.stderr.decode()


def test_corpus_add_cli_refuses_a_traversal_id(corpus_dir, tmp_path):
    source = tmp_path / "in.txt"
    source.write_text(seed_text(), encoding="utf-8")
    before = corpus_files(corpus_dir)
    code, _, stderr = corpus_add(corpus_dir, str(source), "--id", "../../evil")
    assert code == 1 and "invalid document id" in stderr
    assert corpus_files(corpus_dir) == before and not (tmp_path / "evil.txt").exists()


def test_corpus_add_cli_refuses_a_binary_file(corpus_dir, tmp_path):
    source = tmp_path / "blob.txt"
    source.write_bytes(BINARIES["random.txt"])
    code, _, stderr = corpus_add(corpus_dir, str(source))
    assert code == 1 and "binary" in stderr


def test_corpus_add_cli_refuses_an_oversized_file(corpus_dir, tmp_path):
    source = tmp_path / "big.pdf"
    source.write_bytes(b"%PDF-1.4\n" + bytes(2 * 2**20))
    done = run([PY, "-m", "corpus", "add", str(source), "--no-index"], timeout=60, BUDGET_QA_CORPUS=corpus_dir,
               BUDGET_QA_MAX_UPLOAD_MB=1)
    no_traceback(done.stderr)
    assert done.returncode == 1 and "too large (2.0 MB; at most 1 MB" in done.stderr.decode()


def test_corpus_add_cli_refuses_a_missing_file_and_a_folder(corpus_dir, tmp_path):
    for target in (tmp_path / "nothing.txt", tmp_path):
        code, _, stderr = corpus_add(corpus_dir, str(target))
        assert code == 1 and str(target) in stderr


# ------------------------------------------------------------------------------ the enquiry record


def test_the_record_stores_text_with_lone_surrogates(tmp_path):
    """An API client can send "\\ud800" in valid JSON; the answer must still be recorded (it used to fail the
    insert: 'surrogates not allowed', so the answer given was missing from the record)."""
    store = FeedbackStore(tmp_path / "record.sqlite3")
    answer_id = store.log_answer({"question": "\ud800公务接待费\udcff", "answer": "好",
                                  "citations": [{"text": "\udfff"}]}, channel="api")
    store.add_feedback(answer_id, "down", "其他", "说明\ud83d")
    row = store.list_answers()[0]
    assert row["question"] == "\ufffd公务接待费\ufffd" and "\ufffd" in row["citations"]
    assert store.list_feedback()[0]["comment"] == "说明\ufffd"
    assert "公务接待费" in store.to_csv("answers")
