"""PATCH (RFC 7644 §3.5.2) for users and groups, as Entra ID sends it: `replace` on `active` and
other attributes (with or without a path, names case-insensitive, booleans maybe as strings), and
`add`/`remove` on a group's `members`."""

import re
from typing import Any

from openqi.api.scim.discovery import ENTERPRISE, PATCH_OP
from openqi.api.scim.errors import ScimError
from openqi.api.scim.resources import as_bool, scim_text, work_email
from openqi.people.models import StaffRecord
from openqi.people.services import KEEP, PersonData

# Attribute paths (lower case) a user PATCH may name, and the PersonData field each sets.
USER_PATHS = {
    "username": "user_name",
    "externalid": "external_id",
    "name.givenname": "given_name",
    "name.familyname": "family_name",
    "title": "position",
    "active": "active",
    "emails": "email",
    'emails[type eq "work"].value': "email",
    "emails.value": "email",
    f"{ENTERPRISE}:employeenumber".lower(): "employee_number",
    "employeenumber": "employee_number",
    # Made from the name in OpenQI: accepted and left alone, so a mapping that sends them works.
    "displayname": "",
    "name.formatted": "",
}
_MEMBER_PATH = re.compile(r'^members\[\s*value\s+eq\s+"([^"]+)"\s*\]$', re.IGNORECASE)


def operations(body: Any) -> list[dict[str, Any]]:
    if not isinstance(body, dict) or PATCH_OP not in (body.get("schemas") or []):
        raise ScimError(400, f"A PATCH body must be a PatchOp message ({PATCH_OP}).", "invalidSyntax")
    ops = body.get("Operations")
    if not isinstance(ops, list) or not ops or not all(isinstance(op, dict) for op in ops):
        raise ScimError(400, "Operations must be a non-empty list.", "invalidSyntax")
    for op in ops:
        if str(op.get("op", "")).lower() not in ("add", "replace", "remove"):
            raise ScimError(
                400, f"Unknown PATCH op ‘{str(op.get('op'))[:20]}’: use add, replace or remove.", "invalidSyntax"
            )
    return ops


def person_of(record: StaffRecord) -> PersonData:
    return PersonData(
        email=record.email,
        user_name=record.user_name or record.email,
        given_name=record.given_name,
        family_name=record.family_name,
        external_id=record.external_id,
        position=record.position,
        employee_number=record.employee_number,
        team=KEEP,
        active=record.active,
    )


def _user_value(field: str, value: Any, path: str) -> Any:
    if field == "active":
        return as_bool(value)
    if field == "email":
        return work_email(value) if isinstance(value, list) else scim_text(value, path)
    if field == "employee_number":
        return scim_text(value, path)[:64]  # as a created user's: the staff record keeps 64 characters
    return scim_text(value, path)


def patch_user(record: StaffRecord, body: Any) -> PersonData:
    data = person_of(record)  # a fresh object: the operations set its fields in turn
    for op in operations(body):
        kind = str(op["op"]).lower()
        path = str(op.get("path") or "")
        if not path:
            if kind == "remove" or not isinstance(op.get("value"), dict):
                raise ScimError(400, "A PATCH without a path needs an object value.", "noTarget")
            items = list(op["value"].items())
        else:
            items = [(path, op.get("value"))]
        for item_path, value in items:
            lowered = item_path.lower()
            if kind == "remove" and lowered in ("name", ENTERPRISE.lower()):
                fields = ("given_name", "family_name") if lowered == "name" else ("employee_number",)
                for name in fields:
                    setattr(data, name, "")
                continue
            if lowered == "name" and isinstance(value, dict):
                items.extend((f"name.{k}", v) for k, v in value.items())
                continue
            if lowered == ENTERPRISE.lower() and isinstance(value, dict):
                items.extend((f"{ENTERPRISE}:{k}", v) for k, v in value.items() if k != "schemas")
                continue
            if lowered not in USER_PATHS:
                raise ScimError(400, f"OpenQI does not keep the attribute ‘{item_path[:100]}’.", "invalidPath")
            field = USER_PATHS[lowered]
            if not field:
                continue
            if kind == "remove":
                if field in ("user_name", "email", "active"):
                    raise ScimError(400, f"{item_path} cannot be removed.", "mutability")
                setattr(data, field, "")
            else:
                setattr(data, field, _user_value(field, value, item_path))
    if data.email and "@" not in data.email:
        raise ScimError(400, "The work email must be an email address.", "invalidValue")
    return data


def member_ids(value: Any) -> list[int]:
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    ids = []
    for item in values:
        raw = item.get("value") if isinstance(item, dict) else None
        if not isinstance(raw, str) or not raw.isdigit():
            raise ScimError(400, "Each member needs the value of a user's id.", "invalidValue")
        ids.append(int(raw))
    return ids


def patch_group(body: Any) -> tuple[dict[str, str], list[tuple[str, list[int]]]]:
    """The attributes to set (`displayName`, `externalId`) and the member changes in order:
    ("add" | "remove" | "set", ids)."""
    attributes: dict[str, str] = {}
    members: list[tuple[str, list[int]]] = []
    for op in operations(body):
        kind = str(op["op"]).lower()
        path = str(op.get("path") or "")
        value = op.get("value")
        single = _MEMBER_PATH.match(path)
        if single:
            if kind != "remove":
                raise ScimError(400, "Only remove may name one member in the path.", "invalidPath")
            members.append(("remove", [int(single.group(1))] if single.group(1).isdigit() else []))
        elif path.lower() == "members":
            action = {"add": "add", "remove": "remove", "replace": "set"}[kind]
            if kind == "remove" and value is None:
                members.append(("set", []))
            else:
                members.append((action, member_ids(value)))
        elif path.lower() in ("displayname", "externalid"):
            if kind == "remove" and path.lower() == "displayname":
                raise ScimError(400, "displayName cannot be removed.", "mutability")
            attributes[path.lower()] = "" if kind == "remove" else scim_text(value, path)
        elif not path and isinstance(value, dict) and kind != "remove":
            for key, item in value.items():
                if key.lower() == "members":
                    members.append(("add" if kind == "add" else "set", member_ids(item)))
                elif key.lower() in ("displayname", "externalid"):
                    attributes[key.lower()] = scim_text(item, key)
                else:
                    raise ScimError(400, f"OpenQI does not keep the attribute ‘{key[:100]}’.", "invalidPath")
        else:
            raise ScimError(400, f"OpenQI cannot apply this operation to ‘{path[:100] or 'the group'}’.", "invalidPath")
    return attributes, members
