"""The chat's events in-process (no server): streaming, per-session follow-ups, feedback, charts, and what the
public and staff pages contain."""
import pytest

import app
from web.render import PUBLIC, STAFF


@pytest.fixture
def desk(pipeline, store):
    return app.Desk(pipeline, store)


def run(desk, question, context=None, turns=None, mode=PUBLIC, session="s", pick=""):
    steps = list(app.chat_turn(desk, question, context, turns or [], mode, session, pick))
    _box, messages, context, turns, target, _ = steps[-1]
    return steps, messages, context, turns, target


def test_answers_stream_then_show_sources(desk):
    steps, messages, _, turns, target = run(desk, "交警支队的机关运行经费是多少？")
    assert len(steps) > 3  # placeholder, growing sentence, final answer
    streamed = [s[1][-1]["content"] for s in steps[1:-1]]
    assert all("▌" in c for c in streamed) and len(set(streamed)) == len(streamed)
    final = messages[-1]["content"]
    assert "3,149.06" in final and "bqa-sources" in final and "第434行" in final
    assert messages[0] == {"role": "user", "content": '<div class="bqa-user">交警支队的机关运行经费是多少？</div>'}
    assert target == 0 and turns[0].log_id is not None


def test_follow_ups_keep_context_per_session_not_shared(desk):
    _, _, context_a, turns_a, _ = run(desk, "行政运行是多少", session="a")
    _, messages_a, _, _, _ = run(desk, "那项目支出呢？", context_a, turns_a, session="a")
    _, messages_b, _, _, _ = run(desk, "那项目支出呢？", session="b")
    assert "27,362.39" in messages_a[-1]["content"]  # 行政运行's 项目支出: the follow-up kept its row
    assert "27,362.39" not in messages_b[-1]["content"]  # another session starts fresh
    assert desk.pipeline.context is None  # the shared pipeline context is never used


def test_every_answer_is_recorded_with_its_mode(desk):
    run(desk, "基本支出占比多少？", mode=STAFF)
    app.ask_api(desk, "交警支队的机关运行经费是多少？")
    rows = desk.store.list_answers()
    assert [(r["channel"], r["mode"]) for r in rows] == [("api", "api"), ("chat", STAFF)]
    assert '"line": 178' in rows[1]["citations"]


def test_like_then_form_feedback(desk):
    _, _, _, turns, _ = run(desk, "交警支队的机关运行经费是多少？")
    turns, target, _text, rating, status = app.like(desk, turns, PUBLIC, 1, False)
    assert target == 0 and rating == app.RATING_CHOICES[1] and "已记录" in status
    [row] = desk.store.list_feedback()
    assert row["rating"] == "down" and row["question"] == "交警支队的机关运行经费是多少？" and row["mode"] == PUBLIC
    turns, status = app.feedback(desk, turns, target, app.RATING_CHOICES[1], "来源错误", "行号不对")
    [row] = desk.store.list_feedback()  # the same row, completed
    assert (row["rating"], row["reason"], row["comment"]) == ("down", "来源错误", "行号不对")
    assert "谢谢" in status
    assert "请先提问" in app.feedback(desk, [], None, app.RATING_CHOICES[0], "其他", "")[1]


def test_mode_switch_rerenders_history(desk):
    _, _, _, turns, _ = run(desk, "行政运行是多少")
    staff, _ = app.history(desk, turns, STAFF)
    public, _ = app.history(desk, turns, PUBLIC)
    assert "2040201" in staff[-1]["content"] and "2040201" not in public[-1]["content"]


def test_chart_on_request_in_chat(desk):
    import gradio as gr

    steps, messages, _, turns, _ = run(desk, "画出三公经费构成")
    assert len(steps) == 1 and turns[0].chart == "sangong"
    assert "第410行" in messages[1]["content"] and "验算通过" in messages[1]["content"]
    assert isinstance(messages[2]["content"], gr.Plot)
    _, owners = app.history(desk, turns, PUBLIC)
    assert owners == [0, 0, 0]
    [row] = desk.store.list_answers()
    assert row["channel"] == "chart" and '"line": 414' in row["citations"]
    _, messages, _, _, _ = run(desk, "画个图")
    assert "可以画的图" in messages[-1]["content"]


