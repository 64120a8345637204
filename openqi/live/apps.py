from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "openqi.live"
    label = "live"
    verbose_name = "Live updates"
