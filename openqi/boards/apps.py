from django.apps import AppConfig


class BoardsConfig(AppConfig):
    name = "openqi.boards"
    label = "boards"
    verbose_name = "Huddle and process control boards"

    def ready(self) -> None:
        # lazy: models and the modules that import them load only once the app registry is ready.
        from openqi.boards import nav  # noqa: F401  lazy: as above (registers this app's header link)
        from openqi.boards.project_panel import board_actions_panel  # lazy: as above
        from openqi.boards.selectors import board_version  # lazy: as above
        from openqi.live.registry import live_channel_register  # lazy: as above
        from openqi.projects.extensions import project_panel_register  # lazy: as above

        live_channel_register("boards.team", board_version)
        project_panel_register(board_actions_panel)
