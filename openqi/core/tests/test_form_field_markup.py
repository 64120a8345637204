"""Rendered NHS form fields post back what Django reads, and give each input its own id."""

import re
from typing import Any

import pytest
from django import forms
from django.template import engines
from django.test import RequestFactory

from openqi.core.forms import NhsDateField, field_params


class SampleForm(forms.Form):
    size = forms.ChoiceField(label="Size", choices=[("s", "Small"), ("l", "Large")], widget=forms.RadioSelect)
    days = forms.MultipleChoiceField(
        label="Days", choices=[("mon", "Monday"), ("tue", "Tuesday")], widget=forms.CheckboxSelectMultiple
    )
    agree = forms.BooleanField(label="I agree", required=False)
    when = NhsDateField(label="Date of event")


def _render(form: forms.Form) -> str:
    template = engines["jinja2"].from_string(
        '{% from "core/forms.jinja" import nhs_field %}{% for f in form %}{{ nhs_field(f) }}{% endfor %}'
    )
    return template.render({"form": form}, request=RequestFactory().get("/"))


def test_no_two_elements_share_an_id() -> None:
    ids = re.findall(r'\sid="([^"]+)"', _render(SampleForm()))
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert duplicates == set()


def test_the_first_radio_and_checkbox_are_labelled_by_their_own_input() -> None:
    html = _render(SampleForm())
    for name in ("size", "days"):
        assert re.search(rf'<input[^>]*id="{name}"[^>]*name="{name}"', html, re.S)
        assert f'for="{name}"' in html


@pytest.mark.parametrize("part", ["day", "month", "year"])
def test_date_inputs_are_named_as_the_date_field_reads_them(part: str) -> None:
    html = _render(SampleForm())
    assert re.search(rf'id="when-{part}"\s+name="when-{part}"', html)
    assert re.search(rf'<label[^>]*for="when-{part}"[^>]*>\s*{part.capitalize()}\s*</label>', html, re.S)


def test_a_date_posted_from_the_rendered_names_is_read_back(db: Any) -> None:
    form = SampleForm({"size": "s", "days": ["mon"], "when-day": "3", "when-month": "4", "when-year": "2026"})
    assert form.is_valid(), form.errors
    assert str(form.cleaned_data["when"]) == "2026-04-03"


def test_a_field_drawn_as_a_choice_must_be_a_choice_field() -> None:
    class Odd(forms.Form):
        colour = forms.CharField(widget=forms.Select(choices=[("r", "Red")]))
        size = forms.ChoiceField(choices=[("s", "Small")], widget=forms.RadioSelect)

    form = Odd()
    macro, params = field_params(form["size"])
    assert (macro, [item["value"] for item in params["items"]]) == ("radios", ["s"])
    with pytest.raises(TypeError, match="colour is drawn as a choice"):
        field_params(form["colour"])
