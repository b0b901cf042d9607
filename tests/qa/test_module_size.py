"""Answering stays in small modules (issue 24): each kind of question, and each step of reading one, has its own
module, none over 300 lines."""
from pathlib import Path

import config

LIMIT = 300


def test_no_answering_module_over_the_limit():
    over = {}
    for module in sorted(Path(config.ROOT, "qa").glob("*.py")):
        lines = len(module.read_text().splitlines())
        if lines > LIMIT:
            over[module.name] = lines
    assert over == {}
