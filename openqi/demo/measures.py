"""Demo measures for the Northfield demo trust (called by `seed_demo`; idempotent).

Two years of weekly data for the falls family with a sustained improvement after the falls
bundle was adopted, a rebase at the change, and a few monthly organisational KPIs. A seeded
generator keeps the numbers the same on every run.
"""

import datetime
from typing import Any

import numpy as np

from openqi.accounts.models import User
from openqi.measures.models import Annotation, ChartEvent, DataPoint, Measure
from openqi.measures.services import measure_summary_refresh
from openqi.organisations.models import Organisation, Team

FIRST_WEEK = datetime.date(2024, 11, 4)  # a Monday; 104 weeks end on 26 October 2026
WEEKS = 104
CHANGE_WEEK = 60


def _measure(organisation: Organisation, name: str, **fields: Any) -> Measure:
    measure, _ = Measure.objects.get_or_create(organisation=organisation, name=name, defaults=fields)
    return measure


def _points(measure: Measure, rows: list[tuple[datetime.date, float | None, float | None, float | None]]) -> None:
    DataPoint.objects.bulk_create(
        [
            DataPoint(
                measure=measure,
                organisation=measure.organisation,
                period=period,
                value=value,
                numerator=numerator,
                denominator=denominator,
            )
            for period, value, numerator, denominator in rows
        ],
        ignore_conflicts=True,
    )


def seed_measures(*, organisation: Organisation, ward: Team, owner: User) -> list[Measure]:
    rng = np.random.default_rng(20241104)
    weeks = [FIRST_WEEK + datetime.timedelta(weeks=i) for i in range(WEEKS)]
    change = weeks[CHANGE_WEEK]
    common = {"team": ward, "owner": owner, "frequency": "weekly", "measure_type": "outcome", "created_by": owner}

    falls = _measure(
        organisation,
        "Falls per 1,000 bed days",
        chart_type="u",
        rate_per=1000,
        unit="bed days",
        improvement="decrease",
        target=5,
        what_counted="Inpatient falls reported on the incident system, with or without harm",
        numerator="Falls in the week",
        denominator="Occupied bed days in the week",
        data_source="Incident reporting system; bed days from the patient administration system",
        **common,
    )
    bed_days = rng.integers(1800, 2100, WEEKS)  # the two elderly care wards together
    rates = np.where(np.arange(WEEKS) < CHANGE_WEEK, 7.2, 4.1)
    falls_counts = rng.poisson(rates * bed_days / 1000)
    _points(falls, [(w, c / d, float(c), float(d)) for w, c, d in zip(weeks, falls_counts, bed_days, strict=True)])

    assessed = _measure(
        organisation,
        "Falls risk assessment within 6 hours",
        chart_type="p",
        improvement="increase",
        target=95,
        what_counted="Adults admitted to the ward whose multifactorial falls risk assessment was done within 6 hours",
        numerator="Admissions assessed within 6 hours",
        denominator="Admissions in the week",
        data_source="Electronic nursing record",
        **{**common, "measure_type": "process"},
    )
    admissions = rng.integers(38, 62, WEEKS)
    proportions = np.where(np.arange(WEEKS) < CHANGE_WEEK, 0.71, 0.93)
    done = rng.binomial(admissions, proportions)
    _points(assessed, [(w, n / d, float(n), float(d)) for w, n, d in zip(weeks, done, admissions, strict=True)])

    alos = _measure(
        organisation,
        "Average length of stay",
        chart_type="i",
        improvement="decrease",
        unit="days",
        what_counted="Mean length of stay of adults discharged from the ward in the week",
        data_source="Patient administration system",
        **{**common, "measure_type": "balancing"},
    )
    stays = rng.normal(9.4, 0.7, WEEKS)
    _points(alos, [(w, round(float(v), 1), None, None) for w, v in zip(weeks, stays, strict=True)])

    for measure in (falls, assessed):
        ChartEvent.objects.get_or_create(
            measure=measure,
            organisation=organisation,
            period=change,
            kind="rebase",
            defaults={"reason": "Falls bundle adopted on the ward after PDSA cycle 4", "created_by": owner},
        )
        Annotation.objects.get_or_create(
            measure=measure,
            organisation=organisation,
            period=change - datetime.timedelta(weeks=8),
            kind="pdsa",
            defaults={"text": "PDSA 1: bay nursing on one bay, nights only", "created_by": owner},
        )
        Annotation.objects.get_or_create(
            measure=measure,
            organisation=organisation,
            period=change,
            kind="pdsa",
            defaults={"text": "PDSA 4: falls bundle adopted on the whole ward", "created_by": owner},
        )

    months = [datetime.date(2024 + (10 + i) // 12, (10 + i) % 12 + 1, 1) for i in range(24)]
    kpi = {"team": None, "owner": owner, "frequency": "monthly", "measure_type": "kpi", "created_by": owner}
    ed = _measure(
        organisation,
        "Emergency department: seen within 4 hours",
        chart_type="p",
        improvement="increase",
        target=78,
        what_counted="Attendances admitted, transferred or discharged within 4 hours of arrival",
        numerator="Attendances within 4 hours",
        denominator="All attendances",
        **kpi,
    )
    attendances = rng.integers(9000, 10500, 24)
    within = rng.binomial(attendances, 0.74)
    _points(ed, [(m, n / d, float(n), float(d)) for m, n, d in zip(months, within, attendances, strict=True)])
    sickness = _measure(
        organisation,
        "Staff sickness absence",
        chart_type="i",
        improvement="decrease",
        unit="%",
        target=4.5,
        what_counted="Full-time equivalent days lost to sickness as a percentage of available days",
        **kpi,
    )
    absence = rng.normal(5.1, 0.35, 24) + np.where(np.arange(24) >= 20, 0.9, 0.0)
    _points(sickness, [(m, round(float(v), 2), None, None) for m, v in zip(months, absence, strict=True)])
    occupancy = _measure(
        organisation,
        "General and acute bed occupancy",
        chart_type="i",
        improvement="neutral",
        unit="%",
        what_counted="Occupied general and acute beds at midnight as a percentage of open beds, monthly mean",
        **kpi,
    )
    occupied = rng.normal(93.5, 1.2, 24)
    _points(occupancy, [(m, round(float(v), 1), None, None) for m, v in zip(months, occupied, strict=True)])

    measures = [falls, assessed, alos, ed, sickness, occupancy]
    for measure in measures:
        measure_summary_refresh(measure_id=measure.pk)
    return measures
