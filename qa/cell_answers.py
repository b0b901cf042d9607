"""One printed cell as the answer: its figure cited, and a printed total proved against the rows under it."""
from __future__ import annotations


from corpus.model import Row, Table
from qa import compute
from qa.answer import Answer, Figure
from qa.columns import choose_column
from qa.resolve import label_key
from qa.statements import cite_row, money


def value_in(row: Row, column: str):
    cell = row.cell(column)
    return cell.value if cell is not None else None


def cell_value(table: Table, row: Row, text: str):
    cell = row.cell(choose_column(table, row, text, exclude=label_key(row.label)))
    return cell.value if cell is not None else None


def answer_cell(text: str, table: Table, row: Row, ans: Answer, column: str = "") -> bool:
    column = column or choose_column(table, row, text, exclude=label_key(row.label))
    cell = row.cell(column)
    if cell is None:
        return False
    ans.citations.append(cite_row(table, row, column))
    scope = f"{table.title}（单位：{table.unit}）"
    if cell.value is None:
        ans.answer = f"{row.full_label}的“{column}”在{scope}中为空白，即未安排。"
        return True
    ans.figures.append(Figure(cell.value, table.unit, f"{row.full_label} · {column}"))
    ans.answer = f"{row.full_label}（{column}）为 {money(cell.value, table.unit)}。来源：{scope}第{row.source.line}行。"
    verify_printed_total(table, row, column, ans)
    return True


def verify_printed_total(table: Table, row: Row, column: str, ans: Answer) -> None:
    """A total row quoted in an answer is checked against its parts."""
    parts = children(table, row)
    values = [c.value for r in parts if (c := r.cell(column)) is not None and c.value is not None]
    reported = row.cell(column).value
    if not values or reported is None:
        return
    check = compute.check_total(values, reported, f"{row.label}的明细之和")
    if not check.ok and all(r.level is None for r in parts):
        return  # unnumbered parts may nest ('一、财政拨款收入' over '1. 一般公共预算资金'): no sum to hold it to
    ans.checks.append(check)
    if not check.ok:
        ans.notes.append(f"注意：表中{row.label}为{compute.fmt(reported)}，但其明细之和为{compute.fmt(check.result)}，两者不一致。")
        ans.answer += " " + ans.notes[-1]


def children(table: Table, row: Row) -> list[Row]:
    if row.level == 0:
        top = [r for r in table.rows if r.level == 1 and r.side == row.side]
        return top if top else [r for r in table.rows if r.level is None and r.side == row.side and not r.is_total]
    return [r for r in table.rows if r.parent == row.label and r.level == (row.level or 0) + 1]
