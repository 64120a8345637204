"""Similarity between ideas: lexical, embedding and the two combined."""

from collections.abc import Sequence

import numpy as np

from openqi.core.similarity import (
    CombinedSimilarity,
    EmbeddingSimilarity,
    LexicalSimilarity,
    Match,
    default_embedder,
    tokens,
    vector_from_bytes,
    vector_to_bytes,
)

DOCS = [
    (1, "Put a clock in every side room so patients know the time"),
    (2, "Faster discharge letters for the GP"),
    (3, "Side rooms need clocks: patients get confused about the time"),
    (4, "Healthier food in the staff canteen at night"),
]


class FakeEmbedder:
    """Vectors by hand: each text maps to a fixed direction."""

    name = "fake"

    def __init__(self, table: dict[str, list[float]]) -> None:
        self.table = table
        self.calls: list[list[str]] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        rows = np.array([self.table.get(t, [0.0, 0.0, 1.0]) for t in texts], dtype=np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_tokens_drop_common_words_and_meet_across_plurals() -> None:
    assert tokens("The clocks in the rooms") == ["clock", "room"]
    assert tokens("delays") == tokens("delayed") == ["delay"]


def test_the_most_similar_ideas_come_first_and_unrelated_ones_are_left_out() -> None:
    matches = LexicalSimilarity().rank("A clock for side rooms", DOCS, limit=5)
    assert sorted(m.key for m in matches[:2]) == [1, 3]
    assert all(m.key not in (2, 4) for m in matches)
    assert all(0 < m.score <= 1 for m in matches)


def test_an_empty_query_or_no_documents_finds_nothing() -> None:
    assert LexicalSimilarity(threshold=0).rank("", DOCS, limit=5) == []
    assert LexicalSimilarity(threshold=0).rank("the and of", DOCS, limit=5) == []
    assert LexicalSimilarity(threshold=0).rank("clock", [], limit=5) == []


def test_the_limit_caps_the_number_of_matches() -> None:
    assert len(LexicalSimilarity(threshold=0).rank("clock side room time patients", DOCS, limit=1)) == 1


def test_an_identical_text_scores_one() -> None:
    (match,) = LexicalSimilarity(threshold=0).rank(DOCS[1][1], DOCS[1:2], limit=1)
    assert match.score == 1.0


def test_embedding_similarity_uses_stored_vectors_and_embeds_only_the_rest() -> None:
    embedder = FakeEmbedder({"query": [1, 0, 0], "fresh": [1, 1, 0]})
    stored = {1: np.array([1, 0, 0], dtype=np.float32), 2: np.array([0, 1, 0], dtype=np.float32)}
    model = EmbeddingSimilarity(embedder, stored, threshold=0.5)
    matches = model.rank("query", [(1, "stored"), (2, "stored too"), (3, "fresh")], limit=5)
    assert [(m.key, m.score) for m in matches] == [(1, 1.0), (3, 0.707)]
    assert embedder.calls == [["query", "fresh"]]


def test_combined_similarity_keeps_the_best_score_of_each_model() -> None:
    class Fixed:
        def __init__(self, matches: list[Match]) -> None:
            self.matches = matches

        def rank(self, query: str, documents: Sequence[tuple[int, str]], *, limit: int) -> list[Match]:
            return self.matches

    combined = CombinedSimilarity(Fixed([Match(1, 0.3), Match(2, 0.9)]), Fixed([Match(1, 0.8), Match(3, 0.6)]))
    assert combined.rank("q", [], limit=2) == [Match(2, 0.9), Match(1, 0.8)]


def test_vectors_survive_a_round_trip_through_bytes() -> None:
    vector = np.array([0.25, -0.5, 1.0], dtype=np.float32)
    assert np.array_equal(vector_from_bytes(vector_to_bytes(vector)), vector)


def test_wordllama_loads_offline_from_its_wheel_and_finds_a_reworded_duplicate() -> None:
    embedder = default_embedder()
    assert embedder is not None
    vectors = embedder.embed(["Text reminders for appointments", "Appointment reminders by text message"])
    assert vectors.shape == (2, 256)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    model = EmbeddingSimilarity(embedder)
    docs = [(1, "Appointment reminders by text message"), (2, "Protected mealtimes on the ward")]
    assert [m.key for m in model.rank("Text reminders for appointments", docs, limit=5)] == [1]
