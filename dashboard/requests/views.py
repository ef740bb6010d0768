"""A request: its timeline and what staff can do with it (dispatch/lifecycle does it)."""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from dispatch import lifecycle, states
from dispatch.lifecycle import NotAllowed
from dispatch.states import RequestEv
from dispatch.wording import hours_text
from models import BERLIN, Call, Flag, HelpRequest, Person, RequestStatus, db, utcnow
from models import phone as phones
from prompts import dashboard as T

from ..auth import staff
from ..common import ActionForm, Form, options, submitted
from ..scope import audit, get_or_404, kommune_id, person_of_kommune
from . import queries
from .forms import (
    AssignForm,
    DoneForm,
    HoursForm,
    OutcomeForm,
    PersonSearch,
    RequestFilter,
    ResolveForm,
    VerifyCreateForm,
    VerifyLinkForm,
)


def index() -> str:
    form = RequestFilter(request.args)
    form.validate()
    page = queries.requests_list(
        db.session,
        kommune_id(),
        status=form.status.data or "",
        category=form.category.data or "",
        q=form.q.data or "",
        page=request.args.get("page", 1, type=int),
    )
    return render_template("dashboard/requests.html", form=form, page=page)


def _person_label(person: Person) -> str:
    return f"{person.name} · {phones.national(person.phone)} · {person.district or '–'}"


def detail(request_id: int) -> str:
    help_request = get_or_404(HelpRequest, request_id)
    view = queries.request_view(db.session, help_request)
    forms: dict[str, Form] = {"action": ActionForm(), "done": DoneForm(), "outcome": OutcomeForm()}
    if help_request.status == RequestStatus.DONE:
        forms["hours"] = HoursForm(
            time_spent=hours_text(help_request.minutes_spent) if help_request.minutes_spent else ""
        )
    suggestions: list[queries.Suggestion] = []
    if help_request.status == RequestStatus.REVIEW:
        search = PersonSearch(request.args)
        search.validate()
        suggestions = queries.client_suggestions(
            db.session, help_request, search=search.suche.data or ""
        )
        link = VerifyLinkForm()
        link.person_id.choices = options(
            (s.person.id, f"{_person_label(s.person)} ({s.why})") for s in suggestions
        )
        forms["verify_link"] = link
        forms["person_search"] = search
        forms["verify_create"] = VerifyCreateForm(
            name=help_request.caller_name,
            phone=phones.national(help_request.callback_phone)
            if help_request.callback_phone
            else "",
            address=help_request.caller_address,
        )
    elif help_request.status in states.ASSIGNABLE:
        assign = AssignForm()
        assign.volunteer_id.choices = options(
            (
                p.id,
                f"{_person_label(p)} · {', '.join(T.label(T.CATEGORY, c) for c in p.categories)}",
            )
            for p in queries.volunteer_candidates(db.session, help_request)
        )
        forms["assign"] = assign
    if (
        help_request.client_id is not None
        or help_request.caller_name
        or help_request.callback_phone
    ):
        audit("view", "request", help_request.id, person_id=help_request.client_id)
        db.session.commit()
    return render_template(
        "dashboard/request.html",
        view=view,
        r=help_request,
        forms=forms,
        is_open=help_request.status in states.OPEN,
        can_dispatch=help_request.status in states.RESTARTABLE,
    )


# --- what staff do with a request -------------------------------------------------------------------
# Each step loads the request (404 outside the staff member's Kommune) and validates the form,
# authorises what the form picked (a person of this Kommune), acts through dispatch.lifecycle
# (which refuses with NotAllowed when the request's state does not allow the step) and responds.


def _local_today() -> date:
    return utcnow().astimezone(BERLIN).date()


def _back(help_request: HelpRequest) -> Response:
    return redirect(url_for("dashboard.request", request_id=help_request.id))


def _refused(help_request: HelpRequest) -> Response:
    """The step is not allowed: keep nothing of it and say so."""
    back = _back(help_request)
    db.session.rollback()
    flash(str(T.NOT_POSSIBLE), "error")
    return back


def _done(help_request: HelpRequest, change: str, message: str) -> Response:
    """The step is done: audit it, commit and say how it went."""
    back = _back(help_request)
    audit("update", "request", help_request.id, person_id=help_request.client_id, change=change)
    db.session.commit()
    flash(message, "success")
    return back


def verify_link(request_id: int) -> Response:
    help_request = get_or_404(HelpRequest, request_id)
    form = VerifyLinkForm()  # any id: authorised below (a person of this Kommune)
    if not submitted(form):
        return _back(help_request)
    if form.person_id.data is None:
        flash(str(T.PERSON_MISSING), "error")
        return _back(help_request)

    client = person_of_kommune(form.person_id.data)
    if client is None:
        return _refused(help_request)

    try:
        lifecycle.verify(db.session, help_request, client, actor=staff().actor)
    except NotAllowed:
        return _refused(help_request)
    return _done(help_request, "verify", str(T.VERIFIED))


