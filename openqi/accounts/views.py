from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from openqi.accounts.forms import PreferencesForm
from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.accounts.middleware import session_seconds_left
from openqi.accounts.services import user_preferences_update


@login_required
def preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = PreferencesForm(
        request.POST or None,
        initial={"full_name": user.full_name, "email_frequency": user.email_frequency},
    )
    if request.method == "POST" and form.is_valid():
        user_preferences_update(user=user, **form.cleaned_data)
        messages.success(request, "Your preferences have been saved")
        return redirect("accounts:preferences")
    return render(request, "accounts/preferences.jinja", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def session_status(request: AuthenticatedHttpRequest) -> HttpResponse:
    """How long this session has left. A GET only asks (the middleware does not count it as
    activity); a POST is "Stay signed in" (the middleware has just restarted the idle clock).
    A script calls it; signed out, it gets a 401, never the sign-in page."""
    response = JsonResponse({"seconds_left": max(session_seconds_left(request), 0)})
    response["Cache-Control"] = "no-store"
    return response
