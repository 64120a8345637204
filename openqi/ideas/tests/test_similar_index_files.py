"""The similar-idea index shared on disk (issue 13): a new worker loads the settled ideas' corpus
from the file instead of reading and tokenising every idea; an outdated file answers while the
current one is built; today's untimed ideas (anonymous, public) are never written to a file."""

import datetime
import io
import stat
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np
import pytest

from openqi.core.similarity import LexicalSimilarity
from openqi.ideas import selectors
from openqi.ideas.models import Idea
from openqi.ideas.similar_cache import CACHE, CorpusStore, IndexCache, Scope
from openqi.ideas.similar_index import Corpus, Document, ScopeIndex, build
from openqi.ideas.tests.helpers import share
from openqi.ideas.tests.test_similarity import DOCS

DOCUMENTS = [Document(key, 1 + key % 2, text, None) for key, text in DOCS]


def _scope(
    fingerprint: list[str], docs: list[Document], reads: list[str], recent: list[Document] | None = None
) -> Scope:
    def settled() -> list[Document]:
        reads.append(fingerprint[0])
        return list(docs)

    return Scope(
        key="organisation:1",
        fingerprint=lambda: ((fingerprint[0],), ("r", len(recent or []))),
        settled=settled,
        recent=lambda: list(recent or []),
        namespace="db",
    )


def test_a_scope_in_two_halves_ranks_exactly_as_one_index_and_the_lexical_model() -> None:
    query = "clocks for side rooms at night"
    whole = build(("f",), DOCUMENTS, None)
    halves = ScopeIndex.of(("f",), [Corpus.of(("a",), DOCUMENTS[:3], None), Corpus.of(("b",), DOCUMENTS[3:], None)])
    expected = [(m.key, m.score) for m in LexicalSimilarity().rank(query, DOCS, limit=5)]
    assert halves.rank(query, embedder=None, limit=5) == whole.rank(query, embedder=None, limit=5) == expected
    assert np.allclose(halves.norms_sq, whole.norms_sq)


def test_a_new_process_loads_the_file_instead_of_reading_the_ideas(tmp_path: Path) -> None:
    reads: list[str] = []
    scope = _scope(["v1"], DOCUMENTS, reads)
    first = IndexCache().get(scope, None, directory=tmp_path)
    assert reads == ["v1"]
    path = CorpusStore(tmp_path).path(scope)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    second = IndexCache().get(scope, None, directory=tmp_path)  # another worker
    assert reads == ["v1"], "the second process read the ideas again instead of the file"
    query = "side room clocks"
    assert second.rank(query, embedder=None, limit=5) == first.rank(query, embedder=None, limit=5) != []


def test_vectors_round_trip_through_the_file(tmp_path: Path) -> None:
    vectors = [np.array(v, dtype=np.float32) for v in ([1, 0, 0], [0, 1, 0], [0, 0, 1], [0.6, 0.8, 0])]
    docs = [Document(d.idea_id, d.group, d.text, v.tobytes()) for d, v in zip(DOCUMENTS, vectors, strict=True)]
    store = CorpusStore(tmp_path)
    scope = _scope(["v1"], docs, [])
    corpus = Corpus.of(("v1",), docs, _NoEmbedder())
    store.write(scope, corpus)
    loaded = store.read(scope)
    assert loaded is not None and loaded.vectors is not None
    assert np.array_equal(loaded.vectors, corpus.vectors)
    assert loaded.words == corpus.words and np.array_equal(loaded.rows, corpus.rows)
    assert list(loaded.ids) == [1, 2, 3, 4] and list(loaded.groups) == [2, 1, 2, 1]


class _NoEmbedder:
    name = "none"

    def embed(self, texts: Any) -> np.ndarray:
        raise AssertionError("every document has a stored vector")


