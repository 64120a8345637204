"""Background work for ideas: sentence vectors for similar-idea detection.

A task row records when it was queued. So only named ideas queue a task of their own at once;
anonymous ones wait for the batch (`idea_embeddings_backfill`, run nightly by `manage.py
ideas_embed`), or a queue of submission times would give away when each anonymous idea came in.
Until then the similarity check embeds them on the fly.
"""

from django_tasks import task

from openqi.core.similarity import default_embedder, vector_to_bytes
from openqi.ideas.models import Idea, IdeaEmbedding
from openqi.ideas.selectors import idea_text


def _store(ideas: list[Idea]) -> int:
    embedder = default_embedder()
    if embedder is None or not ideas:
        return 0
    vectors = embedder.embed([idea_text(idea) for idea in ideas])
    for idea, vector in zip(ideas, vectors, strict=True):
        IdeaEmbedding.objects.update_or_create(
            idea=idea, defaults={"model_name": embedder.name, "vector": vector_to_bytes(vector)}
        )
    return len(ideas)


@task()
def idea_embed(idea_id: int) -> int:
    """Store one idea's vector; 0 when there is no such idea or no embedder."""
    return _store(list(Idea.objects.filter(pk=idea_id)))


@task()
def idea_embeddings_backfill() -> int:
    """Store vectors for every idea that has none, or one from another model."""
    embedder = default_embedder()
    if embedder is None:
        return 0
    stale = Idea.objects.exclude(embedding__model_name=embedder.name)
    total = 0
    batch: list[Idea] = []
    for idea in stale.iterator(chunk_size=500):
        batch.append(idea)
        if len(batch) == 500:
            total += _store(batch)
            batch = []
    return total + _store(batch)
