"""Background work for measures: recomputing the stored icons and summary, and alerts."""

from django_tasks import task


@task()
def measure_recompute(measure_id: int) -> None:
    # lazy: the services enqueue this task (services/measures.py imports this module), so importing
    # the services here at load time would be a cycle; the worker needs them only when it runs.
    from openqi.measures.services.alerts import measure_summary_refresh

    measure_summary_refresh(measure_id=measure_id)


@task()
def measure_recompute_many(measure_ids: list[int]) -> None:
    """Several measures' refresh in one task: an import touching 500 measures queues ten of these,
    not 500 rows in the task table."""
    # lazy: as above.
    from openqi.measures.services.alerts import measure_summary_refresh

    for measure_id in measure_ids:
        measure_summary_refresh(measure_id=measure_id)


@task()
def measure_import_run(pending_id: int) -> None:
    # lazy: as above, the import services enqueue this task.
    from openqi.measures.services.imports import import_run

    import_run(pending_id=pending_id)
