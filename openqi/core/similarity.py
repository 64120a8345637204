"""Finding ideas that say much the same thing, so people back an existing idea instead of
repeating it.

`SimilarityModel` is the seam. `LexicalSimilarity` (TF-IDF over lightly stemmed words, cosine
score, pure Python) always works. `EmbeddingSimilarity` compares sentence vectors from an
`Embedder`: `WordLlamaEmbedder` runs the small WordLlama model whose weights ship inside its
wheel, offline. `CombinedSimilarity` keeps the best score of each. No Django here: stored vectors
are handed in by the selectors.
"""

import functools
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

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
    def rank(self, query: str, documents: Sequence[tuple[int, str]], *, limit: int) -> list[Match]:
        """The documents most like the query, best first, above the model's own threshold."""
        ...


def _best(matches: list[Match], limit: int) -> list[Match]:
    matches.sort(key=lambda m: (-m.score, -m.key))
    return matches[:limit]


class LexicalSimilarity:
    """TF-IDF cosine similarity over the query and the candidate documents."""

    def __init__(self, threshold: float = 0.2) -> None:
        # Below 0.2 two ideas share too few telling words to be worth showing.
        self.threshold = threshold

    def rank(self, query: str, documents: Sequence[tuple[int, str]], *, limit: int) -> list[Match]:
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
            if score >= self.threshold:
                matches.append(Match(key=key, score=round(score, 3)))
        return _best(matches, limit)


class Embedder(Protocol):
    name: str

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised float32 row per text."""
        ...


class WordLlamaEmbedder:
    """WordLlama's 256-dimension model, loaded from the package's own folder: no download, ever."""

    name = "wordllama-l2_supercat-256"

    def __init__(self) -> None:
        import wordllama

        self._model: Any = wordllama.WordLlama.load(
            cache_dir=Path(wordllama.__file__).parent, disable_download=True, dim=256
        )

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 256), dtype=np.float32)
        return np.asarray(self._model.embed(list(texts), norm=True), dtype=np.float32)


class EmbeddingSimilarity:
    """Cosine similarity of sentence vectors; vectors stored ahead of time are used as they are."""

    def __init__(self, embedder: Embedder, stored: Mapping[int, np.ndarray] | None = None, threshold: float = 0.55):
        # With this small model true near-duplicates score 0.6 to 0.75 and unrelated ideas up to 0.5.
        self.embedder = embedder
        self.stored = stored or {}
        self.threshold = threshold

    def rank(self, query: str, documents: Sequence[tuple[int, str]], *, limit: int) -> list[Match]:
        if not query.strip() or not documents:
            return []
        missing = [(key, text) for key, text in documents if key not in self.stored]
        fresh = self.embedder.embed([query] + [text for _, text in missing])
        vectors = dict(self.stored) | {key: fresh[i + 1] for i, (key, _) in enumerate(missing)}
        keys = [key for key, _ in documents]
        scores = np.stack([vectors[key] for key in keys]) @ fresh[0]
        return _best(
            [
                Match(key=key, score=round(float(score), 3))
                for key, score in zip(keys, scores, strict=True)
                if score >= self.threshold
            ],
            limit,
        )


class CombinedSimilarity:
    """Each model's matches, keeping the higher score where both find the same document."""

    def __init__(self, *models: SimilarityModel) -> None:
        self.models = models

    def rank(self, query: str, documents: Sequence[tuple[int, str]], *, limit: int) -> list[Match]:
        best: dict[int, float] = {}
        for model in self.models:
            for match in model.rank(query, documents, limit=limit):
                best[match.key] = max(best.get(match.key, 0.0), match.score)
        return _best([Match(key=key, score=score) for key, score in best.items()], limit)


@functools.cache
def default_embedder() -> Embedder | None:
    """The offline embedder, or None where WordLlama cannot load (lexical similarity still works)."""
    try:
        return WordLlamaEmbedder()
    except (ImportError, OSError, ValueError):
        return None


def vector_to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def vector_from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype=np.float32)
