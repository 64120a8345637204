"""Spotting NHS numbers in free text, so patient-identifiable information is refused at the door.

An NHS number is 10 digits (often written 3-3-4 with spaces or hyphens) whose last digit is a
modulus 11 check digit. Only digit runs that pass the check count, so a phone extension or a
ten-digit order number is not refused by mistake (most random ten-digit numbers fail the check).
"""

import re

# Ten digits, optionally grouped 3-3-4 by a space or hyphen, not part of a longer number.
_CANDIDATE = re.compile(r"(?<![\d])(\d{3})[ \-]?(\d{3})[ \-]?(\d{4})(?![\d])")


def is_valid_nhs_number(digits: str) -> bool:
    """True when `digits` is exactly ten digits with a correct modulus 11 check digit."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def contains_nhs_number(text: str) -> bool:
    """True when the text holds something that looks like a valid NHS number."""
    return any(is_valid_nhs_number("".join(m.groups())) for m in _CANDIDATE.finditer(text or ""))
