from django.apps import AppConfig


class IdeasConfig(AppConfig):
    name = "openqi.ideas"
    label = "ideas"

    def ready(self) -> None:
        # lazy: an app's modules may import models only once the app registry is ready.
        from openqi.ideas import nav  # noqa: F401  (registers this app's header links)
