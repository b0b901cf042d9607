"""Reading the prose (情况说明) of a disclosure: its sections as blocks of text with their source lines, its
sentences, and the amounts and percentages each states with the words that name them.

    >>> from decimal import Decimal
    >>> [(t.value, t.words) for t in read_tokens("本年支出合计2940.05万元，其中：基本支出2336.91万元，占79.49%", 0, 40)]
    [(Decimal('2940.05'), '本年支出合计'), (Decimal('2336.91'), '基本支出'), (Decimal('79.49'), '占')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from corpus.model import Disclosure
from corpus.money import parse_amount

AMOUNT = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(亿元|万元|元)")
PERCENT = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*[%％]")
DELIMITERS = re.compile(r"[，,：:；;、。]")
CLAUSE = re.compile(r"[；;]")
CHANGE = re.compile(r"(增加|增长|上升|提高|减少|下降|降低)了?$")
DOWN = ("减少", "下降", "降低")
YEAR = re.compile(r"(20\d{2})\s*年")
SUBHEADING = re.compile(r"^(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\d+、)[^。，,；;]{0,30}$")
LEAD_WORDS = re.compile(r"^(主要原因(是|为)?|主要是|原因是|其中|主要包括|主要用于以下方面|主要用于|包括)[：:]?")


@dataclass
class Mention:
    """An amount the prose states, with the words before it."""

    value: Decimal
    unit: str
    places: int
    words: str  # the words before it, as printed
    start: int
    end: int
    change: int = 0  # +1 增加, -1 减少; 0 for a level
    subject: str = ""  # for a change: what changed; '' when it is the clause's own figure
    year: int | None = None

    @property
    def label(self) -> str:
        return clean_words(LEAD_WORDS.sub("", self.words))


@dataclass
class Percent:
    value: Decimal
    places: int
    words: str
    start: int
    end: int

    @property
    def label(self) -> str:
        return clean_words(self.words)


@dataclass
class Block:
    """The prose of one section as one text (a sentence may run over paragraphs and lines), with the
    source line each stretch of it was read from."""

    section: str
    text: str = ""
    lines: list[tuple[int, int, str]] = field(default_factory=list)  # (offset, line number, verbatim line)

    def line_at(self, offset: int) -> tuple[int, str]:
        return [(number, raw) for start, number, raw in self.lines if start <= offset][-1]


def blocks_of(doc: Disclosure) -> list[Block]:
    blocks: list[Block] = []
    previous = ""
    for para in doc.paragraphs:
        if not blocks or blocks[-1].section != para.section:
            blocks.append(Block(para.section))
        elif SUBHEADING.match(previous):
            blocks[-1].text += "。"  # a sub-heading the parser kept as prose ends before what follows
        block = blocks[-1]
        for number in range(para.source.line, para.line_end + 1):
            raw = doc.lines[number - 1]
            if raw.strip():
                block.lines.append((len(block.text), number, raw))
                block.text += raw.strip()
        previous = para.text
    return blocks


def read_tokens(text: str, start: int, end: int) -> list[Mention | Percent]:
    """The amounts and percentages of text[start:end], in order, each with the words naming it."""
    found = sorted([(m.start(), m) for m in AMOUNT.finditer(text, start, end)]
                   + [(m.start(), m) for m in PERCENT.finditer(text, start, end)], key=lambda x: x[0])
    tokens: list[Mention | Percent] = []
    previous_end = start
    for position, match in found:
        words = text[label_start(text, start, previous_end, position):position].strip()
        number = match.group(1)
        places = len(number.split(".")[1]) if "." in number else 0
        if match.re is PERCENT:
            tokens.append(Percent(Decimal(number), places, words, position, match.end()))
        else:
            tokens.append(read_mention(text, match, words, places, previous_end))
        previous_end = match.end()
    return tokens


def read_mention(text: str, match: re.Match, words: str, places: int, since: int) -> Mention:
    value = parse_amount(match.group(1))
    change = CHANGE.search(words)
    years = YEAR.findall(text[since:match.start()])
    mention = Mention(value, match.group(2), places, words, match.start(), match.end(),
                      year=int(years[-1]) if years else None)
    if change:
        mention.change = -1 if change.group(1) in DOWN else 1
        subject = words[:change.start()]
        mention.subject = "" if re.search(r"比|与.*相比|较", subject) else subject
    return mention


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences end at 。！？ and before an enumerated sub-heading run into the text (（三）…)."""
    ends = sorted({m.end() for m in re.finditer(r"[。！？]", text)}
                  | {m.start() for m in re.finditer(r"[（(][一二三四五六七八九十]+[）)]", text) if m.start()})
    spans, start = [], 0
    for end in ends + [len(text)]:
        if end > start:
            spans.append((start, end))
            start = end
    return spans


def label_start(text: str, sentence_start: int, previous_end: int, position: int) -> int:
    """Where the words naming a figure begin: after the last delimiter or the figure before it."""
    begin = max(sentence_start, previous_end)
    delimiters = [m.end() for m in DELIMITERS.finditer(text, begin, position)]
    return delimiters[-1] if delimiters else begin


def clean_words(words: str) -> str:
    """The words before a figure without quotes, a leading enumeration (1. “…”) or a sub-heading run
    into them (（二）…结构情况)."""
    words = re.sub(r"[“”\"'‘’]", "", words).strip()
    words = re.sub(r"^[（(][一二三四五六七八九十]+[）)][^，,。；;：:]*?情况(说明)?(?=.)", "", words)
    return re.sub(r"^(\d+[.、．]|[（(][一二三四五六七八九十\d]+[）)])\s*", "", words)
