from django.urls import path

from openqi.organisations import sso_views, views

app_name = "organisations"

urlpatterns = [
    # Before allauth's own OpenID Connect views at the same paths (openqi/urls.py includes this
    # first): a nonce, a clear page when the provider is down (organisations/sso_views.py). They
    # keep allauth's names, which accounts/csp.py recognises to let the start page reach the provider.
    path("accounts/oidc/<str:provider_id>/login/", sso_views.sso_login, name="openid_connect_login"),
    path("accounts/oidc/<str:provider_id>/login/callback/", sso_views.sso_callback, name="openid_connect_callback"),
    path("accounts/sso/<str:provider_id>/link/", sso_views.sso_link, name="sso_link"),
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
    path("o/<slug:org_slug>/sso/", sso_views.sso_settings, name="sso_settings"),
    path("o/<slug:org_slug>/sso/test/", sso_views.sso_test, name="sso_test"),
]
