"""Parsing one tab-separated table block into a Table: header paths, label and code columns, rows.

    >>> block = TableBlock(title="支出总表", unit="万元", lines=[
    ...     (10, "项目\\t\\t2023年预算数\\t"), (11, "科目编码\\t科目名称\\t合计\\t基本支出"),
    ...     (12, "204\\t公共安全支出\\t93,049.56\\t55,043.70")])
    >>> table, _ = parse_table(block, "doc")
    >>> table.rows[0].cell("2023年预算数/基本支出").value
    Decimal('55043.70')
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus.classification import code_for_path, is_subject_code
from corpus.model import Cell, ParseWarning, Row, Source, Table, is_total_label
from corpus.money import is_amount, parse_amount
from corpus.nesting import nest_by_sums, nest_groups_by_sums
from corpus.table_kinds import is_code_column, is_column_number_label, is_position_column
from corpus.text import clean_cell, compact

_CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")
_CODE_PART = re.compile(r"^\d{1,3}$")
_ENUMERATION = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|\d+[.．、]\s*|[①-⑳])")
# a 科目 code printed inside the label: '[2010301]行政运行', '2050802-干部教育', '213 农林水支出' — 功能分类 codes open
# with 2, 经济分类 codes with 3 (部门) or 5 (政府); not '106_某单位', a unit's number
_LABEL_CODE = re.compile(r"^(?:[\[【［]([235]\d{2}(?:\d{2}){0,2})[\]】］]|([235]\d{2}(?:\d{2}){0,2})(?:\s*[-－—]|\s*(?=[\u4e00-\u9fff])))"
                         r"\s*(?=[^\d\s])")
_CODE_PART_HEADERS = ("类", "款", "项")
_SUB_ITEM = re.compile(r"^[①-⑳]")
_CATALOGUE_CODE = re.compile(r"^(\d{2,})\s*[-－—]")


@dataclass
class TableBlock:
    """The lines of one table as the document scanner cut them out (line numbers are 1-based)."""

    title: str
    unit: str
    lines: list[tuple[int, str]]
    number: int | None = None
    note: str = ""
    section: str = ""
    line_start: int = 0
    line_end: int = 0
    cut_off: bool = False
    warnings: list[ParseWarning] = field(default_factory=list)


def parse_table(block: TableBlock, doc_id: str) -> tuple[Table, list[ParseWarning]]:
    """Split `block` into header and data lines, flatten the header, and read every row."""
    warnings = list(block.warnings)
    grid = [(no, raw, [clean_cell(c) for c in raw.split("\t")]) for no, raw in block.lines]
    header, data = split_header(grid)
    data = join_rows_split_by_page_breaks(data)
    width = max([len(cells) for _, _, cells in header + data] or [0])
    columns = flatten_header([cells for _, _, cells in header], width)
    layout = classify_columns(columns, [cells for _, _, cells in data])
    rows: list[Row] = []
    unplaced: list[Source] = []
    printed_parts: dict[int, str] = {}
    for no, raw, cells in data:
        if len(cells) < width and any(cells):
            cells = align_short_row(cells, width, no, block.title, warnings)
        cells = inherit_code_parts(cells, layout, printed_parts)
        read = read_rows(cells + [""] * (width - len(cells)), columns, layout, Source(doc_id, no, raw), block.title)
        if not read and any(cells):
            unplaced.append(Source(doc_id, no, raw))  # text in value columns only: no label, code or figure
        rows.extend(read)
    link_parents(rows)
    nest_groups_by_sums([r for r in rows if r.side is None])
    for side in dict.fromkeys(r.side for r in rows):
        nest_by_sums([r for r in rows if r.side == side])
    for row in rows:  # a row without a level can still be a 类, named as the standard names it
        row.standard_code = row.code if row.code and is_subject_code(row.code) \
            else None if row.code or row.is_total else code_for_path(row.path or (row.label,))
    has_values = any(c.value is not None for r in rows for c in r.cells)
    if not rows and not block.note:
        warnings.append(ParseWarning(block.line_start, f"table {block.title!r}: no rows found (cut off?)"))
    if block.cut_off:
        warnings.append(ParseWarning(block.line_end, f"table {block.title!r}: the document ends inside the table; it may be incomplete"))
    table = Table(
        doc_id=doc_id, title=block.title, unit=block.unit,
        columns=[c for j, c in enumerate(columns) if c and j not in layout.position_columns],
        rows=rows, line_start=block.line_start, line_end=block.line_end, number=block.number,
        empty=not has_values, note=block.note, section=block.section,
        horizontal=bool(rows) and not layout.label_columns and not layout.code_columns, unplaced=unplaced,
    )
    return table, warnings


def join_rows_split_by_page_breaks(data: list[tuple[int, str, list[str]]]) -> list[tuple[int, str, list[str]]]:
    """A row cut by a page break prints the rest of its cells on the next page ('机动车驾驶' | … | '12,437.3', then
    '员考试服务中心' | … | '6'): those cells are joined to the row they finish, which keeps its own line."""
    joined: list[tuple[int, str, list[str]]] = []
    for no, raw, cells in data:
        if joined and no > joined[-1][0] + 1 and finishes(joined[-1][2], cells):
            above_no, above_raw, above = joined.pop()
            cells = [a + (cells[j] if j < len(cells) else "") for j, a in enumerate(above)]
            no, raw = above_no, above_raw
        joined.append((no, raw, cells))
    return joined


def finishes(above: list[str], cells: list[str]) -> bool:
    """Cells that can only be the rest of the row above: they start in its first column with a bare piece of label
    (no list mark, code or total word), fill no column it left blank, and leave blank its first figure (the row's
    total, which a row of its own prints). A total row is never cut: what follows it is a row (上年结转结余)."""
    filled = [j for j, c in enumerate(cells) if c]
    printed = [j for j, a in enumerate(above) if a]
    if not filled or not printed or filled[0] != printed[0] or not is_label_piece(cells[filled[0]]):
        return False
    if is_total_label(above[printed[0]]):
        return False
    if any(j >= len(above) or not above[j] for j in filled):
        return False
    first_figure = next((j for j in printed if is_amount(above[j])), None)
    return first_figure is not None and not (first_figure < len(cells) and cells[first_figure])


def is_label_piece(text: str) -> bool:
    return not (is_amount(text) or _CODE.match(text) or _ENUMERATION.match(text) or is_total_label(text))


def align_short_row(cells: list[str], width: int, line: int, title: str, warnings: list) -> list[str]:
    """A label merged across the code and name columns (合计 over 类/款/项/名称) leaves a short row whose
    values belong to the rightmost columns; any other short row is reported."""
    if cells[0] and not is_amount(cells[0]) and all(is_amount(c) or not c for c in cells[1:]):
        return [cells[0]] + [""] * (width - len(cells)) + cells[1:]
    warnings.append(ParseWarning(line, f"table {title!r}: row has {len(cells)} cells, header has {width}"))
    return cells


def split_header(grid: list[tuple[int, str, list[str]]]):
    """Header lines come before the first data line; column-number rows and repeated headers are dropped."""
    header: list = []
    data: list = []
    header_keys: set[str] = set()
    for entry in grid:
        cells = entry[2]
        filled = [c for c in cells if c]
        if not filled or is_index_row(filled):
            continue
        key = compact("".join(cells))
        if data and key in header_keys:  # the header repeated after a page break
            continue
        if data or is_data_line(cells, bool(header)) or is_first_label_row(cells, header):
            data.append(entry)
        else:
            header.append(entry)
            header_keys.add(key)
    return header, data


def is_data_line(cells: list[str], after_header: bool) -> bool:
    filled = [c for c in cells if c]
    if any(is_amount(c) and not _CODE_PART.match(c) for c in filled):
        return True
    if filled and _CODE.match(filled[0]) and len(filled) > 1:
        return True
    return after_header and len(filled) == 1 and is_total_label(filled[0])


def is_first_label_row(cells: list[str], header: list) -> bool:
    """A label alone under a 项目/名称 header column is a row with blank values, not more header."""
    filled = [c for c in cells if c]
    if not header or len(filled) != 1 or not cells[0] or re.search(r"编码|科目|^[类款项]$", cells[0]):
        return False
    first_header = compact("".join(h[2][0] for h in header if h[2]))
    return "项目" in first_header or "名称" in first_header


def is_index_row(filled: list[str]) -> bool:
    """A row of column numbers: 1 2 3 4 …, with ** marking the label and code columns ("** ** 1 2 3"), or opened by
    栏次 on each side ("栏次 | | 1 | 栏次 | | 2 | 3"), its numbers then counting on across the sides.

    >>> is_index_row(["**", "**", "1", "2", "3"]), is_index_row(["栏次", "1", "栏次", "2", "3"]), is_index_row(["合计", "1"])
    (True, True, False)
    """
    numbers = [c for c in filled if c.strip("*") and not is_column_number_label(c)]
    if any(is_column_number_label(c) for c in filled):
        return all(n.isdigit() for n in numbers)
    return len(numbers) >= 3 and numbers == [str(i) for i in range(1, len(numbers) + 1)]


def flatten_header(header_rows: list[list[str]], width: int) -> list[str]:
    """Column paths like '2023年预算数/基本支出': a merged cell spans right until its parent's span ends."""
    paths: list[list[str]] = [[] for _ in range(width)]
    boundaries = {0}
    for cells in header_rows:
        cells = cells + [""] * (width - len(cells))
        current = ""
        new_boundaries = set(boundaries)
        for j in range(width):
            if j in boundaries:
                current = ""
            if cells[j]:
                current = cells[j]
                new_boundaries.add(j)
            if current and (not paths[j] or paths[j][-1] != current):
                paths[j].append(current)
        boundaries = new_boundaries
    return ["/".join(p) for p in paths]


