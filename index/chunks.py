"""Cutting a parsed Disclosure into retrieval chunks, each linked back to the domain model.

One chunk per table row (department, year, table title and unit, the row's ancestors, qualifiers,
side, and every value under its full column path; a blank cell reads 空白（未安排）, never 0), one
summary chunk per table, narrative paragraphs (short ones of a section merged, long ones split at
sentence ends past ~300 characters), two chunks per project form (header + funds, indicators),
one per glossary entry and one per organisation relation (现辖…, 包括…).

Ids are stable and content-derived (document id plus the position in the model), and metadata
holds only str/int/float/bool values (Chroma's rule), e.g. ``doc``, ``kind``, ``table_index``,
``row_label``, ``line_start``, ``line_end``.

Usage::

    from corpus.registry import load_corpus
    from index.chunks import build_chunks

    doc = load_corpus()[0]
    chunks = build_chunks(doc)
    row = next(c for c in chunks if c.metadata.get("row_label") == "公务接待费")
    row.id            # 'datong-gaj-2023-budget:t9:r1'
    print(row.text)   # 大同市公安局 2023年预算 · 2023年一般公共预算“三公”经费支出预算表（单位：万元）…
    row.hash          # sha256 of text + metadata: what the incremental build compares
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from corpus.model import Disclosure, ProjectForm, Row, Table
from corpus.text import compact

CHUNK_VERSION = 1  # bump when the text or metadata layout changes: every chunk is then rebuilt

KINDS = ("row", "table", "paragraph", "form", "form_indicators", "glossary", "org")
BLANK = "空白（未安排）"
PATH_SEP = " › "
PARAGRAPH_CHARS = 300  # merge short paragraphs up to this, split longer ones at sentence ends
ROW_LIST_CHARS = 300  # a table summary lists its row labels up to about this many characters
PASSAGE_CHARS = 150  # what the encoder reads of a chunk at most: a paragraph's gist is in its opening

_SENTENCE_END = re.compile(r"(?<=[。；！？!?;])")
_CLAUSE_END = re.compile(r"(?<=[，,、])")
_SUBJECT_CODE = re.compile(r"科目编码 \d+；?")
# a number as printed (7,919,100 / 1,234.56 / 12.5%), whole, but not a year (2023年)
_FIGURE = re.compile(r"(?<![\d.,])\d[\d,]*(?:\.\d+)?%?(?![\d,.])(?!年)")

Scalar = str | int | float | bool


@dataclass(frozen=True)
class Chunk:
    id: str
    text: str
    metadata: dict[str, Scalar] = field(default_factory=dict)

    @cached_property
    def hash(self) -> str:
        """sha256 of text and metadata: a changed hash means the stored chunk must be updated."""
        payload = json.dumps({"text": self.text, "metadata": self.metadata}, ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    @cached_property
    def text_hash(self) -> str:
        """sha256 of the text alone: a changed one means the chunk must be embedded again."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @cached_property
    def passage(self) -> str:
        """What the encoder reads (index.paths.PASSAGE_VERSION): the text without the document line (a search is
        scoped to a document, or ranks departments by the lexical side), a table's or row's title without its
        number and unit, of a row its label and qualifiers but not its subject code or figures, of any chunk
        neither its document's department name nor a number other than a year (numbers say little to the
        encoder; the lexical side and the answers read them), and at most PASSAGE_CHARS characters. Rows of one
        table and label, and passages alike but for the department and its money, then share one vector across
        documents, and a build encodes about a third of the tokens of the full texts."""
        first, _, rest = self.text.partition("\n")
        kind = self.metadata.get("kind")
        title = self.metadata.get("table_title") if kind in ("row", "table") else None
        heading = str(title) if title else first.split(" · ", 1)[-1]
        if kind == "row":
            rest = _SUBJECT_CODE.sub("", rest.partition("\n")[0]).replace("（）", "")
        passage = f"{heading}\n{rest}" if rest else heading
        department = str(self.metadata.get("department") or "")
        return _FIGURE.sub("", passage.replace(department, "") if department else passage)[:PASSAGE_CHARS]


