"""People: clients and volunteers; registering, editing, volunteer status, CSV import."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from dispatch import intake, lifecycle, records
from dispatch.importer import plan
from models import BERLIN, Person, VolunteerStatus, db, utcnow
from models import phone as phones
from prompts import dashboard as T

from ..auth import admin_required, staff
from ..common import ActionForm, set_changed, submitted
from ..formatting import languages
from ..recognition import views as recognition_views
from ..scope import audit, get_or_404, kommune, kommune_id
from . import queries
from .forms import (
    ApproveForm,
    AvailabilityForm,
    BlockForm,
    ImportConfirmForm,
    ImportUploadForm,
    NewRequestForm,
    PauseForm,
    PeopleFilter,
    PersonForm,
    PinForm,
)


def index() -> str:
    form = PeopleFilter(request.args)
    form.validate()
    page = queries.people(
        db.session,
        kommune_id(),
        q=form.q.data or "",
        role=form.role.data or "",
        status=form.status.data or "",
        page=request.args.get("page", 1, type=int),
    )
    query = {k: v for k, v in request.args.items() if k in ("q", "role", "status") and v}
    return render_template("dashboard/people.html", form=form, page=page, query=query)


# --- one person ----------------------------------------------------------------------------------------


def detail(person_id: int) -> str:
    person = get_or_404(Person, person_id)
    history = queries.history(db.session, person)
    months, years = (
        records.volunteer_hours(db.session, person.id) if person.is_volunteer else ([], [])
    )
    today = utcnow().astimezone(BERLIN).date()
    availability = AvailabilityForm(
        categories=person.categories,
        days=[str(i) for i in range(7) if person.available_days & (1 << i)],
        available_from=person.available_from,
        available_until=person.available_until,
        max_open_tasks=person.max_open_tasks,
    )
    audit("view", "person", person.id, person_id=person.id)
    db.session.commit()
    return render_template(
        "dashboard/person.html",
        person=person,
        history=history,
        hours_by_month=months,
        hours_by_year=years,
        **(recognition_views.person_context(person) if person.is_volunteer else {}),
        action=ActionForm(),
        new_request=NewRequestForm(),
        availability=availability,
        approve=ApproveForm(
            recognized_on=person.recognized_on or today, note=person.recognition_note
        ),
        pause_form=PauseForm(),
        block_form=BlockForm(),
        pin_form=PinForm(pin_required=person.pin_required),
    )


def _phone_taken(person: Person | None, number: str) -> Person | None:
    other = Person.by_phone(db.session, kommune_id(), number)
    return other if other is not None and other is not person else None


def _apply(person: Person, form: PersonForm) -> list[str]:
    """Write the form into ``person``; returns the names of the fields that changed."""
    values = {
        "name": " ".join(form.name.data.split()),
        "salutation": form.salutation.data or "",
        "called_as": form.called_as.data,
        "phone": form.phone.data,
        "line_type": str(phones.line_type(form.phone.data)),
        "district": (form.district.data or "").strip(),
        "address": (form.address.data or "").strip(),
        "languages": form.languages.data,
        "notes": form.notes.data or "",
        "is_client": bool(form.is_client.data),
        "is_volunteer": bool(form.is_volunteer.data),
        "prefers": form.prefers.data or None,
        "consent_note": form.consent_note.data or "",
    }
    changed = set_changed(person, values)
    if bool(form.consent.data) != (person.consent_at is not None):
        person.consent_at = utcnow() if form.consent.data else None
        changed.append("consent")
    if person.is_volunteer:
        if person.status is None:
            person.status = VolunteerStatus.PENDING  # until staff recognise them
            changed.append("status")
        if person.categories != sorted(form.categories.data):
            person.set_categories(form.categories.data)
            changed.append("categories")
    elif person.status is not None:
        person.status = None
        changed.append("status")
    return changed


def create() -> str | Response:
    form = PersonForm()
    if form.validate_on_submit():
        other = _phone_taken(None, form.phone.data)
        if other is not None:
            form.phone.errors.append(T.PHONE_TAKEN(name=other.name))
        else:
            person = Person(kommune_id=kommune_id(), phone=form.phone.data, name="")
            db.session.add(person)
            _apply(person, form)
            db.session.flush()
            audit("create", "person", person.id, person_id=person.id)
            db.session.commit()
            flash(T.PERSON_CREATED(name=person.name), "success")
            return redirect(url_for("dashboard.person", person_id=person.id))
    return render_template("dashboard/person_form.html", form=form, person=None)


def edit(person_id: int) -> str | Response:
    person = get_or_404(Person, person_id)
    if person.erased_at is not None:
        abort(404)
    if request.method == "GET":
        form = PersonForm(obj=person)
        form.phone.data = phones.national(person.phone)
        form.languages.data = languages(person.languages)
        form.consent.data = person.consent_at is not None
        form.categories.data = person.categories
        form.prefers.data = person.prefers or ""
        audit("view", "person", person.id, person_id=person.id)
        db.session.commit()
        return render_template("dashboard/person_form.html", form=form, person=person)
    form = PersonForm()
    if form.validate_on_submit():
        other = _phone_taken(person, form.phone.data)
        if other is not None:
            form.phone.errors.append(T.PHONE_TAKEN(name=other.name))
        else:
            changed = _apply(person, form)
            if changed:
                audit("update", "person", person.id, person_id=person.id, fields=changed)
                db.session.commit()
                flash(str(T.PERSON_SAVED), "success")
            else:
                flash(str(T.NO_CHANGE), "info")
            return redirect(url_for("dashboard.person", person_id=person.id))
    return render_template("dashboard/person_form.html", form=form, person=person)


def new_request(person_id: int) -> Response:
    """Staff take a request for a client themselves (on the phone, at the desk)."""
    person = get_or_404(Person, person_id)
    form = NewRequestForm()
    if person.erased_at is not None or not form.validate_on_submit():
        abort(400)
    help_request = intake.open_request(
        db.session,
        kommune=kommune(),
        client=person,
        category=form.category.data,
        when=form.when.data,
        description=(form.description.data or "").strip(),
        channel="staff",
        actor=staff().actor,
    )
    audit("create", "request", help_request.id, person_id=person.id)
    db.session.commit()
    flash(T.REQUEST_CREATED(ref=help_request.ref), "success")
    return redirect(url_for("dashboard.request", request_id=help_request.id))


def pin(person_id: int) -> Response:
    """Staff mark a person "mit PIN" and set the PIN (audited; the PIN itself never)."""
    person = get_or_404(Person, person_id)
    if person.erased_at is not None:
        abort(404)
    form = PinForm()
    form.has_pin = person.pin_hash is not None
    if not submitted(form):
        return _back(person)

    changed = []
    if form.pin_required.data:
        if form.pin.data:
            person.set_pin(form.pin.data)
            changed.append("pin")
    elif person.pin_hash is not None:
        person.pin_hash, person.pin_failures = None, 0  # off: a new PIN when it is on again
        changed.append("pin")
    if person.pin_required != bool(form.pin_required.data):
        person.pin_required = bool(form.pin_required.data)
        changed.append("pin_required")
    if not changed:
        return _unchanged(person)
    audit("pin", "person", person.id, person_id=person.id, fields=changed)
    db.session.commit()
    flash(str(T.PIN_SAVED), "success")
    return _back(person)


# --- volunteers ------------------------------------------------------------------------------------
# Each step loads the volunteer (404 unless a volunteer of the staff member's Kommune) and
# validates the form; approving and blocking are for admins (``admin_required``); the model's
# status operation says whether anything changed; the response says how it went.


def _volunteer(person_id: int) -> Person:
    person = get_or_404(Person, person_id)
    if not person.is_volunteer or person.erased_at is not None:
        abort(404)
    return person


def _back(person: Person) -> Response:
    return redirect(url_for("dashboard.person", person_id=person.id))


def _changed(person: Person, change: str, message: str) -> Response:
    """Audit the change with the status it left, commit and say so."""
    audit("status", "person", person.id, person_id=person.id, change=change, status=person.status)
    db.session.commit()
    flash(message, "success")
    return _back(person)


def _unchanged(person: Person) -> Response:
    flash(str(T.NO_CHANGE), "info")
    return _back(person)


@admin_required
def approve(person_id: int) -> Response:
    volunteer = _volunteer(person_id)
    form = ApproveForm()
    if not submitted(form):
        return _back(volunteer)

    if not volunteer.approve(form.recognized_on.data, (form.note.data or "").strip()):
        return _unchanged(volunteer)
    return _changed(volunteer, "approve", T.VOLUNTEER_APPROVED(name=volunteer.name))


def pause(person_id: int) -> Response:
    volunteer = _volunteer(person_id)
    form = PauseForm()
    if not submitted(form):
        return _back(volunteer)

    if not volunteer.pause((form.reason.data or "").strip()):
        return _unchanged(volunteer)
    return _changed(volunteer, "pause", T.VOLUNTEER_PAUSED(name=volunteer.name))


def resume(person_id: int) -> Response:
    volunteer = _volunteer(person_id)
    if not submitted(ActionForm()):
        return _back(volunteer)

    if not volunteer.resume():
        return _unchanged(volunteer)
    return _changed(volunteer, "resume", T.VOLUNTEER_RESUMED(name=volunteer.name))


@admin_required
def block(person_id: int) -> Response:
    volunteer = _volunteer(person_id)
    form = BlockForm()
    if not submitted(form):
        return _back(volunteer)

    if not volunteer.block(form.reason.data.strip()):
        return _unchanged(volunteer)
    lifecycle.volunteer_gone(db.session, volunteer, actor=staff().actor)
    return _changed(volunteer, "block", T.VOLUNTEER_BLOCKED(name=volunteer.name))


@admin_required
def unblock(person_id: int) -> Response:
    volunteer = _volunteer(person_id)
    if not submitted(ActionForm()):
        return _back(volunteer)

    if not volunteer.unblock():
        return _unchanged(volunteer)
    return _changed(volunteer, "unblock", T.VOLUNTEER_UNBLOCKED(name=volunteer.name))


def availability(person_id: int) -> Response:
    volunteer = _volunteer(person_id)
    form = AvailabilityForm()
    if not submitted(form):
        return _back(volunteer)

    values = {
        "available_days": form.day_bits,
        "available_from": form.available_from.data,
        "available_until": form.available_until.data,
        "max_open_tasks": form.max_open_tasks.data,
    }
    changed = set_changed(volunteer, values)
    if volunteer.categories != sorted(form.categories.data):
        volunteer.set_categories(form.categories.data)
        changed.append("categories")
    if not changed:
        return _unchanged(volunteer)
    return _changed(volunteer, "availability", str(T.PERSON_SAVED))


# --- CSV import: preview first, save only after confirmation -----------------------------------------


def _signature(data: bytes) -> str:
    """Binds a previewed file to this staff member and Kommune: what was shown is what is saved."""
    key = current_app.config["SECRET_KEY"].encode()
    message = f"import:{staff().id}:{kommune_id()}:".encode() + data
    return hmac.new(key, message, hashlib.sha256).hexdigest()


@admin_required
def import_upload() -> str:
    form = ImportUploadForm()
    preview = None
    confirm = None
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read() if upload else b""
        if not data:
            flash(str(T.IMPORT_NO_FILE), "error")
        else:
            preview = plan(db.session, kommune(), data)
            db.session.rollback()  # a preview changes nothing
            if preview.ok:
                confirm = ImportConfirmForm(
                    payload=base64.b64encode(data).decode("ascii"), signature=_signature(data)
                )
    return render_template("dashboard/import.html", form=form, preview=preview, confirm=confirm)


@admin_required
def import_confirm() -> str | Response:
    form = ImportConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        data = base64.b64decode(form.payload.data or "", validate=True)
    except (binascii.Error, ValueError):
        abort(400)
    if not hmac.compare_digest(_signature(data), form.signature.data or ""):
        flash(str(T.IMPORT_CHANGED), "error")
        return redirect(url_for("dashboard.import"))
    result = plan(db.session, kommune(), data)  # checked again: the database may have changed
    if not result.ok:
        db.session.rollback()
        return render_template(
            "dashboard/import.html", form=ImportUploadForm(), preview=result, confirm=None
        )
    result.apply(db.session, staff_user_id=staff().id)
    db.session.commit()
    flash(T.IMPORT_DONE(summary=result.summary()), "success")
    return redirect(url_for("dashboard.people"))
