"""Synthetic disclosures for scale tests: the seed (大同市公安局 2023 budget) under other department names,
with its money figures scaled and, optionally, another year.

    from bench.synthetic import write_corpus
    manifest = write_corpus(Path("/tmp/corpus-100"), 100)      # the seed + 99 variants, manifest.json
    text = variant_text(seed, "太原市财政局", factor=3)           # one variant's text

or ``python -m bench synth --count 100 --out /tmp/corpus-100``.

What changes in a variant, and why its arithmetic stays consistent:

* **Money** is multiplied by one whole-number factor per document (2…9). For figures printed to the cent
  k·(a + b) = k·a + k·b holds exactly, so every total, subtotal and cross-table equality that holds in the
  seed holds in the variant (a fractional factor would round each cell separately and break them); shares
  and growth rates (占 64.39%, 增加 7.44%) are ratios and stay true. What the seed itself gets only
  approximately right (its rounding) is scaled with it. Money is: a table cell that is only an amount with
  a decimal part or thousands separators (``1,572.10``, ``25.40``, ``2,639,700``); a bare whole number in a
  project form's funding row (after a label with 资金/自筹); and any number directly followed by 万元 or 元
  in text or cells (``7479.15万元``, ``3626200元``), but not a rate (``710元/月``). Untouched: years,
  subject codes (``2040201``), page numbers, phone numbers and timestamps (bare whole numbers), percentages,
  counts (309辆, 398人), areas. Amounts are re-formatted with thousands separators when the original had
  them or was a table cell, and with the original's decimals.
* **The department name** (大同市公安局) is replaced everywhere, sub-units included
  (大同市公安局交通警察支队 → 太原市财政局交通警察支队).
* **The year** (optional): 2023 → Y and 2022 → Y − 1 wherever they stand alone (not inside a timestamp).
"""
from __future__ import annotations

import json
import random
import re
import shutil
from decimal import Decimal
from pathlib import Path

import config

SEED_ID = "datong-gaj-2023-budget"
SEED_DEPARTMENT = "大同市公安局"
SEED_YEAR = 2023
FACTORS = range(2, 10)
YEARS = (2021, 2022, 2023, 2024, 2025)

CITIES = ("太原市", "阳泉市", "长治市", "晋城市", "朔州市", "晋中市", "运城市", "忻州市", "临汾市", "吕梁市",
          "石家庄市", "唐山市", "秦皇岛市", "邯郸市", "邢台市", "保定市", "张家口市", "承德市", "沧州市", "廊坊市",
          "衡水市", "呼和浩特市", "包头市", "乌海市", "赤峰市", "通辽市", "鄂尔多斯市", "郑州市", "开封市", "洛阳市",
          "西安市", "宝鸡市", "咸阳市", "渭南市", "延安市", "汉中市", "榆林市", "安康市", "商洛市", "铜川市",
          "济南市", "青岛市", "淄博市")
BUREAUS = ("公安局", "财政局", "教育局", "民政局", "司法局", "人力资源和社会保障局", "自然资源局", "生态环境局",
           "住房和城乡建设局", "交通运输局", "水务局", "农业农村局", "商务局", "文化和旅游局", "卫生健康委员会",
           "退役军人事务局", "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局", "林业局", "体育局",
           "档案局", "科学技术局", "工业和信息化局")

# a table cell that is only an amount: decimals or thousands separators (a bare integer is a code, page,
# phone number or timestamp)
CELL_AMOUNT = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)")
BARE_INTEGER = re.compile(r"-?\d+")
FUNDING_LABEL = ("资金", "自筹", "财政资")  # a project form's funding rows (元): bare integers there are money
# a number followed by 万元/元 (not a rate such as 710元/月); not glued to a longer number
TEXT_AMOUNT = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?= ?万?元(?![/／]))")


def department_names(count: int, rng: random.Random) -> list[str]:
    """`count` distinct department names (city + bureau), never the seed's."""
    names = [c + b for c in CITIES for b in BUREAUS if c + b != SEED_DEPARTMENT]
    if count > len(names):
        raise ValueError(f"at most {len(names)} distinct synthetic departments, not {count}")
    rng.shuffle(names)
    return names[:count]


def scale_token(token: str, factor: int, separators: bool) -> str:
    """`token` (an amount as printed) times `factor`, with the same decimals; thousands separators when
    `separators`."""
    negative = token.startswith("-")
    digits = token.lstrip("-").replace(",", "")
    places = len(digits.split(".")[1]) if "." in digits else 0
    value = Decimal(digits) * factor
    text = f"{value:,.{places}f}" if separators else f"{value:.{places}f}"
    return ("-" if negative else "") + text


def scale_text_amounts(text: str, factor: int) -> str:
    def replace(match: re.Match) -> str:
        token = match.group(1) + (match.group(2) or "")
        return scale_token(token, factor, separators="," in match.group(1))

    return TEXT_AMOUNT.sub(replace, text)