def build_chunks(doc: Disclosure) -> list[Chunk]:
    """Every chunk of one document, in document order within each kind."""
    chunks: list[Chunk] = []
    for ti, table in enumerate(doc.tables):
        chunks.append(table_chunk(doc, ti, table))
        chunks.extend(row_chunk(doc, ti, table, ri, row) for ri, row in enumerate(table.rows))
    chunks.extend(paragraph_chunks(doc))
    for fi, form in enumerate(doc.forms):
        chunks.extend(form_chunks(doc, fi, form))
    chunks.extend(glossary_chunks(doc))
    chunks.extend(org_chunks(doc))
    seen: set[str] = set()
    for chunk in chunks:
        if chunk.id in seen:  # a bug in the id scheme, not a data problem
            raise AssertionError(f"duplicate chunk id {chunk.id}")
        seen.add(chunk.id)
    return chunks


# ------------------------------------------------------------------------- helpers


def header(doc: Disclosure) -> str:
    """The document line every chunk starts with, e.g. '大同市公安局 2023年预算'."""
    year = f"{doc.year}年" if doc.year else ""
    return " ".join(p for p in (doc.department, f"{year}{doc.kind}") if p)


def base_metadata(doc: Disclosure, kind: str, line_start: int, line_end: int) -> dict[str, Scalar]:
    meta: dict[str, Scalar] = {"doc": doc.id, "kind": kind, "department": doc.department,
                               "doc_kind": doc.kind, "line_start": line_start, "line_end": max(line_start, line_end)}
    if doc.year is not None:
        meta["year"] = int(doc.year)
    return meta


def clean(meta: dict) -> dict[str, Scalar]:
    """Chroma takes only str/int/float/bool values: drop None, stringify anything else."""
    out: dict[str, Scalar] = {}
    for key, value in meta.items():
        if value is None:
            continue
        out[key] = value if isinstance(value, (str, int, float, bool)) else str(value)
    return out


def amount(value: Decimal | None, unit: str) -> str:
    """'1,572.10万元'; a blank cell is 空白（未安排）, not zero."""
    if value is None:
        return BLANK
    return f"{value:,}{unit}"


def column_path(table: Table, row: Row, column: str) -> str:
    """The full column path of a cell; two-sided tables prefix the side (收入/2023年)."""
    if row.side and not column.startswith(row.side + "/"):
        candidate = f"{row.side}/{column}"
        if candidate in table.columns or not any(c.endswith("/" + column) for c in table.columns):
            return candidate
    return column


def label_columns(table: Table) -> list[str]:
    values = set(table.value_columns)
    return [c for c in table.columns if c not in values and c.split("/")[-1] not in values]


def table_heading(doc: Disclosure, table: Table) -> str:
    number = f"表{table.number} " if table.number else ""
    unit = f"（单位：{table.unit}）" if table.unit else ""
    return f"{header(doc)} · {number}{table.title}{unit}"


def table_metadata(doc: Disclosure, kind: str, ti: int, table: Table, line_start: int, line_end: int) -> dict:
    meta = base_metadata(doc, kind, line_start, line_end)
    meta.update(table_index=ti, table_title=table.title, unit=table.unit, section=table.section,
                table_number=table.number)
    return meta


# -------------------------------------------------------------------------- tables


def row_chunk(doc: Disclosure, ti: int, table: Table, ri: int, row: Row) -> Chunk:
    path = PATH_SEP.join(p for p in (row.path or (row.label,)) if p) or "本表数值"  # a one-row (horizontal) table
    lines = [table_heading(doc, table)]
    facts = []
    if row.side:
        facts.append(f"{row.side}方")
    if row.code:
        facts.append(f"科目编码 {row.code}")
    qualifier_names = label_columns(table)[1:]
    for i, qualifier in enumerate(row.qualifiers):
        name = qualifier_names[i].split("/")[-1] if i < len(qualifier_names) else "说明"
        facts.append(f"{name}：{qualifier}")
    lines.append(path + (f"（{'；'.join(facts)}）" if facts else ""))
    values = [f"{column_path(table, row, c.column)}：{amount(c.value, table.unit)}" for c in row.cells]
    lines.append("；".join(values) if values else "本行无数值")
    meta = table_metadata(doc, "row", ti, table, row.source.line, row.source.line)
    meta.update(row_index=ri, row_label=row.label, row_path=path, row_code=row.code, side=row.side,
                qualifiers=" / ".join(row.qualifiers) or None, level=row.level, is_total=row.is_total)
    return Chunk(f"{doc.id}:t{ti}:r{ri}", "\n".join(lines), clean(meta))


