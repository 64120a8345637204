"""Published stories: the organisation's stories page and the publication queue for its leads,
and the public pages (no sign-in) at /p/<org-slug>/stories/."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.core.forms_util import call_service, call_service_from_button
from openqi.core.pagination import page_links, paginate
from openqi.organisations.access import OrgAccess, org_view
from openqi.organisations.models import Organisation
from openqi.projects.forms import StoryReturnForm
from openqi.projects.models import Story, StoryStatus
from openqi.projects.selectors import stories as selectors
from openqi.projects.services import stories as services
from openqi.projects.views.stories import story_body_context


@org_view("partner")
def org_story_list(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    page = paginate(request, selectors.story_list_published(organisation=access.organisation), per_page=20)
    waiting = list(selectors.story_list_submitted(organisation=access.organisation)) if access.has_role("lead") else []
    return render(
        request,
        "projects/org_story_list.jinja",
        {
            "organisation": access.organisation,
            "page": page,
            "pagination": page_links(request, page),
            "waiting": waiting,
        },
    )


def _org_story(access: OrgAccess, story_id: int) -> Story:
    story = selectors.story_get_for_organisation(access=access, story_id=story_id)
    if story is None:
        raise Http404
    return story


@org_view("partner")
def org_story_detail(request: AuthenticatedHttpRequest, access: OrgAccess, story_id: int) -> HttpResponse:
    story = _org_story(access, story_id)
    return render(
        request,
        "projects/org_story_detail.jinja",
        {
            "organisation": access.organisation,
            "can_review": access.has_role("lead") and story.status == StoryStatus.SUBMITTED,
            **story_body_context(story),
        },
    )


@org_view("lead")
@require_POST
def story_publish(request: AuthenticatedHttpRequest, access: OrgAccess, story_id: int) -> HttpResponse:
    story = _org_story(access, story_id)
    if not call_service_from_button(request, lambda: services.story_publish(actor=request.user, story=story)):
        return redirect("projects:org_story_list", access.organisation.slug)
    messages.success(request, f"‘{story.title}’ is published, including on the public stories page")
    return redirect("projects:org_story_detail", access.organisation.slug, story.pk)


@org_view("lead")
def story_return(request: AuthenticatedHttpRequest, access: OrgAccess, story_id: int) -> HttpResponse:
    story = _org_story(access, story_id)
    if story.status != StoryStatus.SUBMITTED:
        raise Http404
    form = StoryReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.story_return(actor=request.user, story=story, reason=form.cleaned_data["reason"]),
        )
        if saved is not None:
            messages.success(request, f"‘{story.title}’ returned to the project lead")
            return redirect("projects:org_story_list", access.organisation.slug)
    return render(
        request, "projects/story_return.jinja", {"organisation": access.organisation, "story": story, "form": form}
    )


# --- public pages: no account, published stories only ---------------------------------------------


def _public_organisation(org_slug: str) -> Organisation:
    organisation = selectors.public_organisation_get(org_slug=org_slug)
    if organisation is None:
        raise Http404
    return organisation


def public_story_list(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = _public_organisation(org_slug)
    page = paginate(request, selectors.story_list_published(organisation=organisation), per_page=20)
    return render(
        request,
        "projects/public_story_list.jinja",
        {"organisation": organisation, "page": page, "pagination": page_links(request, page), "portal": True},
    )


def public_story_detail(request: HttpRequest, org_slug: str, story_id: int) -> HttpResponse:
    organisation = _public_organisation(org_slug)
    story = selectors.public_story_get(organisation=organisation, story_id=story_id)
    if story is None:
        raise Http404
    return render(
        request,
        "projects/public_story_detail.jinja",
        {"organisation": organisation, "portal": True, "public": True, **story_body_context(story)},
    )
