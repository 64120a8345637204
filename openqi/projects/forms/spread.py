"""Forms for starting a project (blank, from a template or an idea) and adopting a change package."""

from typing import Any

from django import forms

from openqi.core.forms import set_choices
from openqi.organisations.forms import TeamChoiceMixin, team_choices
from openqi.organisations.models import Organisation
from openqi.projects.forms.projects import ProjectForm, area_field, text_field
from openqi.projects.library import TEMPLATES
from openqi.projects.models import Visibility

BLANK = ""


class ProjectStartForm(ProjectForm):
    template = forms.ChoiceField(
        label="How do you want to start?",
        required=False,
        choices=[(BLANK, "A blank project")] + [(t.key, f"From the template ‘{t.title}’") for t in TEMPLATES],
        widget=forms.RadioSelect,
        help_text="A template adds a driver diagram to start from and the family of measures to create.",
        error_messages={"invalid_choice": "Choose a template from the list"},
    )
    # The idea the project starts from (reached from the idea's page); checked again in the view.
    idea = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=999_999_999)

    field_order = ("template", "title", "problem", "team", "domains", "start_date", "end_date", "visibility")


class ProjectAdoptForm(TeamChoiceMixin, forms.Form):
    title = text_field("Title of your project", "Enter a title for your project", max_length=200)
    problem = area_field(
        "Problem statement",
        "Enter the problem your project will tackle",
        help_text="The problem in your own service: what is happening, where, and why it matters. "
        "Do not include patient-identifiable information.",
    )
    team = forms.ChoiceField(
        label="Team (optional)", required=False, error_messages={"invalid_choice": "Choose a team from the list"}
    )
    visibility = forms.ChoiceField(
        label="Who can see your project?",
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        initial=Visibility.ORGANISATION,
        error_messages={
            "required": "Choose who can see your project",
            "invalid_choice": "Choose who can see your project",
        },
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        set_choices(self, "team", team_choices(organisation))
