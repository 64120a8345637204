from django.urls import path

from openqi.ideas import views

app_name = "ideas"

urlpatterns = [
    path("o/<slug:org_slug>/ideas/", views.idea_list, name="idea_list"),
    path("o/<slug:org_slug>/ideas/new/", views.idea_create, name="idea_create"),
    path("o/<slug:org_slug>/ideas/follow-up/", views.idea_follow_up, name="idea_follow_up"),
    path("o/<slug:org_slug>/ideas/you-said-we-did/", views.you_said_we_did, name="you_said_we_did"),
    path("o/<slug:org_slug>/ideas/overview/", views.idea_overview, name="idea_overview"),
    path("o/<slug:org_slug>/ideas/ics-overview/", views.idea_system_overview, name="idea_system_overview"),
    path("o/<slug:org_slug>/ideas/export/", views.idea_export, name="idea_export"),
    path("o/<slug:org_slug>/ideas/moderation/", views.moderation_list, name="moderation_list"),
    path("o/<slug:org_slug>/ideas/campaigns/", views.campaign_list, name="campaign_list"),
    path("o/<slug:org_slug>/ideas/campaigns/new/", views.campaign_create, name="campaign_create"),
    path("o/<slug:org_slug>/ideas/campaigns/<int:campaign_id>/", views.campaign_detail, name="campaign_detail"),
    path("o/<slug:org_slug>/ideas/campaigns/<int:campaign_id>/close/", views.campaign_close, name="campaign_close"),
    path("o/<slug:org_slug>/ideas/<int:idea_id>/", views.idea_detail, name="idea_detail"),
    path("o/<slug:org_slug>/ideas/<int:idea_id>/comment/", views.idea_comment, name="idea_comment"),
    path("o/<slug:org_slug>/ideas/<int:idea_id>/support/", views.idea_support, name="idea_support"),
    path("o/<slug:org_slug>/ideas/<int:idea_id>/follow/", views.idea_follow, name="idea_follow"),
    path("o/<slug:org_slug>/ideas/<int:idea_id>/status/", views.idea_status, name="idea_status"),
    path("o/<slug:org_slug>/ideas/<int:idea_id>/assign/", views.idea_assign, name="idea_assign"),
    path("o/<slug:org_slug>/ideas/<int:idea_id>/answer/", views.idea_answer, name="idea_answer"),
    path("o/<slug:org_slug>/ideas/<int:idea_id>/moderate/", views.idea_moderate, name="idea_moderate"),
    path("p/<slug:org_slug>/", views.portal_idea_create, name="portal_idea_create"),
    path("p/<slug:org_slug>/follow-up/", views.portal_follow_up, name="portal_follow_up"),
    path("p/<slug:org_slug>/you-said-we-did/", views.portal_you_said_we_did, name="portal_you_said_we_did"),
]
