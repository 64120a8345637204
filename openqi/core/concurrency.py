"""Optimistic concurrency for edit forms: nobody's work is silently overwritten (issue 24, ADR 0011).

An edit form carries a hidden `edit_base`: a short fingerprint of each field's value as the page
showed it. When the form comes back, a field whose submitted value differs from its fingerprint is
one this person changed; only those are written. The service, holding the row locked, compares the
fingerprints with the row as it is now: a field someone else changed meanwhile and this person
left alone keeps the other person's value (a field-level merge); a field both changed, to different
values, is refused with an `EditConflict`. The page then shows both versions and asks, per field,
whether to keep mine (editing it first if they like) or take theirs.

Fingerprints rather than a version column: no migration for each edited model, and detection is by
field, so two people editing different parts of one record never collide.

The service side (`merge_edit`, `lock_for_edit`, `EditConflict`) knows nothing of forms; the form
side (`track_edits`, `call_edit_service`) knows nothing of models. Both compare values through
`edit_token`, so a team chosen by its id on the page equals the team object in the row, and
"5" equals Decimal("5.00").
"""

import datetime
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from openqi.core.forms_util import call_service

T = TypeVar("T")
F = TypeVar("F", bound=forms.Form)

BASE_FIELD = "edit_base"
RESOLVE_PREFIX = "edit_resolve_"
KEEP_MINE = "mine"
TAKE_THEIRS = "theirs"
# A fingerprint no value has: a field whose conflict is still waiting for a choice is refused again.
_UNRESOLVED = "unresolved"


def edit_token(value: Any) -> str:
    """A value as comparable text: the same for what a form shows, what it cleans and what the row holds."""
    if value is None:
        return ""
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return _number(Decimal(str(value)))
    if isinstance(value, list | tuple | set | frozenset):
        return json.dumps(sorted(edit_token(item) for item in value))
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    try:
        # Numbers typed as text ("5", "5.0") equal the number the row holds.
        return _number(Decimal(text)) if text and text[0] in "+-.0123456789" else text
    except InvalidOperation:
        return text


def _number(value: Decimal) -> str:
    if not value.is_finite():
        return str(value)
    normal = value.normalize()
    return format(normal, "f") if normal != 0 else "0"


def edit_fingerprint(value: Any) -> str:
    return hashlib.sha256(edit_token(value).encode()).hexdigest()[:16]


class EditConflict(ValidationError):
    """Someone else saved a different value in a field this person changed too.

    `conflicts` maps each such field to (theirs, mine); `also_changed` maps the fields only the other
    person changed to their value (kept). Nothing was written."""

    def __init__(self, conflicts: Mapping[str, tuple[Any, Any]], also_changed: Mapping[str, Any]) -> None:
        super().__init__(
            {
                name: "This was changed by someone else while you were editing. Choose which version to keep"
                for name in conflicts
            }
        )
        self.conflicts = dict(conflicts)
        self.also_changed = dict(also_changed)


def merge_edit(
    *, current: Mapping[str, Any], submitted: Mapping[str, Any], base: Mapping[str, str] | None
) -> dict[str, Any]:
    """The fields to write: those this person changed. Raises EditConflict when someone else saved a
    different value in any of them since the page was shown.

    `current` is the row now (locked), `submitted` the form's values, `base` the fingerprints the page
    was shown with (None for a caller with no form, such as demo data: every field that differs from
    the row counts as changed). All three are keyed by form field name."""
    changed: dict[str, Any] = {}
    conflicts: dict[str, tuple[Any, Any]] = {}
    also_changed: dict[str, Any] = {}
    for name, mine in submitted.items():
        now = current[name]
        theirs_changed = base is not None and name in base and edit_fingerprint(now) != base[name]
        if base is None or name not in base:
            mine_changed = edit_token(mine) != edit_token(now)
        else:
            mine_changed = edit_fingerprint(mine) != base[name]
        if mine_changed and theirs_changed and edit_token(mine) != edit_token(now):
            conflicts[name] = (now, mine)
        elif mine_changed and edit_token(mine) != edit_token(now):
            changed[name] = mine
        elif theirs_changed and not mine_changed:
            also_changed[name] = now
    if conflicts:
        raise EditConflict(conflicts, also_changed)
    return changed


def lock_for_edit(obj: models.Model, fields: Iterable[str]) -> None:
    """Lock the row until the transaction ends and reload `fields`, so the merge compares with what
    is saved now rather than with the (possibly stale) object the view loaded."""
    type(obj)._base_manager.select_for_update().filter(pk=obj.pk).values_list("pk", flat=True).first()
    obj.refresh_from_db(fields=list(fields))


