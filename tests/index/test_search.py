"""Hybrid retrieval (RRF over dense + BM25), input checks, and the search CLI, on the hashing
embedder (the real model is in test_real_model.py, marked slow)."""
from __future__ import annotations

import io
import json

import pytest

import config
from index import __main__ as cli
from index.build import build_index
from index.search import LABEL_WEIGHT, RRF_K, Hit, Retriever, rrf, validate_query
from index.store import HashingEmbeddings

from tests.index.conftest import SEED_ID, add_document, copy_seed_corpus, seed_path


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The seed plus a second document, indexed once for this module."""
    root = tmp_path_factory.mktemp("search")
    corpus_dir = copy_seed_corpus(root / "corpus")
    text = seed_path(corpus_dir).read_text(encoding="utf-8").replace("25.40", "31.50")
    add_document(corpus_dir, "other-2024", text, department="另一局", year=2024)
    embeddings = HashingEmbeddings()
    build_index(corpus_dir=corpus_dir, data_dir=root / "data", embeddings=embeddings, host="")
    return corpus_dir, root / "data", embeddings


@pytest.fixture(scope="module")
def retriever(built):
    corpus_dir, data_dir, embeddings = built
    retriever = Retriever.open(data_dir=data_dir, corpus_dir=corpus_dir, embeddings=embeddings, host="")
    yield retriever
    retriever.close()


def test_rrf_sums_reciprocal_ranks():
    fused = rrf({"dense": ["a", "b", "c"], "lexical": ["c", "a", "d"]})
    scores = {cid: score for cid, score, _ in fused}
    assert scores["a"] == pytest.approx(1 / (RRF_K + 1) + 1 / (RRF_K + 2))
    assert scores["d"] == pytest.approx(1 / (RRF_K + 3))
    assert [cid for cid, _, _ in fused] == ["a", "c", "b", "d"]
    assert dict((cid, ranks) for cid, _, ranks in fused)["c"] == {"dense": 3, "lexical": 1}
    assert rrf({"dense": [], "lexical": []}) == []


def test_rrf_agreement_beats_a_single_first_place():
    fused = rrf({"dense": ["solo", "both"], "lexical": ["x", "both"]})
    assert fused[0][0] == "both"


def test_hybrid_search_fuses_both_sides(retriever):
    hits = retriever.search("公务接待费是多少", k=5, doc_ids=[SEED_ID])
    assert len(hits) == 5 and all(isinstance(h, Hit) for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert any(h.metadata.get("row_label") == "公务接待费" for h in hits)
    assert any(len(h.ranks) >= 2 for h in hits)  # found by more than one side
    assert all(h.metadata["doc"] == SEED_ID and "hash" not in h.metadata for h in hits)
    assert hits[0].score <= (2 + LABEL_WEIGHT) / (RRF_K + 1)
    assert hits[0].metadata["row_label"] == "公务接待费"  # the row named by its own label comes first


def test_hybrid_equals_fusing_the_single_side_rankings(retriever):
    query = "机关运行经费"
    depth = 30
    dense = [h.id for h in retriever.search_dense(query, k=depth)]
    lexical = [h.id for h in retriever.search_lexical(query, k=depth)]
    labels = [retriever.lexical.chunks[p].id for p in retriever.label_ranking(query, depth, None)]
    expected = [cid for cid, _, _ in rrf({"dense": dense, "lexical": lexical, "labels": labels},
                                         weights={"labels": LABEL_WEIGHT})[:5]]
    assert [h.id for h in retriever.search(query, k=5)] == expected


def test_single_sides(retriever):
    dense = retriever.search_dense("公务接待费", k=3)
    assert len(dense) == 3 and all(-1.0 <= h.score <= 1.0001 for h in dense)
    lexical = retriever.search_lexical("公务接待费", k=3)
    assert len(lexical) == 3 and all(h.score > 0 for h in lexical)
    assert lexical[0].ranks == {"lexical": 1} and dense[0].ranks == {"dense": 1}


def test_document_filter(retriever):
    other = retriever.search("公务接待费", k=8, doc_ids=["other-2024"])
    assert other and {h.metadata["doc"] for h in other} == {"other-2024"}
    assert any("31.50万元" in h.text for h in other)
    both = retriever.search("公务接待费", k=20, doc_ids=[SEED_ID, "other-2024"])
    assert {h.metadata["doc"] for h in both} == {SEED_ID, "other-2024"}
    assert retriever.doc_ids == sorted([SEED_ID, "other-2024"])


@pytest.mark.parametrize("query", ["", "   ", "\n\t", None])
def test_empty_query_is_refused(retriever, query):
    with pytest.raises(ValueError, match="empty"):
        retriever.search(query)


def test_over_long_query_is_refused(retriever, monkeypatch):
    monkeypatch.setattr(config, "MAX_QUESTION_CHARS", 20)
    with pytest.raises(ValueError, match="21 characters long; the limit is 20"):
        retriever.search("问" * 21)
    assert validate_query("  问题  ") == "问题"


def test_bad_k_and_unknown_document(retriever):
    with pytest.raises(ValueError, match="k must be"):
        retriever.search("公务接待费", k=0)
    with pytest.raises(ValueError, match="unknown document id.*nope"):
        retriever.search("公务接待费", doc_ids=["nope"])


# ----------------------------------------------------------------------- CLI


@pytest.fixture
def cli_env(built, monkeypatch):
    """The CLI in-process, pointed at the module's index and using the hashing embedder."""
    corpus_dir, data_dir, embeddings = built
    monkeypatch.setattr(config, "CORPUS_DIR", corpus_dir)
    monkeypatch.setattr(config, "DATA_DIR", data_dir)
    monkeypatch.setattr(config, "CHROMA_HOST", "")
    monkeypatch.setattr("index.store.E5Embeddings", lambda *a, **k: embeddings)
    return built


