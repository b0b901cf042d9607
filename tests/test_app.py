"""End to end: the web app on 127.0.0.1 (a free port), asked through gradio_client's named endpoint; the public
page's API lists no staff endpoint; the staff page needs the login."""
import urllib.error
import urllib.request
from pathlib import Path

import pytest


def start_app(tmp: Path, *args: str):
    """`python app.py` on a free port with its own enquiry record (the benchmarks' AppServer), once it is ready."""
    from bench.common import AppServer

    app = AppServer(record=tmp / "record.sqlite3", log=tmp / "app.log", args=args)
    app.wait(timeout=180, warm=False)
    return app


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    app = start_app(tmp_path_factory.mktemp("public"))
    yield app.url
    app.stop()


@pytest.fixture(scope="module")
def staff_server(tmp_path_factory):
    app = start_app(tmp_path_factory.mktemp("staff"), "--auth", "staff:s3cret-pw")
    yield app
    app.stop()


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.mark.slow
def test_ask_endpoint_returns_a_cited_figure(server):
    from gradio_client import Client

    client = Client(server, verbose=False)
    markdown, data = client.predict("交警支队的机关运行经费是多少？", api_name="/ask")
    assert data["figures"][0]["value"] == "3149.06"
    assert data["citations"][0]["line"] == 434 and "3,149.06" in markdown
    assert set(data) >= {"question", "answer", "refused", "intent", "figures", "citations", "checks", "latency_ms"}


@pytest.mark.slow
def test_user_html_is_escaped(server):
    from gradio_client import Client

    markdown, data = Client(server, verbose=False).predict("<img src=x onerror=alert(1)>", api_name="/ask")
    assert "<img" not in markdown and data["refused"]


@pytest.mark.slow
def test_public_api_lists_no_staff_endpoint(server):
    from gradio_client import Client

    api = Client(server, verbose=False).view_api(print_info=False, return_format="dict")
    assert set(api["named_endpoints"]) == {"/ask"} and not api["unnamed_endpoints"]
    assert status(server + "staff/") == 404  # no staff page without a login configured
    page = urllib.request.urlopen(server + "config", timeout=10).read().decode()
    for word in ("导出反馈", "文档管理", "运行审计", "反馈记录"):
        assert word not in page


@pytest.mark.slow
def test_staff_page_needs_the_login_and_the_public_page_stays_public(staff_server):
    from gradio_client import Client

    base = staff_server.url
    assert status(base + "staff/config") == 401
    public = Client(base, verbose=False)  # the public page needs no login and has no staff function
    assert set(public.view_api(print_info=False, return_format="dict")["named_endpoints"]) == {"/ask"}
    assert "导出反馈" not in urllib.request.urlopen(base + "config", timeout=10).read().decode()
    with pytest.raises(ValueError):  # gradio_client's AuthenticationError
        Client(base + "staff/", auth=("staff", "wrong"), verbose=False)
    staff = Client(base + "staff/", auth=("staff", "s3cret-pw"), verbose=False)
    api = staff.view_api(print_info=False, return_format="dict")
    assert set(api["named_endpoints"]) == {"/ask"} and not api["unnamed_endpoints"]  # staff events are page-only
    _, data = staff.predict("基本支出占比多少？", api_name="/ask")
    assert data["figures"][0]["value"] == "64.39" and data["checks"][0]["ok"]
    # both pages write the one enquiry record
    from web.feedback import FeedbackStore

    assert FeedbackStore(staff_server.record).counts()["answers"] >= 1


def corpus_folder(folder: Path, *documents: tuple[Path, str, str, int, str]) -> Path:
    """A corpus folder (manifest.json and documents/) holding copies of `documents`: (file, id, department,
    year, kind)."""
    import json
    import shutil

    (folder / "documents").mkdir(parents=True, exist_ok=True)
    entries = []
    for source, doc_id, department, year, kind in documents:
        shutil.copy(source, folder / "documents" / source.name)
        entries.append({"id": doc_id, "department": department, "year": year, "kind": kind,
                        "source": f"documents/{source.name}"})
    (folder / "manifest.json").write_text(json.dumps({"documents": entries}, ensure_ascii=False), encoding="utf-8")
    return folder


