"""An unreachable Chroma server (BUDGET_QA_CHROMA_HOST=127.0.0.1, a free port with nothing listening, or a
listener that never answers) fails fast — well under 5 s — with a message naming host and port, at every
entry point: Retriever.open, build_index, `python -m index build`, and the QA chain, which keeps answering
from the parsed tables. (tests/index/test_store.py covers open_client itself and `index search`.)"""
from __future__ import annotations

import socket
import time

import pytest

from index.store import ChromaUnreachable, HashingEmbeddings
from tests.reliability.conftest import PY, free_port, no_traceback, run

FAST = 5.0  # seconds


@pytest.fixture
def dead_port() -> int:
    return free_port()  # nothing listens there


@pytest.fixture
def silent_port():
    """Accepts connections, never answers (a hung server, a firewall that eats packets after the SYN)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield listener.getsockname()[1]


@pytest.mark.parametrize("which", ["dead_port", "silent_port"])
def test_retriever_open_fails_fast_naming_the_server(which, request, corpus_dir, data_dir):
    from index.search import Retriever

    port = request.getfixturevalue(which)
    started = time.monotonic()
    with pytest.raises(ChromaUnreachable) as error:
        Retriever.open(data_dir=data_dir, corpus_dir=corpus_dir, embeddings=HashingEmbeddings(), host="127.0.0.1",
                       port=port)
    assert time.monotonic() - started < FAST
    assert f"127.0.0.1:{port}" in str(error.value)


def test_build_fails_fast_naming_the_server(corpus_dir, data_dir, dead_port):
    from index.build import build_index

    started = time.monotonic()
    with pytest.raises(ChromaUnreachable, match=f"127.0.0.1:{dead_port}"):
        build_index(corpus_dir=corpus_dir, data_dir=data_dir, embeddings=HashingEmbeddings(), host="127.0.0.1",
                    port=dead_port)
    assert time.monotonic() - started < FAST


def test_build_after_the_server_went_away_fails_fast(corpus_dir, data_dir, dead_port, tmp_path):
    """An index built against a server whose manifest says 'complete': the no-op check itself must notice the
    server is gone (not claim 'up to date', not hang)."""
    import json

    from index.build import build_index

    build_index(corpus_dir=corpus_dir, data_dir=data_dir, embeddings=HashingEmbeddings(), host="")
    manifest = data_dir / "index" / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["backend"] = f"chroma server 127.0.0.1:{dead_port}"
    manifest.write_text(json.dumps(data), encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(ChromaUnreachable, match=f"127.0.0.1:{dead_port}"):
        build_index(corpus_dir=corpus_dir, data_dir=data_dir, embeddings=HashingEmbeddings(), host="127.0.0.1",
                    port=dead_port)
    assert time.monotonic() - started < FAST


def test_index_build_cli_exits_1_with_the_server_named(corpus_dir, data_dir, dead_port):
    started = time.monotonic()
    done = run([PY, "-m", "index", "build"], timeout=60, BUDGET_QA_CORPUS=corpus_dir, BUDGET_QA_DATA=data_dir,
               BUDGET_QA_CHROMA_HOST="127.0.0.1", BUDGET_QA_CHROMA_PORT=dead_port)
    elapsed = time.monotonic() - started
    stderr = done.stderr.decode()
    assert done.returncode == 1, stderr
    assert f"127.0.0.1:{dead_port}" in stderr and "chroma run" in stderr  # names the server and the remedy
    no_traceback(stderr)
    assert elapsed < 20  # interpreter start and imports included; the check itself is milliseconds


def test_qa_keeps_answering_from_the_tables(corpus_dir, data_dir, silent_port):
    """`python -m qa ask` with the server unreachable: one line on stderr naming it, the answer still given."""
    started = time.monotonic()
    done = run([PY, "-m", "qa", "ask", "--json", "交警支队的机关运行经费是多少？"], timeout=60,
               BUDGET_QA_CORPUS=corpus_dir, BUDGET_QA_DATA=data_dir, BUDGET_QA_CHROMA_HOST="127.0.0.1",
               BUDGET_QA_CHROMA_PORT=silent_port)
    elapsed = time.monotonic() - started
    stderr = done.stderr.decode()
    assert done.returncode == 0, stderr
    assert "retrieval unavailable" in stderr and f"127.0.0.1:{silent_port}" in stderr
    no_traceback(stderr)
    assert '"3149.06"' in done.stdout.decode()
    assert elapsed < 20
