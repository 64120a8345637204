import math
import re
from typing import Any

from django import forms

from openqi.core.forms import NhsDateField, set_choices
from openqi.measures.models import (
    AnnotationKind,
    ChartType,
    EventKind,
    Frequency,
    Improvement,
    Measure,
    RulesProfile,
    Visibility,
)
from openqi.measures.selectors import ALTERNATIVE_CHARTS
from openqi.organisations.forms import TeamChoiceMixin, team_choices
from openqi.organisations.models import Membership, Organisation, Team
from openqi.vocabulary import MeasureType


class NumberField(forms.CharField):
    """A number typed as text (so the NHS input pattern applies); empty gives None."""

    def __init__(self, *, label: str, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "class": "nhsuk-input--width-10"}))
        super().__init__(label=label, **kwargs)
        self.number_label = label.replace(" (optional)", "")

    def clean(self, value: Any) -> float | None:
        text = (super().clean(value) or "").strip().replace(",", "")
        if not text:
            if self.required:
                raise forms.ValidationError(f"Enter the {self.number_label.lower()}")
            return None
        try:
            number = float(text)
        except ValueError:
            raise forms.ValidationError(f"{self.number_label} must be a number") from None
        if not math.isfinite(number):
            raise forms.ValidationError(f"{self.number_label} must be a number")
        return number


