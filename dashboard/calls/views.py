"""The call log, one call's path, and recordings played through the app."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for

from dispatch import callbacks, intake
from models import Call, CallbackOutcome, Person, db, utcnow
from models import phone as phones
from prompts import dashboard as T
from telephony import TelephonyError, client

from ..auth import staff
from ..common import ActionForm
from ..scope import audit, get_or_404, kommune, kommune_id, recording_or_404
from . import queries
from .forms import CallbackForm, CallFilter, CallRequestForm


def index() -> str:
    form = CallFilter(request.args)
    filters = queries.CallFilters()
    if form.validate():
        filters = queries.CallFilters(
            day=form.day.data,
            outcome=form.outcome.data or "",
            direction=form.direction.data or "",
            caller=form.caller.data or "",
            language=form.language.data or "",
        )
    page = queries.call_log(
        db.session,
        kommune_id(),
        filters,
        before=request.args.get("before"),
        after=request.args.get("after"),
    )
    return render_template("dashboard/calls.html", form=form, page=page, query=_filter_args())


def _filter_args() -> dict[str, str]:
    """The filter part of the query string, for the page links."""
    return {
        k: v
        for k, v in request.args.items()
        if k in ("day", "outcome", "direction", "caller") and v
    }


def detail(call_id: int) -> str:
    call = get_or_404(Call, call_id)
    row = queries.call_detail(db.session, call)
    if call.person_id is not None or call.from_number:
        audit("view", "call", call.id, person_id=call.person_id)
        db.session.commit()
    events = call.events
    return render_template("dashboard/call.html", row=row, events=events, action=ActionForm())


def _after_callback(call: Call) -> Response:
    if request.form.get("back") == "today":
        return redirect(url_for("dashboard.today"))
    return redirect(url_for("dashboard.call", call_id=call.id))


def callback_done(call_id: int) -> Response:
    """Settled without more words (the old button): an attempt "done"."""
    call = get_or_404(Call, call_id)
    form = ActionForm()
    if form.validate_on_submit() and call.needs_callback:
        callbacks.record(db.session, call, CallbackOutcome.DONE, staff_user_id=staff().id)
        audit("update", "call", call.id, person_id=call.person_id, callback="done")
        db.session.commit()
        flash(str(T.CALLBACK_DONE), "success")
    return _after_callback(call)


def callback_claim(call_id: int) -> Response:
    """ "Ich rufe zurück": the others see who calls."""
    call = get_or_404(Call, call_id)
    if ActionForm().validate_on_submit() and call.needs_callback:
        callbacks.claim(call, staff().id)
        audit("update", "call", call.id, person_id=call.person_id, callback="claim")
        db.session.commit()
        flash(str(T.CALLBACK_CLAIMED), "success")
    return _after_callback(call)


def callback_outcome(call_id: int) -> Response:
    """How the callback went; "not reached" keeps it on the list."""
    call = get_or_404(Call, call_id)
    form = CallbackForm()
    if form.validate_on_submit() and call.needs_callback:
        outcome = CallbackOutcome(form.outcome.data)
        callbacks.record(
            db.session, call, outcome, staff_user_id=staff().id, note=form.note.data or ""
        )
        audit("update", "call", call.id, person_id=call.person_id, callback=outcome.value)
        db.session.commit()
        again = outcome == CallbackOutcome.NOT_REACHED
        flash(str(T.CALLBACK_AGAIN if again else T.CALLBACK_SAVED), "success")
    return _after_callback(call)


def recording(recording_id: int) -> Response:
    """Stream a recording from Twilio (with our credentials) to a logged-in staff member;
    Twilio's own link is never shown to anyone."""
    found = recording_or_404(recording_id)
    if found.deleted_at is not None or not found.url:
        abort(410)
    sid, person_id = found.sid, found.call.person_id
    audit("listen", "recording", found.id, person_id=person_id)
    db.session.commit()
    try:
        data, content_type = client().fetch_recording(sid)
    except TelephonyError as exc:
        abort(410 if exc.permanent else 502)  # gone, or Twilio unreachable for now
    return Response(
        data,
        mimetype=content_type,
        headers={"Cache-Control": "no-store", "Content-Disposition": "inline"},
    )


def _caller(call: Call) -> Person | None:
    """The known (not erased) person who called, if any."""
    person = call.person
    return person if person is not None and person.erased_at is None else None


def call_request(call_id: int) -> str | Response:
    """A call becomes a request in one step: a voicemail, a caller who asked for a
    person. The form is filled with what the call brought; the request's timeline links
    the call, the call's recordings belong to the request, the callback is settled."""
    call = get_or_404(Call, call_id)
    if call.direction != "inbound":
        abort(404)  # a call we made is about a request already
    if call.request_id is not None:
        flash(str(T.CALL_HAS_REQUEST), "info")
        return redirect(url_for("dashboard.call", call_id=call.id))
    caller = _caller(call)
    row = queries.call_detail(db.session, call)
    if request.method == "GET":
        form = CallRequestForm(
            phone=phones.national(call.from_number) if call.from_number else "",
            district=caller.district if caller else "",
        )
        audit("view", "call", call.id, person_id=call.person_id)
        db.session.commit()
        return render_template("dashboard/call_request.html", row=row, form=form, caller=caller)

    form = CallRequestForm()
    if form.validate_on_submit() and (caller is not None or _new_person_ok(form)):
        client_person = caller or _create_person(form)
        if client_person is not None:
            help_request = intake.open_request(
                db.session,
                kommune=kommune(),
                client=client_person,
                category=form.category.data,
                when=form.when.data,
                description=(form.description.data or "").strip(),
                channel="call",
                call_id=call.id,
                actor=staff().actor,
            )
            call.request_id = help_request.id
            intake.attach_recordings(db.session, help_request, call.id)
            if call.needs_callback:
                call.needs_callback = False
                audit("update", "call", call.id, person_id=call.person_id, callback="done")
            audit("create", "request", help_request.id, person_id=client_person.id)
            db.session.commit()
            flash(T.REQUEST_FROM_CALL(ref=help_request.ref), "success")
            return redirect(url_for("dashboard.request", request_id=help_request.id))
    return render_template("dashboard/call_request.html", row=row, form=form, caller=caller)


def _new_person_ok(form: CallRequestForm) -> bool:
    """An unknown caller needs at least a name and a number to become a person."""
    ok = True
    for field in (form.name, form.phone):
        if not (field.data or "").strip():
            field.errors = [*field.errors, str(T.REQUIRED)]
            ok = False
    return ok


def _create_person(form: CallRequestForm) -> Person | None:
    """The caller as a new client; ``None`` (with the error on the form) if the number
    belongs to somebody already."""
    existing = Person.by_phone(db.session, kommune_id(), form.phone.data)
    if existing is not None:
        form.phone.errors = [*form.phone.errors, T.PHONE_TAKEN(name=existing.name)]
        return None
    person = Person(
        kommune_id=kommune_id(),
        name=" ".join(form.name.data.split()),
        phone=form.phone.data,
        line_type=phones.line_type(form.phone.data),
        address=(form.address.data or "").strip(),
        district=(form.district.data or "").strip(),
        is_client=True,
        consent_at=utcnow() if form.consent.data else None,
    )
    db.session.add(person)
    db.session.flush()
    audit("create", "person", person.id, person_id=person.id)
    return person
