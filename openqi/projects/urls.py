from django.urls import path

from openqi.projects import views
from openqi.projects.views import involvement, partners, payments, report, stories
from openqi.projects.views import stories_published as published

app_name = "projects"

P = "o/<slug:org_slug>/projects/"
ONE = P + "<int:project_id>/"

urlpatterns = [
    path(P, views.project_list, name="project_list"),
    path(P + "new/", views.project_create, name="project_create"),
    path(ONE, views.project_detail, name="project_detail"),
    path(ONE + "edit/", views.project_edit, name="project_edit"),
    path(ONE + "archive/", views.project_archive, name="project_archive"),
    path(ONE + "unarchive/", views.project_unarchive, name="project_unarchive"),
    path(ONE + "copy/", views.project_copy, name="project_copy"),
    path(P + "adopt/<int:project_id>/", views.project_adopt, name="project_adopt"),
    path(
        ONE + "suggested-measures/<int:suggestion_id>/remove/",
        views.suggested_measure_remove,
        name="suggested_measure_remove",
    ),
    path(ONE + "aim/", views.aim_edit, name="aim_edit"),
    path(ONE + "members/", views.member_list, name="member_list"),
    path(ONE + "members/<int:member_id>/remove/", views.member_remove, name="member_remove"),
    path(ONE + "links/", views.link_list, name="link_list"),
    path(ONE + "links/<int:link_id>/", views.link_edit, name="link_edit"),
    path(ONE + "links/<int:link_id>/remove/", views.link_remove, name="link_remove"),
    path(ONE + "drivers/", views.driver_diagram, name="driver_diagram"),
    path(ONE + "drivers/add/", views.driver_add, name="driver_add"),
    path(ONE + "drivers/<int:node_id>/rename/", views.driver_rename, name="driver_rename"),
    path(ONE + "drivers/<int:node_id>/change/", views.driver_change, name="driver_change"),
    path(ONE + "drivers/<int:node_id>/remove/", views.driver_remove, name="driver_remove"),
    path(ONE + "drivers/<int:node_id>/restore/", views.driver_restore, name="driver_restore"),
    path(ONE + "drivers/removed/", views.driver_removed, name="driver_removed"),
    path(ONE + "causes/", views.cause_list, name="cause_list"),
    path(ONE + "causes/fishbones/new/", views.fishbone_create, name="fishbone_create"),
    path(ONE + "causes/fishbones/<int:fishbone_id>/", views.fishbone_detail, name="fishbone_detail"),
    path(
        ONE + "causes/fishbones/<int:fishbone_id>/causes/<int:cause_id>/remove/",
        views.fishbone_cause_remove,
        name="fishbone_cause_remove",
    ),
    path(ONE + "causes/whys/new/", views.why_chain_create, name="why_chain_create"),
    path(ONE + "causes/whys/<int:chain_id>/", views.why_chain_detail, name="why_chain_detail"),
    path(ONE + "causes/whys/<int:chain_id>/remove-last/", views.why_step_remove, name="why_step_remove"),
    path(ONE + "process-maps/new/", views.process_map_create, name="process_map_create"),
    path(ONE + "process-maps/<int:map_id>/", views.process_map_detail, name="process_map_detail"),
    path(
        ONE + "process-maps/<int:map_id>/steps/<int:step_id>/edit/",
        views.process_step_edit,
        name="process_step_edit",
    ),
    path(
        ONE + "process-maps/<int:map_id>/steps/<int:step_id>/change/",
        views.process_step_change,
        name="process_step_change",
    ),
    path(
        ONE + "process-maps/<int:map_id>/steps/<int:step_id>/remove/",
        views.process_step_remove,
        name="process_step_remove",
    ),
    path(ONE + "pdsa/new/", views.pdsa_create, name="pdsa_create"),
    path(ONE + "pdsa/<int:cycle_id>/", views.pdsa_detail, name="pdsa_detail"),
    path(ONE + "pdsa/<int:cycle_id>/plan/", views.pdsa_plan_edit, name="pdsa_plan_edit"),
    path(ONE + "pdsa/<int:cycle_id>/do/", views.pdsa_do, name="pdsa_do"),
    path(ONE + "pdsa/<int:cycle_id>/study/", views.pdsa_study, name="pdsa_study"),
    path(ONE + "pdsa/<int:cycle_id>/act/", views.pdsa_act, name="pdsa_act"),
    path(ONE + "progress/", views.progress, name="progress"),
]

# Improvement stories, the printable report and partner involvement (their own view modules).
urlpatterns += [
    path(ONE + "report/", report.project_report, name="project_report"),
    path(ONE + "stories/", stories.story_list, name="story_list"),
    path(ONE + "stories/new/", stories.story_create, name="story_create"),
    path(ONE + "stories/<int:story_id>/", stories.story_detail, name="story_detail"),
    path(ONE + "stories/<int:story_id>/edit/", stories.story_edit, name="story_edit"),
    path(ONE + "stories/<int:story_id>/submit/", stories.story_submit, name="story_submit"),
    path(ONE + "stories/<int:story_id>/withdraw/", stories.story_withdraw, name="story_withdraw"),
    path(ONE + "organisations/", partners.partner_list, name="partner_list"),
    path(ONE + "organisations/<int:partner_id>/remove/", partners.partner_remove, name="partner_remove"),
    path(ONE + "involvement/", involvement.involvement_list, name="involvement_list"),
    path(ONE + "involvement/<int:entry_id>/remove/", involvement.involvement_remove, name="involvement_remove"),
    path(P + "involvement/", involvement.involvement_report, name="involvement_report"),
    path(P + "involvement/export/", involvement.involvement_export, name="involvement_export"),
    path(P + "involvement/payments/", payments.involvement_payments, name="involvement_payments"),
    path(P + "involvement/payments/export/", payments.involvement_payments_export, name="involvement_payments_export"),
    path(P + "involvement/payments/<int:entry_id>/paid/", payments.involvement_mark_paid, name="involvement_mark_paid"),
    path(P + "stories/", published.org_story_list, name="org_story_list"),
    path(P + "stories/<int:story_id>/", published.org_story_detail, name="org_story_detail"),
    path(P + "stories/<int:story_id>/publish/", published.story_publish, name="story_publish"),
    path(P + "stories/<int:story_id>/return/", published.story_return, name="story_return"),
    path("p/<slug:org_slug>/stories/", published.public_story_list, name="public_story_list"),
    path("p/<slug:org_slug>/stories/<int:story_id>/", published.public_story_detail, name="public_story_detail"),
]
