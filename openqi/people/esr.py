"""Reading an ESR-style staff extract: columns, statuses and the team hierarchy.

The columns are those of an ESR staff-in-post extract (headers in any case, any order):

| Column | Needed | Becomes |
|---|---|---|
| Assignment Number | this or the employee number | the record's key (first choice) |
| Employee Number | this or the assignment number | the record's key (second choice) |
| First Name, Last Name | no | the name |
| Work Email Address (or Email Address) | yes | the invitation's address; the key when no number matches |
| Organisation, Cost Centre, Department | no | the team: each non-empty level nested in the one before |
| Position Title (or Position), Staff Group | no | kept on the record |
| Assignment Status | no | active, or a leaver (Terminate…, Inactive…, Leaver) |
| Assignment End Date (or Effective End Date) | no | a date that has passed makes the row a leaver |
"""

import datetime
import re
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from openqi.core.csv_import import parse_date, read_csv_rows

REQUIRED = ("assignment number", "employee number", "work email address")
ALIASES = {
    "email address": "work email address",
    "work email": "work email address",
    "email": "work email address",
    "position": "position title",
    "position name": "position title",
    "effective end date": "assignment end date",
    "end date": "assignment end date",
    "forename": "first name",
    "surname": "last name",
}
# Underscored spellings (`assignment_number`) of every column name are the same column.
ALIASES |= {name.replace(" ", "_"): ALIASES.get(name, name) for name in (*REQUIRED, *ALIASES)}
ALIASES |= {
    n.replace(" ", "_"): n
    for n in (
        "first name",
        "last name",
        "organisation",
        "cost centre",
        "department",
        "position title",
        "staff group",
        "assignment status",
        "assignment end date",
    )
}
HIERARCHY = ("organisation", "cost centre", "department")
LEAVER_WORDS = ("terminat", "inactive", "leaver", "left")
ACTIVE_WORDS = ("active", "acting up", "suspend", "secondment", "maternity", "career break", "sickness")
MAX_ROWS = 50_000
NUMBER = re.compile(r"^[0-9A-Za-z-]{1,30}$")


@dataclass(frozen=True)
class ParsedRow:
    line: int
    email: str
    given_name: str
    family_name: str
    employee_number: str
    assignment_number: str
    team_path: tuple[str, ...]
    position: str
    staff_group: str
    active: bool
    ended_on: str  # ISO date or ""

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["team_path"] = list(self.team_path)
        return data

    @classmethod
    def from_json(cls, data: dict[str, object]) -> "ParsedRow":
        values = dict(data)
        values["team_path"] = tuple(values["team_path"])  # type: ignore[arg-type]  # stored as a JSON list
        return cls(**values)  # type: ignore[arg-type]  # the keys are this class's fields, from as_json


def read(content: bytes) -> list[dict[str, str]]:
    return read_csv_rows(content, required=REQUIRED, max_rows=MAX_ROWS, aliases=ALIASES)


def _status(text: str) -> bool | None:
    """True for an active assignment, False for a leaver, None when the status is unknown."""
    lowered = text.lower()
    if not lowered:
        return True
    if any(word in lowered for word in LEAVER_WORDS):
        return False
    if any(word in lowered for word in ACTIVE_WORDS):
        return True
    return None


def parse(rows: list[dict[str, str]], *, today: datetime.date) -> tuple[list[ParsedRow], list[dict[str, object]]]:
    """Check every row: the good ones, and `{"line", "message"}` for each row with problems.
    A number or email that appears on two rows is an error on the second (one assignment a person:
    keep their primary one)."""
    good: list[ParsedRow] = []
    errors: list[dict[str, object]] = []
    seen: dict[tuple[str, str], int] = {}
    for line, row in enumerate(rows, start=2):
        problems: list[str] = []
        email = row.get("work email address", "").lower()
        assignment = row.get("assignment number", "")
        employee = row.get("employee number", "")
        if not email:
            problems.append("Enter the work email address")
        else:
            try:
                validate_email(email)
            except ValidationError:
                problems.append(f"‘{row.get('work email address', '')}’ is not an email address")
        if not assignment and not employee:
            problems.append("Enter the assignment number or the employee number")
        for label, value in (("assignment number", assignment), ("employee number", employee)):
            if value and not NUMBER.match(value):
                problems.append(f"The {label} ‘{value[:40]}’ must be letters, digits and hyphens (at most 30)")
        active = _status(row.get("assignment status", ""))
        if active is None:
            problems.append(
                f"The assignment status ‘{row.get('assignment status', '')[:60]}’ is not one OpenQI knows:"
                " use an ESR status such as Active Assignment or Terminate Process Assignment"
            )
        end_text = row.get("assignment end date", "")
        ended_on = parse_date(end_text) if end_text else None
        if end_text and ended_on is None:
            problems.append("Enter the assignment end date as YYYY-MM-DD or DD/MM/YYYY")
        elif ended_on is not None and ended_on < today:
            active = False
        path: list[str] = []
        for level in HIERARCHY:
            name = " ".join(row.get(level, "").split())
            if len(name) > 200:
                problems.append(f"The {level} name must be 200 characters or fewer")
            elif name and (not path or path[-1].lower() != name.lower()):
                path.append(name)
        for key in (("assignment", assignment), ("employee", employee), ("email", email)):
            if key[1] and key in seen:
                problems.append(
                    f"The same {key[0]} {'address' if key[0] == 'email' else 'number'} is on line {seen[key]}"
                )
        if problems:
            errors.append({"line": line, "message": "; ".join(problems)})
            continue
        for key in (("assignment", assignment), ("employee", employee), ("email", email)):
            if key[1]:
                seen[key] = line
        good.append(
            ParsedRow(
                line=line,
                email=email,
                given_name=row.get("first name", "")[:150],
                family_name=row.get("last name", "")[:150],
                employee_number=employee,
                assignment_number=assignment,
                team_path=tuple(path),
                position=row.get("position title", "")[:200],
                staff_group=row.get("staff group", "")[:100],
                active=bool(active),
                ended_on=ended_on.isoformat() if ended_on and not active else "",
            )
        )
    return good, errors
