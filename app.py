"""The web chat: `python app.py [--host 127.0.0.1] [--port 7860] [--auth user:pass] [--public]` — a thin
Gradio page over qa.Pipeline (it never answers by itself).

- `/` is the public page: the documents held and a picker that scopes the chat, examples drawn from the picked
  documents, chat (streamed, with follow-ups kept per browser session), sources and checks with every answer, 公众咨询 / 工作人员 display modes, feedback, the overview charts. It holds no staff function, in
  the page or the API.
- `/staff/` (only with `--auth` and without `--public`) is the same page behind a login, plus the staff tab:
  the enquiry record and its CSV export, the audit and document management.

The named API endpoint `ask` (question, and optionally the document and a session for follow-ups; answer
markdown and the QA JSON contract out) serves the enquiry desk's systems through gradio_client
(`Client(url).predict(question, api_name="/ask")`), as does `POST /api/ask {"question", "doc"?, "session"?}`.
"""
from __future__ import annotations

import time

STARTED = time.perf_counter()  # for the "ready in" line: measured from the start of the process's imports

import argparse
import sys
import tempfile
import threading
from pathlib import Path

import config  # before gradio: sets the offline and no-telemetry environment  # isort: skip
import gradio as gr
from pydantic import BaseModel

from audit.checks import audit
from corpus.money import format_amount
from qa import failures
from qa.pipeline import Pipeline
from qa.scope import picked_documents
from web import charts as chart_data
from web.chat import ChatTurn, converse
from web.examples import examples_across, examples_for
from web.feedback import REASONS, FeedbackStore, utf8_text
from web.index_status import IndexStatus
from web.notes import is_reading_note, shown_notes
from web.picker import (ALL, OPEN_LIST, documents_table, in_order, list_title, narrowed_choices, picker_choices,
                        picker_label)
from web.session import MAX_SESSION_CHARS, Conversation, SessionStore
from web.render import (CSS, MODES, PUBLIC, STAFF, answer_text, audit_html, document_label, esc, find_document,
                        render_answer, render_markdown, stream_steps, user_text)

RATING_CHOICES = ["👍 有帮助", "👎 有问题"]
STREAM_DELAY = 0.02  # seconds between streamed pieces of an answer
PRIVATE = {"api_visibility": "private"}  # internal events: not in the API, not callable by API clients
# Answering is CPU-bound Python (one core at a time under the GIL): config.CONCURRENCY answers at once per event
# kind, the rest wait in the queue (`python -m bench load`: about 11 answers/s on 2 cores). The queue is bounded
# so an overload hears "queue full" at once instead of waiting minutes; 256 is eight times the 32 clients the
# load target names.
QUEUE = {"default_concurrency_limit": config.CONCURRENCY, "max_size": 256}
THEME = gr.themes.Default(font=[gr.themes.LocalFont("Source Sans Pro"), "WenQuanYi Micro Hei", "Noto Sans CJK SC",
                                "Microsoft YaHei", "PingFang SC", "sans-serif"])

__all__ = ["Desk", "build", "main", "render_markdown"]


class Desk:
    """What every session shares: the pipeline (swapped whole when documents change) and the enquiry
    record."""

    def __init__(self, pipeline: Pipeline, store: FeedbackStore | None = None):
        self.pipeline = pipeline
        self.store = store or FeedbackStore()
        self.export_dir: Path | None = None  # made on the first export, not by every Desk
        self.lock = threading.Lock()
        self.warm = threading.Event()  # cleared while the retriever's model loads (see warm_up)
        self.warm.set()
        self.sessions = SessionStore()  # the API's conversations, by the caller's session string
        self._examples: dict[str, list[str]] = {}  # per picker choice, for the current documents
        self._checker: Pipeline | None = None  # answers candidate examples (no retrieval, no LLM)
        # notes on how an uploaded document was read that it does not keep itself (a PDF's pages without text)
        self.reading_notes: dict[str, list[str]] = {}
        self.index_lock = threading.Lock()  # one index refresh at a time
        self.index_status = IndexStatus()

    def export_folder(self) -> Path:
        if self.export_dir is None:
            self.export_dir = Path(tempfile.mkdtemp(prefix="budget-qa-export-"))
        return self.export_dir

    def ready_pipeline(self) -> Pipeline:
        """The pipeline, once warm: the first questions wait for the model instead of loading it again."""
        self.warm.wait(timeout=300)
        return self.pipeline

    @property
    def documents(self):
        return self.pipeline.documents

    def document(self, doc_id: str = ""):
        return find_document(self.documents, doc_id) or (self.documents[0] if self.documents else None)

    def choices(self, search: str = "", picked: str = "") -> list[tuple[str, str]]:
        """The picker (web.picker): by region, department and year, "all of this department" and "all";
        narrowed to the documents matching `search`, keeping `picked`."""
        return narrowed_choices(self.documents, search, picked) if search else picker_choices(self.documents)

    def picked_document(self, pick: str, previous: str = ""):
        """The one document a picker's value stands for: the document picked, or of a department picked, the
        conversation's (`previous`) when it is one of them, else its latest."""
        docs = picked_documents(self.documents, pick) if pick and pick != ALL else []
        if not docs:
            return self.document(previous)
        return next((d for d in docs if d.id == previous), max(docs, key=lambda d: d.year or 0))

    def default_pick(self) -> str:
        ids = [d.id for d in self.documents]
        if getattr(config, "DEFAULT_DOC", "") in ids:
            return config.DEFAULT_DOC
        return ids[0] if len(ids) == 1 else ALL

    def examples(self, pick: str) -> list[str]:
        """Example questions for the picker's choice, drawn from the documents and answered by the desk."""
        pipeline = self.pipeline
        docs = picked_documents(pipeline.documents, pick) if pick and pick != ALL else []
        key = pick if docs else ALL
        with self.lock:
            if self._checker is None or self._checker.documents is not pipeline.documents:
                self._checker, self._examples = Pipeline(pipeline.documents), {}
            checker = self._checker
            if key not in self._examples:
                self._examples[key] = (examples_for(checker, docs[0]) if len(docs) == 1
                                       else examples_across(checker, docs or pipeline.documents))
            return self._examples[key]

    def figure(self, doc, chart):
        """A new matplotlib figure of the chart (figures are not shared: matplotlib is not thread-safe and
        Gradio renders each one while sending it)."""
        return chart_data.figure(chart, doc.department)

    def reload(self) -> None:
        with self.lock:
            pipeline = Pipeline.load()
            self.warm.clear()
            self.pipeline = pipeline
        warm_up(self)

    def refresh_index(self) -> None:
        """Bring the search index in line with the documents, in the background (embedding a new document takes
        a minute or two), then answer with it; until then questions are answered from the tables as always."""
        if not config.SEARCH_INDEX:  # no search index kept (BUDGET_QA_SEARCH_INDEX=0): nothing to refresh
            return

        status = self.index_status = IndexStatus()  # the staff page polls it for the build's progress
        print("等待上一次更新结束" if self.index_lock.locked() else "开始", file=status)

        def run() -> None:
            with self.index_lock:
                try:
                    from index.build import build_index
                    built = build_index(report=status)
                except Exception as exc:  # the documents stand; `python -m index build` can catch up later
                    print(f"index refresh failed: {exc}; run `python -m index build`", file=sys.stderr)
                    status.finish(str(exc), failed=True)
                    return
                self.reload()
                status.finish(built.summary())

        threading.Thread(target=run, daemon=True).start()

    def log(self, data: dict, mode: str, channel: str, session: str = "") -> int | None:
        try:
            return self.store.log_answer(data, mode=mode, channel=channel, session=session)
        except Exception as exc:  # the record must never stop an answer
            print(f"enquiry record unavailable: {exc}", file=sys.stderr)
            return None


