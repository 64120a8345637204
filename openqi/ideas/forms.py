from typing import Any

from django import forms

from openqi.core.forms import NhsDateField, set_choices
from openqi.core.nhs_number import contains_nhs_number
from openqi.ideas.models import TRANSITIONS, AcceptedAs, Campaign, Identity, Status
from openqi.ideas.selectors import campaign_open_list
from openqi.ideas.services import NHS_NUMBER_MESSAGE
from openqi.organisations.forms import TeamChoiceMixin, team_choices
from openqi.organisations.models import Membership, Organisation
from openqi.vocabulary import Domain

FREE_TEXT_HINT = (
    "Free text can identify you, even when you share anonymously. "
    "Do not include patient-identifiable information such as names, dates of birth or NHS numbers."
)


class _NoNhsNumbers:
    """Refuse an NHS number in any text field before anything is saved."""

    def _check_nhs_numbers(self) -> None:
        form: Any = self  # always mixed into a forms.Form
        for name, value in list(form.cleaned_data.items()):
            if isinstance(value, str) and isinstance(form.fields[name], forms.CharField) and contains_nhs_number(value):
                form.add_error(name, NHS_NUMBER_MESSAGE)


class IdeaForm(TeamChoiceMixin, _NoNhsNumbers, forms.Form):
    title = forms.CharField(
        label="Your idea in a few words",
        max_length=150,
        help_text="For example, ‘Put a clock in every side room’.",
        error_messages={
            "required": "Enter your idea in a few words",
            "max_length": "Your idea in a few words must be 150 characters or fewer",
        },
    )
    problem = forms.CharField(
        label="What is the problem?",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=FREE_TEXT_HINT,
        error_messages={
            "required": "Describe the problem",
            "max_length": "The problem must be 3,000 characters or fewer",
        },
    )
    suggestion = forms.CharField(
        label="What could we do?",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Describe what we could do",
            "max_length": "What we could do must be 3,000 characters or fewer",
        },
    )
    team = forms.ChoiceField(
        label="Team (optional)", required=False, error_messages={"invalid_choice": "Choose a team from the list"}
    )
    domains = forms.MultipleChoiceField(
        label="Which parts of quality does it improve? (optional)",
        choices=Domain.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose from the list"},
    )
    campaign = forms.ChoiceField(
        label="Campaign (optional)",
        required=False,
        error_messages={"invalid_choice": "Choose a campaign that is open"},
    )
    identity = forms.ChoiceField(
        label="Who can see your name?",
        choices=Identity.choices,
        widget=forms.RadioSelect,
        help_text="If you stay anonymous you get a private code to follow your idea and read replies.",
        error_messages={"required": "Choose who can see your name", "invalid_choice": "Choose who can see your name"},
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        set_choices(self, "team", team_choices(organisation, "No team"))

        self.campaigns = {str(c.pk): c for c in campaign_open_list(organisation=organisation)}
        set_choices(
            self, "campaign", [("", "Not part of a campaign")] + [(k, c.title) for k, c in self.campaigns.items()]
        )

    def clean_campaign(self) -> Campaign | None:
        value = self.cleaned_data.get("campaign")
        return self.campaigns.get(value) if value else None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._check_nhs_numbers()
        return cleaned


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label="What happens next?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what happens next", "invalid_choice": "Choose what happens next"},
    )
    accepted_as = forms.ChoiceField(
        label="If accepted, how will it be taken forward?",
        choices=[("", "Not accepted"), *AcceptedAs.choices],
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Choose how the idea is being taken forward"},
    )
    duplicate_of = forms.IntegerField(
        label="If a duplicate, the number of the original idea",
        required=False,
        min_value=1,
        help_text="The number is in the idea's page heading, like ‘Idea 12’.",
        error_messages={"invalid": "Enter the idea number, like 12", "min_value": "Enter the idea number, like 12"},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-5"}),
    )
    message = forms.CharField(
        label="Message to the person who shared the idea",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Required when the idea is not taken forward (give the reason) or needs more information "
        "(ask your question). Supporters and followers see it too.",
        error_messages={"max_length": "The message must be 2,000 characters or fewer"},
    )

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Status.choices)
        set_choices(self, "status", [(s, str(labels[s])) for s in TRANSITIONS.get(current, ())])


