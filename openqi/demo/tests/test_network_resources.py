from pathlib import Path
from typing import Any

from django.core import mail

from openqi.accounts.models import User
from openqi.demo.network import seed_network
from openqi.demo.network_resources import pdf_bytes, seed_network_resources
from openqi.demo.organisations import seed_organisations
from openqi.network.resources.files import PDF, detect
from openqi.network.resources.followup import feedback_summary
from openqi.network.resources.models import Feedback, Resource


def test_the_resources_demo_is_a_tagged_library_and_a_past_event_with_recording_and_feedback(
    db: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    demo = seed_organisations()
    admin = User.objects.get(email="admin@openqi.example")
    seed_network(system=demo.system, orgs=demo.orgs, team_user=admin)
    mail.outbox.clear()
    seed_network_resources(system=demo.system, team_user=admin)
    seed_network_resources(system=demo.system, team_user=admin)  # idempotent
    library = Resource.objects.filter(system=demo.system, event__isnull=True)
    assert library.count() == 12
    assert library.filter(visibility="members").exists() and library.exclude(file="").count() >= 8
    assert {m for r in library for m in r.methods} >= {
        "mfi",
        "lean",
        "process_mapping",
        "spc",
        "root_cause",
        "sustainability",
        "spread",
    }
    attached = Resource.objects.filter(system=demo.system, event__isnull=False)
    assert {r.kind for r in attached} == {"recording", "slides"}
    event = attached[0].event
    assert event is not None
    summary = feedback_summary(event=event)
    assert summary.total == Feedback.objects.count() > 0
    assert len([p for p in tmp_path.rglob("*") if p.is_file()]) == Resource.objects.exclude(file="").count()
    assert mail.outbox == []


def test_the_demo_pdfs_pass_the_upload_check() -> None:
    import io

    assert detect(io.BytesIO(pdf_bytes("Title (with brackets)", ["A line"])), "pdf") is PDF
