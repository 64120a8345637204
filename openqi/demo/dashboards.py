"""Demo data for the leaders' dashboards (issue 14; called by `seed_demo`, idempotent).

The ICS dashboard compares like measures across organisations: Riverside measures two of
Northfield's organisation-wide KPIs with the same operational definition, with a year of its own
monthly data, so peer benchmarking has something to show. An ICS executive account reads the
ICS dashboard (and nothing inside an organisation).
"""

import datetime

import numpy as np

from openqi.demo.organisations import demo_user
from openqi.measures.models import DataPoint, Measure
from openqi.measures.services import measure_summary_refresh
from openqi.measures.services.measures import MEASURE_FIELDS
from openqi.organisations.models import Organisation, System, SystemMembership, SystemRole

EXECUTIVE_EMAIL = "executive@openqi.example"
SHARED_KPIS = {
    # Northfield's measure name -> Riverside's mean and spread for its own monthly values.
    "Staff sickness absence": (5.1, 0.4),
    "General and acute bed occupancy": (91.0, 1.5),
}


def seed_dashboards(*, system: System, northfield: Organisation, riverside: Organisation) -> list[Measure]:
    executive = demo_user(EXECUTIVE_EMAIL, "Erin Executive")
    SystemMembership.objects.get_or_create(user=executive, system=system, role=SystemRole.EXECUTIVE)
    rng = np.random.default_rng(20261207)
    first = datetime.date(2025, 11, 1)
    months = [
        datetime.date(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1, 1) for i in range(12)
    ]
    made = []
    for name, (mean, spread) in SHARED_KPIS.items():
        source = Measure.objects.filter(organisation=northfield, name=name).first()
        if source is None:
            continue
        values = {field: getattr(source, field) for field in MEASURE_FIELDS if field != "name"}
        values.update(team=None, owner=None, created_by=None)
        measure, _ = Measure.objects.get_or_create(organisation=riverside, name=name, defaults=values)
        DataPoint.objects.bulk_create(
            [
                DataPoint(measure=measure, organisation=riverside, period=m, value=round(float(v), 1))
                for m, v in zip(months, rng.normal(mean, spread, len(months)), strict=True)
            ],
            ignore_conflicts=True,
        )
        measure_summary_refresh(measure_id=measure.pk)
        made.append(measure)
    return made
