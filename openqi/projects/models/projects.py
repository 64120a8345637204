"""QI projects on the Model for Improvement: aim, team, driver diagram, PDSA cycles, progress.

Measures and ideas live in other apps; a project points at them only through `ProjectLink`
(a kind and an id), so this app never imports them.
"""

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from openqi.organisations.models import Organisation, Team
from openqi.vocabulary import Domain, MeasureType


class Visibility(models.TextChoices):
    PRIVATE = "private", "Private to the project team"
    ORGANISATION = "organisation", "Everyone in the organisation"
    PUBLIC = "public", "Organisation, plus a public summary across the ICS"


class Stage(models.TextChoices):
    DIAGNOSE = "diagnose", "Diagnose"
    PLAN = "plan", "Plan"
    TEST = "test", "Test"
    IMPLEMENT = "implement", "Implement"
    SPREAD = "spread", "Spread"
    SUSTAIN = "sustain", "Sustain"
    CLOSED = "closed", "Closed"


STAGE_EXPECTATIONS: dict[str, str] = {
    Stage.DIAGNOSE: "Understand the problem: look at the data, map the process, find causes with the team "
    "and the people who use the service.",
    Stage.PLAN: "Write a specific, measurable aim, build the driver diagram and agree the family of measures "
    "with a baseline.",
    Stage.TEST: "Test change ideas in small PDSA cycles, each with a prediction, and learn from every cycle.",
    Stage.IMPLEMENT: "Make the changes that worked part of everyday work and watch the measures for a sustained shift.",
    Stage.SPREAD: "Share what worked and help other teams adopt and adapt the changes.",
    Stage.SUSTAIN: "Hand over to the service, keep measuring, and check the improvement holds.",
    Stage.CLOSED: "The project has finished. Record what was learned so others can build on it.",
}


class ProjectRole(models.TextChoices):
    LEAD = "lead", "Project lead"
    MEMBER = "member", "Team member"
    QI_COACH = "qi_coach", "QI coach"
    SPONSOR = "sponsor", "Sponsor"
    PARTNER = "partner", "Partner (expert by experience)"


# Project roles that may change the project's content (driver diagram, PDSA cycles).
EDITOR_ROLES = (ProjectRole.LEAD, ProjectRole.MEMBER, ProjectRole.QI_COACH)


