"""Project forms, with NHS-style error messages. Services check the same rules again."""

from typing import Any

from django import forms

from openqi.core.forms import NhsDateField, set_choices
from openqi.organisations.forms import TeamChoiceMixin, team_choices
from openqi.organisations.models import Organisation
from openqi.projects.models import (
    ActDecision,
    CauseCategory,
    Evidence,
    LinkKind,
    ProjectRole,
    Stage,
    StepKind,
    Visibility,
)
from openqi.projects.scoring import SCORE_CHOICES
from openqi.vocabulary import Domain, MeasureType


def text_field(
    label: str, required_message: str = "", *, max_length: int = 300, help_text: str = ""
) -> forms.CharField:
    """A one-line text field with NHS-style messages (required when given a message), for every
    projects form."""
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=bool(required_message),
        help_text=help_text,
        error_messages={
            "required": required_message,
            "max_length": f"{label} must be {max_length} characters or fewer",
        },
    )


def area_field(label: str, required_message: str = "", *, help_text: str = "", rows: int = 4) -> forms.CharField:
    """A text area with NHS-style messages (required when given a message), for every projects form."""
    return forms.CharField(
        label=label,
        required=bool(required_message),
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=5000,
        error_messages={"required": required_message, "max_length": f"{label} must be 5,000 characters or fewer"},
    )


class ProjectForm(TeamChoiceMixin, forms.Form):
    title = text_field("Project title", "Enter a project title", max_length=200)
    problem = area_field(
        "Problem statement",
        "Enter the problem the project will tackle",
        help_text="What is happening, where, and why it matters. Do not include patient-identifiable information.",
    )
    team = forms.ChoiceField(
        label="Team (optional)", required=False, error_messages={"invalid_choice": "Choose a team from the list"}
    )
    domains = forms.MultipleChoiceField(
        label="Quality domains",
        required=False,
        choices=Domain.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={"invalid_choice": "Choose quality domains from the list"},
    )
    start_date = NhsDateField(label="Start date (optional)", required=False, help_text="For example, 1 4 2026")
    end_date = NhsDateField(label="Planned end date (optional)", required=False, help_text="For example, 31 3 2027")
    visibility = forms.ChoiceField(
        label="Who can see this project?",
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        initial=Visibility.ORGANISATION,
        error_messages={
            "required": "Choose who can see this project",
            "invalid_choice": "Choose who can see this project",
        },
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        set_choices(self, "team", team_choices(organisation))


class ProjectEditForm(ProjectForm):
    stage = forms.ChoiceField(
        label="Stage",
        choices=Stage.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the stage the project is at", "invalid_choice": "Choose a stage"},
    )


class ProjectCopyForm(forms.Form):
    title = text_field("Title of the new project", "Enter a title for the new project", max_length=200)


class AimForm(forms.Form):
    # Not required here: the service's aim check gives every missing part its own message.
    what = text_field("What are you trying to improve?", help_text="Start with a verb, like ‘reduce falls with harm’.")
    amount = forms.DecimalField(
        label="How much?",
        required=False,
        max_digits=12,
        decimal_places=2,
        help_text="A number, like 30.",
        error_messages={"invalid": "Enter how much as a number, like 30", "max_digits": "Enter a smaller number"},
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "nhsuk-input--width-5"}),
    )
    unit = text_field("Unit", max_length=100, help_text="Like % or falls per 1,000 bed days.")
    by = NhsDateField(label="By when?", required=False, help_text="For example, 31 3 2027")
    for_whom = text_field("For whom?", help_text="Like patients on Ward 9 (Elderly Care).")


class ProjectMemberForm(forms.Form):
    user = forms.ChoiceField(
        label="Person",
        error_messages={"required": "Choose a person", "invalid_choice": "Choose a person from the list"},
    )
    role = forms.ChoiceField(
        label="Role in the project",
        choices=ProjectRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a role", "invalid_choice": "Choose a role from the list"},
    )

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "user", [("", "Choose a person"), *people])


class ProjectOrganisationForm(forms.Form):
    organisation = forms.ChoiceField(
        label="Organisation",
        help_text="Organisations of the same ICS only. Their staff will see this project and can join its team.",
        error_messages={
            "required": "Choose an organisation",
            "invalid_choice": "Choose an organisation of the same ICS from the list",
        },
    )

    def __init__(self, *args: Any, organisations: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "organisation", [("", "Choose an organisation"), *organisations])


