from django.urls import path

from openqi.reports import views

app_name = "reports"

BASE = "o/<slug:org_slug>/reports/"

urlpatterns = [
    path(BASE, views.report_list, name="report_list"),
    path(f"{BASE}new/", views.report_create, name="report_create"),
    path(f"{BASE}<int:report_id>/", views.report_detail, name="report_detail"),
    path(f"{BASE}<int:report_id>/live/", views.report_live, name="report_live"),
    path(f"{BASE}<int:report_id>/download/", views.report_download, name="report_download"),
    path(f"{BASE}schedules/", views.schedule_list, name="schedule_list"),
    path(f"{BASE}schedules/new/", views.schedule_create, name="schedule_create"),
    path(f"{BASE}schedules/<int:schedule_id>/stop/", views.schedule_delete, name="schedule_delete"),
]
