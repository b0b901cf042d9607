"""`python -m bench city`: a city's desk — hundreds of documents loaded — measured end to end.

    python -m bench city [--documents 300] [--real DIR ...] [--server] [--clients 32] [--seconds 20] [--keep DIR]

The corpus: every disclosure in the `--real` folders (read from their PDFs, as `corpus add` reads them,
attachments joined), the seed, and synthetic variants up to `--documents` — each a real document or the
seed under another department's name with its money scaled (bench.synthetic.add_variants), so the variants
keep their source's layout. Per backend (embedded Chroma; with `--server` also a `chroma run` server):

* the index build in a child (`python -m index build`): wall and CPU time, the child's peak memory, the size on
  disk (the server serves a copy of the embedded build's store, which its build checks and embeds nothing for);
* retrieval in a child (bench.scale.query_child): `search(k=5)` p50/p95 over the whole corpus and scoped to one
  document, recall@5 on the seed's labels;
* per question, warm, through the whole pipeline (`python -m qa bench` over eval/gold.jsonl): p50/p95, peak memory;
* the app under `--clients` concurrent clients on `POST /api/ask` (bench.load.run_level, transport json) for
  `--seconds`: requests, errors, p50/p95, and the app's resident memory (VmHWM, its peak) after.

Unscoped questions are answered from the seed (BUDGET_QA_DEFAULT_DOC), as a desk set up for one department would.
Targets (issue 25): per question warm p95 ≤ 150 ms; 32 clients p95 ≤ 1 s with 0 errors; resident memory ≤ 4 GB.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import config
from bench.common import AppServer, dir_size, run_measured, table
from bench.scale import ChromaServer
from bench.synthetic import SEED_ID, add_variants, write_corpus

TARGET_QUESTION_P95_MS = 150
TARGET_CLIENTS_P95_MS = 1000
TARGET_RSS_MB = 4096


def make_corpus(out: Path, documents: int, real: list[Path], seed: int = 0) -> dict:
    """The seed, the real disclosures of `real` and variants up to `documents`; returns counts by origin."""
    from corpus.__main__ import read_ahead, report_files
    from corpus.attachments import disclosure_groups
    from corpus.ingest import add_document
    from corpus.text import CorpusError

    write_corpus(out, 1, seed=seed)  # the seed alone
    added, refused = 1, 0
    # from the PDFs, as `corpus add` reads them: the folders' text exports keep no table layout
    groups = disclosure_groups(report_files(real, prefer=".pdf")) if real else []
    with read_ahead(groups) as reader:
        for paths in groups:
            try:
                add_document(paths, out, reader=reader)
                added += 1
            except CorpusError:
                refused += 1
    variants = add_variants(out, max(0, documents - added), seed=seed)
    return {"seed_and_real": added, "refused": refused, "variants": variants}


def qa_bench(env: dict, timeout: float) -> dict:
    """`python -m qa bench --rounds 1` in a child: warm per-question p50/p95 and its peak memory."""
    done = run_measured([sys.executable, "-m", "qa", "bench", "--rounds", "1"], env=env, timeout=timeout)
    found = re.search(r"p50 ([\d.]+) ms, p95 ([\d.]+) ms, max ([\d.]+) ms, peak memory (\d+) MB", done.stdout)
    if done.returncode != 0 or not found:
        return {"error": (done.stderr.strip() or done.stdout.strip())[-300:]}
    p50, p95, most, peak = found.groups()
    return {"p50_ms": float(p50), "p95_ms": float(p95), "max_ms": float(most), "peak_mb": int(peak)}


def app_load(env: dict, work: Path, clients: int, seconds: float) -> dict:
    """The app started on the corpus, `clients` closed-loop clients on /api/ask; its resident memory after."""
    from bench.load import run_level

    with AppServer(record=work / "record.sqlite3", log=work / "app.log", args=("--public",), env=env) as server:
        warm = server.wait(timeout=900)
        level = run_level(server.url, clients, seconds, transport="json")
        rss = resident_mb(server.proc.pid)
    return {"warm_s": warm, **level.to_json(), **rss}


def resident_mb(pid: int) -> dict:
    """VmRSS (now) and VmHWM (peak) of `pid`, in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name.lower() + "_mb"] = round(int(value.split()[0]) / 1024)
    return fields


