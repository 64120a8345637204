"""What the measures app holds about a person (registered in `openqi.core.personal_data`): the
measures they own or created, the values, chart decisions and notes they entered, their
imports, follows and saved selections. Erasure keeps the organisation's measures and data,
unlinked from the person; it deletes their follows, pending imports and private selections."""

from typing import Any

from openqi.accounts.models import User
from openqi.core import personal_data
from openqi.measures.models import (
    Annotation,
    ChartEvent,
    DataPoint,
    Measure,
    MeasureFollow,
    MeasureSet,
    PendingImport,
)


def export_personal_data(*, user: User) -> dict[str, Any]:
    return {
        "measures_owned": list(Measure.objects.filter(owner=user).values("id", "organisation__name", "name")),
        "measures_created": list(
            Measure.objects.filter(created_by=user).values("id", "organisation__name", "name", "created_at")
        ),
        "values_entered": list(
            DataPoint.objects.filter(updated_by=user)
            .order_by("measure_id", "period")
            .values(
                "measure_id", "measure__name", "period", "value", "numerator", "denominator", "comment", "updated_at"
            )
        ),
        "chart_decisions": list(
            ChartEvent.objects.filter(created_by=user).values("measure_id", "period", "kind", "reason", "created_at")
        ),
        "chart_decisions_undone": list(
            ChartEvent.objects.filter(undone_by=user).values("measure_id", "period", "kind", "undone_at")
        ),
        "chart_notes": list(
            Annotation.objects.filter(created_by=user).values("measure_id", "period", "text", "created_at")
        ),
        "imports": list(
            PendingImport.objects.filter(created_by=user).values(
                "organisation__name", "filename", "status", "created_at"
            )
        ),
        "following": list(MeasureFollow.objects.filter(user=user).values("measure_id", "measure__name", "created_at")),
        "selections_created": list(
            MeasureSet.objects.filter(created_by=user).values("organisation__name", "name", "shared", "created_at")
        ),
    }


def erase_personal_data(*, user: User, pseudonym: str) -> dict[str, int]:
    return {
        "measures_without_owner": Measure.objects.filter(owner=user).update(owner=None),
        "measures_unlinked": Measure.objects.filter(created_by=user).update(created_by=None),
        "values_unlinked": DataPoint.objects.filter(updated_by=user).update(updated_by=None),
        "chart_decisions_unlinked": ChartEvent.objects.filter(created_by=user).update(created_by=None)
        + ChartEvent.objects.filter(undone_by=user).update(undone_by=None),
        "chart_notes_unlinked": Annotation.objects.filter(created_by=user).update(created_by=None),
        "private_selections": MeasureSet.objects.filter(created_by=user, shared=False).delete()[0],
        "shared_selections_unlinked": MeasureSet.objects.filter(created_by=user).update(created_by=None),
        "imports": PendingImport.objects.filter(created_by=user).delete()[0],
        "follows": MeasureFollow.objects.filter(user=user).delete()[0],
    }


personal_data.register(app="measures", export=export_personal_data, erase=erase_personal_data)
