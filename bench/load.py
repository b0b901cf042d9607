"""`python -m bench load`: the web app's named `/ask` endpoint under concurrent clients.

    python -m bench load [--clients 1,8,32] [--seconds 20] [--url URL] [--transport http|json|client] [--think 0]

Without `--url` it starts `python app.py` itself on 127.0.0.1 and a free port (public mode, a temporary
enquiry record), waits until the model is warm, and stops it by its pid afterwards. Each client is a
thread in a closed loop (the next question as soon as the answer arrives, after a pause of `--think` seconds
on average, drawn from an exponential distribution, also before its first question) asking
a fixed rotation of questions for `--seconds`; every level starts with a short warm-up that is not
counted.

Transports, both through Gradio's queue (as every API caller goes):

* `http` (default): the documented plain-HTTP route, `POST /gradio_api/call/ask {"data": [question]}` →
  `{"event_id"}`, then `GET /gradio_api/call/ask/<event_id>` streams server-sent events until
  `event: complete` (or `event: error`). Light on the client side, which matters when the load generator
  shares the server's CPU.
* `client`: gradio_client's `Client(url).predict(question, api_name="/ask")` (one Client per thread; it
  uses `/gradio_api/queue/join` and the `/gradio_api/queue/data` stream).

The load generator shares the machine with the app when both run here: the `client CPU` column is the
cores it used itself while measuring.

A request counts as an error when the HTTP status is not 200, the stream ends with `event: error` or
without a result, the result is not `[markdown, {"answer": …}]`, or it raises (including the per-request
timeout). Reported per level: requests completed, errors, throughput (completed answers per second),
latency p50/p95/p99/max (ms, end to end). With a self-started app it also checks that the enquiry record
holds one answer row per successful request (none lost under load).

Targets (issue 8): no errors at 32 clients, p95 under 1 s.
"""
from __future__ import annotations

import json
import math
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import AppServer, percentile, table

QUESTIONS = [
    "交警支队的机关运行经费是多少？", "2023年大同市公安局一般公共预算收入是多少？", "基本支出占比多少？",
    "所有警察加班补贴加起来多少？", "人员经费比公用经费多多少？", "三公经费比上年减少多少？",
    "哪个单位的机关运行经费最多？", "2023年有多少个项目实行了绩效目标管理？", "三公经费包括哪几项？",
    "森林公安分局办公费等基础性项目的年度资金总额是多少元", "2023年政府采购预算总额是多少？", "什么是机关运行经费？",
    "大同市公安局下辖哪些区分局？", "因公出国（境）费安排了多少？", "2024年公安局预算安排了多少",
    "公务接待费是多少", "基本工资一共多少", "部门预算比去年增长百分之几", "住房公积金安排了多少", "项目支出指的是什么",
]
WARMUP_SECONDS = 2.0
REQUEST_TIMEOUT = 60.0


@dataclass
class Level:
    clients: int
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)  # ms, successful requests
    errors: list[str] = field(default_factory=list)
    acknowledged: int = 0  # successful answers, warm-up included (each must be in the enquiry record)
    client_cpu: float = 0.0  # CPU cores the load generator itself used while measuring (it shares the machine)

    @property
    def completed(self) -> int:
        return len(self.latencies)

    def row(self) -> list:
        lat = self.latencies

        def fmt(value: float) -> str:
            return "-" if math.isnan(value) else f"{value:.0f}"

        return [self.clients, self.completed + len(self.errors), len(self.errors),
                f"{self.completed / self.seconds:.1f}" if self.seconds else "-",
                fmt(percentile(lat, 0.50)), fmt(percentile(lat, 0.95)), fmt(percentile(lat, 0.99)),
                fmt(max(lat) if lat else float("nan")), f"{self.client_cpu:.2f}"]

    def to_json(self) -> dict:
        lat = self.latencies
        return {"clients": self.clients, "seconds": round(self.seconds, 2), "requests": self.completed + len(self.errors),
                "errors": len(self.errors), "throughput_rps": round(self.completed / self.seconds, 2) if self.seconds else None,
                "p50_ms": round(percentile(lat, 0.5), 1) if lat else None,
                "p95_ms": round(percentile(lat, 0.95), 1) if lat else None,
                "p99_ms": round(percentile(lat, 0.99), 1) if lat else None,
                "max_ms": round(max(lat), 1) if lat else None, "client_cpu_cores": round(self.client_cpu, 2),
                "acknowledged": self.acknowledged, "error_samples": sorted(set(self.errors))[:5]}


