"""Share, list and read ideas; support, follow and comment."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from openqi.accounts.drafts import server_draft_if
from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.core.forms_util import call_service, call_service_on_page
from openqi.core.logging import no_access_log
from openqi.core.pagination import page_links, paginate
from openqi.core.submission import once_per_submission, shown_once
from openqi.ideas import selectors, services
from openqi.ideas.forms import (
    CommentForm,
    IdeaForm,
)
from openqi.ideas.models import ANSWERABLE, EventKind, Idea, Identity, Status
from openqi.ideas.presenters import status_tag, submitter_label
from openqi.ideas.selectors.similar import SharedIdea
from openqi.ideas.selectors.system_overview import user_can_read_system
from openqi.ideas.views.common import QI_TEAM, idea_or_404
from openqi.organisations.access import OrgAccess, org_view
from openqi.organisations.models import Role


@org_view("staff")
def idea_list(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
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
            "can_see_ics": user_can_read_system(user=request.user, system_id=access.organisation.system_id),
            "moderation_count": selectors.idea_moderation_queue(organisation=access.organisation).count()
            if access.has_role(Role.LEAD)
            else 0,
        },
    )


def _shared_under_a_name(post: QueryDict) -> bool:
    """An idea shared anonymously (or not yet said how) must leave no draft linked to the person."""
    return post.get("identity") in (Identity.NAMED, Identity.QI_TEAM)


@server_draft_if(_shared_under_a_name)
@no_access_log
@org_view("staff")
@once_per_submission
def idea_create(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    initial = {"campaign": request.GET.get("campaign", "")}
    form = IdeaForm(request.POST or None, initial=initial, organisation=access.organisation)
    similar: list[tuple[Idea, float]] | None = None
    shared: list[SharedIdea] = []
    if request.method == "POST" and request.POST.get("action") == "check":
        # Checking for similar ideas saves nothing and shows no errors: it only looks.
        text = " ".join(request.POST.get(name, "") for name in ("title", "problem", "suggestion"))
        similar = selectors.idea_similar(organisation=access.organisation, text=text)
        shared = selectors.idea_similar_across_system(organisation=access.organisation, viewer=request.user, text=text)
        if request.headers.get("X-Requested-With") == "fetch":
            # The script asks while people type: send only the panel. (POST, so the draft text
            # never lands in a URL or an access log.)
            return render(
                request,
                "ideas/_similar_fragment.jinja",
                {"similar": similar, "shared": shared, "organisation": access.organisation},
            )
        form = IdeaForm(
            initial=request.POST.dict() | {"domains": request.POST.getlist("domains")}, organisation=access.organisation
        )
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        submitted = call_service(
            form,
            lambda: services.idea_submit(
                actor=request.user,
                organisation=access.organisation,
                title=data["title"],
                problem=data["problem"],
                suggestion=data["suggestion"],
                identity=data["identity"],
                domains=data["domains"],
                team=data["team"],
                campaign=data["campaign"],
            ),
        )
        if submitted is not None:
            idea, code = submitted
            if code:
                # Shown once, on this response: never stored in the session, which is tied to the person,
                # nor with the submission token (a repeat gets a page saying it was sent).
                return shown_once(
                    render(
                        request,
                        "ideas/idea_anonymous_done.jinja",
                        {"organisation": access.organisation, "code": code, "portal": False},
                    )
                )
            messages.success(request, "Thank you: your idea has been shared")
            return redirect("ideas:idea_detail", access.organisation.slug, idea.pk)
    return render(
        request,
        "ideas/idea_create.jinja",
        {
            "form": form,
            "organisation": access.organisation,
            "similar": similar,
            "shared": shared,
            "status_tag": status_tag,
        },
    )


def _detail_context(request: AuthenticatedHttpRequest, access: OrgAccess, idea: Idea, **extra: Any) -> dict[str, Any]:
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
        "viewer": selectors.idea_viewer_state(idea=idea, user=request.user),
        "similar": selectors.idea_similar(organisation=access.organisation, text=text, exclude_id=idea.pk),
        "shared": selectors.idea_similar_across_system(
            organisation=access.organisation,
            viewer=request.user,
            text=text,
        ),
        "is_qi_team": is_qi_team,
        "is_own": idea.submitted_by_id == request.user.pk,
        "can_answer": idea.status in ANSWERABLE and (is_qi_team or idea.owner_id == request.user.pk),
        "comment_form": extra.pop("comment_form", None) or CommentForm(),
        "kinds": EventKind,
        "status_tag": status_tag,
        **extra,
    }


@org_view("staff")
def idea_detail(request: AuthenticatedHttpRequest, access: OrgAccess, idea_id: int) -> HttpResponse:
    idea = idea_or_404(access, idea_id)
    return render(request, "ideas/idea_detail.jinja", _detail_context(request, access, idea))


@org_view("staff")
@require_POST
@once_per_submission
def idea_comment(request: AuthenticatedHttpRequest, access: OrgAccess, idea_id: int) -> HttpResponse:
    idea = idea_or_404(access, idea_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        call_service(
            form,
            lambda: services.idea_comment_add(
                author=request.user,
                idea=idea,
                body=form.cleaned_data["body"],
                mentions=form.cleaned_data["mentions"],
            ),
        )
        if not form.errors:
            messages.success(request, "Your comment has been added")
            return redirect("ideas:idea_detail", access.organisation.slug, idea.pk)
    context = _detail_context(request, access, idea, comment_form=form)
    context["form"] = form  # the layout prefixes the title with "Error: "
    return render(request, "ideas/idea_detail.jinja", context)


@org_view("staff")
@require_POST
def idea_support(request: AuthenticatedHttpRequest, access: OrgAccess, idea_id: int) -> HttpResponse:
    idea = idea_or_404(access, idea_id)
    # A button whose success message depends on the result: the refusal's words come back to show.
    supports, refusal = call_service_on_page(lambda: services.idea_support_toggle(user=request.user, idea=idea))
    if refusal:
        messages.error(request, refusal)
    else:
        messages.success(request, "You support this idea" if supports else "You no longer support this idea")
    return redirect("ideas:idea_detail", access.organisation.slug, idea.pk)


@org_view("staff")
@require_POST
def idea_follow(request: AuthenticatedHttpRequest, access: OrgAccess, idea_id: int) -> HttpResponse:
    idea = idea_or_404(access, idea_id)
    follows = services.idea_follow_toggle(user=request.user, idea=idea)
    messages.success(
        request,
        "You are following this idea: we will tell you when it changes"
        if follows
        else "You no longer follow this idea",
    )
    return redirect("ideas:idea_detail", access.organisation.slug, idea.pk)
