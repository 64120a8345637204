from typing import Any

from django.apps import AppConfig
from django.db.models.signals import pre_delete


def _fold_deleted_team(sender: Any, instance: Any, **kwargs: Any) -> None:
    from openqi.checkins.aggregates import fold_team_into_no_team

    fold_team_into_no_team(team=instance)


class CheckinsConfig(AppConfig):
    name = "openqi.checkins"
    label = "checkins"

    def ready(self) -> None:
        from openqi.organisations.models import Team

        pre_delete.connect(_fold_deleted_team, sender=Team, dispatch_uid="checkins_fold_deleted_team")
