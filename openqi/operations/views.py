"""The task queue page for system admins: the same figures as `manage.py tasks_status`."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.operations.selectors import task_queue_summary
from openqi.organisations.selectors import user_is_system_admin


@login_required
def task_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not user_is_system_admin(user=request.user):
        raise PermissionDenied("Only system admins can see the task queue.")
    return render(request, "operations/task_list.jinja", {"summary": task_queue_summary()})