def test_cli_search_json(cli_env, capsys):
    assert cli.main(["search", "--json", "-k", "3", "公务接待费"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out) == 3 and set(out[0]) == {"id", "text", "score", "metadata"}
    assert out[0]["metadata"]["kind"] in ("row", "table", "paragraph", "form", "form_indicators", "glossary", "org")


def test_cli_search_readable_and_scoped(cli_env, capsys):
    assert cli.main(["search", "--doc", "other-2024", "公务接待费"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1. ") and "other-2024:" in out and SEED_ID + ":" not in out


def test_cli_search_modes(cli_env, capsys):
    assert cli.main(["search", "--json", "--mode", "lexical", "-k", "2", "公务接待费"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2


def test_cli_stdin_one_json_array_per_line(cli_env, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("公务接待费\n\n基本支出是什么\n"))
    assert cli.main(["search", "-k", "2", "-"]) == 2  # the blank line is refused, the others answered
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert len(lines) == 3
    first, blank, third = (json.loads(line) for line in lines)
    assert len(first) == 2 and blank == [] and len(third) == 2
    assert "line 2" in captured.err and "empty" in captured.err


@pytest.mark.parametrize("question", ["", "  "])
def test_cli_empty_question_exit_2(question, capsys):
    assert cli.main(["search", question]) == 2
    assert "empty" in capsys.readouterr().err


def test_cli_over_long_question_exit_2(capsys, monkeypatch):
    monkeypatch.setattr(config, "MAX_QUESTION_CHARS", 10)
    assert cli.main(["search", "问" * 11]) == 2
    assert "limit is 10" in capsys.readouterr().err


def test_cli_unknown_document_exit_2(cli_env, capsys):
    assert cli.main(["search", "--doc", "nope", "公务接待费"]) == 2
    assert "unknown document id" in capsys.readouterr().err


def test_cli_build_noop(cli_env, capsys, monkeypatch):
    monkeypatch.setattr(config, "EMBEDDING_MODEL", HashingEmbeddings().name)
    assert cli.main(["build"]) == 0
    assert "index up to date" in capsys.readouterr().out
