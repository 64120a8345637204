"""Staff records as SCIM users, teams as SCIM groups, and the request parts both share: parsing a
user, `filter` (`attr eq "value"`, joined by `and`), paging and `attributes`/`excludedAttributes`."""

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpRequest

from openqi.api.scim.discovery import ENTERPRISE, GROUP, MAX_RESULTS, USER
from openqi.api.scim.errors import ScimError
from openqi.organisations.models import Team
from openqi.people.models import StaffRecord
from openqi.people.services import KEEP, PersonData


def _iso(value: Any) -> str:
    return value.isoformat().replace("+00:00", "Z")


def user_json(record: StaffRecord, base: str) -> dict[str, Any]:
    name = {"givenName": record.given_name, "familyName": record.family_name}
    body: dict[str, Any] = {
        "schemas": [USER, ENTERPRISE] if record.employee_number else [USER],
        "id": str(record.pk),
        "userName": record.user_name or record.email,
        "displayName": record.display_name,
        "emails": [{"value": record.email, "type": "work", "primary": True}],
        "active": record.active,
        "groups": (
            [{"value": str(record.team_id), "display": record.team.name, "$ref": f"{base}/Groups/{record.team_id}"}]
            if record.team is not None and record.active
            else []
        ),
        "meta": {
            "resourceType": "User",
            "created": _iso(record.created_at),
            "lastModified": _iso(record.updated_at),
            "location": f"{base}/Users/{record.pk}",
        },
    }
    if any(name.values()):
        body["name"] = {k: v for k, v in name.items() if v}
    if record.external_id:
        body["externalId"] = record.external_id
    if record.position:
        body["title"] = record.position
    if record.employee_number:
        body[ENTERPRISE] = {"employeeNumber": record.employee_number}
    return body


def group_json(team: Team, members: list[StaffRecord] | None, base: str, external_id: str = "") -> dict[str, Any]:
    body: dict[str, Any] = {
        "schemas": [GROUP],
        "id": str(team.pk),
        "displayName": team.name,
        "meta": {
            "resourceType": "Group",
            "created": _iso(team.created_at),
            "lastModified": _iso(team.created_at),
            "location": f"{base}/Groups/{team.pk}",
        },
    }
    if external_id:
        body["externalId"] = external_id
    if members is not None:
        body["members"] = [
            {"value": str(r.pk), "display": r.display_name, "$ref": f"{base}/Users/{r.pk}"} for r in members
        ]
    return body


def as_bool(value: Any, field: str = "active") -> bool:
    """Entra has sent booleans as the strings "True" and "False"; both are accepted."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise ScimError(400, f"{field} must be true or false.", "invalidValue")


def scim_text(value: Any, field: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ScimError(400, f"{field} must be a string.", "invalidValue")
    return value.strip()


def work_email(emails: Any) -> str:
    if emails in (None, []):
        return ""
    if not isinstance(emails, list) or not all(isinstance(e, dict) for e in emails):
        raise ScimError(400, "emails must be a list of objects with a value.", "invalidValue")
    chosen = (
        next((e for e in emails if e.get("primary") in (True, "true", "True")), None)
        or next((e for e in emails if str(e.get("type", "")).lower() == "work"), None)
        or emails[0]
    )
    return scim_text(chosen.get("value"), "emails.value")


def person_from_user(body: Any) -> PersonData:
    """A full user (POST, PUT) as the staff record's data; the team is set through groups."""
    if not isinstance(body, dict):
        raise ScimError(400, "The body must be a SCIM User object.", "invalidSyntax")
    user_name = scim_text(body.get("userName"), "userName")
    if not user_name:
        raise ScimError(400, "userName is required.", "invalidValue")
    email = (work_email(body.get("emails")) or user_name).lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ScimError(
            400, f"‘{email[:100]}’ is not an email address: send a work email in emails or userName.", "invalidValue"
        ) from None
    name = body.get("name") or {}
    if not isinstance(name, dict):
        raise ScimError(400, "name must be an object.", "invalidValue")
    enterprise = body.get(ENTERPRISE) or {}
    if not isinstance(enterprise, dict):
        raise ScimError(400, "The enterprise extension must be an object.", "invalidValue")
    return PersonData(
        email=email,
        user_name=user_name[:255],
        given_name=scim_text(name.get("givenName"), "name.givenName")[:150],
        family_name=scim_text(name.get("familyName"), "name.familyName")[:150],
        external_id=scim_text(body.get("externalId"), "externalId")[:255],
        position=scim_text(body.get("title"), "title")[:200],
        employee_number=scim_text(enterprise.get("employeeNumber"), "employeeNumber")[:64],
        team=KEEP,
        active=as_bool(body["active"]) if "active" in body else True,
    )


@dataclass(frozen=True)
class Clause:
    attribute: str  # lower case
    value: str


_CLAUSE = re.compile(r'^\s*([\w.$:\[\]-]+?)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$', re.IGNORECASE)
_MEMBERS = re.compile(r'^\s*members\[\s*value\s+eq\s+"((?:[^"\\]|\\.)*)"\s*\]\s*$', re.IGNORECASE)


def parse_filter(text: str, allowed: set[str]) -> list[Clause]:
    """`userName eq "x"` and clauses joined by `and`; anything else is refused (400 invalidFilter),
    never silently widened to every record."""
    if not text.strip():
        return []
    clauses = []
    for part in re.split(r"\s+and\s+", text.strip(), flags=re.IGNORECASE):
        members = _MEMBERS.match(part)
        if members and "members.value" in allowed:
            clauses.append(Clause("members.value", members.group(1).replace('\\"', '"')))
            continue
        match = _CLAUSE.match(part)
        if match is None or match.group(1).lower() not in allowed:
            raise ScimError(
                400,
                f"This filter is not supported: {text[:200]}. Use {' or '.join(sorted(allowed))} with eq, joined by and.",
                "invalidFilter",
            )
        clauses.append(Clause(match.group(1).lower(), match.group(2).replace('\\"', '"')))
    return clauses


def paging(request: HttpRequest) -> tuple[int, int]:
    """(startIndex, count): 1-based; a startIndex below 1 is 1 and a negative count 0 (RFC 7644 §3.4.2.4)."""
    try:
        start = int(request.GET.get("startIndex", "1"))
        count = int(request.GET.get("count", str(MAX_RESULTS)))
    except ValueError:
        raise ScimError(400, "startIndex and count must be whole numbers.", "invalidValue") from None
    return max(start, 1), min(max(count, 0), MAX_RESULTS)


def _names(text: str) -> set[str]:
    names = set()
    for item in text.split(","):
        item = item.strip()
        for prefix in (USER + ":", GROUP + ":"):
            if item.startswith(prefix):
                item = item[len(prefix) :]
        if item:
            names.add(item.split(".")[0].lower())
    return names


def project(body: dict[str, Any], request: HttpRequest) -> dict[str, Any]:
    """Apply `attributes` / `excludedAttributes` (top-level names); `id` and `schemas` always stay."""
    wanted = _names(request.GET.get("attributes", ""))
    unwanted = _names(request.GET.get("excludedAttributes", ""))
    kept = {}
    for key, value in body.items():
        lowered = key.lower()
        always = lowered in ("id", "schemas")
        if not always and wanted and lowered not in wanted and key != ENTERPRISE:
            continue
        if not always and lowered in unwanted:
            continue
        kept[key] = value
    if wanted and ENTERPRISE in kept and "employeenumber" not in wanted and ENTERPRISE.lower() not in wanted:
        del kept[ENTERPRISE]
    return kept