def measure_backend(backend: str, corpus: Path, work: Path, clients: int, seconds: float, timeout: float) -> dict:
    data = work / f"data-{backend}"
    server = None
    if backend == "server":  # serves a copy of the embedded build's store: the vectors do not depend on the backend,
        # and `index build` against it checks every chunk (embedding none) before the server is measured
        shutil.copytree(work / "data-embedded" / "chroma", work / "chroma-server")
        server = ChromaServer(work / "chroma-server")
    host, port = ("127.0.0.1", server.port) if server else ("", 0)
    env = dict(os.environ, BUDGET_QA_CORPUS=str(corpus), BUDGET_QA_DATA=str(data),
               BUDGET_QA_MODEL_CACHE=str(config.MODEL_CACHE), BUDGET_QA_CHROMA_HOST=host,
               BUDGET_QA_CHROMA_PORT=str(port or config.CHROMA_PORT), BUDGET_QA_DEFAULT_DOC=SEED_ID,
               BUDGET_QA_FEEDBACK_DB=str(work / f"enquiries-{backend}.sqlite3"))
    row: dict = {"backend": backend, "load_before": load_average()}
    try:
        built = run_measured([sys.executable, "-m", "index", "build"], env=env, timeout=timeout)
        row.update(build_s=round(built.seconds, 1), build_cpu_s=round(built.cpu_seconds, 1),
                   build_peak_mb=round(built.peak_mb), build_ok=built.returncode == 0,
                   build_summary=built.stdout.strip()[-200:])
        if built.returncode != 0:
            row["error"] = (built.stderr.strip() or built.stdout.strip())[-500:]
            return row
        row["disk_mb"] = round(dir_size(data / "index", data / "chroma", server.path if server else data / "none")
                               / 2**20, 1)
        queried = run_measured([sys.executable, "-m", "bench", "_query", "--data", str(data), "--corpus", str(corpus),
                                "--host", host, "--port", str(port)], env=env, timeout=timeout)
        if queried.returncode == 0:
            row["search"] = json.loads(queried.stdout.strip().splitlines()[-1])
        else:
            row["error"] = queried.stderr.strip()[-500:]
        row["question"] = qa_bench(env, timeout)
        row["clients"] = app_load(env, work / f"app-{backend}", clients, seconds)
        row["load_after"] = load_average()
        return row
    finally:
        if server:
            server.stop()


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def run_city(documents: int, real: list[Path], server: bool = False, clients: int = 32, seconds: float = 20,
             keep: Path | None = None, timeout: float = 7200, as_json: bool = False, out=sys.stdout) -> int:
    work = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="budget-qa-city-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        corpus = work / "corpus"
        if corpus.exists():
            shutil.rmtree(corpus)
        started = time.perf_counter()
        origin = make_corpus(corpus, documents, real)
        origin["seconds"] = round(time.perf_counter() - started, 1)
        print(f"… corpus of {sum(origin[k] for k in ('seed_and_real', 'variants'))} documents: {origin}",
              file=sys.stderr, flush=True)
        rows = []
        for backend in ["embedded"] + (["server"] if server else []):
            (work / f"app-{backend}").mkdir(exist_ok=True)
            rows.append(measure_backend(backend, corpus, work, clients, seconds, timeout))
            print(f"… {backend}: {json.dumps(rows[-1], ensure_ascii=False)}", file=sys.stderr, flush=True)
        verdicts = targets(rows)
        if as_json:
            print(json.dumps({"corpus": origin, "model": config.EMBEDDING_MODEL, "rows": rows, "targets": verdicts},
                             ensure_ascii=False, indent=1), file=out)
        else:
            print(report(origin, rows), file=out)
            for line in verdicts:
                print(line, file=out)
        return 0 if rows and not any("error" in r for r in rows) and not any("NOT met" in v for v in verdicts) else 1
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


def report(origin: dict, rows: list[dict]) -> str:
    headers = ["backend", "chunks", "build s (CPU s)", "build peak MB", "disk MB", "search p50/p95 ms", "scoped p95 ms",
               "recall@5", "question p50/p95 ms", "clients", "requests", "errors", "clients p50/p95 ms", "app RSS MB",
               "load avg before → after"]
    body = []
    for r in rows:
        s, q, c = r.get("search", {}), r.get("question", {}), r.get("clients", {})
        build = f"{r.get('build_s', '-')} ({r.get('build_cpu_s', '-')})"
        body.append([r["backend"], s.get("chunks", "-"), build, r.get("build_peak_mb", "-"),
                     r.get("disk_mb", "-"), f"{s.get('p50_ms', '-')}/{s.get('p95_ms', '-')}", s.get("scoped_p95_ms", "-"),
                     s.get("recall", "-"), f"{q.get('p50_ms', '-')}/{q.get('p95_ms', '-')}", c.get("clients", "-"),
                     c.get("requests", "-"), c.get("errors", "-"), f"{c.get('p50_ms', '-')}/{c.get('p95_ms', '-')}",
                     f"{c.get('vmrss_mb', '-')} (peak {c.get('vmhwm_mb', '-')})",
                     f"{r.get('load_before', '-')} → {r.get('load_after', '-')}"])
    head = (f"a city's desk · {origin['seed_and_real']} real documents (seed included; {origin['refused']} refused) "
            f"+ {origin['variants']} variants · model {config.EMBEDDING_MODEL}")
    errors = [f"  {r['backend']}: {r['error'].splitlines()[-1][:200]}" for r in rows if "error" in r]
    return "\n".join([head, table(headers, body)] + errors)


def targets(rows: list[dict]) -> list[str]:
    out = []
    for r in rows:
        q, c = r.get("question", {}), r.get("clients", {})
        if "p95_ms" in q:
            ok = q["p95_ms"] <= TARGET_QUESTION_P95_MS
            out.append(f"target ({r['backend']}): per question warm p95 {q['p95_ms']:.0f} ms "
                       f"→ {'met' if ok else 'NOT met'} (≤ {TARGET_QUESTION_P95_MS} ms)")
        if c.get("p95_ms") is not None:
            ok = c["p95_ms"] <= TARGET_CLIENTS_P95_MS and c["errors"] == 0
            out.append(f"target ({r['backend']}): {c['clients']} clients p95 {c['p95_ms']:.0f} ms, {c['errors']} errors "
                       f"→ {'met' if ok else 'NOT met'} (≤ {TARGET_CLIENTS_P95_MS} ms, 0 errors)")
        peak = max(c.get("vmhwm_mb", 0), q.get("peak_mb", 0))
        if peak:
            out.append(f"target ({r['backend']}): resident memory peak {peak} MB "
                       f"→ {'met' if peak <= TARGET_RSS_MB else 'NOT met'} (≤ {TARGET_RSS_MB} MB)")
    return out