# ------------------------------------------------------------------------------------------- rendering

def chart_message(desk: Desk, turn: ChatTurn, mode: str) -> list[dict]:
    doc = desk.document(turn.doc_id)
    chart = chart_data.extract(doc, turn.chart) if doc and turn.chart else None
    if chart is None:
        names = "、".join(s.title for s in chart_data.SPECS)
        return [{"role": "assistant", "content": f'<div class="bqa-answer">可以画的图：{esc(names)}。请说明要画哪一个，'
                                                 f"例如“画出三公经费构成”。</div>"}]
    text = (f'{scope_header(desk, turn)}<div class="bqa-answer">{esc(chart.title)}，数据来自{esc(chart.table)}'
            f"（{esc(chart.column)}，单位：{esc(chart.unit)}）。</div>\n{chart_data.caption(chart, mode != STAFF)}")
    return [{"role": "assistant", "content": text},
            {"role": "assistant", "content": gr.Plot(desk.figure(doc, chart))}]


def scope_header(desk: Desk, turn: ChatTurn) -> str:
    """The answer's header: the document the visitor picked, and the one that answered when they differ."""
    picked = find_document(desk.documents, turn.scope) if turn.scope else None
    answered = find_document(desk.documents, turn.doc_id) if turn.doc_id else None
    department = turn.scope if turn.scope and any(d.department == turn.scope for d in desk.documents) else ""
    if picked is not None:
        text = f"📄 {document_label(picked)}"
    elif len(desk.documents) <= 1:
        text = f"📄 {document_label(answered)}" if answered else ""
    else:
        text = f"📄 {department or '全部文件'}" + (
            f" → {document_label(answered)}" if answered else "（比较）" if turn.answer is not None
            and turn.answer.intent not in ("clarify", "invalid") and not turn.answer.refused else "")
    return f'<div class="bqa-doc-head">{esc(text)}</div>' if text else ""


def turn_messages(desk: Desk, turn: ChatTurn, mode: str, first: bool = False) -> list[dict]:
    """A turn's chat messages; the conversation's `first` answer shows its 来源 panel open."""
    messages = [{"role": "user", "content": user_text(turn.question)}]
    if turn.chart is not None:
        return messages + chart_message(desk, turn, mode)
    try:
        content = scope_header(desk, turn) + render_answer(turn.answer, desk.documents, mode, turn.question,
                                                           open_sources=first)
    except Exception as exc:  # one answer that cannot be drawn must not break the whole conversation's history
        failures.record(turn.question, "render", exc, turn.doc_id)
        content = esc(failures.error_answer(turn.question, exc).answer)
    return messages + [{"role": "assistant", "content": content}]


def history(desk: Desk, turns: list[ChatTurn], mode: str) -> tuple[list[dict], list[int]]:
    """The chat messages for `turns` and, per message, the index of its turn (for 👍/👎)."""
    messages, owners = [], []
    first = next((i for i, turn in enumerate(turns) if turn.chart is None), None)
    for i, turn in enumerate(turns):
        part = turn_messages(desk, turn, mode, first=i == first)
        messages += part
        owners += [i] * len(part)
    return messages, owners


