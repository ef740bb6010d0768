"""The period of the figures."""

from __future__ import annotations

from wtforms import DateField
from wtforms.validators import Optional

from prompts import _

from ..common import FilterForm


class FiguresFilter(FilterForm):
    start = DateField(_("von"), validators=[Optional()])
    end = DateField(_("bis"), validators=[Optional()])
