"""A member's own pages: bookings, choices, consent, leaving; booking and cancelling a place."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from openqi.bookings import services as bookings
from openqi.bookings.models import Booking, BookingStatus
from openqi.bookings.selectors import no_show_counts
from openqi.core.confirm import Confirmation, confirm_then
from openqi.core.forms_util import call_service, call_service_from_button
from openqi.core.submission import once_per_submission
from openqi.network import selectors, services
from openqi.network.forms import PreferencesForm
from openqi.network.models import OWNER, Event, Member
from openqi.network.views.common import forget_member, member_view, say_then_go
from openqi.organisations.models import System


def _event(system: System, event_id: int) -> Event:
    event = selectors.event_get(system=system, event_id=event_id)
    if event is None:
        raise Http404
    return event


def _event_url(event: Event) -> str:
    return reverse("network:event_detail", args=[event.system.slug, event.pk])


@member_view
def member_home(request: HttpRequest, system: System, member: Member) -> HttpResponse:
    feed = request.build_absolute_uri(reverse("network:member_feed", args=[member.feed_token]))
    return render(
        request,
        "network/member_home.jinja",
        {
            "system": system,
            "member": member,
            "bookings": selectors.member_bookings(member=member),
            "feed_url": feed,
            "no_shows": no_show_counts(emails=[member.email], owner=OWNER).get(member.email, 0),
        },
    )


@member_view
def member_choices(request: HttpRequest, system: System, member: Member) -> HttpResponse:
    initial = {f: getattr(member, f) for f in ("name", "job_role", "topics", "domains", "services", "contact")}
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = call_service(
            form,
            lambda: services.member_update(
                member=member,
                name=data["name"],
                job_role=data["job_role"],
                topics=data["topics"],
                domains=data["domains"],
                services=data["services"],
                contact=data["contact"],
            ),
        )
        if done is not None:
            messages.success(request, "Your choices are saved.")
            return redirect("network:member_home", system.slug)
    return render(
        request,
        "network/member_choices.jinja",
        {"system": system, "member": member, "form": form},
        status=400 if form.errors else 200,
    )


@member_view
def consent_withdraw(request: HttpRequest, system: System, member: Member) -> HttpResponse:
    home = reverse("network:member_home", args=[system.slug])
    return confirm_then(
        request,
        Confirmation(
            title="Withdraw your consent to be contacted?",
            button="Withdraw consent",
            cancel_url=home,
            body=(
                "We will stop sending you invitations and updates. You keep your bookings and will still get "
                "emails about events you have booked.",
                "To remove your details altogether, leave the network instead.",
            ),
        ),
        act=lambda: services.member_consent_withdraw(member=member),
        done=say_then_go(request, "You have withdrawn your consent.", home),
    )


@require_POST
@member_view
def consent_give(request: HttpRequest, system: System, member: Member) -> HttpResponse:
    call_service_from_button(request, lambda: services.member_consent_give(member=member))
    messages.success(request, "Thank you: your consent is recorded with today's date.")
    return redirect("network:member_home", system.slug)


@member_view
def member_leave(request: HttpRequest, system: System, member: Member) -> HttpResponse:
    def leave() -> None:
        services.member_erase(member=member)
        forget_member(request, system)

    return confirm_then(
        request,
        Confirmation(
            title="Leave the network?",
            button="Leave and delete my details",
            cancel_url=reverse("network:member_home", args=[system.slug]),
            body=(
                "We will delete your name, email address, interests and choices, and cancel and delete your "
                "bookings. This cannot be undone.",
                "You can join again at any time.",
            ),
        ),
        act=leave,
        done=say_then_go(
            request,
            "You have left the network and your details are deleted.",
            reverse("network:home", args=[system.slug]),
        ),
    )


@require_POST
@once_per_submission
@member_view
def event_book(request: HttpRequest, system: System, member: Member, event_id: int) -> HttpResponse:
    event = _event(system, event_id)
    made: list[Booking] = []
    if call_service_from_button(request, lambda: made.append(services.event_book(event=event, member=member))):
        if made[0].status == BookingStatus.CONFIRMED:
            messages.success(request, "You are booked. We have emailed you the details.")
        else:
            messages.success(
                request, "The event is full, so you are on the waiting list. We will email you if a place frees."
            )
    return redirect(_event_url(event))


@require_POST
@member_view
def offer_accept(request: HttpRequest, system: System, member: Member, event_id: int) -> HttpResponse:
    event = _event(system, event_id)
    booking = selectors.event_booking_for(event=event, member=member)
    if booking is None:
        raise Http404
    if call_service_from_button(request, lambda: bookings.booking_offer_accept(booking=booking, actor=member.user)):
        messages.success(request, "You are booked.")
    return redirect(_event_url(event))


@member_view
def booking_cancel(request: HttpRequest, system: System, member: Member, event_id: int) -> HttpResponse:
    event = _event(system, event_id)
    booking = selectors.event_booking_for(event=event, member=member)
    if booking is None:
        raise Http404
    return confirm_then(
        request,
        Confirmation(
            title=f"Cancel your place at ‘{event.title}’?",
            button="Cancel my place",
            cancel_url=_event_url(event),
            body=(
                "Your place will be offered to the first person on the waiting list. You can book again if "
                "places are free.",
            ),
        ),
        act=lambda: bookings.booking_cancel(booking=booking, actor=member.user),
        done=say_then_go(request, "Your place is cancelled.", _event_url(event)),
    )
