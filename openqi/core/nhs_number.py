"""Spotting NHS numbers in free text, so patient-identifiable information is refused at the door.

An NHS number is ten digits whose last is a modulus-11 check digit. People write them as
`9434765919`, `943 476 5919` or `943-476-5919`; any ten-digit run that passes the check counts.
"""

import re

# Ten digits, optionally grouped 3-3-4 by spaces or hyphens, not part of a longer number.
_CANDIDATE = re.compile(r"(?<![\d])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d])")


def is_valid_nhs_number(digits: str) -> bool:
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def contains_nhs_number(text: str) -> bool:
    """True when the text holds something shaped like an NHS number that passes the check digit."""
    return any(is_valid_nhs_number("".join(m.groups())) for m in _CANDIDATE.finditer(text or ""))