def target_text(turns: list[ChatTurn], index: int | None) -> str:
    if index is None or not 0 <= index < len(turns):
        return "反馈针对：（还没有回答）"
    q = turns[index].question
    return f"反馈针对第{index + 1}个回答：“{esc(q[:40])}{'…' if len(q) > 40 else ''}”"


def chart_json(chart, question: str) -> dict:
    """A drawn chart in the shape of the QA contract, for the enquiry record."""
    if chart is None:
        return {"question": question, "answer": "（未找到可画的图）", "refused": True, "intent": "chart"}
    items = chart.items + ([chart.total] if chart.total else [])
    return {"question": question, "answer": chart.title, "refused": False, "intent": "chart", "doc": chart.doc_id,
            "figures": [{"value": str(i.value), "unit": chart.unit, "label": i.label} for i in items if i.value is not None],
            "citations": [{"doc": chart.doc_id, "table": chart.table, "row": i.label, "column": i.column, "line": i.line,
                           "text": i.text} for i in items],
            "checks": [] if chart.check is None else [{"expression": chart.check.expression, "result": str(chart.check.result),
                                                       "reported": str(chart.check.reported), "ok": chart.check.ok}]}


# ------------------------------------------------------------------------------------------- overview

def key_figures(desk: Desk, doc) -> str:
    if doc is None:
        return "<p>没有载入任何公开文件。</p>"
    picks = [("basic_project", None, "预算支出合计"), ("basic_project", 0, "基本支出"), ("basic_project", 1, "项目支出"),
             ("gpb", None, "一般公共预算当年拨款"), ("sangong", None, "“三公”经费"), ("jiguan", None, "机关运行经费")]
    cards = []
    for key, index, name in picks:
        chart = chart_data.extract(doc, key)
        if chart is None:
            continue
        it = chart.headline if index is None else chart.items[index]
        if it is None:
            continue
        value = "未安排" if it.value is None else f"{format_amount(it.value)}{chart.unit}"
        warning = "" if chart.check is None or chart.check.ok else "<br>⚠️ 各项之和与合计不一致，见图下验算"
        cards.append(f'<div class="bqa-kpi">{esc(name)}<br><b>{esc(value)}</b><br><span class="bqa-note">'
                     f"{esc(chart.table)} · {esc(it.label)} · 第{it.line}行{warning}</span></div>")
    head = f"<h3>{esc(doc.department)} {esc(doc.year or '')}年{esc(doc.kind)}</h3>"
    return head + "".join(cards)


def overview(desk: Desk, doc_id: str = ""):
    doc = desk.document(doc_id)
    outputs = [key_figures(desk, doc)]
    for spec in chart_data.SPECS:
        chart = chart_data.extract(doc, spec.key) if doc else None
        if chart is None:
            outputs += [None, f"<p>公开文件中没有可画此图的表：{esc(spec.title)}。</p>"]
        else:
            outputs += [desk.figure(doc, chart), chart_data.caption(chart, public=False)]
    return outputs


# ------------------------------------------------------------------------------------------- staff

def run_audit(desk: Desk, doc_id: str) -> str:
    doc = desk.document(doc_id)
    if doc is None:
        return "<p>没有载入任何公开文件。</p>"
    try:
        return audit_html(audit(doc))
    except Exception as exc:  # show the failure to staff, keep serving
        return f"<p>⚠️ 审计失败：{esc(exc)}</p>"


def document_rows(desk: Desk) -> list[list]:
    """The documents table; 解析提示 counts the parser's warnings and the notes from reading the upload."""
    return [[d.id, d.department, d.year, d.kind, len(d.tables), len(d.forms), len(d.paragraphs),
             len(d.warnings) + len(desk.reading_notes.get(d.id, []))] for d in desk.documents]


def feedback_rows(desk: Desk, which: str) -> list[list]:
    rating = {"全部": None, "👍": "up", "👎": "down"}.get(which)
    rows = desk.store.list_feedback(limit=500, rating=rating)
    return [[r["id"], r["time"], "👍" if r["rating"] == "up" else "👎", r["reason"], r["comment"], r["question"],
             r["answer"][:200], r["mode"]] for r in rows]


# the record keeps codes (channel, the API's mode, qa's intents); staff read them in Chinese
RECORD_WORDS = {"chat": "对话", "api": "接口", "chart": "画图", "lookup": "查数", "total": "合计", "share": "占比",
                "difference": "差额", "change": "增减", "ranking": "排序", "count": "计数", "list": "列举",
                "definition": "名词解释", "reason": "原因", "form": "绩效目标表", "organisation": "部门情况",
                "previous": "上年", "compare": "比较", "refusal": "拒答", "clarify": "追问文件", "invalid": "无效问题",
                "error": "出错"}


def answer_rows(desk: Desk) -> list[list]:
    def words(code: str) -> str:
        return RECORD_WORDS.get(code, code)

    return [[r["id"], r["time"], words(r["channel"]), words(r["mode"]), r["question"], r["answer"][:200],
             "是" if r["refused"] else "", words(r["intent"])] for r in desk.store.list_answers(limit=500)]


# ------------------------------------------------------------------------------------------- events

