"""Staff accounts and the Kommune's settings."""

from __future__ import annotations

from typing import Any

from wtforms import (
    EmailField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    ValidationError,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from models.staff import EMAIL, MIN_PASSWORD, Role
from prompts import _
from prompts import dashboard as T

from ..common import Form, options, phone_number, required


class StaffForm(Form):
    email = EmailField(_("E-Mail-Adresse"), validators=[required(), Length(max=200)])
    name = StringField(_("Name"), validators=[Optional(), Length(max=120)])
    role = SelectField(
        _("Rolle"),
        choices=options([(r.value, str(T.ROLE[r.value])) for r in Role]),
        default=Role.COORDINATOR.value,
    )
    password = PasswordField(_("Passwort"), validators=[required()])
    password_again = PasswordField(_("Passwort wiederholen"), validators=[required()])

    def validate_email(self, field: Any) -> None:
        field.data = (field.data or "").strip().lower()
        if not EMAIL.fullmatch(field.data):
            raise ValidationError(str(T.EMAIL_INVALID))

    def validate_password(self, field: Any) -> None:
        if len(field.data or "") < MIN_PASSWORD:
            raise ValidationError(T.PASSWORD_SHORT(min=MIN_PASSWORD))

    def validate_password_again(self, field: Any) -> None:
        if field.data != self.password.data:
            raise ValidationError(str(T.PASSWORDS_DIFFER))


def _optional_phone(form: Any, field: Any) -> None:
    if field.data:
        phone_number(form, field)
    else:
        field.data = None


class SettingsForm(Form):
    recording_retention_days = IntegerField(
        _("Aufnahmen löschen nach (Tagen)"),
        validators=[InputRequired(str(T.REQUIRED)), NumberRange(1, 365)],
    )
    record_retention_days = IntegerField(
        _("Abgeschlossene Anfragen, Anrufe und SMS anonymisieren nach (Tagen)"),
        validators=[InputRequired(str(T.REQUIRED)), NumberRange(30, 3650)],
    )
    round_size = IntegerField(
        _("Helfende pro Suchrunde"), validators=[Optional(), NumberRange(1, 20)]
    )
    round_minutes = IntegerField(
        _("Minuten zwischen Suchrunden"), validators=[Optional(), NumberRange(1, 240)]
    )
    max_rounds = IntegerField(
        _("Suchrunden, bevor das Team übernimmt"), validators=[Optional(), NumberRange(1, 10)]
    )
    followup_days = IntegerField(
        _("Nachfrage nach (Tagen)"), validators=[InputRequired(str(T.REQUIRED)), NumberRange(0, 14)]
    )
    followup_hour = IntegerField(
        _("Nachfrage ab (Uhr)"), validators=[InputRequired(str(T.REQUIRED)), NumberRange(8, 19)]
    )
    duty_phone = StringField(
        _("Telefon des Teams (für „0“ und Hinweise)"), validators=[_optional_phone]
    )
