"""Shared fixtures for the web UI tests: the parsed corpus without retrieval (fast), and a throwaway record."""
from pathlib import Path

import pytest

from qa.pipeline import Pipeline


@pytest.fixture(scope="session")
def pipeline():
    return Pipeline.load(retrieval=False)


@pytest.fixture(scope="session")
def doc(pipeline):
    return pipeline.documents[0]


@pytest.fixture
def store(tmp_path):
    from web.feedback import FeedbackStore

    return FeedbackStore(tmp_path / "record.sqlite3")


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(scope="session")
def two_departments():
    """Two small non-seed documents of two departments (tests/fixtures), answered without retrieval."""
    from corpus.parser import load_document

    return Pipeline([load_document(FIXTURES / "web/xinqiao_2025_budget.txt", "xinqiao-2025", "示范区新桥街道办事处", 2025, "预算"),
                     load_document(FIXTURES / "pdf/sample_budget.txt", "sample-2024", "示例市示例局", 2024, "预算")])