def ask_api(desk: Desk, question: str, doc: str = "", session: str = "") -> tuple[str, dict]:
    """The `/ask` endpoint: one question, within `doc` (an id or a department name; "" = every document), as
    the next turn of the conversation `session` names ("" = none); the answer is recorded (channel "api").
    The JSON is the QA contract plus "doc", the document that answered ("" when several did)."""
    question, doc, session = utf8_text(question), utf8_text(doc).strip(), utf8_text(session)[:MAX_SESSION_CHARS]
    try:
        pipeline = desk.ready_pipeline()
        if session:
            answer = converse(pipeline, question, desk.sessions.get(session), doc)
        else:
            answer = pipeline.ask(question, keep_context=False, doc=doc)
        markdown = render_markdown(answer)
    except Exception as exc:  # the asker gets a refusal, never a traceback; the next question works
        failures.record(question, "api", exc, doc)
        answer = failures.error_answer(question, exc, doc)
        markdown = render_markdown(answer)
    data = dict(answer.to_json(), doc=answer.doc)
    desk.log(data, mode="api", channel="api", session=session)
    return markdown, data


def chat_turn(desk: Desk, question: str, conversation, turns, mode: str, session: str = "", pick: str = ""):
    """One chat exchange within the picked document (`pick`; "" or ALL = every document), streamed: yields
    (box, chatbot messages, conversation, turns, target, target text). The answer sentence grows piece by
    piece; the last yield has the whole answer with its sources."""
    question = utf8_text(question)
    turns = list(turns or [])
    conversation = conversation if isinstance(conversation, Conversation) else Conversation()
    pick = "" if pick in (None, ALL) else pick
    key = chart_data.chart_request(question)
    if key is not None:  # a drawing request: the chart of the picked document (or the conversation's)
        context = conversation.context
        doc = desk.picked_document(pick, getattr(context, "doc", "") or getattr(config, "DEFAULT_DOC", ""))
        chart = chart_data.extract(doc, key) if doc and key else None
        turn = ChatTurn(question, chart=key, doc_id=doc.id if doc else "", scope=pick)
        turn.log_id = desk.log(chart_json(chart, question), mode=mode, channel="chart", session=session)
        turns.append(turn)
        yield "", history(desk, turns, mode)[0], conversation, turns, len(turns) - 1, target_text(turns, len(turns) - 1)
        return
    pending = history(desk, turns, mode)[0] + [{"role": "user", "content": user_text(question)}]
    yield "", pending + [{"role": "assistant", "content": "…"}], conversation, turns, gr.skip(), gr.skip()
    try:
        answer = converse(desk.ready_pipeline(), question, conversation, pick)
        sentence = answer_text(answer, mode, question, find_document(desk.documents, answer.doc))
    except Exception as exc:  # the visitor sees a refusal, never a traceback; the next question works
        failures.record(question, "chat", exc, pick)
        answer = failures.error_answer(question, exc)
        sentence = answer.answer
    turn = ChatTurn(question, answer=answer, doc_id=answer.doc, scope=pick)
    turn.log_id = desk.log(dict(answer.to_json(), doc=answer.doc), mode=mode, channel="chat", session=session)
    head = scope_header(desk, turn)
    for piece in stream_steps(sentence)[:-1]:
        yield (gr.skip(), pending + [{"role": "assistant", "content": f'{head}<div class="bqa-answer">{esc(piece)}▌</div>'}],
               gr.skip(), gr.skip(), gr.skip(), gr.skip())
        time.sleep(STREAM_DELAY)
    turns.append(turn)
    yield "", history(desk, turns, mode)[0], conversation, turns, len(turns) - 1, target_text(turns, len(turns) - 1)


def like(desk: Desk, turns, mode: str, index, liked):
    """👍/👎 on a chat message: recorded at once against that message's answer, and the feedback form is
    pointed at it. Returns (turns, target, target text, rating choice, status)."""
    turns = list(turns or [])
    _, owners = history(desk, turns, mode)
    index = index[0] if isinstance(index, (list, tuple)) else index
    if not isinstance(index, int) or not 0 <= index < len(owners) or liked in (None, ""):
        return gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
    t = owners[index]
    rating = "up" if liked is True or liked == "Like" else "down"
    turn = turns[t]
    status = ""
    if turn.log_id is not None:
        try:
            if turn.feedback_id is None:
                turn.feedback_id = desk.store.add_feedback(turn.log_id, rating)
            else:
                desk.store.update_feedback(turn.feedback_id, rating=rating)
            status = "已记录，谢谢！可补充原因和说明后点“提交反馈”。"
        except ValueError as exc:
            status = f"反馈未记录：{esc(exc)}"
    return turns, t, target_text(turns, t), RATING_CHOICES[0 if rating == "up" else 1], status


def feedback(desk: Desk, turns, target, rating, reason, comment):
    """The feedback form: rating, reason and comment on the targeted answer. Returns (turns, status)."""
    turns = list(turns or [])
    if target is None or not 0 <= target < len(turns):
        return turns, "请先提问，或在回答上点 👍/👎 选择要评价的回答。"
    if rating not in RATING_CHOICES:
        return turns, "请选择 👍 或 👎。"
    turn = turns[target]
    if turn.log_id is None:
        return turns, "该回答没有记录，无法反馈。"
    value = "up" if rating == RATING_CHOICES[0] else "down"
    reason = reason if reason in REASONS else ""
    try:
        if turn.feedback_id is None:
            turn.feedback_id = desk.store.add_feedback(turn.log_id, value, reason, comment or "")
        else:
            desk.store.update_feedback(turn.feedback_id, rating=value, reason=reason, comment=comment or "")
    except ValueError as exc:
        return turns, f"反馈未记录：{esc(exc)}"
    return turns, f"已收到对第{target + 1}个回答的反馈，谢谢！"


# ------------------------------------------------------------------------------------------- the page

