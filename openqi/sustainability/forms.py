"""One form for both steps: a level (with why) for each of the model's ten factors."""

from typing import Any

from django import forms

from openqi.sustainability.scoring import Factor, sustainability_model
from openqi.sustainability.services import NOTE_MAX


def level_label(factor: Factor, level: int) -> str:
    statement = factor.level(level).statement
    return f"Level {level}: {statement}"


class FactorLevelsForm(forms.Form):
    """Fields `<factor>` (a level 1–4) and `<factor>_note` (why), in the model's order."""

    def __init__(self, *args: Any, note_label: str = "Why this level? (optional)", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for factor in sustainability_model().factors:
            self.fields[factor.key] = forms.TypedChoiceField(
                label=factor.name,
                help_text=factor.question,
                coerce=int,
                choices=[(level.level, level_label(factor, level.level)) for level in factor.levels],
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Choose a level for ‘{factor.name}’",
                    "invalid_choice": f"Choose a level for ‘{factor.name}’",
                },
            )
            self.fields[f"{factor.key}_note"] = forms.CharField(
                label=note_label,
                required=False,
                max_length=NOTE_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="Do not include patient-identifiable information, such as names or NHS numbers.",
                error_messages={"max_length": f"Your note must be {NOTE_MAX} characters or fewer"},
            )

    def levels(self) -> dict[str, int]:
        return {f.key: self.cleaned_data[f.key] for f in sustainability_model().factors}

    def notes(self) -> dict[str, str]:
        return {f.key: self.cleaned_data.get(f"{f.key}_note", "") for f in sustainability_model().factors}

    @staticmethod
    def initial_from(scores: dict[str, tuple[int, str]]) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for key, (level, note) in scores.items():
            initial[key] = level
            initial[f"{key}_note"] = note
        return initial
