"""What two or more dashboard features share: the form base, fields and validators, helpers
for posted forms, and the pieces of queries.

Forms use Flask-WTF: every POST form carries a CSRF token; filters are GET forms without.
Labels are German via ``_``; validation messages come from :mod:`prompts.dashboard`.

Every feature's ``queries.py`` does the reads behind its pages, a few statements per page and
always scoped to one Kommune; views call these and render, no SQL lives in views or templates.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from flask import flash
from flask_wtf import FlaskForm
from sqlalchemy import ColumnElement, Select, select
from wtforms import SelectMultipleField, ValidationError, widgets
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired

from models import BERLIN, Category, Person
from models import phone as phones
from prompts import dashboard as T

# --- forms ----------------------------------------------------------------------------------------


class Form(FlaskForm):
    class Meta:
        locales = ("de_DE", "de")


class FilterForm(Form):
    """A GET form for lists and figures: no CSRF token, reads the query string."""

    class Meta:
        csrf = False
        locales = ("de_DE", "de")


class ActionForm(Form):
    """A button that changes something: only the CSRF token."""


class MultiCheckboxField(SelectMultipleField):
    """Several choices as a list of checkboxes."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def submitted(form: Form) -> bool:
    """Whether ``form`` was posted and is valid; if not, its errors are flashed."""
    if form.validate_on_submit():
        return True
    for errors in form.errors.values():
        for error in errors:
            flash(str(error), "error")
    return False


def set_changed(target: object, values: dict[str, Any]) -> list[str]:
    """Set the attributes of ``target`` whose value differs from ``values``; returns their names."""
    changed = [key for key, value in values.items() if getattr(target, key) != value]
    for key in changed:
        setattr(target, key, values[key])
    return changed


def searchable(text: str | None) -> str:
    """Search input as plain text: no control characters (a NUL would end the string in
    SQLite's LIKE and is refused by PostgreSQL)."""
    return "".join(ch for ch in (text or "") if ch.isprintable() or ch == " ").strip()


def required() -> DataRequired:
    return DataRequired(message=str(T.REQUIRED))


def options(pairs: Any) -> list[SelectChoice]:
    """(value, label) pairs as WTForms wants choices."""
    return [SelectChoice(value, label) for value, label in pairs]


def category_choices() -> list[tuple[str, str]]:
    return [(c.value, str(T.CATEGORY[c.value])) for c in Category]


def phone_number(form: Any, field: Any) -> None:
    """Validator: a phone number, stored as E.164."""
    try:
        field.data = phones.parse(field.data)
    except phones.InvalidNumber as exc:
        raise ValidationError(str(T.PHONE_INVALID)) from exc


# --- queries --------------------------------------------------------------------------------------

PAGE_SIZE = 50


def contains(column: Any, text: str) -> ColumnElement[bool]:
    """``column`` contains ``text`` literally (``%`` and ``_`` are no wildcards here)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{escaped}%", escape="\\")


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """A local (Berlin) day as UTC instants [start, end)."""
    start = datetime.combine(day, time(0), tzinfo=BERLIN)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=BERLIN)
    return start, end


def people_matching(kommune_id: int, text: str) -> Select[tuple[int]]:
    """Ids of the Kommune's people whose name or number matches ``text``."""
    query = select(Person.id).where(Person.kommune_id == kommune_id)
    number = phones.parse_or_none(text)
    if number:
        return query.where(Person.phone == number)
    return query.where(contains(Person.name, text.strip()))
