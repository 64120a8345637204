"""Reading ideas. Every function takes the organisation first; nothing reads across organisations."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from openqi.accounts.models import User
from openqi.core.similarity import (
    CombinedSimilarity,
    EmbeddingSimilarity,
    LexicalSimilarity,
    SimilarityModel,
    default_embedder,
    vector_from_bytes,
)
from openqi.ideas.models import (
    Campaign,
    Idea,
    IdeaComment,
    IdeaEmbedding,
    IdeaEvent,
    IdeaFollow,
    IdeaSupport,
    Identity,
    Moderation,
    Status,
    hash_code,
)
from openqi.organisations.models import Organisation


def _visible(organisation: Organisation) -> QuerySet[Idea]:
    """Ideas members can see: everything except public submissions still waiting or rejected."""
    return Idea.objects.filter(organisation=organisation, moderation__in=(Moderation.NOT_NEEDED, Moderation.APPROVED))


def idea_list(
    *, organisation: Organisation, status: str = "", query: str = "", team_id: int | None = None
) -> QuerySet[Idea]:
    ideas = _visible(organisation).select_related("team").annotate(support_count=Count("supports", distinct=True))
    if status:
        ideas = ideas.filter(status=status)
    if team_id:
        ideas = ideas.filter(team_id=team_id)
    if query:
        ideas = ideas.filter(Q(title__icontains=query) | Q(problem__icontains=query) | Q(suggestion__icontains=query))
    return ideas.order_by("-submitted_on", "-id")


def idea_get(*, organisation: Organisation, idea_id: int, include_unmoderated: bool = False) -> Idea | None:
    ideas = Idea.objects.filter(organisation=organisation) if include_unmoderated else _visible(organisation)
    return (
        ideas.filter(pk=idea_id)
        .select_related("organisation", "team", "submitted_by", "owner", "duplicate_of")
        .annotate(support_count=Count("supports", distinct=True))
        .first()
    )


def idea_events(*, idea: Idea) -> QuerySet[IdeaEvent]:
    return IdeaEvent.objects.filter(idea=idea).select_related("actor").order_by("created_on", "id")


def idea_viewer_state(*, idea: Idea, user: User) -> dict[str, bool]:
    return {
        "supports": IdeaSupport.objects.filter(idea=idea, user=user).exists(),
        "follows": IdeaFollow.objects.filter(idea=idea, user=user).exists(),
    }


def idea_text(idea: Idea) -> str:
    """The text compared for similarity: the title twice, as it is the most telling part."""
    return f"{idea.title} {idea.title} {idea.problem} {idea.suggestion}"


def _default_model(*, candidate_ids: list[int]) -> SimilarityModel:
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
    """Ideas in this organisation most like the text, best first."""
    candidates = list(_visible(organisation).exclude(pk=exclude_id or 0).only("pk", "title", "problem", "suggestion"))
    documents = [(idea.pk, idea_text(idea)) for idea in candidates]
    chosen = model or _default_model(candidate_ids=[pk for pk, _ in documents])
    matches = chosen.rank(text, documents, limit=limit)
    ideas = _visible(organisation).in_bulk([m.key for m in matches])
    return [(ideas[m.key], m.score) for m in matches if m.key in ideas]


def idea_answered_list(*, organisation: Organisation, team_id: int | None = None, domain: str = "") -> QuerySet[Idea]:
    """ "You said, we did": ideas with a public answer, newest answer first."""
    ideas = _visible(organisation).exclude(public_answer="").select_related("team")
    if team_id:
        ideas = ideas.filter(team_id=team_id)
    if domain:
        ideas = ideas.filter(domains__contains=f",{domain},")
    return ideas.order_by("-answered_on", "-id")


def idea_follow_up_find(*, organisation: Organisation, code: str) -> Idea | None:
    if not code.strip():
        return None
    return (
        Idea.objects.filter(organisation=organisation, follow_up_hash=hash_code(code))
        .exclude(follow_up_hash="")
        .first()
    )


def idea_moderation_queue(*, organisation: Organisation) -> QuerySet[Idea]:
    return Idea.objects.filter(organisation=organisation, moderation=Moderation.PENDING).order_by("submitted_on", "id")


def idea_comments(*, idea: Idea) -> QuerySet[IdeaComment]:
    return IdeaComment.objects.filter(idea=idea).select_related("author").order_by("created_at", "id")


def portal_organisation_get(*, org_slug: str) -> Organisation | None:
    return Organisation.objects.filter(slug=org_slug).first()


# The least number of anonymous ideas before a count of them is shown for a group (GUIDE: k).
REPORTING_THRESHOLD = 11
OPEN_STATUSES = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.NEEDS_INFO)


@dataclass(frozen=True)
class TeamRow:
    team: str
    total: int
    # None when the split would reveal fewer than k anonymous ideas (named is hidden too, or
    # total minus named would give the anonymous count away).
    named: int | None
    anonymous: int | None


@dataclass(frozen=True)
class IdeaOverview:
    total: int
    by_status: list[tuple[str, int]]
    by_team: list[TeamRow]
    anonymous_total: int | None
    unassigned: int
    overdue: list[Idea]
    threshold: int


def _split(total: int, anonymous: int, k: int) -> tuple[int | None, int | None]:
    return (total - anonymous, anonymous) if anonymous >= k else (None, None)


def idea_overview(*, organisation: Organisation, k: int = REPORTING_THRESHOLD) -> IdeaOverview:
    ideas = _visible(organisation)
    status_counts = dict(ideas.order_by().values("status").annotate(n=Count("id")).values_list("status", "n"))
    by_status = [(str(label), status_counts.get(value, 0)) for value, label in Status.choices]
    team_counts = (
        ideas.values("team__name")
        .annotate(total=Count("id"), anonymous=Count("id", filter=Q(identity=Identity.ANONYMOUS)))
        .order_by("team__name")
    )
    by_team = [
        TeamRow(row["team__name"] or "No team", row["total"], *_split(row["total"], row["anonymous"], k))
        for row in team_counts
    ]
    anonymous_total = ideas.filter(identity=Identity.ANONYMOUS).count()
    # Complementary suppression: with the total shown, the hidden rows' sum would be the total
    # less the shown rows, so the total is hidden too unless that sum is itself at least k.
    hidden = sum(row["anonymous"] for row in team_counts if row["anonymous"] < k)
    show_total = anonymous_total >= k and not 0 < hidden < k
    today = timezone.localdate()
    return IdeaOverview(
        total=ideas.count(),
        by_status=by_status,
        by_team=by_team,
        anonymous_total=anonymous_total if show_total else None,
        unassigned=ideas.filter(owner__isnull=True, status__in=OPEN_STATUSES).count(),
        overdue=list(
            ideas.filter(status__in=OPEN_STATUSES, response_due__lt=today)
            .select_related("owner")
            .order_by("response_due", "id")
        ),
        threshold=k,
    )


def idea_export_rows(*, organisation: Organisation, status: str = "", team_id: int | None = None) -> list[list[Any]]:
    """One row per idea. Anonymous ideas carry no identity; named-to-the-QI-team ones no name."""
    ideas = idea_list(organisation=organisation, status=status, team_id=team_id).select_related("submitted_by", "owner")
    rows: list[list[Any]] = []
    for idea in ideas:
        if idea.identity == Identity.NAMED and idea.submitted_by is not None:
            shared_by = idea.submitted_by.display_name
        elif idea.identity == Identity.QI_TEAM:
            shared_by = "Name shared with the QI team"
        else:
            shared_by = ""
        rows.append(
            [
                idea.pk,
                idea.title,
                idea.status_text,
                idea.team.name if idea.team else "",
                ", ".join(idea.domain_labels),
                idea.get_identity_display() if idea.identity != Identity.ANONYMOUS else "Anonymous",
                shared_by,
                idea.submitted_on.isoformat(),
                idea.support_count,  # type: ignore[attr-defined]
                idea.owner.display_name if idea.owner else "",
                idea.response_due.isoformat() if idea.response_due else "",
                idea.answered_on.isoformat() if idea.answered_on else "",
                idea.public_answer,
            ]
        )
    return rows


EXPORT_HEADER = [
    "number",
    "title",
    "status",
    "team",
    "quality domains",
    "identity",
    "shared by",
    "shared on",
    "supporters",
    "owner",
    "first response due",
    "answered on",
    "you said, we did",
]


def campaign_list(*, organisation: Organisation) -> QuerySet[Campaign]:
    return (
        Campaign.objects.filter(organisation=organisation)
        .select_related("team")
        .annotate(
            idea_count=Count("ideas", filter=Q(ideas__moderation__in=(Moderation.NOT_NEEDED, Moderation.APPROVED)))
        )
        .order_by("closed_on", "-starts_on", "-id")
    )


def campaign_open_list(*, organisation: Organisation) -> QuerySet[Campaign]:
    today = timezone.localdate()
    return Campaign.objects.filter(
        organisation=organisation, closed_on__isnull=True, starts_on__lte=today, ends_on__gte=today
    ).order_by("ends_on", "id")


def campaign_get(*, organisation: Organisation, campaign_id: int) -> Campaign | None:
    return Campaign.objects.filter(organisation=organisation, pk=campaign_id).select_related("team").first()


@dataclass(frozen=True)
class CampaignProgress:
    ideas: int
    target: int
    percent: int
    by_status: list[tuple[str, int]]
    anonymous: int | None  # None below k
    named: int | None
    threshold: int


def campaign_progress(*, campaign: Campaign, k: int = REPORTING_THRESHOLD) -> CampaignProgress:
    ideas = _visible(campaign.organisation).filter(campaign=campaign)
    total = ideas.count()
    counts = dict(ideas.order_by().values("status").annotate(n=Count("id")).values_list("status", "n"))
    anonymous = ideas.filter(identity=Identity.ANONYMOUS).count()
    named, shown_anonymous = _split(total, anonymous, k)
    return CampaignProgress(
        ideas=total,
        target=campaign.target,
        percent=min(100, round(100 * total / campaign.target)) if campaign.target else 0,
        by_status=[(str(label), counts[value]) for value, label in Status.choices if counts.get(value)],
        anonymous=shown_anonymous,
        named=named,
        threshold=k,
    )


def campaign_ideas(*, campaign: Campaign) -> QuerySet[Idea]:
    return (
        _visible(campaign.organisation)
        .filter(campaign=campaign)
        .annotate(support_count=Count("supports", distinct=True))
        .order_by("-submitted_on", "-id")
    )
