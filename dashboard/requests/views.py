"""A request: its timeline and what staff can do with it (dispatch/lifecycle does it)."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from dispatch import lifecycle
from models import OPEN_STATUSES, HelpRequest, Person, RequestStatus, db, utcnow
from models import phone as phones
from prompts import dashboard as T

from ..auth import staff
from ..common import ActionForm, Form, options
from ..scope import audit, get_or_404, kommune_id, person_of_kommune
from . import queries
from .forms import (
    AssignForm,
    DoneForm,
    OutcomeForm,
    RequestFilter,
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
    if help_request.status == RequestStatus.REVIEW:
        link = VerifyLinkForm()
        link.person_id.choices = options(
            (p.id, _person_label(p)) for p in queries.client_candidates(db.session, help_request)
        )
        forms["verify_link"] = link
        forms["verify_create"] = VerifyCreateForm(
            name=help_request.caller_name,
            phone=phones.national(help_request.callback_phone)
            if help_request.callback_phone
            else "",
            address=help_request.caller_address,
        )
    elif help_request.status in (*lifecycle.TAKEABLE, RequestStatus.ASSIGNED):
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
        is_open=help_request.status in OPEN_STATUSES,
        can_dispatch=help_request.status
        in (RequestStatus.UNMATCHED, RequestStatus.SEARCHING, RequestStatus.NEW),
    )


def _act(
    request_id: int,
    form: Form,
    act: Callable[[HelpRequest], str | None],
    what: str,
) -> Response:
    """Check the form, run ``act`` (a lifecycle step), commit and say how it went.
    ``act`` returns the success message, or None when the request's state does not allow it."""
    help_request = get_or_404(HelpRequest, request_id)
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
    else:
        message = act(help_request)
        if message is None:
            db.session.rollback()
            flash(str(T.NOT_POSSIBLE), "error")
        else:
            audit(
                "update", "request", help_request.id, person_id=help_request.client_id, change=what
            )
            db.session.commit()
            flash(message, "success")
    return redirect(url_for("dashboard.request", request_id=request_id))


def verify_link(request_id: int) -> Response:
    form = VerifyLinkForm()
    form.person_id.validate_choice = False  # checked below: a person of this Kommune

    def act(help_request: HelpRequest) -> str | None:
        client = person_of_kommune(form.person_id.data)
        if client is None or not lifecycle.verify(
            db.session, help_request, client, actor=staff().actor
        ):
            return None
        return str(T.VERIFIED)

    return _act(request_id, form, act, "verify")


def verify_create(request_id: int) -> Response:
    form = VerifyCreateForm()

    def act(help_request: HelpRequest) -> str | None:
        existing = Person.by_phone(db.session, help_request.kommune_id, form.phone.data)
        if existing is not None:
            flash(T.PHONE_TAKEN(name=existing.name), "error")
            return None
        client = Person(
            kommune_id=help_request.kommune_id,
            name=" ".join(form.name.data.split()),
            phone=form.phone.data,
            line_type=phones.line_type(form.phone.data),
            address=form.address.data or "",
            district=form.district.data or "",
            is_client=True,
            consent_at=utcnow() if form.consent.data else None,
        )
        db.session.add(client)
        db.session.flush()
        audit("create", "person", client.id, person_id=client.id)
        if not lifecycle.verify(db.session, help_request, client, actor=staff().actor):
            return None
        return str(T.VERIFIED)

    return _act(request_id, form, act, "verify")


def assign(request_id: int) -> Response:
    form = AssignForm()
    form.volunteer_id.validate_choice = False  # checked below: an active volunteer of this Kommune

    def act(help_request: HelpRequest) -> str | None:
        volunteer = person_of_kommune(form.volunteer_id.data, is_volunteer=True, status="active")
        if volunteer is None or not lifecycle.assign_by_hand(
            db.session, help_request, volunteer, actor=staff().actor
        ):
            return None
        return T.ASSIGNED(name=volunteer.name)

    return _act(request_id, form, act, "assign")


def dispatch_again(request_id: int) -> Response:
    return _act(
        request_id,
        ActionForm(),
        lambda r: (
            str(T.DISPATCHED_AGAIN)
            if lifecycle.dispatch_again(db.session, r, actor=staff().actor)
            else None
        ),
        "dispatch_again",
    )


def cancel(request_id: int) -> Response:
    return _act(
        request_id,
        ActionForm(),
        lambda r: (
            str(T.CANCELLED)
            if lifecycle.cancel(db.session, r, by="staff", actor=staff().actor)
            else None
        ),
        "cancel",
    )


def mark_done(request_id: int) -> Response:
    form = DoneForm()
    return _act(
        request_id,
        form,
        lambda r: (
            str(T.MARKED_DONE)
            if lifecycle.mark_done(
                db.session, r, by="staff", actor=staff().actor, note=form.note.data or ""
            )
            else None
        ),
        "done",
    )


def log_outcome(request_id: int) -> Response:
    form = OutcomeForm()

    def act(help_request: HelpRequest) -> str:
        lifecycle.log_outcome(
            db.session,
            help_request,
            form.kind.data,
            note=form.note.data or "",
            staff_user_id=staff().id,
        )
        return str(T.OUTCOME_LOGGED)

    return _act(request_id, form, act, "outcome")
