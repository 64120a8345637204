"""Webhook pages for organisation admins: the list, a new webhook (its secret shown once), changing
one, a new secret (shown once; the old one signs too for a day), one webhook with its delivery log,
and the buttons to test, turn off or on, delete and redeliver."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.api.webhooks import selectors, services
from openqi.api.webhooks.forms import WebhookForm
from openqi.api.webhooks.models import DeliveryStatus, Webhook
from openqi.api.webhooks.sending import MAX_ATTEMPTS
from openqi.core.confirm import Confirmation, confirm_then, confirmation_page
from openqi.core.forms_util import call_service, call_service_from_button, call_service_on_page
from openqi.core.pagination import page_links, paginate
from openqi.core.submission import once_per_submission, shown_once
from openqi.organisations.access import OrgAccess, org_view

ROLE = "org_admin"
ROTATION_HOURS = int(services.ROTATION_GRACE.total_seconds() // 3600)


def _webhook_or_404(access: OrgAccess, webhook_id: int) -> Webhook:
    webhook = selectors.webhook_get(access=access, webhook_id=webhook_id)
    if webhook is None:
        raise Http404
    return webhook


@org_view(ROLE)
def webhook_list(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    return render(
        request,
        "api/webhooks/webhook_list.jinja",
        {"organisation": access.organisation, "webhooks": selectors.webhook_list(access=access)},
    )


@org_view(ROLE)
@once_per_submission
def webhook_create(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        made = call_service(
            form,
            lambda: services.webhook_create(
                actor=request.user,
                access=access,
                name=data["name"],
                description=data["description"],
                url=data["url"],
                events=data["events"],
            ),
            refused_field="name",
        )
        if made is not None:
            webhook, secret = made
            # The secret is in this one answer only: never in a redirect, session, log or audit detail.
            page = render(
                request,
                "api/webhooks/webhook_created.jinja",
                {"organisation": access.organisation, "webhook": webhook, "secret": secret},
            )
            return shown_once(page)
    return render(request, "api/webhooks/webhook_create.jinja", {"form": form, "organisation": access.organisation})


@org_view(ROLE)
def webhook_edit(request: AuthenticatedHttpRequest, access: OrgAccess, webhook_id: int) -> HttpResponse:
    webhook = _webhook_or_404(access, webhook_id)
    initial = {"name": webhook.name, "description": webhook.description, "url": webhook.url, "events": webhook.events}
    form = WebhookForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = call_service(
            form,
            lambda: services.webhook_update(
                actor=request.user,
                access=access,
                webhook=webhook,
                name=data["name"],
                description=data["description"],
                url=data["url"],
                events=data["events"],
            ),
            refused_field="name",
        )
        if saved is not None:
            messages.success(request, f"Webhook ‘{saved.name}’ saved")
            return redirect("api:webhook_detail", access.organisation.slug, webhook.pk)
    return render(
        request,
        "api/webhooks/webhook_edit.jinja",
        {"form": form, "organisation": access.organisation, "webhook": webhook},
    )


@org_view(ROLE)
@once_per_submission
def webhook_rotate(request: AuthenticatedHttpRequest, access: OrgAccess, webhook_id: int) -> HttpResponse:
    """GET asks; POST makes the new secret and shows it this once (a repeated sending of the same
    form rotates nothing more, so the receiver's secret is never lost to a double click)."""
    webhook = _webhook_or_404(access, webhook_id)
    confirmation = Confirmation(
        title=f"Make a new signing secret for ‘{webhook.name}’?",
        button="Make a new secret",
        cancel_url=reverse("api:webhook_detail", args=[access.organisation.slug, webhook.pk]),
        caption=webhook.url,
        warning=False,
        body=(
            "You will see the new secret once, on the next page. Give it to the receiving system.",
            f"For the next {ROTATION_HOURS} hours each message is signed with both the new and the current "
            "secret, so the receiver can switch whenever it is ready. After that only the new secret is used.",
            "The receiver must accept a signature header that lists two signatures (the API guide shows how).",
        ),
    )
    if request.method != "POST":
        return confirmation_page(request, confirmation, organisation=access.organisation)
    rotated, error_text = call_service_on_page(
        lambda: services.webhook_secret_rotate(actor=request.user, access=access, webhook=webhook)
    )
    if rotated is None:
        return confirmation_page(request, confirmation, error_text=error_text, organisation=access.organisation)
    webhook, secret = rotated
    # The secret is in this one answer only: never in a redirect, session, log or audit detail.
    page = render(
        request,
        "api/webhooks/webhook_created.jinja",
        {"organisation": access.organisation, "webhook": webhook, "secret": secret, "rotated": True},
    )
    return shown_once(page)


@org_view(ROLE)
@require_POST
def webhook_previous_secret_end(request: AuthenticatedHttpRequest, access: OrgAccess, webhook_id: int) -> HttpResponse:
    webhook = _webhook_or_404(access, webhook_id)
    if call_service_from_button(
        request, lambda: services.webhook_previous_secret_end(actor=request.user, access=access, webhook=webhook)
    ):
        messages.success(request, "The old secret signs nothing more")
    return redirect("api:webhook_detail", access.organisation.slug, webhook.pk)


@org_view(ROLE)
def webhook_detail(request: AuthenticatedHttpRequest, access: OrgAccess, webhook_id: int) -> HttpResponse:
    webhook = _webhook_or_404(access, webhook_id)
    page = paginate(request, selectors.delivery_list(access=access, webhook=webhook), per_page=25)
    return render(
        request,
        "api/webhooks/webhook_detail.jinja",
        {
            "organisation": access.organisation,
            "webhook": webhook,
            "page": page,
            "pagination": page_links(request, page),
            "finished": (DeliveryStatus.DELIVERED, DeliveryStatus.FAILED, DeliveryStatus.CANCELLED),
            "max_attempts": MAX_ATTEMPTS,
        },
    )


@org_view(ROLE)
@require_POST
def webhook_ping(request: AuthenticatedHttpRequest, access: OrgAccess, webhook_id: int) -> HttpResponse:
    webhook = _webhook_or_404(access, webhook_id)
    if call_service_from_button(
        request, lambda: services.webhook_ping(actor=request.user, access=access, webhook=webhook)
    ):
        messages.success(request, "Test event queued: its result appears in the delivery log")
    return redirect("api:webhook_detail", access.organisation.slug, webhook.pk)


@org_view(ROLE)
@require_POST
def webhook_set_active(request: AuthenticatedHttpRequest, access: OrgAccess, webhook_id: int) -> HttpResponse:
    webhook = _webhook_or_404(access, webhook_id)
    active = request.POST.get("active") == "on"
    if call_service_from_button(
        request,
        lambda: services.webhook_set_active(actor=request.user, access=access, webhook=webhook, active=active),
    ):
        messages.success(request, f"Webhook ‘{webhook.name}’ turned {'on' if active else 'off'}")
    return redirect("api:webhook_detail", access.organisation.slug, webhook.pk)


@org_view(ROLE)
@require_POST
def delivery_redeliver(
    request: AuthenticatedHttpRequest, access: OrgAccess, webhook_id: int, delivery_id: int
) -> HttpResponse:
    webhook = _webhook_or_404(access, webhook_id)
    delivery = selectors.delivery_get(access=access, webhook=webhook, delivery_id=delivery_id)
    if delivery is None:
        raise Http404
    if call_service_from_button(
        request, lambda: services.delivery_redeliver(actor=request.user, access=access, delivery=delivery)
    ):
        messages.success(request, "Sending it again: the new delivery is at the top of the log")
    return redirect("api:webhook_detail", access.organisation.slug, webhook.pk)


@org_view(ROLE)
def webhook_delete(request: AuthenticatedHttpRequest, access: OrgAccess, webhook_id: int) -> HttpResponse:
    webhook = _webhook_or_404(access, webhook_id)
    back = reverse("api:webhook_detail", args=[access.organisation.slug, webhook.pk])

    def done() -> HttpResponse:
        messages.success(request, f"Webhook ‘{webhook.name}’ deleted")
        return redirect("api:webhook_list", access.organisation.slug)

    return confirm_then(
        request,
        Confirmation(
            title=f"Delete ‘{webhook.name}’?",
            button="Delete webhook",
            cancel_url=back,
            caption=webhook.url,
            body=(
                "Nothing more will be sent to this address, and its delivery log is deleted with it.",
                "This cannot be undone: to pause deliveries instead, turn the webhook off.",
            ),
        ),
        act=lambda: services.webhook_delete(actor=request.user, access=access, webhook=webhook),
        done=done,
        organisation=access.organisation,
    )
