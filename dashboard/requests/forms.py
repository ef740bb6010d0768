"""The forms of the request pages: the list filter and what staff do with a request."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, Optional, ValidationError

from models import OutcomeKind
from prompts import _
from prompts import dashboard as T
from sms.keywords import duration

from ..common import FilterForm, Form, category_choices, options, phone_number, required, searchable


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
    #: Nothing is chosen until staff choose: creating a new person is the default.
    person_id = RadioField(
        _("Bekannte Person"), coerce=int, validate_choice=False, validators=[Optional()]
    )


class PersonSearch(FilterForm):
    """Look for someone else among the known people (the request page's GET form)."""

    suche = StringField(
        _("Andere Person suchen (Name oder Nummer)"),
        validators=[Optional(), Length(max=100)],
        filters=[searchable],
    )


class VerifyCreateForm(Form):
    name = StringField(_("Vor- und Nachname"), validators=[required(), Length(max=120)])
    phone = StringField(_("Telefonnummer"), validators=[required(), phone_number])
    address = StringField(_("Adresse"), validators=[Optional(), Length(max=200)])
    district = StringField(_("Ortsteil / Quartier"), validators=[Optional(), Length(max=80)])
    consent = BooleanField(_("Die Person ist einverstanden, dass wir ihre Daten speichern."))


class AssignForm(Form):
    volunteer_id = SelectField(_("Wer übernimmt?"), coerce=int, validate_choice=True)


class DoneForm(Form):
    note = TextAreaField(_("Notiz (optional)"), validators=[Optional(), Length(max=2000)])
    #: Set by the second step: done although the request's day has not come yet.
    early = HiddenField()


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


def _time_spent(form: Form, field: StringField) -> None:
    """The time as staff write it ("1,5", "2 Std.", "90 min"), kept in minutes."""
    field.minutes = duration(field.data or "")
    if field.minutes is None:
        raise ValidationError(str(T.TIME_SPENT_INVALID))


class HoursForm(Form):
    time_spent = StringField(
        _("Zeitaufwand (Stunden, z. B. 1,5 oder 90 min)"),
        validators=[required(), Length(max=40), _time_spent],
    )


class ResolveForm(Form):
    resolution = StringField(_("Was wurde getan?"), validators=[required(), Length(max=500)])
