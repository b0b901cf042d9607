"""Rendering answers: escaping, the 来源 table with the cited cell highlighted, public mode hiding codes."""
import re
from decimal import Decimal

from qa.answer import Answer, Check, Citation, Figure
from web.render import (
    PUBLIC,
    STAFF,
    cited_row,
    glossary_terms,
    render_answer,
    render_markdown,
    stream_steps,
    strip_codes,
    user_text,
    with_wan_yuan,
)

HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>']


def test_user_text_is_escaped():
    for text in HOSTILE:
        shown = user_text(text)
        assert "<script" not in shown and "<img" not in shown and "<svg" not in shown
        assert "&lt;" in shown


def test_hostile_text_in_an_answer_and_its_sources_is_escaped(pipeline):
    for text in HOSTILE:
        answer = Answer(text, f"公开文件中没有该信息：找不到“{text}”。", refused=True, doc=pipeline.documents[0].id,
                        citations=[Citation("x", text, text, text, 3, text)],
                        checks=[Check(text, Decimal(1), None, False)], figures=[Figure(Decimal(1), "万元", text)])
        for mode in (PUBLIC, STAFF):
            html = render_answer(answer, pipeline.documents, mode)
            assert not re.search(r"<(script|img|svg)", html), html
            assert "&lt;" in html
        assert "<img" not in render_markdown(answer)


def test_sources_show_the_cited_row_with_the_cell_highlighted(pipeline):
    answer = pipeline.ask("交警支队的机关运行经费是多少？", keep_context=False)
    html = render_answer(answer, pipeline.documents, STAFF)
    assert '<details class="bqa-sources"' in html and "来源（1条）" in html
    assert '<td class="bqa-hit-cell"><mark class="bqa-hit">3,149.06</mark></td>' in html
    assert "第434行" in html and "大同市公安局交通警察支队" in html
    # the verbatim line, with only the cited field marked (the 一般公共预算 column prints the same figure)
    line = re.search(r'<pre class="bqa-line">(.*?)</pre>', html, re.DOTALL).group(1)
    assert line.count("<mark") == 1 and line.startswith("大同市公安局交通警察支队\t<mark")


def test_citation_finds_its_row_by_table_and_line(pipeline, doc):
    answer = pipeline.ask("行政运行是多少", keep_context=False)
    _table, row = cited_row(doc, answer.citations[0])
    assert row.source.line == answer.citations[0].line and row.code == "2040201"


def test_staff_mode_shows_codes_and_the_trail_public_mode_hides_codes(pipeline):
    answer = pipeline.ask("行政运行是多少", keep_context=False)
    staff = render_answer(answer, pipeline.documents, STAFF)
    public = render_answer(answer, pipeline.documents, PUBLIC)
    assert "科目编码" in staff and "2040201" in staff and "计算过程" in staff
    assert "2040201" not in public and "科目编码</th>" not in public and "计算过程" not in public
    assert "已略去科目编码" in public and "80,741.69" in public


def test_public_mode_shows_codes_when_asked(pipeline):
    answer = Answer("2040201是什么科目", "行政运行（2040201）为 80,741.69万元。", doc=pipeline.documents[0].id)
    assert "2040201" in render_answer(answer, pipeline.documents, PUBLIC)
    answer.question = "行政运行是多少"
    public = render_answer(answer, pipeline.documents, PUBLIC)
    assert "2040201" not in public and "80,741.69" in public


def test_strip_codes_never_touches_figures():
    codes = {"204", "20402", "2040201"}
    assert strip_codes("行政运行（2040201）为 80,741.69万元，第204行", codes) == "行政运行为 80,741.69万元，第204行"
    assert strip_codes("合计 2040.20万元", codes) == "合计 2040.20万元"


def test_public_mode_explains_terms_from_the_glossary(pipeline, doc):
    answer = pipeline.ask("交警支队的机关运行经费是多少？", keep_context=False)
    public = render_answer(answer, pipeline.documents, PUBLIC)
    assert "名词解释" in public and "公用经费支出" in public and "第1234行" in public
    assert "名词解释" not in render_answer(answer, pipeline.documents, STAFF)
    # a definition answer does not explain its own term again
    definition = pipeline.ask("什么是机关运行经费？", keep_context=False)
    assert "机关运行经费" not in [e.term for e in glossary_terms(doc, definition, definition.question)]


def test_badge_lists_checks():
    ok = Answer("q", "a", checks=[Check("1 + 2 = 3", Decimal(3), None, True)], figures=[Figure(Decimal(3), "万元", "x")])
    bad = Answer("q", "a", checks=[Check("1 + 2 = 3", Decimal(3), Decimal(4), False)], figures=[Figure(Decimal(3), "万元", "x")])
    assert "✅ 验算通过（1项）" in render_answer(ok, [], STAFF)
    assert "⚠️" in render_answer(bad, [], STAFF) and "公开文件印为 4" in render_answer(bad, [], STAFF)
    plain = Answer("q", "a", figures=[Figure(Decimal(3), "万元", "x")])
    assert "未经计算" in render_answer(plain, [], PUBLIC)


