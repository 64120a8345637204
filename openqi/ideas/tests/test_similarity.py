"""Lexical similarity between ideas."""

from openqi.ideas.similarity import LexicalSimilarity, tokens

DOCS = [
    (1, "Put a clock in every side room so patients know the time"),
    (2, "Faster discharge letters for the GP"),
    (3, "Side rooms need clocks: patients get confused about the time"),
    (4, "Healthier food in the staff canteen at night"),
]


def test_tokens_drop_common_words_and_meet_across_plurals() -> None:
    assert tokens("The clocks in the rooms") == ["clock", "room"]
    assert tokens("delays") == tokens("delayed") == ["delay"]


def test_the_most_similar_ideas_come_first_and_unrelated_ones_are_left_out() -> None:
    matches = LexicalSimilarity().rank("A clock for side rooms", DOCS, limit=5, threshold=0.2)
    assert [m.key for m in matches][:2] in ([1, 3], [3, 1])
    assert all(m.key not in (2, 4) for m in matches)
    assert all(0 < m.score <= 1 for m in matches)


def test_an_empty_query_or_no_documents_finds_nothing() -> None:
    assert LexicalSimilarity().rank("", DOCS, limit=5, threshold=0) == []
    assert LexicalSimilarity().rank("the and of", DOCS, limit=5, threshold=0) == []
    assert LexicalSimilarity().rank("clock", [], limit=5, threshold=0) == []


def test_the_limit_caps_the_number_of_matches() -> None:
    assert len(LexicalSimilarity().rank("clock side room time patients", DOCS, limit=1, threshold=0)) == 1


def test_an_identical_text_scores_one() -> None:
    (match,) = LexicalSimilarity().rank(DOCS[1][1], DOCS[1:2], limit=1, threshold=0)
    assert match.score == 1.0
