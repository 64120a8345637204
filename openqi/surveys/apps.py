from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "openqi.surveys"
    label = "surveys"
