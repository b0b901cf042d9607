"""Understanding a question: normalise it, map everyday words to the disclosure's terms, find its
scope (document, year) and its intent.

    >>> understand("交警支队今年的机关运行经费", "大同市公安局").text
    '交通警察支队今年的机关运行经费'
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from opencc import OpenCC

from corpus.text import is_subsequence
from corpus.units import name_variants, unit_kinds
from qa.scope import department_mention, mention_start
from qa.terms import map_terms, vocabulary

# intent → cue words, checked in this order (the first that fits wins)
INTENT_CUES: list[tuple[str, tuple[str, ...]]] = [
    ("reason", ("为什么", "原因", "为何", "怎么会", "怎么还", "怎么又", "为啥", "咋")),
    ("definition", ("什么是", "是什么意思", "指什么", "什么叫", "含义", "定义", "解释一下", "是指什么", "是啥意思")),
    ("change", ("增幅", "降幅", "增长率", "比上年", "比去年", "较上年", "同比", "增减", "涨", "降了", "变化", "变动", "增加了多少", "减少了多少",
                "增长", "下降", "增加多少", "减少多少", "多了多少", "少了多少")),
    ("share", ("占比", "比例", "比重", "百分之几", "百分之多少", "百分比", "占多少", "占了多少", "占总", "占全部", "占到", "几成")),
    ("difference", ("多出", "超出", "超过多少", "减去", "还剩", "剩下", "相差", "差多少", "差额", "多多少", "少多少",
                    "高多少", "低多少", "差距", "差了", "少花", "多花", "超支")),
    ("ranking", ("最多", "最少", "最高", "最低", "最大", "最小", "前三", "前五", "前十", "排名", "排前", "第一多", "最贵",
                 "哪个多", "哪个少", "哪个大", "哪个高", "哪个更", "哪项多", "哪项更", "谁多", "谁少", "谁更")),
    ("count", ("多少个", "几个", "多少项", "几项", "多少家", "几家", "多少张", "几张", "多少条", "几次", "多少次", "几行", "多少行")),
    ("total", ("一共", "加起来", "加一块", "加在一起", "加一起", "合在一起", "合到一起", "算在一起", "加到一起", "总共", "总和", "共计", "加总", "合起来", "全部加", "所有", "两行", "各行合计", "逐行", "+")),
    ("list", ("从哪里来", "从哪来", "哪里来", "来源", "有哪些", "哪些", "哪几", "分别是", "各多少", "各是多少", "包括什么", "包含哪些", "列出", "都有什么", "有什么")),
]
# what a term is asked (a meaning, what it covers), whatever the intent cues say
DEFINITION_ASKED = re.compile(r"是什么|指的是|指什么|指哪|指啥|什么意思|啥意思|含义|是啥|包括哪些|包含哪些|包括什么|怎么理解")
FORM_ATTRIBUTE_CUES = ("实施单位", "项目期", "项目属性", "主管部门", "资金来源", "绩效指标", "指标值", "绩效目标",
                       "经办人", "负责人", "联系电话", "填报日期", "项目概况", "立项依据", "必要性", "实施计划",
                       "总体目标", "实施期", "年度资金", "哪个单位", "谁负责", "谁实施", "由谁", "实施主体", "实施周期")
FOLLOW_UP = re.compile(r"^(那|那么|那个|还有|再看看|换成)?.{0,14}(呢|的呢)[?？]?$")
_THESE_FEW = re.compile(r"[这那]几(?:个|项|家|样|笔|类|种)")
_YEAR = re.compile(r"(20\d{2})\s*年")
_DATE = re.compile(r"20\d{2}年\d{1,2}月(?:\d{1,2}日)?")  # '截至2025年8月31日' dates a count, it asks no year
_PUNCT_MAP = str.maketrans({"？": "?", "！": "!", "，": ",", "：": ":", "；": ";"})


@dataclass
class Query:
    question: str  # as asked
    text: str  # normalised, with the disclosure's terms
    intent: str
    years: list[int] = field(default_factory=list)
    relative_year: str = ""  # this_year | last_year
    follow_up: bool = False
    wants_unit: str = ""  # 元 or 万元 when the question asks for one
    top_n: int = 0


@lru_cache(maxsize=1)
def _converter() -> OpenCC:
    return OpenCC("t2s")


def normalise(question: str) -> str:
    """Full/half width folded (keeping Chinese quotes and brackets), traditional → simplified,
    white space and control characters removed."""
    text = "".join(ch for ch in question if unicodedata.category(ch)[0] != "C" or ch in "\t\n")
    text = "".join(_fold_width(ch) for ch in text)
    text = _converter().convert(text)
    text = re.sub(r"\s+", "", text).translate(_PUNCT_MAP)
    text = re.sub(r"[（(](20\d\d)[）)](?!年)", r"\1年", text)  # '今年（2025）' names the year
    return re.sub(r"(?<![\d.])([1-4]\d)(?=年)", r"20\1", text)  # '24年' is 2024


def _fold_width(ch: str) -> str:
    code = ord(ch)
    if 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A:
        return chr(code - 0xFEE0)  # full-width digits and letters
    return ch


def name_department(text: str, department: str) -> str:
    """The department named the way people do (区司法局, 规划资源局) written as its full name, so that every later
    step knows the words name the department, not a row."""
    mention = department_mention(text, department)
    if not mention or mention == department or department in text:
        return text
    return text.replace(mention, department, 1)


def unit_kind(name: str):
    """The kind a unit's name ends with: one of the genre's (corpus/unit_kinds.json) or a one-character kind."""
    kinds = "|".join(unit_kinds())
    return re.search(rf"({kinds}|所|队|局|处|科|站|院|室|办)$", name)


def name_units(text: str, units: frozenset[str], printed: str = "") -> str:
    """A unit named short — the end of its name (二分局 for 直属第二分局) or its telling characters in order ending
    as it ends (平城局 for 平城区分局) — written in full, when exactly one unit fits and the text does not already
    name it. One department's unit words are not in code: the units are the document's own."""
    if not units:
        return text
    masked = text  # units named in full (or by another of their names) stay as they are, and no short mention
    said = {unit: [v for v in name_variants(unit) if v in text] for unit in units}  # is read inside them
    for named in sorted((v for names in said.values() for v in names), key=len, reverse=True):
        masked = masked.replace(named, "□" * len(named))
    fits: dict[str, str] = {}
    for unit in units:
        mention = unit_mention(masked, unit)
        if mention and mention not in printed and "□" not in mention and not said[unit]:
            fits[unit] = mention
    for kind, owners in units_by_kind(units).items():  # '执法队' alone names the one unit of that kind
        if len(owners) == 1 and owners[0] not in fits and not said[owners[0]] and kind in masked \
                and not re.search(kind + r"(?![\u4e00-\u9fff])", printed):  # (not a word the document prints alone)
            fits[owners[0]] = kind
    by_mention: dict[str, list[str]] = {}
    for unit, mention in fits.items():
        by_mention.setdefault(mention, []).append(unit)
    for mention, named in sorted(by_mention.items(), key=lambda item: -len(item[0])):
        longest = max(named, key=len)
        at = masked.find(mention)
        # 平城分局 / 平城区分局 are one unit; two units fitting one mention are not told apart
        if at < 0 or not all(is_subsequence(u, longest) for u in named):
            continue
        unit = min(named, key=len)
        text = text[:at] + unit + text[at + len(mention):]
        masked = masked[:at] + "□" * len(unit) + masked[at + len(mention):]
    return text


def units_by_kind(units: frozenset[str]) -> dict[str, list[str]]:
    """The units by the kind their name ends with, for kinds of three characters or more (执法队, 技师学院)."""
    kinds: dict[str, list[str]] = {}
    for unit in units:
        if (kind := unit_kind(unit)) and len(kind.group(1)) >= 3 and len(unit) > len(kind.group(1)):
            kinds.setdefault(kind.group(1), []).append(unit)
    return kinds


def unit_mention(text: str, unit: str) -> str:
    kind = unit_kind(unit)
    if not kind or len(unit) < 4:
        return ""
    for size in range(len(unit) - 1, 2, -1):  # the end of its name, longest first
        tail = unit[-size:]
        if tail in text and len(tail) > len(kind.group(1)):
            return tail
    telling = set(unit[:kind.start()])
    best = ""
    for end, ch in enumerate(text):
        if ch != unit[-1]:
            continue
        mention = text[mention_start(text, end, unit):end + 1]
        if len(mention) >= 3 and sum(c in telling for c in mention) >= 2 and len(mention) > len(best):
            best = mention
    return best


_ONE_OF_SEVERAL = re.compile(r"(?:小|大|少|多|高|低)的那一?(?:行|个|项|笔)")


# '（不含公车）', '（A、B以外的）', '不含本级', '…，不算下属的N个单位': what a question leaves out is not what it
# asks about, nor how it asks (几个 there asks no count)
LEFT_OUT = re.compile(r"[（(](?:不算|不含|不包括|不是|除了?|去掉|扣除)[^（）()]{1,30}[）)]|[（(][^（）()]{1,40}(?:以外|之外)的?[）)]"
                      r"|(?:不算|不含|不包括|除了|扣除)[^，,。?？（）()]{1,20}?(?:以外|之外)?的?(?=[，,])"
                      r"|(?<=[，,])(?:不算|不含|不包括|除了)[^，,。?？（）()]{1,20}(?=[?？]?$)")  # a closing clause
# (a column named after what it leaves out, 扣除基建项目 + 后预算数, is a name, not a clause)


def detect_intent(text: str) -> str:
    text = LEFT_OUT.sub("", text)
    if _ONE_OF_SEVERAL.search(text):
        return "lookup"  # '两行中数额较小的一行': one of them, not their sum
    if re.search(r"几(?:个|项|笔)[\u4e00-\u9fff]{0,6}(?:加起来|加在一起|合起来|一共|总共|合计).{0,6}多少", text):
        return "total"  # '某单位几个项目合起来多少': all of them added, not how many
    if re.search(r"(结转|结余|余额).{0,6}(还剩|剩下|剩余)", text):
        return "lookup"  # a balance asked as what remains (结余…还剩): a balance the tables print, not a subtraction
    if re.search(r"合计|总计", text) and (re.search(r"[（(].+[、，,].+[）)]", text) or re.search(r".+(?:[和与、]|(?<![增附追])加).+(合计|总计)", text)) \
            and not re.search(r"相差|差多少|多多少|少多少|占", text):
        return "total"  # '（A、B、C）合计', 'A和B合计' and 'A加B合计' list what to add
    if re.search(r"占.{0,24}(多少|几|比例|比重|百分)", text) and not re.search(r"比上年|比去年|同比", text):
        return "share"
    if re.search(r"[\u4e00-\u9fff]{2}(?:加上|再加)[\u4e00-\u9fff]{2}", text) and not re.search(r"比|占|差", text):
        return "total"  # 'A加上B，全年共花多少': the items are added
    if re.search(r"比.{1,24}?(?:多|少|高|低)[\u4e00-\u9fff]{0,4}?了?(?:多少|几)", text) \
            and not re.search(r"比(?:去年|上年|上一年|20\d\d)|同比|增长|下降|增加|减少", text):
        return "difference"  # 'X比Y多发了多少': two items compared, not one looked up
    said = _THESE_FEW.sub("", text)  # '这几项…一共多少': these items, not how many
    for intent, cues in INTENT_CUES:
        if any(cue in said for cue in cues) or intent == "change" and re.search(r"比20\d\d(?!\d)", text):
            return intent  # '比2024年' compares years; '2101101比2101102' compares two codes
    if any(cue in text for cue in FORM_ATTRIBUTE_CUES):
        return "form"
    return "lookup"


def understand(question: str, department: str = "", protected: frozenset[str] = frozenset(), known: str = "",
               units: frozenset[str] = frozenset(), printed: str = "") -> Query:
    """`known`: the scoped document's own labels (document_terms); a synonym fires only when its target is among
    them. Empty: every synonym fires. `units`: the document's organisational units, named in full when the
    question names one the way people do (平城局 → 平城区分局); `printed`: the document's text besides the units'
    names, whose own words (直属分局, a kind of unit) are never rewritten."""
    text = name_units(name_department(normalise(question), department), units, printed)
    text = joined_across_de(map_terms(text, department, protected, known), known)
    vocab = vocabulary()
    relative = ""
    if any(w in re.sub(r"上年结转", "", text) for w in vocab["last_year"]):  # a carry-over is printed this year
        relative = "last_year"
    elif any(w in text for w in vocab["this_year"]):
        relative = "this_year"
    top = re.search(r"前([两一二三四五六七八九十\d]+)|最[多少高低大小]的([两一二三四五六七八九十\d]+)(?:个|项|类|家|笔|名)"
                    r"|哪([两二三四五六七八九十])(?:个|项|类|家|笔|名)", text)
    wants = "万元" if "万元" in text else "元" if re.search(r"多少元|几元|(?<!万)元[?？]?$", text) else ""
    return Query(
        question=question, text=text, intent=detect_intent(text.replace(department, "") if department else text),
        years=[int(y) for y in _YEAR.findall(_DATE.sub("", text))], relative_year=relative,
        follow_up=bool(FOLLOW_UP.match(text)), wants_unit=wants,
        top_n=chinese_number(top.group(1) or top.group(2) or top.group(3)) if top else 0,
    )


def joined_across_de(text: str, known: str) -> str:
    """A 的 said inside a name the document prints (公务用车 的 购置费) is dropped; one between two names stays.

    >>> joined_across_de("问公务用车的购置费有几", "公务用车购置及运行维护费/公务用车购置费")
    '问公务用车购置费有几'
    >>> joined_across_de("问基本支出的人员经费有几", "基本支出/人员经费")
    '问基本支出的人员经费有几'
    >>> joined_across_de("移交政府的离退休人员安置有几", "移交政府离退休机构\\n移交政府的离退休人员安置")
    '移交政府的离退休人员安置有几'
    """
    if not known or "的" not in text:
        return text
    for at in reversed([m.start() for m in re.finditer("的", text)]):
        left, right = text[max(0, at - 10):at], text[at + 1:at + 11]
        joined, k = left + right, len(left)
        spans = [(a, b) for a in range(0, k - 1) for b in range(len(joined), k + 1, -1) if b - a >= 6]
        if any(left[a:] + "的" + right[:b - k] in known for a, b in spans):
            continue  # the 的 is printed in the name itself (军队移交政府的离退休人员安置)
        if any(joined[a:b] in known for a, b in spans):
            text = text[:at] + text[at + 1:]
    return text


def chinese_number(text: str) -> int:
    digits = "零一二三四五六七八九"
    text = text.replace("两", "二")
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + digits.index(text[1])
    return digits.index(text[0]) if len(text) == 1 \
        else 10 * digits.index(text[0]) + (digits.index(text[-1]) if text[-1] != "十" else 0)
