"""The forms of recognition: confirming an item, the Führungszeugnis, a training, the
Kommune's checklist and its requirements per category."""

from __future__ import annotations

import re
from typing import Any

from wtforms import DateField, IntegerField, StringField, ValidationError
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from models import BERLIN, utcnow
from prompts import _
from prompts import dashboard as T
from prompts import recognition as R

from ..common import Form, required


def _not_future(form: Form, field: DateField) -> None:
    if field.data and field.data > utcnow().astimezone(BERLIN).date():
        raise ValidationError(str(R.DATE_FUTURE))


class ConfirmForm(Form):
    confirmed_on = DateField(
        _("Bestätigt am"), validators=[InputRequired(str(T.REQUIRED)), _not_future]
    )


class ClearanceForm(Form):
    issued_on = DateField(_("Datum des Führungszeugnisses"), validators=[Optional(), _not_future])


_HOURS = re.compile(r"\s*(\d{1,3})(?:[.,](\d{1,2}))?\s*")


def _hours(form: Form, field: StringField) -> None:
    """ "1,5" → 90 minutes (up to 999 hours)."""
    match = _HOURS.fullmatch(field.data or "")
    if not match:
        raise ValidationError(str(T.TRAINING_HOURS_INVALID))
    fraction = match.group(2) or "0"
    field.minutes = round((int(match.group(1)) + int(fraction) / 10 ** len(fraction)) * 60)


class TrainingForm(Form):
    title = StringField(_("Schulung"), validators=[required(), Length(max=200)])
    taken_on = DateField(_("Am"), validators=[InputRequired(str(T.REQUIRED)), _not_future])
    hours = StringField(_("Stunden"), validators=[required(), Length(max=10), _hours])


class ItemForm(Form):
    title = StringField(_("Voraussetzung"), validators=[required(), Length(max=200)])
    hint = StringField(_("Hinweis (optional)"), validators=[Optional(), Length(max=300)])
    course_hours = IntegerField(
        _("Kurs mit Stunden (optional)"), validators=[Optional(), NumberRange(1, 500)]
    )
    valid_months = IntegerField(
        _("Gilt Monate (leer: unbegrenzt)"), validators=[Optional(), NumberRange(1, 240)]
    )


class ClearanceYearsForm(Form):
    clearance_years = IntegerField(
        _("Führungszeugnis gilt (Jahre)"),
        validators=[InputRequired(str(T.REQUIRED)), NumberRange(1, 10)],
    )


class HelperLimitsForm(Form):
    max_people = IntegerField(
        _("Höchstens Personen im Monat (leer: keine Grenze)"),
        validators=[Optional(), NumberRange(1, 99)],
    )
    max_hours = IntegerField(
        _("Höchstens Stunden im Monat (leer: keine Grenze)"),
        validators=[Optional(), NumberRange(1, 300)],
    )


def requirement_choices(form_data: Any) -> dict[str, set[str]]:
    """The checked boxes of the requirements table: names "need-<category>" with the
    requirement keys as values."""
    wanted: dict[str, set[str]] = {}
    for name in form_data:
        if name.startswith("need-"):
            wanted[name.removeprefix("need-")] = set(form_data.getlist(name))
    return wanted
