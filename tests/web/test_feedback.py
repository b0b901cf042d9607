"""The enquiry record: answers logged, feedback inserted/updated/listed, CSV export, WAL mode."""
import csv
import io
import sqlite3
import threading

import pytest

from web.feedback import FeedbackStore

ANSWER = {"question": "交警支队的机关运行经费是多少？", "answer": "3,149.06万元", "refused": False, "intent": "lookup",
          "figures": [{"value": "3149.06", "unit": "万元", "label": "x"}],
          "citations": [{"doc": "d", "table": "t", "row": "r", "column": "c", "line": 434, "text": "v"}],
          "checks": [], "latency_ms": 12.5}


def test_wal_mode(store):
    assert store.journal_mode() == "wal"
    with sqlite3.connect(store.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_every_answer_is_logged_and_feedback_copies_it(store):
    answer_id = store.log_answer(ANSWER, mode="公众咨询", channel="chat", session="s1")
    feedback_id = store.add_feedback(answer_id, "down", "来源错误", "第434行不对")
    [row] = store.list_feedback()
    assert row["id"] == feedback_id and row["answer_id"] == answer_id
    assert (row["rating"], row["reason"], row["comment"], row["mode"]) == ("down", "来源错误", "第434行不对", "公众咨询")
    assert row["question"] == ANSWER["question"] and '"line": 434' in row["citations"] and row["time"]
    [logged] = store.list_answers()
    assert logged["channel"] == "chat" and logged["question"] == ANSWER["question"] and logged["latency_ms"] == 12.5
    assert store.counts() == {"answers": 1, "up": 0, "down": 1}


def test_update_and_filter(store):
    a = store.log_answer(ANSWER)
    f = store.add_feedback(a, "up")
    store.update_feedback(f, rating="down", reason="答案错误", comment="应为 3,149.06")
    assert store.list_feedback(rating="up") == []
    [row] = store.list_feedback(rating="down")
    assert row["reason"] == "答案错误" and row["comment"] == "应为 3,149.06"


def test_invalid_feedback_is_refused(store):
    a = store.log_answer(ANSWER)
    with pytest.raises(ValueError):
        store.add_feedback(a, "meh")
    with pytest.raises(ValueError):
        store.add_feedback(a, "up", "不喜欢")
    with pytest.raises(ValueError):
        store.add_feedback(a + 100, "up")
    with pytest.raises(ValueError):
        store.update_feedback(999, rating="up")


def test_csv_export_is_complete_excel_friendly_and_formula_safe(store, tmp_path):
    a = store.log_answer(dict(ANSWER, question="=HYPERLINK(\"http://x\")"), mode="工作人员")
    store.add_feedback(a, "down", "其他", "+1, \"引号\"\n换行")
    path = store.export_csv(tmp_path / "out", "feedback")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets read the Chinese
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 1
    assert rows[0]["question"].startswith("'=") and rows[0]["comment"] == "'+1, \"引号\"\n换行"
    assert rows[0]["mode"] == "工作人员" and rows[0]["rating"] == "down"
    answers = list(csv.DictReader(io.StringIO(store.to_csv("answers"))))
    assert len(answers) == 1 and answers[0]["channel"] == "chat"


def test_concurrent_writers(tmp_path):
    path = tmp_path / "record.sqlite3"
    stores = [FeedbackStore(path) for _ in range(4)]

    def write(s):
        for _ in range(25):
            s.add_feedback(s.log_answer(ANSWER), "up")

    threads = [threading.Thread(target=write, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert FeedbackStore(path).counts() == {"answers": 100, "up": 100, "down": 0}
