"""`qa ask --json -` answers every line, always: a question whose answering fails is that line's refusal and the
batch goes on (issue 22)."""
import io
import json
import subprocess
import sys

from qa import executor
from qa.__main__ import main
from qa.routes import Route

FAILING = "触发故障的问题"


def test_a_thousand_lines_with_one_failing_route_give_a_thousand_json_lines(monkeypatch, capsys):
    def fails_on_marker(asked):
        if FAILING in asked.query.question:
            raise ZeroDivisionError("the whole is zero")
        return False

    monkeypatch.setattr(executor, "ROUTES", (Route("fails on one question", lambda a: True, fails_on_marker),)
                        + executor.ROUTES)
    monkeypatch.setattr(executor, "answer_from_candidates", lambda doc, query, hits, refusal: refusal)
    questions = ["公务接待费是多少？", "基本支出占比多少？", "交警支队的机关运行经费是多少？", "什么是三公经费"]
    lines = [questions[i % len(questions)] for i in range(999)]
    lines.insert(500, FAILING)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(("\n".join(lines) + "\n").encode("utf-8"))))
    assert main(["ask", "--json", "--no-retrieval", "-"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1000
    answers = [json.loads(line) for line in out]
    assert answers[500]["answered_by"] == "error" and answers[500]["refused"] and answers[500]["error"] == "ZeroDivisionError"
    assert answers[501]["question"] == lines[501] and not answers[501]["refused"]
    assert sum(a["answered_by"] == "error" for a in answers) == 1


def test_hostile_lines_each_get_their_json_line_in_a_real_process():
    hostile = ["", "<script>alert(1)</script>", "'; DROP TABLE answers; --", "的" * 5000, "\x00\x07控制字符",
               "公务接待费是多少"]
    raw = ("\n".join(hostile) + "\n").encode("utf-8") + b"\xff\xfe broken bytes\n"
    done = subprocess.run([sys.executable, "-m", "qa", "ask", "--json", "--no-retrieval", "-"], input=raw,
                          capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    out = done.stdout.decode("utf-8").splitlines()
    assert len(out) == len(hostile) + 1
    assert all("question" in json.loads(line) for line in out)
    assert "Traceback" not in done.stderr.decode("utf-8", "replace")
