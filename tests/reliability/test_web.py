"""The web app's entry points under bad input and the access rules: the chat box and the `/ask` handler in
process (fast), and running servers on 127.0.0.1 (slow).

- Chat box and `/ask`: empty, 10,000 characters, control characters and NUL, a lone surrogate, HTML/script get
  a clear answer that can be sent (UTF-8) and is recorded; HTML is escaped, also when it comes from a document.
- `/ask` over HTTP (Gradio's queue) and gradio_client: the same, plus bodies that are not UTF-8 or not JSON —
  a 4xx, never a 500 or an error event, and the server keeps serving.
- Uploads: the public page stores no file (413); the staff page refuses one over BUDGET_QA_MAX_UPLOAD_MB.
- Access: a public-mode app (`--public`, even with `--auth` configured) serves no staff page and its API lists
  only `/ask` (each endpoint listed is called); the page's own events are not callable by API clients; with
  `--auth` every route of `/staff/` that carries data or runs a function answers 401 without the login.
- `python -m bench load --url` runs against the public app at toy size.
(tests/test_app.py covers the cited answer, the escaped <img>, the view_api of the default page and the
staff page's login with gradio_client.)
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.reliability.conftest import child_env, copy_seed_corpus

STAFF_WORDS = ("导出反馈", "导出全部问答", "文档管理", "运行审计", "反馈记录", "问答记录", "添加公开文件", "重新载入文件",
               "add_document", "remove_document", "reload_documents")
SCRIPT = "<script>alert(1)</script>"


# ------------------------------------------------------------------------------ in process


@pytest.fixture(scope="module")
def hostile_desk(tmp_path_factory):
    """The /ask handler over a document whose row labels carry HTML (a hostile or careless upload)."""
    from app import Desk
    from qa.pipeline import Pipeline
    from web.feedback import FeedbackStore

    tmp = tmp_path_factory.mktemp("hostile")
    corpus = copy_seed_corpus(tmp / "corpus")
    source = next((corpus / "documents").glob("*.txt"))
    text = source.read_text(encoding="utf-8").replace("公务接待费\t25.40\t25.40", f"公务{SCRIPT}接待费\t25.40\t25.40")
    source.write_text(text.replace("大同市公安局交通警察支队\t3,149.06", "交警<img src=x onerror=alert(1)>支队\t3,149.06"),
                      encoding="utf-8")
    return Desk(Pipeline.load(retrieval=False, corpus_dir=corpus), FeedbackStore(tmp / "record.sqlite3"))


@pytest.mark.parametrize("question", [f"公务{SCRIPT}接待费是多少", "交警<img src=x onerror=alert(1)>支队的机关运行经费是多少",
                                      "列出机关运行经费的所有单位", f"什么是{SCRIPT}？", "[点我](javascript:alert(1))是多少钱"])
def test_ask_escapes_html_from_questions_and_documents(hostile_desk, question):
    from app import ask_api

    markdown, data = ask_api(hostile_desk, question)
    for raw in ("<script", "<img", "](javascript:"):
        assert raw not in markdown, markdown
    assert isinstance(data["answer"], str)


CHAT_INPUTS = {  # question -> what the answer must say
    "": "请输入问题", None: "请输入问题", "公务接待费" * 2000: "问题太长",
    "\x00\x07\x1b[31m公务接待费\x1b[0m\u202e是多少": "25.40", "\ud800公务接待费是多少\udfff": "25.40",
}


@pytest.mark.parametrize("question", list(CHAT_INPUTS), ids=["empty", "none", "10000 chars", "control", "surrogates"])
def test_chat_box_bad_input_gets_a_clear_answer_that_can_be_sent(hostile_desk, question):
    """The chat box, in process: each bad input gets its message, every streamed update encodes as UTF-8 JSON
    (what Gradio sends to the browser), and the exchange is recorded."""
    from app import chat_turn

    before = len(hostile_desk.store.list_answers(limit=1000))
    steps = list(chat_turn(hostile_desk, question, None, [], "公众咨询", "s"))
    for step in steps:
        json.dumps(step[1], ensure_ascii=False).encode("utf-8")
    _, messages, _, turns, _, _ = steps[-1]
    shown = messages[-1]["content"]
    assert CHAT_INPUTS[question] in shown, shown[:300]
    assert "<script" not in messages[0]["content"] and len(messages[0]["content"]) < 10100
    assert len(hostile_desk.store.list_answers(limit=1000)) == before + 1


def test_ask_api_answer_to_a_lone_surrogate_can_be_sent(hostile_desk):
    """A lone surrogate is valid JSON from an API client; the answer (markdown and JSON) must encode as UTF-8."""
    from app import ask_api

    markdown, data = ask_api(hostile_desk, "\ud800公务接待费是多少")
    json.dumps([markdown, data], ensure_ascii=False).encode("utf-8")
    assert data["figures"][0]["value"] == "25.40" and data["question"].startswith("\ufffd")


# ------------------------------------------------------------------------------ servers


def start(tmp: Path, *args: str, **env: str):
    from bench.common import AppServer

    server = AppServer(record=tmp / "record.sqlite3", log=tmp / "app.log", args=args, env=child_env(**env))
    server.wait(timeout=240)
    return server


@pytest.fixture(scope="module")
def public_app(tmp_path_factory):
    server = start(tmp_path_factory.mktemp("public-mode"), "--public", "--auth", "staff:s3cret-pw")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def staff_app(tmp_path_factory):
    server = start(tmp_path_factory.mktemp("staff-mode"), "--auth", "staff:s3cret-pw", BUDGET_QA_MAX_UPLOAD_MB="1")
    yield server
    server.stop()


def http(server):
    import httpx

    return httpx.Client(base_url=server.url.rstrip("/"), timeout=60)


def ask_raw(server, body: bytes) -> tuple[int, str, object]:
    """POST /gradio_api/call/ask with `body`; (status, event, data) — event '' when the POST was refused."""
    with http(server) as client:
        posted = client.post("/gradio_api/call/ask", content=body, headers={"content-type": "application/json"})
        if posted.status_code != 200:
            return posted.status_code, "", posted.text
        stream = client.get(f"/gradio_api/call/ask/{posted.json()['event_id']}").text
    event = data = None
    for line in stream.splitlines():
        if line.startswith("event:"):
            event = line[6:].strip()
        elif line.startswith("data:") and event in ("complete", "error"):
            data = json.loads(line[5:].strip())
            break
    return posted.status_code, event or "", data


BAD_QUESTIONS = {
    "empty": ("", "请输入问题"),
    "blank": (" \t\n ", "请输入问题"),
    "10000 chars": ("公务接待费" * 2000, "问题太长"),
    "control characters": ("\x00\x07\x1b[31m公务接待费\x1b[0m\x7f\u202e是多少", "25.40"),
    "script": (SCRIPT + "公务接待费是多少", "25.40"),
    "markdown link": ("[点我](javascript:alert(1))", "公开文件中没有该信息"),
    "a number, not text": (12345, "公开文件中没有该信息"),
    "null": (None, "请输入问题"),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(BAD_QUESTIONS))
def test_ask_api_bad_questions(public_app, name):
    question, expected = BAD_QUESTIONS[name]
    status, event, data = ask_raw(public_app, json.dumps({"data": [question]}).encode())
    assert status == 200 and event == "complete", (status, event, data)
    markdown, answer = data
    assert expected in answer["answer"]
    assert "<script" not in markdown and "](javascript:" not in markdown
    assert len(answer["question"]) <= 60


@pytest.mark.slow
@pytest.mark.parametrize("body", [b'{"data": ["\xff\xfe\xfa\xe5\x85"]}', b'{"data": [', b"", b'{"nodata": 1}',
                                  b'{"data": "not a list"}', b"\x00" * 100],
                         ids=["invalid UTF-8", "truncated JSON", "empty", "no data", "data not a list", "NUL bytes"])
def test_ask_api_malformed_bodies_get_a_4xx_and_the_server_keeps_serving(public_app, body):
    status, event, data = ask_raw(public_app, body)
    assert 400 <= status < 500, (status, event, data)
    assert "Traceback" not in str(data)
    status, event, data = ask_raw(public_app, json.dumps({"data": ["公务接待费是多少"]}).encode())
    assert event == "complete" and data[1]["figures"][0]["value"] == "25.40"


@pytest.mark.slow
def test_ask_api_lone_surrogate(public_app):
    status, event, data = ask_raw(public_app, b'{"data": ["\\ud800\\u516c\\u52a1\\u63a5\\u5f85\\u8d39\\u662f\\u591a\\u5c11"]}')
    assert status == 200 and event == "complete", (status, event, str(data)[:300])
    assert data[1]["figures"][0]["value"] == "25.40"


@pytest.mark.slow
def test_ask_api_bad_questions_through_gradio_client(public_app):
    from gradio_client import Client

    client = Client(public_app.url, verbose=False)
    for question, expected in (("", "请输入问题"), ("x" * 10000, "问题太长"), ("\x00公务接待费\x07", "25.40")):
        _, answer = client.predict(question, api_name="/ask")
        assert expected in answer["answer"]


@pytest.mark.slow
def test_public_mode_exposes_no_staff_function(public_app):
    """--public with --auth configured: no /staff/ at all; the API lists /ask only, and it answers."""
    from gradio_client import Client

    client = Client(public_app.url, verbose=False)
    api = client.view_api(print_info=False, return_format="dict")
    assert set(api["named_endpoints"]) == {"/ask"} and not api["unnamed_endpoints"]
    for endpoint in api["named_endpoints"]:  # call every endpoint the API lists
        _, answer = client.predict("交警支队的机关运行经费是多少？", api_name=endpoint)
        assert answer["figures"][0]["value"] == "3149.06"
    with http(public_app) as web:
        for path in ("/staff/", "/staff/config", "/staff/gradio_api/info"):
            assert web.get(path).status_code == 404, path
        assert web.post("/staff/login", data={"username": "staff", "password": "s3cret-pw"}).status_code == 404
        page = web.get("/config").text
        info = web.get("/gradio_api/info").text
    for word in STAFF_WORDS:
        assert word not in page and word not in info, word


@pytest.mark.slow
def test_page_events_are_not_callable_by_api_clients(public_app):
    """The page's own events (chat, feedback, overview…) are private: gradio_client refuses them."""
    from gradio_client import Client

    with http(public_app) as web:
        dependencies = web.get("/config").json()["dependencies"]
    private = [d["id"] for d in dependencies if d.get("api_visibility") != "public"]
    assert private and {d.get("api_name") for d in dependencies if d.get("api_visibility") == "public"} == {"ask"}
    client = Client(public_app.url, verbose=False)
    for fn_index in private:
        with pytest.raises(Exception):  # noqa: B017 - gradio_client refuses in its own words
            client.predict(fn_index=fn_index)


