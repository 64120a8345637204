from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from openqi.accounts.forms import PreferencesForm
from openqi.accounts.services import user_preferences_update


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = PreferencesForm(
        request.POST or None,
        initial={"full_name": user.full_name, "email_frequency": user.email_frequency},  # type: ignore[union-attr]
    )
    if request.method == "POST" and form.is_valid():
        user_preferences_update(user=user, **form.cleaned_data)  # type: ignore[arg-type]
        messages.success(request, "Your preferences have been saved")
        return redirect("accounts:preferences")
    return render(request, "accounts/preferences.jinja", {"form": form})
