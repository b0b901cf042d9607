"""The corpus layer's notes on an added document (written for the command line, in English) as the staff page
shows them, in Chinese. A note of a kind not listed here is shown as written.

    >>> chinese_note("parser warning: line 100: department: this line names '上海市规划和自然资源局', not '上海市普陀区规划和自然资源局'")
    '解析提示：第100行：部门：此行写作“上海市规划和自然资源局”，而不是“上海市普陀区规划和自然资源局”'
    >>> chinese_note("page(s) 3, 14 have no text layer (scanned images?); their content is not in the text")
    'PDF 第3, 14页没有文字层（可能是扫描图片），这些页的内容未能读取'
"""
from __future__ import annotations

import re

_Q = r"'([^']*)'"  # a quoted name, as Python's repr() prints it
NOTES = (  # (pattern, Chinese), tried in order; a pattern may leave a rest (group "rest") to translate in turn
    (re.compile(r"parser warning: (?P<rest>.*)"), "解析提示：{rest}"),
    (re.compile(r"line (\d+): (?P<rest>.*)"), "第{0}行：{rest}"),
    (re.compile(r"page\(s\) (.+) have no text layer.*"), "PDF 第{0}页没有文字层（可能是扫描图片），这些页的内容未能读取"),
    (re.compile(rf"department: this line names {_Q}, not {_Q}"), "部门：此行写作“{0}”，而不是“{1}”"),
    (re.compile(rf"department: (.+) reads {_Q}, which disagrees with {_Q} \(used\)"), "部门：{0}写作“{1}”，与采用的“{2}”不同"),
    (re.compile(rf"table {_Q}: the document ends inside the table; it may be incomplete"), "表“{0}”：文件在表中结束，表可能不完整"),
    (re.compile(rf"table {_Q}: no rows found \(cut off\?\)"), "表“{0}”：没有读到任何行（可能被截断）"),
    (re.compile(rf"table {_Q}: no 单位 line; unit unknown"), "表“{0}”：没有“单位”行，金额单位不明"),
    (re.compile(rf"table {_Q}: row has (\d+) cells, header has (\d+)"), "表“{0}”：此行有{1}格，表头有{2}栏"),
    (re.compile(rf"the title page gives (department|year|kind) {_Q}; using the given {_Q}"),
     "封面上的{0}是“{1}”，采用填写的“{2}”"),
    (re.compile(r"the title page gives (department|year|kind) (\d+); using the given (\d+)"), "封面上的{0}是{1}，采用填写的{2}"),
    (re.compile(rf"{_Q} is also (.+)"), "文件 {0} 也是{1}"),
)
FIELDS = {"department": "部门", "year": "年度", "kind": "类型"}
FOLDER_NEWS = "started a new corpus"


def chinese_note(note: str) -> str:
    for pattern, words in NOTES:
        match = pattern.fullmatch(note)
        if match:
            groups = [FIELDS.get(g, g) for g in match.groups()]
            rest = match.groupdict().get("rest")
            if rest is not None:
                groups = groups[:-1]
            return words.format(*groups, rest=chinese_note(rest) if rest is not None else "")
    return note


def shown_notes(notes: list[str]) -> list[str]:
    """The notes staff see after an upload, in Chinese (news about the corpus folder left out)."""
    return [chinese_note(n) for n in notes if not n.startswith(FOLDER_NEWS)]


def is_reading_note(note: str) -> bool:
    """A note on how the document was read that the document does not keep (the parser's warnings it keeps):
    counted among its 解析提示."""
    return not note.startswith(("parser warning: ", FOLDER_NEWS))
