from django.urls import path

from openqi.checkins import views

app_name = "checkins"

urlpatterns = [
    path("o/<slug:org_slug>/check-in/", views.checkin_create, name="checkin_create"),
    path("o/<slug:org_slug>/check-ins/", views.checkin_overview, name="checkin_overview"),
    path("o/<slug:org_slug>/check-ins/my-team/", views.checkin_my_team, name="checkin_my_team"),
    path("o/<slug:org_slug>/check-ins/teams/<int:team_id>/", views.checkin_team, name="checkin_team"),
    path("o/<slug:org_slug>/check-ins/teams/<int:team_id>/export/", views.checkin_team_export, name="checkin_export"),
    path("o/<slug:org_slug>/check-ins/comments/<uuid:checkin_id>/hide/", views.comment_hide, name="comment_hide"),
    path("o/<slug:org_slug>/check-ins/settings/", views.settings_edit, name="settings_edit"),
    path("o/<slug:org_slug>/check-ins/kiosks/", views.kiosk_list, name="kiosk_list"),
    path("o/<slug:org_slug>/check-ins/kiosks/new/", views.kiosk_create, name="kiosk_create"),
    path("o/<slug:org_slug>/check-ins/kiosks/<int:kiosk_id>/revoke/", views.kiosk_revoke, name="kiosk_revoke"),
    path("k/<str:token>/", views.kiosk_checkin, name="kiosk_checkin"),
]
