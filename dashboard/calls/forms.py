"""The call log's filter."""

from __future__ import annotations

from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional

from prompts import _
from prompts import dashboard as T

from ..common import FilterForm, options, searchable


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
