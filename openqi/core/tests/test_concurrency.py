"""The optimistic concurrency core: fingerprints, the field-level merge and the conflict."""

import datetime
from decimal import Decimal

import pytest

from openqi.core.concurrency import EditConflict, edit_fingerprint, edit_token, merge_edit


def base_of(values: dict[str, object]) -> dict[str, str]:
    return {name: edit_fingerprint(value) for name, value in values.items()}


def test_a_value_shown_on_a_page_equals_the_same_value_cleaned_or_stored() -> None:
    assert edit_token("5") == edit_token(Decimal("5.00")) == edit_token(5) == edit_token(5.0)
    assert edit_token(datetime.date(2027, 3, 31)) == "2027-03-31"
    assert edit_token(None) == edit_token("") == edit_token("  ")
    assert edit_token("line one\r\nline two ") == edit_token("line one\nline two")
    assert edit_token(["safe", "timely"]) == edit_token(["timely", "safe"])
    assert edit_token("2024 plan") == "2024 plan"


def test_changes_to_different_fields_merge_and_only_mine_are_written() -> None:
    shown = {"what": "Reduce falls", "unit": "%"}
    now = {"what": "Reduce falls with harm", "unit": "%"}  # someone else changed what
    changed = merge_edit(current=now, submitted={"what": "Reduce falls", "unit": "falls"}, base=base_of(shown))
    assert changed == {"unit": "falls"}


def test_changes_to_the_same_field_are_a_conflict_naming_both_versions() -> None:
    shown = {"what": "Reduce falls", "unit": "%"}
    now = {"what": "Reduce falls with harm", "unit": "per 1,000"}
    with pytest.raises(EditConflict) as refused:
        merge_edit(current=now, submitted={"what": "Halve falls", "unit": "%"}, base=base_of(shown))
    assert refused.value.conflicts == {"what": ("Reduce falls with harm", "Halve falls")}
    assert refused.value.also_changed == {"unit": "per 1,000"}
    assert "what" in refused.value.error_dict


def test_both_people_making_the_same_change_is_not_a_conflict() -> None:
    shown = {"what": "Reduce falls"}
    now = {"what": "Halve falls"}
    assert merge_edit(current=now, submitted={"what": "Halve falls"}, base=base_of(shown)) == {}


def test_without_a_base_every_field_that_differs_from_the_row_is_written() -> None:
    assert merge_edit(current={"a": "x", "b": 1}, submitted={"a": "y", "b": "1"}, base=None) == {"a": "y"}
