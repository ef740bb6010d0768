"""The call log, one call's path, and recordings played through the app."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for

from models import Call, db
from prompts import dashboard as T
from telephony import TelephonyError, client

from ..common import ActionForm
from ..scope import audit, get_or_404, kommune_id, recording_or_404
from . import queries
from .forms import CallFilter


def index() -> str:
    form = CallFilter(request.args)
    filters = queries.CallFilters()
    if form.validate():
        filters = queries.CallFilters(
            day=form.day.data,
            outcome=form.outcome.data or "",
            direction=form.direction.data or "",
            caller=form.caller.data or "",
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


def callback_done(call_id: int) -> Response:
    call = get_or_404(Call, call_id)
    form = ActionForm()
    if form.validate_on_submit() and call.needs_callback:
        call.needs_callback = False
        audit("update", "call", call.id, person_id=call.person_id, callback="done")
        db.session.commit()
        flash(str(T.CALLBACK_DONE), "success")
    back_to_today = request.form.get("back") == "today"
    return redirect(
        url_for("dashboard.today") if back_to_today else url_for("dashboard.call", call_id=call.id)
    )


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
