"""Forms for collaboratives: the programme, its shared measures, its teams, which project measure
collects each shared measure, and its learning sessions. NHS numbers are refused everywhere."""

from typing import Any

from django import forms

from openqi.core.forms import set_choices
from openqi.network.models import Topic
from openqi.network.system_idea_forms import RefusesNhsNumbers


class CollaborativeForm(RefusesNhsNumbers, forms.Form):
    title = forms.CharField(
        label="Name of the collaborative",
        max_length=150,
        help_text="For example, ‘Safer discharge collaborative 2027’.",
        error_messages={"required": "Enter a name", "max_length": "The name must be 150 characters or fewer"},
    )
    aim = forms.CharField(
        label="Shared aim",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What, how much, by when, for whom. Every team works to this aim.",
        error_messages={"required": "Enter the shared aim", "max_length": "The aim must be 2,000 characters or fewer"},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._refuse_nhs_numbers()
        return cleaned


class SharedMeasureForm(RefusesNhsNumbers, forms.Form):
    name = forms.CharField(
        label="Measure name",
        max_length=150,
        error_messages={
            "required": "Enter the measure's name",
            "max_length": "The name must be 150 characters or fewer",
        },
    )
    definition = forms.CharField(
        label="Operational definition",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Exactly what is counted, from which source, how often: so every team's numbers mean the same.",
        error_messages={
            "required": "Enter the operational definition",
            "max_length": "The definition must be 3,000 characters or fewer",
        },
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._refuse_nhs_numbers()
        return cleaned


class TeamAddForm(forms.Form):
    project = forms.ChoiceField(
        label="Project to take part",
        help_text="Only projects their organisation shares across the ICS can take part.",
        error_messages={"required": "Choose a project", "invalid_choice": "Choose a project from the list"},
    )

    def __init__(self, *args: Any, projects: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "project", [("", "Choose a project"), *projects])


class TeamMeasureForm(forms.Form):
    shared_measure = forms.ChoiceField(
        label="Shared measure",
        error_messages={
            "required": "Choose a shared measure",
            "invalid_choice": "Choose a shared measure from the list",
        },
    )
    link = forms.ChoiceField(
        label="Collected by the project's measure",
        error_messages={
            "required": "Choose one of the project's measures",
            "invalid_choice": "Choose one of the project's measures",
        },
    )

    def __init__(
        self, *args: Any, measures: list[tuple[str, str]], links: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "shared_measure", measures)
        set_choices(self, "link", links)


class SessionForm(forms.Form):
    event = forms.ChoiceField(
        label="Network event",
        help_text="Add the event first on the events pages.",
        error_messages={"required": "Choose an event", "invalid_choice": "Choose an event from the list"},
    )

    def __init__(self, *args: Any, events: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "event", [("", "Choose an event"), *events])


class InvitationForm(forms.Form):
    """Invite members by interest (kept here with the network's other ADR 0029 forms)."""

    event = forms.ChoiceField(
        label="Event",
        error_messages={"required": "Choose an event", "invalid_choice": "Choose an upcoming event from the list"},
    )
    topic = forms.ChoiceField(
        label="Invite members interested in",
        choices=Topic.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose an interest", "invalid_choice": "Choose an interest from the list"},
    )

    def __init__(self, *args: Any, events: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "event", [("", "Choose an event"), *events])
