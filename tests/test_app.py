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


def start_app_over(tmp: Path, corpus: Path, *args: str):
    """`start_app` over another corpus, with its own data folder (no index: answers come from the tables)."""
    import os

    from bench.common import AppServer

    import config

    env = dict(os.environ, BUDGET_QA_CORPUS=str(corpus), BUDGET_QA_DATA=str(tmp / "data"),
               BUDGET_QA_MODEL_CACHE=str(config.MODEL_CACHE), GRADIO_ANALYTICS_ENABLED="False")
    app = AppServer(record=tmp / "record.sqlite3", log=tmp / "app.log", args=args, env=env)
    app.wait(timeout=180, warm=False)
    return app
