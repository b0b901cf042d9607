"""Answering is built for the genre, not for the questions it is measured on: no run of six characters from a gold
question appears in qa/'s code, comments or data unless a document prints it too (issue 24). Such a run would answer
that sentence and its near twins only. Skipped when ../shared is absent (without the documents, a document's own
words could not be told from a question's)."""
import json
import re
from pathlib import Path

import pytest

import config

SHARED = Path(config.ROOT).parent / "shared"
RUN = 6
pytestmark = pytest.mark.skipif(not (SHARED / "corpus-wide").is_dir(), reason="../shared is absent")


def runs(text: str) -> set[str]:
    """Every run of RUN characters with at least half of them Chinese (a code or a number alone is no wording)."""
    text = re.sub(r"\s", "", text)
    return {text[i:i + RUN] for i in range(len(text) - RUN + 1)
            if len(re.findall(r"[\u4e00-\u9fff]", text[i:i + RUN])) >= RUN // 2}


def documents_text() -> str:
    files = [*SHARED.rglob("*.txt"), *Path(config.ROOT, "corpus").rglob("*.txt")]
    return re.sub(r"\s", "", "".join(f.read_text(errors="ignore") for f in files))


def test_no_gold_question_wording_in_qa():
    questions = [json.loads(line)["question"] for gold in Path(config.ROOT, "eval").glob("gold*.jsonl")
                 for line in gold.read_text().splitlines() if line.strip()]
    asked = set().union(*map(runs, questions))
    quoted = {}  # line -> the runs it shares with a question
    for source in sorted(Path(config.ROOT, "qa").rglob("*")):
        if source.suffix in (".py", ".json"):
            for number, line in enumerate(source.read_text().splitlines(), 1):
                if shared := runs(line) & asked:
                    quoted[f"{source.relative_to(config.ROOT)}:{number}"] = shared
    printed = documents_text()
    found = [f"{where}: {sorted(unprinted)[0]}" for where, shared in quoted.items()
             if (unprinted := {run for run in shared if run not in printed})]
    assert not found, f"{len(found)} lines quote gold questions:\n" + "\n".join(found[:40])
