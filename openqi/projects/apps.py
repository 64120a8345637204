from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "openqi.projects"
    label = "projects"

    def ready(self) -> None:
        # lazy: an app's modules may import models only once the app registry is ready.
        from openqi.projects import nav  # noqa: F401  (registers this app's header links)
