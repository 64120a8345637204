from django.urls import path

from openqi.training.views import capability, learner, manage, public

app_name = "training"

P = "o/<slug:org_slug>/training/"

urlpatterns = [
    path("training/verify/<str:code>/", public.verify, name="verify"),
    path(P, learner.home, name="home"),
    path(P + "courses/<int:course_id>/", learner.course_detail, name="course_detail"),
    path(P + "courses/<int:course_id>/interest/", learner.interest, name="interest"),
    path(P + "cohorts/<int:cohort_id>/book/", learner.book, name="book"),
    path(P + "cohorts/<int:cohort_id>/apply/", learner.apply, name="apply"),
    path(P + "me/", learner.my_record, name="my_record"),
    path(P + "places/<int:enrolment_id>/cancel/", learner.cancel, name="cancel"),
    path(P + "places/<int:enrolment_id>/accept/", learner.accept, name="accept"),
    path(P + "places/<int:enrolment_id>/calendar.ics", learner.place_ics, name="place_ics"),
    path(P + "places/<int:enrolment_id>/project/", learner.challenge_project, name="challenge_project"),
    path(P + "places/<int:enrolment_id>/feedback/", learner.feedback, name="feedback"),
    path(P + "records/<int:record_id>/certificate.pdf", learner.certificate, name="certificate"),
    path(P + "courses/new/", manage.course_create, name="course_create"),
    path(P + "courses/<int:course_id>/cohorts/new/", manage.cohort_create, name="cohort_create"),
    path(P + "cohorts/<int:cohort_id>/", manage.cohort_manage, name="cohort_manage"),
    path(P + "sessions/<int:session_id>/attendance/", manage.attendance, name="attendance"),
    path(P + "applications/<int:application_id>/decide/", manage.application_decide, name="application_decide"),
    path(P + "levels/", manage.levels, name="levels"),
    path(P + "levels/<int:level_id>/", manage.level_change, name="level_change"),
    path(P + "levels/<int:level_id>/move/", manage.level_move, name="level_move"),
    path(P + "levels/<int:level_id>/remove/", manage.level_remove, name="level_remove"),
    path(P + "people/<int:user_id>/", manage.person, name="person"),
    path(P + "capability/", capability.dashboard, name="capability"),
    path(P + "capability/ics/", capability.system, name="capability_system"),
    path(P + "capability/ics/export.csv", capability.system_export, name="capability_system_export"),
    path(P + "capability/export.csv", capability.export, name="capability_export"),
    path(P + "capability/targets/", capability.targets, name="targets"),
    path(P + "imports/new/", capability.import_upload, name="import_upload"),
    path(P + "imports/<int:import_id>/", capability.import_preview, name="import_preview"),
    path(P + "imports/<int:import_id>/cancel/", capability.import_cancel, name="import_cancel"),
]
