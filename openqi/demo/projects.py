"""Demo projects for `seed_demo`: the Northfield falls project and others at other stages
(`projects_more.py` adds more projects, two published stories and partner involvement).

Built through the services (so the audit log reads like real use) and only once: a project that
already exists by title is left alone, so running the demo command again changes nothing.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from openqi.accounts.models import User
from openqi.demo.projects_more import seed_more
from openqi.organisations.models import Organisation, Team
from openqi.projects import services
from openqi.projects.measure_refs import measure_ids_by_name
from openqi.projects.models import DriverNode, PdsaCycle, Project, ProjectOrganisation
from openqi.projects.scoring import progress_suggest
from openqi.projects.selectors import progress_evidence

FALLS = "Fewer falls with harm on Ward 9"
FALLS_MEASURE = "Falls per 1,000 bed days"
ASSESSMENT_MEASURE = "Falls risk assessment within 6 hours"
HYDRATION = "Hydration rounds on Ward 3"
DISCHARGE = "Discharge before noon on Ward 7"


def seed_projects(*, northfield: Organisation, riverside: Organisation) -> None:
    lead = User.objects.get(email="lead@northfield.example")
    staff = User.objects.get(email="staff@northfield.example")
    partner = User.objects.get(email="partner@northfield.example")
    rowan = User.objects.get(email="lead@riverside.example")
    ward9 = Team.objects.get(organisation=northfield, name="Ward 9 (Elderly Care)")
    ward7 = Team.objects.get(organisation=northfield, name="Ward 7 (Acute Medicine)")
    today = timezone.localdate()

    if not Project.objects.filter(organisation=northfield, title=FALLS).exists():
        _falls_project(northfield, lead, staff, partner, ward9, today)

    simple = [
        (
            northfield,
            lead,
            DISCHARGE,
            "Most discharges happen after 4pm, so admissions wait in the Emergency Department.",
            ward7,
            ["timely", "efficient"],
            "plan",
            "organisation",
        ),
        (
            northfield,
            lead,
            "Sepsis screening within an hour in ED",
            "Screening is recorded late for a third of adults with suspected sepsis.",
            Team.objects.get(organisation=northfield, name="Emergency Department"),
            ["safe", "timely"],
            "diagnose",
            "private",
        ),
        (
            northfield,
            lead,
            "Hydration rounds on Ward 3",
            "Patients after hip surgery were often dehydrated on day two.",
            Team.objects.get(organisation=northfield, name="Ward 3 (Orthopaedics)"),
            ["safe", "patient_centred"],
            "closed",
            "public",
        ),
        (
            riverside,
            rowan,
            "Fewer missed insulin visits",
            "District nursing visits for insulin were missed at weekends.",
            Team.objects.get(organisation=riverside, name="District Nursing North"),
            ["safe", "equitable"],
            "implement",
            "public",
        ),
    ]
    for organisation, actor, title, problem, team, domains, stage, visibility in simple:
        if Project.objects.filter(organisation=organisation, title=title).exists():
            continue
        project = services.project_create(
            actor=actor,
            organisation=organisation,
            title=title,
            problem=problem,
            team=team,
            domains=domains,
            visibility=visibility,
            start_date=today - datetime.timedelta(days=120),
        )
        services.project_update(actor=actor, project=project, stage=stage)
    seed_more(northfield=northfield, riverside=riverside, today=today)
    _share_discharge(northfield, riverside, lead, rowan)
    hydration = Project.objects.filter(organisation=northfield, title=HYDRATION).first()
    if hydration is not None and not hydration.driver_nodes.exists():
        _hydration_change_package(hydration, lead, today)


def _share_discharge(northfield: Organisation, riverside: Organisation, lead: User, rowan: User) -> None:
    """An ICS project: Northfield's discharge project is shared with Riverside, whose community
    teams take patients home, and Riverside's lead joins the project team."""
    project = Project.objects.filter(organisation=northfield, title=DISCHARGE).first()
    if project is None or ProjectOrganisation.objects.filter(project=project, organisation=riverside).exists():
        return
    services.project_organisation_add(actor=lead, project=project, organisation=riverside)
    services.project_member_add(actor=lead, project=project, user=rowan, role="member")


