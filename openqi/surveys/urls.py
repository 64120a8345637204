from django.urls import path

from openqi.surveys import views, views_public

app_name = "surveys"

urlpatterns = [
    # Public surveys for patients, carers and the public: no account (ADR 0033).
    path("s/<str:token>/", views_public.public_answer, name="public_answer"),
    path("s/kiosk/<str:token>/", views_public.kiosk_answer, name="kiosk_answer"),
    path("s/kiosk/<str:token>/next/", views_public.kiosk_next, name="kiosk_next"),
    path("o/<slug:org_slug>/surveys/", views.survey_list, name="survey_list"),
    path("o/<slug:org_slug>/surveys/new/", views.survey_create, name="survey_create"),
    path("o/<slug:org_slug>/surveys/<int:survey_id>/", views.survey_edit, name="survey_edit"),
    path("o/<slug:org_slug>/surveys/<int:survey_id>/questions/new/", views.question_add, name="question_add"),
    path(
        "o/<slug:org_slug>/surveys/<int:survey_id>/questions/<int:question_id>/remove/",
        views.question_remove,
        name="question_remove",
    ),
    path("o/<slug:org_slug>/surveys/<int:survey_id>/open/", views.survey_open, name="survey_open"),
    path("o/<slug:org_slug>/surveys/<int:survey_id>/remind/", views.survey_remind, name="survey_remind"),
    path("o/<slug:org_slug>/surveys/<int:survey_id>/archive/", views.survey_archive, name="survey_archive"),
    path("o/<slug:org_slug>/surveys/<int:survey_id>/unarchive/", views.survey_unarchive, name="survey_unarchive"),
    path(
        "o/<slug:org_slug>/surveys/<int:survey_id>/stop-repeating/",
        views.survey_recurrence_stop,
        name="survey_recurrence_stop",
    ),
    path("o/<slug:org_slug>/surveys/<int:survey_id>/answer/", views.survey_answer, name="survey_answer"),
    path("o/<slug:org_slug>/surveys/<int:survey_id>/results/", views.survey_results, name="survey_results"),
    path(
        "o/<slug:org_slug>/surveys/<int:survey_id>/results/by-<slug:dimension>/",
        views.survey_breakdown,
        name="survey_breakdown",
    ),
]