def start_app_over(tmp: Path, corpus: Path, *args: str, env: dict | None = None):
    """`start_app` over another corpus, with its own data folder (its index built at start unless `env` says
    BUDGET_QA_SEARCH_INDEX=0: then answers come from the tables, and refusals' sources from a lexical search)."""
    import os

    from bench.common import AppServer

    import config

    env = dict(os.environ, BUDGET_QA_CORPUS=str(corpus), BUDGET_QA_DATA=str(tmp / "data"),
               BUDGET_QA_MODEL_CACHE=str(config.MODEL_CACHE), GRADIO_ANALYTICS_ENABLED="False", **(env or {}))
    app = AppServer(record=tmp / "record.sqlite3", log=tmp / "app.log", args=args, env=env)
    app.wait(timeout=180, warm=False)
    return app


FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS_DEV = Path(__file__).resolve().parents[1].parent / "shared" / "corpus-dev"


def post(url: str, body: dict) -> dict:
    import json

    request = urllib.request.Request(url + "api/ask", data=json.dumps(body).encode(), headers={"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def two_department_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("two-departments")
    corpus = corpus_folder(tmp / "corpus",
                           (FIXTURES / "web" / "xinqiao_2025_budget.txt", "xinqiao-2025", "示范区新桥街道办事处", 2025, "预算"),
                           (FIXTURES / "pdf" / "sample_budget.txt", "sample-2024", "示例市示例局", 2024, "预算"))
    app = start_app_over(tmp, corpus, "--public")
    yield app.url
    app.stop()


@pytest.mark.slow
def test_api_ask_scoped_by_doc_with_follow_ups_by_session(two_department_server):
    url = two_department_server
    assert post(url, {"question": "行政运行是多少？"})["intent"] == "clarify"
    answer = post(url, {"question": "行政运行是多少？", "doc": "新桥街道"})
    assert answer["doc"] == "xinqiao-2025" and answer["figures"][0]["value"] == "560.00"
    answer = post(url, {"question": "公共安全支出是多少？", "doc": "sample-2024", "session": "desk-1"})
    assert answer["doc"] == "sample-2024" and answer["figures"][0]["value"] == "1050.00"
    answer = post(url, {"question": "那基本支出呢？", "session": "desk-1"})
    assert answer["doc"] == "sample-2024" and answer["figures"][0]["value"] == "700.00"
    assert post(url, {"question": "那基本支出呢？", "session": "desk-2"})["intent"] == "clarify"


@pytest.mark.slow
def test_gradio_ask_takes_the_same_optional_arguments(two_department_server):
    from gradio_client import Client

    client = Client(two_department_server, verbose=False)
    assert client.predict("行政运行是多少？", api_name="/ask")[1]["intent"] == "clarify"  # one argument still works
    _, data = client.predict("行政运行是多少？", "sample-2024", "desk-3", api_name="/ask")
    assert data["doc"] == "sample-2024" and data["figures"][0]["value"] == "700.00"
    _, data = client.predict("那项目支出呢？", session="desk-3", api_name="/ask")
    assert data["doc"] == "sample-2024" and "项目支出" in data["answer"]


@pytest.fixture(scope="module")
def development_server(tmp_path_factory):
    if not CORPUS_DEV.is_dir():
        pytest.skip("../shared/corpus-dev is absent")
    tmp = tmp_path_factory.mktemp("corpus-dev")
    department = "上海市普陀区人民政府万里街道办事处"
    corpus = corpus_folder(tmp / "corpus",
                           (CORPUS_DEV / "sh_putuo_wanli_2024_budget.txt", "wanli-2024", department, 2024, "预算"),
                           (CORPUS_DEV / "sh_putuo_wanli_2025_budget.txt", "wanli-2025", department, 2025, "预算"),
                           (CORPUS_DEV / "sh_putuo_sfj_2026_budget.txt", "sfj-2026", "上海市普陀区司法局", 2026, "预算"))
    app = start_app_over(tmp, corpus, "--public")
    yield app.url
    app.stop()


@pytest.mark.slow
def test_api_ask_doc_on_development_documents(development_server):
    answer = post(development_server, {"question": "机关运行经费是多少？", "doc": "wanli-2025", "session": "w"})
    assert answer["doc"] == "wanli-2025" and answer["figures"][0]["value"] == "464.64"
    follow_up = post(development_server, {"question": "那基本支出呢？", "session": "w"})
    assert follow_up["doc"] == "wanli-2025"  # the session keeps the document (of two years of one department)


@pytest.mark.slow
def test_api_follow_up_answers_the_new_subject(development_server):
    post(development_server, {"question": "机关运行经费是多少？", "doc": "wanli-2025", "session": "subject"})
    follow_up = post(development_server, {"question": "那基本支出呢？", "session": "subject"})
    assert follow_up["doc"] == "wanli-2025" and "基本支出" in follow_up["answer"]
    assert all(f["value"] != "464.64" for f in follow_up["figures"])


# ---- issue 25, in-process: the 概览 figures, the first answer's sources, the staff upload's message

@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    import app
    from qa.pipeline import Pipeline
    from web.feedback import FeedbackStore

    return app.Desk(Pipeline.load(retrieval=False), FeedbackStore(tmp_path_factory.mktemp("record") / "r.sqlite3"))


def kpi_cards(html: str) -> dict[str, str]:
    """The 概览 cards: name → the rest of the card's text."""
    import re

    cards = re.findall(r'<div class="bqa-kpi">(.*?)<br><b>(.*?)</b><br><span class="bqa-note">(.*?)</span></div>', html)
    return {name: f"{value} {note}" for name, value, note in cards}


def test_overview_cards_read_sangong_and_jiguan_from_their_own_tables(desk):
    import app

    cards = kpi_cards(app.key_figures(desk, desk.documents[0]))
    assert cards["“三公”经费"].startswith("1,597.50万元 2023年一般公共预算“三公”经费支出预算表 · 合计 · 第414行")
    assert cards["机关运行经费"].startswith("18,643.77万元 2023年机关运行经费预算财政拨款情况统计表 · 部门合计")


@pytest.fixture(scope="module")
def xinqiao_desk(tmp_path_factory):
    import app
    from corpus.parser import load_document
    from qa.pipeline import Pipeline
    from web.feedback import FeedbackStore

    documents = [load_document(FIXTURES / "web/xinqiao_2025_budget.txt", "xinqiao-2025", "示范区新桥街道办事处", 2025, "预算")]
    return app.Desk(Pipeline(documents), FeedbackStore(tmp_path_factory.mktemp("record2") / "r.sqlite3"))


def test_a_missing_chart_is_said_without_doubled_quotes(xinqiao_desk):
    import app

    outputs = app.overview(xinqiao_desk, "xinqiao-2025")  # a document with no 三公 table
    assert "<p>公开文件中没有可画此图的表：“三公”经费构成。</p>" in outputs
    assert not any(isinstance(o, str) and ("““" in o or "”“" in o) for o in outputs)


@pytest.mark.skipif(not CORPUS_DEV.is_dir(), reason="../shared/corpus-dev is absent")
def test_overview_cards_of_a_one_row_sangong_and_jiguan_table(tmp_path):
    import app
    from corpus.parser import load_document
    from qa.pipeline import Pipeline
    from web.feedback import FeedbackStore

    doc = load_document(CORPUS_DEV / "sh_putuo_wanli_2025_budget.txt", "wanli-2025", "上海市普陀区人民政府万里街道办事处",
                        2025, "预算")
    desk = app.Desk(Pipeline([doc]), FeedbackStore(tmp_path / "r.sqlite3"))
    cards = kpi_cards(app.key_figures(desk, doc))
    assert cards["“三公”经费"].startswith("37.91万元") and cards["机关运行经费"].startswith("464.64万元")
    assert "⚠️" not in "".join(cards.values())
    outputs = app.overview(desk, "wanli-2025")
    sangong_caption = outputs[2 + 2 * [s.key for s in app.chart_data.SPECS].index("sangong")]
    assert "公务接待费：1.35万元" in sangong_caption and "✅ 验算通过" in sangong_caption
    assert "部门“三公”经费和机关运行经费预算表：" not in sangong_caption  # no slice named after the table


def test_the_first_answer_of_a_conversation_shows_its_sources_open(desk):
    import app

    steps = list(app.chat_turn(desk, "交警支队的机关运行经费是多少？", None, [], app.PUBLIC, "s"))
    _, messages, conversation, turns, _, _ = steps[-1]
    steps = list(app.chat_turn(desk, "那平城分局呢？", conversation, turns, app.PUBLIC, "s"))
    messages = steps[-1][1]
    answers = [m["content"] for m in messages if m["role"] == "assistant"]
    assert '<details class="bqa-sources" open>' in answers[0]
    assert '<details class="bqa-sources" open>' not in answers[1] and "bqa-sources" in answers[1]


@pytest.fixture
def upload_desk(tmp_path, monkeypatch):
    """A desk over an empty corpus folder in tmp_path; reloading reads it without the search index, and the
    index refreshes it asks for are counted instead of run."""
    import app
    import config
    from qa.pipeline import Pipeline
    from web.feedback import FeedbackStore

    monkeypatch.setattr(config, "CORPUS_DIR", tmp_path / "corpus")
    desk = app.Desk(Pipeline([]), FeedbackStore(tmp_path / "r.sqlite3"))
    desk.refreshes = []
    monkeypatch.setattr(desk, "reload", lambda: setattr(desk, "pipeline", Pipeline.load(retrieval=False)))
    monkeypatch.setattr(desk, "refresh_index", lambda: desk.refreshes.append(1))
    return desk


def test_an_upload_says_in_chinese_that_the_index_is_refreshed_and_counts_its_warnings(upload_desk):
    import app

    rows, message = app.add_upload(upload_desk, str(FIXTURES / "pdf" / "cells_blank.pdf"), "", None, "")
    assert message.startswith("已添加 cells-blank，现在即可提问；检索索引正在后台更新。") and upload_desk.refreshes == [1]
    assert "解析提示：第11行：表“2024年部门支出预算总表”：文件在表中结束，表可能不完整" in message
    assert "index build" not in message and "parser warning" not in message and "started a new corpus" not in message
    assert rows[0][0] == "cells-blank" and rows[0][-1] == 1  # 解析提示: the one warning the message shows
    rows, message = app.remove_upload(upload_desk, "cells-blank", True)
    assert message == "已移除 cells-blank；检索索引正在后台更新。" and rows == [] and upload_desk.refreshes == [1, 1]


@pytest.mark.skipif(not CORPUS_DEV.is_dir(), reason="../shared/corpus-dev is absent")
def test_a_pdf_page_without_text_is_counted_among_the_warnings(upload_desk):
    import app

    rows, message = app.add_upload(upload_desk, str(CORPUS_DEV / "sh_putuo_sfj_2026_budget.pdf"), "", None, "")
    assert "PDF 第3页没有文字层（可能是扫描图片），这些页的内容未能读取" in message
    assert rows[0][-1] == 1  # the document keeps no warning of its own; the page without text is counted


def test_the_index_refresh_runs_in_the_background_and_the_staff_page_reads_its_progress(tmp_path, monkeypatch):
    import threading

    import app
    import index.build
    from qa.pipeline import Pipeline
    from web.feedback import FeedbackStore

    halfway, finish = threading.Event(), threading.Event()

    class Built:
        def summary(self):
            return "3 chunks from 1 document: 2 embedded"

    def build_index(report):
        print("index: embedded 1/2 passages · 1 s · about 1 s left", file=report)
        halfway.set()
        finish.wait(5)
        return Built()

    monkeypatch.setattr(index.build, "build_index", build_index)
    desk = app.Desk(Pipeline([]), FeedbackStore(tmp_path / "r.sqlite3"))
    monkeypatch.setattr(desk, "reload", lambda: None)
    desk.refresh_index()  # returns at once
    assert halfway.wait(5)
    assert desk.index_status.markdown() == "检索索引更新中：index: embedded 1/2 passages · 1 s · about 1 s left"
    finish.set()
    with desk.index_lock:  # the refresh has ended (it finishes its status inside the lock)
        pass
    assert desk.index_status.markdown() == "检索索引已更新：3 chunks from 1 document: 2 embedded"
