"""Forms (Flask-WTF: every POST form carries a CSRF token). Filters are GET forms without.

Labels are German via ``_``; validation messages come from :mod:`prompts.dashboard`.
"""

from __future__ import annotations

import re
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    ValidationError,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from models import Category, OutcomeKind, When
from models import phone as phones
from models.kommune import WEEKDAYS
from models.staff import EMAIL, MIN_PASSWORD, Role
from prompts import _
from prompts import dashboard as T


class Form(FlaskForm):
    class Meta:
        locales = ("de_DE", "de")


class FilterForm(Form):
    """A GET form for lists and figures: no CSRF token, reads the query string."""

    class Meta:
        csrf = False
        locales = ("de_DE", "de")


def searchable(text: str | None) -> str:
    """Search input as plain text: no control characters (a NUL would end the string in
    SQLite's LIKE and is refused by PostgreSQL)."""
    return "".join(ch for ch in (text or "") if ch.isprintable() or ch == " ").strip()


def required() -> DataRequired:
    return DataRequired(message=str(T.REQUIRED))


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def options(pairs: Any) -> list[SelectChoice]:
    """(value, label) pairs as WTForms wants choices."""
    return [SelectChoice(value, label) for value, label in pairs]


def category_choices() -> list[tuple[str, str]]:
    return [(c.value, str(T.CATEGORY[c.value])) for c in Category]


def _phone(form: Any, field: Any) -> None:
    try:
        field.data = phones.parse(field.data)
    except phones.InvalidNumber as exc:
        raise ValidationError(str(T.PHONE_INVALID)) from exc


class LoginForm(Form):
    email = EmailField(_("E-Mail-Adresse"), validators=[required(), Length(max=200)])
    password = PasswordField(_("Passwort"), validators=[required(), Length(max=500)])


class ActionForm(Form):
    """A button that changes something: only the CSRF token."""


# --- people -----------------------------------------------------------------------------------------


class PersonForm(Form):
    name = StringField(_("Vor- und Nachname"), validators=[required(), Length(max=120)])
    salutation = SelectField(
        _("Anrede"),
        choices=options([("", _("keine")), ("Frau", _("Frau")), ("Herr", _("Herr"))]),
        default="",
    )
    phone = StringField(_("Telefonnummer"), validators=[required(), _phone])
    district = StringField(_("Ortsteil / Quartier"), validators=[Optional(), Length(max=80)])
    address = StringField(
        _("Adresse (Straße, Hausnummer, Ort)"), validators=[Optional(), Length(max=200)]
    )
    languages = StringField(
        _("Sprachen (Kürzel, bevorzugte zuerst)"),
        default="de",
        validators=[Optional(), Length(max=40)],
    )
    notes = TextAreaField(_("Notizen"), validators=[Optional(), Length(max=2000)])
    is_client = BooleanField(_("sucht Hilfe (Klient*in)"))
    is_volunteer = BooleanField(_("hilft (Helfer*in)"))
    prefers = SelectField(
        _("Kontaktweg"),
        choices=options(
            [
                ("", _("automatisch: SMS ans Handy, Anruf aufs Festnetz")),
                ("sms", _("SMS")),
                ("call", _("Anruf")),
            ]
        ),
        default="",
    )
    consent = BooleanField(_("Die Person ist einverstanden, dass wir ihre Daten speichern."))
    consent_note = StringField(
        _("Wie eingewilligt (z. B. telefonisch, schriftlich)"),
        validators=[Optional(), Length(max=200)],
    )
    categories = MultiCheckboxField(_("Hilft bei"), choices=options(category_choices()))

    def validate_languages(self, field: Any) -> None:
        codes = [c.strip().lower() for c in re.split(r"[,;\s]+", field.data or "") if c.strip()]
        if not all(re.fullmatch(r"[a-z]{2,3}", c) for c in codes):
            raise ValidationError(str(T.LANGUAGES_INVALID))
        field.data = list(dict.fromkeys(codes)) or ["de"]

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        if not (self.is_client.data or self.is_volunteer.data):
            self.is_client.errors = [*self.is_client.errors, str(T.ROLE_MISSING)]
            ok = False
        if self.is_volunteer.data and not self.categories.data:
            self.categories.errors = [*self.categories.errors, str(T.CATEGORIES_MISSING)]
            ok = False
        return ok


class AvailabilityForm(Form):
    categories = MultiCheckboxField(_("Hilft bei"), choices=options(category_choices()))
    days = MultiCheckboxField(
        _("Wochentage"),
        choices=options([(str(i), str(T.WEEKDAYS[i])) for i in range(len(WEEKDAYS))]),
    )
    available_from = IntegerField(
        _("ab Uhr"), validators=[InputRequired(str(T.REQUIRED)), NumberRange(0, 23)]
    )
    available_until = IntegerField(
        _("bis Uhr"), validators=[InputRequired(str(T.REQUIRED)), NumberRange(1, 24)]
    )
    max_open_tasks = IntegerField(
        _("Höchstens gleichzeitig übernommene Anfragen"),
        validators=[InputRequired(str(T.REQUIRED)), NumberRange(1, 20)],
    )

    def validate_available_until(self, field: Any) -> None:
        if (
            self.available_from.data is not None
            and field.data is not None
            and field.data <= self.available_from.data
        ):
            raise ValidationError(str(T.HOURS_INVALID))

    def validate_days(self, field: Any) -> None:
        if not field.data:
            raise ValidationError(str(T.DAYS_MISSING))

    def validate_categories(self, field: Any) -> None:
        if not field.data:
            raise ValidationError(str(T.CATEGORIES_MISSING))

    @property
    def day_bits(self) -> int:
        return sum(1 << int(d) for d in self.days.data or [])


