"""Recognition's forms. Services re-check every rule; forms turn choices into objects."""

from typing import Any

from django import forms

from openqi.accounts.models import User
from openqi.core.forms import set_choices
from openqi.organisations.forms import TeamChoiceMixin, team_choices
from openqi.organisations.models import Organisation
from openqi.recognition.models import ChampionFocus
from openqi.recognition.selectors import colleague_choices, nomination_category_list
from openqi.recognition.services.thanks import MESSAGE_MAX

TEXT_HINT = "Say what they did. Do not include patient-identifiable information such as names or NHS numbers."


class _ColleagueMixin:
    organisation: Organisation
    cleaned_data: dict[str, Any]

    def colleague_from_choice(self, name: str) -> User | None:
        value = self.cleaned_data.get(name)
        if not value:
            return None
        user = User.objects.filter(pk=value, memberships__organisation=self.organisation).first()
        if user is None:
            raise forms.ValidationError("Choose a colleague from the list")
        return user


class ThankYouForm(TeamChoiceMixin, _ColleagueMixin, forms.Form):
    recipient = forms.ChoiceField(
        label="Colleague", required=False, error_messages={"invalid_choice": "Choose a colleague from the list"}
    )
    team = forms.ChoiceField(
        label="Or a whole team",
        required=False,
        help_text="Choose a colleague or a team, not both.",
        error_messages={"invalid_choice": "Choose a team from the list"},
    )
    message = forms.CharField(
        label="What are you thanking them for?",
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=TEXT_HINT,
        error_messages={
            "required": "Say what you are thanking them for",
            "max_length": f"Your thank-you must be {MESSAGE_MAX:,} characters or fewer",
        },
    )

    def __init__(self, *args: Any, organisation: Organisation, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        set_choices(
            self,
            "recipient",
            [("", "Choose a colleague"), *colleague_choices(organisation=organisation, exclude=actor)],
        )
        set_choices(self, "team", team_choices(organisation, "No team"))

    def clean_recipient(self) -> User | None:
        return self.colleague_from_choice("recipient")


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="What is wrong with it?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what is wrong with this thank-you"},
    )


class ModerateForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        widget=forms.RadioSelect,
        choices=[("hide", "Hide it: the person thanked no longer sees it"), ("restore", "Keep it: it is fine")],
        error_messages={"required": "Choose hide or keep", "invalid_choice": "Choose hide or keep"},
    )
    reason = forms.CharField(
        label="Reason",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The sender is told this if you hide the thank-you.",
        error_messages={"required": "Give the reason for your decision"},
    )


class ShareForm(_ColleagueMixin, forms.Form):
    manager = forms.ChoiceField(
        label="Your manager",
        error_messages={"required": "Choose your manager", "invalid_choice": "Choose a colleague from the list"},
    )

    def __init__(self, *args: Any, organisation: Organisation, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        set_choices(
            self, "manager", [("", "Choose your manager"), *colleague_choices(organisation=organisation, exclude=actor)]
        )

    def clean_manager(self) -> User | None:
        return self.colleague_from_choice("manager")


class NominationForm(TeamChoiceMixin, _ColleagueMixin, forms.Form):
    category = forms.ChoiceField(
        label="Which award?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose an award", "invalid_choice": "Choose an award from the list"},
    )
    nominee = forms.ChoiceField(
        label="Colleague", required=False, error_messages={"invalid_choice": "Choose a colleague from the list"}
    )
    team = forms.ChoiceField(
        label="Or a team", required=False, error_messages={"invalid_choice": "Choose a team from the list"}
    )
    title = forms.CharField(
        label="Or the improvement (for an improvement award)",
        required=False,
        max_length=150,
        help_text="For example, ‘Safety huddle at every shift change on Ward 1’.",
        error_messages={"max_length": "The improvement must be 150 characters or fewer"},
    )
    reason = forms.CharField(
        label="Why are you nominating them?",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=TEXT_HINT,
        error_messages={
            "required": "Say why you are nominating them",
            "max_length": "Your reason must be 3,000 characters or fewer",
        },
    )

    def __init__(self, *args: Any, organisation: Organisation, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        categories = nomination_category_list(organisation=organisation, active_only=True)
        set_choices(self, "category", [(str(c.pk), c.name) for c in categories])
        set_choices(
            self, "nominee", [("", "Choose a colleague"), *colleague_choices(organisation=organisation, exclude=actor)]
        )
        set_choices(self, "team", team_choices(organisation, "No team"))

    def clean_nominee(self) -> User | None:
        return self.colleague_from_choice("nominee")

    def clean_category(self) -> Any:
        category = (
            nomination_category_list(organisation=self.organisation, active_only=True)
            .filter(pk=self.cleaned_data["category"])
            .first()
        )
        if category is None:
            raise forms.ValidationError("Choose an award from the list")
        return category


class DecideForm(forms.Form):
    citation = forms.CharField(
        label="Words for the certificate",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One or two sentences that say what they are recognised for.",
        error_messages={
            "required": "Write the words for the certificate",
            "max_length": "The words must be 1,000 characters or fewer",
        },
    )


class CategoryForm(forms.Form):
    name = forms.CharField(
        label="Award name",
        max_length=80,
        help_text="For example, ‘Patient experience star of the month’.",
        error_messages={"required": "Enter the award's name", "max_length": "The name must be 80 characters or fewer"},
    )
    description = forms.CharField(
        label="What it recognises (optional)",
        required=False,
        max_length=300,
        error_messages={"max_length": "The description must be 300 characters or fewer"},
    )


def _whole_number(label: str, low: int, high: int, what: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        error_messages={
            "required": f"Enter the {what}",
            "invalid": f"The {what} must be a whole number, like {low + 1 if high > low else low}",
            "min_value": f"The {what} must be at least {low}",
            "max_value": f"The {what} must be {high} or fewer",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-5"}),
    )


class ChallengeForm(forms.Form):
    individual_target = _whole_number("Ideas each person needs to share", 1, 100, "individual target")
    prize = forms.CharField(
        label="Prize",
        max_length=150,
        help_text="For example, ‘Afternoon tea for your team’.",
        error_messages={"required": "Say what the prize is", "max_length": "The prize must be 150 characters or fewer"},
    )
    winners_wanted = _whole_number("How many winners to draw", 1, 20, "number of winners")


class ChampionForm(TeamChoiceMixin, forms.Form):
    focus = forms.ChoiceField(
        label="What will you champion?",
        widget=forms.RadioSelect,
        choices=ChampionFocus.choices,
        error_messages={"required": "Choose what you will champion", "invalid_choice": "Choose from the list"},
    )
    focus_detail = forms.CharField(
        label="A campaign or topic (optional)",
        required=False,
        max_length=150,
        help_text="For example, ‘Safer discharge campaign’.",
        error_messages={"max_length": "The topic must be 150 characters or fewer"},
    )
    team = forms.ChoiceField(
        label="Team (optional)",
        required=False,
        help_text="Leave empty to use your own team.",
        error_messages={"invalid_choice": "Choose a team from the list"},
    )
    contact = forms.CharField(
        label="How can colleagues reach you?",
        max_length=150,
        help_text="An extension, bleep or email address. It is shown in the champions directory.",
        error_messages={
            "required": "Say how colleagues can reach you",
            "max_length": "Must be 150 characters or fewer",
        },
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        set_choices(self, "team", team_choices(organisation, "My own team"))
