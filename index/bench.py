"""`python -m index bench`: a benchmark, not a test. Builds the corpus into a temporary data folder
with the configured embedding model (embedded Chroma, so a configured server is never touched) and
prints a small table:

* model load, cold build (every chunk embedded), no-op rebuild in-process and as a fresh
  `python -m index build` process (the < 1 s target), an edit of one value (1 chunk re-embedded);
* warm query latency p50/p95 for hybrid, dense and lexical search (target: hybrid p50 <= 30 ms);
* recall@5 of the three methods on labelled example questions about the seed document;
* peak resident memory (resource.getrusage ru_maxrss) after loading the model, after the cold
  build and at the end (a child's ru_maxrss would include the pages it inherited at fork, so the
  `python -m index build` process is timed, not measured).

Usage::

    python -m index bench [--repeat 5]
"""
from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import config

SEED = "datong-gaj-2023-budget"

# Labelled questions about the seed: (question, matchers). A hit is relevant when it satisfies one
# matcher: every key must match its metadata ("key~" a substring of the value; "text~" of the text).
# Matchers, not chunk ids, so that a parser change that renumbers paragraphs keeps the labels valid.
LABELLED: list[tuple[str, list[dict]]] = [
    ("2023年公务接待费预算是多少？", [{"row_label": "公务接待费"}]),
    ("公务用车运行维护费安排了多少钱", [{"row_label": "公务用车运行维护费"}]),
    ("“三公”经费合计是多少", [{"table_title~": "三公", "is_total": True}, {"kind": "table", "table_title~": "三公"},
                         {"kind": "paragraph", "text~": "“三公”经费预算"}]),
    ("一般公共预算收入有多少", [{"row_label": "一般公共预算", "side": "收入"}, {"kind": "table", "table_title~": "收入总表"},
                         {"table_title~": "收入总表", "is_total": True}, {"kind": "paragraph", "text~": "一般公共预算拨款收入"}]),
    ("公安行政运行的基本支出是多少", [{"row_code": "2040201"}]),
    ("基本支出是什么意思", [{"term": "基本支出"}]),
    ("什么是财政专户管理资金", [{"term": "财政专户管理资金"}]),
    ("大同市公安局下辖哪些单位", [{"kind": "org"}, {"kind": "paragraph", "text~": "现辖"}]),
    ("公共安全视频监控全覆盖项目今年的资金是多少", [{"kind": "form", "project~": "视频监控"}, {"row_label~": "视频监控"}]),
    ("警察加班补贴项目的绩效指标有哪些", [{"kind": "form_indicators", "project~": "警察加班补贴"}]),
    ("公安局有多少辆车的编制", [{"kind": "paragraph", "text~": "车辆共有编制"}]),
    ("房屋建筑面积是多少", [{"kind": "paragraph", "text~": "房屋建筑面积"}]),
    ("政府采购预算总额是多少", [{"kind": "paragraph", "text~": "政府采购预算总额"}]),
    ("机关运行经费比上年减少了多少", [{"kind": "paragraph", "text~": "机关运行经费财政拨款预算"}]),
    ("住房公积金安排了多少", [{"row_label": "住房公积金"}]),
    ("国有资本经营预算有没有收支", [{"table_title~": "国有资本经营预算收支"}]),
    ("交通警察支队的机关运行经费", [{"row_label": "大同市公安局交通警察支队", "table_title~": "机关运行经费"}]),
    ("本部门的主要职责是什么", [{"kind": "paragraph", "section~": "职责"}]),
    ("项目支出占支出预算的比例", [{"kind": "paragraph", "text~": "项目支出38,482.65万元，占"}]),
    ("辅警人员工资保险经费是多少", [{"row_label~": "辅警人员经费(工资、保险等)"}, {"project~": "辅警人员经费(工资、保险等)"}]),
]

QUESTIONS_ONLY = ["2023年公务接待费是多少？", "住房保障支出多少", "单位资金是什么", "离退休人员的经费", "第一看守所的物业管理费"]


def is_relevant(hit, matchers: list[dict]) -> bool:
    """`hit` (anything with .text and .metadata, of the seed) satisfies one of `matchers`."""
    if hit.metadata.get("doc") != SEED:
        return False
    for matcher in matchers:
        ok = True
        for key, wanted in matcher.items():
            if key == "text~":
                ok = wanted in hit.text
            elif key.endswith("~"):
                ok = wanted in str(hit.metadata.get(key[:-1], ""))
            else:
                ok = hit.metadata.get(key) == wanted
            if not ok:
                break
        if ok:
            return True
    return False


def labelled_questions(retriever) -> list[tuple[str, list[dict]]]:
    """LABELLED when the seed is indexed, else nothing."""
    return LABELLED if SEED in retriever.doc_ids else []