def table_chunk(doc: Disclosure, ti: int, table: Table) -> Chunk:
    lines = [table_heading(doc, table)]
    if table.section:
        lines.append(f"所在部分：{table.section}")
    if table.columns:
        lines.append("栏目：" + "；".join(table.columns))
    if table.empty or not table.rows:
        lines.append("本表无数据（空表）")
    for row in table.rows:
        if row.is_total and not table.empty:
            values = "；".join(f"{column_path(table, row, c.column)} {amount(c.value, table.unit)}" for c in row.cells)
            lines.append(f"{row.full_label}：{values}")
    if table.rows and not table.empty:
        labels, size = [], 0
        for row in table.rows:
            if row.is_total:
                continue
            if size > ROW_LIST_CHARS:
                labels.append("等")
                break
            labels.append(row.label)
            size += len(row.label) + 1
        lines.append(f"共{len(table.rows)}行：" + "、".join(labels).replace("、等", "等"))
    if table.note:
        lines.append(table.note)
    meta = table_metadata(doc, "table", ti, table, table.line_start, table.line_end)
    meta.update(rows=len(table.rows), empty=bool(table.empty or not table.rows))
    return Chunk(f"{doc.id}:t{ti}", "\n".join(lines), clean(meta))


# ---------------------------------------------------------------------- paragraphs


def split_long(text: str, limit: int = PARAGRAPH_CHARS) -> list[str]:
    """`text` cut at sentence ends into pieces of about `limit` characters (a piece grows past
    `limit` only to finish its sentence; a single sentence over twice the limit is cut at clauses)."""
    if len(text) <= limit:
        return [text]
    sentences = [s for s in _SENTENCE_END.split(text) if s]
    units: list[str] = []
    for sentence in sentences:
        if len(sentence) > 2 * limit:
            units.extend(s for s in _CLAUSE_END.split(sentence) if s)
        else:
            units.append(sentence)
    pieces, current = [], ""
    for unit in units:
        if current and len(current) + len(unit) > limit:
            pieces.append(current)
            current = ""
        current += unit
    if current:
        pieces.append(current)
    return pieces


def paragraph_chunks(doc: Disclosure) -> list[Chunk]:
    """Paragraphs of one section merged while they stay under PARAGRAPH_CHARS; a longer paragraph
    becomes its own chunk(s), split at sentence ends."""
    groups: list[list[int]] = []
    for i, para in enumerate(doc.paragraphs):
        last = groups[-1] if groups else None
        if (last and doc.paragraphs[last[0]].section == para.section
                and sum(len(doc.paragraphs[j].text) for j in last) + len(para.text) <= PARAGRAPH_CHARS):
            last.append(i)
        else:
            groups.append([i])
    chunks = []
    for group in groups:
        first, last = doc.paragraphs[group[0]], doc.paragraphs[group[-1]]
        section = first.section or "封面"
        body = "\n".join(doc.paragraphs[j].text for j in group)
        pieces = split_long(body) if len(group) == 1 else [body]
        for pi, piece in enumerate(pieces):
            suffix = f".{pi}" if len(pieces) > 1 else ""
            meta = base_metadata(doc, "paragraph", first.source.line, last.source.line)
            meta.update(section=first.section, paragraph_index=group[0], paragraphs=len(group), part=pi)
            chunks.append(Chunk(f"{doc.id}:p{group[0]}{suffix}", f"{header(doc)} · {section}\n{piece}", clean(meta)))
    return chunks


# --------------------------------------------------------------------------- forms


