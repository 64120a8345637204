"""The words several apps share, defined once.

Ideas and projects are both tagged with the six domains of quality; measures and the measures a
project links or suggests all speak of the same family of measures. Each app used to keep its own
copy of these choices; they live here instead, below every app, so no app has to import another to
agree on a word. Stored values never change here without a data migration: they are in the database.
"""

from django.db import models


class Domain(models.TextChoices):
    """The six domains of quality (Institute of Medicine) that ideas and projects are tagged with."""

    SAFE = "safe", "Safe"
    EFFECTIVE = "effective", "Effective"
    PATIENT_CENTRED = "patient_centred", "Patient-centred"
    TIMELY = "timely", "Timely"
    EFFICIENT = "efficient", "Efficient"
    EQUITABLE = "equitable", "Equitable"


class MeasureType(models.TextChoices):
    """The family of measures (outcome, process, balancing) plus an organisational KPI."""

    OUTCOME = "outcome", "Outcome"
    PROCESS = "process", "Process"
    BALANCING = "balancing", "Balancing"
    KPI = "kpi", "Organisational KPI"
