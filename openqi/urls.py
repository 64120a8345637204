from django.contrib import admin
from django.urls import include, path

from openqi.api.v1 import api

urlpatterns = [
    path("", include("openqi.web.urls")),
    path("", include("openqi.core.urls")),
    path("", include("openqi.accounts.urls")),
    path("", include("openqi.organisations.urls")),
    path("", include("openqi.auditlog.urls")),
    path("", include("openqi.notifications.urls")),
    path("", include("openqi.checkins.urls")),
    path("", include("openqi.surveys.urls")),
    path("", include("openqi.ideas.urls")),
    path("", include("openqi.measures.urls")),
    path("", include("openqi.projects.urls")),
    path("", include("openqi.sustainability.urls")),
    path("", include("openqi.boards.urls")),
    path("", include("openqi.recognition.urls")),
    path("", include("openqi.reports.urls")),
    path("", include("openqi.operations.urls")),
    path("", include("openqi.privacy.urls")),
    path("", include("openqi.network.urls")),
    path("", include("openqi.dashboards.urls")),
    path("", include("openqi.training.urls")),
    path("", include("openqi.coproduction.urls")),
    path("", include("openqi.people.urls")),
    path("", include("openqi.api.urls")),
    path("", include("openqi.api.scim.urls")),
    path("api/v1/", api.urls),
    path("accounts/", include("allauth.urls")),
    path("django-admin/", admin.site.urls),
]

handler403 = "openqi.core.views.error_403"
handler404 = "openqi.core.views.error_404"
handler500 = "openqi.core.views.error_500"
