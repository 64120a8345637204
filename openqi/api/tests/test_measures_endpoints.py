"""Measures through the API: visibility as the web app, the SPC table with limits and icons, and
data writes with the import's validation and atomicity (single and bulk, idempotent)."""

import datetime
from typing import Any

from openqi.api.tests.conftest import ApiClient, Issue
from openqi.audit.models import AuditEvent
from openqi.measures.models import DataPoint
from openqi.measures.tests.conftest import add_points, make_measure

STABLE = [10, 12, 11, 13, 12, 11, 10, 12, 13, 11, 12, 10, 11, 12, 30]


def test_team_only_measures_are_hidden_from_staff_of_other_teams(personas: Any, issue: Issue) -> None:
    make_measure(personas.org_a, name="Everyone's")
    other_team = personas.org_a.teams.create(name="Ward 2")
    make_measure(personas.org_a, name="Ward 2 only", visibility="team", team=other_team)
    make_measure(personas.org_b, name="Beta's")
    staff = ApiClient(issue(personas.member)).get("/o/alpha/measures").json()["items"]
    lead = ApiClient(issue(personas.lead, role="lead")).get("/o/alpha/measures").json()["items"]
    assert [m["name"] for m in staff] == ["Everyone's"]
    assert [m["name"] for m in lead] == ["Everyone's", "Ward 2 only"]


def test_the_spc_table_has_limits_icons_and_a_summary(personas: Any, issue: Issue) -> None:
    measure = make_measure(personas.org_a, improvement="decrease")
    add_points(measure, STABLE)
    body = ApiClient(issue(personas.member)).get(f"/o/alpha/measures/{measure.pk}/spc").json()
    assert body["chart"] == "i" and len(body["rows"]) == len(STABLE)
    last = body["rows"][-1]
    assert last["value"] == 30 and last["upper_limit"] is not None and last["value"] > last["upper_limit"]
    assert "outside limits" in last["flags"]
    assert body["variation_icon"]["code"] == "concern_high"
    assert body["variation_icon"]["letter"] == "H" and body["summary"]


def test_data_points_are_listed_oldest_first(personas: Any, issue: Issue) -> None:
    measure = make_measure(personas.org_a)
    add_points(measure, [5, 6, 7])
    body = ApiClient(issue(personas.member)).get(f"/o/alpha/measures/{measure.pk}/data").json()
    assert [p["value"] for p in body["items"]] == [5, 6, 7]
    detail = ApiClient(issue(personas.member)).get(f"/o/alpha/measures/{measure.pk}").json()
    assert detail["what_counted"] == measure.what_counted


def test_staff_cannot_write_data_even_with_a_write_token(personas: Any, issue: Issue) -> None:
    measure = make_measure(personas.org_a)
    client = ApiClient(issue(personas.member, access="write"))
    response = client.post(f"/o/alpha/measures/{measure.pk}/data", {"period": "2025-01-06", "value": 4})
    assert response.status_code == 403
    assert not DataPoint.objects.exists()


def test_a_champion_token_adds_one_point_with_the_services_checks(personas: Any, issue: Issue) -> None:
    measure = make_measure(personas.org_a)
    client = ApiClient(issue(personas.lead, role="champion", access="write"))
    added = client.post(f"/o/alpha/measures/{measure.pk}/data", {"period": "2025-01-06", "value": 4.5})
    assert added.status_code == 201 and added.json()["value"] == 4.5
    again = client.post(f"/o/alpha/measures/{measure.pk}/data", {"period": "2025-01-06", "value": 5})
    assert again.status_code == 422 and again.json()["errors"][0]["field"] == "period"
    missing = client.post(f"/o/alpha/measures/{measure.pk}/data", {"period": "2025-01-13"})
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "value"
    bad_date = client.post(f"/o/alpha/measures/{measure.pk}/data", {"period": "2025-02-30", "value": 1})
    assert bad_date.status_code == 422 and bad_date.json()["errors"][0]["field"] == "period"
    assert DataPoint.objects.count() == 1
    assert AuditEvent.objects.filter(action="measure.data_add", actor=personas.lead.user).count() == 1


