"""kill -9 never loses an acknowledged row of the enquiry record (SQLite, WAL): writer processes print the id
of every answer and feedback row once the store call has returned, are killed mid-stream, and the reopened
store must hold every printed id (and pass SQLite's integrity check)."""
from __future__ import annotations

import sqlite3
import subprocess
import textwrap

import pytest

from tests.reliability.conftest import PY, ROOT, child_env, kill9
from web.feedback import FeedbackStore

WRITER = textwrap.dedent("""
    import sys
    from web.feedback import FeedbackStore

    store = FeedbackStore(sys.argv[1])
    tag = sys.argv[2]
    for i in range(100000):
        data = {"question": f"{tag} 问题 {i}", "answer": "回答" * 50, "refused": i % 5 == 0, "intent": "lookup",
                "figures": [{"value": "25.40", "unit": "万元", "label": "公务接待费"}],
                "citations": [{"doc": "d", "table": "t", "row": "r", "column": "c", "line": i, "text": "x" * 80}],
                "checks": [], "latency_ms": 1.5}
        answer_id = store.log_answer(data, mode="api", channel="api", session=tag)
        print(f"A {answer_id} {tag} {i}", flush=True)
        if i % 2:
            feedback_id = store.add_feedback(answer_id, "down", "答案错误", f"{tag} 说明 {i}")
            print(f"F {feedback_id} {tag} {i}", flush=True)
            if i % 3 == 1:
                store.update_feedback(feedback_id, rating="up", comment=f"{tag} 改 {i}")
                print(f"U {feedback_id} {tag} {i}", flush=True)
""")


def start_writer(tmp_path, db, tag: str) -> subprocess.Popen:
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    return subprocess.Popen([PY, str(script), str(db), tag], cwd=ROOT, env=child_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def read_until(proc: subprocess.Popen, acknowledged: list[tuple], lines: int) -> None:
    for _ in range(lines):
        line = proc.stdout.readline()
        if not line:
            raise AssertionError(f"writer ended early: {proc.stderr.read()[-2000:]}")
        kind, row_id, tag, i = line.split()
        acknowledged.append((kind, int(row_id), tag, int(i)))


def check_all_there(db, acknowledged: list[tuple]) -> None:
    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        answers = {r[0]: r[1] for r in raw.execute("SELECT id, question FROM answers")}
        feedback = {r[0]: (r[1], r[2]) for r in raw.execute("SELECT id, rating, comment FROM feedback")}
    for kind, row_id, tag, i in acknowledged:
        if kind == "A":
            assert answers.get(row_id) == f"{tag} 问题 {i}", f"acknowledged answer {row_id} lost"
        elif kind == "F":
            assert row_id in feedback, f"acknowledged feedback {row_id} lost"
        else:  # the update was acknowledged: its new values are what is stored
            assert feedback[row_id] == ("up", f"{tag} 改 {i}"), f"acknowledged update of feedback {row_id} lost"


@pytest.mark.parametrize("stop_after", [1, 37, 250])
def test_kill_9_mid_stream_loses_no_acknowledged_row(tmp_path, stop_after):
    db = tmp_path / "record.sqlite3"
    acknowledged: list[tuple] = []
    proc = start_writer(tmp_path, db, "w1")
    try:
        read_until(proc, acknowledged, stop_after)
    finally:
        kill9(proc)  # it is writing the next rows at this moment
    assert proc.returncode == -9
    check_all_there(db, acknowledged)
    # the reopened store works: the schema is there and new rows get new ids
    store = FeedbackStore(db)
    assert store.journal_mode() == "wal"
    new_id = store.log_answer({"question": "after", "answer": "ok"})
    assert new_id > max(r[1] for r in acknowledged if r[0] == "A")


def test_repeated_kills_and_concurrent_writers(tmp_path):
    """Two writers on one record, both killed, five times over: every acknowledged row of every round is
    still there at the end, and the file is intact."""
    db = tmp_path / "record.sqlite3"
    acknowledged: list[tuple] = []
    for round_number, lines in enumerate((5, 60, 13, 120, 1)):
        procs = [start_writer(tmp_path, db, f"r{round_number}w{n}") for n in (1, 2)]
        try:
            for proc in procs:
                read_until(proc, acknowledged, lines)
        finally:
            for proc in procs:
                kill9(proc)
        check_all_there(db, acknowledged)
    assert len({r[1] for r in acknowledged if r[0] == "A"}) == len([r for r in acknowledged if r[0] == "A"])


READER = textwrap.dedent("""
    import sqlite3, sys, time
    db = sqlite3.connect(sys.argv[1], isolation_level=None)
    db.execute("BEGIN")
    db.execute("SELECT COUNT(*) FROM answers").fetchone()  # a read transaction: no checkpoint can pass it
    print("reading", flush=True)
    time.sleep(600)
""")


def test_wal_contents_survive_without_a_checkpoint(tmp_path):
    """With a reader holding the database open (as the staff page does), committed rows stay in the -wal file;
    both processes killed, the rows are read back from it."""
    db = tmp_path / "record.sqlite3"
    FeedbackStore(db)
    reader_script = tmp_path / "reader.py"
    reader_script.write_text(READER, encoding="utf-8")
    reader = subprocess.Popen([PY, str(reader_script), str(db)], cwd=ROOT, env=child_env(), stdout=subprocess.PIPE,
                              text=True)
    acknowledged: list[tuple] = []
    proc = None
    try:
        assert reader.stdout.readline().strip() == "reading"
        proc = start_writer(tmp_path, db, "w")
        read_until(proc, acknowledged, 40)
        wal = db.with_name(db.name + "-wal")
        assert wal.exists() and wal.stat().st_size > 0  # the rows are in the WAL, not yet in the database file
    finally:
        for p in (proc, reader):
            if p is not None:
                kill9(p)
    assert db.with_name(db.name + "-wal").stat().st_size > 0
    check_all_there(db, acknowledged)
