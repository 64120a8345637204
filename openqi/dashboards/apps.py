from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "openqi.dashboards"
    label = "dashboards"
    verbose_name = "Leaders' dashboards"

    def ready(self) -> None:
        # lazy: models and the modules that import them load only once the app registry is ready.
        from openqi.core.dashboard_tiles import tile_register  # lazy: as above
        from openqi.dashboards import nav  # noqa: F401  # lazy: as above; registers the header links
        from openqi.dashboards.panels import BUILT_IN  # lazy: as above
        from openqi.dashboards.selectors import organisation_version, system_version  # lazy: as above
        from openqi.live.registry import live_channel_register  # lazy: as above

        live_channel_register("dashboards.organisation", organisation_version)
        live_channel_register("dashboards.system", system_version)
        for spec in BUILT_IN:
            tile_register(spec)