def _bulk(measure_id: int, start: datetime.date, values: list[Any]) -> dict[str, Any]:
    return {
        "points": [
            {"measure_id": measure_id, "period": (start + datetime.timedelta(days=7 * i)).isoformat(), "value": v}
            for i, v in enumerate(values)
        ]
    }


def test_a_bulk_write_is_all_or_nothing_with_row_level_errors(personas: Any, issue: Issue) -> None:
    measure = make_measure(personas.org_a)
    ratio = make_measure(personas.org_a, name="Harm free care", chart_type="p", improvement="increase")
    client = ApiClient(issue(personas.lead, role="lead", access="write"))
    body = _bulk(measure.pk, datetime.date(2025, 1, 6), [1, 2, None, 4])
    body["points"].append({"measure_id": ratio.pk, "period": "2025-01-06", "numerator": 9, "denominator": 5})
    body["points"].append({"measure_id": 999999, "period": "2025-01-06", "value": 1})
    body["points"].append({"measure_id": measure.pk, "period": "2025-01-06", "value": 1})
    response = client.post("/o/alpha/measures/data", body)
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"points.2.value", "points.4.numerator", "points.5.measure_id", "points.6.period"}
    assert not DataPoint.objects.exists()


def test_a_bulk_write_is_idempotent(personas: Any, issue: Issue) -> None:
    measure = make_measure(personas.org_a)
    client = ApiClient(issue(personas.lead, role="lead", access="write"))
    body = _bulk(measure.pk, datetime.date(2025, 1, 6), [1, 2, 3])
    assert client.post("/o/alpha/measures/data", body).json() == {"created": 3, "updated": 0}
    assert client.post("/o/alpha/measures/data", body).json() == {"created": 0, "updated": 3}
    body["points"][1]["value"] = 20
    assert client.post("/o/alpha/measures/data", body).json() == {"created": 0, "updated": 3}
    assert list(DataPoint.objects.order_by("period").values_list("value", flat=True)) == [1, 20, 3]
    assert AuditEvent.objects.filter(action="measure.data_bulk").count() == 3


def test_a_bulk_write_cannot_reach_another_organisations_measure(personas: Any, issue: Issue) -> None:
    theirs = make_measure(personas.org_b)
    client = ApiClient(issue(personas.lead, role="lead", access="write"))
    response = client.post("/o/alpha/measures/data", _bulk(theirs.pk, datetime.date(2025, 1, 6), [1]))
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "points.0.measure_id", "detail": "No current measure in this organisation has this id"}
    ]
    assert not DataPoint.objects.exists()


def test_an_empty_bulk_write_is_refused(personas: Any, issue: Issue) -> None:
    client = ApiClient(issue(personas.lead, role="lead", access="write"))
    response = client.post("/o/alpha/measures/data", {"points": []})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "points"


def test_a_bulk_write_stores_observations_for_subgroup_charts(personas: Any, issue: Issue) -> None:
    xbar = make_measure(personas.org_a, name="Minutes to antibiotics", chart_type="xbar", improvement="decrease")
    client = ApiClient(issue(personas.lead, role="lead", access="write"))
    body = {"points": [{"measure_id": xbar.pk, "period": "2025-01-06", "observations": [40, 55, 61]}]}
    assert client.post("/o/alpha/measures/data", body).json() == {"created": 1, "updated": 0}
    point = DataPoint.objects.get()
    assert (point.observations, point.value, point.denominator) == ([40, 55, 61], 52, 3)
    body["points"][0]["observations"] = [40]
    too_few = client.post("/o/alpha/measures/data", body)
    assert too_few.status_code == 422 and too_few.json()["errors"][0]["field"] == "points.0.observations"
    assert DataPoint.objects.get().observations == [40, 55, 61]
