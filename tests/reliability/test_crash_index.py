"""kill -9 during an index build leaves an index that is usable at the next start: the hashing embedder in a
small script slowed down per batch, killed as the embedding starts, after some batches, or during an incremental
build (a document added); Retriever.open (what the next start does) says the build was interrupted, finishes it,
and every document answers. (tests/index/test_build.py interrupts builds in-process. The same with the real
model and `python -m index build` took 128 s, too long for CI: the build code is the same, only slower.)"""
from __future__ import annotations

import io
import json
import re
import subprocess
import textwrap
import time
from pathlib import Path

import pytest

from tests.reliability.conftest import PY, ROOT, SEED_ID, child_env, copy_seed_corpus, kill9

SYNTH_ID = "synth-0001-2023"


def kill_build_mid_way(argv: list[str], env: dict, pattern: str, timeout: float = 300) -> list[str]:
    """Start a build, kill -9 it as soon as a stderr line matches `pattern`; its stderr lines."""
    proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines = []
    deadline = time.monotonic() + timeout
    try:
        for line in proc.stderr:
            lines.append(line.rstrip())
            if re.search(pattern, line):
                return lines
            assert time.monotonic() < deadline, lines
        raise AssertionError(f"the build ended before {pattern!r}: {lines}")
    finally:
        kill9(proc)
        assert proc.returncode == -9 or proc.returncode is not None


def add_synthetic(corpus_dir: Path) -> None:
    from bench.synthetic import seed_entry, variant_text

    seed = (corpus_dir / seed_entry(corpus_dir)["source"]).read_text(encoding="utf-8")
    (corpus_dir / "documents" / f"{SYNTH_ID}.txt").write_text(variant_text(seed, "太原市财政局", 3), encoding="utf-8")
    manifest = json.loads((corpus_dir / "manifest.json").read_text(encoding="utf-8"))
    manifest["documents"].append({"id": SYNTH_ID, "department": "太原市财政局", "year": 2023, "kind": "预算",
                                  "source": f"documents/{SYNTH_ID}.txt"})
    (corpus_dir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


def open_and_search(corpus_dir: Path, data_dir: Path, embeddings, doc_ids: list[str]) -> str:
    """Retriever.open as the next start does; every document answers; returns what open reported."""
    from index.search import Retriever

    report = io.StringIO()
    with Retriever.open(data_dir=data_dir, corpus_dir=corpus_dir, embeddings=embeddings, host="",
                        report=report) as retriever:
        assert sorted(retriever.doc_ids) == sorted(doc_ids)
        assert retriever.store.count() == len(retriever.lexical.chunks)
        for doc_id in doc_ids:
            hits = retriever.search("公务接待费是多少", k=5, doc_ids=[doc_id])
            assert any(h.metadata.get("row_label") == "公务接待费" for h in hits), [h.id for h in hits]
    return report.getvalue()


SLOW_BUILD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from index.build import build_index
    from index.store import HashingEmbeddings

    class Slow(HashingEmbeddings):
        def embed_documents(self, texts):
            time.sleep(0.05)  # per batch of 64: a build of ~1,300 chunks takes about a second
            return super().embed_documents(texts)

    build_index(corpus_dir=Path(sys.argv[1]), data_dir=Path(sys.argv[2]), embeddings=Slow(), host="")
""")


@pytest.mark.parametrize("moment", [r"^index: embedding", r"embedded 256/"])
def test_kill_9_during_a_first_build_with_the_hashing_embedder(tmp_path, data_dir, moment):
    """Fast: a 3-document synthetic corpus, the hashing embedder, killed as the embedding starts or after some
    batches; the next open must serve every document."""
    from bench.synthetic import write_corpus
    from index.store import HashingEmbeddings

    corpus = tmp_path / "synthetic"
    ids = [d["id"] for d in write_corpus(corpus, 3)["documents"]]
    script = tmp_path / "slow_build.py"
    script.write_text(SLOW_BUILD, encoding="utf-8")
    kill_build_mid_way([PY, str(script), str(corpus), str(data_dir)], child_env(), moment, timeout=120)
    said = open_and_search(corpus, data_dir, HashingEmbeddings(), ids)
    assert "interrupted" in said or "no index" in said, said


def test_kill_9_during_an_incremental_build_with_the_hashing_embedder(tmp_path, data_dir):
    """Fast: a complete index of the seed, a second document added, the build killed mid-way: the next open
    finishes it and both documents answer."""
    from index.build import build_index
    from index.store import HashingEmbeddings

    corpus = copy_seed_corpus(tmp_path / "corpus")
    build_index(corpus_dir=corpus, data_dir=data_dir, embeddings=HashingEmbeddings(), host="", report=io.StringIO())
    add_synthetic(corpus)
    script = tmp_path / "slow_build.py"
    script.write_text(SLOW_BUILD, encoding="utf-8")
    kill_build_mid_way([PY, str(script), str(corpus), str(data_dir)], child_env(), r"embedded 256/", timeout=120)
    said = open_and_search(corpus, data_dir, HashingEmbeddings(), [SEED_ID, SYNTH_ID])
    assert "interrupted" in said, said
