"""Answers as HTML for the chat: the answer, a 来源 panel (each cited row as a small table with the cited cell
highlighted, its source line and the verbatim text), a verification badge, and — for the public — the
disclosure's own 名词解释 for the budget terms the answer uses.

Every piece of text that comes from a user or a file is escaped here; nothing else builds HTML.
Two modes: STAFF (full detail, computation trail, every citation, subject codes) and PUBLIC (plain language,
codes hidden unless the question asks for them, at most PUBLIC_CITATIONS sources).
"""
from __future__ import annotations

import html
import re
from decimal import Decimal

from corpus.model import Disclosure, ProjectForm, Row, Table
from corpus.money import convert, format_amount, parse_amount
from corpus.text import compact
from qa.answer import Answer, Citation

STAFF = "工作人员"
PUBLIC = "公众咨询"
MODES = (PUBLIC, STAFF)
PUBLIC_CITATIONS = 3

# a question that asks for codes sees them in public mode too
_ASKS_CODES = re.compile(r"编码|代码|编号|科目号|\d{3,7}")
_QUOTES = str.maketrans("", "", "“”\"'‘’「」『』")
# an amount in 元 (not 万元/亿元: the digits touch 元), not already followed by its 万元 reading
_YUAN = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?元(?![（(][约即])")


def esc(text) -> str:
    """Escaped text for HTML (quotes too: it may sit in an attribute)."""
    return html.escape("" if text is None else str(text), quote=True)


def user_text(question: str) -> str:
    """A user's message as the chat shows it: escaped, in a block so Markdown leaves it alone."""
    return f'<div class="bqa-user">{esc(question)}</div>'


# ---------------------------------------------------------------------------------- the API markdown

def render_markdown(answer: Answer) -> str:
    """The `/ask` endpoint's markdown: the answer, its sources and its checks (all escaped)."""
    parts = [esc(answer.answer)]
    if answer.citations:
        parts.append("\n\n**来源**")
        parts += [f"- {esc(c.table)} · {esc(c.row)} · {esc(c.column)} · 第{c.line}行："
                  f"`{esc(c.text.strip()[:120])}`" for c in answer.citations]
    if answer.checks:
        parts.append("\n\n**验算**")
        parts += [f"- {'✅' if c.ok else '⚠️'} {esc(c.expression)}" for c in answer.checks]
    return "\n".join(parts)


# ---------------------------------------------------------------------------------- finding sources

def document_label(doc: Disclosure) -> str:
    """How the page names a document: department, year, 预算/决算."""
    year = f" {doc.year}年" if doc.year else " "
    return f"{doc.department}{year}{doc.kind or '公开文件'}"


def find_document(documents: list[Disclosure], doc_id: str) -> Disclosure | None:
    return next((d for d in documents if d.id == doc_id), documents[0] if len(documents) == 1 else None)


def cited_row(doc: Disclosure | None, citation: Citation) -> tuple[Table, Row] | None:
    """The table row a citation points at: same table title and source line (the row label breaks ties,
    e.g. the 收入 and 支出 sides of one line)."""
    if doc is None or not citation.line:
        return None
    for table in doc.tables:
        if table.title != citation.table:
            continue
        rows = [r for r in table.rows if r.source.line == citation.line]
        if not rows:
            continue
        named = [r for r in rows if compact(r.full_label) == compact(citation.row)]
        with_column = [r for r in named or rows if any(c.column == citation.column for c in r.cells)]
        return table, (with_column or named or rows)[0]
    return None


def row_unit(doc: Disclosure | None, table: Table, row: Row, column: str) -> ProjectForm | None:
    """The unit that carries out a project row, when the table prints that project on several rows without a
    unit column: the project's 绩效目标表 whose annual funds equal the row's amount (None unless exactly one)."""
    if doc is None or row.qualifiers or len(table.rows_labelled(row.label)) < 2:
        return None
    cell = row.cell(column) if column else None
    if cell is None or cell.value is None or table.unit not in ("元", "万元"):
        return None
    forms = [f for f in doc.forms if compact(f.project) == compact(row.label) and f.implementing_unit
             and f.annual_funds_yuan is not None and convert(f.annual_funds_yuan, "元", table.unit) == cell.value]
    return forms[0] if len(forms) == 1 else None


def asks_for_codes(question: str) -> bool:
    return bool(_ASKS_CODES.search(question or ""))


# ---------------------------------------------------------------------------------- pieces

def highlight(text: str, needles: list[str]) -> str:
    """Escaped `text` with each occurrence of the needles wrapped in <mark>."""
    needles = sorted({n for n in needles if n}, key=len, reverse=True)
    if not needles:
        return esc(text)
    pattern = re.compile("|".join(re.escape(n) for n in needles))
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append(esc(text[last:m.start()]))
        out.append(f'<mark class="bqa-hit">{esc(m.group(0))}</mark>')
        last = m.end()
    out.append(esc(text[last:]))
    return "".join(out)


def figure_strings(values) -> list[str]:
    """How figures may be printed in a source line: 3,149.06 and 3149.06."""
    found = []
    for v in values:
        if isinstance(v, Decimal):
            found += [format_amount(v), f"{v:f}"]
    return found


def verbatim(text: str, public: bool, code: str | None, needles: list[str], field: int | None = None) -> str:
    """The source line as printed (tabs kept), the cited figure marked: only field `field` when the line's
    fields line up with the table's columns, else every occurrence of the needles. In public mode a leading
    subject code field is left out, and the caption says so."""
    fields = text.rstrip("\n").split("\t")
    note = ""
    if public and code and fields and fields[0].strip() == code:
        fields = fields[1:]
        field = None if field is None else field - 1
        note = '<span class="bqa-note">（原文，已略去科目编码）</span>'
    if field is not None and 0 <= field < len(fields):
        shown = "\t".join(highlight(f, needles) if i == field else esc(f) for i, f in enumerate(fields))
    else:
        shown = highlight("\t".join(fields), needles)
    return f'{note}<pre class="bqa-line">{shown}</pre>'


def cited_field(table: Table, row: Row, column: str, text: str) -> int | None:
    """The tab-separated field of the source line that holds the cited cell, when the line has one field per
    table column and that field holds the cell's text."""
    fields = text.rstrip("\n").split("\t")
    cell = row.cell(column) if column else None
    if cell is None or column not in table.columns or len(fields) != len(table.columns):
        return None
    index = table.columns.index(cell.column)
    return index if fields[index].strip() == cell.raw.strip() else None


def row_table(table: Table, row: Row, column: str, public: bool) -> str:
    """One cited row as a small table: label (and code, for staff) then its cells; the cited cell marked."""
    head = ([] if public or not row.code else ["科目编码"]) + ["项目"]
    cells = ([] if public or not row.code else [esc(row.code)]) + [esc(row.full_label)]
    for cell in row.cells:
        head.append(cell.column)
        shown = esc(cell.raw) if cell.raw.strip() else "—"
        if cell.column == column:
            cells.append(f'<td class="bqa-hit-cell"><mark class="bqa-hit">{shown}</mark></td>')
        else:
            cells.append(f"<td>{shown}</td>")
    header = "".join(f"<th>{esc(h)}</th>" for h in head)
    body = "".join(c if c.startswith("<td") else f"<td>{c}</td>" for c in cells)
    return (f'<table class="bqa-row"><thead><tr>{header}</tr></thead><tbody><tr>{body}</tr></tbody></table>'
            f'<div class="bqa-unit">单位：{esc(table.unit)}</div>')


def citation_html(doc: Disclosure | None, citation: Citation, answer: Answer, public: bool) -> str:
    found = cited_row(doc, citation)
    where = f"第{citation.line}行" if citation.line else ""
    title = esc(citation.table)
    needles = figure_strings(f.value for f in answer.figures)
    if found:
        table, row = found
        form = row_unit(doc, table, row, citation.column)
        if form is not None:  # several rows of one project: say whose this one is
            where += f"（{form.implementing_unit}，见其绩效目标表第{form.source.line}行）"
        cell = row.cell(citation.column) if citation.column else None
        if cell is not None and cell.raw.strip():
            needles = [cell.raw.strip()]
        body = row_table(table, row, citation.column, public)
        line = verbatim(citation.text, public, row.code, needles, cited_field(table, row, citation.column, citation.text))
    else:
        pairs = [("出处", citation.table), ("项目", citation.row), ("栏目", citation.column)]
        body = ('<table class="bqa-row"><tbody>'
                + "".join(f"<tr><th>{k}</th><td>{esc(v)}</td></tr>" for k, v in pairs if v)
                + "</tbody></table>")
        line = verbatim(citation.text, public, None, needles)
    return (f'<div class="bqa-cite"><div class="bqa-cite-title">📄 {title} · <b>{where}</b></div>'
            f"{body}{line}</div>")


def sources_panel(doc: Disclosure | None, answer: Answer, public: bool, open_: bool = False) -> str:
    if not answer.citations:
        return ""
    shown = answer.citations[:PUBLIC_CITATIONS] if public else answer.citations
    items = "".join(citation_html(doc, c, answer, public) for c in shown)
    more = len(answer.citations) - len(shown)
    if more:
        items += f'<div class="bqa-note">另有{more}条来源，工作人员模式可查看全部。</div>'
    return (f'<details class="bqa-sources"{" open" if open_ else ""}><summary>来源（{len(answer.citations)}条）</summary>'
            f"{items}</details>")


def badge(answer: Answer, public: bool) -> str:
    """The verification badge: each arithmetic check with ✅ or ⚠️."""
    if answer.refused and not answer.checks:
        return ""
    if not answer.checks:
        if not answer.figures:
            return ""
        return '<div class="bqa-badge bqa-plain">📄 数字直接摘自公开文件，未经计算</div>'
    ok = all(c.ok for c in answer.checks)
    head = (f"✅ 验算通过（{len(answer.checks)}项）" if ok
            else f"⚠️ 验算发现不一致（{sum(not c.ok for c in answer.checks)}/{len(answer.checks)}项）")
    items = []
    for c in answer.checks:
        extra = ""
        if not public and c.reported is not None:
            extra = f"；公开文件印为 {esc(c.reported)}"
        items.append(f"<li>{'✅' if c.ok else '⚠️'} {esc(c.expression)}{extra}</li>")
    return f'<div class="bqa-badge {"bqa-ok" if ok else "bqa-warn"}"><b>{head}</b><ul>{"".join(items)}</ul></div>'


def trail(answer: Answer) -> str:
    """Staff only: the computation trail (figures, checks with computed and printed values, intent, timing)."""
    rows = [f"<li>数字：{esc(format_amount(f.value) if f.unit in ('万元', '元') else f.value)}{esc(f.unit)}"
            f" — {esc(f.label)}</li>" for f in answer.figures]
    rows += [f"<li>验算：{esc(c.expression)} → 计算值 {esc(c.result)}"
             f"{'' if c.reported is None else '，印制值 ' + esc(c.reported)}，{'一致' if c.ok else '不一致'}</li>"
             for c in answer.checks]
    rows.append(f"<li>问题类型：{esc(answer.intent)}；文件：{esc(answer.doc or '—')}；"
                f"用时 {answer.latency_ms:.0f} 毫秒</li>")
    return f'<details class="bqa-trail"><summary>计算过程</summary><ul>{"".join(rows)}</ul></details>'


def plain_terms(text: str) -> str:
    """Public mode: column paths read as words ('2023年预算数/合计' → '2023年预算数·合计')."""
    return re.sub(r"(?<=[\u4e00-\u9fff\d])/(?=[\u4e00-\u9fff])", "·", text)


def document_codes(doc: Disclosure | None) -> set[str]:
    return {r.code for t in doc.tables for r in t.rows if r.code} if doc else set()


def strip_codes(text: str, codes: set[str]) -> str:
    """The document's own subject codes taken out of running text (only those: a figure is never touched)."""
    if not codes:
        return text
    alternatives = "|".join(sorted((re.escape(c) for c in codes), key=len, reverse=True))
    pattern = re.compile(rf"[（(]?(?<![\d.,第])(?:{alternatives})(?![\d.,%万元行年项个条名人])[)）]?\s?")
    return pattern.sub("", text)


def glossary_terms(doc: Disclosure | None, answer: Answer, question: str) -> list:
    """名词解释 entries whose term the answer (or the question, or a cited row) uses — except the entry the
    answer itself quotes."""
    if doc is None:
        return []
    quoted = {compact(c.row).translate(_QUOTES) for c in answer.citations if c.table == "名词解释"}
    haystack = compact(" ".join([answer.answer, question] + [c.row for c in answer.citations]
                                + [c.table for c in answer.citations])).translate(_QUOTES)
    found = []
    for entry in doc.glossary:
        term = compact(entry.term).translate(_QUOTES)
        if len(term) >= 2 and term in haystack and term not in quoted:
            found.append(entry)
    return found


def glossary_panel(entries) -> str:
    if not entries:
        return ""
    items = "".join(f"<li><b>{esc(e.term)}</b>：{esc(e.definition)}<span class=\"bqa-note\">（名词解释，第{e.source.line}行）</span></li>"
                    for e in entries)
    return f'<details class="bqa-glossary" open><summary>名词解释</summary><ul>{items}</ul></details>'


def notes_panel(answer: Answer) -> str:
    if not answer.notes:
        return ""
    return '<div class="bqa-notes">' + "".join(f"<div>⚠️ {esc(n)}</div>" for n in answer.notes) + "</div>"


# ---------------------------------------------------------------------------------- the whole answer

def answer_text(answer: Answer, mode: str, question: str, doc: Disclosure | None = None) -> str:
    """The answer sentence as the chosen mode shows it (plain text, not yet escaped)."""
    text = answer.answer
    if mode != STAFF:
        text = plain_terms(text)
        if not asks_for_codes(question):
            text = strip_codes(text, document_codes(doc))
    return with_wan_yuan(text)


def with_wan_yuan(text: str) -> str:
    """Amounts of 10,000元 or more also read in 万元 after the stated figure, which stays as printed (nine-digit
    figures are hard to read): '123,456,789元' → '123,456,789元（约12,345.68万元）'."""
    def add(match: re.Match) -> str:
        value = parse_amount(match.group(0)[:-1])
        if value is None or value < 10000:
            return match.group(0)
        wan = convert(value, "元", "万元")
        shown = format_amount(wan)
        return f"{match.group(0)}（{'即' if parse_amount(shown) == wan else '约'}{shown}万元）"

    return _YUAN.sub(add, text)


def render_answer(answer: Answer, documents: list[Disclosure], mode: str = PUBLIC, question: str | None = None,
                  text: str | None = None, open_sources: bool = False) -> str:
    """The chat's HTML for one answer. `text` overrides the answer sentence (used while streaming);
    `open_sources` shows the 来源 panel open (the conversation's first answer shows where figures come from)."""
    public = mode != STAFF
    question = answer.question if question is None else question
    doc = find_document(documents, answer.doc)
    sentence = answer_text(answer, mode, question, doc) if text is None else text
    parts = [f'<div class="bqa-answer{" bqa-refused" if answer.refused else ""}">{esc(sentence)}</div>',
             notes_panel(answer), badge(answer, public)]
    if public and not answer.refused:  # a refusal explains no term: it did not answer with one
        parts.append(glossary_panel(glossary_terms(doc, answer, question)))
    parts.append(sources_panel(doc, answer, public, open_sources))
    if not public:
        parts.append(trail(answer))
    return "\n".join(p for p in parts if p)


def stream_steps(text: str, step: int = 6) -> list[str]:
    """Growing prefixes of `text` for a streamed answer (ends with the whole text)."""
    if not text:
        return [""]
    return [text[:i] for i in range(step, len(text), step)] + [text]


# ---------------------------------------------------------------------------------- the audit (staff)

AUDIT_STATUS = {"discrepancy": ("⚠️", "不一致"), "rounding": ("✅", "四舍五入误差内"), "exact": ("✅", "一致")}


def cited_lines(finding: dict, limit: int = 6) -> str:
    lines = dict.fromkeys(f"{c.get('table', '')} 第{c.get('line')}行" for c in finding.get("citations", []))
    return "；".join(list(lines)[:limit])


def audit_tags(finding: dict) -> str:
    """The finding's kind and severity (audit/finding.py), when it carries them."""
    tags = [finding[k] for k in ("kind", "severity") if finding.get(k)]
    return f'<span class="bqa-note">[{esc(" · ".join(tags))}]</span> ' if tags else ""


def audit_html(findings) -> str:
    """The audit's findings (audit/checks.py) for staff: counts, then the discrepancies (open), rounding and exact
    ones (closed), each with its arithmetic, explanation and cited lines. Anything else is shown as escaped JSON."""
    import json

    items = [f.to_json() if hasattr(f, "to_json") else f for f in (findings or [])]
    if not isinstance(findings, list) or not all(isinstance(i, dict) and "status" in i for i in items):
        return f'<pre class="bqa-line">{esc(json.dumps(items if isinstance(findings, list) else findings, ensure_ascii=False, indent=1, default=str))}</pre>'
    parts = []
    counts = "，".join(f"{AUDIT_STATUS.get(k, ('', k))[1]} {sum(i['status'] == k for i in items)} 项" for k in AUDIT_STATUS)
    parts.append(f"<p>共核对 {len(items)} 项：{esc(counts)}。</p>")
    for status, (icon, name) in AUDIT_STATUS.items():
        group = [i for i in items if i["status"] == status]
        if not group:
            continue
        rows = "".join(f"<li>{icon} {audit_tags(i)}<code>{esc(i.get('expression', ''))}</code> — {esc(i.get('explanation', ''))}"
                       f'<span class="bqa-note">（{esc(cited_lines(i))}）</span></li>' for i in group)
        parts.append(f'<details class="bqa-sources"{" open" if status == "discrepancy" else ""}>'
                     f"<summary>{icon} {esc(name)}（{len(group)}项）</summary><ul>{rows}</ul></details>")
    return "".join(parts)


CSS = """
.bqa-answer{font-size:1.02em;line-height:1.6}
.bqa-doc-head{font-size:.85em;color:#345;margin-bottom:.2em}
.bqa-docs{font-size:.9em}
.bqa-docs ul{margin:.2em 0 .2em 1.2em;padding:0}
.bqa-docs{max-height:22em;overflow-y:auto}
table.bqa-doc-table{border-collapse:collapse;width:100%}
table.bqa-doc-table th,table.bqa-doc-table td{border-bottom:1px solid #e3e6ec;padding:.15em .5em;text-align:left}
table.bqa-doc-table th{position:sticky;top:0;background:#f3f5f9;font-weight:500}
.bqa-refused{color:#8a5300}
.bqa-badge{margin:.4em 0;padding:.3em .6em;border-radius:6px;font-size:.9em}
.bqa-badge ul{margin:.2em 0 0 1.2em;padding:0}
.bqa-ok{background:#e8f6ec;border:1px solid #9ad3a9}
.bqa-warn{background:#fff4e0;border:1px solid #f0b860}
.bqa-plain{background:#eef3fb;border:1px solid #b5c8e8}
.bqa-sources,.bqa-glossary,.bqa-trail{margin:.4em 0;border:1px solid #d8dde6;border-radius:6px;padding:.2em .6em}
.bqa-sources summary,.bqa-glossary summary,.bqa-trail summary{cursor:pointer;font-weight:600}
.bqa-cite{margin:.5em 0}
.bqa-cite-title{font-size:.9em;color:#334}
table.bqa-row{border-collapse:collapse;font-size:.85em;margin:.2em 0}
table.bqa-row th,table.bqa-row td{border:1px solid #ccd;padding:.15em .45em;white-space:nowrap}
table.bqa-row th{background:#f3f5f9;font-weight:500}
td.bqa-hit-cell{background:#fff3a8}
mark.bqa-hit{background:#ffe45c;padding:0 .1em}
pre.bqa-line{white-space:pre-wrap;font-size:.82em;background:#f7f7f7;padding:.2em .4em;margin:.2em 0;tab-size:4}
.bqa-note,.bqa-unit{font-size:.8em;color:#667}
.bqa-notes{color:#8a5300;font-size:.9em}
.bqa-kpi{display:inline-block;margin:.3em;padding:.5em .8em;border:1px solid #d8dde6;border-radius:8px;min-width:12em}
.bqa-kpi b{font-size:1.25em}
/* Gradio's status line ("processing | 1.2s", "queue: 2/5") is English it cannot translate; the spinner stays */
.progress-text{display:none !important}
"""
