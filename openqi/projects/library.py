"""Project templates: a starting point for common NHS improvement aims, defined in code.

Each gives a problem prompt, an aim skeleton, quality domains, a driver diagram skeleton (primary
drivers, secondary drivers, change ideas) and the family of measures to create. The team edits
all of it: a template is a prompt, not an answer. Pure data, no Django.
"""

from dataclasses import dataclass

# (primary driver, [(secondary driver, [change ideas])])
Drivers = tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...]


@dataclass(frozen=True)
class MeasureDefinition:
    family: str  # outcome, process or balancing
    name: str
    definition: str


@dataclass(frozen=True)
class ProjectTemplate:
    key: str
    title: str
    problem_prompt: str
    aim_what: str
    aim_unit: str
    aim_for_whom: str
    domains: tuple[str, ...]
    drivers: Drivers
    measures: tuple[MeasureDefinition, ...]

    @property
    def aim_skeleton(self) -> str:
        return f"We aim to {self.aim_what} by [how much] {self.aim_unit} for {self.aim_for_whom} by [date]."

    @property
    def node_count(self) -> int:
        return sum(1 + sum(1 + len(ideas) for _, ideas in secondaries) for _, secondaries in self.drivers)


M = MeasureDefinition

TEMPLATES: tuple[ProjectTemplate, ...] = (
    ProjectTemplate(
        key="falls",
        title="Reduce inpatient falls",
        problem_prompt="Describe the falls on your ward or service: how many, how often with harm, when and "
        "where they happen, and what the data and the people involved tell you about why.",
        aim_what="reduce inpatient falls with harm",
        aim_unit="%",
        aim_for_whom="patients on [ward]",
        domains=("safe",),
        drivers=(
            (
                "Reliable risk assessment",
                (
                    ("Multifactorial falls risk assessment on admission", ("Falls bundle in the admission form",)),
                    ("Lying and standing blood pressure", ("Lying and standing BP prompt on the observation chart",)),
                ),
            ),
            (
                "Safe environment",
                (
                    ("Call bell and belongings within reach", ("Bedside safety check on each ward round",)),
                    ("Supervision of patients at high risk", ("Bay nursing for high-risk patients",)),
                ),
            ),
            (
                "Patients and families involved",
                (("Information about falls risk", ("Falls leaflet and conversation at admission",)),),
            ),
        ),
        measures=(
            M(
                "outcome",
                "Falls with harm per 1,000 bed days",
                "Falls reported with harm (low and above) divided by occupied bed days, times 1,000, per month.",
            ),
            M(
                "process",
                "Falls risk assessment within 24 hours",
                "Share of admissions with a completed "
                "multifactorial risk assessment within 24 hours, from a weekly audit of 10 notes.",
            ),
            M(
                "balancing",
                "Patients mobilised each day",
                "Share of patients who walked at least once a day, so "
                "fewer falls do not come from keeping people in bed.",
            ),
        ),
    ),
    ProjectTemplate(
        key="pressure_ulcers",
        title="Reduce pressure ulcers",
        problem_prompt="Describe the hospital- or community-acquired pressure ulcers: how many, which category, "
        "where on the body, and what the reviews found.",
        aim_what="reduce category 2 and above pressure ulcers",
        aim_unit="%",
        aim_for_whom="patients in [service]",
        domains=("safe", "effective"),
        drivers=(
            (
                "Early identification of risk",
                (("Risk assessment on admission and every week", ("Purpose-T assessment within 6 hours",)),),
            ),
            (
                "SSKIN care delivered reliably",
                (
                    ("Regular repositioning", ("Repositioning chart at the bedside", "Turn clock on the bay")),
                    ("Right mattress and equipment", ("Equipment request within 4 hours",)),
                ),
            ),
        ),
        measures=(
            M(
                "outcome",
                "Pressure ulcers per 1,000 bed days",
                "New category 2+ pressure ulcers acquired in our care per 1,000 occupied bed days, per month.",
            ),
            M(
                "process",
                "Risk assessment within 6 hours",
                "Share of admissions with a risk assessment within 6 hours, from a weekly audit.",
            ),
            M(
                "balancing",
                "Staff time spent repositioning",
                "Minutes of nursing time per shift on repositioning, sampled monthly.",
            ),
        ),
    ),
    ProjectTemplate(
        key="flow",
        title="Improve patient flow / reduce delays to discharge",
        problem_prompt="Describe where patients wait: how long from medically fit to discharge, how many "
        "discharges happen before noon, and what holds them up.",
        aim_what="reduce the time from medically optimised to discharge",
        aim_unit="hours",
        aim_for_whom="patients on [ward or pathway]",
        domains=("timely", "efficient", "patient_centred"),
        drivers=(
            (
                "Planning for discharge from admission",
                (
                    (
                        "Expected date of discharge set and shared",
                        ("Expected discharge date set at the first ward round",),
                    ),
                ),
            ),
            (
                "Board rounds that act",
                (("Daily board round with actions", ("Red and green days", "Criteria-led discharge")),),
            ),
            (
                "Timely medicines and transport",
                (("Discharge medicines ready the day before", ("TTO written the day before discharge",)),),
            ),
        ),
        measures=(
            M(
                "outcome",
                "Hours from medically optimised to discharge",
                "Median hours between the medically optimised time and the time the patient left the ward, per week.",
            ),
            M("process", "Discharges before noon", "Share of discharges leaving the ward before 12:00, per week."),
            M(
                "balancing",
                "Readmissions within 7 days",
                "Share of discharged patients readmitted within 7 days, so faster discharge is not unsafe discharge.",
            ),
        ),
    ),
    ProjectTemplate(
        key="medication_errors",
        title="Reduce medication errors",
        problem_prompt="Describe the medication incidents: which stage (prescribing, dispensing, administering), "
        "which medicines, how often with harm, and what the reviews found.",
        aim_what="reduce medication administration errors",
        aim_unit="%",
        aim_for_whom="patients on [ward]",
        domains=("safe",),
        drivers=(
            (
                "Fewer interruptions during drug rounds",
                (("Protected time for the drug round", ("Do not disturb tabards",)),),
            ),
            (
                "Reliable checks",
                (("Independent double checks for high-risk medicines", ("Insulin double-check prompt",)),),
            ),
        ),
        measures=(
            M(
                "outcome",
                "Administration errors per 1,000 doses",
                "Administration errors found by a weekly audit per 1,000 doses given.",
            ),
            M("process", "Drug rounds without interruption", "Share of observed drug rounds with no interruption."),
            M(
                "balancing",
                "Drug round duration",
                "Minutes from the start to the end of the morning round, so fewer "
                "interruptions do not make rounds much longer.",
            ),
        ),
    ),
    ProjectTemplate(
        key="wellbeing",
        title="Improve staff wellbeing",
        problem_prompt="Describe what staff say about work: check-in and survey results, sickness absence, "
        "turnover, and what gets in the way of a good day.",
        aim_what="increase the share of good days at work",
        aim_unit="percentage points",
        aim_for_whom="staff in [team]",
        domains=("effective", "efficient"),
        drivers=(
            (
                "Time to rest and recover",
                (("Breaks taken", ("Break buddy on each shift",)), ("Somewhere to rest", ("Staff room refresh",))),
            ),
            (
                "Feeling heard",
                (("Regular huddles", ("Daily 10-minute huddle with a 'what matters' question",)),),
            ),
        ),
        measures=(
            M("outcome", "Good days at work", "Share of daily check-ins answering 4 or 5 (of 5), per week."),
            M("process", "Breaks taken", "Share of staff on a shift reporting they had their full break."),
            M(
                "balancing",
                "Patient care hours",
                "Care hours per patient day, so breaks do not come at patients' expense.",
            ),
        ),
    ),
)

BY_KEY = {t.key: t for t in TEMPLATES}


def template_get(key: str) -> ProjectTemplate | None:
    return BY_KEY.get(key)
