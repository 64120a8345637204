from django.urls import path

from openqi.people import views

app_name = "people"

urlpatterns = [
    path("o/<slug:org_slug>/people/", views.people_home, name="home"),
    path("o/<slug:org_slug>/people/import/", views.import_upload, name="import_upload"),
    path("o/<slug:org_slug>/people/import/<int:import_id>/", views.import_preview, name="import_preview"),
    path("o/<slug:org_slug>/people/import/<int:import_id>/cancel/", views.import_cancel, name="import_cancel"),
]
