"""Background work for measures: recomputing the stored icons and summary, and alerts."""

from django_tasks import task


@task()
def measure_recompute(measure_id: int) -> None:
    from openqi.measures.services import measure_summary_refresh

    measure_summary_refresh(measure_id=measure_id)
