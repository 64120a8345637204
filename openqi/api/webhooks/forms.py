"""The form for a new webhook, and for changing one."""

from django import forms

from openqi.api.webhooks.models import WebhookEvent


class WebhookForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="What receives it, so you can tell your webhooks apart. For example, Trust intranet feed.",
        error_messages={"required": "Enter a name for the webhook"},
    )
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the receiving system does with these events, and who looks after it.",
        error_messages={"max_length": "Description must be 500 characters or fewer"},
    )
    url = forms.CharField(
        label="Address (URL)",
        max_length=500,
        help_text="Where OpenQI sends each event, signed. It must start with https:// and be reachable on the internet.",
        error_messages={"required": "Enter the address to send events to"},
    )
    events = forms.MultipleChoiceField(
        label="Which events?",
        widget=forms.CheckboxSelectMultiple,
        choices=WebhookEvent.choices,
        help_text="Select all that apply. No event ever says who shared an anonymous idea or check-in.",
        error_messages={"required": "Choose at least one event", "invalid_choice": "Choose events from the list"},
    )
