"""Reads for co-production. Organisation pages read only their own organisation's registrations
(hence only the volunteers who chose it), never another's notes; the volunteer's own pages read
through their volunteer row. A lapsed or unconfirmed registration is hidden from every lead."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone

from openqi.coproduction.matching import Match, score
from openqi.coproduction.models import (
    Availability,
    InvolvementRequest,
    Offer,
    OfferStatus,
    Registration,
    ServiceCategory,
    Skill,
    Stage,
    Volunteer,
)
from openqi.organisations.models import Organisation, System
from openqi.projects.models import InvolvementEntry, Project, ProjectMember, ProjectRole, Story, StoryStatus
from openqi.projects.models import Stage as ProjectStage

LABELS: dict[str, str] = {**dict(ServiceCategory.choices), **dict(Skill.choices), **dict(Availability.choices)}


def words(values: list[str]) -> str:
    """Stored choice values as the words people chose them by."""
    return ", ".join(LABELS.get(value, value) for value in values)


def system_get(*, slug: str) -> System | None:
    return System.objects.filter(slug=slug).first()


def system_organisations(*, system: System) -> QuerySet[Organisation]:
    return Organisation.objects.filter(system=system).order_by("name")


def volunteer_get(*, system: System, volunteer_id: int) -> Volunteer | None:
    return Volunteer.objects.filter(system=system, pk=volunteer_id, verified_at__isnull=False).first()


def _visible(organisation: Organisation) -> QuerySet[Registration]:
    return Registration.objects.filter(
        organisation=organisation,
        volunteer__verified_at__isnull=False,
        volunteer__review_on__gte=timezone.localdate(),
    ).select_related("volunteer")


def registration_list(*, organisation: Organisation, stage: str = "") -> QuerySet[Registration]:
    found = _visible(organisation)
    return found.filter(stage=stage) if stage else found


def registration_get(*, organisation: Organisation, registration_id: int) -> Registration | None:
    return _visible(organisation).filter(pk=registration_id).first()


def stage_counts(*, organisation: Organisation) -> dict[str, int]:
    rows = _visible(organisation).values("stage").annotate(n=Count("pk"))
    return {row["stage"]: row["n"] for row in rows}


def project_choices(*, organisation: Organisation) -> QuerySet[Project]:
    return Project.objects.filter(organisation=organisation).exclude(stage=ProjectStage.CLOSED).order_by("title")


def request_list(*, organisation: Organisation) -> QuerySet[InvolvementRequest]:
    return (
        InvolvementRequest.objects.filter(organisation=organisation)
        .select_related("project")
        .annotate(
            invited=Count("offers"),
            accepted=Count("offers", filter=Q(offers__status=OfferStatus.ACCEPTED)),
        )
        .order_by("-created_at", "-pk")  # a grouped query drops Meta.ordering; pages need a stable order
    )


def request_get(*, organisation: Organisation, request_id: int) -> InvolvementRequest | None:
    return InvolvementRequest.objects.filter(organisation=organisation, pk=request_id).select_related("project").first()


@dataclass(frozen=True)
class Candidate:
    registration: Registration
    match: Match


def shortlist(*, request: InvolvementRequest, limit: int = 30) -> list[Candidate]:
    """Active people of this organisation not yet invited, best match first (then by name)."""
    invited = Offer.objects.filter(request=request).values("volunteer_id")
    candidates = [
        Candidate(
            registration=r,
            match=score(
                wanted_experience=request.experience,
                wanted_skills=request.skills,
                wanted_availability=request.availability,
                experience=r.volunteer.services,
                skills=r.volunteer.skills,
                availability=r.volunteer.availability,
                labels=LABELS,
            ),
        )
        for r in _visible(request.organisation).filter(stage=Stage.ACTIVE).exclude(volunteer_id__in=invited)
    ]
    candidates.sort(key=lambda c: (-c.match.score, c.registration.volunteer.name.lower()))
    return candidates[:limit]


def offer_list(*, request: InvolvementRequest) -> QuerySet[Offer]:
    return Offer.objects.filter(request=request).select_related("volunteer")


def volunteer_offers(*, volunteer: Volunteer) -> QuerySet[Offer]:
    return Offer.objects.filter(volunteer=volunteer).select_related("request__organisation", "request__project")


def volunteer_offer_get(*, volunteer: Volunteer, offer_id: int) -> Offer | None:
    return volunteer_offers(volunteer=volunteer).filter(pk=offer_id).first()


def volunteer_history(*, volunteer: Volunteer) -> QuerySet[InvolvementEntry]:
    """Their own sessions on projects (the projects' involvement log), by their partner account."""
    if volunteer.user_id is None:
        return InvolvementEntry.objects.none()
    return InvolvementEntry.objects.filter(user_id=volunteer.user_id).select_related("project", "organisation")


def volunteer_projects(*, volunteer: Volunteer) -> list[dict[str, Any]]:
    """The projects they joined through an invitation, with the published story when there is one."""
    rows = []
    for offer in volunteer_offers(volunteer=volunteer).filter(status=OfferStatus.ACCEPTED):
        project = offer.request.project
        story = Story.objects.filter(project=project, status=StoryStatus.PUBLISHED).order_by("-published_at").first()
        rows.append({"offer": offer, "project": project, "organisation": offer.request.organisation, "story": story})
    return rows


@dataclass(frozen=True)
class Report:
    registered: int
    active: int
    matched: int
    hours: Decimal
    expenses: Decimal
    vouchers: Decimal
    due: Decimal  # expenses and vouchers not yet marked paid
    paid: Decimal
    entries: int
    by_stage: list[tuple[str, int, int]]  # project stage, with partners, without


def report(*, organisation: Organisation) -> Report:
    visible = _visible(organisation)
    matched = (
        Offer.objects.filter(request__organisation=organisation, status=OfferStatus.ACCEPTED)
        .values("volunteer_id")
        .distinct()
        .count()
    )
    totals = InvolvementEntry.objects.filter(organisation=organisation).aggregate(
        hours=Sum("hours"), expenses=Sum("expenses"), vouchers=Sum("voucher"), entries=Count("pk")
    )
    amounts = (
        InvolvementEntry.objects.filter(organisation=organisation)
        .annotate(amount_total=F("expenses") + F("voucher"))
        .aggregate(
            due=Sum("amount_total", filter=Q(paid_at__isnull=True)),
            paid=Sum("amount_total", filter=Q(paid_at__isnull=False)),
        )
    )
    with_partners = set(
        ProjectMember.objects.filter(project__organisation=organisation, role=ProjectRole.PARTNER).values_list(
            "project_id", flat=True
        )
    )
    by_stage: list[tuple[str, int, int]] = []
    stages = dict(ProjectStage.choices)
    counts: dict[str, list[int]] = {value: [0, 0] for value in stages}
    for project_id, stage in Project.objects.filter(organisation=organisation).values_list("pk", "stage"):
        counts.setdefault(stage, [0, 0])[0 if project_id in with_partners else 1] += 1
    for value, label in stages.items():
        by_stage.append((label, counts[value][0], counts[value][1]))
    return Report(
        registered=visible.count(),
        active=visible.filter(stage=Stage.ACTIVE).count(),
        matched=matched,
        hours=totals["hours"] or Decimal(0),
        expenses=totals["expenses"] or Decimal(0),
        vouchers=totals["vouchers"] or Decimal(0),
        due=amounts["due"] or Decimal(0),
        paid=amounts["paid"] or Decimal(0),
        entries=totals["entries"],
        by_stage=by_stage,
    )
