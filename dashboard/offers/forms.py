"""The forms of the offers pages: an offer, the list filter, the import."""

from __future__ import annotations

import re
from typing import Any

from flask_wtf.file import FileField
from wtforms import HiddenField, SelectField, StringField, TextAreaField, ValidationError
from wtforms.validators import Length, Optional

from dispatch.directory.importer import parse_opening_hours, website
from dispatch.importer import parse_language
from models import phone as phones
from models.staff import EMAIL
from prompts import _
from prompts import dashboard as T
from prompts import directory as D

from ..common import FilterForm, Form, options, required, searchable
from ..people.forms import MultiCheckboxField


class OfferForm(Form):
    name = StringField(_("Name des Angebots"), validators=[required(), Length(max=200)])
    organization = StringField(_("Träger"), validators=[Optional(), Length(max=200)])
    summary = StringField(
        _("In einem Satz: Was ist das? (wird am Telefon vorgelesen)"),
        validators=[Optional(), Length(max=300)],
    )
    description = TextAreaField(_("Beschreibung"), validators=[Optional(), Length(max=8000)])
    topics = MultiCheckboxField(_("Themen"), choices=[])
    target_groups = MultiCheckboxField(_("Zielgruppen"), choices=[])
    districts = StringField(
        _("Ortsteile (mit Semikolon getrennt)"), validators=[Optional(), Length(max=500)]
    )
    address = StringField(
        _("Adresse (Straße Nr., PLZ Ort)"), validators=[Optional(), Length(max=300)]
    )
    phone = StringField(_("Telefon"), validators=[Optional(), Length(max=40)])
    hours = StringField(_("Öffnungszeiten"), validators=[Optional(), Length(max=300)])
    website = StringField(_("Webseite"), validators=[Optional(), Length(max=300)])
    email = StringField(_("E-Mail"), validators=[Optional(), Length(max=200)])
    languages = StringField(
        _("Sprachen (Kürzel)"), default="de", validators=[Optional(), Length(max=40)]
    )
    cost = StringField(_("Kosten"), validators=[Optional(), Length(max=300)])
    accessibility = StringField(_("Barrierefreiheit"), validators=[Optional(), Length(max=300)])

    def validate_phone(self, field: Any) -> None:
        if field.data and field.data.strip():
            try:
                field.data = phones.parse(field.data)
            except phones.InvalidNumber as exc:
                raise ValidationError(str(T.PHONE_INVALID)) from exc
        else:
            field.data = None

    def validate_hours(self, field: Any) -> None:
        parsed = parse_opening_hours(field.data or "")
        if parsed is None:
            raise ValidationError(D.ROW_HOURS(value=field.data))
        self.parsed_hours = parsed

    def validate_website(self, field: Any) -> None:
        site = website(field.data or "")
        if site is None:
            raise ValidationError(D.ROW_WEBSITE(value=field.data))
        field.data = site

    def validate_email(self, field: Any) -> None:
        if field.data and not EMAIL.fullmatch(field.data.strip()):
            raise ValidationError(D.ROW_EMAIL(value=field.data))

    def validate_languages(self, field: Any) -> None:
        codes = []
        for token in re.split(r"[,;\s]+", field.data or ""):
            if token.strip():
                code = parse_language(token)
                if code is None:
                    raise ValidationError(D.ROW_LANGUAGE(value=token))
                codes.append(code)
        field.data = list(dict.fromkeys(codes)) or ["de"]

    def values(self) -> dict[str, Any]:
        return {
            "name": " ".join(self.name.data.split()),
            "organization": " ".join((self.organization.data or "").split()),
            "summary": " ".join((self.summary.data or "").split()),
            "description": (self.description.data or "").strip(),
            "districts": self.districts.data or "",
            "address": self.address.data or "",
            "phone": self.phone.data,
            "hours": self.parsed_hours,
            "website": self.website.data or "",
            "email": (self.email.data or "").strip(),
            "languages": self.languages.data,
            "cost": " ".join((self.cost.data or "").split()),
            "accessibility": " ".join((self.accessibility.data or "").split()),
        }


class OffersFilter(FilterForm):
    q = StringField(
        _("Name oder Träger"), validators=[Optional(), Length(max=100)], filters=[searchable]
    )
    status = SelectField(
        _("Status"),
        choices=options([("", _("alle")), *((k, str(v)) for k, v in D.STATUS.items())]),
        default="",
    )
    due = SelectField(
        _("Prüfung"),
        choices=options([("", _("alle")), ("1", _("seit über 12 Monaten nicht geprüft"))]),
        default="",
    )


class OffersImportForm(Form):
    file = FileField(_("CSV-Datei oder HSDS-Paket (zip)"))


class OffersConfirmForm(Form):
    payload = HiddenField()
    signature = HiddenField()
