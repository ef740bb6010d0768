"""The public forms: the search (GET, no token) and the volunteer sign-up."""

from __future__ import annotations

from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from dashboard.common import (
    FilterForm,
    Form,
    category_choices,
    options,
    phone_number,
    required,
    searchable,
)
from dashboard.people.forms import MultiCheckboxField
from prompts import _
from prompts import dashboard as T


class SearchForm(FilterForm):
    q = StringField(
        _("Suchbegriff"), validators=[Optional(), Length(max=100)], filters=[searchable]
    )
    thema = SelectField(_("Thema"), choices=[], default="", validate_choice=False)
    ortsteil = SelectField(_("Ortsteil"), choices=[], default="", validate_choice=False)
    zielgruppe = SelectField(_("Für wen"), choices=[], default="", validate_choice=False)
    offen = BooleanField(_("nur jetzt geöffnete Angebote"))

    def id_of(self, field: SelectField) -> int | None:
        value = field.data or ""
        return int(value) if value.isdigit() and len(value) < 10 else None


class SignupForm(Form):
    name = StringField(_("Ihr Vor- und Nachname"), validators=[required(), Length(max=120)])
    phone = StringField(_("Ihre Handynummer"), validators=[required(), phone_number])
    district = StringField(_("Ihr Ortsteil"), validators=[Optional(), Length(max=80)])
    categories = MultiCheckboxField(
        _("Dabei würde ich helfen"), choices=options(category_choices())
    )
    note = TextAreaField(
        _("Was möchten Sie gern tun? (freiwillig)"), validators=[Optional(), Length(max=500)]
    )
    consent = BooleanField(
        _(
            "Ich bin einverstanden, dass die Nachbarschaftshilfe meine Angaben speichert und mich anruft oder mir eine SMS schreibt."
        ),
        validators=[InputRequired(str(T.CONSENT_MISSING))],
    )
    #: A field people do not see (hidden by the style sheet, skipped by the keyboard):
    #: only programs fill it in.
    website = StringField(
        _("Bitte dieses Feld leer lassen"), validators=[Optional(), Length(max=200)]
    )

    def validate_categories(self, field: MultiCheckboxField) -> None:
        if not field.data:
            from wtforms import ValidationError

            raise ValidationError(str(T.CATEGORIES_PICK))


class CodeForm(Form):
    code = StringField(_("Code aus der SMS"), validators=[required(), Length(max=12)])
