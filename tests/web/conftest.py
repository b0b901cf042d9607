"""Shared fixtures for the web UI tests: the parsed corpus without retrieval (fast), and a throwaway record."""
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