@pytest.mark.slow
def test_staff_routes_refuse_requests_without_the_login(staff_app):
    with http(staff_app) as web:
        shell = web.get("/staff/")  # the login form's shell: no data, no staff function in it
        assert shell.status_code == 200
        for word in STAFF_WORDS:
            assert word not in shell.text, word
        refused = {
            "GET /staff/config": web.get("/staff/config"),
            "GET /staff/gradio_api/info": web.get("/staff/gradio_api/info"),
            "GET /staff/gradio_api/queue/data": web.get("/staff/gradio_api/queue/data", params={"session_hash": "x"}),
            "GET /staff/gradio_api/file=…": web.get("/staff/gradio_api/file=/etc/hostname"),
            "POST /staff/gradio_api/call/ask": web.post("/staff/gradio_api/call/ask", json={"data": ["x"]}),
            "POST /staff/gradio_api/upload": web.post("/staff/gradio_api/upload",
                                                      files={"files": ("x.txt", b"2023", "text/plain")}),
        }
        for fn_index in range(30):  # every staff event, by index, through the queue
            refused[f"queue/join fn {fn_index}"] = web.post("/staff/gradio_api/queue/join",
                                                            json={"data": [], "fn_index": fn_index, "session_hash": "s"})
        for name, response in refused.items():
            assert response.status_code == 401, (name, response.status_code, response.text[:200])
        wrong = web.post("/staff/login", data={"username": "staff", "password": "wrong"})
        assert wrong.status_code in (400, 401) and not wrong.cookies
        assert web.get("/staff/config").status_code == 401
        right = web.post("/staff/login", data={"username": "staff", "password": "s3cret-pw"})
        assert right.status_code == 200
        staff_config = web.get("/staff/config")
        assert staff_config.status_code == 200 and "文档管理" in staff_config.text


