"""Shared by the reliability tests: subprocess helpers (everything on 127.0.0.1, stopped by pid), a private
copy of the seed corpus, and the app server of bench.common."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

import config
from tests.index.conftest import SEED_ID, copy_seed_corpus, corpus_dir, data_dir  # noqa: F401 (shared fixtures)

ROOT = config.ROOT
PY = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def child_env(**overrides: str) -> dict:
    """The environment of a child process: this one's, the repo importable, `overrides` on top."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.update({k: str(v) for k, v in overrides.items()})
    return env


def run(argv: list[str], timeout: float = 120, input: bytes | None = None, **env) -> subprocess.CompletedProcess:
    """Run a command of the project (cwd = repo root) to completion; bytes out."""
    return subprocess.run(argv, cwd=ROOT, env=child_env(**env), input=input, capture_output=True, timeout=timeout)


def kill9(proc: subprocess.Popen) -> None:
    try:
        os.kill(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=30)


def no_traceback(stderr: bytes | str) -> None:
    text = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else stderr
    assert "Traceback" not in text, text[-3000:]


