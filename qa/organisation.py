"""What the department is and does, from its own text: the first paragraphs of 机构设置 and 职责, the duty a
question asks about (quoted only when one duty clearly shares the question's words), and the category a unit is
listed under."""
from __future__ import annotations

import re

from corpus.model import Disclosure
from qa.answer import Answer, Citation
from qa.quotes import coverage, without_department
from qa.resolve import label_key, question_key


ABOUT_DEPARTMENT = re.compile(r"什么样的(?:部门|单位|机构)|是什么部门|是干什么的|是做什么的|什么职能|有哪些职责|主要职责|负责什么工作")


YES_NO_DUTY = re.compile(r"负不负责|是否负责|管不管|负责不负责|有没有.{0,6}职责|是不是.{0,6}职责"
                          r"|(?:方面|上)(?:都?管(?:些|了)?什么|管哪些|负责什么|负责哪些|有什么职责|有哪些职责|做什么|干什么)")


def answer_about_department(doc: Disclosure, ans: Answer) -> bool:
    """What the department is and does: the first paragraphs of its 机构设置 and 职责 sections."""
    paragraphs = [p for word in ("机构设置", "职责", "职能") for p in doc.paragraphs if word in p.section][:2]
    if not paragraphs:
        return False
    ans.intent = "organisation"
    for para in paragraphs:
        ans.citations.append(Citation(doc.id, para.section.split(" › ")[-1], "", "", para.source.line,
                                      para.source.text))
    ans.answer = "公开文件写道：" + " ".join(f"“{p.text}”（第{p.source.line}行）" for p in paragraphs)
    return True


def answer_duty(doc: Disclosure, text: str, ans: Answer) -> bool:
    """'X负不负责Y': the duty the 职责 text lists, quoted; nothing when it lists none."""
    subject = re.sub(r"^在|在(?=[^在]*$)", "", YES_NO_DUTY.sub("", without_department(question_key(text), doc.department)))
    duties = sorted((p for p in doc.paragraphs if "职责" in p.section or "职能" in p.section),
                    key=lambda p: -coverage(subject, p.text))
    scores = [coverage(subject, p.text) for p in duties[:2]] + [0.0, 0.0]
    # '在X方面管什么' names a field in its own words: a duty that shares clearly more of them than any other
    if not duties or scores[0] < 0.6 and not (re.search(r"方面|上", text) and scores[0] >= 0.4
                                              and scores[0] - scores[1] >= 0.2):
        return False
    best = duties[0]
    ans.intent = "organisation"
    ans.citations.append(Citation(doc.id, best.section.split(" › ")[-1], "", "", best.source.line, best.source.text))
    ans.answer = f"部门职责中写道：“{best.text}”（第{best.source.line}行）"
    return True


def answer_unit_category(doc: Disclosure, text: str, ans: Answer) -> bool:
    q = question_key(text)
    unit = next((u for u in doc.org_units if label_key(u.name, doc.department) in q), None)
    if unit is None:
        return False
    ans.intent = "organisation"
    ans.citations.append(Citation(doc.id, "机构设置", unit.name, unit.relation, unit.source.line, unit.source.text))
    ans.answer = f"按机构设置的说明，{unit.name}属于“{unit.relation}”（第{unit.source.line}行）。"
    return True
