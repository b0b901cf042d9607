"""Auditing a budget disclosure against itself — its tables' arithmetic, its tables against each other, its prose
against its tables and its claims against the document (docs/audit.md). It reads the corpus model (corpus/); the
answering package (qa/) reports its findings beside the answers that quote a figure they concern.

    python -m audit [--json|--markdown|--csv] [DOC]    # audit/__main__.py
    python -m audit bench [--per-kind N] [--seed S]    # audit/bench.py: planted errors, recall per kind
"""
