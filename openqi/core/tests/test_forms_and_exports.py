import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from django import forms
from openpyxl import load_workbook

from openqi.core.csv_export import csv_response, formula_safe
from openqi.core.forms import NhsDateField, error_summary_items, field_params
from openqi.core.xlsx_export import XLSX_TYPE, xlsx_response


class SampleForm(forms.Form):
    name = forms.CharField(label="Your name", help_text="As on your badge")
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    colour = forms.ChoiceField(label="Colour", choices=[("", "Choose"), ("r", "Red"), ("b", "Blue")])
    size = forms.ChoiceField(label="Size", choices=[("s", "Small"), ("l", "Large")], widget=forms.RadioSelect)
    days = forms.MultipleChoiceField(
        label="Days",
        choices=[("mon", "Monday"), ("tue", "Tuesday")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    agree = forms.BooleanField(label="I agree", required=False)
    when = NhsDateField(label="Date of event")


@pytest.mark.parametrize(
    ("field", "macro"),
    [
        ("name", "input"),
        ("notes", "textarea"),
        ("colour", "select"),
        ("size", "radios"),
        ("days", "checkboxes"),
        ("agree", "checkboxes"),
        ("when", "dateInput"),
    ],
)
def test_each_widget_maps_to_its_nhs_macro(field: str, macro: str) -> None:
    assert field_params(SampleForm()[field])[0] == macro


def test_a_field_in_error_carries_its_message_hint_and_value() -> None:
    form = SampleForm({"name": "", "size": "x"})
    form.is_valid()
    _, params = field_params(form["name"])
    assert params["errorMessage"] == {"text": "This field is required."}
    assert params["hint"] == {"text": "As on your badge"}
    assert params["label"] == {"text": "Your name"}


def test_the_error_summary_links_to_the_first_input_of_each_field() -> None:
    form = SampleForm({"name": "", "size": "", "when-day": "1"})
    form.is_valid()
    hrefs = [item["href"] for item in error_summary_items(form)]
    assert "#id_name" in hrefs and "#size" in hrefs and "#when-day" in hrefs


def test_the_date_field_reads_the_box_names_the_nhs_macro_gives() -> None:
    # The date input macro names its boxes `when[day]`; `when-day` (links, old tests) still works.
    assert SampleForm({"when[day]": "5", "when[month]": "11", "when[year]": "2026"})["when"].value() == [
        "5",
        "11",
        "2026",
    ]
    form = SampleForm({"when-day": "5", "when-month": "11", "when-year": "2026"})
    assert form["when"].value() == ["5", "11", "2026"]
    _, params = field_params(SampleForm({"when[day]": "7"})["when"])
    assert params["items"][0]["value"] == "7"


def test_a_group_of_radios_or_checkboxes_leaves_the_first_id_to_its_first_input() -> None:
    _, params = field_params(SampleForm()["size"])
    assert "id" not in params and params["idPrefix"] == "size"


@pytest.mark.parametrize(
    ("parts", "expected"),
    [(("5", "11", "2026"), datetime.date(2026, 11, 5)), (("", "", ""), None)],
)
def test_the_date_field_reads_day_month_year(parts: tuple[str, str, str], expected: Any) -> None:
    field = NhsDateField(label="Date", required=False)
    assert field.clean(list(parts)) == expected


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("31", "2", "2026"), "Date must be a real date"),
        (("5", "", "2026"), "Date must include a month"),
        (("5", "11", "26"), "Date must be a real date"),
    ],
)
def test_the_date_field_explains_what_is_wrong(parts: tuple[str, str, str], message: str) -> None:
    with pytest.raises(forms.ValidationError, match=message):
        NhsDateField(label="Date", required=False).clean(list(parts))


@pytest.mark.parametrize("value", ["=SUM(A1)", "+1", "-1", "@cmd", "\tx", "\rx"])
def test_formula_like_cells_are_escaped(value: str) -> None:
    assert formula_safe(value) == "'" + value


def test_ordinary_cells_are_left_alone() -> None:
    assert formula_safe("Ward 7") == "Ward 7" and formula_safe(None) == "" and formula_safe(3) == "3"


def test_negative_numbers_stay_numbers_but_negative_looking_text_is_escaped() -> None:
    assert formula_safe(-2.5) == "-2.5" and formula_safe(Decimal("-1")) == "-1"
    assert formula_safe("-2.5") == "'-2.5"


def test_xlsx_responses_keep_formula_like_text_as_text_and_numbers_as_numbers() -> None:
    response = xlsx_response("x.xlsx", ["when", "value", "note"], [[datetime.date(2025, 1, 6), -2.5, "=1+1"]])
    assert response["Content-Type"] == XLSX_TYPE
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("when", "value", "note")
    assert rows[1][1] == -2.5 and rows[1][2] == "=1+1" and rows[1][0].date() == datetime.date(2025, 1, 6)
    cell = next(iter(sheet.iter_rows(min_row=2, max_row=2)))[2]
    assert cell.data_type == "s"  # text, not a formula


def test_csv_responses_are_utf8_with_a_bom_and_an_attachment_name() -> None:
    response = csv_response("x.csv", ["a"], [["=1"]])
    assert response.content.decode("utf-8") == "\ufeffa\r\n'=1\r\n"
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'


@pytest.mark.parametrize("field", ["size", "days"])
def test_a_radio_or_checkbox_group_gives_no_id_to_the_group_so_ids_stay_unique(field: str) -> None:
    _, params = field_params(SampleForm()[field])
    assert "id" not in params and params["idPrefix"] == field
