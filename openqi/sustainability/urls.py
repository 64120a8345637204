from django.urls import path

from openqi.sustainability import views

app_name = "sustainability"

BASE = "o/<slug:org_slug>/projects/<int:project_id>/sustainability/"

urlpatterns = [
    path(BASE, views.assessment_list, name="assessment_list"),
    path(f"{BASE}start/", views.assessment_start, name="assessment_start"),
    path(f"{BASE}<int:assessment_id>/", views.assessment_detail, name="assessment_detail"),
    path(f"{BASE}<int:assessment_id>/score/", views.assessment_score, name="assessment_score"),
    path(f"{BASE}<int:assessment_id>/agree/", views.assessment_agree, name="assessment_agree"),
]
