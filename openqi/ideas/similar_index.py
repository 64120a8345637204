"""An index of ideas for fast similar-idea lookups, in two halves.

Scoring the query against every idea with `openqi.core.similarity`'s models means tokenising
thousands of texts and unpacking thousands of stored vectors on each keystroke. Instead a scope (an
organisation's visible ideas, or a system's ideas that may be shared across the ICS) is held as:

- `Corpus`: what is costly to make and can be kept on disk — each idea's stored sentence vector,
  stacked in one float32 matrix (the embedding score is one matrix-vector product), and each word's
  posting list of (idea row, 1 + log term count), the tokens of `LexicalSimilarity`;
- `ScopeIndex`: one or more corpora put together in a few vectorised steps, with the TF-IDF weights
  and norms of the whole scope (document frequencies summed over the corpora), so its scores are
  exactly those of `LexicalSimilarity` and `EmbeddingSimilarity` over all the scope's ideas.

`openqi.ideas.similar_cache` keeps the corpus of a scope's settled ideas in a file shared by every
worker, and the few ideas of today that carry no time (anonymous and public ones, ADR 0007) in a
second corpus built in memory only.
"""

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from openqi.core.similarity import Embedder, tokens

LEXICAL_THRESHOLD = 0.2  # as LexicalSimilarity
EMBEDDING_THRESHOLD = 0.55  # as EmbeddingSimilarity

Fingerprint = tuple[object, ...]


@dataclass(frozen=True)
class Document:
    idea_id: int
    group: int  # the organisation, so a system index can leave one organisation out
    text: str
    vector: bytes | None  # stored float32 vector, if any


@dataclass
class Corpus:
    """Ideas tokenised and embedded, ready to be weighted: word-major posting lists."""

    fingerprint: Fingerprint
    ids: np.ndarray  # int64, one per document
    groups: np.ndarray  # int64
    vectors: np.ndarray | None  # float32 (documents x dimensions), L2-normalised
    words: list[str]
    offsets: np.ndarray  # int64, len(words) + 1: word i's entries are offsets[i]:offsets[i + 1]
    rows: np.ndarray  # int64, the document of each entry
    tf: np.ndarray  # float64, 1 + log(count) of each entry
    lookup: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.lookup:
            self.lookup = {word: i for i, word in enumerate(self.words)}

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def of(cls, fingerprint: Fingerprint, documents: Sequence[Document], embedder: Embedder | None) -> "Corpus":
        ids = np.array([d.idea_id for d in documents], dtype=np.int64)
        groups = np.array([d.group for d in documents], dtype=np.int64)
        vectors = None
        if embedder is not None and documents:
            missing = [i for i, d in enumerate(documents) if d.vector is None]
            # Ideas still waiting for the nightly batch (anonymous ones) are embedded here, once.
            fresh = embedder.embed([documents[i].text for i in missing]) if missing else np.zeros((0, 0), np.float32)
            fresh_at = {row: j for j, row in enumerate(missing)}
            stacked = [
                np.frombuffer(d.vector, dtype=np.float32) if d.vector is not None else fresh[fresh_at[i]]
                for i, d in enumerate(documents)
            ]
            vectors = np.stack(stacked).astype(np.float32, copy=False)
        lists: dict[str, tuple[list[int], list[float]]] = {}
        for row, document in enumerate(documents):
            for word, count in Counter(tokens(document.text)).items():
                entry = lists.setdefault(word, ([], []))
                entry[0].append(row)
                entry[1].append(1 + math.log(count))
        sizes = [len(rows) for rows, _ in lists.values()]
        offsets = np.zeros(len(lists) + 1, dtype=np.int64)
        np.cumsum(sizes, out=offsets[1:])
        rows = np.fromiter((r for rows_, _ in lists.values() for r in rows_), dtype=np.int64, count=int(offsets[-1]))
        tf = np.fromiter((t for _, tfs in lists.values() for t in tfs), dtype=np.float64, count=int(offsets[-1]))
        return cls(fingerprint, ids, groups, vectors, list(lists), offsets, rows, tf)

    def frequencies(self) -> np.ndarray:
        """Each word's document frequency in this corpus."""
        return np.diff(self.offsets)