def test_hostile_question_is_shown_as_text(desk):
    _, messages, _, _, _ = run(desk, "<script>alert(1)</script><img src=x onerror=alert(1)>")
    shown = "".join(m["content"] for m in messages)
    assert "<script" not in shown and "<img" not in shown and "&lt;script&gt;" in shown


def _labels(demo):
    return {str(c["props"].get("label") or c["props"].get("value")) for c in demo.config["components"]}


def test_public_page_has_no_staff_function(desk):
    demo = app.build(desk, staff=False)
    labels = _labels(demo)
    assert "问答" in labels and "概览" in labels
    assert not labels & {"工作人员", "反馈记录", "导出反馈 CSV", "审计", "文档管理", "运行审计", "移除"}
    assert set(demo.get_api_info(all_endpoints=True)["named_endpoints"]) == {"/ask"}
    assert all(d["api_visibility"] == "private" for d in demo.config["dependencies"] if d.get("api_name") != "ask")


def test_staff_page_has_the_staff_tab_but_no_extra_api(desk):
    demo = app.build(desk, staff=True)
    assert {"工作人员", "反馈记录", "导出反馈 CSV", "审计", "文档管理"} <= _labels(demo)
    assert set(demo.get_api_info(all_endpoints=True)["named_endpoints"]) == {"/ask"}


def test_overview_has_key_figures_and_charts(desk):
    kpis, *rest = app.overview(desk)
    assert "108,057.24万元" in kpis and "1,597.50万元" in kpis and "第414行" in kpis
    figures, captions = rest[0::2], rest[1::2]
    assert all(f is not None for f in figures) and all("bqa-sources" in c for c in captions)


def test_audit_of_a_document(desk):
    html = app.run_audit(desk, desk.documents[0].id)
    assert "共核对" in html


def test_parse_auth():
    assert app.parse_auth("a:b,c:d:e") == [("a", "b"), ("c", "d:e")]
    assert app.parse_auth("") == []
    with pytest.raises(ValueError):
        app.parse_auth("nopassword")


def test_staff_page_is_mounted_only_with_a_login_and_without_public(desk):
    def paths(server):
        return [getattr(r, "path", "") for r in server.routes]

    assert "/staff" in paths(app.serve(desk, "127.0.0.1", 7860, [("staff", "pw")], public=False))
    assert "/staff" not in paths(app.serve(desk, "127.0.0.1", 7860, [("staff", "pw")], public=True))
    assert "/staff" not in paths(app.serve(desk, "127.0.0.1", 7860, [], public=False))


# ---- several departments' documents

@pytest.fixture
def two_desk(two_departments, store):
    return app.Desk(two_departments, store)


def test_a_page_over_other_documents_shows_nothing_of_the_seed(two_desk, pipeline):
    import json

    page = json.dumps(app.build(two_desk).config, ensure_ascii=False, default=str)
    loaded = two_desk.pipeline.documents
    assert all(d.department in page for d in loaded) and "全部文件" in page
    seed = pipeline.documents[0]
    for word in [seed.department, "交警支队", "警察加班补贴", "公安局"]:
        assert word not in page, word


def test_the_picker_lists_the_documents_and_scopes_the_chat(two_desk):
    assert two_desk.choices() == [("全部文件（可比较）", "all"), ("示例市 › 示例局 › 2024年预算", "sample-2024"),
                                  ("示范区 › 新桥街道办事处 › 2025年预算", "xinqiao-2025")]
    assert two_desk.examples("xinqiao-2025") != two_desk.examples("sample-2024")
    _, messages, conversation, turns, _ = run(two_desk, "行政运行是多少？", pick="sample-2024")
    assert "700.00" in messages[-1]["content"] and "📄 示例市示例局 2024年预算" in messages[-1]["content"]
    _, messages, _, _, _ = run(two_desk, "那项目支出呢？", conversation, turns, pick="sample-2024")
    assert turns[-1].doc_id == "sample-2024" and "📄 示例市示例局 2024年预算" in messages[-1]["content"]
    _, messages, _, _, _ = run(two_desk, "行政运行是多少？", pick="all")
    assert "已载入多份公开文件" in messages[-1]["content"] and "📄 全部文件" in messages[-1]["content"]


