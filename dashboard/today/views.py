"""Today: what needs staff first, then what is being searched, then today's assignments."""

from __future__ import annotations

from flask import render_template, request

from models import db

from ..common import ActionForm
from ..scope import kommune_id
from . import queries


def index() -> str:
    lists = queries.today(db.session, kommune_id())
    template = (
        "dashboard/_today_lists.html"
        if request.args.get("part") == "lists"
        else "dashboard/today.html"
    )
    return render_template(template, lists=lists, action=ActionForm())
