"""End to end with the real e5 model (slow: the model loads and the seed is embedded once, ~1-2 min
on 2 cores): retrieval quality on labelled questions, the embeddings adapter, the CLI."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

import config
from corpus.registry import load_corpus
from index.bench import LABELLED, recall_at
from index.build import build_index
from index.chunks import build_chunks
from index.search import Retriever
from index.store import E5Embeddings

from tests.index.conftest import copy_seed_corpus

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def e5():
    return E5Embeddings()


@pytest.fixture(scope="module")
def real_index(tmp_path_factory, e5):
    root = tmp_path_factory.mktemp("real")
    corpus_dir = copy_seed_corpus(root / "corpus")
    report = build_index(corpus_dir=corpus_dir, data_dir=root / "data", embeddings=e5, host="")
    # every distinct passage embedded once, nothing reused from another build
    assert report.embedded == len({c.passage for d in load_corpus(corpus_dir) for c in build_chunks(d)}) \
        and report.reused == 0
    return corpus_dir, root / "data"


@pytest.fixture(scope="module")
def retriever(real_index, e5):
    corpus_dir, data_dir = real_index
    retriever = Retriever.open(data_dir=data_dir, corpus_dir=corpus_dir, embeddings=e5, host="")
    yield retriever
    retriever.close()


def test_adapter_uses_e5_prompts_and_normalises(e5):
    docs = np.array(e5.embed_documents(["公务接待费25.40万元", "基本支出的定义"]))
    query = np.array(e5.embed_query("公务接待费25.40万元"))
    assert docs.shape == (2, 384) and query.shape == (384,)
    assert np.allclose(np.linalg.norm(docs, axis=1), 1.0, atol=1e-4)
    assert not np.allclose(docs[0], query, atol=1e-3)  # "query: " vs "passage: "
    assert float(docs[0] @ query) > float(docs[1] @ query)


def test_labelled_questions_recall(retriever):
    recall = {name: recall_at(retriever, method)[0] for name, method in (
        ("hybrid", retriever.search), ("dense", retriever.search_dense), ("lexical", retriever.search_lexical))}
    total = len(LABELLED)
    assert recall["hybrid"] >= total - 2, recall
    assert recall["dense"] >= total - 5, recall
    assert recall["hybrid"] >= max(recall["dense"], recall["lexical"]) - 1, recall


def test_rebuild_is_a_noop(real_index, e5):
    corpus_dir, data_dir = real_index
    report = build_index(corpus_dir=corpus_dir, data_dir=data_dir, embeddings=e5, host="")
    assert report.noop and report.embedded == 0 and report.seconds < 1.0


def cli(real_index, *args, stdin=None):
    corpus_dir, data_dir = real_index
    env = dict(os.environ, BUDGET_QA_DATA=str(data_dir), BUDGET_QA_CORPUS=str(corpus_dir), BUDGET_QA_CHROMA_HOST="")
    return subprocess.run([sys.executable, "-m", "index", *args], cwd=config.ROOT, env=env, input=stdin,
                          capture_output=True, text=True, timeout=300)


def test_cli_search_json(real_index):
    done = cli(real_index, "search", "--json", "-k", "3", "2023年公务接待费是多少？")
    assert done.returncode == 0, done.stderr
    hits = json.loads(done.stdout)
    assert len(hits) == 3 and all(set(h) == {"id", "text", "score", "metadata"} for h in hits)
    assert any(h["metadata"].get("row_label") == "公务接待费" for h in hits)
    assert "Traceback" not in done.stderr


def test_cli_stdin_batch(real_index):
    done = cli(real_index, "search", "-k", "2", "-", stdin="基本支出是什么意思\n房屋建筑面积是多少\n")
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(lines) == 2 and all(len(hits) == 2 for hits in lines)
    assert lines[0][0]["metadata"]["kind"] == "glossary"
