from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.core.pagination import page_links, paginate
from openqi.notifications import selectors, services


@login_required
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = paginate(request, selectors.notification_list(user=request.user))
    return render(
        request, "notifications/notification_list.jinja", {"page": page, "pagination": page_links(request, page)}
    )


@login_required
@require_POST
def notification_read(request: AuthenticatedHttpRequest, notification_id: int) -> HttpResponse:
    notification = services.notification_mark_read(user=request.user, notification_id=notification_id)
    target = notification.url if notification else ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:notification_list")


@login_required
@require_POST
def notification_read_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.notification_mark_all_read(user=request.user)
    return redirect("notifications:notification_list")
