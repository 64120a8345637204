"""Background work for reports: building one, and sending a scheduled one's links."""

from django_tasks import task


@task()
def report_build(report_id: int) -> None:
    # lazy: the services queue this task, so importing them here at load time would be a cycle.
    from openqi.reports.services import report_build_run

    report_build_run(report_id=report_id)
