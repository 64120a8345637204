from django.apps import AppConfig


class SustainabilityConfig(AppConfig):
    name = "openqi.sustainability"
    label = "sustainability"
    verbose_name = "Sustainability Model"

    def ready(self) -> None:
        # lazy: models and the modules that import them load only once the app registry is ready.
        from openqi.projects.extensions import project_panel_register  # lazy: as above
        from openqi.sustainability.panels import sustainability_panel  # lazy: as above

        project_panel_register(sustainability_panel)
