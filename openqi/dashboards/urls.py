from django.urls import path

from openqi.dashboards import views

app_name = "dashboards"

ORG = "o/<slug:org_slug>/dashboards/"
TEAM = f"{ORG}team/<int:team_id>/"
SYSTEM = "system/dashboards/<slug:system_slug>/"

urlpatterns = [
    path(ORG, views.organisation_dashboard, name="organisation"),
    path(f"{ORG}live/", views.organisation_live, name="organisation_live"),
    path(f"{ORG}export/<slug:key>/<slug:fmt>/", views.organisation_export, name="organisation_export"),
    path(TEAM, views.team_dashboard, name="team"),
    path(f"{TEAM}live/", views.team_live, name="team_live"),
    path(f"{TEAM}export/<slug:key>/<slug:fmt>/", views.team_export, name="team_export"),
    path("system/dashboards/", views.system_list, name="system_list"),
    path(SYSTEM, views.system_dashboard, name="system"),
    path(f"{SYSTEM}live/", views.system_live, name="system_live"),
    path(f"{SYSTEM}export/<slug:key>/<slug:fmt>/", views.system_export, name="system_export"),
]
