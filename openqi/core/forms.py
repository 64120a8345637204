"""Django forms rendered with the NHS.UK frontend macros.

`field_params` turns a bound field into the parameters of the matching NHS macro (input, textarea,
select, radios, checkboxes, date input), with label, hint, inline error and the submitted value, so
templates say `{{ nhs_field(form["email"]) }}` and get the NHS pattern every time.
"""

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError


def _date_part(data: Any, name: str, part: str) -> Any:
    value = data.get(f"{name}[{part}]")
    return data.get(f"{name}-{part}") if value is None else value


class NhsDateWidget(forms.MultiWidget):
    """Day, month and year boxes, as the NHS date input pattern asks."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()], attrs)
        self.widgets_names = ["-day", "-month", "-year"]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[Any]:
        # The NHS macro names the boxes `when[day]`; links and older tests use `when-day`.
        return [_date_part(data, name, part) for part in ("day", "month", "year")]

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class NhsDateField(forms.MultiValueField):
    widget = NhsDateWidget

    def __init__(self, **kwargs: Any) -> None:
        fields = (forms.CharField(required=False), forms.CharField(required=False), forms.CharField(required=False))
        kwargs.setdefault("require_all_fields", False)
        super().__init__(fields=fields, **kwargs)

    def compress(self, data_list: list[Any]) -> datetime.date | None:
        if not data_list or not any(data_list):
            return None
        label = self.label or "Date"
        if not all(data_list):
            missing = [p for p, v in zip(("day", "month", "year"), data_list, strict=True) if not v]
            raise ValidationError(f"{label} must include a {' and '.join(missing)}")
        try:
            day, month, year = (int(str(v).strip()) for v in data_list)
            if year < 1000:
                raise ValueError
            return datetime.date(year, month, day)
        except ValueError:
            raise ValidationError(f"{label} must be a real date") from None


def _value(bound: forms.BoundField) -> Any:
    value = bound.value()
    return "" if value is None else value


def _choices(bound: forms.BoundField) -> Any:
    """The choices of a field drawn with a choice widget (select, radios, checkboxes)."""
    field = bound.field
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{bound.name} is drawn as a choice but is not a choice field")
    return field.choices


def field_params(bound: forms.BoundField, **overrides: Any) -> tuple[str, dict[str, Any]]:
    """The NHS macro name and its parameters for a bound Django form field."""
    widget = bound.field.widget
    error = {"text": " ".join(str(e) for e in bound.errors)} if bound.errors else None
    hint = {"text": str(bound.help_text)} if bound.help_text else None
    label_text = str(bound.label)
    params: dict[str, Any] = {"id": bound.id_for_label or bound.html_name, "name": bound.html_name}
    if hint:
        params["hint"] = hint
    if error:
        params["errorMessage"] = error

    if isinstance(widget, NhsDateWidget):
        values = (
            widget.decompress(bound.value())
            if not bound.form.is_bound
            else [_date_part(bound.form.data, bound.html_name, part) or "" for part in ("day", "month", "year")]
        )
        params["id"] = bound.html_name
        params["fieldset"] = {"legend": {"text": label_text, "size": "s"}}
        # Names as NhsDateWidget reads them ("due-day"), not the macro's namePrefix form ("due[day]").
        params["items"] = [
            {
                "name": f"{bound.html_name}-{part}",
                "id": f"{bound.html_name}-{part}",
                "label": {"text": part.capitalize()},
                "value": v or "",
                "width": 4 if part == "year" else 2,
                "classes": "nhsuk-input--error" if error else "",
            }
            for part, v in zip(("day", "month", "year"), values, strict=True)
        ]
        macro = "dateInput"
    elif isinstance(widget, forms.CheckboxSelectMultiple):
        current_list = [str(v) for v in (bound.value() or [])]
        params["idPrefix"] = bound.html_name
        params["fieldset"] = {"legend": {"text": label_text, "size": "s"}}
        params["items"] = [
            {"value": str(v), "text": str(t), "checked": str(v) in current_list} for v, t in _choices(bound)
        ]
        # The first item takes the bare name as its id; the container must not share it.
        del params["id"]
        macro = "checkboxes"
    elif isinstance(widget, forms.RadioSelect):
        current = str(_value(bound))
        params["idPrefix"] = bound.html_name
        params["fieldset"] = {"legend": {"text": label_text, "size": "s"}}
        params["items"] = [
            {"value": str(v), "text": str(t), "checked": str(v) == current} for v, t in _choices(bound) if str(v) != ""
        ]
        del params["id"]
        macro = "radios"
    elif isinstance(widget, forms.CheckboxInput):
        params["idPrefix"] = bound.html_name
        params["items"] = [{"value": "1", "text": label_text, "checked": bool(bound.value())}]
        del params["id"]
        macro = "checkboxes"
    elif isinstance(widget, forms.Select):
        current = str(_value(bound))
        params["label"] = {"text": label_text}
        params["items"] = [{"value": str(v), "text": str(t), "selected": str(v) == current} for v, t in _choices(bound)]
        macro = "select"
    elif isinstance(widget, forms.Textarea):
        params["label"] = {"text": label_text}
        params["value"] = _value(bound)
        params["rows"] = widget.attrs.get("rows", 5)
        macro = "textarea"
    else:
        params["label"] = {"text": label_text}
        input_type = getattr(widget, "input_type", "text")
        params["type"] = input_type
        if input_type != "password":
            params["value"] = _value(bound)
        for attr in ("autocomplete", "spellcheck", "inputmode"):
            if attr in widget.attrs:
                params[attr] = widget.attrs[attr]
        if "class" in widget.attrs:
            params["classes"] = widget.attrs["class"]
        macro = "input"
    if macro in ("radios", "checkboxes"):
        # The group's inputs take their ids from idPrefix; an id on the group itself would
        # repeat the first input's id.
        params.pop("id", None)
    params.update(overrides)
    return macro, params


def error_summary_items(form: forms.Form) -> list[dict[str, str]]:
    """Error summary entries linking to the first input of each field in error."""
    items: list[dict[str, str]] = []
    for error in form.non_field_errors():
        items.append({"text": str(error), "href": "#main-form"})
    # An edit conflict is settled by the choice above the form (openqi.core.concurrency), not in the field.
    conflict_anchors: dict[str, str] = getattr(form, "edit_error_anchors", {})
    for name, errors in form.errors.items():
        if name == "__all__":
            continue
        bound = form[name]
        widget = bound.field.widget
        if name in conflict_anchors:
            anchor = conflict_anchors[name]
        elif isinstance(widget, NhsDateWidget):
            anchor = f"{bound.html_name}-day"
        elif isinstance(widget, forms.RadioSelect | forms.CheckboxInput):
            anchor = bound.html_name
        else:
            anchor = bound.id_for_label or bound.html_name
        for error in errors:
            items.append({"text": str(error), "href": f"#{anchor}"})
    return items


def set_choices(form: forms.Form, name: str, choices: list[tuple[str, str]]) -> None:
    """Give a choice field its choices at run time (typed, unlike `form.fields[name].choices`)."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)  # noqa: S101  (a programming error, not input)
    field.choices = choices