# ------------------------------------------------------------------------------ callers


class HttpCaller:
    """One client of the plain-HTTP queue route (`/gradio_api/call/ask`)."""

    def __init__(self, url: str):
        import httpx

        self.base = url.rstrip("/")
        self.http = httpx.Client(timeout=REQUEST_TIMEOUT)

    def ask(self, question: str) -> tuple[str, dict]:
        posted = self.http.post(f"{self.base}/gradio_api/call/ask", json={"data": [question]})
        if posted.status_code != 200:
            raise RuntimeError(f"POST /gradio_api/call/ask: HTTP {posted.status_code} {posted.text[:120]}")
        event_id = posted.json()["event_id"]
        event, data = "", None
        with self.http.stream("GET", f"{self.base}/gradio_api/call/ask/{event_id}") as stream:
            if stream.status_code != 200:
                raise RuntimeError(f"GET /gradio_api/call/ask/<id>: HTTP {stream.status_code}")
            for line in stream.iter_lines():
                if line.startswith("event:"):
                    event = line[6:].strip()
                elif line.startswith("data:") and event in ("complete", "error"):
                    data = line[5:].strip()
                    break
        if event != "complete":
            raise RuntimeError(f"event {event or 'none'}: {str(data)[:120]}")
        result = json.loads(data)
        return result[0], result[1]

    def close(self) -> None:
        self.http.close()


class JsonCaller:
    """One client of the plain JSON route (`POST /api/ask {"question"}` → the QA JSON contract)."""

    def __init__(self, url: str):
        import httpx

        self.base = url.rstrip("/")
        self.http = httpx.Client(timeout=REQUEST_TIMEOUT)

    def ask(self, question: str) -> tuple[str, dict]:
        posted = self.http.post(f"{self.base}/api/ask", json={"question": question})
        if posted.status_code != 200:
            raise RuntimeError(f"POST /api/ask: HTTP {posted.status_code} {posted.text[:120]}")
        data = posted.json()
        return str(data.get("answer", "")), data

    def close(self) -> None:
        self.http.close()


class GradioCaller:
    """One gradio_client.Client (queue/join + queue/data)."""

    def __init__(self, url: str):
        from gradio_client import Client

        self.client = Client(url, verbose=False)

    def ask(self, question: str) -> tuple[str, dict]:
        markdown, data = self.client.predict(question, api_name="/ask")
        return markdown, data

    def close(self) -> None:
        try:
            self.client.close()
        except Exception:  # noqa: BLE001 - best effort
            pass


CALLERS = {"http": HttpCaller, "json": JsonCaller, "client": GradioCaller}


def check_result(result) -> None:
    markdown, data = result
    if not isinstance(markdown, str) or not isinstance(data, dict) or "answer" not in data:
        raise RuntimeError(f"unexpected result shape: {str(result)[:120]}")


# ------------------------------------------------------------------------------- driving


