"""BM25 over jieba tokens with the corpus's own words in the user dictionary."""
import pytest

from index.chunks import Chunk
from index.lexical import LexicalIndex, Tokenizer, dictionary_forms, normalise, user_words

from tests.index.conftest import SEED_ID


def ids(lexical, results):
    return [lexical.chunks[pos].id for pos, _ in results]


def test_normalise_folds_width_and_case():
    assert normalise("ＡＢＣ（１２３）Ｑt") == "abc(123)qt"


def test_dictionary_forms_drop_codes_and_years():
    assert dictionary_forms("Z警察加班补贴") == ["警察加班补贴"]
    assert dictionary_forms("2023年项目支出预算表（本年预算）") == ["项目支出预算表", "本年预算"]
    assert dictionary_forms("QT辅警人员经费(工资、保险等)") == ["辅警人员经费", "工资", "保险等"]
    assert dictionary_forms("x") == []


def test_user_words_come_from_the_corpus(seed_chunks):
    words = set(user_words(seed_chunks))
    for word in ("公务接待费", "公务用车运行维护费", "警察加班补贴", "财政专户管理资金", "平城区分局", "行政运行"):
        assert word in words


def test_tokenizer_keeps_corpus_terms_and_drops_stopwords(seed_chunks):
    tokenize = Tokenizer(user_words(seed_chunks))
    tokens = tokenize("2023年的公务用车运行维护费是多少？")
    assert "公务用车运行维护费" in tokens
    assert "的" not in tokens and "是" not in tokens and "多少" not in tokens and "？" not in tokens
    assert all(t.strip() for t in tokens)
    assert tokenize("，。、！") == []


def test_private_tokenizer_leaves_global_jieba_alone(seed_chunks):
    import jieba

    Tokenizer(["独一无二的测试词语"])
    assert "独一无二的测试词语" not in jieba.lcut("独一无二的测试词语")


def test_search_finds_rows_paragraphs_and_glossary(seed_lexical):
    top = ids(seed_lexical, seed_lexical.search("公务接待费是多少", k=5))
    assert any(i.endswith(":t9:r1") for i in top)
    assert ids(seed_lexical, seed_lexical.search("政府采购预算总额", k=1))[0].startswith(f"{SEED_ID}:p")
    glossary = seed_lexical.search("财政专户管理资金是指什么", k=3)
    assert any(seed_lexical.chunks[p].metadata["kind"] == "glossary" for p, _ in glossary)


def test_search_scores_sorted_and_limited(seed_lexical):
    results = seed_lexical.search("一般公共预算 基本支出", k=7)
    assert len(results) == 7
    scores = [s for _, s in results]
    assert scores == sorted(scores, reverse=True) and scores[-1] > 0


def test_search_without_known_tokens_is_empty(seed_lexical):
    assert seed_lexical.search("的了吗", k=5) == []
    assert seed_lexical.search("zzzzqqqq", k=5) == []


def test_doc_filter(seed_lexical):
    assert seed_lexical.search("公务接待费", k=5, doc_ids=["other-doc"]) == []
    assert len(seed_lexical.search("公务接待费", k=5, doc_ids=[SEED_ID])) == 5


def test_save_and_load_round_trip(tmp_path, seed_lexical):
    path = tmp_path / "index" / "lexical.json"
    seed_lexical.save(path)
    loaded = LexicalIndex.load(path, tokenizer=seed_lexical.tokenize)
    assert [c.id for c in loaded.chunks] == [c.id for c in seed_lexical.chunks]
    for query in ("公务接待费", "警察加班补贴", "房屋建筑面积"):
        assert loaded.search(query, 5) == seed_lexical.search(query, 5)
    assert not list(path.parent.glob(".lexical.json.*"))  # no temp file left behind


def test_load_rejects_damaged_files(tmp_path):
    path = tmp_path / "lexical.json"
    with pytest.raises(ValueError, match="not a readable lexical index"):
        LexicalIndex.load(path)  # missing
    path.write_text('{"version": 1, "chunks": [{"id": 1}]')
    with pytest.raises(ValueError, match="not a readable lexical index"):
        LexicalIndex.load(path)  # truncated
    path.write_text('{"version": 99, "chunks": [], "words": []}')
    with pytest.raises(ValueError, match="version"):
        LexicalIndex.load(path)


def test_empty_and_tiny_indexes():
    empty = LexicalIndex.build([])
    assert empty.search("公务接待费", 5) == []
    tiny = LexicalIndex.build([Chunk("a", "公务接待费 25万元", {"doc": "d", "row_label": "公务接待费"}),
                               Chunk("b", "。。。", {"doc": "d"})])
    assert ids(tiny, tiny.search("公务接待费", 5)) == ["a"]


def test_a_search_within_one_document_of_several_sees_only_its_chunks():
    from index.chunks import Chunk
    from index.lexical import LexicalIndex

    chunks = [Chunk(f"{doc}:{i}", text, {"doc": doc}) for doc in ("a", "b", "c")
              for i, text in enumerate(["公务接待费 25.40", "办公费 100.00", "基本支出 说明"])]
    index = LexicalIndex.build(chunks)
    within = index.search("公务接待费", k=5, doc_ids=["b"])
    assert [index.chunks[p].id for p, _ in within] == ["b:0"] and within[0][1] > 0
    assert index.search("公务接待费", k=5, doc_ids=["b"]) == within  # the document's model, made once, reused
    assert {index.chunks[p].metadata["doc"] for p, _ in index.search("公务接待费", k=5)} == {"a", "b", "c"}
    assert index.search("公务接待费", k=5, doc_ids=["missing"]) == []
