"""Where the index lives and what it was made with: the lowest layer of `index`, read by `build` and `store`.

`IndexPaths` names the files under the data folder, `describe_backend` the store a build writes to (recorded
in the manifest) and `STORE_VERSION` the collection's configuration (see `index.store.HNSW`). Nothing here
imports chromadb, numpy or the model, so `python -m index build` on an unchanged corpus stays fast.

    >>> from pathlib import Path
    >>> IndexPaths.of(Path("/data")).manifest
    PosixPath('/data/index/manifest.json')
    >>> describe_backend(host="", data_dir=Path("/data"))
    'embedded chroma /data/chroma'
    >>> describe_backend(host="chroma.local", port=8000)
    'chroma server chroma.local:8000'
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import config

STORE_VERSION = 2  # bump when the collection's configuration changes (see store.HNSW): a build then swaps in a new one
PASSAGE_VERSION = 4  # what the encoder reads of a chunk (chunks.Chunk.passage); bump when it changes


def vector_label(model: str) -> str:
    """The name a store's vectors are recorded under: the model and what of each chunk it read, so vectors of
    another passage version are never reused."""
    return f"{model} · passages v{PASSAGE_VERSION}"


@dataclass(frozen=True)
class IndexPaths:
    data_dir: Path

    @classmethod
    def of(cls, data_dir: Path | None = None) -> "IndexPaths":
        return cls(Path(data_dir or config.DATA_DIR))

    @property
    def folder(self) -> Path:
        return self.data_dir / "index"

    @property
    def manifest(self) -> Path:
        return self.folder / "manifest.json"

    @property
    def lexical(self) -> Path:
        return self.folder / "lexical.json"

    @property
    def chroma(self) -> Path:
        return self.data_dir / "chroma"


def describe_backend(host: str | None = None, port: int | None = None, data_dir: Path | None = None) -> str:
    """'chroma server HOST:PORT' or 'embedded chroma DATA_DIR/chroma' (recorded in the manifest)."""
    host = config.CHROMA_HOST if host is None else host
    if host:
        return f"chroma server {host}:{port or config.CHROMA_PORT}"
    return f"embedded chroma {Path(data_dir or config.DATA_DIR) / 'chroma'}"
