from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from openqi.accounts.forms import PreferencesForm
from openqi.accounts.http import AuthenticatedHttpRequest
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
