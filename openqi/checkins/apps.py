from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    name = "openqi.checkins"
    label = "checkins"
