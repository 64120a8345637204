import datetime
import re
from typing import Any
from zoneinfo import ZoneInfo

from django import forms

from openqi.organisations.models import Membership, Organisation
from openqi.projects.models import Project
from openqi.training.models import Course, CourseFormat, Level

LONDON = ZoneInfo("Europe/London")
_SESSION = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s+(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$")


class CourseForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200, error_messages={"required": "Enter the course title"})
    level = forms.ModelChoiceField(
        label="Level", queryset=Level.objects.none(), error_messages={"required": "Choose the course's level"}
    )
    summary = forms.CharField(
        label="What the course covers",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": "Enter what the course covers"},
    )
    format = forms.ChoiceField(
        label="Format",
        choices=CourseFormat.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the format"},
    )
    length = forms.CharField(
        label="Length",
        help_text="For example: 3 hours, 4 days",
        max_length=60,
        error_messages={"required": "Enter how long the course is"},
    )
    learning_outcomes = forms.CharField(
        label="Learning outcomes (optional)",
        help_text="One a line",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )
    prerequisites = forms.ModelMultipleChoiceField(
        label="Courses to complete first (optional)",
        queryset=Course.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    elearning_url = forms.URLField(
        label="E-learning link (optional)",
        assume_scheme="https",
        required=False,
        error_messages={"invalid": "Enter the link as a web address, like https://learning.example.org/qi"},
    )
    external_booking_url = forms.URLField(
        label="Book through another system (optional)",
        help_text="For courses booked in ESR or another learning system; completions can be imported.",
        assume_scheme="https",
        required=False,
        error_messages={"invalid": "Enter the link as a web address, like https://esr.example.org/course/1"},
    )
    open_to = forms.ModelMultipleChoiceField(
        label="Who may book (optional)",
        help_text="Leave empty for staff of every organisation in the ICS.",
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    partners_may_book = forms.BooleanField(label="Partners (experts by experience) may book", required=False)
    requires_project = forms.BooleanField(label="Learners must submit a project to complete", required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = Level.objects.filter(system_id=organisation.system_id)  # type: ignore[attr-defined]
        self.fields["open_to"].queryset = Organisation.objects.filter(system_id=organisation.system_id)  # type: ignore[attr-defined]
        self.fields["prerequisites"].queryset = Course.objects.filter(organisation=organisation)  # type: ignore[attr-defined]


def parse_sessions(text: str) -> list[tuple[datetime.datetime, datetime.datetime]]:
    sessions = []
    for number, line in enumerate((line for line in text.splitlines() if line.strip()), start=1):
        match = _SESSION.match(line)
        if match is None:
            raise forms.ValidationError(f"Write session {number} as a date and times, like 15/03/2027 09:30-12:30")
        day, month, year, h1, m1, h2, m2 = (int(g) for g in match.groups())
        try:
            date = datetime.date(year, month, day)
            start = datetime.datetime.combine(date, datetime.time(h1, m1), tzinfo=LONDON)
            end = datetime.datetime.combine(date, datetime.time(h2, m2), tzinfo=LONDON)
        except ValueError as error:
            raise forms.ValidationError(f"Session {number} has a date or time that does not exist") from error
        sessions.append((start, end))
    return sessions


class CohortForm(forms.Form):
    sessions = forms.CharField(
        label="Sessions",
        help_text="One line for each session: the date, then start and end times (UK time, 24-hour clock), "
        "like 15/03/2027 09:30-12:30",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter at least one session"},
    )
    capacity = forms.IntegerField(
        label="Places",
        min_value=1,
        max_value=1000,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-4"}),
        error_messages={
            "required": "Enter how many places there are",
            "invalid": "Places must be a whole number",
            "min_value": "Places must be 1 or more",
            "max_value": "Places must be 1000 or fewer",
        },
    )
    venue = forms.CharField(label="Venue or joining details (optional)", max_length=300, required=False)

    def clean_sessions(self) -> list[tuple[datetime.datetime, datetime.datetime]]:
        return parse_sessions(self.cleaned_data["sessions"])


class BookForm(forms.Form):
    challenge = forms.CharField(
        label="The QI challenge you bring (optional)",
        help_text="A real problem from your area to work on during the course. Do not include anything that "
        "could identify a patient.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        error_messages={"max_length": "The challenge must be 2000 characters or fewer"},
    )


class ProjectFromChallengeForm(forms.Form):
    title = forms.CharField(
        label="Project title", max_length=200, error_messages={"required": "Enter a title for the project"}
    )


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label="How useful was the course?",
        coerce=int,
        choices=[
            (5, "Very useful"),
            (4, "Useful"),
            (3, "Neither useful nor not"),
            (2, "Not very useful"),
            (1, "Not useful"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how useful the course was"},
    )
    comment = forms.CharField(
        label="What would you change? (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


def _colleague_label(membership: Membership) -> str:
    return membership.user.display_name + (f" ({membership.team.name})" if membership.team else "")


class ApplicationForm(forms.Form):
    project = forms.ModelChoiceField(
        label="The project your team will work on",
        queryset=Project.objects.none(),
        error_messages={"required": "Choose your team's project"},
    )
    members = forms.ModelMultipleChoiceField(
        label="Colleagues applying with you",
        queryset=Membership.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one colleague"},
    )

    def __init__(self, *args: Any, projects: Any, colleagues: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects  # type: ignore[attr-defined]
        self.fields["members"].queryset = colleagues  # type: ignore[attr-defined]
        members = self.fields["members"]
        assert isinstance(members, forms.ModelMultipleChoiceField)  # noqa: S101  # nosec B101
        members.label_from_instance = _colleague_label  # type: ignore[method-assign,assignment]


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("accept", "Accept"), ("decline", "Decline")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose accept or decline"},
    )
    reason = forms.CharField(
        label="Reason",
        help_text="Needed when you decline; sent to the team.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class TargetForm(forms.Form):
    level = forms.ModelChoiceField(
        label="Level", queryset=Level.objects.none(), error_messages={"required": "Choose a level"}
    )
    percent = forms.IntegerField(
        label="Target: share of staff trained (%)",
        min_value=0,
        max_value=100,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-3"}),
        error_messages={
            "required": "Enter the target percentage",
            "invalid": "The target must be a whole number",
            "min_value": "The target must be 0 or more",
            "max_value": "The target must be 100 or less",
        },
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = Level.objects.filter(system_id=organisation.system_id)  # type: ignore[attr-defined]


class LevelForm(forms.Form):
    name = forms.CharField(label="Name", max_length=60, error_messages={"required": "Enter the level's name"})
    description = forms.CharField(label="What it means (optional)", max_length=300, required=False)


class LevelChangeForm(LevelForm):
    leader = forms.BooleanField(
        label="Leader level",
        required=False,
        help_text="Projects led by someone trained at this level or above count as led by a trained leader on "
        "the capability dashboard. Only one level can be the leader level.",
    )


class ImportForm(forms.Form):
    file = forms.FileField(label="CSV file", error_messages={"required": "Choose a CSV file to upload"})
