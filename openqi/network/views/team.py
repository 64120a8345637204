"""The ICS CQI team's pages: member directory with counts, events, guests and attendance."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.bookings import services as bookings
from openqi.bookings.selectors import booking_list_for_occasion, no_show_counts
from openqi.core.forms_util import call_service, call_service_from_button
from openqi.core.pagination import page_links, paginate
from openqi.core.submission import once_per_submission
from openqi.network import selectors, services
from openqi.network.forms import EventForm, GuestForm
from openqi.network.models import OWNER, Event, Topic
from openqi.network.views.common import team_view
from openqi.organisations.models import System


def _event(system: System, event_id: int) -> Event:
    event = selectors.event_get(system=system, event_id=event_id)
    if event is None:
        raise Http404
    return event


@team_view
def team_members(request: AuthenticatedHttpRequest, system: System) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    topic = request.GET.get("topic", "")
    topic = topic if topic in Topic.values else ""
    page = paginate(request, selectors.member_directory(system=system, query=query, topic=topic), per_page=50)
    return render(
        request,
        "network/team_members.jinja",
        {
            "system": system,
            "page": page,
            "pagination": page_links(request, page),
            "query": query,
            "topic": topic,
            "topics": Topic.choices,
            "counts": selectors.member_counts(system=system),
            "roles": selectors.member_role_counts(system=system),
            "no_shows": no_show_counts(emails=[m.email for m in page.object_list], owner=OWNER),
        },
    )


@team_view
@once_per_submission
def team_event_create(request: AuthenticatedHttpRequest, system: System) -> HttpResponse:
    form = EventForm(request.POST or None, organisations=selectors.organisation_list(system=system))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        event = call_service(
            form,
            lambda: services.event_create(
                actor=request.user,
                system=system,
                title=data["title"],
                description=data["description"],
                kind=data["kind"],
                mode=data["mode"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                capacity=data["capacity"],
                venue=data["venue"],
                accessibility=data["accessibility"],
                online_link=data["online_link"],
                organisation=data["organisation"],
            ),
        )
        if event is not None:
            messages.success(request, f"‘{event.title}’ is published on the events page.")
            return redirect("network:team_event", system.slug, event.pk)
    return render(
        request, "network/team_event_form.jinja", {"system": system, "form": form}, status=400 if form.errors else 200
    )


def _event_page(
    request: AuthenticatedHttpRequest, system: System, event: Event, guest_form: GuestForm, status: int = 200
) -> HttpResponse:
    rows = list(booking_list_for_occasion(occasion=event.occasion))
    return render(
        request,
        "network/team_event.jinja",
        {
            "system": system,
            "event": event,
            "rows": rows,
            "places": selectors.places(event=event),
            "guest_form": guest_form,
            "no_shows": no_show_counts(emails=[b.email for b in rows], owner=OWNER),
            "started": event.occasion.starts_at <= timezone.now(),
        },
        status=status,
    )


@team_view
def team_event(request: AuthenticatedHttpRequest, system: System, event_id: int) -> HttpResponse:
    return _event_page(request, system, _event(system, event_id), GuestForm())


@team_view
@once_per_submission
def team_guest_invite(request: AuthenticatedHttpRequest, system: System, event_id: int) -> HttpResponse:
    event = _event(system, event_id)
    form = GuestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        booking = call_service(
            form,
            lambda: services.event_guest_invite(
                actor=request.user, event=event, email=data["email"], name=data["name"]
            ),
        )
        if booking is not None:
            messages.success(request, f"{booking.name} is {booking.get_status_display().lower()}.")
            return redirect("network:team_event", system.slug, event.pk)
    return _event_page(request, system, event, form, status=400 if form.errors else 200)


@require_POST
@team_view
def team_attendance(request: AuthenticatedHttpRequest, system: System, event_id: int) -> HttpResponse:
    event = _event(system, event_id)
    came = {int(v) for v in request.POST.getlist("attended") if v.isdigit()}
    if call_service_from_button(
        request, lambda: bookings.attendance_record(occasion=event.occasion, attended_ids=came, actor=request.user)
    ):
        messages.success(request, "Attendance is saved.")
    return redirect(reverse("network:team_event", args=[system.slug, event.pk]) + "#attendance")
