from django.urls import path

from openqi.notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/<int:notification_id>/read/", views.notification_read, name="notification_read"),
    path("notifications/read-all/", views.notification_read_all, name="notification_read_all"),
]
