"""End to end: the web app on 127.0.0.1, asked through gradio_client's named endpoint."""
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    port = free_port()
    proc = subprocess.Popen([sys.executable, "app.py", "--port", str(port)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.5)
    yield url
    proc.kill()
    proc.wait()


@pytest.mark.slow
def test_ask_endpoint_returns_a_cited_figure(server):
    from gradio_client import Client

    client = Client(server, verbose=False)
    markdown, data = client.predict("交警支队的机关运行经费是多少？", api_name="/ask")
    assert data["figures"][0]["value"] == "3149.06"
    assert data["citations"][0]["line"] == 434 and "3,149.06" in markdown


@pytest.mark.slow
def test_user_html_is_escaped(server):
    from gradio_client import Client

    markdown, data = Client(server, verbose=False).predict("<img src=x onerror=alert(1)>", api_name="/ask")
    assert "<img" not in markdown and data["refused"]
