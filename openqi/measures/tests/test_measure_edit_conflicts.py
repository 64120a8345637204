"""Two people editing one measure's definition: different fields both survive, the same field is
refused with both versions shown, and the audit trail keeps old and new values (issue 24)."""

from typing import Any

import pytest
from django.test import Client

from openqi.audit.models import AuditEvent
from openqi.core.tests.form_fields import form_fields
from openqi.measures.models import Measure
from openqi.measures.tests.conftest import make_measure

pytestmark = pytest.mark.django_db


def test_measure_definition_edits_merge_by_field_and_refuse_the_same_field(personas: Any, lead_client: Client) -> None:
    measure = make_measure(personas.org_a, target=4.5)
    url = f"/o/alpha/measures/{measure.pk}/edit/"
    tab_a, tab_b = form_fields(lead_client.get(url).content), form_fields(lead_client.get(url).content)
    assert lead_client.post(url, {**tab_a, "data_source": "Patient administration system"}).status_code == 302
    assert lead_client.post(url, {**tab_b, "target": "4"}).status_code == 302
    measure = Measure.objects.get(pk=measure.pk)
    assert measure.data_source == "Patient administration system"
    assert measure.target == 4

    tab_a, tab_b = form_fields(lead_client.get(url).content), form_fields(lead_client.get(url).content)
    assert lead_client.post(url, {**tab_a, "what_counted": "Mean stay of adults discharged alive"}).status_code == 302
    response = lead_client.post(url, {**tab_b, "what_counted": "Mean stay of every discharged adult"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Mean stay of adults discharged alive" in page and "Mean stay of every discharged adult" in page
    assert Measure.objects.get(pk=measure.pk).what_counted == "Mean stay of adults discharged alive"
    event = AuditEvent.objects.filter(action="measure.update").latest("id")
    assert event.detail["changes"] == {
        "what_counted": ["Mean length of stay of discharged adults", "Mean stay of adults discharged alive"]
    }


def test_saving_a_measure_unchanged_writes_nothing(personas: Any, lead_client: Client) -> None:
    measure = make_measure(personas.org_a, target=4.5)
    url = f"/o/alpha/measures/{measure.pk}/edit/"
    assert lead_client.post(url, form_fields(lead_client.get(url).content)).status_code == 302
    assert [e.detail for e in AuditEvent.objects.filter(action="measure.update")] == []
