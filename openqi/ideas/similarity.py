"""Finding ideas that say much the same thing, so people back an existing idea instead of
repeating it.

`SimilarityModel` is the seam: `LexicalSimilarity` (TF-IDF over lightly stemmed words, cosine
score, pure Python) is the default; an offline embedding model can implement the same `rank`
later without the callers changing.
"""

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

_WORD = re.compile(r"[a-z0-9]+")
_STOP_WORDS = """a about above after again all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have
    having he her here hers him his how i if in into is it its just me more most my no nor not now of
    off on once only or other our ours out over own same she should so some such than that the their
    them then there these they this those through to too under until up very was we were what when
    where which while who whom why will with would you your yours get got make made use used using
    could would should idea ideas need needs think please lot lots really"""
_STOP = frozenset(_STOP_WORDS.split())


def _stem(word: str) -> str:
    # A light suffix strip: enough for "delays"/"delayed"/"delay" to meet, without a library.
    for suffix in ("ings", "ing", "ies", "ied", "es", "ed", "ly", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            return base + "y" if suffix in ("ies", "ied") else base
    return word


def tokens(text: str) -> list[str]:
    return [_stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 1]


@dataclass(frozen=True)
class Match:
    key: int
    score: float  # 0 to 1


class SimilarityModel(Protocol):
    def rank(self, query: str, documents: Sequence[tuple[int, str]], *, limit: int, threshold: float) -> list[Match]:
        """The documents most like the query, best first, scoring at least `threshold`."""
        ...


class LexicalSimilarity:
    """TF-IDF cosine similarity over the query and the candidate documents."""

    def rank(self, query: str, documents: Sequence[tuple[int, str]], *, limit: int, threshold: float) -> list[Match]:
        query_counts = Counter(tokens(query))
        if not query_counts or not documents:
            return []
        doc_counts = [(key, Counter(tokens(text))) for key, text in documents]
        total = len(doc_counts) + 1
        frequency: Counter[str] = Counter()
        for _, counts in doc_counts:
            frequency.update(counts.keys())
        frequency.update(query_counts.keys())

        def weights(counts: Counter[str]) -> dict[str, float]:
            return {word: (1 + math.log(n)) * (1 + math.log(total / frequency[word])) for word, n in counts.items()}

        def norm(vector: dict[str, float]) -> float:
            return math.sqrt(sum(v * v for v in vector.values())) or 1.0

        query_vector = weights(query_counts)
        query_norm = norm(query_vector)
        matches = []
        for key, counts in doc_counts:
            vector = weights(counts)
            dot = sum(w * vector[word] for word, w in query_vector.items() if word in vector)
            score = dot / (query_norm * norm(vector))
            if score >= threshold:
                matches.append(Match(key=key, score=round(score, 3)))
        matches.sort(key=lambda m: (-m.score, -m.key))
        return matches[:limit]


def default_model() -> SimilarityModel:
    return LexicalSimilarity()
