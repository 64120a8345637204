"""The network's public pages: what it is, join, confirm, sign in, events. No account needed."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from openqi.bookings.ics import calendar
from openqi.core.forms_util import call_service
from openqi.core.logging import no_access_log
from openqi.core.pagination import page_links, paginate
from openqi.core.submission import once_per_submission, shown_once
from openqi.network import selectors, services, tokens
from openqi.network.calendar import calendar_entry
from openqi.network.forms import JoinForm
from openqi.network.views.common import (
    SIGN_IN,
    current_member,
    safe_next,
    system_or_404,
)
from openqi.network.views.followup import event_page_extras
from openqi.organisations.models import System

EVENTS_PER_PAGE = 30


def too_many(request: HttpRequest, system_id: int) -> bool:
    """The network's public forms (join, contact, system ideas) share the sign-in's counter."""
    return SIGN_IN.too_many(request, system_id)


def network_index(request: HttpRequest) -> HttpResponse:
    systems = list(selectors.system_list())
    if len(systems) == 1:
        return redirect("network:home", systems[0].slug)
    return render(request, "network/index.jinja", {"systems": systems})


def network_home(request: HttpRequest, system_slug: str) -> HttpResponse:
    system = system_or_404(system_slug)
    return render(
        request,
        "network/home.jinja",
        {
            "system": system,
            "member": current_member(request, system),
            "events": selectors.event_list(system=system, limit=3),
            "organisations": list(selectors.organisation_list(system=system).only("id", "name", "slug")),
            "is_team": selectors.user_is_network_team(user=request.user, system=system),
        },
    )


@no_access_log
@once_per_submission
def member_join(request: HttpRequest, system_slug: str) -> HttpResponse:
    system = system_or_404(system_slug)
    form = JoinForm(request.POST or None, initial={"contact": "events"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = render(request, "network/join_check_email.jinja", {"system": system, "email": data["email"]})
        if data["website"]:  # a robot filled the hidden field: keep nothing
            return shown_once(done)
        if too_many(request, system.pk):
            return render(request, "network/join_limited.jinja", {"system": system}, status=429)
        member = call_service(
            form,
            lambda: services.member_register(
                system=system,
                email=data["email"],
                name=data["name"],
                job_role=data["job_role"],
                topics=data["topics"],
                domains=data["domains"],
                services=data["services"],
                contact=data["contact"],
                consented=data["consent"],
            ),
            refused_field="consent",
        )
        if member is not None:
            return shown_once(done)
    return render(
        request,
        "network/join.jinja",
        {"system": system, "form": form, "consent_wording": services.consent_wording(system)},
        status=400 if form.errors else 200,
    )


def _after_link(request: HttpRequest, system: System) -> str:
    return safe_next(request, system, reverse("network:member_home", args=[system.slug]))


@no_access_log
def member_verify(request: HttpRequest, system_slug: str, token: str) -> HttpResponse:
    system = system_or_404(system_slug)
    return SIGN_IN.link_page(
        request, system=system, token=token, purpose=tokens.VERIFY, then=lambda: _after_link(request, system)
    )


@no_access_log
def sign_in_link(request: HttpRequest, system_slug: str, token: str) -> HttpResponse:
    system = system_or_404(system_slug)
    return SIGN_IN.link_page(
        request, system=system, token=token, purpose=tokens.SIGN_IN, then=lambda: _after_link(request, system)
    )


@no_access_log
@once_per_submission
def sign_in(request: HttpRequest, system_slug: str) -> HttpResponse:
    return SIGN_IN.sign_in_page(request, system=system_or_404(system_slug))


@require_POST
def sign_out(request: HttpRequest, system_slug: str) -> HttpResponse:
    system = system_or_404(system_slug)
    return SIGN_IN.sign_out(request, system=system, then=reverse("network:home", args=[system.slug]))


def event_list(request: HttpRequest, system_slug: str) -> HttpResponse:
    system = system_or_404(system_slug)
    past = request.GET.get("when") == "past"
    organisations = list(selectors.organisation_list(system=system))
    run_by = next((o for o in organisations if o.slug == request.GET.get("by")), None)
    page = paginate(
        request, selectors.event_queryset(system=system, past=past, organisation=run_by), per_page=EVENTS_PER_PAGE
    )
    return render(
        request,
        "network/event_list.jinja",
        {
            "system": system,
            "rows": selectors.event_rows(list(page.object_list)),
            "past": past,
            "organisations": organisations,
            "run_by": run_by,
            "pagination": page_links(request, page),
        },
    )


def event_detail(request: HttpRequest, system_slug: str, event_id: int) -> HttpResponse:
    system = system_or_404(system_slug)
    event = selectors.event_get(system=system, event_id=event_id)
    if event is None:
        raise Http404
    member = current_member(request, system)
    booking = selectors.event_booking_for(event=event, member=member)
    is_team = selectors.user_is_network_team(user=request.user, system=system)
    return render(
        request,
        "network/event_detail.jinja",
        {
            "system": system,
            "event": event,
            "member": member,
            "booking": booking,
            "places": selectors.places(event=event),
            "is_team": is_team,
            **event_page_extras(event=event, member=member, is_team=is_team),  # recordings, feedback
        },
    )


def event_ics(request: HttpRequest, system_slug: str, event_id: int) -> HttpResponse:
    """The event's calendar file; the joining link of an online event only for a confirmed place."""
    system = system_or_404(system_slug)
    event = selectors.event_get(system=system, event_id=event_id)
    if event is None:
        raise Http404
    booking = selectors.event_booking_for(event=event, member=current_member(request, system))
    booked = booking is not None and booking.status == "confirmed"
    body = calendar([calendar_entry(event, booked=booked)], name=event.title)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


def member_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A member's calendar feed: a secret address a calendar app subscribes to."""
    member = selectors.member_by_feed_token(token=token[:100])
    if member is None:
        raise Http404
    body = calendar(
        [calendar_entry(event, booked=True) for event in selectors.member_confirmed_events(member=member)],
        name=f"{member.system.name} QI network",
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
