"""The aim check: specific and measurable, with NHS-style messages."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from openqi.audit.models import AuditEvent
from openqi.projects import services
from openqi.projects.models import Project
from openqi.projects.presenters import aim_sentence
from openqi.projects.services import aim_problems

TODAY = datetime.date(2026, 11, 1)
GOOD: dict[str, Any] = {
    "what": "Reduce falls with harm",
    "amount": Decimal("30"),
    "unit": "%",
    "by": datetime.date(2027, 3, 31),
    "for_whom": "patients on Ward 9",
}


def test_a_complete_aim_with_a_future_date_has_no_problems() -> None:
    assert aim_problems(**GOOD, today=TODAY) == {}


def test_every_missing_part_is_named_with_its_own_message() -> None:
    problems = aim_problems(what=" ", amount=None, unit="", by=None, for_whom="", today=TODAY)
    assert problems == {
        "what": "Enter what you are trying to improve",
        "amount": "Enter how much you will improve it by, as a number",
        "unit": "Enter the unit, like % or falls per 1,000 bed days",
        "by": "Enter the date you will reach the aim by",
        "for_whom": "Enter who the aim is for, like patients on Ward 9",
    }


def test_how_much_must_be_more_than_zero() -> None:
    assert aim_problems(**{**GOOD, "amount": Decimal(0)}, today=TODAY) == {"amount": "How much must be more than 0"}


def test_a_new_by_when_date_must_be_in_the_future() -> None:
    problems = aim_problems(**{**GOOD, "by": TODAY}, today=TODAY)
    assert problems == {"by": "The date you will reach the aim by must be in the future"}


def test_an_aim_already_set_keeps_its_date_once_it_has_passed() -> None:
    passed = datetime.date(2026, 10, 1)
    assert aim_problems(**{**GOOD, "by": passed}, today=TODAY, previous_by=passed) == {}


def test_the_aim_reads_as_one_sentence() -> None:
    assert aim_sentence(**GOOD) == "We aim to reduce falls with harm by 30% for patients on Ward 9 by 31 March 2027."
    assert (
        aim_sentence(**{**GOOD, "amount": Decimal("2.50"), "unit": "falls per 1,000 bed days"})
        == "We aim to reduce falls with harm by 2.5 falls per 1,000 bed days for patients on Ward 9 by 31 March 2027."
    )
    assert aim_sentence(**{**GOOD, "unit": ""}) == ""


def test_setting_the_aim_saves_it_and_is_audited(project: Project, personas: Any) -> None:
    by = datetime.date.today() + datetime.timedelta(days=90)
    services.project_aim_set(actor=personas.lead.user, project=project, **{**GOOD, "by": by})
    project.refresh_from_db()
    assert project.has_aim and project.aim_amount == Decimal("30")
    assert AuditEvent.objects.filter(action="project.aim_set", object_id=str(project.pk)).exists()


def test_an_aim_with_problems_is_refused_and_nothing_is_saved(project: Project, personas: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.project_aim_set(actor=personas.lead.user, project=project, **{**GOOD, "by": datetime.date(2020, 1, 1)})
    assert "by" in error.value.error_dict
    project.refresh_from_db()
    assert project.aim_what == "" and not project.has_aim
    assert not AuditEvent.objects.filter(action="project.aim_set").exists()
