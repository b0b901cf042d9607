"""Evaluation: run the QA pipeline on the gold questions and score answers, citations and retrieval."""