def run_level(url: str, clients: int, seconds: float, transport: str = "http", think: float = 0.0,
              questions: list[str] = QUESTIONS, warmup: float = WARMUP_SECONDS) -> Level:
    """`clients` threads asking in a closed loop for `seconds` (after `warmup` seconds not counted)."""
    level = Level(clients)
    lock = threading.Lock()
    ready = threading.Barrier(clients + 1)
    state = {"measure_from": float("inf"), "stop_at": float("inf"), "last_end": 0.0}

    def pause(rng: random.Random) -> None:
        if think:  # exponential: clients that read for `think` seconds on average, not in lockstep
            time.sleep(rng.expovariate(1 / think))

    def worker(number: int) -> None:
        try:
            caller = CALLERS[transport](url)
        except Exception as exc:  # noqa: BLE001 - a client that cannot even connect is an error
            with lock:
                level.errors.append(f"connect: {type(exc).__name__}: {exc}"[:200])
            ready.wait()
            return
        ready.wait()
        i = number
        rng = random.Random(number)
        pause(rng)  # a staggered start (within the warm-up when think < warm-up)
        try:
            while True:
                started = time.perf_counter()
                if started >= state["stop_at"]:
                    return
                question = questions[i % len(questions)]
                i += 1
                try:
                    check_result(caller.ask(question))
                    error = ""
                except Exception as exc:  # noqa: BLE001 - counted, with its message
                    error = f"{type(exc).__name__}: {exc}"[:200]
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    level.acknowledged += not error
                    if started >= state["measure_from"]:
                        state["last_end"] = max(state["last_end"], time.perf_counter())
                        if error:
                            level.errors.append(error)
                        else:
                            level.latencies.append(elapsed)
                if time.perf_counter() < state["stop_at"]:
                    pause(rng)
        finally:
            caller.close()

    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    ready.wait()
    now = time.perf_counter()
    state["measure_from"] = now + warmup
    state["stop_at"] = now + warmup + seconds
    time.sleep(warmup)
    cpu_from = cpu_seconds()
    for thread in threads:
        thread.join(timeout=seconds + REQUEST_TIMEOUT + 30)
    # requests started before the deadline finish after it: throughput over the time they took (not the
    # clients' last pauses)
    level.seconds = max(seconds, state["last_end"] - state["measure_from"])
    level.client_cpu = (cpu_seconds() - cpu_from) / level.seconds
    return level


def cpu_seconds() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def record_count(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT COUNT(*) FROM answers WHERE channel = 'api'").fetchone()[0]


def run_load(clients: list[int], seconds: float, url: str | None = None, transport: str = "http", think: float = 0.0,
             as_json: bool = False, out=sys.stdout) -> int:
    work = Path(tempfile.mkdtemp(prefix="budget-qa-load-"))
    server = None
    notes = []
    try:
        if url is None:
            server = AppServer(record=work / "record.sqlite3", log=work / "app.log", args=("--public",),
                               env=dict(os.environ))
            warm = server.wait()
            url = server.url
            notes.append(f"app started by the benchmark on {url} (public mode, a temporary enquiry record), "
                         f"warm in {warm:.1f} s")
        levels = []
        for n in clients:
            before = record_count(server.record) if server else 0
            level = run_level(url, n, seconds, transport, think)
            levels.append(level)
            if server:  # every answer delivered (warm-up included) must be in the enquiry record
                logged = record_count(server.record) - before
                state = "all recorded" if logged >= level.acknowledged else "SOME MISSING FROM THE RECORD"
                notes.append(f"{n} clients: {level.acknowledged} answers delivered, {logged} rows recorded ({state})")
                if logged < level.acknowledged:
                    level.errors.append(f"record: {level.acknowledged - logged} delivered answers not recorded")
            print(f"… {n} clients done: {level.completed} answers, {len(level.errors)} errors", file=sys.stderr, flush=True)
        if as_json:
            print(json.dumps({"url": url, "transport": transport, "think_s": think, "seconds": seconds,
                              "levels": [lv.to_json() for lv in levels], "notes": notes}, ensure_ascii=False,
                             indent=1), file=out)
        else:
            print(f"/ask under load: {url} · transport {transport} · {seconds:g} s per level · think {think:g} s · "
                  f"{len(QUESTIONS)} questions in rotation", file=out)
            print(table(["clients", "requests", "errors", "answers/s", "p50 ms", "p95 ms", "p99 ms", "max ms",
                         "client CPU"],
                        [lv.row() for lv in levels]), file=out)
            for level in levels:
                for sample in sorted(set(level.errors))[:3]:
                    print(f"  error at {level.clients} clients: {sample}", file=out)
            for note in notes:
                print(f"  note: {note}", file=out)
            worst = levels[-1] if levels else None
            if worst is not None:
                p95 = percentile(worst.latencies, 0.95)
                verdict = "met" if not worst.errors and p95 < 1000 else "NOT met"
                print(f"target at {worst.clients} clients (no errors, p95 < 1 s): {verdict} "
                      f"({len(worst.errors)} errors, p95 {p95:.0f} ms)", file=out)
        return 0 if all(not lv.errors for lv in levels) else 1
    except Exception:
        if server:
            print(f"app log {server.log}:\n{server.log.read_text(errors='replace')[-2000:]}", file=sys.stderr)
        raise
    finally:
        if server:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)
