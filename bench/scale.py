"""`python -m bench scale`: how the index grows with the corpus.

    python -m bench scale [--sizes 1,10,100] [--server] [--embedder e5|hashing] [--repeat 3] [--keep DIR]

For each size N it writes a synthetic corpus of N documents (the seed and N − 1 variants, bench.synthetic),
then, per backend (embedded Chroma; with `--server` also a `chroma run` server started on 127.0.0.1 and a
free port, one fresh server per size, stopped by its pid):

* runs the build in a child process — `python -m index build` with BUDGET_QA_CORPUS / BUDGET_QA_DATA set
  (with `--embedder hashing`, the same `build_index` with the deterministic hashing embedder, to see the
  store and search costs without the model's) — and reports its wall time and the child's own peak
  resident memory (os.wait4's rusage, so only that child's), and the index size on disk (DATA/index +
  DATA/chroma, or + the server's folder);
* opens the Retriever in another child and asks the 20 labelled questions of `index.bench` `--repeat` times:
  latency p50/p95 of `search(q, k=5)` over the whole corpus, and of the same search scoped to the seed
  document (what the QA pipeline does), recall@5 of the scoped search on the seed's labels (distractor
  documents must not push the right chunk out), and that child's peak memory.

The model is materialised (BUDGET_QA_MODEL_CACHE, shared by all children) before anything is timed.
Target (issue 8): query p95 at 100 documents ≤ 2 × the one-document figure.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import config
from bench.common import dir_size, free_port, percentile, run_measured, table
from bench.synthetic import SEED_ID, write_corpus

# ------------------------------------------------------------------------------ children


def make_embeddings(name: str):
    from index.store import E5Embeddings, HashingEmbeddings

    return HashingEmbeddings() if name == "hashing" else E5Embeddings()


def build_child(data: Path, corpus: Path, embedder: str, host: str = "", port: int = 0) -> int:
    """`python -m bench _build`: build_index with the named embedder (the hashing one cannot be chosen
    through `python -m index build`)."""
    from index.build import build_index

    report = build_index(corpus_dir=corpus, data_dir=data, embeddings=make_embeddings(embedder), host=host,
                         port=port or None)
    print(report.summary())
    return 0


def query_child(data: Path, corpus: Path, embedder: str, repeat: int, host: str = "", port: int = 0) -> int:
    """`python -m bench _query`: open the Retriever, time the 20 labelled questions, print one JSON line."""
    import resource

    from index.bench import LABELLED, is_relevant
    from index.search import Retriever

    embeddings = make_embeddings(embedder)
    started = time.perf_counter()
    retriever = Retriever.open(data_dir=data, corpus_dir=corpus, embeddings=embeddings, host=host, port=port or None)
    opened = time.perf_counter() - started
    try:
        questions = [q for q, _ in LABELLED]
        for question in questions[:3]:  # warm up (model, caches)
            retriever.search(question, k=5)
            retriever.search(question, k=5, doc_ids=[SEED_ID])
        whole, scoped = [], []
        for _ in range(repeat):
            for question in questions:
                t = time.perf_counter()
                retriever.search(question, k=5)
                whole.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                retriever.search(question, k=5, doc_ids=[SEED_ID])
                scoped.append((time.perf_counter() - t) * 1000)
        found = sum(any(is_relevant(h, m) for h in retriever.search(q, k=5, doc_ids=[SEED_ID])) for q, m in LABELLED)
        result = {"open_s": round(opened, 2), "chunks": len(retriever.lexical.chunks), "documents": len(retriever.doc_ids),
                  "queries": len(whole), "p50_ms": round(percentile(whole, 0.5), 1),
                  "p95_ms": round(percentile(whole, 0.95), 1), "scoped_p50_ms": round(percentile(scoped, 0.5), 1),
                  "scoped_p95_ms": round(percentile(scoped, 0.95), 1), "recall": f"{found}/{len(LABELLED)}",
                  "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}
    finally:
        retriever.close()
    print(json.dumps(result))
    return 0


# ------------------------------------------------------------------------------ chroma server


class ChromaServer:
    """`chroma run` on 127.0.0.1 and a free port with its own folder; stopped by its pid."""

    def __init__(self, path: Path):
        self.path = path
        self.port = free_port()
        path.mkdir(parents=True, exist_ok=True)
        chroma = os.path.join(os.path.dirname(sys.executable), "chroma")
        self.log = open(path.parent / f"{path.name}.log", "wb")
        self.proc = subprocess.Popen([chroma, "run", "--host", "127.0.0.1", "--port", str(self.port), "--path", str(path)],
                                     stdout=self.log, stderr=subprocess.STDOUT,
                                     env=dict(os.environ, ANONYMIZED_TELEMETRY="False"))
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/v2/heartbeat", timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"chroma server did not start on 127.0.0.1:{self.port}")
            time.sleep(0.3)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


# ------------------------------------------------------------------------------ the benchmark


def measure(size: int, backend: str, corpus: Path, work: Path, embedder: str, repeat: int, timeout: float) -> dict:
    data = work / f"data-{size}-{backend}"
    server = ChromaServer(work / f"chroma-server-{size}") if backend == "server" else None
    host, port = ("127.0.0.1", server.port) if server else ("", 0)
    env = dict(os.environ, BUDGET_QA_CORPUS=str(corpus), BUDGET_QA_DATA=str(data),
               BUDGET_QA_MODEL_CACHE=str(config.MODEL_CACHE), BUDGET_QA_CHROMA_HOST=host,
               BUDGET_QA_CHROMA_PORT=str(port or config.CHROMA_PORT))
    try:
        if embedder == "e5":
            argv = [sys.executable, "-m", "index", "build"]
        else:
            argv = [sys.executable, "-m", "bench", "_build", "--data", str(data), "--corpus", str(corpus),
                    "--embedder", embedder, "--host", host, "--port", str(port)]
        built = run_measured(argv, env=env, timeout=timeout)
        row = {"documents": size, "backend": backend, "build_s": round(built.seconds, 1), "build_peak_mb": round(built.peak_mb),
               "build_ok": built.returncode == 0, "build_summary": built.stdout.strip()[-300:]}
        if built.returncode != 0:
            row["error"] = (built.stderr.strip() or built.stdout.strip())[-500:]
            return row
        row["disk_mb"] = round(dir_size(data / "index", data / "chroma", server.path if server else data / "none") / 2**20, 1)
        queried = run_measured([sys.executable, "-m", "bench", "_query", "--data", str(data), "--corpus", str(corpus),
                                "--embedder", embedder, "--repeat", str(repeat), "--host", host, "--port", str(port)],
                               env=env, timeout=timeout)
        if queried.returncode != 0:
            row["error"] = queried.stderr.strip()[-500:]
            return row
        row.update(json.loads(queried.stdout.strip().splitlines()[-1]))
        row["query_child_peak_mb"] = round(queried.peak_mb)
        return row
    finally:
        if server:
            server.stop()


def run_scale(sizes: list[int], server: bool = False, embedder: str = "e5", repeat: int = 3, keep: Path | None = None,
              timeout: float = 3600, as_json: bool = False, out=sys.stdout) -> int:
    work = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="budget-qa-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    rows: list[dict] = []
    try:
        if embedder == "e5":
            from index.embedding_model import materialise_e5_small

            started = time.perf_counter()
            materialise_e5_small(config.MODEL_CACHE)
            print(f"… model ready in {config.MODEL_CACHE} ({time.perf_counter() - started:.1f} s, not counted)",
                  file=sys.stderr, flush=True)
        for size in sizes:
            corpus = work / f"corpus-{size}"
            if corpus.exists():
                shutil.rmtree(corpus)
            started = time.perf_counter()
            write_corpus(corpus, size)
            generated = time.perf_counter() - started
            for backend in ["embedded"] + (["server"] if server else []):
                print(f"… {size} documents, {backend}: building", file=sys.stderr, flush=True)
                row = measure(size, backend, corpus, work, embedder, repeat, timeout)
                row["generate_s"] = round(generated, 2)
                rows.append(row)
                print(f"… {size} documents, {backend}: {json.dumps(row, ensure_ascii=False)}", file=sys.stderr, flush=True)
        verdicts = targets(rows)
        if as_json:
            print(json.dumps({"embedder": embedder, "repeat": repeat, "rows": rows, "targets": verdicts},
                             ensure_ascii=False, indent=1), file=out)
        else:
            print(report(rows, embedder, repeat), file=out)
            for line in verdicts:
                print(line, file=out)
        return 0 if rows and all(r.get("build_ok") and "error" not in r for r in rows) \
            and not any("NOT met" in v for v in verdicts) else 1
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


def report(rows: list[dict], embedder: str, repeat: int) -> str:
    headers = ["docs", "backend", "chunks", "build s", "build peak MB", "disk MB", "open s", "p50 ms", "p95 ms",
               "scoped p50", "scoped p95", "recall@5", "query peak MB"]
    body = []
    for r in rows:
        if "error" in r:
            body.append([r["documents"], r["backend"], "-", r.get("build_s", "-"), r.get("build_peak_mb", "-"),
                         "FAILED: " + r["error"].splitlines()[-1][:60]] + ["-"] * 7)
            continue
        body.append([r["documents"], r["backend"], r["chunks"], r["build_s"], r["build_peak_mb"], r["disk_mb"],
                     r["open_s"], r["p50_ms"], r["p95_ms"], r["scoped_p50_ms"], r["scoped_p95_ms"], r["recall"],
                     r["query_child_peak_mb"]])
    head = (f"index scale · embedder {embedder} · 20 labelled questions × {repeat} · k=5 · "
            "p50/p95: whole corpus; scoped: the seed document only (as the QA pipeline asks)")
    return head + "\n" + table(headers, body)


def targets(rows: list[dict]) -> list[str]:
    """Query p95 at 100 documents (or the largest size) ≤ 2 × the one-document figure, per backend."""
    out = []
    for backend in sorted({r["backend"] for r in rows}):
        ok = {r["documents"]: r for r in rows if r["backend"] == backend and "error" not in r}
        if 1 not in ok or len(ok) < 2:
            continue
        one = ok[1]
        big = ok[100] if 100 in ok else ok[max(ok)]
        for key, name in (("p95_ms", "whole-corpus"), ("scoped_p95_ms", "scoped")):
            ratio = big[key] / one[key] if one[key] else float("inf")
            out.append(f"target ({backend}, {name}): p95 at {big['documents']} documents {big[key]:.1f} ms = "
                       f"{ratio:.2f} × the 1-document {one[key]:.1f} ms → {'met' if ratio <= 2 else 'NOT met'} (≤ 2×)")
    return out
