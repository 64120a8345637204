"""Similar ideas: in the organisation, and shareable ones across the ICS.

Lookups go through `openqi.ideas.similar_cache` (an index per scope, in memory and in a file that
every worker shares, checked against a fingerprint of the scope on every call) and the ideas found are then re-read from the database
with the scope's own filter, so a status or moderation change counts at once.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import connections
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone

from openqi.accounts.models import User
from openqi.core.similarity import (
    CombinedSimilarity,
    Embedder,
    EmbeddingSimilarity,
    LexicalSimilarity,
    SimilarityModel,
    default_embedder,
    vector_from_bytes,
)
from openqi.ideas.models import Idea, IdeaEmbedding, Moderation, Status
from openqi.ideas.selectors.ideas import visible_ideas
from openqi.ideas.similar_cache import CACHE, Scope
from openqi.ideas.similar_index import Document, ScopeIndex
from openqi.organisations.models import Membership, Organisation, Role, SystemMembership, SystemRole

# What another organisation of the ICS may learn from an idea: that it was taken forward, done,
# or answered publicly. Never who shared it, and never an idea still waiting for moderation.
SHAREABLE = Q(status__in=(Status.ACCEPTED, Status.IMPLEMENTED)) | ~Q(public_answer="")


def idea_text(idea: Idea) -> str:
    """The text compared for similarity: the title twice, as it is the most telling part."""
    return f"{idea.title} {idea.title} {idea.problem} {idea.suggestion}"


# Ideas of today with no time (anonymous and public ones): kept out of the shared index files until
# their day is over, so no file's time stamp tells when one of them came in (ADR 0007).
def _untimed_today() -> Q:
    return Q(submitted_at__isnull=True, submitted_on__gte=timezone.localdate())


def _fingerprint(ideas: QuerySet[Idea], embedder: Embedder | None) -> tuple[tuple[object, ...], tuple[object, ...]]:
    """Count, sum and maximum of the ids of the scope's settled ideas and of its untimed ideas of
    today, in one query: any idea added, removed, moderated in or out, or moving in or out of the
    scope changes it. Stored vectors need not count: an idea without one is embedded when the index
    is built, and the nightly batch stores the very same vector later."""
    recent = _untimed_today()
    row = ideas.order_by().aggregate(
        n=Count("id", filter=~recent),
        s=Sum("id", filter=~recent),
        m=Max("id", filter=~recent),
        rn=Count("id", filter=recent),
        rs=Sum("id", filter=recent),
        rm=Max("id", filter=recent),
    )
    model = embedder.name if embedder else ""
    return (model, row["n"], row["s"], row["m"]), (model, row["rn"], row["rs"], row["rm"])


def _documents(ideas: QuerySet[Idea], embedder: Embedder | None) -> list[Document]:
    rows = ideas.order_by("id").values_list(
        "pk", "organisation_id", "title", "problem", "suggestion", "embedding__model_name", "embedding__vector"
    )
    return [
        Document(
            idea_id=pk,
            group=organisation_id,
            text=f"{title} {title} {problem} {suggestion}",  # as idea_text
            vector=bytes(vector) if embedder and model_name == embedder.name and vector is not None else None,
        )
        for pk, organisation_id, title, problem, suggestion, model_name, vector in rows
    ]


def _close_thread_connections() -> None:
    """Close the connections of the thread this runs in. (`connection.close` passed from the request
    would be the request's own connection, bound before the thread starts: closing it from the
    rebuild thread raises, and the thread's connection was left open on every rebuild.)"""
    connections.close_all()


def _index(
    key: str,
    ideas: QuerySet[Idea],
    embedder: Embedder | None,
    *,
    recheck_after: float = 0.0,
    background: bool | None = None,
) -> ScopeIndex:
    scope = Scope(
        key=key,
        fingerprint=lambda: _fingerprint(ideas, embedder),
        settled=lambda: _documents(ideas.exclude(_untimed_today()), embedder),
        recent=lambda: _documents(ideas.filter(_untimed_today()), embedder),
        namespace=str(connections[ideas.db].settings_dict.get("NAME", "")),
    )
    return CACHE.get(
        scope,
        embedder,
        directory=settings.IDEAS_SIMILAR_INDEX_DIR,
        recheck_after=recheck_after,
        background=settings.IDEAS_SIMILAR_INDEX_BACKGROUND if background is None else background,
        on_thread_exit=_close_thread_connections,
    )


def _legacy_model(*, candidate_ids: list[int]) -> SimilarityModel:
    lexical = LexicalSimilarity()
    embedder = default_embedder()
    if embedder is None:
        return lexical
    stored = {
        idea_id: vector_from_bytes(bytes(vector))
        for idea_id, vector in IdeaEmbedding.objects.filter(
            idea_id__in=candidate_ids, model_name=embedder.name
        ).values_list("idea_id", "vector")
    }
    return CombinedSimilarity(lexical, EmbeddingSimilarity(embedder, stored))


def idea_similar(
    *,
    organisation: Organisation,
    text: str,
    exclude_id: int | None = None,
    limit: int = 5,
    model: SimilarityModel | None = None,
) -> list[tuple[Idea, float]]:
    """Ideas in this organisation most like the text, best first. A `model` given here ranks every
    idea directly (slow on large organisations: for tests and experiments)."""
    if model is not None:
        candidates = list(
            visible_ideas(organisation).exclude(pk=exclude_id or 0).only("pk", "title", "problem", "suggestion")
        )
        ranked = [(m.key, m.score) for m in model.rank(text, [(i.pk, idea_text(i)) for i in candidates], limit=limit)]
    else:
        embedder = default_embedder()
        index = _index(f"organisation:{organisation.pk}", visible_ideas(organisation), embedder)
        ranked = index.rank(text, embedder=embedder, limit=limit, exclude_id=exclude_id)
    ideas = visible_ideas(organisation).in_bulk([key for key, _ in ranked])
    return [(ideas[key], score) for key, score in ranked if key in ideas]


@dataclass(frozen=True)
class SharedIdea:
    """An idea from another organisation of the ICS: what it is, where, and how far it got."""

    title: str
    organisation: str
    status: str
    url: str  # empty where the viewer is not a member there
    score: float


# The statuses a shareable idea can have (answers are given to implemented and not-taken-forward
# ideas): the system index holds all of these, and SHAREABLE is applied to what it finds.
# The system's fingerprint reads tens of thousands of index entries, so it is checked at most this
# often: an idea newly taken forward elsewhere appears in the ICS list within a minute. (What is
# shown is always re-read from the database, so nothing that stopped being shareable appears.)
SYSTEM_RECHECK_SECONDS = 60.0

SHAREABLE_STATUSES = (Status.ACCEPTED, Status.IMPLEMENTED, Status.NOT_TAKEN_FORWARD)


def _in_system(system_id: int) -> QuerySet[Idea]:
    return Idea.objects.filter(
        organisation__system_id=system_id,
        moderation__in=(Moderation.NOT_NEEDED, Moderation.APPROVED),
        status__in=SHAREABLE_STATUSES,
    )


def _shareable(system_id: int) -> QuerySet[Idea]:
    return _in_system(system_id).filter(SHAREABLE)


def organisations_readable(*, user: User, system_id: int) -> set[int]:
    """The organisations of a system whose ideas this person may open."""
    if SystemMembership.objects.filter(user=user, system_id=system_id, role=SystemRole.SYSTEM_ADMIN).exists():
        return set(Organisation.objects.filter(system_id=system_id).values_list("pk", flat=True))
    return set(
        Membership.objects.filter(user=user, organisation__system_id=system_id)
        .exclude(role=Role.PARTNER)
        .values_list("organisation_id", flat=True)
    )


def idea_similar_across_system(
    *, organisation: Organisation, viewer: User, text: str, limit: int = 5
) -> list[SharedIdea]:
    """Ideas from the other organisations of this organisation's ICS that look like the text and
    were taken forward, done or answered: title, organisation and status only."""
    embedder = default_embedder()
    system_id = organisation.system_id
    index = _index(f"system:{system_id}", _in_system(system_id), embedder, recheck_after=SYSTEM_RECHECK_SECONDS)
    # Ask for more than shown: some are not answered, or changed status since the index was built.
    ranked = index.rank(text, embedder=embedder, limit=limit * 4, exclude_group=organisation.pk)
    if not ranked:
        return []
    ideas = (
        _shareable(system_id)
        .exclude(organisation=organisation)
        .select_related("organisation")
        .only("pk", "title", "status", "accepted_as", "organisation__name", "organisation__slug")
        .in_bulk([k for k, _ in ranked])
    )
    readable = organisations_readable(user=viewer, system_id=system_id) if ideas else set()
    shared = [
        SharedIdea(
            title=idea.title,
            organisation=idea.organisation.name,
            status=idea.status_text,
            url=reverse("ideas:idea_detail", args=[idea.organisation.slug, idea.pk])
            if idea.organisation_id in readable
            else "",
            score=score,
        )
        for key, score in ranked
        if (idea := ideas.get(key)) is not None
    ]
    return shared[:limit]


def similar_indexes_prepare() -> int:
    """Build (or bring up to date) every organisation's and every system's index file now, so that
    no worker has to: run after a deploy and nightly after `ideas_embed` (`manage.py
    ideas_similar_index`). How many scopes were prepared."""
    embedder = default_embedder()
    prepared = 0
    for organisation in Organisation.objects.order_by("pk"):
        _index(f"organisation:{organisation.pk}", visible_ideas(organisation), embedder, background=False)
        prepared += 1
    for system_id in Organisation.objects.order_by().values_list("system_id", flat=True).distinct():
        _index(f"system:{system_id}", _in_system(system_id), embedder, background=False)
        prepared += 1
    return prepared
