"""Reading stories and partner involvement. Every function takes its scope first: a project (itself
found inside the organisation and the reader's visibility), an organisation, or an access."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from openqi.organisations.access import OrgAccess
from openqi.organisations.models import Organisation
from openqi.projects.access import project_queryset
from openqi.projects.models import (
    InvolvementEntry,
    PdsaCycle,
    Project,
    ProjectLink,
    ProjectMember,
    ProjectRole,
    Story,
    StoryStatus,
)

# --- stories ------------------------------------------------------------------------------------


def story_list(*, project: Project) -> QuerySet[Story]:
    return Story.objects.filter(project=project, organisation=project.organisation).select_related("chart_link")


def story_get(*, project: Project, story_id: int) -> Story | None:
    return story_list(project=project).filter(pk=story_id).first()


def story_list_published(*, organisation: Organisation) -> QuerySet[Story]:
    return (
        Story.objects.filter(organisation=organisation, status=StoryStatus.PUBLISHED)
        .select_related("project", "project__team")
        .order_by("-published_at", "-pk")
    )


def story_list_submitted(*, organisation: Organisation) -> QuerySet[Story]:
    """The stories waiting for an organisation lead (whatever the project's visibility: asking for
    publication is asking the organisation to look)."""
    return (
        Story.objects.filter(organisation=organisation, status=StoryStatus.SUBMITTED)
        .select_related("project", "created_by")
        .order_by("submitted_at", "pk")
    )


def story_get_for_organisation(*, access: OrgAccess, story_id: int) -> Story | None:
    """A published story for any member; one waiting for publication for organisation leads too."""
    statuses = [StoryStatus.PUBLISHED]
    if access.has_role("lead"):
        statuses.append(StoryStatus.SUBMITTED)
    return (
        Story.objects.filter(organisation=access.organisation, pk=story_id, status__in=statuses)
        .select_related("project", "chart_link", "created_by", "published_by")
        .first()
    )


def public_organisation_get(*, org_slug: str) -> Organisation | None:
    return Organisation.objects.filter(slug=org_slug).first()


def public_story_get(*, organisation: Organisation, story_id: int) -> Story | None:
    return story_list_published(organisation=organisation).select_related("chart_link").filter(pk=story_id).first()


def story_credits(*, story: Story) -> list[str]:
    """The staff to credit by name, when the lead chose to. Partners are never named publicly."""
    if not story.credit_team:
        return []
    members = (
        ProjectMember.objects.filter(project_id=story.project_id, organisation=story.organisation)
        .exclude(role=ProjectRole.PARTNER)
        .select_related("user")
        .order_by("role", "user__full_name")
    )
    return [f"{m.user.display_name} ({m.get_role_display().lower()})" for m in members]


def story_cycles(*, story: Story) -> QuerySet[PdsaCycle]:
    return PdsaCycle.objects.filter(project_id=story.project_id, organisation=story.organisation).order_by("number")


def story_chart_choices(*, project: Project) -> QuerySet[ProjectLink]:
    return ProjectLink.objects.filter(project=project, organisation=project.organisation, kind="measure")


# --- partner involvement -------------------------------------------------------------------------


@dataclass(frozen=True)
class InvolvementTotals:
    entries: int
    hours: Decimal
    expenses: Decimal
    voucher: Decimal


def _totals(entries: QuerySet[InvolvementEntry]) -> InvolvementTotals:
    sums = entries.aggregate(n=Count("pk"), hours=Sum("hours"), expenses=Sum("expenses"), voucher=Sum("voucher"))
    return InvolvementTotals(
        entries=sums["n"] or 0,
        hours=sums["hours"] or Decimal(0),
        expenses=sums["expenses"] or Decimal(0),
        voucher=sums["voucher"] or Decimal(0),
    )


def involvement_list(*, project: Project) -> QuerySet[InvolvementEntry]:
    return InvolvementEntry.objects.filter(project=project, organisation=project.organisation)


def involvement_get(*, project: Project, entry_id: int) -> InvolvementEntry | None:
    return involvement_list(project=project).filter(pk=entry_id).first()


def involvement_totals(*, project: Project, user_id: int | None = None) -> InvolvementTotals:
    entries = involvement_list(project=project)
    return _totals(entries.filter(user_id=user_id) if user_id is not None else entries)


def involvement_for_person(*, project: Project, user_id: int) -> QuerySet[InvolvementEntry]:
    return involvement_list(project=project).filter(user_id=user_id)


def partner_members(*, project: Project) -> QuerySet[ProjectMember]:
    return ProjectMember.objects.filter(
        project=project, organisation=project.organisation, role=ProjectRole.PARTNER
    ).select_related("user")


@dataclass(frozen=True)
class InvolvementReportRow:
    project_id: int
    project_title: str
    month: datetime.date
    entries: int
    hours: Decimal
    expenses: Decimal
    voucher: Decimal


def involvement_report(*, access: OrgAccess, user_id: int) -> tuple[list[InvolvementReportRow], InvolvementTotals]:
    """Totals by project and month across the projects this person may see, newest month first."""
    visible = project_queryset(access=access, user_id=user_id).values("pk")
    entries = InvolvementEntry.objects.filter(organisation=access.organisation, project_id__in=visible)
    rows = (
        entries.annotate(month=TruncMonth("date"))
        .values("project_id", "project__title", "month")
        .annotate(n=Count("pk"), hours=Sum("hours"), expenses=Sum("expenses"), voucher=Sum("voucher"))
        .order_by("-month", "project__title", "project_id")
    )
    report = [
        InvolvementReportRow(
            project_id=r["project_id"],
            project_title=r["project__title"],
            month=r["month"].date() if isinstance(r["month"], datetime.datetime) else r["month"],
            entries=r["n"],
            hours=r["hours"] or Decimal(0),
            expenses=r["expenses"] or Decimal(0),
            voucher=r["voucher"] or Decimal(0),
        )
        for r in rows
    ]
    return report, _totals(entries)


# ---- payments due and paid, for finance --------------------------------------------------------


@dataclass(frozen=True)
class PaymentPeriod:
    month: datetime.date
    due_entries: int
    due: Decimal
    paid_entries: int
    paid: Decimal


def _payable(access: OrgAccess, user_id: int) -> QuerySet[InvolvementEntry]:
    visible = project_queryset(access=access, user_id=user_id).values("pk")
    return (
        InvolvementEntry.objects.filter(organisation=access.organisation, project_id__in=visible)
        .filter(Q(expenses__gt=0) | Q(voucher__gt=0))
        .annotate(amount_total=F("expenses") + F("voucher"))
    )


def payment_periods(*, access: OrgAccess, user_id: int) -> list[PaymentPeriod]:
    """Per month of the session, what is due and what is paid, newest month first."""
    rows = (
        _payable(access, user_id)
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(
            due_n=Count("pk", filter=Q(paid_at__isnull=True)),
            due=Sum("amount_total", filter=Q(paid_at__isnull=True)),
            paid_n=Count("pk", filter=Q(paid_at__isnull=False)),
            paid=Sum("amount_total", filter=Q(paid_at__isnull=False)),
        )
        .order_by("-month")
    )
    return [
        PaymentPeriod(
            month=r["month"].date() if isinstance(r["month"], datetime.datetime) else r["month"],
            due_entries=r["due_n"],
            due=r["due"] or Decimal(0),
            paid_entries=r["paid_n"],
            paid=r["paid"] or Decimal(0),
        )
        for r in rows
    ]


def payment_list(
    *, access: OrgAccess, user_id: int, month: datetime.date | None = None, status: str = ""
) -> QuerySet[InvolvementEntry]:
    """Entries with something to pay, optionally in one month and only "due" or "paid"; due first."""
    entries = _payable(access, user_id).select_related("project", "paid_by")
    if month is not None:
        entries = entries.filter(date__year=month.year, date__month=month.month)
    if status == "due":
        entries = entries.filter(paid_at__isnull=True)
    elif status == "paid":
        entries = entries.filter(paid_at__isnull=False)
    return entries.order_by(F("paid_at").asc(nulls_first=True), "date", "pk")


def payment_get(*, access: OrgAccess, user_id: int, entry_id: int) -> InvolvementEntry | None:
    return _payable(access, user_id).filter(pk=entry_id).first()
