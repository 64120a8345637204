from django.urls import path

from openqi.organisations import views

app_name = "organisations"

urlpatterns = [
    path("organisations/", views.organisation_switch, name="organisation_switch"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("system/", views.system_admin, name="system_admin"),
    path("system/systems/new/", views.system_create, name="system_create"),
    path("system/organisations/new/", views.organisation_create, name="organisation_create"),
    path("o/<slug:org_slug>/", views.organisation_home, name="organisation_home"),
    path("o/<slug:org_slug>/members/", views.member_list, name="member_list"),
    path("o/<slug:org_slug>/members/invite/", views.invitation_create, name="invitation_create"),
    path("o/<slug:org_slug>/members/<int:membership_id>/", views.membership_edit, name="membership_edit"),
    path("o/<slug:org_slug>/members/<int:membership_id>/remove/", views.membership_remove, name="membership_remove"),
    path(
        "o/<slug:org_slug>/invitations/<int:invitation_id>/withdraw/", views.invitation_revoke, name="invitation_revoke"
    ),
    path("o/<slug:org_slug>/teams/new/", views.team_create, name="team_create"),
]
