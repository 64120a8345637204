"""The dashboard's filters: a period, a team (with the teams inside it) and a quality domain."""

import datetime
from typing import Any

from django import forms

from openqi.core.forms import NhsDateField
from openqi.vocabulary import Domain


class DashboardFilterForm(forms.Form):
    start = NhsDateField(label="From", required=False, help_text="For example, 1 4 2026")
    end = NhsDateField(label="To", required=False, help_text="For example, 31 3 2027")
    team = forms.ChoiceField(label="Team", required=False)
    domain = forms.ChoiceField(
        label="Quality domain",
        required=False,
        choices=[("", "All domains"), *Domain.choices],
        help_text="Ideas and projects are tagged with a domain; check-ins and measures are not.",
    )

    def __init__(self, *args: Any, teams: list[tuple[Any, int]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if teams is None:
            del self.fields["team"]
        else:
            self.fields["team"].choices = [  # type: ignore[attr-defined]  # a ChoiceField("", "Whole organisation")] + [
                (str(team.pk), ("– " * depth) + team.name) for team, depth in teams
            ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", "To must be the same as or after From")
        today = datetime.date.today()
        if start and start > today:
            self.add_error("start", "From must be today or in the past")
        return data
