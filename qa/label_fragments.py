"""Rows named by some of their label's characters: issue 24's slot filling after the document's labels, the
standard and the lexicon. The question's words that nothing claimed (no label, code, unit, column or the
department) are compared with the document's labels, and a run of them names a row when exactly one label holds it:
three or more consecutive characters ('环境卫生' of 城乡社区环境卫生, '交通费' of 其他交通费用), or four or more
that the label spells with characters left out, from its first to its last ('计生服务' of 计划生育服务). Two labels
holding the same words is no reading (the margin gate): nothing is picked, and the question is answered by its
other words or refused.

    >>> from corpus.parser import parse_text
    >>> text = "\\n".join(["2026年某局部门预算", "一般公共预算支出表", "单位：万元", "科目编码\\t科目名称\\t合计",
    ...                   "合计\\t\\t30.00", "21205\\t城乡社区环境卫生\\t10.00", "21203\\t城乡社区公共设施\\t20.00"])
    >>> doc = parse_text(text, "d", "某局", 2026, "预算")
    >>> [(f.words, f.label) for f in label_fragments(doc, "某局环境卫生这块和公共设施一共多少")]
    [('环境卫生', '城乡社区环境卫生'), ('公共设施', '城乡社区公共设施')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from corpus.model import Disclosure, Row, Table
from corpus.text import compact, is_subsequence, label_key, occurrences
from qa.columns import COLUMN_WORDS
from qa.lexicon import columns_named, items_named
from qa.per_document import per_document
from qa.scope import department_aliases, department_mention

MIN_CONTIGUOUS = 3  # characters a label holds in a row
MIN_SPELLED = 4  # characters a label spells with others between them
MIN_HELD_SHARE = 0.4  # of the label's characters, held in a row (a few words of a long project's name are not it)
MIN_SPELLED_SHARE = 0.6  # of the label's characters, spelled
# words every budget label shares: a run made of them alone names no row
GENERIC = re.compile(r"支出|经费|费用|资金|预算|项目|收入|合计|小计|其他|部门|单位|补助|[费款项类]")


@dataclass
class Fragment:
    words: str  # as the question says them
    position: int
    label: str  # the one label that holds them
    rows: list[tuple[Table, Row]]


@per_document
def label_keys(doc: Disclosure) -> set[str]:
    """The labels of the document's rows: a subtotal's ('公务用车购置及运行维护费' rivals its parts) and a project's
    too, as rivals."""
    return {key for t in doc.tables for r in t.rows if len(key := label_key(r.label, doc.department)) >= MIN_CONTIGUOUS
            and re.fullmatch(r"[\u4e00-\u9fff（）()、“”]+", key)}


@per_document
def item_keys(doc: Disclosure) -> set[str]:
    """The labels of the standard's items (a row with a 科目 code, printed or national): what fragments may name; a
    project is named by its own words (qa.forms_named), a unit by its name."""
    return {label_key(r.label, doc.department) for t in doc.tables for r in t.rows if r.subject_code}


@per_document
def column_words(doc: Disclosure) -> set[str]:
    """What the document's column headings say, each level apart ('“三公”经费预算数/公务用车购置及运行费/运行费')."""
    return {part for t in doc.tables for c in t.columns for part in compact(c).split("/") if len(part) >= 2}


def rows_labelled(doc: Disclosure, key: str) -> list[tuple[Table, Row]]:
    return [(t, r) for t in doc.tables for r in t.rows if label_key(r.label, doc.department) == key]


def label_fragments(doc: Disclosure, unclaimed: str, skip: frozenset[str] = frozenset()) -> list[Fragment]:
    """The rows the question's unclaimed words name, one label each; `unclaimed` is the question with every claimed
    character blanked (its positions are the question's), `skip` the label keys not to be read this way (units)."""
    labels = label_keys(doc) - skip
    found: list[Fragment] = []
    pieces = [(m.start(), m.group(0)) for m in re.finditer(r"[\u4e00-\u9fff]{%d,}" % MIN_CONTIGUOUS, unclaimed)]
    while pieces:
        start, piece = pieces.pop()
        reading = best_in_piece(doc, piece, labels)
        if reading is None:
            continue
        words, label = reading
        at = piece.find(words)
        if label in item_keys(doc):
            found.append(Fragment(words, start + at, label, rows_labelled(doc, label)))
        pieces += [(start, piece[:at]), (start + at + len(words), piece[at + len(words):])]  # other names beside
    return sorted(found, key=lambda f: f.position)


