"""Quarterly updates: the CQI team composes, previews and sends; anyone reads past updates; a
member unsubscribes with one click from the email (RFC 8058)."""

import datetime

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.core.confirm import Confirmation, confirm_then
from openqi.core.forms_util import call_service
from openqi.core.logging import no_access_log
from openqi.core.pagination import page_links, paginate
from openqi.core.submission import once_per_submission
from openqi.network import updates
from openqi.network.forms import UpdateForm
from openqi.network.models import LONDON, RecipientStatus, Update, UpdateStatus
from openqi.network.views.common import say_then_go, system_or_404, team_view
from openqi.organisations.models import System

PREVIEW_UNSUBSCRIBE = "#unsubscribe-link-for-each-member"


def _team_update(system: System, update_id: int) -> Update:
    update = updates.update_get_team(system=system, update_id=update_id)
    if update is None:
        raise Http404
    return update


@team_view
def team_updates(request: AuthenticatedHttpRequest, system: System) -> HttpResponse:
    page = paginate(request, updates.update_list_team(system=system), per_page=25)
    return render(
        request,
        "network/team_updates.jinja",
        {
            "system": system,
            "page": page,
            "pagination": page_links(request, page),
            "audience": updates.recipients(system=system).count(),
        },
    )


@once_per_submission
@team_view
def team_update_compose(request: AuthenticatedHttpRequest, system: System) -> HttpResponse:
    three_months_ago = datetime.datetime.now(LONDON).date() - datetime.timedelta(days=91)
    form = UpdateForm(request.POST or None, initial={"since": three_months_ago})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        update = call_service(
            form,
            lambda: updates.update_compose(
                actor=request.user, system=system, subject=data["subject"], intro=data["intro"], since=data["since"]
            ),
        )
        if update is not None:
            return redirect("network:team_update", system.slug, update.pk)
    return render(
        request, "network/team_update_form.jinja", {"system": system, "form": form}, status=400 if form.errors else 200
    )


@team_view
def team_update(request: AuthenticatedHttpRequest, system: System, update_id: int) -> HttpResponse:
    """The preview: the email as members will see it, in HTML and in plain text, and its progress."""
    update = _team_update(system, update_id)
    counts = {status: 0 for status in RecipientStatus.values}
    for row in update.recipients.order_by().values("status").annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    return render(
        request,
        "network/team_update.jinja",
        {
            "system": system,
            "update": update,
            "paragraphs": updates.paragraphs(update.intro),
            "sections": updates.sections(update),
            "text": updates.email_text(update, unsubscribe=PREVIEW_UNSUBSCRIBE),
            "audience": updates.recipients(system=system).count(),
            "counts": counts,
            "is_draft": update.status == UpdateStatus.DRAFT,
        },
    )


@team_view
def team_update_send(request: AuthenticatedHttpRequest, system: System, update_id: int) -> HttpResponse:
    update = _team_update(system, update_id)
    preview = reverse("network:team_update", args=[system.slug, update.pk])
    if update.status != UpdateStatus.DRAFT and request.method != "POST":
        messages.info(request, "This update has already been sent.")
        return redirect(preview)
    audience = updates.recipients(system=system).count()
    return confirm_then(
        request,
        Confirmation(
            title=f"Send ‘{update.subject}’?",
            button="Send the update",
            cancel_url=preview,
            caption=f"{system.name} CQI team",
            warning=False,
            body=(
                f"It goes now to the {audience} members who chose to hear updates by email. "
                "Sending cannot be stopped or undone.",
                "It will then be readable by anyone on the network's past updates page.",
            ),
        ),
        act=lambda: updates.update_send(actor=request.user, update=update),
        done=say_then_go(request, "The update is being sent. This page shows its progress.", preview),
    )


def update_list(request: HttpRequest, system_slug: str) -> HttpResponse:
    system = system_or_404(system_slug)
    page = paginate(request, updates.update_list_public(system=system), per_page=20)
    return render(
        request, "network/update_list.jinja", {"system": system, "page": page, "pagination": page_links(request, page)}
    )


def update_detail(request: HttpRequest, system_slug: str, update_id: int) -> HttpResponse:
    system = system_or_404(system_slug)
    update = updates.update_get_public(system=system, update_id=update_id)
    if update is None:
        raise Http404
    return render(
        request,
        "network/update_detail.jinja",
        {
            "system": system,
            "update": update,
            "paragraphs": updates.paragraphs(update.intro),
            "sections": updates.sections(update),
        },
    )


@no_access_log
@csrf_exempt  # RFC 8058: the mail provider POSTs without a session; the signed token is the authority
def unsubscribe(request: HttpRequest, system_slug: str, token: str) -> HttpResponse:
    """GET shows a button (so link scanners change nothing); POST, from it or one-click, unsubscribes."""
    system = system_or_404(system_slug)
    member = updates.member_from_unsubscribe(system=system, token=token)
    if member is None:
        return render(request, "network/unsubscribe.jinja", {"system": system, "state": "invalid"}, status=404)
    if request.method == "POST":
        updates.unsubscribe(member=member)
        return render(request, "network/unsubscribe.jinja", {"system": system, "state": "done", "member": member})
    state = "already" if member.consent_withdrawn_at else "ask"
    return render(request, "network/unsubscribe.jinja", {"system": system, "state": state, "member": member})