def _spoken(help_request: HelpRequest) -> list[str]:
    """The languages of a person registered from their request: the one they chose on the
    phone first (German besides)."""
    call = db.session.get(Call, help_request.call_id) if help_request.call_id else None
    lang = call.language if call is not None else "de"
    return ["de"] if lang in (None, "de") else [lang, "de"]


def verify_create(request_id: int) -> Response:
    help_request = get_or_404(HelpRequest, request_id)
    form = VerifyCreateForm()
    if not submitted(form):
        return _back(help_request)
    existing = Person.by_phone(db.session, help_request.kommune_id, form.phone.data)
    if existing is not None:
        flash(T.PHONE_TAKEN(name=existing.name), "error")
        return _refused(help_request)

    client = Person(
        kommune_id=help_request.kommune_id,
        name=" ".join(form.name.data.split()),
        phone=form.phone.data,
        line_type=phones.line_type(form.phone.data),
        address=form.address.data or "",
        district=form.district.data or "",
        is_client=True,
        consent_at=utcnow() if form.consent.data else None,
        languages=_spoken(help_request),
    )
    db.session.add(client)
    db.session.flush()
    audit("create", "person", client.id, person_id=client.id)
    try:
        lifecycle.verify(db.session, help_request, client, actor=staff().actor)
    except NotAllowed:
        return _refused(help_request)
    return _done(help_request, "verify", str(T.VERIFIED))


def assign(request_id: int) -> Response:
    help_request = get_or_404(HelpRequest, request_id)
    form = AssignForm()
    form.volunteer_id.validate_choice = (
        False  # authorised below: an active volunteer of this Kommune
    )
    if not submitted(form):
        return _back(help_request)

    volunteer = person_of_kommune(form.volunteer_id.data, is_volunteer=True, status="active")
    if volunteer is None:
        return _refused(help_request)

    try:
        lifecycle.assign_by_hand(db.session, help_request, volunteer, actor=staff().actor)
    except NotAllowed:
        return _refused(help_request)
    return _done(help_request, "assign", T.ASSIGNED(name=volunteer.name))


def dispatch_again(request_id: int) -> Response:
    help_request = get_or_404(HelpRequest, request_id)
    if not submitted(ActionForm()):
        return _back(help_request)

    try:
        lifecycle.search_again(db.session, help_request, actor=staff().actor)
    except NotAllowed:
        return _refused(help_request)
    return _done(help_request, "dispatch_again", str(T.DISPATCHED_AGAIN))


def cancel(request_id: int) -> Response:
    help_request = get_or_404(HelpRequest, request_id)
    if not submitted(ActionForm()):
        return _back(help_request)

    try:
        lifecycle.cancel(db.session, help_request, actor=staff().actor)
    except NotAllowed:
        return _refused(help_request)
    return _done(help_request, "cancel", str(T.CANCELLED))


def mark_done(request_id: int) -> str | Response:
    """Done. Before the request's day, a second step asks whether it really is (help that
    happened early is possible, a click on the wrong request is likelier)."""
    help_request = get_or_404(HelpRequest, request_id)
    form = DoneForm()
    if not submitted(form):
        return _back(help_request)
    if not lifecycle.can(help_request, RequestEv.DONE):
        return _refused(help_request)
    if help_request.needed_from > _local_today() and form.early.data != "yes":
        return render_template("dashboard/confirm_done.html", r=help_request, form=form)

    try:
        lifecycle.mark_done(
            db.session, help_request, actor=staff().actor, note=form.note.data or ""
        )
    except NotAllowed:
        return _refused(help_request)
    return _done(help_request, "done", str(T.MARKED_DONE))


def log_outcome(request_id: int) -> Response:
    help_request = get_or_404(HelpRequest, request_id)
    form = OutcomeForm()
    if not submitted(form):
        return _back(help_request)

    lifecycle.log_outcome(
        db.session, help_request, form.kind.data, note=form.note.data or "", actor=staff().actor
    )
    return _done(help_request, "outcome", str(T.OUTCOME_LOGGED))


def resolve_flag(request_id: int, flag_id: int) -> Response:
    """Staff settle a flag and say what they did; nothing else clears it."""
    help_request = get_or_404(HelpRequest, request_id)
    form = ResolveForm()
    if not submitted(form):
        return _back(help_request)

    flag = db.session.get(Flag, flag_id)
    if flag is None or flag.request_id != help_request.id:
        return _refused(help_request)

    try:
        lifecycle.resolve_flag(db.session, flag, actor=staff().actor, note=form.resolution.data)
    except NotAllowed:
        return _refused(help_request)
    return _done(help_request, "resolve", str(T.FLAG_RESOLVED))


def record_hours(request_id: int) -> Response:
    """Staff give or correct the time a done request took (the timeline keeps the old)."""
    help_request = get_or_404(HelpRequest, request_id)
    form = HoursForm()
    if not submitted(form):
        return _back(help_request)

    try:
        lifecycle.record_hours(
            db.session, help_request, form.time_spent.minutes, actor=staff().actor
        )
    except NotAllowed:
        return _refused(help_request)
    return _done(
        help_request, "hours", T.TIME_SPENT_NOTED(hours=hours_text(form.time_spent.minutes))
    )
