from django.urls import path

from openqi.recognition import views

app_name = "recognition"

P = "o/<slug:org_slug>/recognition/"

urlpatterns = [
    path(P, views.recognition_home, name="recognition_home"),
    path(P + "thanks/new/", views.thank_you_create, name="thank_you_create"),
    path(P + "thanks/moderation/", views.moderation_list, name="moderation_list"),
    path(P + "thanks/received/", views.thank_you_collection, name="thank_you_collection"),
    path(P + "thanks/<int:note_id>/", views.thank_you_detail, name="thank_you_detail"),
    path(P + "thanks/<int:note_id>/share/", views.thank_you_share, name="thank_you_share"),
    path(P + "thanks/<int:note_id>/report/", views.thank_you_report, name="thank_you_report"),
    path(P + "thanks/<int:note_id>/moderate/", views.thank_you_moderate, name="thank_you_moderate"),
    path(P + "teams/<int:team_id>/thanks/", views.team_thanks, name="team_thanks"),
    path(P + "nominations/new/", views.nomination_create, name="nomination_create"),
    path(P + "nominations/panel/", views.nomination_panel, name="nomination_panel"),
    path(P + "nominations/<int:nomination_id>/shortlist/", views.nomination_shortlist, name="nomination_shortlist"),
    path(P + "nominations/<int:nomination_id>/decide/", views.nomination_decide, name="nomination_decide"),
    path(P + "nominations/<int:nomination_id>/certificate/", views.certificate, name="certificate"),
    path(P + "awards/", views.category_list, name="category_list"),
    path(P + "awards/<int:category_id>/toggle/", views.category_toggle, name="category_toggle"),
    path(P + "wall-of-fame/", views.wall_of_fame, name="wall_of_fame"),
    path(P + "wall-of-fame/ics/", views.wall_of_fame_system, name="wall_of_fame_system"),
    path(P + "campaigns/<int:campaign_id>/", views.challenge_detail, name="challenge_detail"),
    path(P + "campaigns/<int:campaign_id>/target/", views.challenge_create, name="challenge_create"),
    path(P + "campaigns/<int:campaign_id>/fix-entrants/", views.challenge_fix_entrants, name="challenge_fix_entrants"),
    path(P + "campaigns/<int:campaign_id>/draw/", views.challenge_draw, name="challenge_draw"),
    path(P + "campaigns/<int:campaign_id>/verify/", views.challenge_verify, name="challenge_verify"),
    path(P + "campaigns/<int:campaign_id>/report/", views.campaign_report, name="campaign_report"),
    path(P + "champions/", views.champion_list, name="champion_list"),
    path(P + "champions/ics/", views.champion_list_system, name="champion_list_system"),
    path(P + "champions/volunteer/", views.champion_create, name="champion_create"),
    path(P + "champions/toolkit/", views.champion_toolkit, name="champion_toolkit"),
    path(P + "champions/toolkit/posters/<slug:kind>.pdf", views.champion_poster, name="champion_poster"),
    path(P + "champions/<int:champion_id>/decide/", views.champion_decide, name="champion_decide"),
]