class AssignForm(TeamChoiceMixin, forms.Form):
    owner = forms.ChoiceField(
        label="Owner (optional)", required=False, error_messages={"invalid_choice": "Choose a member from the list"}
    )
    team = forms.ChoiceField(
        label="Team (optional)", required=False, error_messages={"invalid_choice": "Choose a team from the list"}
    )
    response_due = NhsDateField(
        label="First response due (optional)", required=False, help_text="For example, 27 3 2026."
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        members = Membership.objects.filter(organisation=organisation).select_related("user")
        self.members = {str(m.user_id): m.user for m in members}
        set_choices(
            self,
            "owner",
            [("", "Nobody yet"), *sorted(((k, u.display_name) for k, u in self.members.items()), key=lambda c: c[1])],
        )
        set_choices(self, "team", team_choices(organisation, "No team"))

    def clean_owner(self) -> Any:
        value = self.cleaned_data.get("owner")
        return self.members.get(value) if value else None


class AnswerForm(_NoNhsNumbers, forms.Form):
    answer = forms.CharField(
        label="You said, we did",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="A short public answer for the ‘you said, we did’ page, in plain English. "
        "Say what changed, or why the idea was not taken forward.",
        error_messages={"required": "Write the answer", "max_length": "The answer must be 1,000 characters or fewer"},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._check_nhs_numbers()
        return cleaned


class CommentForm(_NoNhsNumbers, forms.Form):
    body = forms.CharField(
        label="Add a comment",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Your name is shown with your comment. Do not include patient-identifiable information.",
        error_messages={
            "required": "Write your comment",
            "max_length": "The comment must be 2,000 characters or fewer",
        },
    )
    mentions = forms.CharField(
        label="Mention colleagues (optional)",
        required=False,
        max_length=500,
        help_text="Their full names or email addresses, separated by commas. They must work in this "
        "organisation. We will tell them about your comment.",
        error_messages={"max_length": "The list of colleagues must be 500 characters or fewer"},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._check_nhs_numbers()
        return cleaned


class FollowUpForm(forms.Form):
    code = forms.CharField(
        label="Your follow-up code",
        max_length=40,
        help_text="The code you were given when you shared your idea, like ABCD-EFGH-JKLM-NPQR.",
        error_messages={"required": "Enter your follow-up code"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": False}),
    )


class FollowUpReplyForm(_NoNhsNumbers, forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=40)
    message = forms.CharField(
        label="Reply to the QI team",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=FREE_TEXT_HINT,
        error_messages={"required": "Write your reply", "max_length": "Your reply must be 2,000 characters or fewer"},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._check_nhs_numbers()
        return cleaned


class PublicIdeaForm(_NoNhsNumbers, forms.Form):
    title = forms.CharField(
        label="Your idea or feedback in a few words",
        max_length=150,
        error_messages={
            "required": "Enter your idea or feedback in a few words",
            "max_length": "Your idea in a few words must be 150 characters or fewer",
        },
    )
    problem = forms.CharField(
        label="What happened, or what could be better?",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Do not include names, dates of birth, NHS numbers or anything else that could identify "
        "you or anyone else.",
        error_messages={"required": "Tell us what happened or what could be better"},
    )
    suggestion = forms.CharField(
        label="What could we do? (optional)",
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    # A field people never see: only robots fill it in.
    website = forms.CharField(required=False, label="Leave this empty", widget=forms.TextInput)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._check_nhs_numbers()
        return cleaned


class CampaignForm(TeamChoiceMixin, _NoNhsNumbers, forms.Form):
    title = forms.CharField(
        label="Campaign name",
        max_length=150,
        help_text="For example, ‘5 ideas in 2 weeks: safer handovers’.",
        error_messages={"required": "Enter a campaign name"},
    )
    question = forms.CharField(
        label="What are you asking people?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what you are asking people"},
    )
    team = forms.ChoiceField(
        label="Team (optional)", required=False, error_messages={"invalid_choice": "Choose a team from the list"}
    )
    starts_on = NhsDateField(label="Start date", help_text="For example, 1 3 2026.")
    ends_on = NhsDateField(label="End date", help_text="For example, 14 3 2026.")
    target = forms.IntegerField(
        label="Target number of ideas",
        min_value=1,
        max_value=10000,
        error_messages={
            "required": "Enter a target number of ideas",
            "invalid": "The target must be a whole number, like 5",
            "min_value": "The target must be at least 1 idea",
            "max_value": "The target must be 10,000 ideas or fewer",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-5"}),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        set_choices(self, "team", team_choices(organisation, "Whole organisation"))
        self.fields["starts_on"].error_messages["required"] = "Enter a start date"
        self.fields["ends_on"].error_messages["required"] = "Enter an end date"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._check_nhs_numbers()
        return cleaned


class CampaignCloseForm(_NoNhsNumbers, forms.Form):
    report = forms.CharField(
        label="Closing report",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What came in, what happens next, and thanks. Everyone in the organisation will see it.",
        error_messages={"required": "Write the closing report"},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._check_nhs_numbers()
        return cleaned