def scale_line(line: str, factor: int) -> str:
    if "\t" not in line:
        return scale_text_amounts(line, factor)
    cells = line.split("\t")
    label = ""
    for i, cell in enumerate(cells):
        stripped = cell.strip()
        if not stripped:
            continue
        if CELL_AMOUNT.fullmatch(stripped):
            cells[i] = cell.replace(stripped, scale_token(stripped, factor, separators=True))
        elif BARE_INTEGER.fullmatch(stripped):
            if any(word in label for word in FUNDING_LABEL):
                cells[i] = cell.replace(stripped, scale_token(stripped, factor, separators=True))
        else:
            cells[i] = scale_text_amounts(cell, factor)
            label = stripped
    return "\t".join(cells)


def change_year(text: str, year: int, seed_year: int = SEED_YEAR) -> str:
    """seed_year -> year and the year before -> year - 1, where they stand alone (not in a timestamp)."""
    if year == seed_year:
        return text
    mapping = {str(seed_year): str(year), str(seed_year - 1): str(year - 1)}
    return re.sub(rf"(?<!\d)({seed_year}|{seed_year - 1})(?!\d)", lambda m: mapping[m.group(1)], text)


def variant_text(seed: str, department: str, factor: int, year: int | None = None,
                 seed_department: str = SEED_DEPARTMENT) -> str:
    """The seed's text as `department`'s disclosure, money times `factor`, optionally of `year`."""
    if not isinstance(factor, int) or factor < 1:
        raise ValueError("the factor must be a whole number >= 1 (a fraction would break the tables' sums)")
    text = "\n".join(scale_line(line, factor) for line in seed.split("\n"))
    text = text.replace(seed_department, department)
    return change_year(text, year) if year else text


def seed_entry(corpus_dir: Path | None = None) -> dict:
    corpus_dir = Path(corpus_dir or config.ROOT / "corpus")
    manifest = json.loads((corpus_dir / "manifest.json").read_text(encoding="utf-8"))
    return next(d for d in manifest["documents"] if d["id"] == SEED_ID)


def write_corpus(out: Path, count: int, seed: int = 0, change_year: bool = False, include_seed: bool = True,
                 source_corpus: Path | None = None) -> dict:
    """A corpus folder `out` (manifest.json + documents/) of `count` documents: the seed itself (unless
    not `include_seed`) and synthetic variants. Deterministic for a given `seed`. Returns the manifest."""
    source_corpus = Path(source_corpus or config.ROOT / "corpus")
    entry = seed_entry(source_corpus)
    seed_text = (source_corpus / entry["source"]).read_text(encoding="utf-8")
    rng = random.Random(seed)
    out = Path(out)
    documents_dir = out / "documents"
    documents_dir.mkdir(parents=True, exist_ok=True)
    documents = []
    if include_seed:
        target = documents_dir / Path(entry["source"]).name
        shutil.copyfile(source_corpus / entry["source"], target)
        target.chmod(0o644)
        documents.append({k: entry[k] for k in ("id", "department", "year", "kind")}
                         | {"source": f"documents/{target.name}"})
    variants = count - len(documents)
    for number, department in enumerate(department_names(variants, rng), start=1):
        factor = rng.choice(FACTORS)
        year = rng.choice(YEARS) if change_year else SEED_YEAR
        doc_id = f"synth-{number:04d}-{year}"
        (documents_dir / f"{doc_id}.txt").write_text(variant_text(seed_text, department, factor, year),
                                                   encoding="utf-8")
        documents.append({"id": doc_id, "department": department, "year": year, "kind": entry["kind"],
                          "source": f"documents/{doc_id}.txt", "synthetic": {"from": SEED_ID, "factor": factor}})
    manifest = {"documents": documents}
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return manifest


def add_variants(corpus_dir: Path, count: int, seed: int = 0) -> int:
    """`count` variants of the documents already in `corpus_dir` (in turn, so each layout is repeated), added to
    its manifest: each under a department name no document there has, its money times a whole factor. Returns
    `count`."""
    corpus_dir = Path(corpus_dir)
    manifest = json.loads((corpus_dir / "manifest.json").read_text(encoding="utf-8"))
    sources = [d for d in manifest["documents"] if d.get("department")]
    if count and not sources:
        raise ValueError(f"{corpus_dir} has no document with a department to vary")
    taken = {d.get("department") for d in manifest["documents"]}
    rng = random.Random(seed)
    names = [n for n in department_names(count + len(taken), rng) if n not in taken][:count]
    texts: dict[str, str] = {}
    for number, department in enumerate(names, start=1):
        source = sources[(number - 1) % len(sources)]
        if source["id"] not in texts:
            texts[source["id"]] = (corpus_dir / source["source"]).read_text(encoding="utf-8")
        doc_id = f"synth-{number:04d}-{source['id']}"[:80]
        (corpus_dir / "documents" / f"{doc_id}.txt").write_text(
            variant_text(texts[source["id"]], department, rng.choice(FACTORS), seed_department=source["department"]),
            encoding="utf-8")
        manifest["documents"].append({"id": doc_id, "department": department, "year": source["year"],
                                      "kind": source["kind"], "source": f"documents/{doc_id}.txt",
                                      "synthetic": {"from": source["id"]}})
    (corpus_dir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                                              encoding="utf-8")
    return len(names)