class ProjectLinkForm(forms.Form):
    kind = forms.ChoiceField(
        label="What are you linking?",
        choices=LinkKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose measure or idea", "invalid_choice": "Choose measure or idea"},
    )
    ref_id = forms.IntegerField(
        label="Reference number",
        min_value=1,
        max_value=2_147_483_647,
        help_text="The number shown on the measure or idea.",
        error_messages={
            "required": "Enter the reference number",
            "invalid": "Enter the reference number as a whole number, like 12",
            "min_value": "Enter the reference number as a whole number, like 12",
            "max_value": "Enter the reference number shown on the measure or idea",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-5"}),
    )
    label = text_field("Name", "Enter the name of the measure or idea", max_length=200)
    measure_type = forms.ChoiceField(
        label="Type of measure (measures only)",
        choices=[("", "Not stated"), *MeasureType.choices],
        required=False,
        error_messages={"invalid_choice": "Choose the type of measure from the list"},
    )
    has_baseline = forms.BooleanField(label="This measure has a baseline", required=False)
    evidence = forms.ChoiceField(
        label="What does the measure show? (measures only)",
        # Radios cannot offer an empty value, so "nothing yet" has a name of its own here.
        choices=[("none" if value == "" else value, label) for value, label in Evidence.choices],
        initial="none",
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose what the measure shows"},
    )

    def clean_evidence(self) -> str:
        value = self.cleaned_data.get("evidence") or "none"
        return "" if value == "none" else value


class LinkEvidenceForm(forms.Form):
    has_baseline = ProjectLinkForm.base_fields["has_baseline"]
    evidence = ProjectLinkForm.base_fields["evidence"]
    clean_evidence = ProjectLinkForm.clean_evidence


class DriverNodeForm(forms.Form):
    text = text_field("Text", "Enter the text for the box")


class PdsaPlanForm(forms.Form):
    objective = text_field("Objective of this cycle", "Enter the objective of this cycle")
    change_idea = forms.ChoiceField(
        label="Change idea being tested (optional)",
        required=False,
        error_messages={"invalid_choice": "Choose a change idea from the list"},
    )
    builds_on = forms.ChoiceField(
        label="Builds on (optional)",
        required=False,
        help_text="The earlier cycle this one learns from.",
        error_messages={"invalid_choice": "Choose an earlier cycle from the list"},
    )
    question = area_field("What question will this cycle answer?", "Enter the question this cycle will answer", rows=3)
    prediction = area_field(
        "What do you predict will happen?",
        "Enter your prediction: what do you think will happen?",
        help_text="Write it down before you start, so you can compare the results with it.",
        rows=3,
    )
    plan_who = text_field("Who will carry it out?")
    plan_what = area_field("What will be done?", rows=3)
    plan_when = NhsDateField(label="When will it start? (optional)", required=False, help_text="For example, 3 11 2026")
    plan_where = text_field("Where?")
    data_to_collect = area_field("What data will you collect?", rows=3)

    def __init__(self, *args: Any, ideas: list[tuple[str, str]], earlier: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "change_idea", [("", "Not linked to a change idea"), *ideas])
        set_choices(self, "builds_on", [("", "Does not build on an earlier cycle"), *earlier])


class PdsaDoForm(forms.Form):
    what_happened = area_field("What happened?", "Enter what happened when you carried out the plan")
    observations = area_field("Observations (optional)", help_text="Problems, surprises and anything unexpected.")


class PdsaStudyForm(forms.Form):
    results = area_field(
        "Results compared with your prediction",
        "Enter the results and how they compare with your prediction",
        rows=6,
    )


class PdsaActForm(forms.Form):
    decision = forms.ChoiceField(
        label="What will you do with the change?",
        choices=ActDecision.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose adopt, adapt or abandon",
            "invalid_choice": "Choose adopt, adapt or abandon",
        },
    )
    next_steps = area_field(
        "What next?", "Enter what you will do next", help_text="For example, the next cycle to run."
    )


class ProgressForm(forms.Form):
    score = forms.ChoiceField(
        label="Progress score",
        choices=SCORE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a progress score", "invalid_choice": "Choose a score from the IHI scale"},
    )
    reason = area_field(
        "Reason (needed if you choose a different score)", help_text="What evidence supports the score you chose?"
    )


class FishboneForm(forms.Form):
    problem = text_field(
        "What is the problem (the effect)?",
        "Enter the problem (the effect) the diagram looks at",
        help_text="For example, falls at night on Ward 9.",
    )


class FishboneCauseForm(forms.Form):
    category = forms.ChoiceField(
        label="Category",
        choices=[("", "Choose a category"), *CauseCategory.choices],
        error_messages={"required": "Choose a category", "invalid_choice": "Choose a category"},
    )
    text = text_field("Cause", "Enter the cause", max_length=200)


class WhyChainForm(forms.Form):
    problem = text_field(
        "What is the problem?",
        "Enter the problem you are asking why about",
        help_text="For example, the falls risk assessment is done late.",
    )


class WhyStepForm(forms.Form):
    answer = text_field("Why?", "Enter the answer to ‘why?’")


class ProcessMapForm(forms.Form):
    title = text_field(
        "Which process are you mapping?",
        "Enter the name of the process",
        max_length=200,
        help_text="For example, admission to Ward 9 at night.",
    )


class ProcessStepForm(forms.Form):
    kind = forms.ChoiceField(
        label="Type of step",
        choices=StepKind.choices,
        widget=forms.RadioSelect,
        initial=StepKind.ACTION,
        error_messages={"required": "Choose the type of step", "invalid_choice": "Choose the type of step"},
    )
    text = text_field("What happens?", "Enter what happens at this step", max_length=200)
    owner = text_field("Who does it? (optional)", max_length=100)
    minutes = forms.IntegerField(
        label="How many minutes? (optional)",
        required=False,
        min_value=0,
        max_value=525600,
        help_text="Typical time, including waiting.",
        error_messages={
            "invalid": "Enter minutes as a whole number, like 15",
            "min_value": "Minutes must be between 0 and 525,600 (a year)",
            "max_value": "Minutes must be between 0 and 525,600 (a year)",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-5"}),
    )
    value_adding = forms.BooleanField(label="This step adds value for the patient", required=False)