def test_public_mode_shows_at_most_three_sources(doc):
    cites = [Citation(doc.id, "名词解释", "x", "", i, f"line {i}") for i in range(1, 6)]
    answer = Answer("q", "a", citations=cites, doc=doc.id)
    public = render_answer(answer, [doc], PUBLIC)
    assert public.count('class="bqa-cite"') == 3 and "另有2条来源" in public
    assert render_answer(answer, [doc], STAFF).count('class="bqa-cite"') == 5


def test_stream_steps_grow_to_the_whole_text():
    steps = stream_steps("一二三四五六七八九十壹贰叁", step=4)
    assert steps[-1] == "一二三四五六七八九十壹贰叁" and all(b.startswith(a) for a, b in zip(steps, steps[1:]))
    assert len(steps) == 4 and stream_steps("") == [""]


def test_audit_findings_for_staff():
    from web.render import audit_html

    findings = [{"status": "discrepancy", "expression": "1 + 2 = 3 ≠ 4", "explanation": "<b>不一致</b>",
                 "citations": [{"table": "表", "line": 7}, {"table": "表", "line": 7}]},
                {"status": "exact", "expression": "1 = 1", "explanation": "一致", "citations": []}]
    html = audit_html(findings)
    assert "共核对 2 项：不一致 1 项，四舍五入误差内 0 项，一致 1 项" in html
    assert '<details class="bqa-sources" open><summary>⚠️ 不一致（1项）' in html
    assert "&lt;b&gt;" in html and "<b>" not in html and html.count("第7行") == 1
    assert audit_html({"odd": "<x>"}).startswith('<pre class="bqa-line">') and "<x>" not in audit_html({"odd": "<x>"})


def test_audit_findings_show_their_kind_and_severity():
    from web.render import audit_html

    html = audit_html([{"status": "discrepancy", "expression": "2023 ≠ 2024", "explanation": "标题年份不符。",
                        "kind": "year", "severity": "warning", "citations": [{"table": "标题", "line": 3}]}])
    assert "[year · warning]" in html and "标题年份不符。" in html


def test_rows_sharing_a_project_name_their_unit_in_the_sources(pipeline):
    answer = pipeline.ask("所有警察加班补贴加起来多少？", keep_context=False)
    html = render_answer(answer, pipeline.documents, STAFF)
    titles = re.findall(r'bqa-cite-title">(.*?)</div>', html)
    assert len(titles) == len(answer.citations) >= 2
    assert any("第521行（大同市公安局交通警察支队，见其绩效目标表第" in t for t in titles)  # its form's annual funds
    assert any("第472行（大同市公安局平城分局" in t for t in titles)


def test_rows_with_a_unit_column_name_it_already(two_departments):
    answer = two_departments.ask("所有社区保洁服务加起来多少？", keep_context=False, doc="xinqiao-2025")
    assert "社区保洁服务 / 新桥街道城市运行管理中心" in answer.answer and "社区保洁服务 / 新桥街道社区事务受理服务中心" in answer.answer
    html = render_answer(answer, two_departments.documents, PUBLIC)
    assert html.count("新桥街道城市运行管理中心") >= 2 and "见其绩效目标表" not in html


# ---- issue 25: 元 figures also read in 万元; refusals explain no term; the first answer's sources open


def test_amounts_in_yuan_are_also_shown_in_wan_yuan_beside_the_stated_figure():
    assert with_wan_yuan("合计为 123,456,789元。") == "合计为 123,456,789元（约12,345.68万元）。"
    assert with_wan_yuan("公务接待费为 13,500元") == "公务接待费为 13,500元（即1.35万元）"
    for unchanged in ("9,999.99元", "3,149.06万元", "2.5亿元", "123,456,789元（约12,345.68万元）", "第391行"):
        assert with_wan_yuan(unchanged) == unchanged


def test_the_rendered_answer_adds_wan_yuan_and_the_json_keeps_the_stated_figure():
    answer = Answer("行政运行是多少？", "行政运行（一般公共预算支出/合计）为 123,456,789元。", doc="d",
                    figures=[Figure(Decimal("123456789"), "元", "行政运行")])
    for mode in (PUBLIC, STAFF):
        assert "123,456,789元（约12,345.68万元）" in render_answer(answer, [], mode)
    assert answer.to_json()["answer"] == "行政运行（一般公共预算支出/合计）为 123,456,789元。"
    assert answer.to_json()["figures"][0]["value"] == "123456789"


def test_a_refusal_carries_no_glossary(pipeline, doc):
    answered = pipeline.ask("交警支队的机关运行经费是多少？", keep_context=False)
    assert "名词解释" in render_answer(answered, pipeline.documents, PUBLIC)
    refused = Answer("交警支队明年的机关运行经费是多少？", "公开文件中没有该信息：没有2024年的机关运行经费。", refused=True,
                     doc=doc.id)
    assert glossary_terms(doc, refused, refused.question)  # the term is there to explain, but a refusal does not
    assert "名词解释" not in render_answer(refused, pipeline.documents, PUBLIC)


def test_the_sources_panel_opens_when_asked(pipeline):
    answer = pipeline.ask("交警支队的机关运行经费是多少？", keep_context=False)
    assert '<details class="bqa-sources" open>' in render_answer(answer, pipeline.documents, PUBLIC, open_sources=True)
    assert '<details class="bqa-sources">' in render_answer(answer, pipeline.documents, PUBLIC)
