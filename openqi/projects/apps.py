from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "openqi.projects"
    label = "projects"

    def ready(self) -> None:
        # lazy: an app's modules may import models only once the app registry is ready.
        from openqi.projects import nav  # noqa: F401  (registers this app's header links)

        # lazy: measure_refs imports this app's models, which cannot load before the registry is
        # ready; ready() is where Django lets an app wire itself into another (ADR 0008).
        from openqi.projects.measure_refs import register_with_measures

        register_with_measures()
