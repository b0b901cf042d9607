"""Parsing budget disclosures (部门预算/决算公开) into a cited domain model."""
from corpus.model import Disclosure, Fact, ProjectForm, Row, Table  # noqa: F401
from corpus.parser import load_document, parse_text  # noqa: F401
from corpus.text import CorpusError  # noqa: F401
