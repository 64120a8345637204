from django.urls import path

from openqi.network.views import contact, domains, followup, member, public, resources, team, updates

app_name = "network"

_s = "network/<slug:system_slug>/"

urlpatterns = [
    path("network/", public.network_index, name="index"),
    path("network/calendar/<str:token>.ics", public.member_feed, name="member_feed"),
    path(_s, public.network_home, name="home"),
    path(_s + "join/", public.member_join, name="join"),
    path(_s + "join/confirm/<str:token>/", public.member_verify, name="verify"),
    path(_s + "sign-in/", public.sign_in, name="sign_in"),
    path(_s + "sign-in/<str:token>/", public.sign_in_link, name="sign_in_link"),
    path(_s + "sign-out/", public.sign_out, name="sign_out"),
    path(_s + "events/", public.event_list, name="event_list"),
    path(_s + "events/<int:event_id>/", public.event_detail, name="event_detail"),
    path(_s + "events/<int:event_id>/calendar.ics", public.event_ics, name="event_ics"),
    path(_s + "events/<int:event_id>/book/", member.event_book, name="event_book"),
    path(_s + "events/<int:event_id>/accept/", member.offer_accept, name="offer_accept"),
    path(_s + "events/<int:event_id>/cancel/", member.booking_cancel, name="booking_cancel"),
    path(_s + "me/", member.member_home, name="member_home"),
    path(_s + "me/choices/", member.member_choices, name="member_choices"),
    path(_s + "me/consent/withdraw/", member.consent_withdraw, name="consent_withdraw"),
    path(_s + "me/consent/give/", member.consent_give, name="consent_give"),
    path(_s + "me/leave/", member.member_leave, name="member_leave"),
    path(_s + "updates/", updates.update_list, name="update_list"),
    path(_s + "updates/<int:update_id>/", updates.update_detail, name="update_detail"),
    path(_s + "updates/unsubscribe/<str:token>/", updates.unsubscribe, name="unsubscribe"),
    path(_s + "team/updates/", updates.team_updates, name="team_updates"),
    path(_s + "team/updates/new/", updates.team_update_compose, name="team_update_compose"),
    path(_s + "team/updates/<int:update_id>/", updates.team_update, name="team_update"),
    path(_s + "team/updates/<int:update_id>/send/", updates.team_update_send, name="team_update_send"),
    path(_s + "contact/", contact.contact, name="contact"),
    path(_s + "team/enquiries/", contact.team_enquiries, name="team_enquiries"),
    path(_s + "team/enquiries/<int:enquiry_id>/handled/", contact.team_enquiry_handled, name="team_enquiry_handled"),
    path(_s + "team/members/", team.team_members, name="team_members"),
    path(_s + "team/domains/", domains.team_domains, name="team_domains"),
    path(_s + "team/domains/<int:domain_id>/remove/", domains.team_domain_remove, name="team_domain_remove"),
    path(_s + "team/events/new/", team.team_event_create, name="team_event_create"),
    path(_s + "team/events/<int:event_id>/", team.team_event, name="team_event"),
    path(_s + "team/events/<int:event_id>/guests/", team.team_guest_invite, name="team_guest_invite"),
    path(_s + "team/events/<int:event_id>/attendance/", team.team_attendance, name="team_attendance"),
    # The resources library and event follow-up (ADR 0028).
    path(_s + "resources/", resources.resource_list, name="resource_list"),
    path(_s + "resources/<int:resource_id>/", resources.resource_detail, name="resource_detail"),
    path(_s + "resources/<int:resource_id>/file/", resources.resource_download, name="resource_download"),
    path(_s + "team/resources/new/", resources.team_resource_add, name="team_resource_add"),
    path(_s + "team/resources/<int:resource_id>/remove/", resources.team_resource_remove, name="team_resource_remove"),
    path(_s + "events/<int:event_id>/feedback/<str:token>/", followup.event_feedback, name="event_feedback"),
    path(_s + "events/<int:event_id>/here/<str:token>/", followup.attendance_here, name="attendance_here"),
    path(_s + "team/events/<int:event_id>/feedback/", followup.team_event_feedback, name="team_event_feedback"),
    path(_s + "team/events/<int:event_id>/qr/", followup.team_event_qr, name="team_event_qr"),
]

# System ideas, collaboratives and invitations by interest (ADR 0029), kept in their own module.
from openqi.network.urls_system import urlpatterns as _system_urls  # noqa: E402

urlpatterns += _system_urls