def build(pipeline: Pipeline | Desk, staff: bool = False, store: FeedbackStore | None = None) -> gr.Blocks:
    """The page. `staff` adds the staff tab and defaults to the 工作人员 mode; serve a staff page only behind a
    login (see `main`)."""
    desk = pipeline if isinstance(pipeline, Desk) else Desk(pipeline, store)

    def ask(question: str, doc: str = "", session: str = "") -> tuple[str, dict]:
        return ask_api(desk, question, doc or "", session or "")

    def chat(question, messages, conversation, turns, mode, pick, request: gr.Request):
        yield from chat_turn(desk, question, conversation, turns, mode, getattr(request, "session_hash", "") or "",
                             pick)

    def on_like(turns, mode, data: gr.LikeData):
        return like(desk, turns, mode, data.index, data.liked)

    def submit_feedback(turns, target, rating, reason, comment):
        return feedback(desk, turns, target, rating, reason, comment)

    def rerender(turns, mode):
        return history(desk, list(turns or []), mode)[0]

    def new_conversation():
        return [], None, [], None, target_text([], None), None, REASONS[-1], "", ""

    def picked(pick):
        """The picker changed (or the page loaded): examples and placeholders of the picked document(s)."""
        examples = desk.examples(pick)
        hint = f"例如：{examples[0]}" if examples else "请输入问题"
        return (gr.Dataset(samples=[[q] for q in examples]), examples, gr.Textbox(placeholder=hint),
                gr.Chatbot(placeholder=f"请在下方输入问题。{hint}"))

    def loaded():
        """A page opened: the documents held now (staff may have added one), the default choice."""
        choices, pick, docs = desk.choices(), desk.default_pick(), desk.documents
        return (gr.Accordion(label=list_title(docs), open=len(docs) <= OPEN_LIST), documents_table(docs),
                gr.Textbox(visible=len(docs) > OPEN_LIST),  # what the visitor may have typed already stays
                gr.Dropdown(choices=choices, value=pick, visible=len(choices) > 1), *picked(pick))

    def searched(text, pick):
        """The search narrowed the picker's choices and the list (short names, places, years: web.picker)."""
        docs = desk.documents
        return (gr.Accordion(label=list_title(docs, text or ""), open=bool((text or "").strip()) or len(docs) <= OPEN_LIST),
                documents_table(docs, text or ""), gr.Dropdown(choices=desk.choices(text or "", pick)))

    title = "预算问答 · 工作人员" if staff else "预算问答"
    choices, pick = desk.choices(), desk.default_pick()
    examples = desk.examples(pick)
    hint = f"例如：{examples[0]}" if examples else "请输入问题"
    with gr.Blocks(title=title) as demo:
        gr.Markdown(f"# {title}\n基于部门预算、决算公开文件回答问题：每个数字都注明出处，合计与比例均经验算。"
                    "公开文件没有的信息，会直接说明“公开文件中没有该信息”。")
        conversation = gr.State(None)  # this session's conversation (web.session.Conversation)
        turns = gr.State([])  # this session's exchanges (ChatTurn)
        target = gr.State(None)  # the turn feedback is about
        shown_examples = gr.State(examples)  # the example questions on show
        with gr.Tabs():
            with gr.Tab("问答", id="chat"):
                many = len(desk.documents) > OPEN_LIST
                with gr.Row(equal_height=True):
                    find = gr.Textbox(label="查找文件", placeholder="部门（可用简称）、城市或年度，如：卫健、广州、2026",
                                      elem_id="bqa-find", visible=many, scale=2, max_length=100)
                    doc = gr.Dropdown(choices, value=pick, label="问哪一份公开文件", elem_id="bqa-doc", filterable=True,
                                      info="选定一份：问题都按这份文件回答；全部文件：问题里说明部门或年度，也可以比较；"
                                           "可在此输入文字筛选",
                                      visible=len(choices) > 1, scale=3)
                with gr.Accordion(list_title(desk.documents), open=not many, elem_id="bqa-docs") as held:
                    held_table = gr.HTML(documents_table(desk.documents), elem_id="bqa-doc-list")
                with gr.Row():
                    mode = gr.Radio(list(MODES), value=STAFF if staff else PUBLIC, label="显示方式",
                                    info="公众咨询：通俗说明并解释名词；工作人员：全部来源与计算过程", scale=3)
                    reset = gr.Button("新对话", scale=1, elem_id="bqa-new")
                chatbot = gr.Chatbot(label="对话", height=560, latex_delimiters=[], elem_id="bqa-chat",
                                     feedback_options=("Like", "Dislike"), buttons=["copy"],
                                     placeholder=f"请在下方输入问题。{hint}")
                with gr.Row():
                    box = gr.Textbox(label="问题", placeholder=hint, scale=5, elem_id="bqa-question",
                                     max_length=getattr(config, "MAX_QUESTION_CHARS", 500) * 2)
                    send = gr.Button("提问", variant="primary", scale=1, elem_id="bqa-send")
                example_set = gr.Dataset(components=[box], samples=[[q] for q in examples], type="index",
                                         label="示例问题（取自所选文件）", elem_id="bqa-examples")
                with gr.Accordion("对回答的反馈", open=False, elem_id="bqa-feedback"):
                    target_md = gr.Markdown(target_text([], None))
                    with gr.Row():
                        rating = gr.Radio(RATING_CHOICES, value=None, label="评价")
                        reason = gr.Dropdown(list(REASONS), value=REASONS[-1], label="原因")
                    comment = gr.Textbox(label="说明（可选）", max_length=2000, lines=2)
                    send_feedback = gr.Button("提交反馈")
                    feedback_status = gr.Markdown("")
            with gr.Tab("概览", id="overview"):
                doc_choices = [(picker_label(d), d.id) for d in in_order(desk.documents)]
                doc_pick = gr.Dropdown(doc_choices, value=doc_choices[0][1] if doc_choices else None, label="公开文件",
                                       visible=len(doc_choices) > 1, filterable=True, elem_id="bqa-overview-doc")
                kpis = gr.HTML()
                plots = []
                for spec in chart_data.SPECS:
                    with gr.Group():
                        plots.append(gr.Plot(label=spec.title, format="png"))
                        plots.append(gr.HTML())
            if staff:
                build_staff_tab(desk)
        with gr.Row(visible=False):
            q_in, doc_in, session_in = gr.Textbox(), gr.Textbox(value=""), gr.Textbox(value="")
            md_out, json_out = gr.Markdown(), gr.JSON()
        q_in.submit(ask, [q_in, doc_in, session_in], [md_out, json_out], api_name="ask")
        accept_question_only(demo, "ask")

        chat_outputs = [box, chatbot, conversation, turns, target, target_md]
        for trigger in (box.submit, send.click):
            trigger(chat, [box, chatbot, conversation, turns, mode, doc], chat_outputs,
                    concurrency_limit=config.CONCURRENCY, concurrency_id="chat", **PRIVATE)
        example_set.click(lambda i, shown: shown[i] if i is not None and 0 <= i < len(shown) else gr.skip(),
                          [example_set, shown_examples], box, **PRIVATE)
        example_outputs = [example_set, shown_examples, box, chatbot]
        doc.input(picked, doc, example_outputs, **PRIVATE)
        mode.change(rerender, [turns, mode], chatbot, **PRIVATE)
        reset.click(new_conversation, None, [chatbot, conversation, turns, target, target_md, rating, reason, comment,
                                             feedback_status], **PRIVATE)
        chatbot.like(on_like, [turns, mode], [turns, target, target_md, rating, feedback_status], **PRIVATE)
        send_feedback.click(submit_feedback, [turns, target, rating, reason, comment], [turns, feedback_status],
                            **PRIVATE)
        overview_outputs = [kpis] + plots
        demo.load(loaded, None, [held, held_table, find, doc] + example_outputs, **PRIVATE)
        for trigger in (find.input, find.submit):
            trigger(searched, [find, doc], [held, held_table, doc], trigger_mode="always_last", **PRIVATE)
        demo.load(lambda doc_id: overview(desk, doc_id), doc_pick, overview_outputs, **PRIVATE)
        doc_pick.change(lambda doc_id: overview(desk, doc_id), doc_pick, overview_outputs, **PRIVATE)
    return demo