def changes_for_audit(current: Mapping[str, Any], changed: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """(old, new) for each changed field, for `audit_log(changes=...)`."""
    return {name: (current[name], value) for name, value in changed.items()}


# The form side.


def track_edits(form: F, *, fields: Iterable[str] | None = None) -> F:
    """Make `form` an edit form: the page carries a fingerprint of the values it shows (from
    `form.initial`), rendered as a hidden `edit_base` input by `core/form_page.jinja`. It is not a
    form field, so it never reaches `cleaned_data`."""
    names = list(fields) if fields is not None else list(form.fields)
    base = {name: edit_fingerprint(form.initial.get(name, form.fields[name].initial)) for name in names}
    posted = str(form.data.get(BASE_FIELD) or "") if form.is_bound else ""
    form.edit_base_value = posted if form.is_bound else _encode(base, [])  # type: ignore[attr-defined]
    form.edit_conflicts = []  # type: ignore[attr-defined]
    form.edit_also_changed = []  # type: ignore[attr-defined]
    return form


def _encode(base: Mapping[str, str], resolving: list[str]) -> str:
    return json.dumps({"v": dict(base), "resolve": resolving}, separators=(",", ":"), sort_keys=True)


def _decode(raw: str) -> tuple[dict[str, str], list[str]] | None:
    try:
        data = json.loads(raw)
        values, resolving = data["v"], data.get("resolve", [])
    except (ValueError, TypeError, KeyError):
        return None
    if not isinstance(values, dict) or not isinstance(resolving, list):
        return None
    return {str(k): str(v) for k, v in values.items()}, [str(r) for r in resolving]


def edit_base(form: forms.Form) -> dict[str, str] | None:
    """The fingerprints the page was shown with, after the person's choices on a conflict: "take
    theirs" makes their submitted value count as unchanged (so the saved value stays); a conflict
    with no choice yet stays a conflict. None when the form carried no base."""
    decoded = _decode(str(form.data.get(BASE_FIELD) or ""))
    if decoded is None:
        return None
    base, resolving = decoded
    for name in resolving:
        choice = form.data.get(RESOLVE_PREFIX + name)
        if choice == TAKE_THEIRS and name in form.cleaned_data:
            base[name] = edit_fingerprint(form.cleaned_data[name])
        elif choice != KEEP_MINE:
            base[name] = _UNRESOLVED
    return base


@dataclass(frozen=True)
class ConflictRow:
    name: str
    label: str
    theirs: str
    mine: str
    input_name: str
    error: str


@dataclass(frozen=True)
class AlsoChangedRow:
    label: str
    theirs: str


def call_edit_service(form: forms.Form, call: Callable[[dict[str, str] | None], T]) -> T | None:
    """`call_service` for an edit form made with `track_edits`: passes the service the page's
    fingerprints, and on an EditConflict sets up the page to show both versions and ask."""
    base = edit_base(form)
    decoded = _decode(str(form.data.get(BASE_FIELD) or ""))
    unanswered = {n for n in (decoded[1] if decoded else []) if base is not None and base.get(n) == _UNRESOLVED}
    refused: list[EditConflict] = []

    def run() -> T | None:
        try:
            return call(base)
        except EditConflict as conflict:
            refused.append(conflict)
            return None

    result = call_service(form, run)
    if refused:
        _show_conflict(form, refused[0], base or {}, unanswered)
    return result


def _show_conflict(form: forms.Form, conflict: EditConflict, base: dict[str, str], unanswered: set[str]) -> None:
    new_base = dict(base)
    rows = []
    for name, (theirs, mine) in conflict.conflicts.items():
        new_base[name] = edit_fingerprint(theirs)
        label = _label(form, name)
        error = (
            f"Choose whether to keep your version of ‘{label}’ or take theirs"
            if name in unanswered
            else f"‘{label}’ was changed by someone else while you were editing. Choose which version to keep"
        )
        form.add_error(name if name in form.fields else None, error)
        rows.append(
            ConflictRow(
                name=name,
                label=label,
                theirs=edit_display(form, name, theirs),
                mine=edit_display(form, name, mine),
                input_name=RESOLVE_PREFIX + name,
                error=error if name in unanswered else "",
            )
        )
    # A field only the other person changed now shows their value, which is what stays saved.
    data = form.data.copy() if hasattr(form.data, "copy") else dict(form.data)  # type: ignore[attr-defined]
    for name, theirs in conflict.also_changed.items():
        new_base[name] = edit_fingerprint(theirs)
        _show_value(form, data, name, theirs)
    form.data = data
    form.edit_base_value = _encode(new_base, sorted(conflict.conflicts))  # type: ignore[attr-defined]
    form.edit_conflicts = rows  # type: ignore[attr-defined]
    form.edit_error_anchors = {row.name: row.input_name for row in rows}  # type: ignore[attr-defined]
    form.edit_also_changed = [  # type: ignore[attr-defined]
        AlsoChangedRow(label=_label(form, name), theirs=edit_display(form, name, value))
        for name, value in conflict.also_changed.items()
    ]


def _show_value(form: forms.Form, data: Any, name: str, value: Any) -> None:
    """Put a saved value into the submitted data, as the field's inputs would send it."""
    field = form.fields.get(name)
    if field is None:
        return
    html_name = form.add_prefix(name)
    widget = field.widget
    if isinstance(widget, forms.MultiWidget):
        parts: list[Any] = list(widget.decompress(value) or [])
        suffixes = getattr(widget, "widgets_names", None) or [f"_{i}" for i in range(len(parts))]
        for suffix, part in zip(suffixes, parts, strict=False):
            data[html_name + suffix] = "" if part is None else str(part)
    elif isinstance(value, list | tuple | set):
        items = [_as_input(item) for item in value]
        if hasattr(data, "setlist"):
            data.setlist(html_name, items)
        else:
            data[html_name] = items
    else:
        data[html_name] = _as_input(value)


def _as_input(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return edit_token(value)


def _label(form: forms.Form, name: str) -> str:
    field = form.fields.get(name)
    return str(field.label) if field is not None and field.label else name.replace("_", " ").capitalize()


def edit_display(form: forms.Form, name: str, value: Any) -> str:
    """A value as a person reads it: a choice's label, a date in words, "Not set" for nothing."""
    field = form.fields.get(name)
    values = list(value) if isinstance(value, list | tuple | set) else [value]
    choices = {edit_token(k): str(v) for k, v in getattr(field, "choices", [])} if field is not None else {}
    shown = []
    for item in values:
        token = edit_token(item)
        if token == "":
            continue
        if token in choices:
            shown.append(choices[token])
        elif isinstance(item, datetime.date):
            shown.append(f"{item.day} {item:%B %Y}")
        elif isinstance(item, models.Model):
            shown.append(str(item))
        else:
            shown.append(token)
    return ", ".join(shown) if shown else "Not set"