@dataclass
class Layout:
    code_columns: list[int]
    label_columns: list[int]
    segments: list[tuple[int, int]]  # [start, end) of each side of a two-sided table
    position_columns: list[int] = field(default_factory=list)  # 行次: numbers the rows, holds no figure

    def is_value_column(self, j: int) -> bool:
        return j not in self.code_columns and j not in self.label_columns and j not in self.position_columns


def classify_columns(columns: list[str], data_rows: list[list[str]]) -> Layout:
    width = len(columns)
    code_cols, label_cols, position_cols = [], [], []
    for j in range(width):
        values = [r[j] for r in data_rows if j < len(r) and r[j]]
        header = compact(columns[j])
        last = header.split("/")[-1] if header else ""
        if is_position_column(last):
            position_cols.append(j)
        elif is_code_column(last) or last in _CODE_PART_HEADERS or (values and all(_CODE.match(v) for v in values)):
            code_cols.append(j)
        elif values and sum(not is_amount(v) for v in values) * 2 >= len(values):
            label_cols.append(j)
    # text printed after every figure (绩效目标, 备注) is a cell of the row, not a label or another side's label
    figures = [j for j in range(width) if j not in code_cols and j not in label_cols and j not in position_cols]
    if figures:
        label_cols = [j for j in label_cols if j < figures[-1]]
    keys = sorted(code_cols + label_cols)
    starts = [k for i, k in enumerate(keys) if i == 0 or keys[i - 1] != k - 1]
    if not starts or starts[0] != 0:
        starts = [0] + starts
    segments = [(s, starts[i + 1] if i + 1 < len(starts) else width) for i, s in enumerate(starts)]
    return Layout(code_cols, label_cols, segments, position_cols)