def accept_question_only(demo: gr.Blocks, api_name: str) -> None:
    """Raw HTTP callers of the endpoint that send only the question (`{"data": ["…"]}`, as before `doc` and
    `session` existed) keep working: the missing optional inputs get their defaults before Gradio counts them
    (gradio_client fills them itself)."""
    count = demo.validate_inputs

    def validate_inputs(block_fn, inputs):
        if getattr(block_fn, "api_name", None) == api_name and isinstance(inputs, list):
            inputs.extend(getattr(block, "value", None) for block in block_fn.inputs[len(inputs):])
        return count(block_fn, inputs)

    demo.validate_inputs = validate_inputs


def add_upload(desk: Desk, path, department: str, year, kind: str) -> tuple[list[list], str]:
    """The staff page's 添加: the document joins the corpus and is answered at once; the search index follows in
    the background. Returns the documents table and the message (notes on the reading in Chinese)."""
    if not path:
        return document_rows(desk), "请先选择文件。"
    try:
        from corpus.ingest import add_document
        result = add_document(path, department=department or "", year=int(year) if year else None, kind=kind or "")
    except ImportError:
        return document_rows(desk), "文档管理不可用（corpus.ingest 不存在）。"
    except (ValueError, OSError) as exc:
        return document_rows(desk), f"未添加：{esc(exc)}"
    desk.reading_notes[result.document.id] = [n for n in result.notes if is_reading_note(n)]
    desk.reload()
    desk.refresh_index()
    notes = "".join(f"\n- {esc(n)}" for n in shown_notes(result.notes))
    return document_rows(desk), f"已添加 {esc(result.document.id)}，现在即可提问；检索索引正在后台更新。{notes}"


def remove_upload(desk: Desk, doc_id: str, sure: bool) -> tuple[list[list], str]:
    """The staff page's 移除 (once confirmed); the search index follows in the background."""
    if not sure:
        return document_rows(desk), "请勾选“确认移除”。"
    doc_id = (doc_id or "").strip()
    try:
        from corpus.ingest import remove_document
        remove_document(doc_id)
    except ImportError:
        return document_rows(desk), "文档管理不可用（corpus.ingest 不存在）。"
    except (ValueError, OSError) as exc:
        return document_rows(desk), f"未移除：{esc(exc)}"
    desk.reading_notes.pop(doc_id, None)
    desk.reload()
    desk.refresh_index()
    return document_rows(desk), f"已移除 {esc(doc_id)}；检索索引正在后台更新。"


