"""Lexical retrieval: BM25 (bm25s) over jieba tokens, with a user dictionary from the corpus itself.

Text is normalised (NFKC, lower case) and cut with jieba's search mode; the user dictionary holds
the corpus's own row labels, table titles, glossary terms, project names and unit names (category
prefixes such as "Z"/"QT" and leading years dropped, split at punctuation), so that "公务用车运行维护费"
stays one token besides its parts. Stopwords and punctuation are dropped. The index is saved as
one JSON file (chunks with their tokens, and the user words); loading rebuilds the BM25 matrix
from the stored tokens, which takes milliseconds for the seed (~420 chunks).

Usage::

    from index.chunks import build_chunks
    from index.lexical import LexicalIndex

    lexical = LexicalIndex.build(chunks)           # chunks: list[Chunk]
    lexical.save(Path("data/index/lexical.json"))  # atomic (write aside, then rename)
    lexical = LexicalIndex.load(Path("data/index/lexical.json"))
    for position, score in lexical.search("公务接待费", k=5):
        print(lexical.chunks[position].id, score)
"""
from __future__ import annotations

import json
import logging
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Iterable

import numpy as np

from corpus.registry import write_atomic
from index.chunks import Chunk

LEXICAL_VERSION = 1

# Words that carry no retrieval signal in questions or in the disclosures' prose.
STOPWORDS = frozenset("""
的 了 和 与 及 以及 或 或者 是 为 在 对 把 被 将 从 向 由 于 按 按照 其 其中 之 等 等等 也 都 又 并 并且 而 而且
但 但是 就 则 即 还 要 这 那 这个 那个 这些 那些 该 此 各 每 有 没有 无 个 些 么 吗 呢 吧 啊 呀 哪 哪些 哪个
什么 怎么 怎样 如何 多少 几 是否 请问 请 一下 告诉 我 我们 你 你们 他 它 他们 给 让 可以 能 会 应 应该 所 所有
其他 之间 上 下 中 内 年度 元 万元 万 亿元 共 约 为何 为什么 哪里 情况 相关 关于 方面 多大 多高 呢
""".split())

_WORD = re.compile(r"[0-9a-z\u3400-\u9fff]")
_PREFIX = re.compile(r"^(?:[a-z0-9]{1,3}(?=[\u3400-\u9fff])|(?:19|20)\d{2}年度?)")
_SPLIT = re.compile(r"[^0-9a-z\u3400-\u9fff]+")
_CJK = re.compile(r"[\u3400-\u9fff]")
WORD_KEYS = ("row_label", "table_title", "term", "project", "implementing_unit", "department", "relation")
MAX_WORD_CHARS = 20


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def user_words(chunks: Iterable[Chunk]) -> list[str]:
    """Dictionary words from the chunks' metadata (row labels, titles, terms, projects, units)."""
    raw: dict[str, None] = {}
    for chunk in chunks:
        meta = chunk.metadata
        for key in WORD_KEYS:
            if isinstance(meta.get(key), str):
                raw.setdefault(meta[key])
        for key, sep in (("row_path", " › "), ("units", "、")):
            if isinstance(meta.get(key), str):
                for part in meta[key].split(sep):
                    raw.setdefault(part)
    words: dict[str, None] = {}
    for text in raw:
        for word in dictionary_forms(text):
            words.setdefault(word)
    return list(words)


def dictionary_forms(text: str) -> list[str]:
    """'Z警察加班补贴' -> ['警察加班补贴']; '2023年项目支出预算表（本年预算）' -> ['项目支出预算表', '本年预算']."""
    forms = []
    for part in _SPLIT.split(normalise(text)):
        part = _PREFIX.sub("", part)
        part = _PREFIX.sub("", part)  # a code then a year, e.g. "t2023年…"
        if 2 <= len(part) <= MAX_WORD_CHARS and _CJK.search(part):
            forms.append(part)
    return forms


_TOKENIZERS: dict[tuple[str, ...], "Tokenizer"] = {}
_TOKENIZER_CACHE = 1  # a jieba dictionary takes ~70 MB


def tokenizer_for(words: Iterable[str]) -> "Tokenizer":
    """A Tokenizer for these user words, shared within the process (jieba's dictionary takes ~1 s
    to load, so a build followed by a load, or a rebuild, does not pay it twice)."""
    key = tuple(words)
    if key not in _TOKENIZERS:
        while len(_TOKENIZERS) >= _TOKENIZER_CACHE:
            _TOKENIZERS.pop(next(iter(_TOKENIZERS)))
        _TOKENIZERS[key] = Tokenizer(key)
    return _TOKENIZERS[key]


@cache
def jieba_dictionary() -> tuple[dict[str, int], int]:
    """jieba's dictionary (word → frequency, and their total), read once per process: reading it takes ~1 s, copying
    it ~0.1 s."""
    import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)  # no "Building prefix dict" chatter
    reader = jieba.Tokenizer()
    reader.initialize()
    return reader.FREQ, reader.total


class Tokenizer:
    """A private jieba tokenizer (the global one is left alone) with our user words added."""

    def __init__(self, words: Iterable[str] = ()):
        import jieba

        self._jieba = jieba.Tokenizer()
        freq, total = jieba_dictionary()
        # a copy of the dictionary, not a second reading of it: our words are added to this tokenizer's alone
        self._jieba.FREQ, self._jieba.total, self._jieba.initialized = dict(freq), total, True
        self.words = list(words)
        for word in self.words:
            self._jieba.add_word(word)

    def __call__(self, text: str) -> list[str]:
        tokens = []
        for token in self._jieba.cut_for_search(normalise(text)):
            token = token.strip()
            if token and token not in STOPWORDS and _WORD.search(token):
                tokens.append(token)
        return tokens


