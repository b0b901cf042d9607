"""The web chat: `python app.py [--host 127.0.0.1] [--port 7860]` — a thin Gradio page over qa.Pipeline.

The named API endpoint `ask` (question in; answer markdown and the QA JSON contract out) serves the enquiry
desk's systems through gradio_client.
"""
from __future__ import annotations

import argparse
import html

import config  # noqa: F401  (sets the offline and no-telemetry environment first)
import gradio as gr

from qa.pipeline import Pipeline

EXAMPLES = ["交警支队的机关运行经费是多少？", "所有警察加班补贴加起来多少？", "基本支出占比多少？",
            "三公经费比上年减少多少？", "什么是机关运行经费？"]


def render_markdown(answer) -> str:
    """The answer, its sources and its checks; every piece of text from a user or a file is escaped."""
    parts = [html.escape(answer.answer)]
    if answer.citations:
        parts.append("\n\n**来源**")
        parts += [f"- {html.escape(c.table)} · {html.escape(c.row)} · {html.escape(c.column)} · 第{c.line}行："
                  f"`{html.escape(c.text.strip()[:120])}`" for c in answer.citations]
    if answer.checks:
        parts.append("\n\n**验算**")
        parts += [f"- {'✅' if c.ok else '⚠️'} {html.escape(c.expression)}" for c in answer.checks]
    return "\n".join(parts)


def build(pipeline: Pipeline) -> gr.Blocks:
    def ask(question: str) -> tuple[str, dict]:
        answer = pipeline.ask(question or "", keep_context=False)
        return render_markdown(answer), answer.to_json()

    def chat(question: str, history: list):
        answer = pipeline.ask(question or "")
        history = (history or []) + [{"role": "user", "content": html.escape(question or "")},
                                     {"role": "assistant", "content": render_markdown(answer)}]
        return "", history

    with gr.Blocks(title="预算问答") as demo:
        gr.Markdown("# 预算问答\n基于部门预算公开文件回答问题：每个数字都注明出处，合计与比例均经验算。")
        chatbot = gr.Chatbot(label="对话", height=520)
        box = gr.Textbox(label="问题", placeholder="例如：交警支队的机关运行经费是多少？")
        gr.Examples(EXAMPLES, inputs=box)
        box.submit(chat, [box, chatbot], [box, chatbot], api_name=False)
        with gr.Row(visible=False):
            q_in, md_out, json_out = gr.Textbox(), gr.Markdown(), gr.JSON()
        q_in.submit(ask, q_in, [md_out, json_out], api_name="ask")
    return demo


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=7860)
    args = parser.parse_args()
    demo = build(Pipeline.load())
    demo.queue(default_concurrency_limit=4).launch(server_name=args.host, server_port=args.port, show_error=True)


if __name__ == "__main__":
    main()
