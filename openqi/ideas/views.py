"""Idea pages: share, list, read, support, triage, answer, follow up; and the public portal."""

import hashlib
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from openqi.core.csv_export import csv_response
from openqi.core.forms_util import add_errors
from openqi.core.pagination import page_links, paginate
from openqi.ideas import selectors, services
from openqi.ideas.forms import (
    AnswerForm,
    AssignForm,
    CampaignCloseForm,
    CampaignForm,
    CommentForm,
    FollowUpForm,
    FollowUpReplyForm,
    IdeaForm,
    PublicIdeaForm,
    StatusForm,
)
from openqi.ideas.models import ANSWERABLE, Domain, EventKind, Idea, Status
from openqi.ideas.presenters import status_tag, submitter_label
from openqi.organisations.access import OrgAccess, org_view
from openqi.organisations.models import Organisation, Role
from openqi.organisations.selectors import team_list

QI_TEAM = Role.QI_COACH


def _idea_or_404(access: OrgAccess, idea_id: int, *, include_unmoderated: bool = False) -> Idea:
    idea = selectors.idea_get(
        organisation=access.organisation, idea_id=idea_id, include_unmoderated=include_unmoderated
    )
    if idea is None:
        raise Http404
    return idea


def _team_id(value: str) -> int | None:
    return int(value) if value.isdigit() else None


