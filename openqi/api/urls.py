from django.urls import path

from openqi.api import views
from openqi.api.webhooks import views as webhooks

app_name = "api"

urlpatterns = [
    path("api/", views.api_guide, name="guide"),
    path("o/<slug:org_slug>/api-tokens/", views.token_list, name="token_list"),
    path("o/<slug:org_slug>/api-tokens/new/", views.token_create, name="token_create"),
    path("o/<slug:org_slug>/api-tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("o/<slug:org_slug>/webhooks/", webhooks.webhook_list, name="webhook_list"),
    path("o/<slug:org_slug>/webhooks/new/", webhooks.webhook_create, name="webhook_create"),
    path("o/<slug:org_slug>/webhooks/<int:webhook_id>/", webhooks.webhook_detail, name="webhook_detail"),
    path("o/<slug:org_slug>/webhooks/<int:webhook_id>/edit/", webhooks.webhook_edit, name="webhook_edit"),
    path("o/<slug:org_slug>/webhooks/<int:webhook_id>/secret/", webhooks.webhook_rotate, name="webhook_rotate"),
    path(
        "o/<slug:org_slug>/webhooks/<int:webhook_id>/secret/retire/",
        webhooks.webhook_previous_secret_end,
        name="webhook_previous_secret_end",
    ),
    path("o/<slug:org_slug>/webhooks/<int:webhook_id>/test/", webhooks.webhook_ping, name="webhook_ping"),
    path("o/<slug:org_slug>/webhooks/<int:webhook_id>/active/", webhooks.webhook_set_active, name="webhook_set_active"),
    path("o/<slug:org_slug>/webhooks/<int:webhook_id>/delete/", webhooks.webhook_delete, name="webhook_delete"),
    path(
        "o/<slug:org_slug>/webhooks/<int:webhook_id>/deliveries/<int:delivery_id>/redeliver/",
        webhooks.delivery_redeliver,
        name="delivery_redeliver",
    ),
]