def _hydration_change_package(project: Project, lead: User, today: datetime.date) -> None:
    """A public, closed project whose change package other organisations of the ICS can adopt."""
    services.project_aim_set(
        actor=lead,
        project=project,
        what="Reduce dehydration on day two after hip surgery",
        amount=Decimal(50),
        unit="%",
        by=today + datetime.timedelta(days=1),
        for_whom="patients on Ward 3 (Orthopaedics)",
    )
    drink = services.driver_node_add(actor=lead, project=project, text="Drinks offered reliably")
    rounds = services.driver_node_add(actor=lead, project=project, text="Regular hydration rounds", parent=drink)
    idea = services.driver_node_add(actor=lead, project=project, text="Two-hourly drinks round", parent=rounds)
    services.driver_node_add(actor=lead, project=project, text="Jug within reach", parent=rounds)
    cycle = services.pdsa_cycle_plan(
        actor=lead,
        project=project,
        objective="Two-hourly drinks round for a week",
        question="Will a round every two hours keep patients hydrated on day two?",
        prediction="Fewer than 1 in 5 patients dehydrated on day two",
        change_idea=idea,
        data_to_collect="Fluid balance charts and day-two blood results",
    )
    services.pdsa_cycle_record_do(
        actor=lead, cycle=cycle, what_happened="Rounds ran on the day shift", observations="Night shift missed"
    )
    services.pdsa_cycle_record_study(actor=lead, cycle=cycle, results="1 in 8 dehydrated: better than predicted")
    services.pdsa_cycle_complete(actor=lead, cycle=cycle, decision="adopt", next_steps="Make it part of every shift")


def _falls_project(
    organisation: Organisation, lead: User, staff: User, partner: User, ward9: Team, today: datetime.date
) -> None:
    start = today - datetime.timedelta(days=180)
    project = services.project_create(
        actor=lead,
        organisation=organisation,
        title=FALLS,
        problem="Falls with harm on Ward 9 rose from 4 to 9 a quarter over the last year, mostly at night "
        "and among patients with delirium.",
        team=ward9,
        domains=["safe", "patient_centred"],
        start_date=start,
        end_date=today + datetime.timedelta(days=180),
        visibility="organisation",
    )
    services.project_member_add(actor=lead, project=project, user=staff, role="member")
    services.project_member_add(actor=lead, project=project, user=partner, role="partner")
    services.project_aim_set(
        actor=lead,
        project=project,
        what="Reduce falls with harm",
        amount=Decimal(50),
        unit="%",
        by=today + datetime.timedelta(days=180),
        for_whom="patients on Ward 9 (Elderly Care)",
    )
    services.project_update(actor=lead, project=project, stage="test")
    # The measures demo's falls family, by name (ids differ between databases); both show a
    # sustained shift after the falls bundle was adopted, the evidence for a progress score of 4.
    ids = measure_ids_by_name(organisation=organisation, names=[FALLS_MEASURE, ASSESSMENT_MEASURE])
    for position, (name, evidence) in enumerate(((FALLS_MEASURE, "sustained"), (ASSESSMENT_MEASURE, "improvement"))):
        services.project_link_add(
            actor=lead,
            project=project,
            kind="measure",
            ref_id=ids.get(name, position + 1),
            label=name,
            has_baseline=True,
            evidence=evidence,
            measure_type="outcome" if name == FALLS_MEASURE else "process",
        )

    def node(text: str, parent: DriverNode | None = None) -> DriverNode:
        return services.driver_node_add(actor=lead, project=project, text=text, parent=parent)

    environment = node("Safe environment")
    bay = node("Bay nursing for patients at high risk", environment)
    cohort = node("Cohort bay with a nurse at night", bay)
    node("Bed and chair sensors", bay)
    clutter = node("Clear floors and call bells in reach", environment)
    node("Intentional rounding checklist", clutter)
    people = node("Patients and staff aware of risk")
    assessment = node("Risk assessed on admission", people)
    bundle = node("Falls bundle in the admission paperwork", assessment)
    delirium = node("Delirium recognised early", people)
    screening = node("4AT screening every night", delirium)
    footwear = node("Slipper socks for every patient at risk", node("Safe footwear and mobility", people))

    cycles: list[tuple[DriverNode, str, str, str, str | None, int]] = [
        (cohort, "Cohort bay for three nights", "Does a cohort bay cut night falls?", "One fall at most", "adopt", 150),
        (footwear, "Slipper socks from the ward stock", "Will patients wear them?", "Most will", "abandon", 130),
        (bundle, "Falls bundle on paper for one week", "Is it completed within 6 hours?", "Two thirds", "adapt", 110),
        (bundle, "Falls bundle built into the admission form", "Does the form help?", "Nine in ten", "adopt", 80),
        (
            cohort,
            "Cohort bay every night for a month",
            "Does it hold on busy nights?",
            "Yes, with bank staff",
            None,
            40,
        ),
        (screening, "4AT screening on night shift", "Can nights fit it in?", "Most nights", None, 10),
    ]
    previous: dict[int, PdsaCycle] = {}
    for idea, objective, question, prediction, decision, days_ago in cycles:
        cycle = services.pdsa_cycle_plan(
            actor=lead,
            project=project,
            change_idea=idea,
            builds_on=previous.get(idea.pk),
            objective=objective,
            question=question,
            prediction=prediction,
            plan_who="Night nurse in charge",
            plan_when=today - datetime.timedelta(days=days_ago),
            plan_where="Ward 9",
            data_to_collect="Falls, near misses and staff comments each night",
        )
        previous[idea.pk] = cycle
        if decision is None and days_ago > 20:
            services.pdsa_cycle_record_do(
                actor=staff,
                cycle=cycle,
                what_happened="Running: 12 nights so far.",
                observations="Busy nights are hard.",
            )
        if decision is not None:
            services.pdsa_cycle_record_do(
                actor=staff,
                cycle=cycle,
                what_happened="Carried out as planned.",
                observations="Patients were positive.",
            )
            services.pdsa_cycle_record_study(
                actor=lead,
                cycle=cycle,
                results={
                    "adopt": "Better than predicted.",
                    "adapt": "Only half completed in time.",
                    "abandon": "Few patients wore them.",
                }[decision],
            )
            services.pdsa_cycle_complete(
                actor=lead,
                cycle=cycle,
                decision=decision,
                next_steps="See the next cycle.",
                completed_on=today - datetime.timedelta(days=days_ago - 14),
            )
    _diagnosis(project, lead)
    suggested = progress_suggest(progress_evidence(project=project)).score
    services.project_progress_set(actor=lead, project=project, score=suggested, suggested=suggested)


