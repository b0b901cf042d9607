"""The README's JSON contracts hold: `python -m corpus show --json` and `python -m qa ask --json` carry every key
the README lists, with the type it shows (keys may be added, never missing).

The README writes a contract as `{"key","key":N,"key":bool,"key":"3149.06","key":[...],"key":[{...}]}`: a bare key
only has to be there, `N` is a whole number, `bool` a boolean, a quoted example a string, `[...]` a list and
`[{...}]` a list of objects each holding that contract.
"""
import json
import re
from pathlib import Path

import pytest

from corpus.__main__ import main as corpus_main
from qa.pipeline import Pipeline

README = Path(__file__).resolve().parents[1] / "README.md"
ANY, INT, BOOL, STR = "any", "N", "bool", "str"


def readme_contract(command: str) -> dict:
    """The contract the README gives for `python -m COMMAND --json`, parsed."""
    text = README.read_text(encoding="utf-8")
    found = re.search(r"`python -m " + re.escape(command) + r" --json`:\s*\n\s*`(\{.*?\})`", text)
    assert found, f"README.md: no contract line for `python -m {command} --json`"
    spec, rest = parse_value(found.group(1))
    assert not rest, f"README.md: the contract of {command} does not parse past {rest!r}"
    return spec


def parse_value(text: str):
    """(spec, the text after it): a dict of key -> spec, ("list", spec), or one of ANY, INT, BOOL, STR."""
    if text.startswith("{"):
        members, text = {}, text[1:]
        while True:
            key = re.match(r'"([^"]*)"', text)
            assert key, f"expected a quoted key at {text!r}"
            text = text[key.end():]
            spec = ANY
            if text.startswith(":"):
                spec, text = parse_value(text[1:])
            members[key.group(1)] = spec
            if text.startswith(","):
                text = text[1:]
            elif text.startswith("}"):
                return members, text[1:]
            else:
                raise AssertionError(f"expected , or }} at {text!r}")
    if text.startswith("[...]"):
        return ("list", ANY), text[5:]
    if text.startswith("["):
        item, text = parse_value(text[1:])
        assert text.startswith("]"), f"expected ] at {text!r}"
        return ("list", item), text[1:]
    for word in (INT, BOOL):
        if text.startswith(word):
            return word, text[len(word):]
    quoted = re.match(r'"[^"]*"', text)
    assert quoted, f"cannot read the contract at {text!r}"
    return STR, text[quoted.end():]


def violations(value, spec, where: str = "$") -> list[str]:
    """Every place `value` breaks `spec` (a missing key, a wrong type)."""
    if spec == ANY:
        return []
    if spec == INT:
        return [] if isinstance(value, int) and not isinstance(value, bool) else [f"{where}: {value!r} is not N"]
    if spec == BOOL:
        return [] if isinstance(value, bool) else [f"{where}: {value!r} is not bool"]
    if spec == STR:
        return [] if isinstance(value, str) else [f"{where}: {value!r} is not a string"]
    if isinstance(spec, tuple):
        if not isinstance(value, list):
            return [f"{where}: {type(value).__name__} is not a list"]
        return [v for i, item in enumerate(value) for v in violations(item, spec[1], f"{where}[{i}]")]
    if not isinstance(value, dict):
        return [f"{where}: {type(value).__name__} is not an object"]
    missing = [f"{where}: no key {key!r}" for key in spec if key not in value]
    wrong = [v for key, sub in spec.items() if key in value for v in violations(value[key], sub, f"{where}.{key}")]
    return missing + wrong


def lists_filled(values: list, spec, where: str = "$") -> set[str]:
    """The contract's lists that hold at least one item in some value: only those had their items checked."""
    filled = set()
    if isinstance(spec, tuple):
        items = [item for value in values for item in value]
        if items:
            filled |= {where} | lists_filled(items, spec[1], where + "[]")
    elif isinstance(spec, dict):
        for key, sub in spec.items():
            filled |= lists_filled([v[key] for v in values if key in v], sub, f"{where}.{key}")
    return filled


def contract_lists(spec, where: str = "$") -> set[str]:
    if isinstance(spec, tuple):
        return {where} | contract_lists(spec[1], where + "[]")
    if isinstance(spec, dict):
        return {p for key, sub in spec.items() for p in contract_lists(sub, f"{where}.{key}")}
    return set()


def test_the_readme_contracts_parse():
    assert readme_contract("corpus show")["documents"][1]["tables"][1]["rows"] == INT
    answer = readme_contract("qa ask")
    assert answer["refused"] == BOOL and answer["figures"][1]["value"] == STR and "latency_ms" in answer


def test_corpus_show_json_holds_the_readme_contract(capsys):
    assert corpus_main(["show", "--json"]) == 0  # the seed corpus
    shown = json.loads(capsys.readouterr().out)
    spec = readme_contract("corpus show")
    assert violations(shown, spec) == []
    assert lists_filled([shown], spec) == contract_lists(spec)  # every list in the contract had items to check


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline.load(retrieval=False)


QUESTIONS = ("基本工资一共多少",  # computed: figures, citations, checks
             "交警支队的机关运行经费是多少？",  # a cell
             "大同市公安局2023年员工食堂的伙食费是多少？")  # not in the disclosure: a refusal


def test_qa_ask_json_holds_the_readme_contract(pipeline):
    spec = readme_contract("qa ask")
    answers = [json.loads(json.dumps(pipeline.ask(q).to_json(), ensure_ascii=False)) for q in QUESTIONS]
    assert [a["refused"] for a in answers] == [False, False, True]
    for question, answer in zip(QUESTIONS, answers):
        assert violations(answer, spec) == [], question
    assert lists_filled(answers, spec) == contract_lists(spec)