@org_view("staff")
def idea_list(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in Status.values else ""
    query = request.GET.get("q", "").strip()[:100]
    page = paginate(request, selectors.idea_list(organisation=access.organisation, status=status, query=query))
    return render(
        request,
        "ideas/idea_list.jinja",
        {
            "organisation": access.organisation,
            "access": access,
            "page": page,
            "pagination": page_links(request, page),
            "status": status,
            "statuses": Status.choices,
            "query": query,
            "status_tag": status_tag,
            "moderation_count": selectors.idea_moderation_queue(organisation=access.organisation).count()
            if access.has_role(Role.LEAD)
            else 0,
        },
    )


@org_view("staff")
def idea_create(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    initial = {"campaign": request.GET.get("campaign", "")}
    form = IdeaForm(request.POST or None, initial=initial, organisation=access.organisation)
    similar: list[tuple[Idea, float]] | None = None
    if request.method == "POST" and request.POST.get("action") == "check":
        # Checking for similar ideas saves nothing and shows no errors: it only looks.
        text = " ".join(request.POST.get(name, "") for name in ("title", "problem", "suggestion"))
        similar = selectors.idea_similar(organisation=access.organisation, text=text)
        if request.headers.get("X-Requested-With") == "fetch":
            # The script asks while people type: send only the panel. (POST, so the draft text
            # never lands in a URL or an access log.)
            return render(
                request, "ideas/_similar_fragment.jinja", {"similar": similar, "organisation": access.organisation}
            )
        form = IdeaForm(
            initial=request.POST.dict() | {"domains": request.POST.getlist("domains")}, organisation=access.organisation
        )
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            idea, code = services.idea_submit(
                actor=request.user,  # type: ignore[arg-type]
                organisation=access.organisation,
                title=data["title"],
                problem=data["problem"],
                suggestion=data["suggestion"],
                identity=data["identity"],
                domains=data["domains"],
                team=data["team"],
                campaign=data["campaign"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if code:
                # Shown once, on this response: never stored in the session, which is tied to the person.
                return render(
                    request,
                    "ideas/idea_anonymous_done.jinja",
                    {"organisation": access.organisation, "code": code, "portal": False},
                )
            messages.success(request, "Thank you: your idea has been shared")
            return redirect("ideas:idea_detail", access.organisation.slug, idea.pk)
    return render(
        request,
        "ideas/idea_create.jinja",
        {"form": form, "organisation": access.organisation, "similar": similar, "status_tag": status_tag},
    )


def _detail_context(request: HttpRequest, access: OrgAccess, idea: Idea, **extra: Any) -> dict[str, Any]:
    is_qi_team = access.has_role(QI_TEAM)
    text = f"{idea.title} {idea.problem} {idea.suggestion}"
    return {
        "organisation": access.organisation,
        "access": access,
        "idea": idea,
        "idea_tag": status_tag(idea),
        "submitter": submitter_label(idea, viewer_id=request.user.pk, viewer_is_qi_team=is_qi_team),
        "events": selectors.idea_events(idea=idea),
        "comments": selectors.idea_comments(idea=idea),
        "viewer": selectors.idea_viewer_state(idea=idea, user=request.user),  # type: ignore[arg-type]
        "similar": selectors.idea_similar(organisation=access.organisation, text=text, exclude_id=idea.pk),
        "is_qi_team": is_qi_team,
        "is_own": idea.submitted_by_id == request.user.pk,
        "can_answer": idea.status in ANSWERABLE and (is_qi_team or idea.owner_id == request.user.pk),
        "comment_form": extra.pop("comment_form", None) or CommentForm(),
        "kinds": EventKind,
        "status_tag": status_tag,
        **extra,
    }


@org_view("staff")
def idea_detail(request: HttpRequest, access: OrgAccess, idea_id: int) -> HttpResponse:
    idea = _idea_or_404(access, idea_id)
    return render(request, "ideas/idea_detail.jinja", _detail_context(request, access, idea))


@org_view("staff")
@require_POST
def idea_comment(request: HttpRequest, access: OrgAccess, idea_id: int) -> HttpResponse:
    idea = _idea_or_404(access, idea_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.idea_comment_add(author=request.user, idea=idea, body=form.cleaned_data["body"])  # type: ignore[arg-type]
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Your comment has been added")
            return redirect("ideas:idea_detail", access.organisation.slug, idea.pk)
    context = _detail_context(request, access, idea, comment_form=form)
    context["form"] = form  # the layout prefixes the title with "Error: "
    return render(request, "ideas/idea_detail.jinja", context)


@org_view("staff")
@require_POST
def idea_support(request: HttpRequest, access: OrgAccess, idea_id: int) -> HttpResponse:
    idea = _idea_or_404(access, idea_id)
    try:
        supports = services.idea_support_toggle(user=request.user, idea=idea)  # type: ignore[arg-type]
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "You support this idea" if supports else "You no longer support this idea")
    return redirect("ideas:idea_detail", access.organisation.slug, idea.pk)


@org_view("staff")
@require_POST
def idea_follow(request: HttpRequest, access: OrgAccess, idea_id: int) -> HttpResponse:
    idea = _idea_or_404(access, idea_id)
    follows = services.idea_follow_toggle(user=request.user, idea=idea)  # type: ignore[arg-type]
    messages.success(
        request,
        "You are following this idea: we will tell you when it changes"
        if follows
        else "You no longer follow this idea",
    )
    return redirect("ideas:idea_detail", access.organisation.slug, idea.pk)


@org_view(QI_TEAM)
def idea_status(request: HttpRequest, access: OrgAccess, idea_id: int) -> HttpResponse:
    idea = _idea_or_404(access, idea_id)
    if not services.TRANSITIONS.get(idea.status):
        messages.error(request, "This idea is implemented: its status can no longer change")
        return redirect("ideas:idea_detail", access.organisation.slug, idea.pk)
    form = StatusForm(request.POST or None, current=idea.status)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        original = None
        if data["status"] == Status.DUPLICATE and data["duplicate_of"]:
            original = selectors.idea_get(organisation=access.organisation, idea_id=data["duplicate_of"])
        try:
            services.idea_change_status(
                actor=request.user,  # type: ignore[arg-type]
                idea=idea,
                status=data["status"],
                message=data["message"],
                accepted_as=data["accepted_as"],
                duplicate_of=original,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Idea {idea.pk} is now {idea.status_text.lower()}")
            return redirect("ideas:idea_detail", access.organisation.slug, idea.pk)
    return render(request, "ideas/idea_status.jinja", {"form": form, "organisation": access.organisation, "idea": idea})


@org_view(QI_TEAM)
def idea_assign(request: HttpRequest, access: OrgAccess, idea_id: int) -> HttpResponse:
    idea = _idea_or_404(access, idea_id)
    initial = {"owner": str(idea.owner_id or ""), "team": str(idea.team_id or ""), "response_due": idea.response_due}
    form = AssignForm(request.POST or None, initial=initial, organisation=access.organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.idea_assign(
                actor=request.user,  # type: ignore[arg-type]
                idea=idea,
                owner=data["owner"],
                team=data["team"],
                response_due=data["response_due"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Idea {idea.pk} assigned")
            return redirect("ideas:idea_detail", access.organisation.slug, idea.pk)
    return render(request, "ideas/idea_assign.jinja", {"form": form, "organisation": access.organisation, "idea": idea})


@org_view("staff")
def idea_answer(request: HttpRequest, access: OrgAccess, idea_id: int) -> HttpResponse:
    idea = _idea_or_404(access, idea_id)
    if not (access.has_role(QI_TEAM) or idea.owner_id == request.user.pk):
        raise PermissionDenied("Only the idea's owner or the QI team can answer it.")
    form = AnswerForm(request.POST or None, initial={"answer": idea.public_answer})
    if request.method == "POST" and form.is_valid():
        try:
            services.idea_answer(actor=request.user, idea=idea, answer=form.cleaned_data["answer"])  # type: ignore[arg-type]
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Your answer is on the ‘you said, we did’ page")
            return redirect("ideas:idea_detail", access.organisation.slug, idea.pk)
    return render(request, "ideas/idea_answer.jinja", {"form": form, "organisation": access.organisation, "idea": idea})


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
            try:
                services.idea_follow_up_reply(idea=idea, message=reply_form.cleaned_data["message"])
            except ValidationError as error:
                add_errors(reply_form, error)
            else:
                template_context["sent"] = True
                reply_form = FollowUpReplyForm(initial={"code": reply_form.cleaned_data["code"]})
    elif request.method == "POST" and form.is_valid():
        idea = selectors.idea_follow_up_find(organisation=organisation, code=form.cleaned_data["code"])
        if idea is None:
            form.add_error("code", "No idea matches this code. Check it and try again")
        else:
            reply_form = FollowUpReplyForm(initial={"code": form.cleaned_data["code"]})
    events = [e for e in selectors.idea_events(idea=idea) if e.kind != EventKind.ASSIGNED] if idea else []
    return render(
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


@org_view("staff")
def idea_follow_up(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    return _follow_up(request, access.organisation, {"portal": False})


@org_view("staff")
def you_said_we_did(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    team_id = _team_id(request.GET.get("team", ""))
    domain = request.GET.get("domain", "")
    domain = domain if domain in Domain.values else ""
    page = paginate(
        request, selectors.idea_answered_list(organisation=access.organisation, team_id=team_id, domain=domain)
    )
    return render(
        request,
        "ideas/you_said_we_did.jinja",
        {
            "organisation": access.organisation,
            "page": page,
            "pagination": page_links(request, page),
            "teams": team_list(organisation=access.organisation),
            "team_id": team_id,
            "domain": domain,
            "domains": Domain.choices,
        },
    )


@org_view(Role.LEAD)
def idea_overview(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    return render(
        request,
        "ideas/idea_overview.jinja",
        {
            "organisation": access.organisation,
            "overview": selectors.idea_overview(organisation=access.organisation),
            "teams": team_list(organisation=access.organisation),
            "statuses": Status.choices,
        },
    )


@org_view(Role.LEAD)
def idea_export(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in Status.values else ""
    team_id = _team_id(request.GET.get("team", ""))
    rows = selectors.idea_export_rows(organisation=access.organisation, status=status, team_id=team_id)
    services.idea_export_record(
        actor=request.user,  # type: ignore[arg-type]
        organisation=access.organisation,
        filters={"status": status, "team": team_id},
        count=len(rows),
    )
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    return csv_response(f"openqi-ideas-{access.organisation.slug}-{stamp}.csv", selectors.EXPORT_HEADER, rows)


@org_view(Role.LEAD)
def moderation_list(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    return render(
        request,
        "ideas/moderation_list.jinja",
        {
            "organisation": access.organisation,
            "ideas": selectors.idea_moderation_queue(organisation=access.organisation),
        },
    )


@org_view(Role.LEAD)
@require_POST
def idea_moderate(request: HttpRequest, access: OrgAccess, idea_id: int) -> HttpResponse:
    idea = _idea_or_404(access, idea_id, include_unmoderated=True)
    approve = request.POST.get("decision") == "approve"
    try:
        services.idea_moderate(actor=request.user, idea=idea, approve=approve)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Idea {idea.pk} {'approved' if approve else 'rejected'}")
    return redirect("ideas:moderation_list", access.organisation.slug)


@org_view("staff")
def campaign_list(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    return render(
        request,
        "ideas/campaign_list.jinja",
        {
            "organisation": access.organisation,
            "access": access,
            "campaigns": selectors.campaign_list(organisation=access.organisation),
            "today": timezone.localdate(),
        },
    )


@org_view(Role.LEAD)
def campaign_create(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    form = CampaignForm(request.POST or None, organisation=access.organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.campaign_create(
                actor=request.user,  # type: ignore[arg-type]
                organisation=access.organisation,
                title=data["title"],
                question=data["question"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                target=data["target"],
                team=data["team"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Campaign ‘{campaign.title}’ created")
            return redirect("ideas:campaign_detail", access.organisation.slug, campaign.pk)
    return render(request, "ideas/campaign_create.jinja", {"form": form, "organisation": access.organisation})


def _campaign_or_404(access: OrgAccess, campaign_id: int) -> Any:
    campaign = selectors.campaign_get(organisation=access.organisation, campaign_id=campaign_id)
    if campaign is None:
        raise Http404
    return campaign


@org_view("staff")
def campaign_detail(request: HttpRequest, access: OrgAccess, campaign_id: int) -> HttpResponse:
    campaign = _campaign_or_404(access, campaign_id)
    return render(
        request,
        "ideas/campaign_detail.jinja",
        {
            "organisation": access.organisation,
            "access": access,
            "campaign": campaign,
            "progress": selectors.campaign_progress(campaign=campaign),
            "ideas": selectors.campaign_ideas(campaign=campaign),
            "is_open": campaign.is_open_on(timezone.localdate()),
            "status_tag": status_tag,
        },
    )


@org_view(Role.LEAD)
def campaign_close(request: HttpRequest, access: OrgAccess, campaign_id: int) -> HttpResponse:
    campaign = _campaign_or_404(access, campaign_id)
    if campaign.closed_on is not None:
        messages.error(request, "This campaign is already closed")
        return redirect("ideas:campaign_detail", access.organisation.slug, campaign.pk)
    form = CampaignCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_close(actor=request.user, campaign=campaign, report=form.cleaned_data["report"])  # type: ignore[arg-type]
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Campaign ‘{campaign.title}’ closed")
            return redirect("ideas:campaign_detail", access.organisation.slug, campaign.pk)
    return render(
        request,
        "ideas/campaign_close.jinja",
        {
            "form": form,
            "organisation": access.organisation,
            "campaign": campaign,
            "progress": selectors.campaign_progress(campaign=campaign),
        },
    )


# The public portal: no account. Rate-limited per address through the cache; the address itself
# is hashed into the cache key and never stored with the idea.
PORTAL_RATE_LIMIT = (5, 3600)  # submissions per address per hour


def _portal_organisation(org_slug: str) -> Organisation:
    organisation = selectors.portal_organisation_get(org_slug=org_slug)
    if organisation is None:
        raise Http404
    return organisation


def _rate_limited(request: HttpRequest, organisation: Organisation) -> bool:
    address = request.META.get("REMOTE_ADDR", "")
    key = "ideas-portal:" + hashlib.sha256(f"{organisation.pk}:{address}".encode()).hexdigest()
    limit, window = PORTAL_RATE_LIMIT
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit


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
            try:
                _idea, code = services.idea_public_submit(
                    organisation=organisation,
                    title=data["title"],
                    problem=data["problem"],
                    suggestion=data["suggestion"],
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                return render(
                    request,
                    "ideas/idea_anonymous_done.jinja",
                    {"organisation": organisation, "code": code, "portal": True},
                )
    return render(
        request, "ideas/portal_idea_create.jinja", {"form": form, "organisation": organisation, "portal": True}
    )


def portal_follow_up(request: HttpRequest, org_slug: str) -> HttpResponse:
    return _follow_up(request, _portal_organisation(org_slug), {"portal": True})
