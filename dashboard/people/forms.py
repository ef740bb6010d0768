"""The forms of the people pages: a person, a volunteer's status and availability, the
list filter, the CSV import and a new request taken by staff."""

from __future__ import annotations

import re
from typing import Any

from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp

from dispatch.importer import parse_language
from models import When
from models.kommune import WEEKDAYS
from models.person import CalledAs
from prompts import _
from prompts import dashboard as T

from ..common import (
    FilterForm,
    Form,
    MultiCheckboxField,
    category_choices,
    options,
    phone_number,
    required,
    searchable,
)


class PersonForm(Form):
    name = StringField(_("Vor- und Nachname"), validators=[required(), Length(max=120)])
    salutation = SelectField(
        _("Anrede"),
        choices=options([("", _("keine")), ("Frau", _("Frau")), ("Herr", _("Herr"))]),
        default="",
    )
    called_as = SelectField(
        _("Klient*innen hören den Namen so"),
        choices=options(
            [
                (CalledAs.FIRST_NAME.value, _("Vorname (z. B. „Max“)")),
                (
                    CalledAs.SURNAME.value,
                    _("Frau oder Herr und Nachname (z. B. „Herr Mustermann“)"),
                ),
            ]
        ),
        default=CalledAs.FIRST_NAME.value,
    )
    phone = StringField(_("Telefonnummer"), validators=[required(), phone_number])
    district = StringField(_("Ortsteil / Quartier"), validators=[Optional(), Length(max=80)])
    address = StringField(
        _("Adresse (Straße, Hausnummer, Ort)"), validators=[Optional(), Length(max=200)]
    )
    languages = StringField(
        _("Sprachen (die bevorzugte zuerst)"),
        default="Deutsch",
        validators=[Optional(), Length(max=120)],
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
        """ "Deutsch, Türkisch" (or codes: "de, tr") → ["de", "tr"]."""
        codes = []
        for part in re.split(r"[,;/]+|\s+und\s+", field.data or ""):
            if not part.strip():
                continue
            code = parse_language(part)
            if code is None:
                raise ValidationError(T.LANGUAGE_UNKNOWN(value=part.strip()))
            codes.append(code)
        field.data = list(dict.fromkeys(codes)) or ["de"]

    def validate_called_as(self, field: Any) -> None:
        if field.data == CalledAs.SURNAME and not self.salutation.data:
            raise ValidationError(str(T.SALUTATION_NEEDED))

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        if not (self.is_client.data or self.is_volunteer.data):
            self.is_client.errors = [*self.is_client.errors, str(T.ROLE_MISSING)]
            ok = False
        if self.is_volunteer.data and not self.categories.data:
            self.categories.errors = [*self.categories.errors, str(T.CATEGORIES_MISSING)]
            ok = False
        return ok


class PinForm(Form):
    """ "mit PIN": a caller from this number types the PIN before hearing or cancelling a
    request. The PIN is never shown; a new one replaces the old."""

    pin_required = BooleanField(_("mit PIN"))
    pin = PasswordField(
        _("Neue PIN (4 Ziffern)"),
        validators=[Optional(), Regexp(r"^\d{4}$", message=str(T.PIN_INVALID))],
        render_kw={"inputmode": "numeric", "autocomplete": "off", "maxlength": 4},
    )
    #: Whether the person has a PIN already (set by the view).
    has_pin = False

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        if ok and self.pin_required.data and not self.pin.data and not self.has_pin:
            self.pin.errors = [*self.pin.errors, str(T.PIN_NEEDED)]
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


class NewRequestForm(Form):
    category = SelectField(_("Wobei?"), choices=options(category_choices()))
    when = SelectField(_("Wann?"), choices=options([(w.value, str(T.WHEN[w.value])) for w in When]))
    description = TextAreaField(_("Was wird gebraucht?"), validators=[Optional(), Length(max=1000)])
