"""Similar-idea indexes per scope: kept in memory per process, their costly half shared on disk.

A scope's ideas are split in two (see `Scope`):

- **settled** ideas — every idea except those of today that carry no time (anonymous and public
  ones, ADR 0007). Their corpus (`openqi.ideas.similar_index.Corpus`) is written to one file per
  scope under `IDEAS_SIMILAR_INDEX_DIR`, so a worker that starts loads it in milliseconds instead of
  reading and tokenising every idea again. One process builds a file at a time (a lock file per
  scope); the others wait for it, or go on with the index they have.
- **recent** ideas without a time — a handful at most, built in memory on each change and never
  written down: a file rewritten when an anonymous idea comes in would record, in its own time
  stamp, when that idea was shared. They join the settled file once their day is over.

Each scope carries a fingerprint of both halves (count, sum and maximum of the idea ids), read
with one aggregate query per lookup: any idea added, removed, moderated in or out, or moving in or
out of the scope changes it. Results are always re-read from the database by the selectors, so a
status or moderation change is honoured at once, and an index a few seconds old can only miss a
new idea, never show one that should not be seen.
"""

import contextlib
import fcntl
import hashlib
import json
import math
import mmap
import os
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from openqi.core.similarity import Embedder
from openqi.ideas.similar_index import Corpus, Document, Fingerprint, ScopeIndex

MAX_SCOPES = 64  # indexes kept per process, least recently used dropped first
FORMAT = "openqi-similar-2"  # written into each file; a file of another format is rebuilt


@dataclass(frozen=True)
class Scope:
    key: str  # "organisation:12", "system:3"
    fingerprint: Callable[[], tuple[Fingerprint, Fingerprint]]  # (settled, recent)
    settled: Callable[[], Sequence[Document]]
    recent: Callable[[], Sequence[Document]]
    namespace: str = ""  # the database, so two deployments sharing a folder never share a file


