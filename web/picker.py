"""The document picker and list for a desk of hundreds of documents: choices grouped by region → department →
year (预算/决算), an "all of this department" choice where a department has several documents, "all documents",
and a search that narrows the picker and the list (qa.scope.matches_search: short names, places, years).

    >>> from corpus.model import Disclosure
    >>> docs = [Disclosure("b", "示例市示例局", 2025, "预算", ""), Disclosure("a", "示例市示例局", 2024, "决算", "")]
    >>> [label for label, _ in picker_choices(docs)]
    ['全部文件（可比较）', '示例市 › 示例局 › 全部年份（2份）', '示例市 › 示例局 › 2024年决算', '示例市 › 示例局 › 2025年预算']
"""
from __future__ import annotations

from corpus.model import Disclosure
from qa.scope import matches_search, region_of
from web.render import document_label, esc

ALL = "all"  # every document: a question names its document, or compares them
ALL_LABEL = "全部文件（可比较）"
OPEN_LIST = 6  # the document list starts open up to this many documents, folded to its count beyond
NO_REGION = "其他"  # the group of documents whose title page and name say no place


def region_label(doc: Disclosure) -> str:
    return region_of(doc) or NO_REGION


def department_label(doc: Disclosure) -> str:
    """The department's name without the region its group already says ('广州市卫生健康委员会' → 卫生健康委员会)."""
    region = region_of(doc)
    short = doc.department[len(region):] if region and doc.department.startswith(region) else doc.department
    return short or doc.department


def picker_label(doc: Disclosure) -> str:
    """'广州市 › 卫生健康委员会 › 2026年预算': region, department, year and kind (本级 when it is the department's own)."""
    year = f"{doc.year}年" if doc.year else ""
    own = "（本级）" if doc.scope == "本级" and "本级" not in doc.department else ""
    return f"{region_label(doc)} › {department_label(doc)} › {year}{doc.kind or '公开文件'}{own}"


def in_order(documents: list[Disclosure]) -> list[Disclosure]:
    """By region (those of no known place last), department, year, then the whole before the 本级 budget."""
    return sorted(documents, key=lambda d: (not region_of(d), region_label(d), department_label(d), d.department,
                                            d.year or 0, d.kind, d.scope, d.id))


def picker_choices(documents: list[Disclosure], text: str = "") -> list[tuple[str, str]]:
    """(label, value) of the picker: one document's id, a department's full name (all its documents), or ALL;
    narrowed to the documents matching `text`. A single document has no choice to make."""
    if len(documents) <= 1:
        return [(document_label(d), d.id) for d in documents]
    shown = [d for d in in_order(documents) if matches_search(d, text)]
    choices, seen = [(ALL_LABEL, ALL)], set()
    for doc in shown:
        own = [d for d in documents if d.department == doc.department]
        if len(own) > 1 and doc.department not in seen:
            years = "全部年份" if len({d.year for d in own}) > 1 else "全部"
            choices.append((f"{region_label(doc)} › {department_label(doc)} › {years}（{len(own)}份）", doc.department))
        seen.add(doc.department)
        choices.append((picker_label(doc), doc.id))
    return choices


def narrowed_choices(documents: list[Disclosure], text: str, picked: str) -> list[tuple[str, str]]:
    """The choices matching the search, keeping the one picked (the picker's value stays one of its choices)."""
    choices = picker_choices(documents, text)
    if picked and picked not in {value for _, value in choices}:
        choices += [c for c in picker_choices(documents) if c[1] == picked]
    return choices


def list_title(documents: list[Disclosure], text: str = "") -> str:
    shown = sum(matches_search(d, text) for d in documents)
    found = f"，找到{shown}份" if text.strip() else ""
    return f"已载入的公开文件（{len(documents)}份{found}）"


def documents_table(documents: list[Disclosure], text: str = "") -> str:
    """The documents held (matching `text`), as a table: 地区, 部门, 年度, 类型."""
    if not documents:
        return '<div class="bqa-docs">没有载入任何公开文件。</div>'
    rows = [d for d in in_order(documents) if matches_search(d, text)]
    if not rows:
        return f'<div class="bqa-docs">没有找到与“{esc(text.strip())}”相符的公开文件。</div>'
    body = "".join(f"<tr><td>{esc(region_label(d))}</td><td>{esc(d.department)}</td><td>{esc(d.year or '')}</td>"
                   f"<td>{esc(d.kind)}{'（本级）' if d.scope == '本级' and '本级' not in d.department else ''}</td></tr>"
                   for d in rows)
    return (f'<div class="bqa-docs"><table class="bqa-doc-table"><thead><tr><th>地区</th><th>部门</th><th>年度</th>'
            f"<th>类型</th></tr></thead><tbody>{body}</tbody></table></div>")
