"""The one owner of state: requests, offers, the notice to the client, the follow-up and
the flags for staff change only here.

:func:`apply` applies a row of :mod:`dispatch.states` — it refuses an event the table does
not allow (:class:`NotAllowed`, nothing changed), moves the state, writes the timeline
entry, raises and resolves flags, then runs the row's effects (:data:`EFFECTS`). A
request's state moves by a conditional UPDATE, so of two transactions that both read
"searching" only one can move it (the first "JA" wins on SQLite and PostgreSQL alike).

Channels, tasks and the dashboard call the named operations below; the caller commits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from models import (
    SYSTEM,
    Actor,
    ActorKind,
    Call,
    CallPurpose,
    Channel,
    Flag,
    FlagReason,
    HelpRequest,
    Offer,
    OfferStatus,
    Outcome,
    OutcomeKind,
    Person,
    RequestEvent,
    RequestStatus,
    VolunteerStatus,
    utcnow,
)
from models.base import BERLIN
from models.phone import LineType
from models.task import schedule
from prompts import language
from prompts import sms as S

from . import states
from .matching import candidates
from .notify import queue_call, queue_sms
from .queries import held_by, open_offers_of
from .states import Effect, Event, FollowupEv, NoticeEv, OfferEv, RequestEv, Row
from .wording import details_text, offer_text, sms_day
from .work import CancelCall, DispatchRound, Followup, NotifyClient, TellClientUnmatched

#: Calls to tell the client who comes, and minutes between them.
NOTICE_ATTEMPTS = 3
NOTICE_RETRY_MINUTES = 20
#: Follow-up calls ("Hat alles geklappt?") and hours between them.
FOLLOWUP_ATTEMPTS = 2
FOLLOWUP_RETRY_HOURS = 2


class NotAllowed(Exception):
    """The event is not allowed in the current state; nothing was changed."""

    def __init__(self, machine: str, subject_id: int | None, state: str | None, event: Event):
        super().__init__(
            f"{machine} {subject_id}: {event.value!r} is not allowed in state {state!r}"
        )
        self.state = state
        self.event = event


@dataclass
class Change:
    """One applied transition, handed to its effects."""

    request: HelpRequest
    subject: HelpRequest | Offer
    row: Row
    source: str | None
    actor: Actor
    #: What the timeline entry says besides its kind.
    detail: dict[str, Any]
    #: Values the transition replaced, as they were.
    prior: dict[str, Any] = field(default_factory=dict)


def can(subject: HelpRequest | Offer, event: Event) -> bool:
    """Whether ``event`` is allowed in the subject's current state."""
    machine = states.MACHINE_OF[type(event)]
    return machine.row_for(getattr(subject, machine.column), event) is not None


def apply(
    session: Session,
    subject: HelpRequest | Offer,
    event: Event,
    *,
    actor: Actor = SYSTEM,
    values: dict[str, Any] | None = None,
    note: str = "",
    **detail: Any,
) -> Change:
    """Apply ``event`` to ``subject`` (see the module docstring). ``values`` are further
    columns the transition sets; ``note`` goes with a flag it raises."""
    machine = states.MACHINE_OF[type(event)]
    source = getattr(subject, machine.column)
    row = machine.row_for(source, event)
    if row is None:
        raise NotAllowed(machine.name, subject.id, source, event)
    target = row.next_state(source)
    if machine is states.REQUEST and subject.id is not None:
        _compare_and_set(session, subject, source, target, event)
    else:
        setattr(subject, machine.column, target)
    values = values or {}
    change = Change(
        request=subject if isinstance(subject, HelpRequest) else subject.request,
        subject=subject,
        row=row,
        source=source,
        actor=actor,
        detail=detail,
        prior={name: getattr(subject, name) for name in values},
    )
    for name, value in values.items():
        setattr(subject, name, value)
    request = change.request
    if request.id is None:
        session.flush()  # a new request: its id goes into the timeline and its tasks
    if row.log is not None:
        session.add(RequestEvent(request=request, kind=row.log, actor=str(actor), detail=detail))
    for reason in states.flags_resolved_by(event):
        _resolve(request, reason, actor, resolution=event.value)
    if row.raises is not None:
        raise_flag(session, request, row.raises, actor=actor, note=note)
    for effect in row.effects:
        EFFECTS[effect](session, change)
    return change


