"""Pages with no domain meaning: accessibility, privacy, the health check, errors."""

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static

from openqi.core.readiness import readiness_report


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
    report = readiness_report()
    return JsonResponse(report, status=200 if report["status"] == "ready" else 503)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/403.jinja", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/404.jinja", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # No layout context: the context processors touch the database, which may be what failed.
    return render(request, "core/500.jinja", status=500, using="jinja2")
