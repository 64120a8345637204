"""What the load test adds to the demo data, and the addresses it visits (imported by
load_bench.py once Django is set up)."""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.conf import settings
from django.test import Client
from django.urls import reverse

from openqi.accounts.models import User
from openqi.ideas.models import Idea
from openqi.measures.models import DataPoint, Measure
from openqi.measures.services import measure_summary_refresh
from openqi.organisations.models import Membership, Organisation, SystemMembership, SystemRole, Team
from openqi.projects.models import Project

ORG = "northfield"  # the demo's main trust
ICONS = ["common_cause", "improvement_low", "concern_high", "neutral_high", "improvement_high"]


def seed_measures(extra: int) -> tuple[str, int]:
    """`extra` measures with stored summaries (what the icon matrix reads), and one measure of 104
    weekly points for the chart page. Returns the organisation's slug and that measure's id."""
    org = Organisation.objects.get(slug=ORG)
    rng = random.Random(13)  # seeded test data
    Measure.objects.bulk_create(
        [
            Measure(
                organisation=org,
                name=f"ICS measure {i:05d}",
                measure_type="outcome",
                frequency="weekly",
                chart_type="i",
                improvement="decrease",
                target=100.0,
                latest_value=rng.gauss(100, 10),
                latest_period=datetime.date(2026, 10, 26),
                variation_icon=rng.choice(ICONS),
                assurance_icon=rng.choice(["pass", "fail", "hit_and_miss"]),
                sparkline=[round(rng.gauss(100, 10), 1) for _ in range(12)],
            )
            for i in range(extra)
        ],
        batch_size=2000,
    )
    chart = Measure.objects.create(
        organisation=org,
        name="Falls per 1,000 bed days (load test)",
        measure_type="outcome",
        frequency="weekly",
        chart_type="i",
        improvement="decrease",
        target=100.0,
    )
    start = datetime.date(2024, 11, 4)
    DataPoint.objects.bulk_create(
        DataPoint(
            measure=chart,
            organisation=org,
            period=start + datetime.timedelta(weeks=k),
            value=round(rng.gauss(100 if k < 60 else 85, 10), 2),
        )
        for k in range(104)
    )
    measure_summary_refresh(measure_id=chart.pk)
    return org.slug, chart.pk


def load_users(slug: str, count: int) -> tuple[dict[str, Any], list[Client]]:
    """`count` staff members of the trust's teams, each signed in with a session of their own. Each
    is also an executive of the trust's ICS, so the mix can open the ICS dashboard (issue 14): an
    ICS role gives no organisation role, so their other pages are still a staff member's."""
    org = Organisation.objects.get(slug=slug)
    teams = list(Team.objects.filter(organisation=org).order_by("pk")) or [None]
    values, clients = [], []
    for i in range(count):
        user = User.objects.create_user(f"load{i}@northfield.example", None, full_name=f"Load User {i}")
        Membership.objects.create(user=user, organisation=org, role="staff", team=teams[i % len(teams)])
        if org.system_id is not None:
            SystemMembership.objects.create(user=user, system_id=org.system_id, role=SystemRole.EXECUTIVE)
        client = Client()
        client.force_login(user)
        values.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
        clients.append(client)
    return {"cookie": settings.SESSION_COOKIE_NAME, "values": values}, clients


def addresses(slug: str, chart_measure: int) -> dict[str, list[str]]:
    """Each page of the mix: the addresses to choose from (ideas and projects a staff member sees)."""
    org = Organisation.objects.get(slug=slug)
    probe = Client()
    probe.force_login(User.objects.get(email="load0@northfield.example"))

    def seen(urls: list[str]) -> list[str]:
        return [u for u in urls if probe.get(u).status_code == 200][:20]

    ideas = seen([reverse("ideas:idea_detail", args=[slug, i.pk]) for i in Idea.objects.filter(organisation=org)[:40]])
    projects = seen(
        [reverse("projects:project_detail", args=[slug, p.pk]) for p in Project.objects.filter(organisation=org)[:40]]
    )
    paths = {
        "home": ["/"],
        "ideas list": [reverse("ideas:idea_list", args=[slug])],
        "idea page": ideas,
        "check-in (form and answer)": [reverse("checkins:checkin_create", args=[slug])],
        "measure chart (104 points)": [reverse("measures:measure_detail", args=[slug, chart_measure])],
        "icon matrix": [reverse("measures:measure_matrix", args=[slug])],
        "project page": projects,
        "ICS dashboard": [reverse("dashboards:system", args=[org.system.slug])] if org.system_id else [],
    }
    empty = [name for name, urls in paths.items() if not urls]
    if empty:
        raise SystemExit(f"The demo data gave no page a staff member may see for: {', '.join(empty)}")
    return paths