def form_chunks(doc: Disclosure, fi: int, form: ProjectForm) -> list[Chunk]:
    title = f"{header(doc)} · 项目支出绩效目标表 · 项目：{form.project}"
    facts = [f"{name}：{value}" for name, value in (
        ("主管部门", form.department), ("实施单位", form.implementing_unit),
        ("项目属性", form.attribute), ("项目期", form.period)) if value]
    lines = [title, "；".join(facts)]
    for period in unique(f.period for f in form.funds):
        parts = [f"{f.source_name} {amount(f.amount, form.unit)}" for f in form.funds if f.period == period]
        lines.append(f"项目资金（{form.unit}）{period}：" + "，".join(parts))
    lines.extend(f"{label}：{text}" for label, text in merged_items(form.narrative))
    lines.extend(f"{label}总体目标：{text}" for label, text in merged_items(form.goals))
    meta = base_metadata(doc, "form", form.source.line, form.line_end)
    meta.update(form_index=fi, project=form.project, implementing_unit=form.implementing_unit, unit=form.unit,
                annual_funds=float(form.annual_funds_yuan) if form.annual_funds_yuan is not None else None)
    header_chunk = Chunk(f"{doc.id}:f{fi}", "\n".join(l for l in lines if l), clean(meta))

    grouped: dict[tuple[str, str, str, str], list[str]] = {}
    for ind in form.indicators:
        grouped.setdefault((ind.level1, ind.level2, ind.level3, ind.value), []).append(ind.period)
    unit = f"（实施单位：{form.implementing_unit}）" if form.implementing_unit else ""
    lines = [f"{header(doc)} · 项目绩效指标 · 项目：{form.project}{unit}"]
    for (l1, l2, l3, value), periods in grouped.items():
        path = PATH_SEP.join(p for p in (l1, l2, l3) if p)
        lines.append(f"{path}：{value or BLANK}（{'、'.join(unique(periods))}）")
    if not grouped:
        lines.append("本表未列绩效指标")
    lines_of = [i.source.line for i in form.indicators] or [form.source.line]
    meta = base_metadata(doc, "form_indicators", min(lines_of), max(lines_of))
    meta.update(form_index=fi, project=form.project, implementing_unit=form.implementing_unit,
                indicators=len(form.indicators))
    return [header_chunk, Chunk(f"{doc.id}:f{fi}:ind", "\n".join(lines), clean(meta))]


def unique(items) -> list:
    return list(dict.fromkeys(items))


def merged_items(items: dict[str, str]) -> list[tuple[str, str]]:
    """(label, text) with entries of the same text merged ('项目概况/项目设立必要性'), first-seen order."""
    by_text: dict[str, list[str]] = {}
    for name, text in items.items():
        if text:
            by_text.setdefault(text, []).append(name)
    return [("/".join(names), text) for text, names in by_text.items()]


# ---------------------------------------------------------------- glossary, organisation


def glossary_chunks(doc: Disclosure) -> list[Chunk]:
    chunks = []
    for gi, entry in enumerate(doc.glossary):
        end = find_line(doc, entry.source.line, entry.definition)
        meta = base_metadata(doc, "glossary", entry.source.line, end)
        meta.update(term=entry.term)
        text = f"{header(doc)} · 名词解释 · {entry.term}\n{entry.term}：{entry.definition}"
        chunks.append(Chunk(f"{doc.id}:g{gi}", text, clean(meta)))
    return chunks


def find_line(doc: Disclosure, start: int, text: str, window: int = 5) -> int:
    """The 1-based line, from `start` on, holding the end of `text` (a definition may follow its term)."""
    tail = compact(text)[-12:]
    for line in range(start, min(start + window, len(doc.lines)) + 1):
        if tail and tail in compact(doc.lines[line - 1]):
            return line
    return start


def org_chunks(doc: Disclosure) -> list[Chunk]:
    """One chunk per relation of the 机构设置 text: '大同市公安局 现辖：平城区分局、…（共10个）'."""
    relations: dict[str, list] = {}
    for unit in doc.org_units:
        relations.setdefault(unit.relation, []).append(unit)
    chunks = []
    for oi, (relation, units) in enumerate(relations.items()):
        names = "、".join(u.name for u in units)
        lines = [u.source.line for u in units]
        text = (f"{header(doc)} · 机构设置\n{doc.department or '本部门'} {relation}：{names}"
                f"（共{len(units)}个单位）")
        meta = base_metadata(doc, "org", min(lines), max(lines))
        meta.update(relation=relation, units=names, count=len(units))
        chunks.append(Chunk(f"{doc.id}:o{oi}", text, clean(meta)))
    return chunks
