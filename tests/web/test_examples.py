"""Example questions come from each document's own rows, terms and projects, and the desk answers them."""
from web.examples import candidates, examples_across, examples_for


def test_each_document_brings_its_own_examples(two_departments):
    street, bureau = two_departments.documents
    for_street, for_bureau = examples_for(two_departments, street), examples_for(two_departments, bureau)
    assert for_street and for_bureau and for_street != for_bureau
    assert "所有社区保洁服务加起来多少？" in for_street  # a project printed for two units
    assert "什么是机关运行经费？" in for_street  # a term of its 名词解释
    for question in for_street:
        answer = two_departments.ask(question, keep_context=False, doc=street.id)
        assert not answer.refused and answer.doc == street.id


def test_examples_across_name_their_document(two_departments):
    questions = examples_across(two_departments, two_departments.documents)
    assert any(q.startswith("新桥街道") for q in questions) and any(q.startswith("示例局") for q in questions)
    for question in questions:  # each scopes itself (or compares)
        assert two_departments.ask(question, keep_context=False).intent != "clarify"


def test_candidates_are_drawn_from_the_document(doc):
    labels = {r.label for t in doc.tables for r in t.rows} | {e.term for e in doc.glossary} | {f.project for f in doc.forms}
    for question in candidates(doc):
        assert any(label and label.strip("“”") in question for label in labels), question
