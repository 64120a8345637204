from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static

from openqi.accounts.adapters import PENDING_INVITATION


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "core/landing.jinja")
    token = request.session.get(PENDING_INVITATION)
    if token:
        return redirect("organisations:invitation_accept", token)
    from openqi.notifications.selectors import notification_list
    from openqi.organisations.selectors import organisation_list_for_user

    organisations = list(organisation_list_for_user(user=request.user))  # type: ignore[arg-type]
    roles = {m.organisation_id: m.get_role_display() for m in request.user.memberships.all()}  # type: ignore[union-attr]
    recent = list(notification_list(user=request.user)[:5])  # type: ignore[arg-type]
    return render(request, "core/home.jinja", {"organisations": organisations, "roles": roles, "recent": recent})


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.jinja")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.jinja")


def nhsuk_asset(request: HttpRequest, path: str) -> HttpResponse:
    """The compiled NHS.UK stylesheet asks for icons at /assets/…; send it to the static copy."""
    return redirect(static(f"nhsuk/assets/{path}"), permanent=True)


def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "demo": settings.DEMO_MODE})


def readyz(request: HttpRequest) -> HttpResponse:
    """Readiness: the database answers and the task queue is moving. Counts and ages only."""
    from openqi.core.readiness import readiness_report

    report = readiness_report()
    return JsonResponse(report, status=200 if report["status"] == "ready" else 503)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/403.jinja", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/404.jinja", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # No layout context: the context processors touch the database, which may be what failed.
    return render(request, "core/500.jinja", status=500, using="jinja2")
