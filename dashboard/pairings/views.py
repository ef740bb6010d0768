"""Telefonpatenschaften: staff pair a client and a volunteer with weekly times, see every
date (held, paused, moved, missed) and pause or end a pairing. The rules are in
:mod:`dispatch.pairings`; every change is in the audit log."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, url_for
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload
from werkzeug.wrappers import Response
from wtforms import SelectField, StringField, ValidationError

from dispatch import pairings
from models import (
    DateState,
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
    people = list(
        session.scalars(
            select(Person)
            .where(Person.kommune_id == kommune_id(), Person.erased_at.is_(None))
            .order_by(Person.name)
        )
    )
    form.client.choices = options([(p.id, p.name) for p in people if p.is_client])
    form.volunteer.choices = options(
        [
            (p.id, p.name)
            for p in people
            if p.is_volunteer and p.status in (VolunteerStatus.ACTIVE, VolunteerStatus.PAUSED)
        ]
    )
    return form


# --- queries --------------------------------------------------------------------------------


@dataclass
class PairingRow:
    pairing: Pairing
    next_date: PairingDate | None
    #: Dates per state so far.
    counts: dict[str, int]


def pairings_list(session: Session, kommune: int) -> list[PairingRow]:
    """The Kommune's pairings, running ones first, with their next date and what came of
    the dates so far (two statements for the counts and the next dates)."""
    found = list(
        session.scalars(
            select(Pairing)
            .where(Pairing.kommune_id == kommune)
            .options(selectinload(Pairing.client), selectinload(Pairing.volunteer))
            .order_by(Pairing.status, Pairing.id)
        )
    )
    ids = [p.id for p in found]
    counts: dict[int, dict[str, int]] = {i: {} for i in ids}
    if ids:
        for pairing_id, state, n in session.execute(
            select(PairingDate.pairing_id, PairingDate.state, func.count())
            .where(PairingDate.pairing_id.in_(ids))
            .group_by(PairingDate.pairing_id, PairingDate.state)
        ):
            counts[pairing_id][state] = n
    upcoming: dict[int, PairingDate] = {}
    if ids:
        for date in session.scalars(
            select(PairingDate)
            .where(PairingDate.pairing_id.in_(ids), PairingDate.state == DateState.PLANNED)
            .order_by(PairingDate.due_at)
        ):
            upcoming.setdefault(date.pairing_id, date)
    return [PairingRow(p, upcoming.get(p.id), counts[p.id]) for p in found]


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
    rows = pairings_list(session, kommune_id())
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
