"""Reading ideas. Every function takes the organisation first; nothing reads across organisations."""

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from openqi.accounts.models import User
from openqi.ideas.models import (
    Idea,
    IdeaComment,
    IdeaEvent,
    IdeaFollow,
    IdeaSupport,
    Moderation,
    Source,
    hash_code,
)
from openqi.organisations.models import Organisation, Role


def visible_ideas(organisation: Organisation) -> QuerySet[Idea]:
    """Ideas members can see: everything except public submissions still waiting or rejected."""
    return Idea.objects.filter(organisation=organisation, moderation__in=(Moderation.NOT_NEEDED, Moderation.APPROVED))


def idea_list(
    *, organisation: Organisation, status: str = "", query: str = "", team_id: int | None = None
) -> QuerySet[Idea]:
    # A subquery, not a JOIN with GROUP BY: the paginator's COUNT then stays a plain count, and
    # supporters are counted for the page's rows only.
    supporters = (
        IdeaSupport.objects.filter(idea=OuterRef("pk")).order_by().values("idea").annotate(n=Count("id")).values("n")
    )
    ideas = visible_ideas(organisation).select_related("team").annotate(support_count=Coalesce(Subquery(supporters), 0))
    if status:
        ideas = ideas.filter(status=status)
    if team_id:
        ideas = ideas.filter(team_id=team_id)
    if query:
        ideas = ideas.filter(Q(title__icontains=query) | Q(problem__icontains=query) | Q(suggestion__icontains=query))
    return ideas.order_by("-submitted_on", "-id")


def idea_get(*, organisation: Organisation, idea_id: int, include_unmoderated: bool = False) -> Idea | None:
    ideas = Idea.objects.filter(organisation=organisation) if include_unmoderated else visible_ideas(organisation)
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


def idea_answered_list(*, organisation: Organisation, team_id: int | None = None, domain: str = "") -> QuerySet[Idea]:
    """ "You said, we did": ideas with a public answer, newest answer first."""
    ideas = visible_ideas(organisation).exclude(public_answer="").select_related("team")
    if team_id:
        ideas = ideas.filter(team_id=team_id)
    if domain:
        ideas = ideas.filter(domains__contains=f",{domain},")
    return ideas.order_by("-answered_on", "-id")


def idea_answered_public_list(*, organisation: Organisation) -> QuerySet[Idea]:
    """The public "you said, we did": answers to ideas shared through the public portal and
    approved by moderation. Staff ideas stay with staff: their answer was written for colleagues."""
    return (
        visible_ideas(organisation)
        .filter(source=Source.PUBLIC)
        .exclude(public_answer="")
        .order_by("-answered_on", "-id")
    )


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
    return (
        IdeaComment.objects.filter(idea=idea)
        .select_related("author")
        .prefetch_related("mentions__user")
        .order_by("created_at", "id")
    )


def portal_organisation_get(*, org_slug: str) -> Organisation | None:
    return Organisation.objects.filter(slug=org_slug).first()


def colleague_matches(*, organisation: Organisation, name: str) -> list[User]:
    """Members of the organisation (staff and above: partners do not see ideas) whose email
    address, or else full name, is the given text, ignoring case."""
    members = User.objects.filter(is_active=True, memberships__organisation=organisation).exclude(
        memberships__organisation=organisation, memberships__role=Role.PARTNER
    )
    by_email = list(members.filter(email__iexact=name)[:2])
    return by_email or list(members.filter(full_name__iexact=name).order_by("pk")[:2])