def build_staff_tab(desk: Desk) -> None:
    """Staff only (never built into the public page): the enquiry record, audit, documents."""
    with gr.Tab("工作人员", id="staff") as staff_tab:
        with gr.Tab("反馈记录"):
            which = gr.Radio(["全部", "👎", "👍"], value="全部", label="筛选")
            refresh = gr.Button("刷新")
            table = gr.Dataframe(headers=["编号", "时间", "评价", "原因", "说明", "问题", "回答", "模式"],
                                 interactive=False, wrap=True)
            with gr.Row():
                export_feedback = gr.Button("导出反馈 CSV")
                export_answers = gr.Button("导出全部问答记录 CSV")
            download = gr.File(label="下载", interactive=False)
        with gr.Tab("问答记录"):
            refresh_answers = gr.Button("刷新")
            answers = gr.Dataframe(headers=["编号", "时间", "渠道", "模式", "问题", "回答", "拒答", "类型"],
                                   interactive=False, wrap=True)
        with gr.Tab("审计"):
            gr.Markdown("逐表核对合计、小计与说明中的数字。")
            audit_doc = gr.Dropdown([(d.id, d.id) for d in desk.documents],
                                    value=desk.documents[0].id if desk.documents else None, label="公开文件")
            audit_run = gr.Button("运行审计")
            audit_out = gr.HTML()
        with gr.Tab("文档管理"):
            docs = gr.Dataframe(headers=["编号", "部门", "年度", "类型", "表", "绩效表", "段落", "解析提示"],
                                value=document_rows(desk), interactive=False)
            with gr.Row():
                upload = gr.File(label="添加公开文件（PDF 或文本）", file_types=[".pdf", ".txt"], type="filepath")
                with gr.Column():
                    department = gr.Textbox(label="部门（可空，从封面读取）")
                    year = gr.Number(label="年度（可空）", precision=0)
                    kind = gr.Dropdown(["", "预算", "决算"], value="", label="类型（可空）")
                    add = gr.Button("添加")
            with gr.Row():
                remove_id = gr.Textbox(label="要移除的文件编号")
                confirm = gr.Checkbox(label="确认移除")
                remove = gr.Button("移除", variant="stop")
            reload = gr.Button("重新载入文件")
            doc_status = gr.Markdown("")
            index_status = gr.Markdown(desk.index_status.markdown())
            gr.Timer(2).tick(lambda: desk.index_status.markdown(), None, index_status, queue=False, **PRIVATE)

    def export(kind_: str):
        return str(desk.store.export_csv(desk.export_folder(), kind_))

    def reload_documents():
        desk.reload()
        return document_rows(desk), f"已重新载入 {len(desk.documents)} 份公开文件。"

    staff_tab.select(lambda w: (feedback_rows(desk, w), answer_rows(desk)), which, [table, answers], **PRIVATE)
    for trigger in (refresh.click, which.change):
        trigger(lambda w: feedback_rows(desk, w), which, table, **PRIVATE)
    export_feedback.click(lambda: export("feedback"), None, download, **PRIVATE)
    export_answers.click(lambda: export("answers"), None, download, **PRIVATE)
    refresh_answers.click(lambda: answer_rows(desk), None, answers, **PRIVATE)
    audit_run.click(lambda d: run_audit(desk, d), audit_doc, audit_out, **PRIVATE)
    add.click(lambda *fields: add_upload(desk, *fields), [upload, department, year, kind], [docs, doc_status],
              **PRIVATE)
    remove.click(lambda *fields: remove_upload(desk, *fields), [remove_id, confirm], [docs, doc_status], **PRIVATE)
    reload.click(reload_documents, None, [docs, doc_status], **PRIVATE)


# ------------------------------------------------------------------------------------------- serving

def parse_auth(text: str) -> list[tuple[str, str]]:
    """'user:pass' or 'u1:p1,u2:p2' → [(user, pass), …]."""
    pairs = []
    for item in (text or "").split(","):
        if not item.strip():
            continue
        user, sep, password = item.strip().partition(":")
        if not sep or not user or not password:
            raise ValueError("--auth expects user:password")
        pairs.append((user, password))
    return pairs


VALIDATION_WORDS = {"missing": "缺少此字段", "string_type": "应为文字（字符串）", "json_invalid": "不是有效的 JSON",
                    "model_attributes_type": "应为 JSON 对象", "dict_type": "应为 JSON 对象",
                    "string_too_long": "太长"}


class AskBody(BaseModel):
    question: str
    doc: str = ""  # a document id or department name; "" or "all": every document
    session: str = ""  # any string naming a conversation: follow-ups keep its document and subject


