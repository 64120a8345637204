"""Spotting NHS numbers in free text."""

import pytest

from openqi.core.nhs_number import contains_nhs_number, is_valid_nhs_number


@pytest.mark.parametrize("number", ["9434765919", "4010232137", "9434765870"])
def test_a_number_with_the_right_check_digit_is_an_nhs_number(number: str) -> None:
    assert is_valid_nhs_number(number)


@pytest.mark.parametrize("number", ["9434765918", "1234567890", "123456789", "12345678901", "94347659a9"])
def test_a_wrong_check_digit_or_length_is_not_an_nhs_number(number: str) -> None:
    assert not is_valid_nhs_number(number)


def test_a_check_digit_of_ten_is_never_valid() -> None:
    # weights for 0000000010: only the ninth digit (weight 2) counts: 2 % 11 = 2, check = 9
    assert is_valid_nhs_number("0000000019")
    # 0000000060: 6 * 2 = 12, 12 % 11 = 1, check = 10: impossible, so no last digit makes it valid
    assert not any(is_valid_nhs_number(f"000000006{d}") for d in "0123456789")


@pytest.mark.parametrize(
    "text",
    [
        "Patient 9434765919 waited four hours",
        "NHS number 943 476 5919 was on the board",
        "see 943-476-5919.",
        "(4010232137)",
    ],
)
def test_free_text_holding_an_nhs_number_in_any_common_layout_is_caught(text: str) -> None:
    assert contains_nhs_number(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "We waited 45 minutes on 12 March",
        "Call 1234567890 for the switchboard",
        "A longer number 94347659190 is not an NHS number",
        "Extension 9434",
    ],
)
def test_text_without_a_valid_nhs_number_passes(text: str) -> None:
    assert not contains_nhs_number(text)