def read_rows(cells: list[str], columns: list[str], layout: Layout, source: Source, title: str) -> list[Row]:
    rows = []
    for start, end in layout.segments:
        codes = [cells[j] for j in range(start, end) if j in layout.code_columns and is_code_part(cells[j])]
        # a total row writes 合计 into the code column; one printed on the 类/款/项 header line keeps those words
        labels = [cells[j] for j in range(start, end)
                  if cells[j] and compact(cells[j]) not in _CODE_PART_HEADERS
                  and (j in layout.label_columns or (j in layout.code_columns and not is_code_part(cells[j])))]
        value_cols = [j for j in range(start, end) if layout.is_value_column(j)]
        row_cells = [Cell(column_name(columns[j], layout, start), to_value(cells[j]), cells[j]) for j in value_cols]
        code = join_code(codes)
        if not labels and not code and all(c.value is None for c in row_cells):
            continue
        label = strip_enumeration(labels[0]) if labels else (code or short_title(title))
        if not code:
            code, label = inline_code(label)
        side = columns[start].split("/")[0] if len(layout.segments) > 1 else None
        sub_item = bool(labels) and bool(_SUB_ITEM.match(labels[0]))  # ①② items belong to the row above
        rows.append(Row(label=label, cells=row_cells, source=source, code=code, level=2 if sub_item else None,
                        qualifiers=tuple(labels[1:]), side=side))
    return rows


