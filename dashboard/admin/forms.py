"""Staff accounts and the Kommune's settings."""

from __future__ import annotations

import re
from typing import Any

from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from dispatch.statements import parse_euros
from models import phone as phones
from models import week
from models.kommune import MAX_DUTY_PHONES
from models.staff import EMAIL, MIN_PASSWORD, Role
from prompts import LANGUAGE_KEYS, _, available_languages
from prompts import dashboard as T
from prompts import settings as S

from ..common import Form, MultiCheckboxField, options, required


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


# The validators below leave what was typed in ``field.data`` (shown again next to an
# error) and put what is stored in ``field.parsed``.


def _office_hours(form: Any, field: Any) -> None:
    """Validator: office hours as people write them, stored per weekday."""
    try:
        field.parsed = week.office_hours(field.data or "")
    except week.HoursError as exc:
        raise ValidationError(S.hours_problem(exc.problem, exc.part)) from exc


def _contact_hours(form: Any, field: Any) -> None:
    """Validator: "8-20" → [8, 20]; empty → None (the installation's CONTACT_HOURS)."""
    field.parsed = None
    if not (field.data or "").strip():
        return
    try:
        field.parsed = list(week.hour_span(field.data))
    except week.HoursError as exc:
        raise ValidationError(S.hours_problem(exc.problem, exc.part or field.data)) from exc


def _duty_phones(form: Any, field: Any) -> None:
    """Validator: numbers separated by commas or lines → E.164, each once."""
    found: list[str] = []
    for part in re.split(r"[,;\n]+", field.data or ""):
        if not part.strip():
            continue
        number = phones.parse_or_none(part)
        if number is None:
            raise ValidationError(S.DUTY_PHONE_INVALID(value=part.strip()))
        found.append(number)
    found = list(dict.fromkeys(found))
    if len(found) > MAX_DUTY_PHONES:
        raise ValidationError(S.DUTY_PHONES_TOO_MANY(max=MAX_DUTY_PHONES))
    field.parsed = found


#: Lines a rota may have.
MAX_SHIFTS = 50


def _rota(form: Any, field: Any) -> None:
    """Validator: one shift a line, "0152 28817399: Mo-Fr 9-13" → {"phone", "hours"}."""
    found: list[dict[str, Any]] = []
    for line in (field.data or "").splitlines():
        if not line.strip():
            continue
        number_text, colon, hours_text = line.partition(":")
        number = phones.parse_or_none(number_text)
        if not colon or number is None:
            raise ValidationError(S.ROTA_LINE(line=line.strip()))
        try:
            hours = week.office_hours(hours_text)
        except week.HoursError as exc:
            raise ValidationError(
                f"{line.strip()}: {S.hours_problem(exc.problem, exc.part)}"
            ) from exc
        found.append({"phone": number, "hours": hours})
    if len(found) > MAX_SHIFTS:
        raise ValidationError(S.ROTA_TOO_LONG(max=MAX_SHIFTS))
    field.parsed = found


def rota_text(rota: list[dict[str, Any]]) -> str:
    """The rota as staff write it, one shift a line."""
    return "\n".join(
        f"{phones.national(s['phone'])}: {week.format_office_hours(s['hours'])}" for s in rota
    )


def _countries(form: Any, field: Any) -> None:
    """Validator: "DE, AT" → ["DE", "AT"]; empty → None (the installation's OUTBOUND_COUNTRIES)."""
    try:
        field.parsed = phones.country_codes(field.data or "") or None
    except ValueError as exc:
        raise ValidationError(S.COUNTRY_UNKNOWN(value=str(exc))) from exc


def language_choices() -> list[tuple[str, str]]:
    """Languages with a catalog, German first."""
    return [(code, S.language_name(code)) for code in available_languages()]


def _allowance(form: Form, field: StringField) -> None:
    """Validator: "5,50" → 550 cents; empty → 0 (none)."""
    try:
        field.parsed = parse_euros(field.data or "")
    except ValueError:
        raise ValidationError(str(T.ALLOWANCE_INVALID)) from None


class SettingsForm(Form):
    greeting_name = StringField(
        _("Name in der Begrüßung"), validators=[Optional(), Length(max=120)]
    )
    office_hours = StringField(_("Bürozeiten des Teams"), validators=[_office_hours])
    state = SelectField(
        _("Bundesland (für die Feiertage)"),
        choices=options([(code, str(name)) for code, name in S.STATES.items()]),
    )
    languages = MultiCheckboxField(_("Sprachen der Ansagen"))
    duty_phones = TextAreaField(
        _("Telefone des Teams (für „0“ und Hinweise)"), validators=[_duty_phones]
    )
    rota = TextAreaField(_("Dienstplan für die „0“"), validators=[_rota])
    contact_hours = StringField(
        _("Zeiten, in denen wir Menschen anrufen oder ihnen schreiben"),
        validators=[_contact_hours],
    )
    outbound_countries = StringField(
        _("Länder, in die wir SMS schicken und anrufen"), validators=[_countries]
    )
    mask_numbers = BooleanField(
        _("Helfende und Klient*innen telefonieren nur über unsere Nummer miteinander")
    )
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
    allowance = StringField(
        _("Aufwandsentschädigung je Stunde (Euro)"), validators=[Length(max=20), _allowance]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.languages.choices = options(language_choices())

    def validate_languages(self, field: Any) -> None:
        field.data = list(dict.fromkeys(["de", *(field.data or [])]))  # German is always there
        if len(field.data) > len(LANGUAGE_KEYS):
            raise ValidationError(S.LANGUAGES_TOO_MANY(max=len(LANGUAGE_KEYS)))
