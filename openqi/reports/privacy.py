"""What reports hold about a person (registered in `openqi.core.personal_data`): the reports they
asked for and the schedules they made or receive. A report is the organisation's record, so
erasure keeps it and removes the person from it; being a recipient ends with the membership."""

from typing import Any

from openqi.accounts.models import User
from openqi.core import personal_data
from openqi.reports.models import Report, ReportSchedule


def export_personal_data(*, user: User) -> dict[str, Any]:
    return {
        "reports_requested": list(
            Report.objects.filter(requested_by=user)
            .order_by("created_at", "id")
            .values("organisation__name", "kind", "title", "status", "created_at")
        ),
        "report_schedules_made": list(
            ReportSchedule.objects.filter(created_by=user)
            .order_by("id")
            .values("organisation__name", "kind", "day_of_month")
        ),
        "report_schedules_received": list(
            ReportSchedule.objects.filter(recipients__user=user)
            .order_by("id")
            .values("organisation__name", "kind", "day_of_month")
        ),
    }


def erase_personal_data(*, user: User, pseudonym: str) -> dict[str, int]:
    requested = Report.objects.filter(requested_by=user).update(requested_by=None)
    made = ReportSchedule.objects.filter(created_by=user).update(created_by=None)
    received = 0
    for schedule in ReportSchedule.objects.filter(recipients__user=user).distinct():
        mine = list(schedule.recipients.filter(user=user))
        schedule.recipients.remove(*mine)
        received += len(mine)
    return {"reports_requested": requested, "report_schedules_made": made, "report_schedules_received": received}


personal_data.register(app="reports", export=export_personal_data, erase=erase_personal_data)
