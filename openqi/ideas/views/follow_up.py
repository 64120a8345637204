"""The anonymous author's follow-up page (by code) and the public portal."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.core import ratelimit
from openqi.core.forms_util import call_service
from openqi.core.logging import no_access_log
from openqi.core.pagination import page_links, paginate
from openqi.core.submission import once_per_submission, shown_once
from openqi.ideas import selectors, services
from openqi.ideas.forms import (
    FollowUpForm,
    FollowUpReplyForm,
    PublicIdeaForm,
)
from openqi.ideas.models import EventKind
from openqi.ideas.presenters import status_tag
from openqi.organisations.access import OrgAccess, org_view
from openqi.organisations.models import Organisation


def _follow_up(request: HttpRequest, organisation: Organisation, template_context: dict[str, Any]) -> HttpResponse:
    """Enter the code, then read the idea's history and reply. The code travels in the form only."""
    idea = None
    reply_form = None
    form = FollowUpForm(request.POST if request.method == "POST" and "message" not in request.POST else None)
    if request.method == "POST" and "message" in request.POST:
        reply_form = FollowUpReplyForm(request.POST)
        idea = selectors.idea_follow_up_find(organisation=organisation, code=request.POST.get("code", ""))
        if idea is None:
            raise Http404
        if reply_form.is_valid():
            reply, found = reply_form, idea  # fixed names, so the lambda sees them as not None
            call_service(
                reply, lambda: services.idea_follow_up_reply(idea=found, message=reply.cleaned_data["message"])
            )
            if not reply.errors:
                template_context["sent"] = True
                reply_form = FollowUpReplyForm(initial={"code": reply_form.cleaned_data["code"]})
    elif request.method == "POST" and form.is_valid():
        idea = selectors.idea_follow_up_find(organisation=organisation, code=form.cleaned_data["code"])
        if idea is None:
            form.add_error("code", "No idea matches this code. Check it and try again")
        else:
            reply_form = FollowUpReplyForm(initial={"code": form.cleaned_data["code"]})
    events = [e for e in selectors.idea_events(idea=idea) if e.kind != EventKind.ASSIGNED] if idea else []
    response = render(
        request,
        "ideas/idea_follow_up.jinja",
        {
            **template_context,
            "organisation": organisation,
            "form": reply_form if reply_form is not None and reply_form.errors else form,
            "code_form": form,
            "reply_form": reply_form,
            "idea": idea,
            "idea_tag": status_tag(idea) if idea else None,
            "events": events,
            "kinds": EventKind,
        },
    )
    # The page shows the idea's history, which only the code opens: a repeated reply is not sent
    # again and gets a page saying so, since nothing here may keep the code.
    return shown_once(response) if template_context.get("sent") else response


@no_access_log
@org_view("staff")
@once_per_submission
def idea_follow_up(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    return _follow_up(request, access.organisation, {"portal": False})


# The public portal: no account. Rate-limited per address through the cache; the address itself
# is hashed into the cache key and never stored with the idea.
PORTAL_RATE_LIMIT = (5, 3600)  # submissions per address per hour


def _portal_organisation(org_slug: str) -> Organisation:
    organisation = selectors.portal_organisation_get(org_slug=org_slug)
    if organisation is None:
        raise Http404
    return organisation


def _rate_limited(request: HttpRequest, organisation: Organisation) -> bool:
    limit, window = PORTAL_RATE_LIMIT
    return ratelimit.too_many(request, scope=f"ideas-portal:{organisation.pk}", limit=limit, seconds=window)


@no_access_log
@once_per_submission
def portal_idea_create(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = _portal_organisation(org_slug)
    form = PublicIdeaForm(request.POST or None)
    if request.method == "POST":
        if _rate_limited(request, organisation):
            return render(
                request, "ideas/portal_rate_limited.jinja", {"organisation": organisation, "portal": True}, status=429
            )
        if form.is_valid():
            data = form.cleaned_data
            if data["website"]:
                # A robot filled the hidden field: thank it and keep nothing.
                return render(
                    request,
                    "ideas/idea_anonymous_done.jinja",
                    {"organisation": organisation, "code": "", "portal": True},
                )
            submitted = call_service(
                form,
                lambda: services.idea_public_submit(
                    organisation=organisation,
                    title=data["title"],
                    problem=data["problem"],
                    suggestion=data["suggestion"],
                ),
            )
            if submitted is not None:
                _idea, code = submitted
                return shown_once(
                    render(
                        request,
                        "ideas/idea_anonymous_done.jinja",
                        {"organisation": organisation, "code": code, "portal": True},
                    )
                )
    return render(
        request, "ideas/portal_idea_create.jinja", {"form": form, "organisation": organisation, "portal": True}
    )


@no_access_log
@once_per_submission
def portal_follow_up(request: HttpRequest, org_slug: str) -> HttpResponse:
    return _follow_up(request, _portal_organisation(org_slug), {"portal": True})


def portal_you_said_we_did(request: HttpRequest, org_slug: str) -> HttpResponse:
    """What happened to the ideas patients and the public shared: public, no account."""
    organisation = _portal_organisation(org_slug)
    page = paginate(request, selectors.idea_answered_public_list(organisation=organisation), per_page=20)
    return render(
        request,
        "ideas/portal_you_said_we_did.jinja",
        {"organisation": organisation, "page": page, "pagination": page_links(request, page), "portal": True},
    )
