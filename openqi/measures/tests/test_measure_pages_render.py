"""Every measures page renders for the people allowed to see it."""

from typing import Any

from django.test import Client

from openqi.measures.tests.conftest import IMPROVED, STABLE, add_points, make_measure


def test_a_lead_can_open_every_measures_page(personas: Any, lead_client: Client) -> None:
    measure = make_measure(personas.org_a, target=4.5)
    points = add_points(measure, STABLE + IMPROVED)
    base = f"/o/{personas.org_a.slug}/measures/"
    for path in [
        base,
        base + "matrix/",
        base + "new/",
        base + "import/",
        f"{base}{measure.pk}/",
        f"{base}{measure.pk}/edit/",
        f"{base}{measure.pk}/archive/",
        f"{base}{measure.pk}/copy/",
        f"{base}{measure.pk}/data/",
        f"{base}{measure.pk}/data/{points[0].pk}/",
        f"{base}{measure.pk}/chart-changes/new/",
        f"{base}{measure.pk}/annotations/new/",
        f"{base}{measure.pk}/chart.svg",
        f"{base}{measure.pk}/export.csv",
    ]:
        response = lead_client.get(path)
        assert response.status_code == 200, path