@dataclass
class ScopeIndex:
    fingerprint: Fingerprint
    corpora: tuple[Corpus, ...]
    ids: np.ndarray  # int64, the corpora's documents one after another
    groups: np.ndarray  # int64
    vectors: tuple[np.ndarray, ...] | None  # each corpus's, as it is (a stored one stays mapped, uncopied)
    starts: tuple[int, ...]  # each corpus's first row
    weights: tuple[np.ndarray, ...]  # each corpus's TF-IDF weight per entry
    norms_sq: np.ndarray  # float64, each document's squared TF-IDF norm
    total: int

    @classmethod
    def of(cls, fingerprint: Fingerprint, corpora: Sequence[Corpus]) -> "ScopeIndex":
        total = sum(len(c) for c in corpora) + 1  # the query counts as a document, as in LexicalSimilarity
        weights: list[np.ndarray] = []
        norms: list[np.ndarray] = []
        for corpus in corpora:
            frequency = corpus.frequencies().astype(np.float64)
            for other in corpora:
                if other is corpus:
                    continue
                # Walk the smaller vocabulary: a day's few ideas against a scope's thousands of words.
                if len(other.words) <= len(corpus.words):
                    for word, n in zip(other.words, other.frequencies().tolist(), strict=True):
                        if (i := corpus.lookup.get(word)) is not None:
                            frequency[i] += n
                else:
                    other_frequency = other.frequencies()
                    for i, word in enumerate(corpus.words):
                        if (j := other.lookup.get(word)) is not None:
                            frequency[i] += other_frequency[j]
            idf = 1 + np.log(total / np.maximum(frequency, 1))
            weight = corpus.tf * np.repeat(idf, corpus.frequencies())
            squares = np.bincount(corpus.rows, weights=weight * weight, minlength=len(corpus))
            weights.append(weight)
            norms.append(np.where(squares > 0, squares, 1.0))
        with_vectors = [c.vectors for c in corpora if len(c)]
        vectors = None
        if with_vectors and all(v is not None for v in with_vectors):
            vectors = tuple(v for v in with_vectors if v is not None)
        starts = tuple(int(s) for s in np.cumsum([0] + [len(c) for c in corpora])[:-1])
        return cls(
            fingerprint,
            tuple(corpora),
            np.concatenate([c.ids for c in corpora]) if corpora else np.zeros(0, np.int64),
            np.concatenate([c.groups for c in corpora]) if corpora else np.zeros(0, np.int64),
            vectors,
            starts,
            tuple(weights),
            np.concatenate(norms) if norms else np.zeros(0, np.float64),
            total,
        )

    def postings(self, word: str) -> tuple[np.ndarray, np.ndarray] | None:
        """The rows holding the word and their weights, over every corpus."""
        rows: list[np.ndarray] = []
        weights: list[np.ndarray] = []
        for corpus, start, weight in zip(self.corpora, self.starts, self.weights, strict=True):
            if (i := corpus.lookup.get(word)) is not None:
                a, b = corpus.offsets[i], corpus.offsets[i + 1]
                rows.append(corpus.rows[a:b] + start)
                weights.append(weight[a:b])
        if not rows:
            return None
        return np.concatenate(rows), np.concatenate(weights)

    def rank(
        self,
        query: str,
        *,
        embedder: Embedder | None,
        limit: int,
        exclude_id: int | None = None,
        exclude_group: int | None = None,
    ) -> list[tuple[int, float]]:
        """(idea id, score) best first: the better of the lexical and the embedding score, each
        counted only above its own threshold."""
        n = len(self.ids)
        if n == 0 or not query.strip():
            return []
        scores = np.zeros(n, dtype=np.float32)
        counts = Counter(tokens(query))
        if counts:
            # As LexicalSimilarity, the query counts in the document frequencies: its words' weights
            # (and so the norms of the documents holding them) are corrected here, exactly.
            dots = np.zeros(n, dtype=np.float64)
            norms_sq = self.norms_sq.copy()
            query_norm_sq = 0.0
            for word, count in counts.items():
                found = self.postings(word)
                idf = 1 + math.log(self.total / ((0 if found is None else len(found[0])) + 1))
                query_weight = (1 + math.log(count)) * idf
                query_norm_sq += query_weight * query_weight
                if found is not None:
                    rows, weights = found
                    adjusted = weights * (idf / (1 + math.log(self.total / len(rows))))
                    norms_sq[rows] += adjusted * adjusted - weights * weights
                    dots[rows] += query_weight * adjusted
            query_norm = math.sqrt(query_norm_sq) or 1.0
            lexical = (dots / (query_norm * np.sqrt(np.maximum(norms_sq, 1e-12)))).astype(np.float32)
            scores = np.where(lexical >= LEXICAL_THRESHOLD, lexical, scores)
        if embedder is not None and self.vectors is not None:
            query_vector = embedder.embed([query])[0]
            embedded = np.concatenate([part @ query_vector for part in self.vectors])
            scores = np.maximum(scores, np.where(embedded >= EMBEDDING_THRESHOLD, embedded, 0))
        if exclude_id is not None:
            scores[self.ids == exclude_id] = 0
        if exclude_group is not None:
            scores[self.groups == exclude_group] = 0
        hits = np.flatnonzero(scores > 0)
        if len(hits) > limit:
            hits = hits[np.argpartition(-scores[hits], limit - 1)[:limit]]
        ranked = sorted(((int(self.ids[i]), round(float(scores[i]), 3)) for i in hits), key=lambda m: (-m[1], -m[0]))
        return ranked[:limit]


def build(fingerprint: Fingerprint, documents: Sequence[Document], embedder: Embedder | None) -> ScopeIndex:
    """One scope's index from its documents, in one corpus."""
    return ScopeIndex.of(fingerprint, [Corpus.of(fingerprint, documents, embedder)])