def inline_code(label: str) -> tuple[str | None, str]:
    """(code, name) of a label printing its 科目 code before its name ('30107-绩效工资'); (None, label) otherwise."""
    inline = _LABEL_CODE.match(label)
    if inline and is_subject_code(code := inline.group(1) or inline.group(2)):
        return code, label[inline.end():]
    return None, label


def inherit_code_parts(cells: list[str], layout: Layout, printed: dict[int, str]) -> list[str]:
    """A code split over 类/款/项 columns prints its 类 once: a 款 line ('' | 11 | '') takes the 类 from the line
    above that printed it, so its code is whole (20111). `printed` keeps the last part printed in each column."""
    filled = list(cells)
    for parts in adjacent_runs([j for j in layout.code_columns if j < len(cells)]):  # each side's 类|款|项
        given = [j for j in parts if _CODE_PART.match(cells[j])]
        if len(parts) < 2 or not given:
            continue
        for j in parts:
            if j < given[0] and not cells[j] and j in printed:
                filled[j] = printed[j]
        for j in parts:
            if j <= given[-1]:
                printed[j] = filled[j]
    return filled


def adjacent_runs(columns: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for j in columns:
        if runs and runs[-1][-1] == j - 1:
            runs[-1].append(j)
        else:
            runs.append([j])
    return runs


def is_code_part(text: str) -> bool:
    return bool(_CODE_PART.match(text) or _CODE.match(text))


def column_name(path: str, layout: Layout, segment_start: int) -> str:
    """In a two-sided table the side (收入/支出) is kept on the row, not repeated in every column."""
    parts = path.split("/")
    if len(layout.segments) > 1 and len(parts) > 1:
        parts = parts[1:]
    return "/".join(parts)


def to_value(text: str):
    return parse_amount(text) if is_amount(text) else None


def join_code(parts: list[str]) -> str | None:
    parts = [p for p in parts if p]
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0] if _CODE.match(parts[0]) else None
    # codes split over 类/款/项 columns; 款 and 项 may be printed unpadded ("2" for "02")
    head, rest = parts[0], [p.zfill(2) for p in parts[1:]]
    code = head + "".join(rest)
    return code if _CODE.match(code) else None


def strip_enumeration(label: str) -> str:
    return _ENUMERATION.sub("", label, count=1).strip() or label


def short_title(title: str) -> str:
    return re.sub(r"^\d{4}年?", "", title)


def catalogue_place(labels: tuple[str, ...]) -> tuple[str, ...] | None:
    """Label cells printing a coded catalogue from its top down ('01-公共服务', '0104-社会保障服务', '养老服务'), each
    code extending the one before: the row's place, from the top to its own entry (the first cell without a code);
    None when fewer than two coded cells so nest."""
    place: list[str] = []
    above = ""
    for label in labels:
        code = _CATALOGUE_CODE.match(label)
        place.append(label)
        if code is None:
            break
        if above and not (code.group(1).startswith(above) and len(code.group(1)) > len(above)):
            return None
        above = code.group(1)
    coded = sum(1 for p in place if _CATALOGUE_CODE.match(p))
    return tuple(place) if coded >= 2 else None


def link_parents(rows: list[Row]) -> None:
    """Subject codes nest by prefix (类 3, 款 5, 项 7 digits); economic items nest under their group row."""
    by_code: dict[str, Row] = {}
    group: Row | None = None
    two_level = any(r.qualifiers for r in rows)
    top: Row | None = None
    for row in rows:
        if row.code:
            row.level = {3: 1, 5: 2, 7: 3}[len(row.code)]
            parent = by_code.get(row.code[:5]) if row.level == 3 else by_code.get(row.code[:3]) if row.level == 2 else None
            by_code[row.code] = row
            row.parent = parent.label if parent else None
            row.path = (parent.path if parent else ()) + (row.label,)
        elif row.level == 2 and top is not None:
            row.parent = top.label
            row.path = (top.label, row.label)
        elif row.is_total:
            row.level = 0
            row.path = (row.label,)
            group = None
        elif (place := catalogue_place((row.label,) + row.qualifiers)) is not None:
            row.path, row.parent = place, place[-2]  # the entry above it is printed beside it, not as a row above
        elif row.side is None and not row.qualifiers and two_level:
            row.level, group = 1, row
            row.path = (row.label,)
        elif group is not None:
            row.level, row.parent = 2, group.label
            row.path = (group.label, row.label)
        else:
            row.path = (row.label,)
            top = row
