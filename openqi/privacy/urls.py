from django.urls import path

from openqi.privacy import views

app_name = "privacy"

urlpatterns = [
    path("system/privacy/", views.privacy_home, name="privacy_home"),
    path("system/privacy/erase/", views.privacy_erase, name="privacy_erase"),
]
