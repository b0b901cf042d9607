"""What the benchmarks share: free ports, percentiles (index.bench's), tables, and child processes measured by their own
rusage (os.wait4), started and stopped by pid."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import config
from index.bench import percentile  # noqa: F401 (the benchmarks share one definition)

ROOT = config.ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]




def table(headers: list[str], rows: list[list]) -> str:
    """A plain text table, columns right-aligned except the first."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths)))

    return "\n".join([line(cells[0]), "  ".join("-" * w for w in widths)] + [line(r) for r in cells[1:]])


def dir_size(*paths: Path) -> int:
    """Bytes of every file under `paths` (missing paths count 0)."""
    total = 0
    for path in paths:
        path = Path(path)
        if path.is_file():
            total += path.stat().st_size
        elif path.is_dir():
            for root, _, files in os.walk(path):
                for name in files:
                    try:
                        total += os.lstat(os.path.join(root, name)).st_size
                    except OSError:
                        pass
    return total


@dataclass
class ChildResult:
    returncode: int
    seconds: float
    peak_mb: float  # the child's own ru_maxrss (os.wait4), not the maximum over all children
    stdout: str = ""
    stderr: str = ""
    cpu_seconds: float = 0.0  # user + system: what the run cost whatever else the machine ran


def run_measured(argv: list[str], env: dict | None = None, timeout: float = 3600, cwd: Path = ROOT) -> ChildResult:
    """Run `argv` to completion; its wall time and its own peak resident memory. Killed (by pid) after
    `timeout` seconds."""
    started = time.perf_counter()
    with open(os.devnull, "rb") as devnull:
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=devnull, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out_parts, err_parts = [], []
    import threading

    def drain(stream, parts):
        for chunk in iter(lambda: stream.read(65536), b""):
            parts.append(chunk)

    readers = [threading.Thread(target=drain, args=(proc.stdout, out_parts), daemon=True),
               threading.Thread(target=drain, args=(proc.stderr, err_parts), daemon=True)]
    for reader in readers:
        reader.start()
    timer = threading.Timer(timeout, lambda: _kill(proc.pid))
    timer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    for reader in readers:
        reader.join(timeout=10)
    return ChildResult(proc.returncode, time.perf_counter() - started, usage.ru_maxrss / 1024,
                       b"".join(out_parts).decode("utf-8", "replace"), b"".join(err_parts).decode("utf-8", "replace"),
                       usage.ru_utime + usage.ru_stime)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


@dataclass
class AppServer:
    """`python app.py` on 127.0.0.1 and a free port, in a subprocess with its own enquiry record; waits until
    it is warm (the model loaded) and is stopped by its pid."""

    record: Path
    log: Path
    args: tuple[str, ...] = ()
    env: dict | None = None
    port: int = field(default_factory=free_port)

    def __post_init__(self):
        self.url = f"http://127.0.0.1:{self.port}/"
        with open(self.log, "w") as out:
            self.proc = subprocess.Popen([sys.executable, "app.py", "--host", "127.0.0.1", "--port", str(self.port),
                                          "--record", str(self.record), *self.args],
                                         cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=self.env)

    def wait(self, timeout: float = 300, warm: bool = True) -> float:
        """Seconds until ready (and warm, when asked); raises with the log when it exits or times out (stopped)."""
        pattern = r"warm \(first answers at full speed\) in ([\d.]+) s" if warm else r"ready on .* in ([\d.]+) s"
        deadline = time.time() + timeout
        while time.time() < deadline:
            text = self.log.read_text(encoding="utf-8", errors="replace")
            found = re.search(pattern, text)
            if found:
                return float(found.group(1))
            if self.proc.poll() is not None:
                raise RuntimeError(f"app.py exited ({self.proc.returncode}):\n{text[-3000:]}")
            time.sleep(0.2)
        self.stop()  # a server not ready in time is not left running behind the error
        raise TimeoutError(f"app.py not {'warm' if warm else 'ready'} in {timeout} s:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def __enter__(self) -> "AppServer":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
