"""Cards on the board: add, move, edit, remove with Undo, and the removed cards."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.boards import selectors, services
from openqi.boards.forms import CardForm
from openqi.boards.models import Column
from openqi.boards.views.common import board_url, card_or_404, team_or_404
from openqi.core.concurrency import call_edit_service, track_edits
from openqi.core.confirm import Confirmation, confirm_then
from openqi.core.forms_util import call_service, call_service_from_button
from openqi.core.pagination import page_links, paginate
from openqi.core.submission import once_per_submission
from openqi.core.undo import undo_message
from openqi.organisations.access import OrgAccess, org_view
from openqi.organisations.selectors import membership_list
from openqi.projects.models import Project


def _source_for(project: Project, factor: str) -> str:
    words = f"Sustainability assessment of {project.title}"
    return f"{words}: {factor}" if factor else words


@org_view("staff")
@once_per_submission
def card_create(request: AuthenticatedHttpRequest, access: OrgAccess, team_id: int) -> HttpResponse:
    """Add a card. A weak sustainability factor's link fills it in and names its project
    (`?project=<id>&factor=<name>`): the card is linked to the project, which must be this
    organisation's and one the person may see; any other is refused and the card is not linked."""
    team = team_or_404(access, team_id)
    people = [m.user for m in membership_list(organisation=access.organisation)]
    initial: dict[str, object] = {
        "title": request.GET.get("title", "")[:200],
        "source": request.GET.get("source", "")[:300],
    }
    refused = ""
    raw_project = request.GET.get("project", "")
    if request.method == "GET" and raw_project:
        project = _project_or_none(access, request.user.pk, raw_project)
        if project is None:
            refused = services.PROJECT_REFUSED
        else:
            initial["project"] = project.pk
            initial["source"] = _source_for(project, request.GET.get("factor", "").strip()[:100])[:300]
    form = CardForm(request.POST if request.method == "POST" else None, people=people, initial=initial)
    if request.method == "POST" and form.is_valid():
        project_id = form.cleaned_data["project"]
        project = _project_or_none(access, request.user.pk, str(project_id)) if project_id else None
        if project_id and project is None:
            form.add_error(None, services.PROJECT_REFUSED + ". Add the card again to add it without the link.")
            unlinked = request.POST.copy()
            unlinked["project"] = ""  # so that adding it again is not refused again
            form.data = unlinked
        else:
            card = call_service(
                form,
                lambda: services.card_create(
                    actor=request.user,
                    organisation=access.organisation,
                    team=team,
                    title=form.cleaned_data["title"],
                    owner=form.owner_user(),
                    due=form.cleaned_data["due"],
                    source=form.cleaned_data["source"],
                    project=project,
                ),
            )
            if card is not None:
                messages.success(request, f"‘{card.title}’ added to the board.")
                return redirect("boards:board_detail", access.organisation.slug, team.pk)
    return render(
        request,
        "boards/card_create.jinja",
        {"organisation": access.organisation, "team": team, "form": form, "refused": refused},
    )


def _project_or_none(access: OrgAccess, user_id: int, raw: str) -> Project | None:
    if not raw.isdigit():
        return None
    return selectors.card_project_get(access=access, user_id=user_id, project_id=int(raw))


@org_view("staff")
@require_POST
def card_move(request: AuthenticatedHttpRequest, access: OrgAccess, team_id: int, card_id: int) -> HttpResponse:
    team = team_or_404(access, team_id)
    card = selectors.card_get(team=team, card_id=card_id)
    if card is None:
        raise Http404
    column = request.POST.get("column", "")
    if call_service_from_button(request, lambda: services.card_move(actor=request.user, card=card, column=column)):
        messages.success(request, f"‘{card.title}’ moved to {Column(column).label}.")
    return redirect(f"{reverse('boards:board_detail', args=[access.organisation.slug, team.pk])}#card-{card.pk}")


@org_view("staff")
def card_edit(request: AuthenticatedHttpRequest, access: OrgAccess, team_id: int, card_id: int) -> HttpResponse:
    """Change a card's words, owner or due date; someone else's change meanwhile is never lost."""
    team = team_or_404(access, team_id)
    card = card_or_404(team, card_id)
    people = [m.user for m in membership_list(organisation=access.organisation)]
    if card.owner is not None and card.owner not in people:
        people.append(card.owner)  # someone who has left still shows as the owner until changed
    initial = {"title": card.title, "owner": card.owner_id, "due": card.due}
    form = track_edits(
        CardForm(request.POST if request.method == "POST" else None, people=people, initial=initial),
        fields=["title", "owner", "due"],
    )
    if request.method == "POST" and form.is_valid():
        saved = call_edit_service(
            form,
            lambda base: services.card_edit(
                actor=request.user,
                card=card,
                title=form.cleaned_data["title"],
                owner=form.owner_user(),
                due=form.cleaned_data["due"],
                base=base,
            ),
        )
        if saved is not None:
            messages.success(request, f"‘{saved.title}’ saved.")
            return redirect(board_url(access, team, f"#card-{card.pk}"))
    return render(
        request,
        "boards/card_edit.jinja",
        {"organisation": access.organisation, "team": team, "card": card, "form": form},
    )


@org_view("staff")
def card_remove(request: AuthenticatedHttpRequest, access: OrgAccess, team_id: int, card_id: int) -> HttpResponse:
    """Ask, then take the card off the board; the next page offers Undo."""
    team = team_or_404(access, team_id)
    card = card_or_404(team, card_id)

    def done() -> HttpResponse:
        undo_message(
            request,
            f"Removed ‘{card.title}’ from the board",
            undo_url=reverse("boards:card_restore", args=[access.organisation.slug, team.pk, card.pk]),
        )
        return redirect(board_url(access, team))

    return confirm_then(
        request,
        Confirmation(
            title=f"Remove ‘{card.title}’ from the board?",
            caption=f"{team.name} huddle board",
            button="Remove card",
            cancel_url=board_url(access, team, f"#card-{card.pk}"),
            body=(
                "It leaves the board and the ward screen. Nothing else changes.",
                "You can undo this straight away, or put it back later from the removed cards page. "
                "Removing it is recorded in the audit log.",
            ),
        ),
        act=lambda: services.card_remove(actor=request.user, card=card),
        done=done,
        organisation=access.organisation,
    )


@org_view("staff")
@require_POST
def card_restore(request: AuthenticatedHttpRequest, access: OrgAccess, team_id: int, card_id: int) -> HttpResponse:
    """Undo a removal (the Undo button), or put a card back from the removed cards page."""
    team = team_or_404(access, team_id)
    card = card_or_404(team, card_id, include_archived=True)
    if call_service_from_button(request, lambda: services.card_restore(actor=request.user, card=card)):
        messages.success(request, f"‘{card.title}’ is back on the board.")
        return redirect(board_url(access, team, f"#card-{card.pk}"))
    return redirect("boards:card_removed", access.organisation.slug, team.pk)


@org_view("staff")
def card_removed(request: AuthenticatedHttpRequest, access: OrgAccess, team_id: int) -> HttpResponse:
    team = team_or_404(access, team_id)
    page = paginate(request, selectors.card_removed_list(team=team), per_page=25)
    return render(
        request,
        "boards/card_removed.jinja",
        {"organisation": access.organisation, "team": team, "page": page, "pagination": page_links(request, page)},
    )
