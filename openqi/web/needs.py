"""The personal home's "What needs you": for each organisation the person works in, the few things
waiting for them, composed from the apps' own selectors (no query of theirs is copied here).

Each panel shows at most `SHOWN` items and the total, with a "see all" page the person may open.
A panel is offered only to the roles whose pages it links to, by the same rules as those pages
(`org_view` roles; the QI team's triage pages from QI coach up; moderation for leads). The number
of queries depends on how many organisations a person belongs to, never on how much data there is.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils import timezone

from openqi.accounts.models import User
from openqi.bookings import owners
from openqi.bookings.models import BookingStatus
from openqi.bookings.selectors import booking_list_upcoming_for
from openqi.ideas.models import ANSWERABLE, Idea, Status
from openqi.ideas.selectors import idea_moderation_queue
from openqi.ideas.selectors.personal import idea_list_owned_open, idea_list_waiting_for_qi_team
from openqi.measures.models import Measure
from openqi.measures.presenters import variation_icon
from openqi.measures.selectors.measures import measure_list_new_signal
from openqi.organisations.access import OrgAccess
from openqi.organisations.models import Membership, Organisation, Role
from openqi.projects.models import PdsaCycle, PdsaStatus
from openqi.projects.selectors.personal import pdsa_cycles_due_for_study
from openqi.web.selectors import QuickActions, quick_actions_for

SHOWN = 5
COUNT_CAP = 99  # a longer list reads "99+": the home is a to-do list, the "see all" page has the rest
BOOKINGS_SHOWN = 5
COUNT_CAP = 99  # a longer list reads "99+": the home is a to-do list, the "see all" page has the rest

T = TypeVar("T", bound=Model)


@dataclass(frozen=True)
class NeedItem:
    text: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class NeedPanel:
    key: str  # stable name for ids and tests: triage, owned, pdsa, measures
    heading: str
    items: tuple[NeedItem, ...]
    total: int
    empty_text: str
    see_all_url: str = ""
    see_all_text: str = ""
    extra: NeedItem | None = None  # one more line after the list (public ideas to moderate)

    @property
    def more(self) -> bool:
        return self.total > len(self.items)

    @property
    def total_text(self) -> str:
        return f"{COUNT_CAP}+" if self.total > COUNT_CAP else str(self.total)


@dataclass(frozen=True)
class OrganisationNeeds:
    organisation: Organisation
    role: str  # the person's role there, as words
    quick: QuickActions | None  # today's check-in, surveys waiting and quick links (staff and up)
    panels: tuple[NeedPanel, ...]


@dataclass(frozen=True)
class BookedItem:
    title: str
    url: str
    starts_at: datetime.datetime
    status: str  # the booking's status label: booked, place offered, waiting list


@dataclass(frozen=True)
class Bookings:
    items: tuple[BookedItem, ...]
    total: int

    @property
    def more_text(self) -> str:
        if self.total > COUNT_CAP:
            return "And more booked later."
        extra = self.total - len(self.items)
        return f"And {extra} more booked later." if extra else ""


def _first(queryset: QuerySet[T], shown: int = SHOWN) -> tuple[list[T], int]:
    """The first `shown` rows and how many there are, counted only up to `COUNT_CAP` + 1: both
    queries stop early (LIMIT), so their cost does not grow with an organisation's history."""
    rows = list(queryset[:shown])
    if len(rows) < shown:
        return rows, len(rows)
    return rows, queryset[: COUNT_CAP + 1].count()


def _panel(
    key: str,
    heading: str,
    queryset: QuerySet[T],
    item: Callable[[T], NeedItem],
    *,
    empty_text: str,
    see_all_url: str = "",
    see_all_text: str = "",
    extra: NeedItem | None = None,
) -> NeedPanel:
    rows, total = _first(queryset)
    return NeedPanel(
        key=key,
        heading=heading,
        items=tuple(item(row) for row in rows),
        total=total,
        empty_text=empty_text,
        see_all_url=see_all_url,
        see_all_text=see_all_text,
        extra=extra,
    )


