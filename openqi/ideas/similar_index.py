"""A per-scope, in-memory index of ideas for fast similar-idea lookups.

Scoring the query against every idea with `openqi.core.similarity`'s models means tokenising
thousands of texts and unpacking thousands of stored vectors on each keystroke. Instead, for each
scope (an organisation's visible ideas, or a system's ideas that may be shared across the ICS) we
keep, per process:

- the stored sentence vectors stacked in one float32 matrix, so the embedding score is a single
  matrix-vector product;
- an inverted index of TF-IDF weights (the same tokens, weights and cosine as `LexicalSimilarity`,
  with document frequencies taken over the scope), so only ideas sharing a word with the query are
  touched.

Each index carries a fingerprint of its scope (count, sum and maximum of the idea ids, and the
number of stored vectors), read with one aggregate query per lookup: any idea added, removed,
moderated in or out, re-scoped, or newly embedded changes it, and the index is rebuilt. Results
are always re-read from the database, so a status or moderation change is honoured at once.
"""

import math
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from openqi.core.similarity import Embedder, tokens

LEXICAL_THRESHOLD = 0.2  # as LexicalSimilarity
EMBEDDING_THRESHOLD = 0.55  # as EmbeddingSimilarity
MAX_SCOPES = 64  # indexes kept per process, least recently used dropped first

Fingerprint = tuple[object, ...]


@dataclass(frozen=True)
class Document:
    idea_id: int
    group: int  # the organisation, so a system index can leave one organisation out
    text: str
    vector: bytes | None  # stored float32 vector, if any


@dataclass
class ScopeIndex:
    fingerprint: Fingerprint
    ids: np.ndarray  # int64, one per document
    groups: np.ndarray  # int64
    vectors: np.ndarray | None  # float32 (documents x dimensions), L2-normalised
    postings: dict[str, tuple[np.ndarray, np.ndarray]]  # word -> (document rows, TF-IDF weights)
    idf: dict[str, float]  # each word's inverse document frequency within the scope
    norms_sq: np.ndarray  # float64, each document's squared TF-IDF norm
    total: int

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
                rows, weights = self.postings.get(word, (None, None))
                idf = 1 + math.log(self.total / ((0 if rows is None else len(rows)) + 1))
                query_weight = (1 + math.log(count)) * idf
                query_norm_sq += query_weight * query_weight
                if rows is not None and weights is not None:
                    adjusted = weights * (idf / self.idf[word])
                    norms_sq[rows] += adjusted * adjusted - weights * weights
                    dots[rows] += query_weight * adjusted
            query_norm = math.sqrt(query_norm_sq) or 1.0
            lexical = (dots / (query_norm * np.sqrt(np.maximum(norms_sq, 1e-12)))).astype(np.float32)
            scores = np.where(lexical >= LEXICAL_THRESHOLD, lexical, scores)
        if embedder is not None and self.vectors is not None:
            embedded = self.vectors @ embedder.embed([query])[0]
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
    ids = np.array([d.idea_id for d in documents], dtype=np.int64)
    groups = np.array([d.group for d in documents], dtype=np.int64)
    vectors = None
    if embedder is not None and documents:
        missing = [i for i, d in enumerate(documents) if d.vector is None]
        # Ideas still waiting for the nightly batch (anonymous ones) are embedded here, once.
        fresh = embedder.embed([documents[i].text for i in missing]) if missing else np.zeros((0, 0), np.float32)
        fresh_at = {row: j for j, row in enumerate(missing)}
        rows = [
            np.frombuffer(d.vector, dtype=np.float32) if d.vector is not None else fresh[fresh_at[i]]
            for i, d in enumerate(documents)
        ]
        vectors = np.stack(rows).astype(np.float32, copy=False)
    # Lexical: term counts per document, then TF-IDF weights in posting lists.
    total = len(documents) + 1  # the query counts as a document, as in LexicalSimilarity
    per_document = [Counter(tokens(d.text)) for d in documents]
    frequency: Counter[str] = Counter()
    for counts in per_document:
        frequency.update(counts.keys())
    idf = {word: 1 + math.log(total / n) for word, n in frequency.items()}
    lists: dict[str, tuple[list[int], list[float]]] = {}
    norms_sq = np.ones(len(documents), dtype=np.float64)
    for row, counts in enumerate(per_document):
        squares = 0.0
        for word, count in counts.items():
            weight = (1 + math.log(count)) * idf[word]
            squares += weight * weight
            entry = lists.setdefault(word, ([], []))
            entry[0].append(row)
            entry[1].append(weight)
        norms_sq[row] = squares or 1.0
    postings = {
        word: (np.array(rows_, dtype=np.int64), np.array(weights, dtype=np.float64))
        for word, (rows_, weights) in lists.items()
    }
    return ScopeIndex(fingerprint, ids, groups, vectors, postings, idf, norms_sq, total)


class IndexCache:
    """Indexes by scope key, rebuilt whenever the scope's fingerprint changes.

    With `background=True`, a changed scope is rebuilt in a thread while lookups go on using the
    index they have (a new idea is missing from suggestions for the seconds a large scope takes to
    rebuild, instead of every lookup waiting for it); only the first lookup of a scope waits.
    """

    def __init__(self, size: int = MAX_SCOPES) -> None:
        self.size = size
        self._items: OrderedDict[str, ScopeIndex] = OrderedDict()
        self._checked: dict[str, float] = {}
        self._building: dict[str, threading.Thread] = {}
        self._lock = threading.Lock()

    def get(
        self,
        key: str,
        fingerprint: Callable[[], Fingerprint],
        load: Callable[[], Sequence[Document]],
        embedder: Embedder | None,
        *,
        recheck_after: float = 0.0,
        background: bool = False,
        on_thread_exit: Callable[[], None] | None = None,
    ) -> ScopeIndex:
        """The scope's index, rebuilt if its fingerprint changed. With `recheck_after`, an index
        checked less than that many seconds ago is used without asking the database again."""
        now = time.monotonic()
        with self._lock:
            index = self._items.get(key)
            if index is not None and now - self._checked.get(key, -math.inf) < recheck_after:
                self._items.move_to_end(key)
                return index
        current = fingerprint()
        if index is not None and index.fingerprint == current:
            self._store(key, index, now)
            return index
        if index is not None and background:
            self._rebuild_later(key, current, load, embedder, on_thread_exit)
            return index
        index = build(current, load(), embedder)
        self._store(key, index, now)
        return index

    def _rebuild_later(
        self,
        key: str,
        current: Fingerprint,
        load: Callable[[], Sequence[Document]],
        embedder: Embedder | None,
        on_thread_exit: Callable[[], None] | None,
    ) -> None:
        def work() -> None:
            try:
                self._store(key, build(current, load(), embedder), time.monotonic())
            finally:
                with self._lock:
                    self._building.pop(key, None)
                if on_thread_exit is not None:
                    on_thread_exit()  # for example, close the thread's database connection

        with self._lock:
            if key in self._building:
                return
            thread = threading.Thread(target=work, name=f"similar-index-{key}", daemon=True)
            self._building[key] = thread
        thread.start()

    def _store(self, key: str, index: ScopeIndex, checked_at: float) -> None:
        with self._lock:
            self._items[key] = index
            self._checked[key] = checked_at
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                dropped, _ = self._items.popitem(last=False)
                self._checked.pop(dropped, None)

    def wait(self) -> None:
        """Wait for rebuilds under way (tests, and a clean shutdown)."""
        for thread in list(self._building.values()):
            thread.join()

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._checked.clear()


CACHE = IndexCache()