@pytest.mark.slow
def test_the_public_page_of_a_staff_app_has_no_staff_function(staff_app):
    with http(staff_app) as web:
        page = web.get("/config").text
        dependencies = json.loads(page)["dependencies"]
    for word in STAFF_WORDS:
        assert word not in page, word
    assert len(dependencies) < 15  # the staff page has its own (20): none of them is in the public page


@pytest.mark.slow
def test_the_public_page_stores_no_upload(public_app):
    """Gradio's upload route exists on every page; the public page has no file input, so it refuses files."""
    with http(public_app) as web:
        for name, content in (("x.txt", b"2023"), ("blob.bin", bytes(range(256)) * 400)):
            response = web.post("/gradio_api/upload", files={"files": (name, content, "application/octet-stream")})
            assert response.status_code == 413, (name, response.status_code, response.text[:200])


@pytest.mark.slow
def test_staff_upload_over_the_limit_is_refused(staff_app):
    """Logged in, a file over BUDGET_QA_MAX_UPLOAD_MB (1 MB here) is refused by the upload route; a small one is
    stored (and add_document then judges its content: test_bad_input.py)."""
    with http(staff_app) as web:
        assert web.post("/staff/login", data={"username": "staff", "password": "s3cret-pw"}).status_code == 200
        big = web.post("/staff/gradio_api/upload", files={"files": ("big.pdf", b"%PDF-1.4\n" + bytes(2**20 + 1))})
        assert big.status_code == 413 and "maximum allowed size" in big.text
        small = web.post("/staff/gradio_api/upload", files={"files": ("small.txt", "公务接待费".encode())})
        assert small.status_code == 200 and small.json()[0].endswith("small.txt")


