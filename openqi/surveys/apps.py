from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "openqi.surveys"
    label = "surveys"

    def ready(self) -> None:
        # lazy: an app's modules may import models only once the app registry is ready.
        from openqi.surveys import nav  # noqa: F401  (registers this app's header links)