def test_a_reply_naming_the_document_answers_the_waiting_question(two_desk):
    _, _, conversation, turns, _ = run(two_desk, "行政运行是多少？", pick="all")
    _, messages, _, turns, _ = run(two_desk, "新桥街道的", conversation, turns, pick="all")
    assert turns[-1].doc_id == "xinqiao-2025" and "560.00" in messages[-1]["content"]
    assert "📄 全部文件 → 示范区新桥街道办事处 2025年预算" in messages[-1]["content"]


def test_api_doc_and_session(two_desk):
    _, data = app.ask_api(two_desk, "行政运行是多少？", doc="新桥街道")
    assert data["doc"] == "xinqiao-2025" and data["figures"][0]["value"] == "560.00"
    _, data = app.ask_api(two_desk, "行政运行是多少？", doc="sample-2024", session="desk-7")
    assert data["doc"] == "sample-2024" and data["figures"][0]["value"] == "700.00"
    _, data = app.ask_api(two_desk, "那基本支出呢？", session="desk-7")  # the session keeps the document
    assert data["doc"] == "sample-2024" and data["figures"][0]["value"] == "700.00"
    assert "基本支出" in data["answer"]
    _, other = app.ask_api(two_desk, "那基本支出呢？", session="desk-8")  # another session: no document yet
    assert other["intent"] == "clarify"
    rows = two_desk.store.list_answers()
    assert [r["doc"] for r in rows][:2] == ["", "sample-2024"] or rows[0]["session"] == "desk-8"


def test_a_follow_up_after_a_refusal_keeps_the_document(two_desk):
    _, messages, conversation, turns, _ = run(two_desk, "示例局2022年的行政运行是多少？", pick="all")
    assert "公开文件中没有该信息" in messages[-1]["content"] and turns[-1].doc_id == "sample-2024"
    _, messages, _, turns, _ = run(two_desk, "那执法办案呢？", conversation, turns, pick="all")
    assert turns[-1].doc_id == "sample-2024" and "350.00" in messages[-1]["content"]


def test_a_follow_up_naming_a_new_subject_answers_it_in_the_same_document(two_desk):
    _, data = app.ask_api(two_desk, "机关运行经费是多少？", doc="xinqiao-2025", session="s-9")
    assert data["figures"][0]["value"] == "96.50"
    _, data = app.ask_api(two_desk, "那基本支出呢？", session="s-9")
    assert data["doc"] == "xinqiao-2025" and data["figures"][0]["value"] == "610.00" and "基本支出" in data["answer"]


def test_the_answer_json_is_no_file_to_gradio_client(desk):
    """gradio_client takes any dict with a string "path" for a file to download: the answer has none."""
    from gradio_client.utils import is_file_obj

    data = app.ask_api(desk, "基本支出占比多少？")[1]
    assert not is_file_obj(data) and data["answered_by"] == "rules"


def test_api_errors_are_said_in_chinese(desk):
    import re

    from fastapi.testclient import TestClient

    client = TestClient(app.serve(desk, "127.0.0.1", 7999, [], True))
    answers = [client.get("/api/ask"), client.put("/api/ask"), client.get("/api/nothing"),
               client.post("/api/ask", json={"q": 1}),
               client.post("/api/ask", content=b"{bad", headers={"content-type": "application/json"})]
    assert [r.status_code for r in answers] == [405, 405, 404, 422, 422]
    for response in answers:
        words = set(re.findall(r"[A-Za-z]{2,}", response.json()["error"])) - {"POST", "JSON", "api", "ask", "question",
                                                                            "doc", "session", "nothing"}
        assert not words and "detail" not in response.json(), response.text
