"""Addresses of system ideas, collaboratives and invitations by interest (ADR 0029)."""

from django.urls import path

from openqi.network.views import collaboratives, invitations, system_ideas

_s = "network/<slug:system_slug>/"

urlpatterns = [
    path(_s + "system-ideas/share/", system_ideas.system_idea_share, name="system_idea_share"),
    path(_s + "system-ideas/follow-up/", system_ideas.system_idea_follow_up, name="system_idea_follow_up"),
    path(_s + "system-ideas/you-said-we-did/", system_ideas.system_idea_answers, name="system_idea_answers"),
    path(_s + "team/system-ideas/", system_ideas.team_system_ideas, name="team_system_ideas"),
    path(_s + "team/system-ideas/<int:idea_id>/", system_ideas.team_system_idea, name="team_system_idea"),
]

urlpatterns += [
    path(_s + "collaboratives/", collaboratives.collaborative_list, name="collaborative_list"),
    path(
        _s + "collaboratives/<int:collaborative_id>/", collaboratives.collaborative_detail, name="collaborative_detail"
    ),
    path(_s + "team/collaboratives/new/", collaboratives.team_collaborative_create, name="team_collaborative_create"),
    path(
        _s + "team/collaboratives/<int:collaborative_id>/",
        collaboratives.team_collaborative,
        name="team_collaborative",
    ),
]

urlpatterns += [
    path(_s + "team/invitations/", invitations.team_invitations, name="team_invitations"),
]
