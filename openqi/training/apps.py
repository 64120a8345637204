from django.apps import AppConfig


class TrainingConfig(AppConfig):
    """Courses, cohorts and bookings, certificates and the capability dashboard (issue 16)."""

    name = "openqi.training"
    label = "training"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # lazy: registries are filled once the app registry is ready (models are importable).
        from openqi.core.dashboard_tiles import TileSpec, tile_register  # lazy: as above
        from openqi.projects.extensions import project_panel_register  # lazy: as above
        from openqi.training import nav, reminders  # noqa: F401  (header link; bookings owner)
        from openqi.training.dashboard import capability_tiles  # lazy: as above
        from openqi.training.panels import training_panel  # lazy: as above

        tile_register(
            TileSpec("capability", "Improvement capability", "People and capability", 20, many=capability_tiles)
        )
        project_panel_register(training_panel)