def add_json_api(app, desk: Desk) -> None:
    """`POST /api/ask {"question": "…", "doc"?, "session"?}` → the QA JSON contract (plus "doc", the document
    that answered): the same answer and record as Gradio's `/ask`,
    one plain request instead of the queue's two (for scripts and load). At most config.CONCURRENCY answers are
    computed at once; the rest wait their turn."""
    turns = threading.BoundedSemaphore(config.CONCURRENCY)
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse

    @app.exception_handler(RequestValidationError)
    def malformed(request, exc: RequestValidationError) -> JSONResponse:
        """A malformed request is told what to send, in Chinese (422), never a traceback."""
        problems = [{"field": ".".join(str(p) for p in e.get("loc", ()) if p != "body") or "请求体",
                     "error": VALIDATION_WORDS.get(e.get("type", ""), "格式不正确")} for e in exc.errors()]
        return JSONResponse(status_code=422, content={
            "error": '请求格式不正确：请以 JSON 发送 {"question": "问题"}，可选 "doc"（文件编号或部门名称）与 "session"（会话名）。',
            "problems": problems})

    @app.post("/api/ask")
    def api_ask(body: AskBody) -> dict:
        with turns:
            return ask_api(desk, body.question, body.doc, body.session)[1]

    @app.api_route("/api/ask", methods=["GET", "PUT", "PATCH", "DELETE"], include_in_schema=False)
    def wrong_method() -> JSONResponse:
        """Another method than POST is told so in Chinese (405), not in the framework's English."""
        return JSONResponse(status_code=405, headers={"Allow": "POST"},
                            content={"error": '请用 POST 方法发送问题：POST /api/ask，JSON 内容 {"question": "问题"}。'})

    @app.api_route("/api/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False)
    def unknown_endpoint(rest: str) -> JSONResponse:
        return JSONResponse(status_code=404, content={"error": f"没有这个接口：/api/{rest}。提问请用 POST /api/ask。"})


def serve(desk: Desk, host: str, port: int, auth: list[tuple[str, str]], public: bool):
    """The FastAPI app: the public page at `/`, the staff page at `/staff/` behind the login (when any)."""
    from fastapi import FastAPI

    app = FastAPI()
    app.add_middleware(ChinesePages)
    add_json_api(app, desk)
    # no footer: its links (API page, settings) are Gradio's own English pages; the API is in the README
    common = {"theme": THEME, "css": CSS, "footer_links": [], "show_error": True, "run_history": False, "i18n": WORDS,
              "server_name": host, "server_port": port, "ssr_mode": False}
    if auth and not public:
        staff = build(desk, staff=True).queue(**QUEUE)
        app = gr.mount_gradio_app(app, staff, path="/staff", auth=auth, auth_message="预算问答 · 工作人员登录",
                                  max_file_size=f"{config.MAX_UPLOAD_MB}mb", **common)
    page = build(desk, staff=False).queue(**QUEUE)
    # the public page has no file input: Gradio's upload route refuses every file (413) instead of storing it
    return gr.mount_gradio_app(app, page, path="", max_file_size=0, **common)


# Gradio's zh-CN translations lack the status announcement after each event (shown as "common.complete")
WORDS = gr.I18n(**{"zh-CN": {"common.complete": "完成"}})
PAGES = ("/", "/staff", "/staff/")
# Gradio's own words (登录, 用户名, 密码, 凭据不正确, 加载中…) follow the browser's language (navigator.language),
# and gr.I18n translations never reach the login page (its config is withheld until the login), so the pages
# tell Gradio the visitor reads Chinese before its scripts run.
CHINESE = (b'<script>Object.defineProperty(navigator, "language", {get: () => "zh-CN"});'
           b'Object.defineProperty(navigator, "languages", {get: () => ["zh-CN", "zh"]});</script>')


class ChinesePages:
    """ASGI middleware: the HTML of the two pages (and the staff login) with CHINESE in its head. Every other
    request (the API, the queue's streams, files) passes untouched."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"] not in PAGES:
            return await self.app(scope, receive, send)
        # uncompressed, to edit it (the page is a few kB)
        scope = dict(scope, headers=[(k, v) for k, v in scope["headers"] if k != b"accept-encoding"])
        start, body = {}, []

        async def edit(message):
            if message["type"] == "http.response.start":
                start.update(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body"):
                return
            page = b"".join(body)
            headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
            if any(k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in headers):
                page = page.replace(b'lang="en"', b'lang="zh-CN"', 1).replace(b"<head>", b"<head>" + CHINESE, 1)
            await send(dict(start, headers=headers + [(b"content-length", str(len(page)).encode())]))
            await send({"type": "http.response.body", "body": page})

        await self.app(scope, receive, edit)


def warm_up(desk: Desk, started: float | None = None) -> None:
    """Load the retriever's model before the first visitor asks (not recorded); questions asked meanwhile
    wait for it (see Desk.ready_pipeline)."""
    try:
        desk.pipeline.warm()
        desk.pipeline.ask("三公经费是多少？", keep_context=False)
    except Exception as exc:  # pragma: no cover - answering reports its own errors later
        print(f"warm-up failed: {exc}", file=sys.stderr)
    finally:
        desk.warm.set()
    if started is not None:
        print(f"预算问答 warm (first answers at full speed) in {time.perf_counter() - started:.1f} s", flush=True)


def main(argv: list[str] | None = None) -> None:
    started = STARTED
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=7860)
    parser.add_argument("--auth", default=getattr(config, "AUTH", ""),
                        help="staff login user:password (several: u1:p1,u2:p2); enables /staff/")
    parser.add_argument("--public", action="store_true", help="serve only the public page, even with --auth")
    parser.add_argument("--record", type=Path, default=None,
                        help="the enquiry record (SQLite); default DATA_DIR/enquiries.sqlite3")
    args = parser.parse_args(argv)
    try:
        auth = parse_auth(args.auth)
    except ValueError as exc:
        parser.error(str(exc))
    import uvicorn

    desk = Desk(Pipeline.load(), FeedbackStore(args.record))
    desk.warm.clear()  # questions wait for warm_up, which starts once the server listens
    staff = bool(auth) and not args.public
    server = uvicorn.Server(uvicorn.Config(serve(desk, args.host, args.port, auth, args.public), host=args.host,
                                           port=args.port, log_level="warning",
                                           timeout_graceful_shutdown=3))

    def announce() -> None:
        while not server.started and not server.should_exit:
            time.sleep(0.05)
        if server.started:
            print(f"预算问答 ready on http://{args.host}:{args.port}/"
                  + (f" (staff: http://{args.host}:{args.port}/staff/)" if staff else " (public mode)")
                  + f" in {time.perf_counter() - started:.1f} s", flush=True)
            warm_up(desk, started)

    threading.Thread(target=announce, daemon=True).start()
    server.run()


if __name__ == "__main__":
    main()
