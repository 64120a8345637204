from typing import Any

from openqi.accounts.models import User
from openqi.demo.organisations import seed_organisations
from openqi.demo.training import seed_training
from openqi.training.models import Course, Interest, TrainingRecord
from openqi.training.selectors import capability_summary


def test_demo_training_gives_the_capability_dashboard_a_history_once(db: Any) -> None:
    demo = seed_organisations()
    northfield = demo.orgs["northfield"]
    kwargs = {
        "northfield": northfield,
        "lead": User.objects.get(email="lead@northfield.example"),
        "staff": User.objects.get(email="staff@northfield.example"),
        "teams": [t for t in demo.teams["northfield"].values() if t.parent_id],
    }
    seed_training(**kwargs)
    counts = (Course.objects.count(), TrainingRecord.objects.count())
    seed_training(**kwargs)
    assert counts == (Course.objects.count(), TrainingRecord.objects.count())
    assert Course.objects.filter(title__in=["Introduction to Quality Improvement", "QI Leaders"]).count() == 2
    assert Interest.objects.count() == 1
    summary = capability_summary(organisation=northfield)
    assert len(summary.quarters) >= 8
    assert summary.led_by_leader >= 0
    assert next(r for r in summary.levels if r.level.name == "Leader").people == 8
    assert len(summary.staff_groups) == 5
    assert sum(g.staff for g in summary.staff_groups) == 48
