from django.urls import path

from openqi.api.scim import views

app_name = "scim"

P = "scim/v2/o/<slug:org_slug>/"
urlpatterns = [
    path(P, views.root, name="root"),
    path(P + ".search", views.search_everything, name="search"),
    path(P + "ServiceProviderConfig", views.service_provider_config, name="service_provider_config"),
    path(P + "ResourceTypes", views.resource_types, name="resource_types"),
    path(P + "ResourceTypes/<str:name>", views.resource_types, name="resource_type"),
    path(P + "Schemas", views.schemas, name="schemas"),
    path(P + "Schemas/<str:schema_id>", views.schemas, name="schema"),
    path(P + "Users", views.users, name="users"),
    path(P + "Users/<str:user_id>", views.user_detail, name="user"),
    path(P + "Groups", views.groups, name="groups"),
    path(P + "Groups/<str:group_id>", views.group_detail, name="group"),
    # Anything else under an organisation's SCIM root: a SCIM 404 (after the token check), not a page.
    path(P + "<path:rest>", views.unknown, name="unknown"),
]
