import pytest

from openqi.core.nhs_number import contains_nhs_number, is_valid_nhs_number


@pytest.mark.parametrize("number", ["9434765919", "4010232137", "9434765870"])
def test_a_ten_digit_number_with_a_correct_check_digit_is_valid(number: str) -> None:
    assert is_valid_nhs_number(number)


@pytest.mark.parametrize("number", ["9434765918", "1234567890", "943476591", "94347659190", "abcdefghij"])
def test_a_wrong_check_digit_or_length_is_not_valid(number: str) -> None:
    assert not is_valid_nhs_number(number)


def test_a_number_whose_check_would_be_ten_is_never_valid() -> None:
    # 1,0,0,0,0,0,0,0,1 weighted: 10 + 2 = 12, 12 % 11 = 1, 11 - 1 = 10: no valid check digit.
    assert not any(is_valid_nhs_number(f"100000001{d}") for d in range(10))


@pytest.mark.parametrize(
    "text",
    [
        "Patient 9434765919 waited too long",
        "patient 943 476 5919 waited",
        "NHS no: 943-476-5919.",
        "9434765919",
        "(4010232137)",
    ],
)
def test_free_text_holding_an_nhs_number_is_spotted(text: str) -> None:
    assert contains_nhs_number(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Call extension 4567 or 01632 960123",
        "Order 1234567890 was late",
        "943476591912 is too long to be one",
        "Not enough staff on the late shift",
        "94347659190",
    ],
)
def test_text_without_a_valid_nhs_number_passes(text: str) -> None:
    assert not contains_nhs_number(text)
