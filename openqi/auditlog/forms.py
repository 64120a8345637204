from typing import Any

from django import forms

from openqi.core.forms import NhsDateField, set_choices


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label="Action", required=False)
    actor = forms.CharField(label="Person (email contains)", required=False, max_length=254)
    date_from = NhsDateField(label="From", required=False)
    date_to = NhsDateField(label="To", required=False)

    def __init__(self, *args: Any, actions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "action", [("", "All actions")] + [(a, a) for a in actions])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "‘To’ date must be the same as or after the ‘From’ date")
        return data
