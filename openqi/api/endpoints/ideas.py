"""Ideas and "you said, we did", with the web app's anonymity rules: who shared an idea is given
exactly as the idea page would show it to this token's person (`submitter_label`)."""

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from openqi.api.auth import ApiPrincipal, principal_of
from openqi.api.idempotency import once_per_key
from openqi.api.pagination import PageMeta, PageParams, paginate
from openqi.api.params import IdField, OrgSlug, PathId
from openqi.ideas.models import Idea, Identity
from openqi.ideas.models import Status as IdeaStatus
from openqi.ideas.presenters import submitter_label
from openqi.ideas.selectors import idea_answered_list, idea_get, idea_list
from openqi.ideas.services import idea_submit
from openqi.organisations.models import Role
from openqi.organisations.selectors import team_list
from openqi.vocabulary import Domain

router = Router(tags=["Ideas"])


class TeamRef(Schema):
    id: int
    name: str


class IdeaOut(Schema):
    id: int
    title: str
    problem: str
    suggestion: str
    status: str
    status_text: str
    domains: list[str]
    team: TeamRef | None
    submitted_on: datetime.date
    submitter: str = Field(description="Who shared it, as far as this token's person may know.")
    supporters: int
    public_answer: str
    answered_on: datetime.date | None


class IdeaPage(PageMeta):
    items: list[IdeaOut]


class IdeaFilters(Schema):
    status: str = Field(
        "", description="One of: " + ", ".join(IdeaStatus.values), json_schema_extra={"enum": ["", *IdeaStatus.values]}
    )
    team_id: int | None = IdField()
    q: str = Field("", max_length=200, description="Words in the title, problem or suggestion.")


class AnsweredFilters(Schema):
    team_id: int | None = IdField()
    domain: str = Field("", description="One of: " + ", ".join(Domain.values))


class IdeaIn(Schema):
    # Strict: JSON `true` is not the number 1, nor "12" a number.
    model_config = ConfigDict(strict=True)

    title: str = Field(min_length=1, max_length=150)
    problem: str = Field(min_length=1, max_length=5000)
    suggestion: str = Field(min_length=1, max_length=5000)
    identity: str = Field(
        json_schema_extra={"enum": [Identity.NAMED.value, Identity.QI_TEAM.value]},
        description="named, or qi_team (named to the QI team only). Anonymous ideas are shared "
        "through the web form only: a token names its person, and its use is audited.",
    )
    domains: list[str] = Field([], json_schema_extra={"items": {"type": "string", "enum": list(Domain.values)}})
    team_id: int | None = IdField("A team of this organisation (see /teams).")


class AnsweredOut(Schema):
    id: int
    title: str
    public_answer: str
    answered_on: datetime.date | None
    team: TeamRef | None
    domains: list[str]


class AnsweredPage(PageMeta):
    items: list[AnsweredOut]


def _team(idea: Idea) -> dict[str, object] | None:
    return {"id": idea.team.pk, "name": idea.team.name} if idea.team is not None else None


def idea_out(idea: Idea, principal: ApiPrincipal) -> dict[str, object]:
    return {
        "id": idea.pk,
        "title": idea.title,
        "problem": idea.problem,
        "suggestion": idea.suggestion,
        "status": idea.status,
        "status_text": idea.status_text,
        "domains": idea.domain_list,
        "team": _team(idea),
        "submitted_on": idea.submitted_on,
        "submitter": submitter_label(
            idea, viewer_id=principal.user.pk, viewer_is_qi_team=principal.access.has_role(Role.QI_COACH)
        ),
        "supporters": getattr(idea, "support_count", 0),
        "public_answer": idea.public_answer,
        "answered_on": idea.answered_on,
    }


@router.get("", response=IdeaPage, summary="Ideas, newest first")
def idea_index(
    request: HttpRequest, org_slug: OrgSlug, filters: Query[IdeaFilters], page: Query[PageParams]
) -> dict[str, object]:
    principal = principal_of(request)
    if filters.status and filters.status not in IdeaStatus.values:
        raise ValidationError({"status": "Choose one of: " + ", ".join(IdeaStatus.values)})
    ideas = idea_list(
        organisation=principal.organisation, status=filters.status, query=filters.q, team_id=filters.team_id
    ).select_related("submitted_by")
    return paginate(request, ideas, page, lambda idea: idea_out(idea, principal))


@router.get("/you-said-we-did", response=AnsweredPage, summary='"You said, we did": answered ideas')
def answered_index(
    request: HttpRequest, org_slug: OrgSlug, filters: Query[AnsweredFilters], page: Query[PageParams]
) -> dict[str, object]:
    principal = principal_of(request)
    ideas = idea_answered_list(organisation=principal.organisation, team_id=filters.team_id, domain=filters.domain)
    return paginate(
        request,
        ideas,
        page,
        lambda idea: {
            "id": idea.pk,
            "title": idea.title,
            "public_answer": idea.public_answer,
            "answered_on": idea.answered_on,
            "team": _team(idea),
            "domains": idea.domain_list,
        },
    )


@router.get("/{int:idea_id}", response=IdeaOut, summary="One idea")
def idea_detail(request: HttpRequest, org_slug: OrgSlug, idea_id: PathId) -> dict[str, object]:
    principal = principal_of(request)
    idea = idea_get(organisation=principal.organisation, idea_id=idea_id)
    if idea is None:
        raise Http404
    return idea_out(idea, principal)


@router.post(
    "",
    response={201: IdeaOut},
    summary="Share an idea (named, or named to the QI team)",
    description=(
        "Send an `Idempotency-Key` header (1 to 255 visible characters, e.g. a UUID) to retry safely: "
        "a repeat of the key within a day makes nothing and answers 303 See Other to the idea the first made."
    ),
)
def idea_create(request: HttpRequest, org_slug: OrgSlug, payload: IdeaIn) -> Status[dict[str, object]]:
    principal = principal_of(request)
    if payload.identity == Identity.ANONYMOUS:
        raise ValidationError({"identity": "Share anonymous ideas through the web form: a token names its person"})
    unknown = [d for d in payload.domains if d not in Domain.values]
    if unknown:
        raise ValidationError({"domains": "Choose domains from: " + ", ".join(Domain.values)})
    team = None
    if payload.team_id is not None:
        team = next((t for t, _ in team_list(organisation=principal.organisation) if t.pk == payload.team_id), None)
        if team is None:
            raise ValidationError({"team_id": "Choose a team in this organisation"})

    def create() -> tuple[Status[dict[str, object]], str]:
        idea, _ = idea_submit(
            actor=principal.user,
            organisation=principal.organisation,
            title=payload.title,
            problem=payload.problem,
            suggestion=payload.suggestion,
            identity=payload.identity,
            domains=payload.domains,
            team=team,
        )
        created = idea_get(organisation=principal.organisation, idea_id=idea.pk)
        return Status(201, idea_out(created or idea, principal)), f"{request.path.rstrip('/')}/{idea.pk}"

    # A retry with the same Idempotency-Key is sent to the idea the first sending made.
    return once_per_key(request, principal, create)  # type: ignore[return-value]
