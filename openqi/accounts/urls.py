from django.urls import path

from openqi.accounts import views

app_name = "accounts"

urlpatterns = [
    path("account/preferences/", views.preferences, name="preferences"),
    path("account/session/", views.session_status, name="session"),
]
