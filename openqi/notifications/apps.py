from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "openqi.notifications"
    label = "notifications"
