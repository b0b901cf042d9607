"""The enquiry desk's record in SQLite (WAL mode): every answer given, and the feedback on answers
(👍/👎, reason, comment) with the question, answer, citations JSON, mode and time. Staff list and export it
as CSV.

    >>> import tempfile, pathlib
    >>> store = FeedbackStore(pathlib.Path(tempfile.mkdtemp()) / "desk.sqlite3")
    >>> store.journal_mode()
    'wal'
"""
from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import threading
import time
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import config

RATINGS = {"up": "👍", "down": "👎"}
REASONS = ("答案错误", "来源错误", "其他")
MAX_TEXT = 4000  # characters kept of a question, answer or comment

SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    id INTEGER PRIMARY KEY,
    time TEXT NOT NULL,
    session TEXT NOT NULL DEFAULT '',
    channel TEXT NOT NULL DEFAULT 'chat',   -- chat | api | chart
    mode TEXT NOT NULL DEFAULT '',
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    refused INTEGER NOT NULL DEFAULT 0,
    intent TEXT NOT NULL DEFAULT '',
    doc TEXT NOT NULL DEFAULT '',
    figures TEXT NOT NULL DEFAULT '[]',
    citations TEXT NOT NULL DEFAULT '[]',
    checks TEXT NOT NULL DEFAULT '[]',
    latency_ms REAL NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY,
    answer_id INTEGER REFERENCES answers(id),
    time TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    reason TEXT NOT NULL DEFAULT '',
    comment TEXT NOT NULL DEFAULT '',
    question TEXT NOT NULL DEFAULT '',
    answer TEXT NOT NULL DEFAULT '',
    citations TEXT NOT NULL DEFAULT '[]',
    mode TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS feedback_answer ON feedback(answer_id);
"""

FEEDBACK_COLUMNS = ("id", "time", "rating", "reason", "comment", "question", "answer", "citations", "mode", "answer_id")
ANSWER_COLUMNS = ("id", "time", "channel", "mode", "question", "answer", "refused", "intent", "doc", "citations",
                  "checks", "latency_ms", "session")


def default_path() -> Path:
    return Path(getattr(config, "FEEDBACK_DB", config.DATA_DIR / "enquiries.sqlite3"))


def now() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")


_SURROGATES = re.compile("[\ud800-\udfff]")


def utf8_text(value) -> str:
    """`value` as text that encodes as UTF-8 (for SQLite, and for the JSON sent back): a lone surrogate (an API
    client can send "\\ud800" in valid JSON; a terminal can pass undecodable bytes) becomes U+FFFD instead of
    failing the whole row or response."""
    return _SURROGATES.sub("\ufffd", "" if value is None else str(value))


def clip(text, limit: int = MAX_TEXT) -> str:
    return utf8_text(text)[:limit]


def to_json(value) -> str:
    return utf8_text(json.dumps(value if value is not None else [], ensure_ascii=False, default=str))


def csv_safe(value) -> str:
    """A cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def set_wal(db: sqlite3.Connection, attempts: int = 100) -> None:
    """Switch to WAL. Changing the journal mode does not wait on the busy timeout: while another writer holds the
    file (or recovers it after a kill -9) it fails at once with 'database is locked', so it is tried again."""
    for attempt in range(attempts):
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.05)


