from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "openqi.reports"
    label = "reports"
    verbose_name = "Published reports"

    def ready(self) -> None:
        # lazy: models and the modules that import them load only once the app registry is ready.
        from openqi.live.registry import live_channel_register  # lazy: as above
        from openqi.reports import nav  # noqa: F401  # lazy: registers this app's header link
        from openqi.reports.selectors import report_version  # lazy: as above

        live_channel_register("reports.report", report_version)