class LexicalIndex:
    """BM25 over the chunks; `chunks[i]` is the chunk of score position i."""

    def __init__(self, chunks: list[Chunk], tokens: list[list[str]], tokenizer: Tokenizer):
        import bm25s

        self.chunks = chunks
        self.tokens = tokens
        self.tokenize = tokenizer
        self.positions = {c.id: i for i, c in enumerate(chunks)}
        by_doc: dict[str, list[int]] = {}
        for i, c in enumerate(chunks):
            by_doc.setdefault(str(c.metadata.get("doc", "")), []).append(i)
        self.doc_positions = {doc: np.array(p, dtype=np.int64) for doc, p in by_doc.items()}
        self._document_models: dict[str, object] = {}  # doc id → its own BM25, made on first scoped search
        self.bm25 = bm25s.BM25()
        if chunks:
            # an empty document would break bm25s; the "" token keeps every row non-empty
            self.bm25.index([t or [""] for t in tokens], show_progress=False)

    @classmethod
    def build(cls, chunks: list[Chunk], tokenizer: Tokenizer | None = None,
              previous: Path | None = None) -> "LexicalIndex":
        """Tokenise `chunks`; the tokens of texts already in the `previous` index file are reused
        when its user words are the same."""
        words = user_words(chunks)
        tokenizer = tokenizer or tokenizer_for(words)
        known = cls._previous_tokens(previous, tokenizer.words) if previous else {}
        tokens = [known.get(c.text) or tokenizer(c.text) for c in chunks]
        return cls(list(chunks), tokens, tokenizer)

    @staticmethod
    def _previous_tokens(path: Path, words: list[str]) -> dict[str, list[str]]:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            if data.get("version") != LEXICAL_VERSION or data.get("words") != list(words):
                return {}
            return {c["text"]: list(c["tokens"]) for c in data["chunks"]}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return {}

    def search(self, query: str, k: int = 5, doc_ids: Iterable[str] | None = None) -> list[tuple[int, float]]:
        """(position, score) of the best `k` chunks with a positive score, best first."""
        if not self.chunks:
            return []
        query_tokens = self.tokenize(query)
        if doc_ids is not None and len(doc_ids := list(doc_ids)) == 1 and len(self.doc_positions) > 1:
            return self._search_one_document(query_tokens, k, doc_ids[0])
        ids = self.bm25.get_tokens_ids(query_tokens)
        if not ids:
            return []
        scores = np.asarray(self.bm25.get_scores_from_ids(ids), dtype=np.float64)
        if doc_ids is None:
            candidates = np.flatnonzero(scores > 0)
        else:  # only the named documents' chunks compete
            within = [self.doc_positions[d] for d in doc_ids if d in self.doc_positions]
            within = np.concatenate(within) if within else np.array([], dtype=np.int64)
            candidates = within[scores[within] > 0]
        if len(candidates) > k:
            candidates = candidates[np.argpartition(-scores[candidates], k - 1)[:k]]
        order = sorted(candidates, key=lambda i: (-scores[i], i))
        return [(int(i), float(scores[i])) for i in order]

    def _search_one_document(self, query_tokens: list[str], k: int, doc_id: str) -> list[tuple[int, float]]:
        """BM25 over one document's chunks (its own model, made on first use): a scoped question costs the
        same in a corpus of one document or of a thousand."""
        positions = self.doc_positions.get(doc_id)
        if positions is None:
            return []
        model = self._document_models.get(doc_id)
        if model is None:
            import bm25s

            model = bm25s.BM25()
            model.index([self.tokens[i] or [""] for i in positions], show_progress=False)
            self._document_models[doc_id] = model
        ids = model.get_tokens_ids(query_tokens)
        if not ids:
            return []
        scores = np.asarray(model.get_scores_from_ids(ids), dtype=np.float64)
        local = np.flatnonzero(scores > 0)
        if len(local) > k:
            local = local[np.argpartition(-scores[local], k - 1)[:k]]
        order = sorted(local, key=lambda i: (-scores[i], positions[i]))
        return [(int(positions[i]), float(scores[i])) for i in order]

    # ------------------------------------------------------------------ persistence

    def save(self, path: Path) -> None:
        data = {
            "version": LEXICAL_VERSION,
            "words": self.tokenize.words,
            "chunks": [{"id": c.id, "text": c.text, "metadata": c.metadata, "tokens": t}
                       for c, t in zip(self.chunks, self.tokens)],
        }
        write_atomic(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))

    @classmethod
    def load(cls, path: Path, tokenizer: Tokenizer | None = None) -> "LexicalIndex":
        """Raises ValueError for a file that is not a lexical index of this version."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            if data.get("version") != LEXICAL_VERSION:
                raise ValueError(f"version {data.get('version')!r}, expected {LEXICAL_VERSION}")
            chunks = [Chunk(c["id"], c["text"], c["metadata"]) for c in data["chunks"]]
            tokens = [list(c["tokens"]) for c in data["chunks"]]
            words = list(data["words"])
        except (OSError, KeyError, TypeError, AttributeError, json.JSONDecodeError) as exc:
            raise ValueError(f"{path}: not a readable lexical index ({exc})") from exc
        except ValueError as exc:
            raise ValueError(f"{path}: not a readable lexical index ({exc})") from exc
        return cls(chunks, tokens, tokenizer or tokenizer_for(words))
