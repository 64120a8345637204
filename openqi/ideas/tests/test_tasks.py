"""Storing similar-idea vectors in the background, without a timeline of anonymous submissions."""

from types import SimpleNamespace
from typing import Any

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from openqi.core.similarity import default_embedder
from openqi.ideas.models import IdeaEmbedding
from openqi.ideas.selectors import idea_similar
from openqi.ideas.services import sharing
from openqi.ideas.tasks import idea_embeddings_backfill
from openqi.ideas.tests.helpers import share

pytestmark = pytest.mark.django_db


def test_a_named_idea_gets_its_vector_stored_when_shared(personas: Any) -> None:
    idea, _ = share(personas.member)
    embedding = IdeaEmbedding.objects.get(idea=idea)
    assert embedding.model_name == default_embedder().name  # type: ignore[union-attr]
    assert len(bytes(embedding.vector)) == 256 * 4


def test_an_anonymous_idea_queues_no_task_of_its_own(personas: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    queued: list[Any] = []
    monkeypatch.setattr(sharing, "idea_embed", SimpleNamespace(enqueue=lambda *args: queued.append(args)))
    share(personas.member, identity="anonymous")
    assert queued == []
    assert not IdeaEmbedding.objects.exists()
    named, _ = share(personas.member)
    assert queued == [(named.pk,)]


def test_the_backfill_stores_vectors_for_ideas_without_one(personas: Any) -> None:
    anonymous, _ = share(personas.member, identity="anonymous")
    assert idea_embeddings_backfill.call() == 1
    assert IdeaEmbedding.objects.filter(idea=anonymous).exists()
    assert idea_embeddings_backfill.call() == 0


def test_the_command_runs_the_backfill(personas: Any, capsys: pytest.CaptureFixture[str]) -> None:
    share(personas.member, identity="anonymous")
    call_command("ideas_embed")
    assert "Stored vectors for 1 idea." in capsys.readouterr().out


def test_similar_ideas_use_stored_and_fresh_vectors_alike(personas: Any) -> None:
    named, _ = share(
        personas.member, title="Text reminders for appointments", problem="Missed clinics", suggestion="SMS"
    )
    anonymous, _ = share(
        personas.member,
        identity="anonymous",
        title="Appointment reminders by text message",
        problem="Did-not-attend rates are high",
        suggestion="Remind people",
    )
    assert IdeaEmbedding.objects.filter(idea=named).exists()
    assert not IdeaEmbedding.objects.filter(idea=anonymous).exists()
    found = [idea for idea, _ in idea_similar(organisation=personas.org_a, text="reminders by text for appointments")]
    assert set(found) == {named, anonymous}


def test_the_test_settings_run_tasks_at_once_without_a_queue_table(personas: Any) -> None:
    share(personas.member)
    assert not DBTaskResult.objects.exists()