def recall_at(retriever, method, k: int = 5) -> tuple[int, int]:
    labelled = labelled_questions(retriever)
    return sum(any(is_relevant(h, m) for h in method(q, k=k)) for q, m in labelled), len(labelled)


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    if not values:
        return float("nan")
    index = min(len(values) - 1, max(0, round(q * (len(values) - 1))))
    return values[index]


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def peak_mb(who=resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


def run_bench(repeat: int = 5) -> int:
    from index.build import build_index
    from index.search import Retriever
    from index.store import E5Embeddings

    rows: list[tuple[str, str]] = []
    work = Path(tempfile.mkdtemp(prefix="budget-qa-bench-"))
    try:
        corpus_dir = copy_corpus(config.CORPUS_DIR, work / "corpus")
        data_dir = work / "data"

        embeddings = E5Embeddings()
        started = time.perf_counter()
        _ = embeddings.model
        embeddings.embed_query("预热")
        rows.append(("model load (" + embeddings.name + ")", f"{time.perf_counter() - started:.2f} s"))
        memory = {"model": peak_mb()}

        cpu = cpu_seconds()
        cold = build_index(corpus_dir=corpus_dir, data_dir=data_dir, embeddings=embeddings, host="", report=sys.stderr)
        cpu = cpu_seconds() - cpu  # what the build cost whatever else the machine runs
        rows.append((f"cold build ({cold.chunks} chunks, {cold.embedded} embedded)",
                     f"{cold.seconds:.2f} s (CPU {cpu:.1f} s, load average {load_average()})"))
        rows.append(("  embedding throughput", f"{cold.embedded / cold.seconds:.1f} passages/s "
                                               f"({cold.embedded / cpu:.1f} per CPU second)"))
        memory["build"] = peak_mb()

        noop = build_index(corpus_dir=corpus_dir, data_dir=data_dir, embeddings=embeddings, host="")
        rows.append((f"no-op rebuild, in process ({noop.embedded} embedded)", f"{noop.seconds * 1000:.0f} ms"))
        env = dict(os.environ, BUDGET_QA_DATA=str(data_dir), BUDGET_QA_CORPUS=str(corpus_dir),
                   BUDGET_QA_CHROMA_HOST="")
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "index", "build"], cwd=config.ROOT, env=env,
                              capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        state = "ok" if done.returncode == 0 and "up to date" in done.stdout else f"FAILED: {done.stderr.strip()[-200:]}"
        rows.append(("no-op rebuild, `python -m index build` process", f"{elapsed * 1000:.0f} ms ({state})"))

        edited = edit_one_value(corpus_dir)
        if edited:
            one = build_index(corpus_dir=corpus_dir, data_dir=data_dir, embeddings=embeddings, host="")
            rows.append((f"rebuild after editing one value ({one.embedded} embedded)", f"{one.seconds:.2f} s"))

        started = time.perf_counter()
        retriever = Retriever.open(data_dir=data_dir, corpus_dir=corpus_dir, embeddings=embeddings, host="")
        rows.append(("open retriever (model already loaded)", f"{(time.perf_counter() - started) * 1000:.0f} ms"))
        try:
            questions = [q for q, _ in LABELLED] + QUESTIONS_ONLY
            for question in questions[:3]:  # warm up
                retriever.search(question)
            methods = {"hybrid": retriever.search, "dense": retriever.search_dense,
                       "lexical": retriever.search_lexical}
            times: dict[str, list[float]] = {name: [] for name in methods}
            for _ in range(repeat):  # interleaved, so a burst of load elsewhere hits all three alike
                for question in questions:
                    for name, method in methods.items():
                        started = time.perf_counter()
                        method(question, k=5)
                        times[name].append((time.perf_counter() - started) * 1000)
            for name, values in times.items():
                rows.append((f"{name} search latency p50 / p95 ({len(values)} queries)",
                             f"{percentile(values, 0.5):.1f} / {percentile(values, 0.95):.1f} ms"))
            for name, method in methods.items():
                found, total = recall_at(retriever, method)
                if total:
                    rows.append((f"recall@5 {name} ({total} labelled questions)", f"{found}/{total}"))
        finally:
            retriever.close()
        rows.append(("peak memory: after model load / cold build / queries",
                     f"{memory['model']:.0f} / {memory['build']:.0f} / {peak_mb():.0f} MB"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    width = max(len(name) for name, _ in rows)
    print(f"{'measure'.ljust(width)}  value")
    print(f"{'-' * width}  {'-' * 24}")
    for name, value in rows:
        print(f"{name.ljust(width)}  {value}")
    return 0


def copy_corpus(source: Path, target: Path) -> Path:
    """The manifest and the documents it lists (writable copies), nothing else."""
    from corpus.registry import load_manifest

    target.mkdir(parents=True)
    shutil.copyfile(source / "manifest.json", target / "manifest.json")
    for entry in load_manifest(source):
        (target / entry.source).parent.mkdir(parents=True, exist_ok=True)
        if (source / entry.source).exists():
            shutil.copyfile(source / entry.source, target / entry.source)
            (target / entry.source).chmod(0o644)
    return target


def edit_one_value(corpus_dir: Path) -> bool:
    """Change one amount of the seed's 三公 table in place (same line count)."""
    manifest = json.loads((corpus_dir / "manifest.json").read_text(encoding="utf-8"))
    entry = next((d for d in manifest.get("documents", []) if d["id"] == SEED), None)
    if not entry:
        return False
    path = corpus_dir / entry["source"]
    lines = path.read_text(encoding="utf-8").split("\n")
    for i, line in enumerate(lines):
        if line.startswith("公务接待费\t") and "25.40" in line:
            lines[i] = line.replace("25.40", "26.40")
            path.write_text("\n".join(lines), encoding="utf-8")
            return True
    return False
