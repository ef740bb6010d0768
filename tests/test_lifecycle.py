"""The lifecycle tables, row by row: every allowed event moves the state as the table says,
writes one timeline entry (or none for a step that is part of another), raises its flag
and sets off its effects; every event the table does not allow is refused and changes
nothing. And nothing outside :mod:`dispatch.lifecycle` assigns a state."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dispatch import lifecycle, states
from dispatch.lifecycle import NotAllowed
from dispatch.states import (
    FLAG_RESOLVED_BY,
    MACHINES,
    STAY,
    FollowupEv,
    NoticeEv,
    OfferEv,
    RequestEv,
)
from models import (
    SYSTEM,
    Actor,
    Flag,
    FlagReason,
    HelpRequest,
    Offer,
    OfferStatus,
    RequestEvent,
    RequestStatus,
    When,
    utcnow,
)
from models.request import window_for

ROOT = Path(__file__).resolve().parent.parent
ALL_STATES = {
    "request": [None, *RequestStatus],
    "offer": list(OfferStatus),
    "notice": [None, "pending", "told", "unreachable"],
    "followup": [None, "due", "ok", "problem", "unreachable", "by_staff"],
}


@pytest.fixture
def effects(monkeypatch):
    """Record the effects a transition sets off instead of running them."""
    called: list[str] = []
    for effect in lifecycle.EFFECTS:
        monkeypatch.setitem(lifecycle.EFFECTS, effect, lambda s, c, e=effect: called.append(e))
    return called


@pytest.fixture
def subject(session, kommune, make_person):
    """A request (and an offer on it) in any state of any machine."""
    client = make_person("client")
    volunteer = make_person("volunteer")

    def make(machine: str, state):
        start, end = window_for(When.TOMORROW, utcnow())
        request = HelpRequest(
            kommune_id=kommune.id,
            ref=HelpRequest.new_ref(session, kommune.id),
            client_id=client.id,
            volunteer_id=volunteer.id,
            category="shopping",
            when=When.TOMORROW,
            needed_from=start,
            needed_until=end,
            status=RequestStatus.ASSIGNED,
            client_notice=state if machine == "notice" else None,
            followup_state=state if machine == "followup" else None,
        )
        if machine == "request":
            request.status = state
            if state is not None:
                session.add(request)
                session.flush()
            return request
        session.add(request)
        session.flush()
        if machine == "offer":
            offer = Offer(
                request=request, volunteer=volunteer, round=1, channel="sms", status=state
            )
            session.add(offer)
            session.flush()
            return offer
        return request

    return make


def _entries(session) -> list[str]:
    return list(session.scalars(select(RequestEvent.kind).order_by(RequestEvent.id)))


def _rows():
    for machine in MACHINES:
        for row in machine.rows:
            for source in sorted(row.sources, key=str):
                yield pytest.param(machine, row, source, id=f"{machine.name}-{source}-{row.event}")


@pytest.mark.parametrize(("machine", "row", "source"), list(_rows()))
def test_every_row_does_what_the_table_says(session, subject, effects, machine, row, source):
    thing = subject(machine.name, source)
    before = _entries(session)
    session.add(thing)  # a request not stored yet (state None) is stored by its first event
    change = lifecycle.apply(session, thing, row.event, actor=Actor.staff(1), attempt=1)
    session.flush()
    assert getattr(thing, machine.column) == row.next_state(source)
    if row.target is not STAY:
        assert getattr(thing, machine.column) == row.target
    new = _entries(session)[len(before) :]
    assert new == ([row.log] if row.log else [])
    request = change.request
    open_reasons = {f.reason for f in request.open_flags}
    if row.raises is not None:
        assert row.raises in open_reasons
        flag = next(f for f in request.open_flags if f.reason == row.raises)
        assert flag.raised_by == "staff:1"
    assert effects == list(row.effects)


def _refused():
    for machine in MACHINES:
        for event in machine.events():
            for state in ALL_STATES[machine.name]:
                if machine.row_for(state, event) is None:
                    yield pytest.param(machine, event, state, id=f"{machine.name}-{state}-{event}")


@pytest.mark.parametrize(("machine", "event", "state"), list(_refused()))
def test_every_event_the_table_does_not_allow_is_refused_and_changes_nothing(
    session, subject, effects, machine, event, state
):
    thing = subject(machine.name, state)
    before = _entries(session)
    with pytest.raises(NotAllowed):
        lifecycle.apply(session, thing, event)
    assert getattr(thing, machine.column) == state
    assert _entries(session) == before
    assert effects == []


def test_event_names_are_unique_across_machines():
    names = [event.value for machine in MACHINES for event in machine.events()]
    assert len(names) == len(set(names))


def test_a_row_keeps_what_it_is_given():
    made = states.row(
        ["new", None],
        RequestEv.NOTE,
        STAY,
        "outcome",
        raises=FlagReason.CONCERN,
        effects=(states.Effect.START_SEARCH,),
    )
    assert made == states.Row(
        frozenset({"new", None}),
        RequestEv.NOTE,
        STAY,
        "outcome",
        FlagReason.CONCERN,
        (states.Effect.START_SEARCH,),
    )
    assert made.next_state("new") == "new" and made.next_state(None) is None


@pytest.mark.parametrize(
    ("machine", "events", "expected"),
    [
        (states.REQUEST, (RequestEv.ACCEPT,), {"new", "searching", "unmatched"}),
        (states.REQUEST, (RequestEv.VERIFY, RequestEv.DONE), {"review", "assigned"}),
        (states.REQUEST, (RequestEv.SUBMIT,), set()),  # only from None, which is no status
        (states.OFFER, (OfferEv.FAIL,), {"pending", "sent", "delivered"}),
    ],
)
def test_sources_are_the_states_an_event_is_allowed_in(machine, events, expected):
    found = machine.sources(*events)
    assert set(found) == expected and list(found) == sorted(found)


def test_the_status_groups_come_from_the_tables():
    assert set(states.OPEN) == {"review", "new", "searching", "assigned", "unmatched"}
    assert set(states.TAKEABLE) == {"new", "searching", "unmatched"}
    assert set(states.ANSWERABLE) == {"pending", "sent", "delivered", "answered"}
    assert set(states.UNANSWERED) == {*states.ANSWERABLE, "expired"}


# --- flags --------------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", list(FlagReason))
def test_a_flag_is_settled_only_by_the_events_that_resolve_it(
    session, subject, effects, make_staff, reason
):
    staff = Actor.staff(make_staff().id)
    request = subject("request", RequestStatus.ASSIGNED)
    request.client_notice = "pending"
    lifecycle.raise_flag(session, request, reason, actor=SYSTEM)
    lifecycle.apply(session, request, RequestEv.NOTE, actor=staff, outcome="note")
    lifecycle.log_outcome(session, request, "done", note="war da", actor=staff)
    assert reason in {f.reason for f in request.open_flags}  # a note never clears a flag
    settling = FLAG_RESOLVED_BY[reason] & {RequestEv.DONE, NoticeEv.TOLD}
    for event in settling:
        lifecycle.apply(session, request, event)
    assert (reason in {f.reason for f in request.open_flags}) == (not settling)


def test_staff_resolve_a_flag_with_what_they_did(session, subject, effects):
    request = subject("request", RequestStatus.DONE)
    request.followup_state = "due"
    lifecycle.followup_answer(session, request, ok=False)
    flag = request.open_flags[0]
    assert flag.reason == FlagReason.FOLLOWUP_PROBLEM
    with pytest.raises(ValueError, match="note"):
        lifecycle.resolve_flag(session, flag, actor=Actor.staff(3), note=" ")
    assert flag.is_open
    lifecycle.resolve_flag(session, flag, actor=Actor.staff(3), note="Angerufen, alles geklärt")
    assert not flag.is_open
    assert (flag.resolved_by, flag.resolution) == ("staff:3", "Angerufen, alles geklärt")
    assert _entries(session)[-1] == "flag_resolved"
    with pytest.raises(NotAllowed):
        lifecycle.resolve_flag(session, flag, actor=Actor.staff(3), note="nochmal")


def test_raising_an_open_flag_again_keeps_one(session, subject, effects):
    request = subject("request", RequestStatus.DONE)
    lifecycle.apply(session, request, RequestEv.CONCERN, note="wirkte verwirrt")
    lifecycle.apply(session, request, RequestEv.CONCERN, note="Kühlschrank leer")
    session.flush()
    concerns = session.scalars(select(Flag).where(Flag.reason == FlagReason.CONCERN)).all()
    assert len(concerns) == 1
    assert "wirkte verwirrt" in concerns[0].note and "Kühlschrank leer" in concerns[0].note


def test_a_staff_followup_outcome_ends_the_automatic_followup(
    session, subject, effects, make_staff
):
    request = subject("followup", "due")
    staff = Actor.staff(make_staff().id)
    lifecycle.log_outcome(session, request, "followup_ok", note="selbst angerufen", actor=staff)
    assert request.followup_state == "by_staff"


# --- the race for a request -----------------------------------------------------------------------


def test_a_request_moved_by_someone_else_is_refused_not_overwritten(session, subject, effects):
    request = subject("request", RequestStatus.SEARCHING)
    session.commit()
    # Another transaction cancelled it after we read it.
    session.execute(
        HelpRequest.__table__.update()
        .where(HelpRequest.id == request.id)
        .values(status=RequestStatus.CANCELLED)
    )
    with pytest.raises(NotAllowed):
        lifecycle.apply(session, request, RequestEv.ACCEPT)
    assert request.status == RequestStatus.CANCELLED
    count = session.scalar(
        select(func.count()).select_from(RequestEvent).where(RequestEvent.kind == "accepted")
    )
    assert count == 0


# --- nothing outside the domain assigns a state -----------------------------------------------------

#: Columns that hold a lifecycle's state, or settle a flag.
STATE_COLUMNS = {
    "client_notice",
    "followup_state",
    "resolved_at",
    "resolved_by",
    "checkin_paused",
}
#: Names under which code holds a request or an offer.
SUBJECTS = {"request", "help_request", "offer", "other", "r", "o", "flag", "pairing", "date"}
#: The domain: requests and offers, and phone friendships beside them.
DOMAIN = {
    ROOT / "dispatch" / "lifecycle.py",
    ROOT / "dispatch" / "pairings.py",
    ROOT / "dispatch" / "checkins.py",
}


def _project_modules():
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if parts[0] in {".venv", "tests", "bench", "instance"} or "migrations" in parts:
            continue
        yield path


def test_no_module_outside_the_domain_assigns_a_state():
    offenders = []
    for path in _project_modules():
        if path in DOMAIN:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            targets = []
            if isinstance(node, ast.Assign):
                targets = node.targets
            elif isinstance(node, ast.AugAssign | ast.AnnAssign):
                targets = [node.target]
            for target in targets:
                if not isinstance(target, ast.Attribute):
                    continue
                owner = target.value.id if isinstance(target.value, ast.Name) else ""
                if target.attr in STATE_COLUMNS or (
                    target.attr in ("status", "state") and owner in SUBJECTS
                ):
                    offenders.append(
                        f"{path.relative_to(ROOT)}:{node.lineno} {owner}.{target.attr}"
                    )
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in {
                "HelpRequest",
                "Offer",
                "Flag",
                "Pairing",
                "PairingDate",
                "CheckInDate",
            }:
                for keyword in node.keywords:
                    if keyword.arg in {"status", "state", *STATE_COLUMNS}:
                        offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {keyword.arg}=")
    assert offenders == []


def test_the_runtime_guard_catches_an_assignment_from_outside(session, subject):
    request = subject("request", RequestStatus.NEW)
    code = compile("request.status = 'done'", str(ROOT / "dashboard" / "intruder.py"), "exec")
    with pytest.raises(AssertionError, match=r"outside dispatch\.lifecycle"):
        exec(code, {"request": request})  # noqa: S102 - code with a file name outside the domain


def test_offer_and_notice_events_refuse_without_their_subject(session, subject, effects):
    offer = subject("offer", OfferStatus.DECLINED)
    with pytest.raises(NotAllowed, match="offer_accept"):
        lifecycle.apply(session, offer, OfferEv.ACCEPT)
    request = subject("followup", None)
    with pytest.raises(NotAllowed):
        lifecycle.apply(session, request, FollowupEv.ANSWER_OK)
