"""Facts the disclosures state only in prose, as typed records citing the line of each figure: 政府采购 (total,
货物/工程/服务, amounts reserved for small firms), 国有资产 (vehicles by kind at a date, or to be bought; equipment
over a unit price), 绩效目标 coverage (projects and funds per stage) and the 机构设置 count of units by kind.

The genre words these sentences the same way across departments and years (a budget says 政府采购预算…万元, final
accounts 政府采购金额（以合同签订为准）为…万元), so the patterns below name the genre's phrases, never one
document's. A section's paragraphs are read as one text (a page break can split a sentence, even a figure from its
unit); white space is dropped and full-width forms folded, and every character remembers its line.

    >>> text = SectionText.of(["2026年本部门政府采购预算1486.42万元，其中：政府采购货物预算3.66", "万元。"], [10, 11])
    >>> [(s.label, s.value, s.printed, s.source.line) for s in procurement(text).items][:2]
    [('合计', Decimal('14864200.00'), '1486.42万元', 10), ('货物', Decimal('36600.00'), '3.66万元', 10)]
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from corpus.model import AssetHolding, Disclosure, PerformanceCoverage, Procurement, Source, Stated
from corpus.money import convert, parse_amount
from corpus.text import compact, page_furniture

AMOUNT = r"(\d[\d,]*(?:\.\d+)?)(亿元|万元|元)"
_PROCUREMENT = (
    ("合计", re.compile(r"政府采购(?:预算|金额)(?:总额)?(?:\([^)]*\))?为?" + AMOUNT)),
    ("货物", re.compile(r"货物(?:采购)?(?:预算|金额)为?" + AMOUNT)),
    ("工程", re.compile(r"工程(?:采购)?(?:预算|金额)为?" + AMOUNT)),
    ("服务", re.compile(r"服务(?:采购)?(?:预算|金额)为?" + AMOUNT)),
    ("面向中小企业预留", re.compile(r"面向中小企业预留政府采购项目预算(?:金额)?为?" + AMOUNT)),
    ("面向小微企业预留", re.compile(r"(?:面向小微企业预留|预留给小型和微型企业的)政府采购项目预算(?:金额)?为?" + AMOUNT)),
)
# vehicles held: '共有车辆56辆', '共有公务用车2辆', '…房屋…平方米，车辆0辆', '共有车辆108台', at the date the sentence
# gives ('截至2025年12月31日', '截至2025年底'), if any
_HELD = re.compile(r"(?:共有|拥有|有|[，,、：:])(?:车辆|公务用车)共?(\d+)(辆|台)")
_AS_OF = re.compile(r"截至(20\d{2}年(?:\d{1,2}月)?(?:\d{1,2}日|底|末))")
_PLANNED = re.compile(r"(20\d{2})年(?:部门)?预算安排购置车辆(\d+)(辆|台)")
_VEHICLE_KIND = re.compile(r"(?:其中)?([\u4e00-\u9fff]{2,10}?用车)(\d+)(辆|台)")
_EQUIPMENT = re.compile(r"单价(\d+)万元\(含\)以上(?:的)?设备(?:\(不含车辆\))?(\d+)台\(套\)")
_STAGE = re.compile(r"(编报绩效目标|绩效跟踪评价|绩效自评|绩效评价)的(?:20\d{2}年度?)?项目共?(\d+)个[，,]?涉及(?:项目)?预算(?:资金|金额)"
                    + AMOUNT)
# '共21个项目纳入绩效目标管理，涉及财政性资金合计…万元': the projects with 绩效目标 said another way
_MANAGED = re.compile(r"共(\d+)个项目纳入绩效目标管理[，,]?涉及(?:项目)?(?:预算|财政性)?(?:资金|金额)(?:合计)?" + AMOUNT)
_BUDGET_UNITS = re.compile(r"(\d+)个预算单位开展")
_SCORE = re.compile(r"平均得分([\d.]+)分")
_UNIT_KIND_COUNT = re.compile(r"(行政|参公|事业|企业)单位(\d+)家")
# where each kind of fact is stated: the section heading's words
SECTION_WORDS = {"procurement": "政府采购", "assets": "国有资产", "performance": "绩效", "units": r"机构设置|单位构成"}


@dataclass
class SectionText:
    """A section's text, compacted, with the source line of every character."""

    text: str
    line_of: list[int]
    lines: dict[int, str]
    doc_id: str = ""

    @classmethod
    def of(cls, raw_lines: list[str], numbers: list[int], doc_id: str = "") -> "SectionText":
        chars, line_of = [], []
        for raw, number in zip(raw_lines, numbers):
            text = compact(raw)
            chars.append(text)
            line_of += [number] * len(text)
        return cls("".join(chars), line_of, dict(zip(numbers, raw_lines)), doc_id)

    def source(self, line: int) -> Source:
        return Source(self.doc_id, line, self.lines[line])

    def stated(self, label: str, match: re.Match, group: int, unit: str | None = None) -> Stated:
        """The figure in `group` of `match` (money when `unit` is None: the next group holds 万元/元)."""
        printed = match.group(group)
        line = self.line_of[match.start(group)]
        if unit is None:
            money_unit = match.group(group + 1)
            value = convert(parse_amount(printed), money_unit, "元")
            return Stated(label, value, "元", printed + money_unit, self.source(line))
        return Stated(label, Decimal(printed), unit, printed + unit, self.source(line))


