"""System admins' page for subject access and erasure. Email addresses travel in POST bodies
only, never in URLs (which servers and proxies log)."""

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from openqi.accounts.models import User
from openqi.organisations.selectors import user_is_system_admin
from openqi.privacy.forms import EraseForm, PersonForm
from openqi.privacy.selectors import subject_get
from openqi.privacy.services import personal_data_erase, personal_data_export

NOT_FOUND = "No account has this email address"


def _system_admin(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not user_is_system_admin(user=user):
        raise PermissionDenied("Only system admins can do this.")
    return user


@login_required
def privacy_home(request: HttpRequest) -> HttpResponse:
    actor = _system_admin(request)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        subject = subject_get(email=form.cleaned_data["email"])
        if subject is None:
            form.add_error("email", NOT_FOUND)
        elif form.cleaned_data["action"] == "export":
            document = personal_data_export(actor=actor, subject=subject)
            response = HttpResponse(
                json.dumps(document, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
                content_type="application/json; charset=utf-8",
            )
            response["Content-Disposition"] = f'attachment; filename="openqi-subject-access-{subject.pk}.json"'
            return response
        else:
            erase = EraseForm(initial={"email": subject.email})
            return render(request, "privacy/erase_confirm.jinja", {"form": erase, "subject": subject})
    return render(request, "privacy/privacy_home.jinja", {"form": form})


@login_required
@require_POST
def privacy_erase(request: HttpRequest) -> HttpResponse:
    actor = _system_admin(request)
    form = EraseForm(request.POST)
    subject = subject_get(email=request.POST.get("email", ""))
    if subject is None:
        raise PermissionDenied(NOT_FOUND)
    if not form.is_valid():
        return render(request, "privacy/erase_confirm.jinja", {"form": form, "subject": subject})
    report = personal_data_erase(actor=actor, subject=subject)
    return render(request, "privacy/erase_done.jinja", {"report": report})