def best_in_piece(doc: Disclosure, piece: str, labels: frozenset[str]) -> tuple[str, str] | None:
    """The longest words of the piece a label holds, with that label: '' when two labels hold them (the margin
    gate: no silent pick, the words are left unread) unless one is the 科目 the others are under; None when no label
    holds any."""
    said = {words for key in labels if len(piece) >= MIN_CONTIGUOUS and (words := held(piece, key))
            and len(GENERIC.sub("", words)) >= 2}
    if not said:
        return None
    words = min((w for w in said if len(w) == max(map(len, said))), key=piece.find)
    if any(words in heading or spelled(words, heading) for heading in column_words(doc)):
        return words, ""  # a column's words: the column asked, not a row
    holders = [key for key in labels if holds(key, words)]
    return words, (holders[0] if len(holders) == 1 else enclosing(doc, holders))


def holds(key: str, words: str) -> bool:
    return words in key and len(words) >= MIN_HELD_SHARE * len(key) or spelled(words, key)


def enclosing(doc: Disclosure, keys: list[str]) -> str:
    """The label whose 科目 every other label's is under ('城乡社区公共设施' over '其他城乡社区公共设施支出'), or ''."""
    codes = {key: {r.subject_code for _, r in rows_labelled(doc, key)} for key in keys}
    if any(len(c) != 1 or not next(iter(c)) for c in codes.values()):
        return ""
    code = {key: next(iter(c)) for key, c in codes.items()}
    top = min(keys, key=lambda k: len(code[k]))
    return top if all(k == top or code[k].startswith(code[top]) and code[k] != code[top] for k in keys) else ""


def held(run: str, key: str) -> str:
    """The longest words of the run the label holds in a row, or spells from its first to its last character,
    said as a name: what follows them is not more of a name ('公务用车' of '公务用车购置费' is not 公务用车运行维护费)."""
    match = SequenceMatcher(None, run, key, autojunk=False).find_longest_match(0, len(run), 0, len(key))
    best = run[match.a:match.a + match.size] if match.size >= max(MIN_CONTIGUOUS, MIN_HELD_SHARE * len(key)) \
        and ends_a_name(run, match.a + match.size) else ""
    for start in (i for i, ch in enumerate(run) if ch == key[0]):
        for end in range(len(run), start + max(MIN_SPELLED - 1, len(best)), -1):
            if run[end - 1] == key[-1] and spelled(run[start:end], key) and ends_a_name(run, end):
                return run[start:end]
    return best


# what may follow a name said on its own: a particle, a verb of spending, a measure word or nothing
_AFTER_A_NAME = re.compile(r"$|的|里|中|内|方面|那|这|一共|总|花|用|安排|占|是|有|为|和|与|及|跟|比|加|给|拨|发|交|"
                           r"多|少|几|预算|决算|支出|经费|费用|资金|部分|块|项|款|类")


def ends_a_name(run: str, end: int) -> bool:
    return bool(_AFTER_A_NAME.match(run, end))


def spelled(words: str, key: str) -> bool:
    """The label spells the words from its first character to its last, most of its characters said."""
    return len(words) >= MIN_SPELLED and words[0] == key[0] and words[-1] == key[-1] \
        and len(words) >= MIN_SPELLED_SHARE * len(key) and is_subsequence(words, key)


def unclaimed(doc: Disclosure, q: str, claimed: list[tuple[int, int]]) -> str:
    """The question with the characters a name, the department, a column word or a table's name claims blanked, in
    place."""
    chars = list(q)
    words = [*department_aliases(doc.department), department_mention(q, doc.department), *COLUMN_WORDS]
    words += [w for _, w in items_named(q)] + [w for _, _, w in columns_named(q)]  # the lexicon reads these
    claimed = claimed + [(at, at + len(w)) for w in words if w for at in occurrences(q, w)] \
        + [m.span() for m in re.finditer(r"[\u4e00-\u9fff“”\"]+表", q)]
    for start, end in claimed:
        chars[start:end] = " " * (end - start)
    return "".join(chars)
