"""What an answer adds when the disclosure's own arithmetic contradicts a figure it quotes, or another table prints
the same row with another figure: both are said, never one chosen silently."""
from __future__ import annotations

from audit.checks import findings_for
from corpus.model import Disclosure
from corpus.text import compact
from qa.answer import Answer, Figure
from qa.resolve import label_key
from qa.statements import money


def add_discrepancy_notes(doc: Disclosure, answer: Answer, findings) -> None:
    """The audit's `findings` on `doc` that touch the citations of an answer stating figures, and the other printings
    of its rows, added to its notes and its text."""
    seen, added = set(answer.notes), []
    for citation in answer.citations:
        for finding in findings_for(findings, citation.line):
            if finding.explanation not in seen:
                seen.add(finding.explanation)
                added.append(f"注意：公开文件自身在此处不一致——{finding.explanation}（{finding.expression}）")
    added += other_printings(doc, answer, findings)
    if added:
        answer.notes += added
        answer.answer += " " + " ".join(added)


def other_printings(doc: Disclosure, answer: Answer, findings) -> list[str]:
    """A row the answer states that another table prints with a different figure (within rounding or not): the
    other printing is stated beside it and cited, so the reader sees both rather than one chosen silently."""
    units = {t.title: t.unit for t in doc.tables}
    cited = {(c.table, c.line) for c in answer.citations}
    notes = []
    for finding in findings:
        if finding.check != "cross_table" or finding.status == "exact" or len(finding.citations) != 2 \
                or compact(finding.citations[0].row) != compact(finding.citations[1].row):
            continue
        for ours, other in (finding.citations, finding.citations[::-1]):
            if (ours.table, ours.line) not in cited or (other.table, other.line) in cited \
                    or units.get(ours.table) != units.get(other.table):
                continue
            at = next((i for i, f in enumerate(answer.figures) if f.value in (finding.actual, finding.expected)
                       and compact(f.label).endswith(compact(label_key(ours.row)))), None)
            if at is None:
                continue
            value = finding.expected if answer.figures[at].value == finding.actual else finding.actual
            unit = answer.figures[at].unit
            answer.figures.insert(at + 1, Figure(value, unit, f"{other.row}（{other.table}）"))
            answer.citations.append(other)
            notes.append(f"另：{other.table}第{other.line}行的{other.row}印为{money(value, unit)}，"
                         f"与此处相差{money(abs(value - answer.figures[at].value), unit)}。")
    return notes
