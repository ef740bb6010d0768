"""Telefonpatenschaften: staff pair a client and a volunteer with weekly times, see every
date (held, paused, moved, missed) and pause or end a pairing. The rules are in
:mod:`dispatch.pairings`; every change is in the audit log."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response
from wtforms import SelectField, StringField, ValidationError

from dispatch import pairings
from models import (
    Pairing,
    PairingDate,
    PairingStatus,
    Person,
    VolunteerStatus,
    db,
    week,
)
from prompts import _
from prompts import cli as C
from prompts import dashboard as T
from prompts import settings as S

from ..auth import staff
from ..common import ActionForm, Form, options, required
from ..scope import audit, get_or_404, kommune, kommune_id
from . import queries

# --- form ----------------------------------------------------------------------------------


def _slots(form: object, field: StringField) -> None:
    """Validator: "Di 10:00, Fr 15:30" → the weekly slots."""
    try:
        field.parsed = week.slots(field.data or "")  # type: ignore[attr-defined]
    except week.HoursError as exc:
        raise ValidationError(S.hours_problem(exc.problem, exc.part)) from exc


class PairingForm(Form):
    client = SelectField(_("Klient*in"), coerce=int, validators=[required()])
    volunteer = SelectField(_("Helfer*in"), coerce=int, validators=[required()])
    times = StringField(_("Wann (jede Woche)"), validators=[required(), _slots])


def _form(session: Session) -> PairingForm:
    form = PairingForm()
    people = queries.people(session, kommune_id())
    form.client.choices = options([(p.id, p.name) for p in people if p.is_client])
    form.volunteer.choices = options(
        [
            (p.id, p.name)
            for p in people
            if p.is_volunteer and p.status in (VolunteerStatus.ACTIVE, VolunteerStatus.PAUSED)
        ]
    )
    return form


# --- views ----------------------------------------------------------------------------------


def index() -> str | Response:
    session = db.session
    form = _form(session)
    if form.validate_on_submit():
        client = get_or_404(Person, form.client.data)
        volunteer = get_or_404(Person, form.volunteer.data)
        try:
            pairing = pairings.create(
                session,
                kommune(),
                client,
                volunteer,
                form.times.parsed,  # type: ignore[attr-defined]
                actor=staff().actor,
            )
        except pairings.PairingError as exc:
            form.volunteer.errors = [str(C.PAIRING_PROBLEM.get(exc.problem, exc.problem))]
        else:
            session.commit()
            flash(T.PAIRING_CREATED(ref=pairing.ref), "success")
            return redirect(url_for("dashboard.pairing", pairing_id=pairing.id))
    audit("view", "pairing")
    rows = queries.pairings_list(session, kommune_id())
    session.commit()
    return render_template("dashboard/pairings.html", form=form, rows=rows)


def detail(pairing_id: int) -> str:
    pairing = get_or_404(Pairing, pairing_id)
    audit("view", "pairing", pairing.id, person_id=pairing.client_id)
    db.session.commit()
    return render_template(
        "dashboard/pairing.html",
        pairing=pairing,
        dates=list(reversed(pairing.dates)),
        next_date=pairings.next_date(db.session, pairing),
        action=ActionForm(),
        active=pairing.status == PairingStatus.ACTIVE,
    )


def _acted(pairing: Pairing) -> Response:
    return redirect(url_for("dashboard.pairing", pairing_id=pairing.id))


def pause(pairing_id: int) -> Response:
    pairing = get_or_404(Pairing, pairing_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    date = pairings.skip_next(db.session, pairing, actor=staff().actor)
    if date is None:
        flash(str(T.PAIRING_NOTHING_PLANNED), "info")
    else:
        audit("update", "pairing", pairing.id, person_id=pairing.client_id, change="pause")
        db.session.commit()
        flash(str(T.PAIRING_PAUSED), "success")
    return _acted(pairing)


def end(pairing_id: int) -> Response:
    pairing = get_or_404(Pairing, pairing_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        pairings.end(db.session, pairing, actor=staff().actor)
    except pairings.NotAllowed:
        flash(str(T.NO_CHANGE), "info")
    else:
        db.session.commit()
        flash(str(T.PAIRING_ENDED), "success")
    return _acted(pairing)


def date_seen(date_id: int) -> Response:
    date = db.session.get(PairingDate, date_id)
    if date is None or date.pairing.kommune_id != kommune_id():
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        pairings.seen(db.session, date, actor=staff().actor)
    except pairings.NotAllowed:
        abort(404)
    audit("update", "pairing", date.pairing_id, person_id=date.pairing.client_id, change="seen")
    db.session.commit()
    return redirect(url_for("dashboard.today"))


def date_page(date_id: int) -> Response:
    """A date's calls link here (the call log): its pairing's page."""
    date = db.session.get(PairingDate, date_id)
    if date is None or date.pairing.kommune_id != kommune_id():
        abort(404)
    return redirect(url_for("dashboard.pairing", pairing_id=date.pairing_id) + f"#date-{date.id}")
