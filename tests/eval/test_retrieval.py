"""Line spans of retrieved passages: the project retriever's hits and the naive baseline's chunks."""
import numpy as np

from eval.retrieval import BaselineRetriever, LineSpan, holds_line, hybrid_spans, split_document
from tests.eval.fakes import DOC, Document, FakeRetriever

LINES = [""] + [f"{n:03d}\t行政运行\t{n * 11}.00\t{'说明' * 20}" for n in range(1, 60)]


class CharacterEmbedder:
    """Bag-of-characters vectors: enough to make a question find the chunk sharing its rare characters."""

    prompts: dict = {}

    def encode(self, texts, prompt_name=None, normalize_embeddings=True, convert_to_numpy=True):
        vectors = np.zeros((len(texts), 4096), np.float32)
        for i, text in enumerate(texts):
            for ch in text:
                vectors[i, ord(ch) % 4096] += 1
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_chunks_cover_whole_lines():
    chunks = split_document(Document(DOC, LINES))
    assert len(chunks) > 5
    for chunk in chunks:
        assert chunk.span.doc == DOC and chunk.span.line_start <= chunk.span.line_end
        for line in range(chunk.span.line_start, chunk.span.line_end + 1):
            assert LINES[line - 1].strip() in chunk.text
        outside = [LINES[n - 1] for n in (chunk.span.line_start - 1, chunk.span.line_end + 1) if 1 <= n <= len(LINES)]
        assert not any(text.strip() and text.strip() in chunk.text for text in outside)
    covered = {n for c in chunks for n in range(c.span.line_start, c.span.line_end + 1)}
    assert covered == set(range(2, len(LINES) + 1))


def test_baseline_finds_the_chunk_with_the_question_words():
    lines = LINES + ["因公出国（境）费 未安排"]
    baseline = BaselineRetriever.build([Document(DOC, lines), Document("other", lines)], CharacterEmbedder())
    spans = baseline.spans("因公出国（境）费安排了多少？", DOC, k=1)
    assert holds_line(spans, DOC, len(lines))
    assert baseline.spans("…", "not-loaded") == []


def test_hybrid_spans_from_hit_metadata():
    spans = hybrid_spans(FakeRetriever([(3, 9), (40, 41)]), "问题", DOC)
    assert spans == [LineSpan(DOC, 3, 9), LineSpan(DOC, 40, 41)]


def test_holds_line_needs_the_same_document():
    spans = [LineSpan(DOC, 10, 14)]
    assert holds_line(spans, DOC, 10) and holds_line(spans, DOC, 14)
    assert not holds_line(spans, DOC, 15) and not holds_line(spans, "other", 12)
