from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "openqi.measures"
    label = "measures"