def read_prose_facts(doc: Disclosure) -> None:
    """Fill the document's prose records from the paragraphs of the sections that state them."""
    for section, text in section_texts(doc):
        last = section.split(" › ")[-1] if section else ""
        if re.search(SECTION_WORDS["procurement"], last) and (found := procurement(text)):
            doc.procurement.append(found)
        if re.search(SECTION_WORDS["assets"], last):
            doc.assets += asset_holdings(text)
        if re.search(SECTION_WORDS["performance"], last):
            doc.performance += performance_coverage(text)
        if re.search(SECTION_WORDS["units"], section):
            doc.unit_counts += unit_counts(text)


def section_texts(doc: Disclosure) -> list[tuple[str, SectionText]]:
    """Each section's paragraphs as one text, in document order."""
    numbers: dict[str, list[int]] = {}
    for paragraph in doc.paragraphs:  # a page's number inside a paragraph run onto the next page is no text of it
        numbers.setdefault(paragraph.section, []).extend(
            n for n in range(paragraph.source.line, paragraph.line_end + 1) if not page_furniture(doc.lines, n - 1))
    return [(section, SectionText.of([doc.lines[n - 1] for n in lines], lines, doc.id))
            for section, lines in numbers.items()]


def procurement(text: SectionText) -> Procurement | None:
    items = []
    for label, pattern in _PROCUREMENT:
        match = pattern.search(text.text)
        if match:
            items.append(text.stated(label, match, 1))
    if not items:
        return None
    return Procurement("金额" if "政府采购金额" in text.text else "预算", items)


def asset_holdings(text: SectionText) -> list[AssetHolding]:
    """Each sentence stating the vehicles held or '…年预算安排购置车辆N辆', with the kinds and equipment listed after it."""
    held = [(m, False) for m in _HELD.finditer(text.text)]
    anchors = sorted(held + [(m, True) for m in _PLANNED.finditer(text.text)], key=lambda a: a[0].start())
    holdings = []
    for position, (match, planned) in enumerate(anchors):
        end = anchors[position + 1][0].start() if position + 1 < len(anchors) else len(text.text)
        span = text.text[match.end():end]
        count_group = 2 if planned else 1
        when = match.group(1) + "年" if planned else held_at(text.text[:match.start()])
        holding = AssetHolding(when, planned, text.stated("车辆", match, count_group, match.group(count_group + 1)))
        for kind in _VEHICLE_KIND.finditer(span):
            holding.by_kind.append(shifted(text, kind, match.end(), kind.group(1), 2, kind.group(3)))
        equipment = _EQUIPMENT.search(span)
        if equipment:
            label = f"单价{equipment.group(1)}万元（含）以上设备（不含车辆）"
            holding.equipment = shifted(text, equipment, match.end(), label, 2, "台(套)")
        holdings.append(holding)
    return holdings


def held_at(before: str) -> str:
    """The date the sentence ending in `before` states ('截至2025年12月31日，…'); "" when it states none."""
    sentence = re.split(r"[。；;]", before)[-1]
    dates = _AS_OF.findall(sentence)
    return dates[-1] if dates else ""


def shifted(text: SectionText, match: re.Match, offset: int, label: str, group: int, unit: str) -> Stated:
    """A count found in a slice of the text that starts at `offset`."""
    line = text.line_of[offset + match.start(group)]
    return Stated(label, Decimal(match.group(group)), unit, match.group(group) + unit, text.source(line))


def performance_coverage(text: SectionText) -> list[PerformanceCoverage]:
    units = _BUDGET_UNITS.search(text.text)
    found = []
    stages = [(m, m.group(1), 2) for m in _STAGE.finditer(text.text)]
    stages += [(m, "编报绩效目标", 1) for m in _MANAGED.finditer(text.text)]
    for match, stage, count in sorted(stages, key=lambda found: found[0].start()):
        coverage = PerformanceCoverage(stage, text.stated("项目", match, count, "个"), text.stated("资金", match, count + 1))
        if units and units.end() <= match.start():
            coverage.budget_units = text.stated("预算单位", units, 1, "个")
        score = _SCORE.search(text.text[match.end():match.end() + 20]) if stage == "绩效自评" else None
        if score:
            coverage.score = shifted(text, score, match.end(), "平均得分", 1, "分")
        found.append(coverage)
    return found


def unit_counts(text: SectionText) -> list[Stated]:
    """'行政单位1家，参公单位1家，事业单位4家' → one count per kind."""
    return [text.stated(f"{m.group(1)}单位", m, 2, "家") for m in _UNIT_KIND_COUNT.finditer(text.text)]
