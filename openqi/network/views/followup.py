"""After an event and at it: attendees' feedback by an emailed link, the CQI team's results, the
recordings and slides on the event page, and QR-code attendance."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.core.forms_util import call_service, call_service_on_page
from openqi.core.logging import no_access_log
from openqi.core.pagination import page_links, paginate
from openqi.core.qr import qr_svg
from openqi.core.submission import once_per_submission, shown_once
from openqi.network import selectors as network_selectors
from openqi.network.models import Event, Member
from openqi.network.resources import followup
from openqi.network.resources.forms import FeedbackForm
from openqi.network.resources.selectors import Viewer, event_resources
from openqi.network.views.common import current_member, system_or_404, team_view
from openqi.organisations.models import System


def _event(system: System, event_id: int) -> Event:
    event = network_selectors.event_get(system=system, event_id=event_id)
    if event is None:
        raise Http404
    return event


def event_page_extras(*, event: Event, member: Member | None, is_team: bool) -> dict[str, Any]:
    """What the public event page adds after an event: its recordings and slides for this viewer,
    and attendees' verdict once at least k have answered."""
    attached, kept_back = event_resources(event=event, viewer=Viewer(member=member, is_team=is_team))
    summary = followup.feedback_summary(event=event) if event.occasion.ends_at <= timezone.now() else None
    return {
        "attached": attached,
        "attached_kept_back": kept_back,
        "feedback": summary if summary is not None and summary.shown_beyond_team else None,
    }


@no_access_log
@once_per_submission
def event_feedback(request: HttpRequest, system_slug: str, event_id: int, token: str) -> HttpResponse:
    system = system_or_404(system_slug)
    event = _event(system, event_id)
    booking = followup.feedback_booking(token, event=event)
    context: dict[str, Any] = {"system": system, "event": event}
    if booking is None:
        return render(request, "network/resources/feedback_expired.jinja", context, status=400)
    if followup.feedback_given(event=event, booking=booking):
        return render(request, "network/resources/feedback_done.jinja", {**context, "already": True})
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = call_service(
            form,
            lambda: followup.feedback_submit(
                event=event,
                booking=booking,
                rating=data["rating"],
                recommend=data["recommend"],
                went_well=data["went_well"],
                even_better=data["even_better"],
            ),
        )
        if saved is not None:
            return shown_once(render(request, "network/resources/feedback_done.jinja", context))
    return render(
        request,
        "network/resources/feedback_form.jinja",
        {**context, "form": form},
        status=400 if form.errors else 200,
    )


@team_view
def team_event_feedback(request: AuthenticatedHttpRequest, system: System, event_id: int) -> HttpResponse:
    event = _event(system, event_id)
    page = paginate(request, followup.feedback_comments(event=event), per_page=50)
    return render(
        request,
        "network/resources/team_feedback.jinja",
        {
            "system": system,
            "event": event,
            "summary": followup.feedback_summary(event=event),
            "page": page,
            "pagination": page_links(request, page),
        },
    )


@team_view
def team_event_qr(request: AuthenticatedHttpRequest, system: System, event_id: int) -> HttpResponse:
    event = _event(system, event_id)
    address = request.build_absolute_uri(
        reverse("network:attendance_here", args=[system.slug, event.pk, followup.attendance_token(event)])
    )
    came, places = followup.attendance_counts(event=event)
    return render(
        request,
        "network/resources/team_qr.jinja",
        {
            "system": system,
            "event": event,
            "address": address,
            "svg": qr_svg(address, labelled_by="qr-caption", scalable=True),
            "open": followup.attendance_open(event),
            "came": came,
            "places": places,
        },
    )


@no_access_log
def attendance_here(request: HttpRequest, system_slug: str, event_id: int, token: str) -> HttpResponse:
    """The page the QR code opens: a member with a place says they are here (POST, so a link
    preview changes nothing). Anyone else is asked to sign in first."""
    system = system_or_404(system_slug)
    event = _event(system, event_id)
    if not followup.attendance_token_valid(event, token):
        raise Http404
    member = current_member(request, system)
    if member is None:
        return redirect(f"{reverse('network:sign_in', args=[system.slug])}?next={request.path}")
    context: dict[str, Any] = {"system": system, "event": event, "member": member, "error_text": ""}
    if not followup.attendance_open(event):
        context["error_text"] = "This code works only while the event is on."
        return render(request, "network/resources/attendance_here.jinja", context, status=400)
    if request.method == "POST":
        booking, error_text = call_service_on_page(lambda: followup.attendance_self_mark(event=event, member=member))
        if booking is not None:
            messages.success(request, f"Thank you, {member.name}: you are marked as here.")
            return redirect("network:event_detail", system.slug, event.pk)
        context["error_text"] = error_text
        return render(request, "network/resources/attendance_here.jinja", context, status=400)
    return render(request, "network/resources/attendance_here.jinja", context)