class ApproveForm(Form):
    recognized_on = DateField(_("Anerkannt am"), validators=[InputRequired(str(T.REQUIRED))])
    note = StringField(
        _("Notiz zur Anerkennung (z. B. Gespräch, Schulung)"),
        validators=[Optional(), Length(max=200)],
    )


class PauseForm(Form):
    reason = StringField(_("Grund (optional)"), validators=[Optional(), Length(max=200)])


class BlockForm(Form):
    reason = StringField(_("Grund der Sperre"), validators=[required(), Length(max=200)])


class EraseForm(Form):
    confirm = BooleanField(
        _("Ich will die Daten dieser Person endgültig löschen."),
        validators=[DataRequired(message=str(T.CONFIRM_ERASE))],
    )


class PeopleFilter(FilterForm):
    q = StringField(
        _("Name oder Telefonnummer"), validators=[Optional(), Length(max=100)], filters=[searchable]
    )
    role = SelectField(
        _("Rolle"),
        choices=options(
            [("", _("alle")), ("client", _("Klient*innen")), ("volunteer", _("Helfende"))]
        ),
        default="",
    )
    status = SelectField(
        _("Status"),
        choices=options([("", _("alle")), *((k, str(v)) for k, v in T.VOLUNTEER_STATUS.items())]),
        default="",
    )


class ImportUploadForm(Form):
    file = FileField(_("CSV-Datei"))


class ImportConfirmForm(Form):
    payload = HiddenField()
    signature = HiddenField()


# --- requests ------------------------------------------------------------------------------------------


class NewRequestForm(Form):
    category = SelectField(_("Wobei?"), choices=options(category_choices()))
    when = SelectField(_("Wann?"), choices=options([(w.value, str(T.WHEN[w.value])) for w in When]))
    description = TextAreaField(_("Was wird gebraucht?"), validators=[Optional(), Length(max=1000)])


class RequestFilter(FilterForm):
    q = StringField(
        _("Nummer der Anfrage oder Name"),
        validators=[Optional(), Length(max=100)],
        filters=[searchable],
    )
    status = SelectField(
        _("Stand"),
        choices=options(
            [
                ("", _("alle")),
                ("open", _("alle offenen")),
                *((k, str(v)) for k, v in T.REQUEST_STATUS.items()),
            ]
        ),
        default="",
    )
    category = SelectField(
        _("Kategorie"), choices=options([("", _("alle")), *category_choices()]), default=""
    )


class VerifyLinkForm(Form):
    person_id = SelectField(_("Bekannte Person"), coerce=int, validate_choice=True)


class VerifyCreateForm(Form):
    name = StringField(_("Vor- und Nachname"), validators=[required(), Length(max=120)])
    phone = StringField(_("Telefonnummer"), validators=[required(), _phone])
    address = StringField(_("Adresse"), validators=[Optional(), Length(max=200)])
    district = StringField(_("Ortsteil / Quartier"), validators=[Optional(), Length(max=80)])
    consent = BooleanField(_("Die Person ist einverstanden, dass wir ihre Daten speichern."))


class AssignForm(Form):
    volunteer_id = SelectField(_("Wer übernimmt?"), coerce=int, validate_choice=True)


class DoneForm(Form):
    note = TextAreaField(_("Notiz (optional)"), validators=[Optional(), Length(max=2000)])


class OutcomeForm(Form):
    kind = SelectField(
        _("Ergebnis"),
        choices=options(
            [
                (k.value, str(T.OUTCOME[k.value]))
                for k in (
                    OutcomeKind.NOTE,
                    OutcomeKind.NOT_HOME,
                    OutcomeKind.CONCERN,
                    OutcomeKind.FOLLOWUP_OK,
                    OutcomeKind.FOLLOWUP_PROBLEM,
                )
            ]
        ),
    )
    note = TextAreaField(_("Notiz"), validators=[Optional(), Length(max=2000)])


class CallFilter(FilterForm):
    day = DateField(_("Tag"), validators=[Optional()])
    outcome = SelectField(
        _("Ergebnis"),
        choices=options(
            [
                ("", _("alle")),
                ("callback", _("Rückruf nötig")),
                *((k, str(v)) for k, v in T.CALL_OUTCOME.items()),
            ]
        ),
        default="",
    )
    direction = SelectField(
        _("Richtung"),
        choices=options(
            [
                ("", _("alle")),
                ("inbound", str(T.DIRECTION["inbound"])),
                ("outbound", str(T.DIRECTION["outbound"])),
            ]
        ),
        default="",
    )
    caller = StringField(
        _("Anrufer*in (Name oder Nummer)"),
        validators=[Optional(), Length(max=100)],
        filters=[searchable],
    )


class FiguresFilter(FilterForm):
    start = DateField(_("von"), validators=[Optional()])
    end = DateField(_("bis"), validators=[Optional()])


# --- administration ------------------------------------------------------------------------------------


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
        _phone(form, field)
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
