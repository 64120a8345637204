from django.apps import AppConfig


class IdeasConfig(AppConfig):
    name = "openqi.ideas"
    label = "ideas"
