"""The call log's filter."""

from __future__ import annotations

from typing import Any

from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from models import When
from prompts import _, available_languages
from prompts import dashboard as T
from prompts.settings import language_name

from ..common import FilterForm, Form, category_choices, options, phone_number, searchable


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
    language = SelectField(_("Sprache"), default="")
    caller = StringField(
        _("Anrufer*in (Name oder Nummer)"),
        validators=[Optional(), Length(max=100)],
        filters=[searchable],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.language.choices = options(
            [("", _("alle")), *((c, language_name(c)) for c in available_languages())]
        )


class CallRequestForm(Form):
    """A request from a call (a voicemail, a callback): who, if the caller is not known
    yet, then what and when."""

    name = StringField(_("Vor- und Nachname"), validators=[Optional(), Length(max=120)])
    phone = StringField(_("Telefonnummer"), validators=[Optional(), phone_number])
    address = StringField(_("Adresse"), validators=[Optional(), Length(max=200)])
    district = StringField(_("Ortsteil / Quartier"), validators=[Optional(), Length(max=80)])
    consent = BooleanField(_("Die Person ist einverstanden, dass wir ihre Daten speichern."))
    category = SelectField(_("Wobei?"), choices=options(category_choices()))
    when = SelectField(_("Wann?"), choices=options([(w.value, str(T.WHEN[w.value])) for w in When]))
    description = TextAreaField(_("Was wird gebraucht?"), validators=[Optional(), Length(max=1000)])


class CallbackForm(Form):
    """How a callback went."""

    outcome = SelectField(
        _("Wie ist es gelaufen?"),
        choices=options([(k, str(v)) for k, v in T.CALLBACK_OUTCOME.items()]),
    )
    note = StringField(_("Notiz"), validators=[Optional(), Length(max=1000)])
