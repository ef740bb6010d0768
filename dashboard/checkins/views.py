"""Anrufkette: staff give a client a daily check-in call (times, trusted contact), pause,
resume or end it, and see how the last calls went. The rules are in
:mod:`dispatch.checkins`; every change is in the audit log."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response
from wtforms import SelectField, StringField, ValidationError
from wtforms.validators import Length, Optional

from dispatch import checkins
from models import CheckInDate, Person, db, week
from models import phone as phones
from prompts import _
from prompts import dashboard as T
from prompts import settings as S

from ..auth import staff
from ..common import ActionForm, Form, options, required
from ..scope import audit, get_or_404, kommune_id
from . import queries


def _slots(form: object, field: StringField) -> None:
    try:
        field.parsed = week.slots(field.data or "")  # type: ignore[attr-defined]
    except week.HoursError as exc:
        raise ValidationError(S.hours_problem(exc.problem, exc.part)) from exc


def _optional_phone(form: object, field: StringField) -> None:
    if not (field.data or "").strip():
        field.data = None
        return
    try:
        field.data = phones.parse(field.data)
    except phones.InvalidNumber as exc:
        raise ValidationError(str(T.PHONE_INVALID)) from exc


class CheckInForm(Form):
    person = SelectField(_("Klient*in"), coerce=int, validators=[required()])
    times = StringField(_("Anrufzeit"), validators=[required(), _slots])
    contact_name = StringField(_("Vertrauensperson"), validators=[Optional(), Length(max=120)])
    contact_phone = StringField(_("Telefon Vertrauensperson"), validators=[_optional_phone])


def index() -> str | Response:
    session = db.session
    form = CheckInForm()
    clients = queries.clients(session, kommune_id())
    form.person.choices = options([(p.id, p.name) for p in clients])
    if form.validate_on_submit():
        person = get_or_404(Person, form.person.data)
        checkins.set_up(
            session,
            person,
            form.times.parsed,  # type: ignore[attr-defined]
            contact_name=form.contact_name.data or "",
            contact_phone=form.contact_phone.data,
            actor=staff().actor,
        )
        session.commit()
        flash(T.CHECKIN_SET(name=person.name), "success")
        return redirect(url_for("dashboard.checkins"))
    audit("view", "person")
    rows = queries.rows(session, kommune_id())
    session.commit()
    return render_template("dashboard/checkins.html", form=form, rows=rows, action=ActionForm())


def change(person_id: int, what: str) -> Response:
    person = get_or_404(Person, person_id)
    if not ActionForm().validate_on_submit() or not person.checkin_slots:
        abort(400)
    actor = staff().actor
    if what == "end":
        checkins.set_up(db.session, person, None, contact_name="", contact_phone=None, actor=actor)
    else:
        checkins.pause(db.session, person, paused=what == "pause", actor=actor)
    db.session.commit()
    flash(str(T.SAVED), "success")
    return redirect(url_for("dashboard.checkins"))


def seen(date_id: int) -> Response:
    date = db.session.get(CheckInDate, date_id)
    if date is None or date.kommune_id != kommune_id():
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        checkins.seen(db.session, date, actor=staff().actor)
    except checkins.NotAllowed:
        abort(404)
    audit("update", "person", date.person_id, person_id=date.person_id, change="seen")
    db.session.commit()
    return redirect(url_for("dashboard.today"))