class FeedbackStore:
    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path else default_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        with closing(self._connect()) as db:
            set_wal(db)
            db.executescript(SCHEMA)
            db.commit()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA busy_timeout=10000")
        db.execute("PRAGMA foreign_keys=ON")
        return db

    def journal_mode(self) -> str:
        with closing(self._connect()) as db:
            return db.execute("PRAGMA journal_mode").fetchone()[0]

    # ---------------------------------------------------------------- writing
    def log_answer(self, answer: dict, mode: str = "", channel: str = "chat", session: str = "") -> int:
        """Record one answer given (`answer` is the QA JSON contract, or the same shape for a chart)."""
        with self._lock, closing(self._connect()) as db:
            cur = db.execute(
                "INSERT INTO answers (time, session, channel, mode, question, answer, refused, intent, doc, figures,"
                " citations, checks, latency_ms) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (now(), clip(session, 100), clip(channel, 20), clip(mode, 20), clip(answer.get("question")),
                 clip(answer.get("answer")), int(bool(answer.get("refused"))), clip(answer.get("intent"), 40),
                 clip(answer.get("doc", ""), 200), to_json(answer.get("figures", [])),
                 to_json(answer.get("citations", [])), to_json(answer.get("checks", [])),
                 float(answer.get("latency_ms") or 0)))
            db.commit()
            return int(cur.lastrowid)

    def add_feedback(self, answer_id: int | None, rating: str, reason: str = "", comment: str = "") -> int:
        """Feedback on a logged answer; the answer's question, text, citations and mode are copied with it."""
        if rating not in RATINGS:
            raise ValueError(f"rating must be one of {', '.join(RATINGS)}")
        if reason and reason not in REASONS:
            raise ValueError(f"reason must be one of {', '.join(REASONS)}")
        with self._lock, closing(self._connect()) as db:
            row = db.execute("SELECT question, answer, citations, mode FROM answers WHERE id = ?",
                             (answer_id,)).fetchone() if answer_id is not None else None
            if answer_id is not None and row is None:
                raise ValueError(f"no answer with id {answer_id}")
            cur = db.execute(
                "INSERT INTO feedback (answer_id, time, rating, reason, comment, question, answer, citations, mode)"
                " VALUES (?,?,?,?,?,?,?,?,?)",
                (answer_id, now(), rating, reason, clip(comment, 2000), row["question"] if row else "",
                 row["answer"] if row else "", row["citations"] if row else "[]", row["mode"] if row else ""))
            db.commit()
            return int(cur.lastrowid)

    def update_feedback(self, feedback_id: int, rating: str | None = None, reason: str | None = None,
                        comment: str | None = None) -> None:
        """Change a feedback row (the 👍/👎 click first, then the reason and comment from the form)."""
        if rating is not None and rating not in RATINGS:
            raise ValueError(f"rating must be one of {', '.join(RATINGS)}")
        if reason and reason not in REASONS:
            raise ValueError(f"reason must be one of {', '.join(REASONS)}")
        fields = {"rating": rating, "reason": reason, "comment": None if comment is None else clip(comment, 2000)}
        sets = {k: v for k, v in fields.items() if v is not None}
        if not sets:
            return
        with self._lock, closing(self._connect()) as db:
            cur = db.execute(f"UPDATE feedback SET {', '.join(k + ' = ?' for k in sets)}, time = ? WHERE id = ?",
                             (*sets.values(), now(), int(feedback_id)))
            if cur.rowcount == 0:
                raise ValueError(f"no feedback with id {feedback_id}")
            db.commit()

    # ---------------------------------------------------------------- reading
    def list_feedback(self, limit: int = 200, rating: str | None = None) -> list[dict]:
        sql = f"SELECT {', '.join(FEEDBACK_COLUMNS)} FROM feedback"
        args: tuple = ()
        if rating:
            sql, args = sql + " WHERE rating = ?", (rating,)
        with closing(self._connect()) as db:
            return [dict(r) for r in db.execute(sql + " ORDER BY id DESC LIMIT ?", args + (int(limit),))]

    def list_answers(self, limit: int = 200) -> list[dict]:
        with closing(self._connect()) as db:
            return [dict(r) for r in db.execute(f"SELECT {', '.join(ANSWER_COLUMNS)} FROM answers ORDER BY id DESC LIMIT ?",
                                                (int(limit),))]

    def counts(self) -> dict:
        with closing(self._connect()) as db:
            answers = db.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
            up = db.execute("SELECT COUNT(*) FROM feedback WHERE rating='up'").fetchone()[0]
            down = db.execute("SELECT COUNT(*) FROM feedback WHERE rating='down'").fetchone()[0]
        return {"answers": answers, "up": up, "down": down}

    def to_csv(self, kind: str = "feedback") -> str:
        """All feedback (or all answers) as CSV text, oldest first; cells are formula-safe."""
        columns = FEEDBACK_COLUMNS if kind == "feedback" else ANSWER_COLUMNS
        table = "feedback" if kind == "feedback" else "answers"
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(columns)
        with closing(self._connect()) as db:
            for row in db.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY id"):
                writer.writerow([csv_safe(row[c]) for c in columns])
        return out.getvalue()

    def export_csv(self, folder: str | Path, kind: str = "feedback") -> Path:
        """Write the CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese) into `folder`."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{kind}-{datetime.now().strftime('%Y%m%d-%H%M%S')}.csv"
        path.write_text(self.to_csv(kind), encoding="utf-8-sig")
        return path