@pytest.mark.slow
def test_bench_load_runs_against_the_app(public_app):
    """`python -m bench load --url` at toy size: every request answered, the figures reported."""
    from tests.reliability.conftest import PY, no_traceback, run

    done = run([PY, "-m", "bench", "load", "--url", public_app.url, "--clients", "1,4", "--seconds", "2", "--json"],
               timeout=120)
    no_traceback(done.stderr)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    levels = json.loads(done.stdout)["levels"]
    assert [lv["clients"] for lv in levels] == [1, 4]
    for level in levels:
        assert level["errors"] == 0 and level["requests"] > 0 and 0 < level["p50_ms"] <= level["p95_ms"]


@pytest.mark.slow
def test_json_api_answers_records_and_refuses_bad_bodies(public_app):
    """POST /api/ask: the QA JSON contract in one request, recorded like every answer; bad bodies get a 4xx."""
    from bench.load import record_count

    with http(public_app) as client:
        before = record_count(public_app.record)
        answer = client.post("/api/ask", json={"question": "公务接待费是多少"}).json()
        assert answer["figures"][0] == {"value": "25.40", "unit": "万元", "label": answer["figures"][0]["label"]}
        assert answer["citations"] and set(answer) >= {"question", "answer", "refused", "intent", "checks", "latency_ms"}
        assert record_count(public_app.record) == before + 1
        assert "问题太长" in client.post("/api/ask", json={"question": "公务接待费" * 2000}).json()["answer"]
        assert "请输入问题" in client.post("/api/ask", json={"question": " "}).json()["answer"]
        surrogate = client.post("/api/ask", content=b'{"question": "\\ud800\\u516c\\u52a1\\u63a5\\u5f85\\u8d39"}',
                                headers={"content-type": "application/json"})
        assert surrogate.status_code == 200 and surrogate.json()["figures"][0]["value"] == "25.40"
        for body in (b"", b'{"question": ', b'{"question": null}', b'{"q": "x"}', b"\xff\xfe"):
            refused = client.post("/api/ask", content=body, headers={"content-type": "application/json"})
            assert 400 <= refused.status_code < 500 and "Traceback" not in refused.text
            assert "请求格式不正确" in refused.json()["error"]  # told what to send, in Chinese
            assert not re.search(r"[A-Za-z]{5,}", "".join(p["error"] for p in refused.json()["problems"]))  # JSON aside
        assert client.post("/api/ask", json={"question": "公务接待费是多少"}).status_code == 200


@pytest.mark.slow
def test_the_app_killed_keeps_every_answer_it_gave(public_app):
    """Last in this file (it kills the public app): the answers the app delivered through /ask are in its
    enquiry record after kill -9, and the record opens again at once."""
    from tests.reliability.conftest import kill9
    from web.feedback import FeedbackStore

    record = public_app.record
    before = {r["id"] for r in FeedbackStore(record).list_answers(limit=10000)}
    delivered = []
    for question in ("公务接待费是多少", "基本支出占比多少？", "什么是机关运行经费？", "x"):
        status, event, data = ask_raw(public_app, json.dumps({"data": [question]}).encode())
        assert event == "complete", (status, event, data)
        delivered.append(data[1]["question"])
    kill9(public_app.proc)
    assert public_app.proc.returncode == -9
    rows = [r for r in FeedbackStore(record).list_answers(limit=10000) if r["id"] not in before]
    assert sorted(r["question"] for r in rows if r["channel"] == "api") == sorted(delivered)



def test_a_server_not_ready_in_time_is_stopped_not_left_running(tmp_path):
    from bench.common import AppServer

    server = AppServer(record=tmp_path / "record.sqlite3", log=tmp_path / "app.log", env=child_env())
    with pytest.raises(TimeoutError):
        server.wait(timeout=0.3)
    assert server.proc.poll() is not None
