"""A control count feeding a measure (issue 18): a lead links a category to a daily measure of the
organisation; saving feeds it at once, "Feed the measure now" again, and the daily schedule after."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.boards import control_feeds, selectors
from openqi.boards.forms import ControlFeedForm
from openqi.boards.models import ControlCategory, FedCount
from openqi.boards.views.common import team_or_404
from openqi.core.confirm import Confirmation, confirm_then
from openqi.core.forms_util import call_service, call_service_on_page
from openqi.core.submission import once_per_submission
from openqi.organisations.access import OrgAccess, org_view

LEAD = "lead"


def _category_or_404(access: OrgAccess, team_id: int, category_id: int) -> ControlCategory:
    team = team_or_404(access, team_id)
    category = selectors.control_category_get(team=team, category_id=category_id)
    if category is None:
        raise Http404
    return category


def _fed_message(result: control_feeds.FeedResult) -> str:
    return f"{result.written} day{'s' if result.written != 1 else ''} written to the measure."


@org_view(LEAD)
@once_per_submission
def control_feed(request: AuthenticatedHttpRequest, access: OrgAccess, team_id: int, category_id: int) -> HttpResponse:
    category = _category_or_404(access, team_id, category_id)
    feed = control_feeds.control_feed_get(category=category)
    measures = list(control_feeds.feed_measures(access=access))
    initial = {"measure": feed.measure_id, "count": feed.count} if feed else {"count": FedCount.COMPLETED}
    form = ControlFeedForm(
        request.POST if request.method == "POST" else None,
        measures=measures,
        counts=list(FedCount.choices),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        measure = next(m for m in measures if m.pk == form.cleaned_data["measure"])

        def save_and_feed() -> control_feeds.FeedResult:
            saved = control_feeds.control_feed_set(
                actor=request.user,
                access=access,
                category=category,
                measure=measure,
                count=form.cleaned_data["count"],
            )
            return control_feeds.control_feed_run(actor=request.user, feed=saved)

        result = call_service(form, save_and_feed)
        if result is not None:
            messages.success(request, f"Saved. {_fed_message(result)}")
            return redirect("boards:control_feed", access.organisation.slug, category.team_id, category.pk)
    return render(
        request,
        "boards/control_feed.jinja",
        {
            "organisation": access.organisation,
            "team": category.team,
            "category": category,
            "feed": feed,
            "measures": measures,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@org_view(LEAD)
@require_POST
def control_feed_run(
    request: AuthenticatedHttpRequest, access: OrgAccess, team_id: int, category_id: int
) -> HttpResponse:
    category = _category_or_404(access, team_id, category_id)
    feed = control_feeds.control_feed_get(category=category)
    if feed is None:
        raise Http404
    result, refusal = call_service_on_page(lambda: control_feeds.control_feed_run(actor=request.user, feed=feed))
    if result is not None:
        messages.success(request, _fed_message(result))
    else:
        messages.error(request, refusal)
    return redirect("boards:control_feed", access.organisation.slug, category.team_id, category.pk)


@org_view(LEAD)
def control_feed_remove(
    request: AuthenticatedHttpRequest, access: OrgAccess, team_id: int, category_id: int
) -> HttpResponse:
    """Stop a count feeding its measure: GET asks first, as every destructive action does."""
    category = _category_or_404(access, team_id, category_id)
    feed = control_feeds.control_feed_get(category=category)
    if feed is None:
        raise Http404
    back = reverse("boards:control_feed", args=[access.organisation.slug, category.team_id, category.pk])

    def done() -> HttpResponse:
        messages.success(request, f"‘{category.name}’ no longer feeds a measure. The days already written stay on it.")
        return redirect(back)

    return confirm_then(
        request,
        Confirmation(
            title=f"Stop ‘{category.name}’ feeding {feed.measure.name}?",
            caption=f"Count on the board of {category.team.name}",
            button="Stop feeding the measure",
            cancel_url=back,
            body=(
                "The days already written stay on the measure. New days are no longer written to it.",
                "You can link the count to a measure again at any time. This is recorded in the audit log.",
            ),
        ),
        act=lambda: control_feeds.control_feed_remove(actor=request.user, feed=feed),
        done=done,
        organisation=access.organisation,
    )
