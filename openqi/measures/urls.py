from django.urls import path

from openqi.measures import views

app_name = "measures"

_M = "o/<slug:org_slug>/measures/<int:measure_id>/"

urlpatterns = [
    path("o/<slug:org_slug>/measures/", views.measure_list, name="measure_list"),
    path("o/<slug:org_slug>/measures/matrix/", views.measure_matrix, name="measure_matrix"),
    path("o/<slug:org_slug>/measures/selections/", views.measure_set_list, name="measure_set_list"),
    path("o/<slug:org_slug>/measures/selections/new/", views.measure_set_create, name="measure_set_create"),
    path("o/<slug:org_slug>/measures/selections/<int:set_id>/", views.measure_set_edit, name="measure_set_edit"),
    path(
        "o/<slug:org_slug>/measures/selections/<int:set_id>/delete/",
        views.measure_set_delete,
        name="measure_set_delete",
    ),
    path("o/<slug:org_slug>/measures/new/", views.measure_create, name="measure_create"),
    path("o/<slug:org_slug>/measures/import/", views.import_upload, name="import_upload"),
    path("o/<slug:org_slug>/measures/import/template.csv", views.import_template, name="import_template"),
    path("o/<slug:org_slug>/measures/import/<int:import_id>/", views.import_preview, name="import_preview"),
    path("o/<slug:org_slug>/measures/import/<int:import_id>/cancel/", views.import_cancel, name="import_cancel"),
    path(_M, views.measure_detail, name="measure_detail"),
    path(_M + "edit/", views.measure_edit, name="measure_edit"),
    path(_M + "archive/", views.measure_archive, name="measure_archive"),
    path(_M + "unarchive/", views.measure_unarchive, name="measure_unarchive"),
    path(_M + "follow/", views.measure_follow, name="measure_follow"),
    path(_M + "copy/", views.measure_copy, name="measure_copy"),
    path(_M + "chart.svg", views.measure_chart_svg, name="measure_chart_svg"),
    path(_M + "export.csv", views.measure_export, name="measure_export"),
    path(_M + "export.xlsx", views.measure_export_xlsx, name="measure_export_xlsx"),
    path(_M + "data/", views.data_entry, name="data_entry"),
    path(_M + "data/<int:point_id>/", views.data_point_edit, name="data_point_edit"),
    path(_M + "chart-changes/new/", views.chart_event_add, name="chart_event_add"),
    path(_M + "chart-changes/<int:event_id>/undo/", views.chart_event_undo, name="chart_event_undo"),
    path(_M + "annotations/new/", views.annotation_add, name="annotation_add"),
]