def test_an_outdated_file_answers_at_once_and_the_current_one_is_built_in_the_background(tmp_path: Path) -> None:
    reads: list[str] = []
    fingerprint = ["v1"]
    docs = list(DOCUMENTS)
    IndexCache().get(_scope(fingerprint, docs, reads), None, directory=tmp_path)
    docs.append(Document(9, 1, "Clocks in side rooms at night", None))
    fingerprint[0] = "v2"
    fresh_worker = IndexCache()
    stale = fresh_worker.get(_scope(fingerprint, docs, reads), None, directory=tmp_path, background=True)
    assert 9 not in list(stale.ids)  # answered from the old file
    fresh_worker.wait()
    assert reads == ["v1", "v2"]
    current = fresh_worker.get(_scope(fingerprint, docs, reads), None, directory=tmp_path, background=True)
    assert 9 in list(current.ids)
    assert IndexCache().get(_scope(fingerprint, docs, reads), None, directory=tmp_path) is not None
    assert reads == ["v1", "v2"], "a third worker found the current file"


def test_a_damaged_or_foreign_file_is_rebuilt(tmp_path: Path) -> None:
    reads: list[str] = []
    scope = _scope(["v1"], DOCUMENTS, reads)
    path = CorpusStore(tmp_path).path(scope)
    tmp_path.mkdir(exist_ok=True)
    path.write_bytes(b"not an index")
    index = IndexCache().get(scope, None, directory=tmp_path)
    assert reads == ["v1"] and sorted(index.ids) == [1, 2, 3, 4]
    other = Scope(
        key="organisation:1", fingerprint=scope.fingerprint, settled=scope.settled, recent=list, namespace="x"
    )
    assert CorpusStore(tmp_path).read(other) is None  # another database's scope never reads this file


def _db() -> str:
    from django.db import connection

    return str(connection.settings_dict.get("NAME", ""))


@pytest.mark.django_db
def test_today_s_anonymous_idea_is_found_but_never_written_to_the_file(
    personas: Any, settings: Any, tmp_path: Path
) -> None:
    settings.IDEAS_SIMILAR_INDEX_DIR = str(tmp_path)
    named, _ = share(personas.member, title="Clocks in side rooms")
    anonymous, _ = share(personas.member, title="Side room clocks please", identity="anonymous")
    older, _ = share(personas.member, title="Clocks for the side rooms again", identity="anonymous")
    Idea.objects.filter(pk=older.pk).update(submitted_on=anonymous.submitted_on - datetime.timedelta(days=1))
    found = {idea.pk for idea, _ in selectors.idea_similar(organisation=personas.org_a, text="side room clocks")}
    assert {named.pk, anonymous.pk, older.pk} <= found
    files = list(tmp_path.glob("*.index"))
    assert len(files) == 1
    corpus = CorpusStore(tmp_path).read(
        Scope(key=f"organisation:{personas.org_a.pk}", fingerprint=tuple, settled=list, recent=list, namespace=_db())
    )
    assert corpus is not None
    stored = set(corpus.ids.tolist())
    assert named.pk in stored and older.pk in stored  # an earlier day's anonymous idea is settled
    assert anonymous.pk not in stored
    CACHE.clear()  # a new worker: the file, plus today's untimed ideas from the database
    found = {idea.pk for idea, _ in selectors.idea_similar(organisation=personas.org_a, text="side room clocks")}
    assert {named.pk, anonymous.pk, older.pk} <= found


@pytest.mark.django_db
def test_the_command_builds_every_scope_s_file_so_no_worker_has_to(
    personas: Any, settings: Any, tmp_path: Path
) -> None:
    from django.core.management import call_command

    settings.IDEAS_SIMILAR_INDEX_DIR = str(tmp_path)
    share(personas.member, title="Clocks in side rooms")
    call_command("ideas_similar_index", stdout=io.StringIO())
    organisations = {personas.org_a.pk, personas.org_b.pk}
    systems = {personas.org_a.system_id, personas.org_b.system_id}
    assert len(list(tmp_path.glob("*.index"))) == len(organisations) + len(systems)
    CACHE.clear()  # a new worker finds the file: it never reads the organisation's ideas itself
    with mock.patch.object(Corpus, "of", wraps=Corpus.of) as built:
        found = selectors.idea_similar(organisation=personas.org_a, text="side room clocks")
    assert [idea.title for idea, _ in found] == ["Clocks in side rooms"]
    # Only today's untimed ideas (none here) are read and built in memory.
    assert built.call_args_list and all(len(call.args[1]) == 0 for call in built.call_args_list)