def _compare_and_set(
    session: Session, request: HelpRequest, source: str | None, target: str | None, event: Event
) -> None:
    """Move the request's status only if nobody moved it since we read it."""
    moved = session.execute(
        update(HelpRequest)
        .where(HelpRequest.id == request.id, HelpRequest.status == source)
        .values(status=target)
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved != 1:
        session.refresh(request, ["status"])
        raise NotAllowed(states.REQUEST.name, request.id, request.status, event)
    set_committed_value(request, "status", target)


# --- flags --------------------------------------------------------------------------------------


def raise_flag(
    session: Session, request: HelpRequest, reason: FlagReason, *, actor: Actor, note: str = ""
) -> Flag:
    """Put the request in front of staff for ``reason``; an open flag of the same reason
    stays as it is (a second concern adds its words to the first)."""
    for flag in request.open_flags:
        if flag.reason == reason:
            if note and note not in flag.note:
                flag.note = f"{flag.note}\n{note}".strip()
            return flag
    flag = Flag(
        kommune_id=request.kommune_id,
        request_id=request.id,
        person_id=request.client_id,
        reason=reason,
        note=note,
        raised_by=str(actor),
    )
    request.flags.append(flag)
    session.add(flag)
    return flag


def _resolve(request: HelpRequest, reason: FlagReason, actor: Actor, resolution: str) -> None:
    for flag in request.open_flags:
        if flag.reason == reason:
            flag.resolved_at = utcnow()
            flag.resolved_by = str(actor)
            flag.resolution = resolution


def resolve_flag(session: Session, flag: Flag, *, actor: Actor, note: str) -> None:
    """Staff settled a flag and say what they did (the note is required)."""
    if not flag.is_open or flag.request_id is None:
        raise NotAllowed(
            "flag", flag.id, "resolved" if flag.resolved_at else "open", RequestEv.RESOLVE
        )
    if not note.strip():
        raise ValueError("a flag is resolved with a note of what was done")
    request = session.get_one(HelpRequest, flag.request_id)
    apply(session, request, RequestEv.RESOLVE, actor=actor, reason=flag.reason)
    flag.resolved_at = utcnow()
    flag.resolved_by = str(actor)
    flag.resolution = note.strip()


# --- asking volunteers -------------------------------------------------------------------------------


def make_offer(session: Session, request: HelpRequest, volunteer: Person, round: int) -> Offer:
    """Record the offer and queue the SMS or call that carries it."""
    offer = Offer(request=request, volunteer=volunteer, round=round, channel=volunteer.channel)
    session.add(offer)
    volunteer.last_offered_at = utcnow()
    session.flush()
    common = {
        "kommune": request.kommune,
        "to": volunteer.phone,
        "purpose": CallPurpose.OFFER,
        "person_id": volunteer.id,
        "request_id": request.id,
        "offer_id": offer.id,
        "about": (offer.id,),
    }
    if offer.channel == Channel.SMS:
        queue_sms(session, body=offer_text(request, volunteer.language), **common)
    else:
        queue_call(session, language=volunteer.language, **common)
    return offer


def round_started(
    session: Session, request: HelpRequest, round: int, *, asked: list[Person], wait: timedelta
) -> None:
    """Round ``round`` of the search asks ``asked``; the next one follows after ``wait``."""
    for volunteer in asked:
        make_offer(session, request, volunteer, round)
    apply(
        session,
        request,
        RequestEv.ROUND,
        values={"round": round, "next_round_at": utcnow() + wait},
        round=round - request.search_base_round,
        asked=len(asked),
    )


def escalate(session: Session, request: HelpRequest, *, round: int | None = None) -> None:
    """No volunteer found: staff are flagged and texted, the client is told."""
    values: dict[str, Any] = {"escalated_at": utcnow(), "next_round_at": None}
    if round is not None:
        values["round"] = round
    apply(
        session,
        request,
        RequestEv.ESCALATE,
        values=values,
        rounds=(round or request.round) - request.search_base_round,
    )


def _replace_offer(session: Session, request: HelpRequest, round: int) -> None:
    """An offer came to nothing: ask the next candidate in the current round; with nobody
    left and nobody to wait for, escalate now."""
    if request.status not in states.SEARCHING:
        return
    found = candidates(session, request, limit=1)
    if found:
        make_offer(session, request, found[0], max(round, request.round))
    elif not any(o.status in states.ANSWERABLE for o in request.offers):
        escalate(session, request)


# --- a volunteer answers -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Acceptance:
    """What came of a "yes": ``won``, ``again`` (the winner said yes twice), ``taken``
    (someone was faster), ``closed`` (cancelled or done meanwhile) or ``not_active`` (the
    volunteer may not take requests)."""

    result: str
    request: HelpRequest


def accept(session: Session, offer: Offer, *, channel: str) -> Acceptance:
    """A volunteer says yes; exactly one wins (see :func:`_compare_and_set`)."""
    request = offer.request
    actor = Actor.volunteer(offer.volunteer_id)
    if offer.volunteer.status not in (VolunteerStatus.ACTIVE, VolunteerStatus.PAUSED):
        return Acceptance("not_active", request)  # blocked, opted out or not yet approved
    if offer.status == OfferStatus.ACCEPTED:
        return Acceptance("again", request)
    if not can(offer, OfferEv.ACCEPT):
        return Acceptance(_why_not(request), request)
    now = utcnow()
    try:
        apply(
            session,
            request,
            RequestEv.ACCEPT,
            actor=actor,
            values={"volunteer_id": offer.volunteer_id, "assigned_at": now, "next_round_at": None},
            channel=channel,
            round=offer.round,
        )
    except NotAllowed:
        offer.responded_at = now
        if request.status in states.OPEN:
            apply(session, offer, OfferEv.LATE, actor=actor, channel=channel)
        return Acceptance(_why_not(request), request)
    offer.responded_at = now
    apply(session, offer, OfferEv.ACCEPT, actor=actor)
    return Acceptance("won", request)


def _why_not(request: HelpRequest) -> str:
    return "taken" if request.status in (RequestStatus.ASSIGNED, RequestStatus.DONE) else "closed"


def decline(session: Session, offer: Offer, *, channel: str) -> None:
    """A volunteer says no; the next candidate is asked."""
    offer.responded_at = utcnow()
    apply(
        session, offer, OfferEv.DECLINE, actor=Actor.volunteer(offer.volunteer_id), channel=channel
    )


def offer_sent(session: Session, offer: Offer) -> None:
    if can(offer, OfferEv.SENT):
        offer.sent_at = utcnow()
        apply(session, offer, OfferEv.SENT)


def offer_delivered(session: Session, offer: Offer) -> None:
    if can(offer, OfferEv.DELIVERED):
        apply(session, offer, OfferEv.DELIVERED)


def offer_heard(session: Session, offer: Offer) -> None:
    """A person picked up the offer call (an answer may follow)."""
    if can(offer, OfferEv.HEARD):
        apply(session, offer, OfferEv.HEARD)


def offer_failed(session: Session, offer: Offer, reason: str) -> None:
    """The offer never reached the volunteer (``reason``: an error code, ``machine`` or
    the call's end status); a report that comes too late changes nothing."""
    if can(offer, OfferEv.FAIL):
        offer.error_code = reason[:10]
        apply(session, offer, OfferEv.FAIL, volunteer_id=offer.volunteer_id, code=reason)


def language_chosen(session: Session, person: Person, lang: str) -> None:
    """The person chose ``lang`` on the phone: it comes first among their languages from
    now on (calls, SMS, notices); the others they speak stay."""
    person.languages = [lang, *(code for code in person.languages or [] if code != lang)]


def volunteer_gone(session: Session, volunteer: Person, *, actor: Actor) -> None:
    """A volunteer can no longer help (blocked, STOPP, erased): their unanswered offers go
    to the next person, and what they had taken is searched for again, flagged so that
    staff can tell the client."""
    for offer in open_offers_of(session, volunteer):
        apply(session, offer, OfferEv.LEAVE, actor=actor, volunteer_id=volunteer.id)
    for request in held_by(session, volunteer):
        apply(
            session,
            request,
            RequestEv.VOLUNTEER_LEFT,
            actor=actor,
            values={"volunteer_id": None, "assigned_at": None},
            volunteer_id=volunteer.id,
        )


def give_back(session: Session, request: HelpRequest, volunteer: Person, *, actor: Actor) -> None:
    """The assigned volunteer cannot come after all (ABSAGEN): a new search starts."""
    if request.volunteer_id != volunteer.id:
        raise NotAllowed("request", request.id, "not theirs", RequestEv.GIVE_BACK)
    apply(
        session,
        request,
        RequestEv.GIVE_BACK,
        actor=actor,
        values={"volunteer_id": None, "assigned_at": None},
        volunteer_id=volunteer.id,
    )


# --- staff and clients --------------------------------------------------------------------------------


def verify(session: Session, request: HelpRequest, client: Person, *, actor: Actor) -> None:
    """Staff checked an unknown caller and linked (or created) the person: dispatch starts."""
    if client.kommune_id != request.kommune_id:
        raise NotAllowed("request", request.id, "other Kommune", RequestEv.VERIFY)
    client.is_client = True
    apply(
        session,
        request,
        RequestEv.VERIFY,
        actor=actor,
        values={
            "client_id": client.id,
            "client": client,
            "district": request.district or client.district,
            "verified_at": utcnow(),
            "verified_by_id": actor.staff_user_id,
        },
        client_id=client.id,
    )


def assign_by_hand(
    session: Session, request: HelpRequest, volunteer: Person, *, actor: Actor
) -> None:
    """Staff give the request to a volunteer they reached themselves."""
    if request.client_id is None:
        raise NotAllowed("request", request.id, "no client", RequestEv.ASSIGN)
    apply(
        session,
        request,
        RequestEv.ASSIGN,
        actor=actor,
        values={
            "volunteer_id": volunteer.id,
            "volunteer": volunteer,
            "assigned_at": utcnow(),
            "next_round_at": None,
        },
        volunteer_id=volunteer.id,
    )
    for offer in request.offers:
        if offer.volunteer_id == volunteer.id and can(offer, OfferEv.ACCEPT):
            apply(session, offer, OfferEv.ACCEPT, actor=actor)


def search_again(session: Session, request: HelpRequest, *, actor: Actor) -> None:
    """Staff send an escalated (or stuck) request to volunteers once more."""
    apply(session, request, RequestEv.SEARCH_AGAIN, actor=actor)


def mark_done(session: Session, request: HelpRequest, *, actor: Actor, note: str = "") -> None:
    """Help happened; the follow-up call is scheduled."""
    apply(
        session, request, RequestEv.DONE, actor=actor, values={"done_at": utcnow()}, by=actor.kind
    )
    session.add(
        Outcome(
            request_id=request.id,
            kind=OutcomeKind.DONE,
            reported_by=actor.kind,
            staff_user_id=actor.staff_user_id,
            note=note,
        )
    )


def cancel(session: Session, request: HelpRequest, *, actor: Actor) -> None:
    """Cancel an open request: open offers are withdrawn, an assigned volunteer is told."""
    apply(
        session,
        request,
        RequestEv.CANCEL,
        actor=actor,
        values={"cancelled_at": utcnow(), "cancelled_by": actor.kind, "next_round_at": None},
        by=actor.kind,
    )
    session.add(
        Outcome(
            request_id=request.id,
            kind=OutcomeKind.CANCELLED,
            reported_by=actor.kind,
            staff_user_id=actor.staff_user_id,
        )
    )


#: The most minutes one request can take (a day).
MAX_MINUTES = 24 * 60


def record_hours(session: Session, request: HelpRequest, minutes: int, *, actor: Actor) -> None:
    """The time a done request took: reported by its volunteer or corrected by staff (the
    timeline keeps what it was before)."""
    if not 0 < minutes <= MAX_MINUTES:
        raise ValueError(f"{minutes} minutes is no time one request takes")
    apply(
        session,
        request,
        RequestEv.HOURS,
        actor=actor,
        values={"minutes_spent": minutes, "minutes_by": str(actor), "minutes_confirmed": None},
        minutes=minutes,
        before=request.minutes_spent,
    )


def client_confirms_hours(session: Session, request: HelpRequest, *, confirmed: bool) -> None:
    """The client's answer in the follow-up call: is the time the helper gave right?"""
    apply(
        session,
        request,
        RequestEv.HOURS_CONFIRM,
        actor=Actor.client(request.client_id),
        values={"minutes_confirmed": confirmed},
        confirmed=confirmed,
        minutes=request.minutes_spent,
    )


#: Outcomes staff may log that tell how the follow-up went (no automatic call then).
FOLLOWUP_OUTCOMES = (OutcomeKind.FOLLOWUP_OK, OutcomeKind.FOLLOWUP_PROBLEM)


def log_outcome(
    session: Session, request: HelpRequest, kind: str, *, note: str, actor: Actor
) -> Outcome:
    """Staff note what came of a request. A concern raises a flag; a note or any other
    outcome never clears one (flags are settled with :func:`resolve_flag`)."""
    outcome = Outcome(
        request_id=request.id,
        kind=kind,
        reported_by=actor.kind,
        staff_user_id=actor.staff_user_id,
        note=note,
    )
    session.add(outcome)
    if kind == OutcomeKind.CONCERN:
        apply(session, request, RequestEv.CONCERN, actor=actor, note=note, outcome=kind)
    else:
        apply(session, request, RequestEv.NOTE, actor=actor, outcome=kind)
    if kind in FOLLOWUP_OUTCOMES and can(request, FollowupEv.BY_STAFF):
        apply(session, request, FollowupEv.BY_STAFF, actor=actor)
    return outcome


def over_limit(session: Session, request: HelpRequest, *, actor: Actor, note: str) -> None:
    """The client asked for another request while ``request`` (their newest) and others
    are open, more than they may have: staff are flagged to call them (``note`` says what
    they wanted)."""
    apply(session, request, RequestEv.OVER_LIMIT, actor=actor, note=note)


def call_bridged(
    session: Session,
    call: Call,
    request: HelpRequest,
    callee: Person,
    *,
    seconds: int,
    answered: bool,
) -> None:
    """A call through the hotline ended (``<Dial>`` with the hotline as caller ID, never
    recorded): the call and the request's timeline say who talked to whom and how long."""
    call.bridged_person_id = callee.id
    call.bridged_seconds = seconds if answered else 0
    call.outcome = "bridged" if answered else "bridge_no_answer"
    if call.request_id is None:
        call.request_id = request.id
    caller_id = call.person_id
    if caller_id is not None and caller_id == request.volunteer_id:
        actor = Actor.volunteer(caller_id)
    else:
        actor = Actor.client(caller_id)
    detail: dict[str, Any] = {"seconds": call.bridged_seconds, "answered": answered}
    if request.volunteer_id is not None:
        detail["volunteer_id"] = request.volunteer_id
    if request.client_id is not None:
        detail["client_id"] = request.client_id
    apply(session, request, RequestEv.BRIDGED, actor=actor, **detail)


def client_told_unmatched(session: Session, request: HelpRequest, *, channel: str) -> None:
    apply(session, request, RequestEv.CLIENT_TOLD_UNMATCHED, channel=channel)


def task_failed(session: Session, request: HelpRequest, *, task: str, error: str) -> None:
    """Background work for the request failed for good: staff must step in."""
    apply(session, request, RequestEv.TASK_FAILED, task=task, error=error[:200])


# --- telling the client, and the follow-up -------------------------------------------------------------


def notice_called(session: Session, request: HelpRequest, attempt: int) -> None:
    apply(session, request, NoticeEv.CALLED, attempt=attempt)


def client_told(session: Session, request: HelpRequest, *, channel: str, **detail: Any) -> None:
    """The client knows who comes (heard it in the notice call, or was texted)."""
    if can(request, NoticeEv.TOLD):
        apply(session, request, NoticeEv.TOLD, channel=channel, **detail)


def notice_unanswered(session: Session, request: HelpRequest, attempt: int) -> None:
    """A notice call nobody took: another try later, after the last one staff are flagged."""
    if request.status != RequestStatus.ASSIGNED or not can(request, NoticeEv.NO_ANSWER):
        return  # told meanwhile, given back or cancelled
    event = NoticeEv.NO_ANSWER if attempt < NOTICE_ATTEMPTS else NoticeEv.GIVE_UP
    apply(session, request, event, attempt=attempt)


def client_unreachable(session: Session, request: HelpRequest, **detail: Any) -> None:
    """The notice SMS could not be delivered: staff must tell the client."""
    if can(request, NoticeEv.GIVE_UP):
        apply(session, request, NoticeEv.GIVE_UP, **detail)


def followup_called(session: Session, request: HelpRequest, attempt: int) -> None:
    apply(session, request, FollowupEv.CALLED, attempt=attempt)


def followup_answer(session: Session, request: HelpRequest, *, ok: bool) -> None:
    """The client's answer to "Hat alles geklappt?"; a "no" is flagged for staff."""
    event = FollowupEv.ANSWER_OK if ok else FollowupEv.ANSWER_PROBLEM
    if can(request, event):
        apply(session, request, event, actor=Actor.client(request.client_id), ok=ok)
        kind = OutcomeKind.FOLLOWUP_OK if ok else OutcomeKind.FOLLOWUP_PROBLEM
        session.add(Outcome(request_id=request.id, kind=kind, reported_by=ActorKind.CLIENT))


def followup_unanswered(session: Session, request: HelpRequest, attempt: int) -> None:
    if can(request, FollowupEv.NO_ANSWER):
        event = FollowupEv.NO_ANSWER if attempt < FOLLOWUP_ATTEMPTS else FollowupEv.GIVE_UP
        apply(session, request, event, attempt=attempt)


def followup_time(request: HelpRequest, done_at: datetime) -> datetime:
    """``followup_days`` after completion, at ``followup_hour`` o'clock local time."""
    delay = current_app.config.get("FOLLOWUP_DELAY_SECONDS")
    if delay is not None:  # demo and tests: minutes instead of a day
        return done_at + timedelta(seconds=int(delay))
    kommune = request.kommune
    day = done_at.astimezone(BERLIN).date() + timedelta(days=kommune.followup_days)
    return datetime.combine(day, time(hour=kommune.followup_hour), tzinfo=BERLIN)


def _retry_delay(minutes: int) -> timedelta:
    seconds = current_app.config.get("RETRY_DELAY_SECONDS")  # demo: shorter
    return timedelta(seconds=int(seconds)) if seconds is not None else timedelta(minutes=minutes)


# --- what volunteers and the duty phone are told --------------------------------------------------------


def send_details(
    session: Session,
    request: HelpRequest,
    volunteer: Person,
    *,
    about: tuple[object, ...],
    offer: Offer | None = None,
    by_staff: bool = False,
) -> None:
    """Queue the SMS with the client's details to the volunteer who holds the request."""
    with language(volunteer.language):
        body = details_text(request)
        if by_staff:
            body = S.ASSIGNED_BY_STAFF(ref=request.ref) + " " + body
    queue_sms(
        session,
        kommune=request.kommune,
        to=volunteer.phone,
        body=body,
        purpose="details",
        person_id=volunteer.id,
        request_id=request.id,
        offer_id=offer.id if offer else None,
        about=about,
    )


def _tell_cancelled(session: Session, request: HelpRequest, volunteer: Person) -> None:
    if volunteer.erased_at is not None:
        return
    with language(volunteer.language):
        body = S.CANCELLED_TO_VOLUNTEER(
            ref=request.ref, category=str(S.CATEGORY[request.category]), day=sms_day(request)
        )
    queue_sms(
        session,
        kommune=request.kommune,
        to=volunteer.phone,
        body=body,
        purpose="cancelled",
        person_id=volunteer.id,
        request_id=request.id,
        about=(request.id, volunteer.id),
    )


#: Offer calls that can still be stopped (nobody picked up yet).
_RINGING = ("queued", "initiated", "ringing")


def _heard_of_it(offer: Offer) -> bool:
    """The volunteer got the offer: its SMS went out, or they picked up its call."""
    if offer.sent_at is None:
        return False
    return offer.channel == Channel.SMS or offer.status == OfferStatus.ANSWERED


def _tell_others_taken(session: Session, change: Change) -> None:
    """Everyone else who was asked and has not answered hears that it is taken (an SMS in
    their language, to a mobile); offer calls still queued or ringing are stopped."""
    request = change.request
    calls: list[int] = []
    for offer in request.offers:
        if offer.volunteer_id == request.volunteer_id or offer.status not in states.UNANSWERED:
            continue
        if offer.channel == Channel.CALL:
            calls.append(offer.id)
        volunteer = offer.volunteer
        if (
            not _heard_of_it(offer)
            or volunteer.erased_at is not None
            or volunteer.line_type != LineType.MOBILE
        ):
            continue
        with language(volunteer.language):
            body = S.TAKEN_BY_OTHER(ref=request.ref)
        queue_sms(
            session,
            kommune=request.kommune,
            to=volunteer.phone,
            body=body,
            purpose="taken",
            person_id=volunteer.id,
            request_id=request.id,
            offer_id=offer.id,
            about=(offer.id,),
        )
    if calls:
        ringing = select(Call.id).where(
            Call.request_id == request.id, Call.offer_id.in_(calls), Call.status.in_(_RINGING)
        )
        for call_id in session.scalars(ringing):
            schedule(session, CancelCall(call_id))


# --- effects ---------------------------------------------------------------------------------------------


def _start_search(session: Session, change: Change) -> None:
    request = change.request
    request.search_base_round = request.round
    request.escalated_at = None
    request.next_round_at = utcnow()
    schedule(session, DispatchRound(request.id, request.round + 1))


def _next_round(session: Session, change: Change) -> None:
    request = change.request
    schedule(session, DispatchRound(request.id, request.round + 1), due_at=request.next_round_at)


def _offers_to(
    event: OfferEv, *, keep_volunteer: bool = False
) -> Callable[[Session, Change], None]:
    def effect(session: Session, change: Change) -> None:
        request = change.request
        for offer in request.offers:
            if keep_volunteer and offer.volunteer_id == request.volunteer_id:
                continue  # the winner's own offer: the operation says what became of it
            if can(offer, event):
                apply(session, offer, event, actor=change.actor)

    return effect


def _replace(session: Session, change: Change) -> None:
    offer = change.subject
    if isinstance(offer, Offer):
        _replace_offer(session, offer.request, offer.round)


def _send_details(session: Session, change: Change) -> None:
    request = change.request
    if request.volunteer is None:
        raise RuntimeError(f"request {request.id} assigned to nobody")
    stamp = f"{request.assigned_at.timestamp():.0f}" if request.assigned_at else "0"
    send_details(
        session,
        request,
        request.volunteer,
        about=(request.id, request.volunteer.id, stamp),
        by_staff=True,
    )


def _notify_client(session: Session, change: Change) -> None:
    request = change.request
    apply(session, request, NoticeEv.EXPECT)
    schedule(session, NotifyClient(request.id, _volunteer_id(request), request.round))


def _volunteer_id(request: HelpRequest) -> int:
    if request.volunteer_id is None:
        raise RuntimeError(f"request {request.id} assigned to nobody")
    return request.volunteer_id


def _forget_notice(session: Session, change: Change) -> None:
    apply(session, change.request, NoticeEv.FORGET)


def _retry_notice(session: Session, change: Change) -> None:
    request = change.request
    work = NotifyClient(
        request.id, _volunteer_id(request), request.round, change.detail["attempt"] + 1
    )
    schedule(session, work, due_at=utcnow() + _retry_delay(NOTICE_RETRY_MINUTES))


def _tell_volunteer_cancelled(session: Session, change: Change) -> None:
    request = change.request
    if "volunteer_id" in change.prior:  # reassigned: the one who had it
        previous = change.prior["volunteer_id"]
        if previous is None or previous == request.volunteer_id:
            return
        volunteer = session.get(Person, previous)
    else:
        volunteer = request.volunteer
    if volunteer is not None:
        _tell_cancelled(session, request, volunteer)


def _tell_duty_phone(session: Session, change: Change) -> None:
    request = change.request
    kommune = request.kommune
    if not kommune.duty_phone:
        return
    body = S.ESCALATION(
        ref=request.ref,
        category=str(S.CATEGORY[request.category]),
        day=sms_day(request),
        district=request.district or "-",
    )
    queue_sms(
        session,
        kommune=kommune,
        to=kommune.duty_phone,
        body=body,
        purpose="duty_alert",
        request_id=request.id,
        about=(request.id, request.round),
    )


def _tell_client_unmatched(session: Session, change: Change) -> None:
    request = change.request
    schedule(session, TellClientUnmatched(request.id, request.round))


def _followup_due(session: Session, change: Change) -> None:
    request = change.request
    request.followup_due_at = followup_time(request, request.done_at or utcnow())
    apply(session, request, FollowupEv.SCHEDULE)
    schedule(session, Followup(request.id), due_at=request.followup_due_at)


def _retry_followup(session: Session, change: Change) -> None:
    request = change.request
    work = Followup(request.id, change.detail["attempt"] + 1)
    schedule(session, work, due_at=utcnow() + _retry_delay(FOLLOWUP_RETRY_HOURS * 60))


EFFECTS: dict[Effect, Callable[[Session, Change], None]] = {
    Effect.START_SEARCH: _start_search,
    Effect.NEXT_ROUND: _next_round,
    Effect.TAKE_OTHER_OFFERS: _offers_to(OfferEv.TAKE, keep_volunteer=True),
    Effect.TELL_OTHERS_TAKEN: _tell_others_taken,
    Effect.EXPIRE_OFFERS: _offers_to(OfferEv.EXPIRE),
    Effect.WITHDRAW_OFFERS: _offers_to(OfferEv.WITHDRAW),
    Effect.REPLACE_OFFER: _replace,
    Effect.SEND_DETAILS: _send_details,
    Effect.NOTIFY_CLIENT: _notify_client,
    Effect.FORGET_NOTICE: _forget_notice,
    Effect.RETRY_NOTICE: _retry_notice,
    Effect.TELL_VOLUNTEER_CANCELLED: _tell_volunteer_cancelled,
    Effect.TELL_DUTY_PHONE: _tell_duty_phone,
    Effect.TELL_CLIENT_UNMATCHED: _tell_client_unmatched,
    Effect.FOLLOWUP_DUE: _followup_due,
    Effect.RETRY_FOLLOWUP: _retry_followup,
}