def _diagnosis(project: Project, lead: User) -> None:
    fishbone = services.fishbone_create(actor=lead, project=project, problem="Falls with harm at night on Ward 9")
    for category, text in [
        ("people", "Agency staff new to the ward"),
        ("people", "Delirium not recognised"),
        ("methods", "Risk assessment done late"),
        ("equipment", "Bed alarms not switched on"),
        ("environment", "Dim lighting in side rooms"),
        ("environment", "Call bells out of reach"),
        ("materials", "No slipper socks in stock"),
        ("measurement", "Falls reported days later"),
    ]:
        services.fishbone_cause_add(actor=lead, fishbone=fishbone, category=category, text=text)
    chain = services.why_chain_create(actor=lead, project=project, problem="The falls risk assessment is done late")
    for answer in [
        "It is done after the admission paperwork",
        "The paperwork does not prompt for it",
        "The falls bundle is a separate form",
        "Nobody owned the admission form design",
    ]:
        services.why_step_add(actor=lead, chain=chain, answer=answer)
    process_map = services.process_map_create(actor=lead, project=project, title="Night admission to Ward 9")
    for kind, text, owner, minutes, value in [
        ("start_end", "Patient arrives from ED", "", None, False),
        ("wait", "Wait for the bed to be made", "", 40, False),
        ("action", "Admission paperwork", "Nurse", 30, False),
        ("decision", "High falls risk?", "Nurse", 5, True),
        ("action", "Move to the cohort bay", "HCA", 15, True),
        ("start_end", "Settled for the night", "", None, False),
    ]:
        services.process_step_add(
            actor=lead, process_map=process_map, kind=kind, text=text, owner=owner, minutes=minutes, value_adding=value
        )
