"""Gesperrte Nummern: numbers the Kommune does not serve (admins only, every change in the
audit log). A banned number that calls hears one neutral sentence and the call ends; its
SMS get no answer (see :mod:`ivr.flows`, :mod:`sms.dialogue`)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response
from wtforms import StringField
from wtforms.validators import Length, Optional

from models import Actor, Ban, StaffUser, db
from models import phone as phones
from prompts import _
from prompts import dashboard as T

from ..auth import admin_required, staff
from ..common import ActionForm, Form, phone_number, required
from ..scope import audit, kommune_id

# --- form ----------------------------------------------------------------------------------


class BanForm(Form):
    number = StringField(_("Telefonnummer"), validators=[required(), phone_number])
    reason = StringField(_("Grund (nur für das Team)"), validators=[Optional(), Length(max=300)])


# --- queries --------------------------------------------------------------------------------


@dataclass
class BanRow:
    ban: Ban
    #: Who banned it: a staff member's name, or "" for the command line.
    by: str


def bans_of(session: Session, kommune: int) -> list[BanRow]:
    """The Kommune's banned numbers, newest first, with who banned them."""
    found = list(
        session.scalars(
            select(Ban)
            .where(Ban.kommune_id == kommune)
            .order_by(Ban.created_at.desc(), Ban.id.desc())
        )
    )
    by = {b.id: Actor.parse(b.created_by).staff_user_id for b in found}
    staff_ids = {i for i in by.values() if i is not None}
    names: dict[int, str] = {}
    if staff_ids:
        rows = session.execute(
            select(StaffUser.id, StaffUser.name).where(StaffUser.id.in_(staff_ids))
        )
        names = {staff_id: name for staff_id, name in rows}
    return [BanRow(b, names.get(by[b.id], "") if by[b.id] else "") for b in found]


# --- views ----------------------------------------------------------------------------------


@admin_required
def bans() -> str | Response:
    form = BanForm()
    if form.validate_on_submit():
        number = form.number.data
        if Ban.find(db.session, kommune_id(), number) is not None:
            form.number.errors.append(str(T.BAN_EXISTS))
        else:
            ban = Ban(
                kommune_id=kommune_id(),
                number=number,
                reason=(form.reason.data or "").strip(),
                created_by=str(staff().actor),
            )
            db.session.add(ban)
            db.session.flush()
            audit("create", "ban", ban.id)
            db.session.commit()
            flash(T.BAN_ADDED(number=phones.national(number)), "success")
            return redirect(url_for("dashboard.bans"))
    audit("view", "ban")
    rows = bans_of(db.session, kommune_id())
    db.session.commit()
    return render_template("dashboard/bans.html", form=form, rows=rows, action=ActionForm())


@admin_required
def ban_remove(ban_id: int) -> Response:
    ban = db.session.get(Ban, ban_id)
    if ban is None or ban.kommune_id != kommune_id():
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    number = ban.number
    db.session.delete(ban)
    audit("remove", "ban", ban_id)
    db.session.commit()
    flash(T.BAN_REMOVED(number=phones.national(number)), "success")
    return redirect(url_for("dashboard.bans"))