class Project(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="projects")
    title = models.CharField(max_length=200)
    problem = models.TextField("Problem statement")
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="projects")
    domains = models.JSONField(default=list, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    visibility = models.CharField(max_length=20, choices=Visibility.choices, default=Visibility.ORGANISATION)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.DIAGNOSE)
    # The aim, in guided parts: what, how much (number and unit), by when, for whom.
    aim_what = models.CharField(max_length=300, blank=True)
    aim_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    aim_unit = models.CharField(max_length=100, blank=True)
    aim_by = models.DateField(null=True, blank=True)
    aim_for_whom = models.CharField(max_length=300, blank=True)
    # The progress score the lead accepted or chose (IHI 0.5–5.0), with their reason.
    progress_score = models.DecimalField(max_digits=2, decimal_places=1, null=True, blank=True)
    progress_reason = models.TextField(blank=True)
    progress_set_at = models.DateTimeField(null=True, blank=True)
    copied_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # The project whose change package (driver diagram, measures, PDSA plans) this one adopted;
    # it may be in another organisation of the ICS (see services/spread.py).
    adopted_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # An archived project leaves the default lists but stays reachable (and can be unarchived).
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-updated_at", "title")
        # The archive and similar-project lookups read one organisation's projects by visibility.
        indexes: ClassVar = [models.Index(fields=("organisation", "visibility"), name="project_org_visibility")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def has_aim(self) -> bool:
        return bool(
            self.aim_what and self.aim_amount is not None and self.aim_unit and self.aim_by and self.aim_for_whom
        )

    @property
    def domain_labels(self) -> list[str]:
        return [Domain(d).label for d in self.domains if d in Domain.values]

    @property
    def stage_expectation(self) -> str:
        return STAGE_EXPECTATIONS[self.stage]


def format_amount(amount: Decimal | None) -> str:
    if amount is None:
        return ""
    return f"{amount.normalize():f}"


class ProjectMember(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_memberships")
    role = models.CharField(max_length=20, choices=ProjectRole.choices, default=ProjectRole.MEMBER)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("role", "user__full_name")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("project", "user"), name="project_member_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.project} ({self.role})"


class LinkKind(models.TextChoices):
    MEASURE = "measure", "Measure"
    IDEA = "idea", "Idea"


class Evidence(models.TextChoices):
    NONE = "", "No improvement shown yet"
    IMPROVEMENT = "improvement", "Shows improvement (special cause in the improving direction)"
    SUSTAINED = "sustained", "Shows sustained improvement"


class ProjectLink(models.Model):
    """A generic reference to a measure or idea held by another app (kind plus id).

    `has_baseline` and `evidence` are what the measures app reports about a linked measure; the
    progress score reads them (see docs/projects.md).
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="links")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=LinkKind.choices)
    ref_id = models.PositiveIntegerField()
    label = models.CharField(max_length=200)
    has_baseline = models.BooleanField(default=False)
    evidence = models.CharField(max_length=20, choices=Evidence.choices, default=Evidence.NONE, blank=True)
    # For a measure: its type in the family of measures, so the archive can filter by it.
    measure_type = models.CharField(max_length=20, choices=MeasureType.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("kind", "label")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("project", "kind", "ref_id"), name="project_link_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.label}"


class SuggestedMeasure(models.Model):
    """A measure the team is advised to create (from a template or an adopted change package):
    its definition only. Once created in the measures app, the team links it with `ProjectLink`."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="suggested_measures")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    family = models.CharField(max_length=20, choices=MeasureType.choices, blank=True)
    name = models.CharField(max_length=200)
    definition = models.TextField(blank=True)
    source = models.CharField(max_length=300, blank=True)  # "Template: Reduce inpatient falls"
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("position", "pk")

    def __str__(self) -> str:
        return f"{self.get_family_display()}: {self.name}"


DRIVER_LEVELS = {1: "Primary driver", 2: "Secondary driver", 3: "Change idea"}
MAX_DRIVER_DEPTH = 3


class DriverNode(models.Model):
    """One box of the driver diagram. Depth 1 is a primary driver, 2 secondary, 3 a change idea;
    the aim is the project's own aim, not a node."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="driver_nodes")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    position = models.PositiveIntegerField(default=0)
    text = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    # Removing a box archives it: it leaves the diagram, its PDSA cycles keep their link, and it
    # can be restored (who removed it is in the audit trail).
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("position", "pk")

    def __str__(self) -> str:
        return self.text

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class PdsaStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    DOING = "doing", "Doing"
    STUDYING = "studying", "Studying"
    ADOPTED = "adopted", "Adopted"
    ADAPTED = "adapted", "Adapted"
    ABANDONED = "abandoned", "Abandoned"


class ActDecision(models.TextChoices):
    ADOPT = "adopt", "Adopt: keep the change as it is"
    ADAPT = "adapt", "Adapt: change it and test again"
    ABANDON = "abandon", "Abandon: stop testing this change"


DECISION_STATUS = {
    ActDecision.ADOPT: PdsaStatus.ADOPTED,
    ActDecision.ADAPT: PdsaStatus.ADAPTED,
    ActDecision.ABANDON: PdsaStatus.ABANDONED,
}
FINISHED_STATUSES = (PdsaStatus.ADOPTED, PdsaStatus.ADAPTED, PdsaStatus.ABANDONED)


class PdsaCycle(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="pdsa_cycles")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField()
    change_idea = models.ForeignKey(
        DriverNode, on_delete=models.SET_NULL, null=True, blank=True, related_name="pdsa_cycles"
    )
    builds_on = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="next_cycles")
    status = models.CharField(max_length=20, choices=PdsaStatus.choices, default=PdsaStatus.PLANNED)
    # Plan
    objective = models.CharField(max_length=300)
    question = models.TextField()
    prediction = models.TextField()
    plan_who = models.CharField("Who", max_length=300, blank=True)
    plan_what = models.TextField("What", blank=True)
    plan_when = models.DateField("When", null=True, blank=True)
    plan_where = models.CharField("Where", max_length=300, blank=True)
    data_to_collect = models.TextField(blank=True)
    # Do
    do_what_happened = models.TextField(blank=True)
    do_observations = models.TextField(blank=True)
    # Study
    study_results = models.TextField(blank=True)
    # Act
    act_decision = models.CharField(max_length=20, choices=ActDecision.choices, blank=True)
    act_next = models.TextField(blank=True)
    completed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("number",)
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("project", "number"), name="pdsa_number_unique"),
        ]

    def __str__(self) -> str:
        return f"PDSA {self.number}: {self.objective}"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES


# --- finding causes: fishbone and 5 whys ---------------------------------------------------------


class CauseCategory(models.TextChoices):
    PEOPLE = "people", "People"
    METHODS = "methods", "Methods"
    EQUIPMENT = "equipment", "Equipment"
    ENVIRONMENT = "environment", "Environment"
    MATERIALS = "materials", "Materials and supplies"
    MEASUREMENT = "measurement", "Measurement"


class Fishbone(models.Model):
    """A cause and effect (Ishikawa) diagram: a problem and its possible causes by category."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="fishbones")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    problem = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("created_at", "pk")

    def __str__(self) -> str:
        return self.problem


class FishboneCause(models.Model):
    fishbone = models.ForeignKey(Fishbone, on_delete=models.CASCADE, related_name="causes")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    category = models.CharField(max_length=20, choices=CauseCategory.choices)
    text = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("created_at", "pk")

    def __str__(self) -> str:
        return self.text


MAX_WHYS = 5


class WhyChain(models.Model):
    """A 5 whys chain: a problem, then each answer to "why?" in turn; the last is the root cause."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="why_chains")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    problem = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("created_at", "pk")

    def __str__(self) -> str:
        return self.problem


class WhyStep(models.Model):
    chain = models.ForeignKey(WhyChain, on_delete=models.CASCADE, related_name="steps")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField()
    answer = models.CharField(max_length=300)

    class Meta:
        ordering = ("position",)
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("chain", "position"), name="why_step_unique"),
        ]

    def __str__(self) -> str:
        return self.answer


# --- process maps --------------------------------------------------------------------------------


class StepKind(models.TextChoices):
    START_END = "start_end", "Start or end"
    ACTION = "action", "Action"
    DECISION = "decision", "Decision"
    WAIT = "wait", "Wait or delay"


class ProcessMap(models.Model):
    """The steps of a process as it happens now (or as it should), with who, how long and value."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="process_maps")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("created_at", "pk")

    def __str__(self) -> str:
        return self.title


class ProcessStep(models.Model):
    process_map = models.ForeignKey(ProcessMap, on_delete=models.CASCADE, related_name="steps")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=20, choices=StepKind.choices, default=StepKind.ACTION)
    text = models.CharField(max_length=200)
    owner = models.CharField(max_length=100, blank=True)
    minutes = models.PositiveIntegerField(null=True, blank=True)
    value_adding = models.BooleanField(default=False)

    class Meta:
        ordering = ("position", "pk")

    def __str__(self) -> str:
        return self.text
