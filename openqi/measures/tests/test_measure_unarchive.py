"""Archived measures stay reachable: "Include archived measures" lists them, Undo straight after
archiving and Unarchive on the measure page bring them back (leads only)."""

from typing import Any

import pytest
from django.test import Client

from openqi.audit.models import AuditEvent
from openqi.measures import services
from openqi.measures.models import Measure
from openqi.measures.tests.conftest import make_measure

pytestmark = pytest.mark.django_db


@pytest.fixture
def measure(personas: Any) -> Measure:
    return make_measure(personas.org_a, name="Falls per 1,000 bed days")


def _url(suffix: str = "") -> str:
    return f"/o/alpha/measures/{suffix}"


def test_archiving_offers_undo_and_the_filter_shows_archived_measures(measure: Measure, lead_client: Client) -> None:
    confirm = lead_client.get(_url(f"{measure.pk}/archive/")).content.decode()
    assert "Archive Falls per 1,000 bed days?" in confirm and "Cancel" in confirm
    text = lead_client.post(_url(f"{measure.pk}/archive/"), follow=True).content.decode()
    assert "Measure ‘Falls per 1,000 bed days’ archived" in text
    assert f'action="/o/alpha/measures/{measure.pk}/unarchive/"' in text  # Undo
    assert f'/measures/{measure.pk}/"' not in lead_client.get(_url()).content.decode()
    listed = lead_client.get(_url("?archived=1")).content.decode()
    assert f'/measures/{measure.pk}/"' in listed and "Archived" in listed
    assert AuditEvent.objects.get(action="measure.archive").detail["name"] == "Falls per 1,000 bed days"


def test_a_lead_unarchives_a_measure(measure: Measure, lead_client: Client, personas: Any) -> None:
    services.measure_archive(actor=personas.lead.user, measure=measure)
    page = lead_client.get(_url(f"{measure.pk}/")).content.decode()
    assert "Archived measure" in page and "Unarchive measure" in page
    lead_client.post(_url(f"{measure.pk}/unarchive/"))
    measure.refresh_from_db()
    assert not measure.is_archived
    assert f"/measures/{measure.pk}/" in lead_client.get(_url()).content.decode()
    assert AuditEvent.objects.filter(action="measure.unarchive", object_id=str(measure.pk)).exists()


def test_only_leads_unarchive(measure: Measure, member_client: Client, personas: Any) -> None:
    services.measure_archive(actor=personas.lead.user, measure=measure)
    assert member_client.post(_url(f"{measure.pk}/unarchive/")).status_code == 403
    measure.refresh_from_db()
    assert measure.is_archived