class ObservationsField(forms.CharField):
    """Several numbers for one period (an X-bar/S subgroup), separated by spaces, new lines or
    semicolons (commas followed by a space work too)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        kwargs.setdefault(
            "help_text",
            "Each observation in this period, separated by spaces or new lines, for example 42 38 51 45.",
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> list[float]:
        text = (super().clean(value) or "").strip()
        if not text:
            raise forms.ValidationError("Enter the observations for this date")
        numbers: list[float] = []
        for part in (p for p in re.split(r"[\s;]+", text.replace(", ", " ")) if p):
            try:
                number = float(part)
            except ValueError:
                raise forms.ValidationError(f"‘{part[:20]}’ is not a number: enter numbers only") from None
            if not math.isfinite(number):
                raise forms.ValidationError(f"‘{part[:20]}’ is not a number: enter numbers only")
            numbers.append(number)
        return numbers


class _ScopedChoices(TeamChoiceMixin):
    organisation: Organisation
    cleaned_data: dict[str, Any]

    def _team(self, name: str) -> Team | None:
        return self.team_from_choice(name)


class MeasureForm(_ScopedChoices, forms.Form):
    name = forms.CharField(label="Name of the measure", max_length=200, error_messages={"required": "Enter a name"})
    measure_type = forms.ChoiceField(
        label="Type of measure",
        choices=MeasureType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of measure", "invalid_choice": "Choose the type of measure"},
    )
    team = forms.ChoiceField(
        label="Team (optional)", required=False, error_messages={"invalid_choice": "Choose a team from the list"}
    )
    what_counted = forms.CharField(
        label="What is measured",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The operational definition: what is counted, and when. Do not include patient-identifiable information.",
        error_messages={"required": "Enter what is measured"},
    )
    numerator = forms.CharField(label="Numerator (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    denominator = forms.CharField(
        label="Denominator (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    inclusions_exclusions = forms.CharField(
        label="Inclusions and exclusions (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    data_source = forms.CharField(
        label="Data source (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example, the incident reporting system, or a weekly audit of 10 notes.",
    )
    unit = forms.CharField(label="Unit (optional)", max_length=50, required=False, help_text="For example, days.")
    frequency = forms.ChoiceField(
        label="How often is it measured?",
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how often it is measured", "invalid_choice": "Choose how often"},
    )
    chart_type = forms.ChoiceField(
        label="Chart",
        help_text=(
            "Which chart suits the data? A percentage of cases (patients assessed within 6 hours): P. "
            "A rate per exposure (falls per 1,000 bed days): U. A count in each period: C. "
            "Days or cases between rare events: T or G. One measurement per period (average length of stay): I. "
            "Several measurements per period (each patient's wait that week): X-bar. Not sure: a run chart."
        ),
        choices=ChartType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a chart", "invalid_choice": "Choose a chart"},
    )
    rate_per = forms.IntegerField(
        label="For U charts: show the rate per (optional)",
        required=False,
        min_value=1,
        max_value=1_000_000,
        help_text="For example, 1000 for falls per 1,000 bed days.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-10"}),
        error_messages={
            "invalid": "The rate must be a whole number, like 1000",
            "min_value": "The rate must be 1 or more",
            "max_value": "The rate must be 1,000,000 or less",
        },
    )
    improvement = forms.ChoiceField(
        label="Which direction is an improvement?",
        choices=Improvement.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the direction of improvement", "invalid_choice": "Choose a direction"},
    )
    target = NumberField(label="Target (optional)", help_text="For percentages, enter the percentage, for example 95.")
    target_from = NhsDateField(label="Target applies from (optional)", required=False)
    owner = forms.ChoiceField(
        label="Owner (optional)",
        required=False,
        help_text="The owner is told about new signals on the chart.",
        error_messages={"invalid_choice": "Choose an owner from the list"},
    )
    rules = forms.ChoiceField(
        label="Rules for special cause variation",
        choices=RulesProfile.choices,
        error_messages={"required": "Choose the rules", "invalid_choice": "Choose the rules from the list"},
    )
    visibility = forms.ChoiceField(
        label="Who can see it?",
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who can see it", "invalid_choice": "Choose who can see it"},
    )
    project_ref = forms.CharField(label="Project reference (optional)", max_length=100, required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        set_choices(self, "team", team_choices(organisation))
        members = Membership.objects.filter(organisation=organisation).select_related("user")
        self.members = {str(m.user_id): m.user for m in members}
        set_choices(
            self,
            "owner",
            [("", "No owner"), *sorted(((k, u.display_name) for k, u in self.members.items()), key=lambda c: c[1])],
        )

    @classmethod
    def initial_for(cls, measure: Measure) -> dict[str, Any]:
        return {
            "name": measure.name,
            "measure_type": measure.measure_type,
            "team": str(measure.team_id or ""),
            "what_counted": measure.what_counted,
            "numerator": measure.numerator,
            "denominator": measure.denominator,
            "inclusions_exclusions": measure.inclusions_exclusions,
            "data_source": measure.data_source,
            "unit": measure.unit,
            "frequency": measure.frequency,
            "chart_type": measure.chart_type,
            "rate_per": measure.rate_per if measure.chart_type == ChartType.U else None,
            "improvement": measure.improvement,
            "target": "" if measure.target is None else f"{measure.target:g}",
            "target_from": measure.target_from,
            "owner": str(measure.owner_id or ""),
            "rules": measure.rules,
            "visibility": measure.visibility,
            "project_ref": measure.project_ref,
        }

    def clean_team(self) -> Team | None:
        return self._team("team")

    def clean_owner(self) -> Any:
        value = self.cleaned_data.get("owner")
        return self.members.get(value) if value else None

    def clean_name(self) -> str:
        return str(self.cleaned_data["name"]).strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("chart_type") == ChartType.U and not data.get("rate_per"):
            data["rate_per"] = 1
        if data.get("rate_per") is None:
            data["rate_per"] = 1
        if data.get("target_from") and data.get("target") is None:
            self.add_error("target", "Enter a target, or leave the date empty")
        if data.get("chart_type") == ChartType.P and data.get("target") is not None and not 0 <= data["target"] <= 100:
            self.add_error("target", "A percentage target must be between 0 and 100")
        return data


class DataPointForm(forms.Form):
    period = NhsDateField(
        label="Date",
        help_text="The start of the period, for example 3 2 2025.",
        error_messages={"required": "Enter the date", "incomplete": "Enter the date"},
    )
    value = NumberField(label="Value")
    numerator = NumberField(label="Numerator")
    denominator = NumberField(label="Denominator")
    observations = ObservationsField(label="Observations", required=False)
    comment = forms.CharField(
        label="Comment (optional)",
        max_length=500,
        required=False,
        help_text="Do not include patient-identifiable information.",
    )

    def __init__(self, *args: Any, measure: Measure, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if measure.needs_subgroups:
            for name in ("value", "numerator", "denominator"):
                del self.fields[name]
            self.fields["observations"].required = True
            if measure.unit:
                self.fields["observations"].label = f"Observations ({measure.unit})"
        elif measure.needs_ratio:
            del self.fields["value"]
            self.fields["numerator"].help_text = measure.numerator
            self.fields["denominator"].help_text = measure.denominator
        else:
            del self.fields["numerator"]
            del self.fields["denominator"]
        if not measure.needs_subgroups:
            del self.fields["observations"]
        if not measure.needs_ratio and not measure.needs_subgroups and measure.unit:
            self.fields["value"].label = f"Value ({measure.unit})"
        if editing:
            del self.fields["period"]
        else:
            self.fields["period"].error_messages["required"] = "Enter the date"

    def clean_period(self) -> Any:
        value = self.cleaned_data.get("period")
        if value is None:
            raise forms.ValidationError("Enter the date")
        return value


class ChartEventForm(forms.Form):
    kind = forms.ChoiceField(
        label="What do you want to do?",
        choices=EventKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what to do", "invalid_choice": "Choose what to do"},
    )
    period = forms.ChoiceField(
        label="From which point?",
        error_messages={"required": "Choose a point", "invalid_choice": "Choose a point from the list"},
    )
    reason = forms.CharField(
        label="Reason",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, the new falls bundle was adopted after PDSA cycle 3.",
        error_messages={"required": "Enter the reason for this change to the chart"},
    )

    def __init__(self, *args: Any, periods: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.periods = {p.isoformat(): p for p in periods}
        set_choices(self, "period", [("", "Choose a point")] + [(k, f"{p:%d %B %Y}") for k, p in self.periods.items()])

    def clean_period(self) -> Any:
        return self.periods[self.cleaned_data["period"]]


class AnnotationForm(forms.Form):
    period = NhsDateField(label="Date", error_messages={"required": "Enter the date", "incomplete": "Enter the date"})
    text = forms.CharField(
        label="Annotation",
        max_length=300,
        help_text="For example, PDSA cycle 2: new checklist on two bays.",
        error_messages={"required": "Enter the annotation"},
    )
    kind = forms.ChoiceField(
        label="Type",
        choices=AnnotationKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type", "invalid_choice": "Choose the type"},
    )

    def clean_period(self) -> Any:
        value = self.cleaned_data.get("period")
        if value is None:
            raise forms.ValidationError("Enter the date")
        return value


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV or Excel file",
        help_text="A UTF-8 CSV file or an Excel workbook (.xlsx, first sheet), up to 5 MB. Either columns measure, date, value (and optionally numerator, "
        "denominator, comment), or a date column then one column per measure. Dates like 2025-03-31 or 31/03/2025.",
        error_messages={"required": "Select a CSV or Excel file", "empty": "The selected file is empty"},
    )


class CopyForm(_ScopedChoices, forms.Form):
    team = forms.ChoiceField(
        label="Team", error_messages={"required": "Choose a team", "invalid_choice": "Choose a team from the list"}
    )
    name = forms.CharField(label="Name of the new measure", max_length=200, error_messages={"required": "Enter a name"})

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        set_choices(self, "team", team_choices(organisation, empty="Choose a team"))

    def clean_team(self) -> Team | None:
        team = self._team("team")
        if team is None:
            raise forms.ValidationError("Choose a team")
        return team


class ChartViewForm(forms.Form):
    """The reader's choice of rules, chart type and dates for one look at a chart (GET, not saved)."""

    rules = forms.ChoiceField(
        label="Rules", required=False, error_messages={"invalid_choice": "Choose rules from the list"}
    )
    chart = forms.ChoiceField(
        label="Chart type", required=False, error_messages={"invalid_choice": "Choose a chart type from the list"}
    )
    date_from = NhsDateField(label="From", required=False)
    date_to = NhsDateField(label="To", required=False)

    def __init__(self, *args: Any, measure: Measure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self,
            "rules",
            [("", f"As set for this measure: {measure.get_rules_display()}")]
            + [(value, str(label)) for value, label in RulesProfile.choices if value != measure.rules],
        )
        set_choices(
            self,
            "chart",
            [
                ("", f"As set for this measure: {measure.get_chart_type_display()}"),
                *list(ALTERNATIVE_CHARTS.get(measure.chart_type, ())),
            ],
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "‘To’ date must be the same as or after the ‘From’ date")
        return data


class MeasureSetForm(forms.Form):
    """A saved selection: the measures come from those the person may see (passed in)."""

    name = forms.CharField(
        label="Name",
        max_length=120,
        help_text="For example, Board integrated performance report or Surgery directorate KPIs.",
        error_messages={"required": "Enter a name for the selection"},
    )
    description = forms.CharField(label="Description (optional)", max_length=300, required=False)
    shared = forms.BooleanField(label="Let everyone in the organisation use this selection", required=False)
    measures = forms.MultipleChoiceField(
        label="Measures",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one measure", "invalid_choice": "Choose measures from the list"},
    )

    def __init__(self, *args: Any, measures: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.available = {str(m.pk): m for m in measures}
        set_choices(
            self,
            "measures",
            [(k, m.name + (f" ({m.team.name})" if m.team else "")) for k, m in self.available.items()],
        )

    def clean_measures(self) -> list[Any]:
        return [self.available[k] for k in self.cleaned_data["measures"]]