class CorpusStore:
    """One file per scope: the settled ideas' corpus, written atomically, readable by every worker
    of the host. The files hold what the database holds (idea ids, word lists, vectors) and are
    written owner-only (0600) in an owner-only folder.

    Layout: a JSON header line (format, scope, fingerprint, words, and each array's type, shape and
    offset), then the arrays' raw bytes. A reader maps the file and takes the arrays in place, so
    loading a scope of 50,000 ideas costs milliseconds, and the workers of a host share one copy
    of the vectors in the page cache. A file replaced while mapped stays readable (a new inode).
    """

    ARRAYS = ("ids", "groups", "vectors", "offsets", "rows", "tf")

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)

    def path(self, scope: Scope) -> Path:
        name = hashlib.sha256(f"{scope.namespace}|{scope.key}".encode()).hexdigest()[:32]
        return self.directory / f"{name}.index"

    def read(self, scope: Scope) -> Corpus | None:
        """The scope's stored corpus, whatever its fingerprint; None when there is none (or it is
        unreadable, of another format, or another scope's)."""
        try:
            with open(self.path(scope), "rb") as handle:
                header = json.loads(handle.readline())
                if header.get("format") != FORMAT or header.get("key") != f"{scope.namespace}|{scope.key}":
                    return None
                mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            arrays = {
                name: np.frombuffer(mapped, dtype=np.dtype(kind), count=math.prod(shape), offset=offset).reshape(shape)
                for name, (kind, shape, offset) in header["arrays"].items()
            }
            return Corpus(
                fingerprint=tuple(header["fingerprint"]),
                ids=arrays["ids"],
                groups=arrays["groups"],
                vectors=arrays["vectors"] if header["has_vectors"] else None,
                words=header["words"],
                offsets=arrays["offsets"],
                rows=arrays["rows"],
                tf=arrays["tf"],
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def write(self, scope: Scope, corpus: Corpus) -> None:
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        arrays: dict[str, np.ndarray] = {
            "ids": corpus.ids.astype(np.int64),
            "groups": corpus.groups.astype(np.int64),
            "vectors": (corpus.vectors if corpus.vectors is not None else np.zeros((0, 0))).astype(np.float32),
            "offsets": corpus.offsets.astype(np.int64),
            "rows": corpus.rows.astype(np.int64),
            "tf": corpus.tf.astype(np.float64),
        }
        layout: dict[str, tuple[str, list[int], int]] = {}
        offset = 0
        for name, array in arrays.items():
            offset = -(-offset // 64) * 64  # each array starts on a 64-byte boundary
            layout[name] = (array.dtype.str, list(array.shape), offset)
            offset += array.nbytes
        header: dict[str, Any] = {
            "format": FORMAT,
            "key": f"{scope.namespace}|{scope.key}",
            "fingerprint": [str(part) for part in corpus.fingerprint],
            "has_vectors": corpus.vectors is not None,
            "words": corpus.words,
            "arrays": {},
        }
        # The arrays follow the header line, whose length depends on their offsets: place them
        # after a first estimate of it, and grow the estimate until the line fits in front.
        start = 0
        while True:
            header["arrays"] = {name: (kind, shape, start + at) for name, (kind, shape, at) in layout.items()}
            line = json.dumps(header, separators=(",", ":")).encode() + b"\n"
            if len(line) <= start:
                break
            start = -(-len(line) // 64) * 64 + 64
        handle, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")  # created 0600
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(line.ljust(start, b" "))
                position = start
                for name, array in arrays.items():
                    at = header["arrays"][name][2]
                    out.write(b"\0" * (at - position))
                    out.write(np.ascontiguousarray(array).tobytes())
                    position = at + array.nbytes
            os.replace(temporary, self.path(scope))
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise

    @contextlib.contextmanager
    def building(self, scope: Scope) -> Iterator[None]:
        """Held while a process builds the scope's file, so the others wait instead of all
        building it at once."""
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(self.path(scope).with_suffix(".lock"), os.O_RDWR | os.O_CREAT, 0o600)
        with os.fdopen(descriptor, "r+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)


def _stored(fingerprint: Fingerprint) -> Fingerprint:
    """A fingerprint as a file holds it (its parts as text)."""
    return tuple(str(part) for part in fingerprint)


class IndexCache:
    """Indexes by scope key, rebuilt whenever the scope's fingerprint changes.

    With `background=True`, a changed scope is rebuilt in a thread while lookups go on using the
    index they have (a new idea is missing from suggestions for the moment a rebuild takes, instead
    of every lookup waiting for it). A process's first lookup of a scope uses the stored file, even
    an outdated one (then rebuilt in a thread); it waits only when there is no file at all.
    """

    def __init__(self, size: int = MAX_SCOPES) -> None:
        self.size = size
        self._items: OrderedDict[str, ScopeIndex] = OrderedDict()
        self._settled: dict[str, Corpus] = {}
        self._checked: dict[str, float] = {}
        self._building: dict[str, threading.Thread] = {}
        self._lock = threading.Lock()

    def get(
        self,
        scope: Scope,
        embedder: Embedder | None,
        *,
        directory: str | Path = "",
        recheck_after: float = 0.0,
        background: bool = False,
        on_thread_exit: Callable[[], None] | None = None,
    ) -> ScopeIndex:
        """The scope's index, rebuilt if its fingerprint changed. With `recheck_after`, an index
        checked less than that many seconds ago is used without asking the database again.
        `directory` ("" for none) is where the settled corpora are shared between processes."""
        key = scope.key
        store = CorpusStore(directory) if directory else None
        now = time.monotonic()
        with self._lock:
            index = self._items.get(key)
            if index is not None and now - self._checked.get(key, -math.inf) < recheck_after:
                self._items.move_to_end(key)
                return index
        current = scope.fingerprint()
        if index is not None and index.fingerprint == current:
            self._store(key, index, now)
            return index
        if index is None and background and store is not None:
            stale = self._settled.get(key) or store.read(scope)
            if stale is not None and stale.fingerprint != _stored(current[0]):
                # An outdated file still answers at once (the selectors re-read every idea found);
                # the current one is built in a thread.
                index = ScopeIndex.of(("stale",), [stale, Corpus.of(current[1], scope.recent(), embedder)])
                self._store(key, index, now)
        if index is not None and background:
            self._rebuild_later(scope, current, embedder, store, on_thread_exit)
            return index
        index = self._build(scope, current, embedder, store)
        self._store(key, index, now)
        return index

    def _build(
        self,
        scope: Scope,
        current: tuple[Fingerprint, Fingerprint],
        embedder: Embedder | None,
        store: CorpusStore | None,
    ) -> ScopeIndex:
        settled_fingerprint = _stored(current[0])
        settled = self._settled.get(scope.key)
        if settled is None or settled.fingerprint != settled_fingerprint:
            settled = store.read(scope) if store is not None else None
        if settled is None or settled.fingerprint != settled_fingerprint:
            if store is None:
                settled = Corpus.of(settled_fingerprint, scope.settled(), embedder)
            else:
                with store.building(scope):
                    settled = store.read(scope)  # another process may have built it meanwhile
                    if settled is None or settled.fingerprint != settled_fingerprint:
                        settled = Corpus.of(settled_fingerprint, scope.settled(), embedder)
                        store.write(scope, settled)
        with self._lock:
            self._settled[scope.key] = settled
        return ScopeIndex.of(current, [settled, Corpus.of(current[1], scope.recent(), embedder)])

    def _rebuild_later(
        self,
        scope: Scope,
        current: tuple[Fingerprint, Fingerprint],
        embedder: Embedder | None,
        store: CorpusStore | None,
        on_thread_exit: Callable[[], None] | None,
    ) -> None:
        def work() -> None:
            try:
                self._store(scope.key, self._build(scope, current, embedder, store), time.monotonic())
            finally:
                with self._lock:
                    self._building.pop(scope.key, None)
                if on_thread_exit is not None:
                    on_thread_exit()  # for example, close the thread's database connection

        with self._lock:
            if scope.key in self._building:
                return
            thread = threading.Thread(target=work, name=f"similar-index-{scope.key}", daemon=True)
            self._building[scope.key] = thread
        thread.start()

    def _store(self, key: str, index: ScopeIndex, checked_at: float) -> None:
        with self._lock:
            self._items[key] = index
            self._checked[key] = checked_at
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                dropped, _ = self._items.popitem(last=False)
                self._checked.pop(dropped, None)
                self._settled.pop(dropped, None)

    def current(self, key: str) -> ScopeIndex | None:
        """The index this process holds for a scope, without checking it (for tests and tools)."""
        with self._lock:
            return self._items.get(key)

    def wait(self) -> None:
        """Wait for rebuilds under way (tests, and a clean shutdown)."""
        for thread in list(self._building.values()):
            thread.join()

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._settled.clear()
            self._checked.clear()


CACHE = IndexCache()
