"""The erasure's confirmation."""

from __future__ import annotations

from wtforms import BooleanField
from wtforms.validators import DataRequired

from prompts import _
from prompts import dashboard as T

from ..common import Form


class EraseForm(Form):
    confirm = BooleanField(
        _("Ich will die Daten dieser Person endgültig löschen."),
        validators=[DataRequired(message=str(T.CONFIRM_ERASE))],
    )