def _uk_date(day: datetime.date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def _triage_panel(organisation: Organisation, *, is_lead: bool) -> NeedPanel:
    slug = organisation.slug

    def item(idea: Idea) -> NeedItem:
        what = "New: to triage" if idea.status == Status.SUBMITTED else "Needs its “you said, we did” answer"
        return NeedItem(
            text=f"Idea {idea.pk}: {idea.title}",
            url=reverse("ideas:idea_detail", args=[slug, idea.pk]),
            detail=f"{what} · shared {_uk_date(idea.submitted_on)}",
        )

    extra = None
    if is_lead:
        pending = idea_moderation_queue(organisation=organisation).count()
        if pending:
            extra = NeedItem(
                text=f"{pending} public idea{'s' if pending != 1 else ''} waiting for moderation",
                url=reverse("ideas:moderation_list", args=[slug]),
            )
    return _panel(
        "triage",
        "Ideas waiting for the QI team",
        idea_list_waiting_for_qi_team(organisation=organisation),
        item,
        empty_text="No ideas wait for the QI team: every new idea has been looked at and every closed one answered.",
        see_all_url=reverse("ideas:idea_list", args=[slug]) + f"?status={Status.SUBMITTED}",
        see_all_text="See all new ideas",
        extra=extra,
    )


def _owned_panel(organisation: Organisation, user: User) -> NeedPanel:
    slug = organisation.slug

    def item(idea: Idea) -> NeedItem:
        detail = "Write its “you said, we did” answer" if idea.status in ANSWERABLE else idea.status_text
        if idea.response_due:
            detail += f" · response due {_uk_date(idea.response_due)}"
        return NeedItem(
            text=f"Idea {idea.pk}: {idea.title}",
            url=reverse("ideas:idea_detail", args=[slug, idea.pk]),
            detail=detail,
        )

    return _panel(
        "owned",
        "Ideas you own",
        idea_list_owned_open(organisation=organisation, user=user),
        item,
        empty_text="No ideas are assigned to you.",
        see_all_url=reverse("ideas:idea_list", args=[slug]),
        see_all_text="See all ideas",
    )


def _pdsa_panel(organisation: Organisation, user: User, today: datetime.date) -> NeedPanel:
    slug = organisation.slug

    def item(cycle: PdsaCycle) -> NeedItem:
        project = cycle.project
        if cycle.status == PdsaStatus.STUDYING:
            detail = "In Study: compare what happened with your prediction"
        else:
            detail = f"Planned for {_uk_date(cycle.plan_when)}: record what happened and study it"
        return NeedItem(
            text=f"{project.title}: PDSA {cycle.number}, {cycle.objective}",
            url=reverse("projects:pdsa_detail", args=[slug, project.pk, cycle.pk]),
            detail=detail,
        )

    return _panel(
        "pdsa",
        "PDSA cycles to study",
        pdsa_cycles_due_for_study(organisation=organisation, user_id=user.pk, today=today),
        item,
        empty_text="No PDSA cycles of your projects are due to be studied.",
        see_all_url=reverse("projects:project_list", args=[slug]),
        see_all_text="See your projects",
    )


def _measures_panel(access: OrgAccess, user: User) -> NeedPanel:
    slug = access.organisation.slug

    def item(measure: Measure) -> NeedItem:
        icon = variation_icon(measure.variation_icon)
        period = measure.latest_period
        label = icon.label if icon else "Special cause variation"
        return NeedItem(
            text=measure.name,
            url=reverse("measures:measure_detail", args=[slug, measure.pk]),
            detail=f"{label} at the latest point ({_uk_date(period)})" if period else label,
        )

    return _panel(
        "measures",
        "Measures with a new signal",
        measure_list_new_signal(access=access, user_id=user.pk),
        item,
        empty_text="None of the measures you own or follow shows special cause variation at its latest point.",
        see_all_url=reverse("measures:measure_matrix", args=[slug]),
        see_all_text="See the icon matrix",
    )


def needs_for_membership(*, user: User, membership: Membership, today: datetime.date) -> OrganisationNeeds:
    """The panels for one organisation, by the person's role there. Partners see only the work
    they are invited into, which the organisation pages show them: no panels here."""
    organisation = membership.organisation
    panels: list[NeedPanel] = []
    quick = quick_actions_for(user=user, membership=membership)
    if quick is not None:
        access = OrgAccess(organisation=organisation, membership=membership, is_system_admin=False)
        if membership.has_role(Role.QI_COACH):
            panels.append(_triage_panel(organisation, is_lead=membership.has_role(Role.LEAD)))
        panels.append(_owned_panel(organisation, user))
        panels.append(_pdsa_panel(organisation, user, today))
        panels.append(_measures_panel(access, user))
    return OrganisationNeeds(
        organisation=organisation, role=str(membership.get_role_display()), quick=quick, panels=tuple(panels)
    )


def needs_list(*, user: User, memberships: list[Membership]) -> list[OrganisationNeeds]:
    """One entry per organisation where the person is staff or more, in the memberships' order."""
    today = timezone.localdate()
    found = [needs_for_membership(user=user, membership=m, today=today) for m in memberships]
    return [n for n in found if n.quick is not None]


_STATUS_TEXT = {
    BookingStatus.CONFIRMED: "Booked",
    BookingStatus.OFFERED: "A place is offered to you: accept it on the event's page",
    BookingStatus.WAITING: "On the waiting list",
}


def bookings_upcoming(*, user: User) -> Bookings:
    """Events and sessions the person booked, from every app that owns bookable occasions
    (network events now; training sessions when they register with `openqi.bookings.owners`)."""
    bookings, total = _first(
        booking_list_upcoming_for(user_id=user.pk, email=user.email, now=timezone.now()), BOOKINGS_SHOWN
    )
    items = []
    for booking in bookings:
        text = owners.describe(booking.occasion, booking)
        items.append(
            BookedItem(
                title=text.title,
                url=text.url,
                starts_at=booking.occasion.starts_at,
                status=_STATUS_TEXT.get(BookingStatus(booking.status), booking.get_status_display()),
            )
        )
    return Bookings(items=tuple(items), total=total)
