from django.urls import path

from openqi.coproduction.views import lead, me, public, voice

app_name = "coproduction"

_s = "involve/<slug:system_slug>/"
P = "o/<slug:org_slug>/involvement/"

urlpatterns = [
    path(_s, public.involve_home, name="home"),
    path(_s + "volunteer/", public.volunteer_create, name="volunteer"),
    path(_s + "confirm/<str:token>/", public.verify, name="verify"),
    path(_s + "sign-in/", public.sign_in, name="sign_in"),
    path(_s + "sign-in/<str:token>/", public.sign_in_link, name="sign_in_link"),
    path(_s + "sign-out/", public.sign_out, name="sign_out"),
    path(_s + "me/", me.me, name="me"),
    path(_s + "me/change/", me.me_change, name="me_change"),
    path(_s + "me/renew/", me.me_renew, name="me_renew"),
    path(_s + "me/export/", me.me_export, name="me_export"),
    path(_s + "me/delete/", me.me_delete, name="me_delete"),
    path(_s + "me/invitations/<int:offer_id>/", me.offer_answer, name="offer_answer"),
    path(P, lead.register, name="register"),
    path(P + "people/<int:registration_id>/", lead.registration, name="registration"),
    path(P + "requests/", lead.request_list, name="request_list"),
    path(P + "requests/new/", lead.request_create, name="request_create"),
    path(P + "requests/<int:request_id>/", lead.request_detail, name="request_detail"),
    path(P + "requests/<int:request_id>/close/", lead.request_close, name="request_close"),
    path(P + "requests/<int:request_id>/invite/<int:registration_id>/", lead.offer_create, name="offer_create"),
    path(P + "report/", lead.report, name="report"),
    path(P + "report.csv", lead.report_csv, name="report_csv"),
    path(P + "surveys/<int:survey_id>/feed/", voice.survey_feed, name="survey_feed"),
    path(P + "surveys/<int:survey_id>/feed/run/", voice.survey_feed_run, name="survey_feed_run"),
]
