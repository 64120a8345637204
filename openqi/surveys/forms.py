from typing import Any

from django import forms

from openqi.core.forms import NhsDateField, set_choices
from openqi.organisations.models import Team
from openqi.surveys.models import Audience, Question, QuestionKind, Recurrence, Survey
from openqi.surveys.services import TEXT_MAX


class SurveyForm(forms.Form):
    title = forms.CharField(label="Survey title", max_length=200, error_messages={"required": "Enter a survey title"})
    intro = forms.CharField(
        label="Introduction (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Say why you are asking and what you will do with the answers.",
    )
    audience = forms.ChoiceField(
        label="Who answers it?",
        choices=Audience.choices,
        initial=Audience.STAFF,
        required=False,  # staff unless chosen: the form's earlier callers never sent it
        widget=forms.RadioSelect,
        help_text="Patients, carers and the public answer with no account, through a public link, a QR code "
        "or a kiosk: one answer a link, or a kiosk session.",
        error_messages={"required": "Choose who answers the survey", "invalid_choice": "Choose who answers the survey"},
    )
    teams = forms.MultipleChoiceField(
        label="Which staff teams?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="For a staff survey: choose teams, or none for the whole organisation. Teams inside a chosen "
        "team are included.",
        error_messages={"invalid_choice": "Choose teams from the list"},
    )
    opens_on = NhsDateField(
        label="Opens on",
        help_text="For example, 1 12 2026.",
        error_messages={"required": "Enter the date the survey opens"},
    )
    closes_on = NhsDateField(
        label="Closes on",
        help_text="For example, 14 12 2026.",
        error_messages={"required": "Enter the date the survey closes"},
    )

    recurrence = forms.ChoiceField(
        label="How often?",
        choices=Recurrence.choices,
        required=False,
        initial="",
        widget=forms.RadioSelect,
        help_text="A repeating survey opens a new round with the same questions each period, for as many "
        "days as the first. Each round is anonymous on its own; results show the trend across rounds.",
        error_messages={"invalid_choice": "Choose how often the survey repeats"},
    )

    auto_remind = forms.BooleanField(
        label="Remind people who have not answered, two days before it closes",
        required=False,
        help_text="Reminders go to those without an answer marker; answers stay anonymous.",
    )

    def __init__(self, *args: Any, teams: list[tuple[Team, int]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.team_map = {str(t.pk): t for t, _ in teams}
        set_choices(self, "teams", [(str(t.pk), "– " * d + t.name) for t, d in teams])

    def clean_audience(self) -> str:
        return self.cleaned_data.get("audience") or Audience.STAFF

    def clean_teams(self) -> list[Team]:
        return [self.team_map[v] for v in self.cleaned_data.get("teams", []) if v in self.team_map]


class QuestionForm(forms.Form):
    text = forms.CharField(label="Question", max_length=300, error_messages={"required": "Enter the question"})
    kind = forms.ChoiceField(
        label="Type of answer",
        choices=QuestionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of answer"},
    )
    choices = forms.CharField(
        label="Options (for ‘Choose one’ and ‘Choose any’)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One option on each line, 2 to 10 options.",
    )
    required = forms.BooleanField(label="People must answer this question", required=False)

    def clean_choices(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("choices", "").splitlines() if line.strip()]


class ResponseForm(forms.Form):
    """One field per question, named q<question id>."""

    def __init__(self, *args: Any, survey: Survey, public: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # 0 to 10 fits on one or two lines as inline radios, even on a phone.
        self.inline_fields: set[str] = set()
        for question in survey.questions.all():
            self.fields[f"q{question.pk}"] = _field(question, public=public)
            if question.kind == QuestionKind.NPS:
                self.inline_fields.add(f"q{question.pk}")
        if public:
            # A honeypot: people never see it (the template draws it hidden), robots fill it in.
            self.fields["website"] = forms.CharField(required=False)

    def question_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name != "website"]


PUBLIC_TEXT_HINT = (
    "Please do not write your name, anyone else's name, or any health details such as an NHS number: "
    "answers are anonymous and we cannot reply to them."
)


def _field(question: Question, *, public: bool = False) -> forms.Field:
    label = question.text if question.required else f"{question.text} (optional)"
    messages = {"required": "Answer this question", "invalid_choice": "Choose an answer from the list"}
    options = [(o, o) for o in question.options]
    if question.kind == QuestionKind.TEXT:
        return forms.CharField(
            label=label,
            required=question.required,
            max_length=TEXT_MAX,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=PUBLIC_TEXT_HINT
            if public
            else "Free text can identify you. Do not include patient-identifiable information.",
            error_messages={**messages, "max_length": f"Your answer must be {TEXT_MAX} characters or fewer"},
        )
    if question.kind == QuestionKind.MULTIPLE:
        return forms.MultipleChoiceField(
            label=label,
            required=question.required,
            choices=options,
            widget=forms.CheckboxSelectMultiple,
            help_text="Select all that apply.",
            error_messages=messages,
        )
    hint = "0 is not at all likely, 10 is extremely likely." if question.kind == QuestionKind.NPS else ""
    return forms.ChoiceField(
        label=label,
        required=question.required,
        choices=options,
        widget=forms.RadioSelect,
        help_text=hint,
        error_messages=messages,
    )
