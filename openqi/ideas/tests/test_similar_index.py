"""The in-memory similar-ideas index: the same answers as the models it stands in for, rebuilt when
its scope changes, and re-checked against the database."""

from typing import Any

import numpy as np
import pytest

from openqi.core.similarity import LexicalSimilarity
from openqi.ideas import selectors, services
from openqi.ideas.similar_cache import CACHE, IndexCache, Scope
from openqi.ideas.similar_index import Document, build
from openqi.ideas.tests.helpers import share
from openqi.ideas.tests.test_similarity import DOCS, FakeEmbedder

pytestmark = pytest.mark.django_db


def test_the_lexical_index_ranks_as_the_lexical_model_does() -> None:
    index = build(("f",), [Document(key, 1, text, None) for key, text in DOCS], None)
    query = "clocks for side rooms"
    expected = [(m.key, m.score) for m in LexicalSimilarity().rank(query, DOCS, limit=5)]
    found = index.rank(query, embedder=None, limit=5)
    assert [key for key, _ in found] == [key for key, _ in expected]
    assert found == expected


def test_stored_vectors_are_used_and_missing_ones_embedded_once_when_the_index_is_built() -> None:
    embedder = FakeEmbedder({"query": [1.0, 0.0, 0.0], "b": [0.9, 0.1, 0.0]})
    stored = np.array([1.0, 0.0, 0.0], dtype=np.float32).tobytes()
    index = build(("f",), [Document(1, 1, "a", stored), Document(2, 1, "b", None), Document(3, 2, "c", None)], embedder)
    assert embedder.calls == [["b", "c"]]
    assert [key for key, _ in index.rank("query", embedder=embedder, limit=5)] == [1, 2]
    assert [key for key, _ in index.rank("query", embedder=embedder, limit=5, exclude_group=1)] == []
    assert [key for key, _ in index.rank("query", embedder=embedder, limit=5, exclude_id=1)] == [2]


def test_the_index_is_reused_until_the_organisation_s_ideas_change(personas: Any) -> None:
    share(personas.member, title="Clocks in side rooms")
    for _ in range(3):
        selectors.idea_similar(organisation=personas.org_a, text="side room clocks")
    first = CACHE.current(f"organisation:{personas.org_a.pk}")
    assert first is not None
    selectors.idea_similar(organisation=personas.org_a, text="side room clocks")
    assert CACHE.current(f"organisation:{personas.org_a.pk}") is first
    anonymous, _ = share(personas.member, title="Side room clocks please", identity="anonymous")
    found = [idea.title for idea, _ in selectors.idea_similar(organisation=personas.org_a, text="side room clocks")]
    assert "Side room clocks please" in found
    second = CACHE.current(f"organisation:{personas.org_a.pk}")
    assert second is not None and second is not first
    # Today's anonymous idea is in the in-memory half only; the settled half was not rebuilt.
    settled, recent = second.corpora
    assert settled is first.corpora[0]
    assert list(recent.ids) == [anonymous.pk]


def test_a_public_idea_joins_the_index_only_once_approved(personas: Any) -> None:
    public, _ = services.idea_public_submit(
        organisation=personas.org_a, title="Clocks in side rooms", problem="No clocks", suggestion="Add clocks"
    )

    def found() -> list[int]:
        return [idea.pk for idea, _ in selectors.idea_similar(organisation=personas.org_a, text="clocks side rooms")]

    assert found() == []
    services.idea_moderate(actor=personas.lead.user, idea=public, approve=True)
    assert found() == [public.pk]
    CACHE.clear()
    assert found() == [public.pk]


def _scope(fingerprint: list[str], docs: list[Document], reads: list[str] | None = None) -> Scope:
    def settled() -> list[Document]:
        if reads is not None:
            reads.append(fingerprint[0])
        return list(docs)

    return Scope(key="scope", fingerprint=lambda: ((fingerprint[0],), ()), settled=settled, recent=list)


def test_a_changed_scope_is_rebuilt_in_the_background_while_the_old_index_serves() -> None:
    cache = IndexCache()
    docs = [Document(1, 1, "Longer handover on the ward at night", None)]
    fingerprint = ["v1"]
    closed: list[bool] = []

    def get() -> Any:
        return cache.get(_scope(fingerprint, docs), None, background=True, on_thread_exit=lambda: closed.append(True))

    first = get()  # nothing cached yet: built at once
    assert first.fingerprint == (("v1",), ()) and list(first.ids) == [1]
    docs.append(Document(2, 1, "Night handover takes too long", None))
    fingerprint[0] = "v2"
    assert get() is first  # the stale index answers while the new one is built
    cache.wait()
    fresh = get()
    assert fresh.fingerprint == (("v2",), ()) and sorted(fresh.ids) == [1, 2]
    assert closed == [True]
