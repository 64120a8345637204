"""More demo data for `seed_demo` (called from `demo.seed_projects`): six more projects across both
organisations, two published improvement stories and the falls project's partner involvement.
Built through the services and only once: anything that already exists is left alone."""

import datetime
from decimal import Decimal

from openqi.accounts.models import User
from openqi.organisations.models import Organisation, Team
from openqi.projects import services
from openqi.projects.models import InvolvementEntry, Project, Story
from openqi.projects.services import involvement, stories

FALLS = "Fewer falls with harm on Ward 9"
CRISIS = "Crisis team call-back within 4 hours"

# (organisation slug, title, problem, team, domains, stage, visibility)
MORE: list[tuple[str, str, str, str, list[str], str, str]] = [
    (
        "northfield",
        "On-time first theatre case",
        "Half of morning lists start more than 20 minutes late, so cases are cancelled at the end of the day.",
        "Theatres",
        ["efficient", "timely"],
        "test",
        "organisation",
    ),
    (
        "northfield",
        "Fetal monitoring reviews on every shift",
        "Reviews of fetal heart monitoring were missed on busy shifts.",
        "Maternity",
        ["safe"],
        "spread",
        "public",
    ),
    (
        "northfield",
        "Skin-to-skin care in the Neonatal Unit",
        "Parents said they were not offered skin-to-skin care with their babies as often as they wanted.",
        "Neonatal Unit",
        ["patient_centred"],
        "sustain",
        "organisation",
    ),
    (
        "riverside",
        CRISIS,
        "People referred to the crisis team waited up to a day for a first call back.",
        "Crisis Team",
        ["timely", "safe"],
        "sustain",
        "public",
    ),
    (
        "riverside",
        "Fewer missed first appointments in Talking Therapies",
        "One in four people missed their first appointment, more often in the most deprived areas.",
        "Talking Therapies",
        ["equitable", "efficient"],
        "test",
        "organisation",
    ),
    (
        "riverside",
        "Pressure ulcer checks at home",
        "Pressure ulcers are found late in people cared for at home.",
        "District Nursing South",
        ["safe"],
        "diagnose",
        "private",
    ),
]


def seed_more(*, northfield: Organisation, riverside: Organisation, today: datetime.date) -> None:
    orgs = {"northfield": northfield, "riverside": riverside}
    leads = {
        "northfield": User.objects.get(email="lead@northfield.example"),
        "riverside": User.objects.get(email="lead@riverside.example"),
    }
    for slug, title, problem, team_name, domains, stage, visibility in MORE:
        organisation = orgs[slug]
        if Project.objects.filter(organisation=organisation, title=title).exists():
            continue
        project = services.project_create(
            actor=leads[slug],
            organisation=organisation,
            title=title,
            problem=problem,
            team=Team.objects.get(organisation=organisation, name=team_name),
            domains=domains,
            visibility=visibility,
            start_date=today - datetime.timedelta(days=200),
        )
        services.project_update(actor=leads[slug], project=project, stage=stage)
        if title == CRISIS:
            _crisis_cycles(project, leads[slug], today)
    falls = Project.objects.filter(organisation=northfield, title=FALLS).first()
    if falls is not None:
        _falls_story(falls, leads["northfield"])
        _falls_involvement(falls, leads["northfield"], today)
    crisis = Project.objects.filter(organisation=riverside, title=CRISIS).first()
    if crisis is not None:
        _crisis_story(crisis, leads["riverside"])


def _crisis_cycles(project: Project, lead: User, today: datetime.date) -> None:
    for objective, learned, days_ago in [
        ("A duty worker for call-backs on weekdays", "Median wait fell from 9 hours to 3.", 150),
        ("The duty rota at weekends too", "Weekend waits now match weekdays.", 90),
    ]:
        cycle = services.pdsa_cycle_plan(
            actor=lead,
            project=project,
            objective=objective,
            question="Will a named duty worker shorten the wait for a call back?",
            prediction="Most people called back within 4 hours",
            plan_when=today - datetime.timedelta(days=days_ago),
        )
        services.pdsa_cycle_record_do(actor=lead, cycle=cycle, what_happened="Ran for four weeks.", observations="")
        services.pdsa_cycle_record_study(actor=lead, cycle=cycle, results=learned)
        services.pdsa_cycle_complete(
            actor=lead,
            cycle=cycle,
            decision="adopt",
            next_steps="Keep it and keep measuring.",
            completed_on=today - datetime.timedelta(days=days_ago - 28),
        )


def _publish(project: Project, lead: User, **words: object) -> None:
    if Story.objects.filter(project=project, title=words["title"]).exists():
        return
    story = stories.story_create(actor=lead, project=project, **words)  # type: ignore[arg-type]
    stories.story_submit(actor=lead, story=story)
    stories.story_publish(actor=lead, story=story)


def _falls_story(project: Project, lead: User) -> None:
    chart = project.links.filter(kind="measure", label="Falls per 1,000 bed days").first()
    _publish(
        project,
        lead,
        title="Fewer falls on an elderly care ward",
        problem="Falls with harm on Ward 9 rose from 4 to 9 a quarter, mostly at night and among patients "
        "with delirium.",
        tried="Six small tests of change: a cohort bay with a nurse at night, slipper socks (abandoned: few "
        "patients wore them), and a falls bundle that moved from a paper form into the admission paperwork.",
        results="Falls per 1,000 bed days shifted down after the falls bundle was adopted, and the lower rate "
        "has held since. Falls risk assessments within 6 hours rose at the same time.",
        lessons="Test on one bay, on nights, before the whole ward. Build the change into paperwork staff "
        "already use. Ask patients and carers early: they told us about the slipper socks before the data did.",
        chart_link=chart,
        credit_team=True,
    )


def _crisis_story(project: Project, lead: User) -> None:
    _publish(
        project,
        lead,
        title="Calling people in crisis back sooner",
        problem="People referred to the crisis team waited up to a day for a first call back.",
        tried="A named duty worker took every call-back on weekdays, then at weekends too.",
        results="The median wait fell from 9 hours to 3, at weekends as on weekdays.",
        lessons="A named person beats a shared inbox. Start where the wait is longest.",
    )


def _falls_involvement(project: Project, lead: User, today: datetime.date) -> None:
    if InvolvementEntry.objects.filter(project=project).exists():
        return
    partner = project.members.filter(role="partner").select_related("user").first()
    if partner is None:
        return
    for days_ago, activity, hours, expenses, voucher in [
        (150, "Project team meeting", "2", "8.40", "0"),
        (120, "Night walk-round on Ward 9 with the nurse in charge", "3", "12.60", "25"),
        (80, "Co-design of the falls leaflet", "2.5", "0", "25"),
        (30, "Project team meeting", "1.5", "8.40", "0"),
    ]:
        involvement.involvement_add(
            actor=lead,
            project=project,
            member=partner,
            date=today - datetime.timedelta(days=days_ago),
            activity=activity,
            hours=Decimal(hours),
            expenses=Decimal(expenses),
            voucher=Decimal(voucher),
        )
