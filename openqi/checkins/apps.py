from typing import Any

from django.apps import AppConfig
from django.db.models.signals import pre_delete


def _fold_deleted_team(sender: Any, instance: Any, **kwargs: Any) -> None:
    # lazy: a signal receiver defined before the app registry is ready; its module imports models.
    from openqi.checkins.aggregates import fold_team_into_no_team

    fold_team_into_no_team(team=instance)


def _reporting_k(organisation: Any) -> int | None:
    # lazy: as above, a hook registered in ready() whose module imports models.
    from openqi.checkins.selectors import checkin_settings_get

    return checkin_settings_get(organisation=organisation).reporting_k


class CheckinsConfig(AppConfig):
    name = "openqi.checkins"
    label = "checkins"

    def ready(self) -> None:
        # lazy: models and the modules that import them load only once the app registry is ready.
        from openqi.checkins import nav  # noqa: F401  (registers this app's header links)
        from openqi.organisations.models import Team  # lazy: as above
        from openqi.organisations.reporting import reporting_k_reader_register  # lazy: as above

        pre_delete.connect(_fold_deleted_team, sender=Team, dispatch_uid="checkins_fold_deleted_team")
        reporting_k_reader_register(_reporting_k)
