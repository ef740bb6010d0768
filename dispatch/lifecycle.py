"""A request's way from open to closed: accept, assign, done, cancel, escalate, verify.

Every function changes rows in the given session and creates follow-up tasks and
messages; the caller commits. ``actor`` is what the timeline shows: ``client``,
``volunteer:<id>``, ``staff:<id>`` or ``system``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from models import (
    HelpRequest,
    Offer,
    OfferStatus,
    Outcome,
    OutcomeKind,
    Person,
    RequestStatus,
    Task,
    VolunteerStatus,
    utcnow,
)
from models import phone as phones
from models.base import BERLIN
from models.offer import ANSWERABLE
from prompts import language
from prompts import sms as S

from .notify import queue_sms
from .wording import sms_day

#: Statuses in which a volunteer can still take the request.
TAKEABLE = (RequestStatus.NEW, RequestStatus.SEARCHING, RequestStatus.UNMATCHED)


# --- accepting -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Acceptance:
    """What came of a "yes": ``won``, ``again`` (the winner said yes twice),
    ``taken`` (someone was faster) or ``closed`` (cancelled or done meanwhile)."""

    result: str
    request: HelpRequest


def accept(session: Session, offer: Offer, *, channel: str) -> Acceptance:
    """A volunteer says yes. Exactly one wins, on PostgreSQL and SQLite alike: the
    request moves to ``assigned`` by a conditional UPDATE that only one transaction can
    make; everyone else finds it taken."""
    request = offer.request
    if offer.volunteer.status not in (VolunteerStatus.ACTIVE, VolunteerStatus.PAUSED):
        return Acceptance("closed", request)  # blocked, opted out or not yet approved
    if offer.status == OfferStatus.ACCEPTED:
        return Acceptance("again", request)
    if offer.status not in (*ANSWERABLE, OfferStatus.EXPIRED):
        return Acceptance(
            "taken" if request.status == RequestStatus.ASSIGNED else "closed", request
        )
    now = utcnow()
    won = (
        session.execute(
            update(HelpRequest)
            .where(HelpRequest.id == request.id, HelpRequest.status.in_(TAKEABLE))
            .values(
                status=RequestStatus.ASSIGNED,
                volunteer_id=offer.volunteer_id,
                assigned_at=now,
                next_round_at=None,
                needs_attention=False,
                attention_reason="",
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        ).rowcount
        == 1
    )
    session.refresh(request)
    offer.responded_at = now
    if not won:
        offer.status = OfferStatus.TAKEN
        request.log("late_accept", actor=f"volunteer:{offer.volunteer_id}", channel=channel)
        return Acceptance(
            "taken" if request.status != RequestStatus.CANCELLED else "closed", request
        )
    offer.status = OfferStatus.ACCEPTED
    for other in request.offers:
        if other.id != offer.id and other.status in (*ANSWERABLE, OfferStatus.EXPIRED):
            other.status = OfferStatus.TAKEN
    request.log(
        "accepted", actor=f"volunteer:{offer.volunteer_id}", channel=channel, round=offer.round
    )
    _after_assignment(session, request)
    return Acceptance("won", request)


def decline(session: Session, offer: Offer, *, channel: str) -> bool:
    """A volunteer says no. True if that changed anything."""
    if not offer.answerable:
        return False
    offer.status = OfferStatus.DECLINED
    offer.responded_at = utcnow()
    offer.request.log("declined", actor=f"volunteer:{offer.volunteer_id}", channel=channel)
    from .rounds import replace_offer  # a "no" makes room for the next candidate

    replace_offer(session, offer.request, offer.round)
    return True


def assign_by_hand(
    session: Session, request: HelpRequest, volunteer: Person, *, actor: str
) -> bool:
    """Staff give the request to a volunteer they reached themselves."""
    if request.status not in (*TAKEABLE, RequestStatus.ASSIGNED) or request.client_id is None:
        return False
    previous = request.volunteer if request.status == RequestStatus.ASSIGNED else None
    now = utcnow()
    request.status = RequestStatus.ASSIGNED
    request.volunteer_id = volunteer.id
    request.volunteer = volunteer
    request.assigned_at = now
    request.next_round_at = None
    request.flag("")
    for offer in request.offers:
        if offer.status in (*ANSWERABLE, OfferStatus.EXPIRED):
            offer.status = OfferStatus.TAKEN
    request.log("assigned_by_staff", actor=actor, volunteer_id=volunteer.id)
    if previous is not None and previous.id != volunteer.id:
        _tell_cancelled(session, request, previous)
    send_details(
        session,
        request,
        volunteer,
        key=f"details:{request.id}:{volunteer.id}:{now.timestamp():.0f}",
        by_staff=True,
    )
    _after_assignment(session, request)
    return True


def send_details(
    session: Session,
    request: HelpRequest,
    volunteer: Person,
    *,
    key: str,
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
            key=key,
        )


def _after_assignment(session: Session, request: HelpRequest) -> None:
    """Tell the client who comes (by phone, or SMS if they prefer it)."""
    request.client_notice = "pending"
    Task.ensure(
        session,
        "notify_client",
        request.id,
        key=f"notify_client:{request.id}:{request.volunteer_id}:{request.round}:1",
        payload={"attempt": 1, "volunteer_id": request.volunteer_id},
    )


def details_text(request: HelpRequest) -> str:
    """What the winner needs: first name, address, phone, what and when (SMS)."""
    client = request.client
    if client is None:
        raise ValueError("a request without a verified client has no details to give")
    description = (request.description or "").strip()
    if len(description) > 200:
        description = description[:197] + "..."
    return S.DETAILS(
        ref=request.ref,
        name=client.first_name,
        address=client.address or "-",
        phone=phones.national(client.phone),
        category=str(S.CATEGORY[request.category]),
        day=sms_day(request),
        description=f"{description}."
        if description and not description.endswith((".", "!", "?"))
        else description,
    ).replace("  ", " ")


# --- giving back, finishing, cancelling ----------------------------------------------------------------


def unassign(session: Session, request: HelpRequest, volunteer: Person, *, actor: str) -> bool:
    """The assigned volunteer cannot come (ABSAGEN): the request goes back to dispatch."""
    if request.status != RequestStatus.ASSIGNED or request.volunteer_id != volunteer.id:
        return False
    request.status = RequestStatus.SEARCHING
    request.volunteer_id = None
    request.volunteer = None
    request.assigned_at = None
    request.client_notice = None
    request.log("volunteer_withdrew", actor=actor, volunteer_id=volunteer.id)
    restart_search(session, request)
    return True


def volunteer_gone(session: Session, volunteer: Person, *, actor: str) -> None:
    """A volunteer can no longer help (blocked, STOPP, erased): their open offers are
    withdrawn (and go to the next person), and what they had taken is searched for again,
    flagged so that staff can tell the client."""
    open_offers = session.scalars(
        select(Offer)
        .join(HelpRequest)
        .where(
            Offer.volunteer_id == volunteer.id,
            Offer.status.in_((*ANSWERABLE, OfferStatus.EXPIRED)),
            HelpRequest.status.in_(TAKEABLE),
        )
    )
    from .rounds import replace_offer  # rounds builds on this module

    for offer in list(open_offers):
        offer.status = OfferStatus.WITHDRAWN
        offer.request.log("offer_withdrawn", actor=actor, volunteer_id=volunteer.id)
        replace_offer(session, offer.request, offer.round)
    held = session.scalars(
        select(HelpRequest).where(
            HelpRequest.volunteer_id == volunteer.id, HelpRequest.status == RequestStatus.ASSIGNED
        )
    )
    for request in list(held):
        unassign(session, request, volunteer, actor=actor)
        request.flag("volunteer_gone")


def restart_search(session: Session, request: HelpRequest) -> None:
    """Start a fresh search (after a withdrawal or on staff's request): the round count
    starts again, volunteers already asked are not asked again."""
    request.search_base_round = request.round
    request.status = RequestStatus.SEARCHING if request.round else RequestStatus.NEW
    request.escalated_at = None
    request.flag("")
    next_round = request.round + 1
    request.next_round_at = utcnow()
    Task.ensure(
        session,
        "dispatch_round",
        request.id,
        key=f"dispatch_round:{request.id}:{next_round}",
        payload={"round": next_round},
    )


def dispatch_again(session: Session, request: HelpRequest, *, actor: str) -> bool:
    """Staff send an escalated (or stuck) request to volunteers once more."""
    if request.status not in (RequestStatus.UNMATCHED, RequestStatus.SEARCHING, RequestStatus.NEW):
        return False
    request.log("dispatched_again", actor=actor)
    restart_search(session, request)
    return True


def mark_done(
    session: Session, request: HelpRequest, *, by: str, actor: str, note: str = ""
) -> bool:
    """Help happened. Schedules the follow-up call for the next day."""
    if request.status != RequestStatus.ASSIGNED:
        return False
    now = utcnow()
    request.status = RequestStatus.DONE
    request.done_at = now
    request.flag("")
    request.log("done", actor=actor, by=by)
    session.add(Outcome(request_id=request.id, kind=OutcomeKind.DONE, reported_by=by, note=note))
    request.followup_due_at = followup_time(request, now)
    Task.ensure(
        session,
        "followup",
        request.id,
        key=f"followup:{request.id}",
        due_at=request.followup_due_at,
    )
    return True


def followup_time(request: HelpRequest, done_at: datetime) -> datetime:
    """``followup_days`` after completion, at ``followup_hour`` o'clock local time."""
    kommune = request.kommune
    day = done_at.astimezone(BERLIN).date() + timedelta(days=kommune.followup_days)
    local = datetime.combine(day, time(hour=kommune.followup_hour), tzinfo=BERLIN)
    delay = current_app.config.get("FOLLOWUP_DELAY_SECONDS")
    if delay is not None:  # demo and tests: minutes instead of a day
        return done_at + timedelta(seconds=int(delay))
    return local


def cancel(session: Session, request: HelpRequest, *, by: str, actor: str) -> bool:
    """Cancel an open request: withdraw open offers, tell an assigned volunteer by SMS.

    ``by`` is client / volunteer / staff. Returns False if it was not open (a repeated
    cancel changes nothing).
    """
    if not request.is_open:
        return False
    volunteer = request.volunteer if request.status == RequestStatus.ASSIGNED else None
    request.status = RequestStatus.CANCELLED
    request.cancelled_at = utcnow()
    request.cancelled_by = by
    request.next_round_at = None
    request.flag("")
    for offer in request.offers:
        if offer.status in (*ANSWERABLE, OfferStatus.EXPIRED):
            offer.status = OfferStatus.WITHDRAWN
    request.log("cancelled", actor=actor, by=by)
    session.add(Outcome(request_id=request.id, kind=OutcomeKind.CANCELLED, reported_by=by))
    if volunteer is not None:
        _tell_cancelled(session, request, volunteer)
    return True


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
        key=f"cancelled:{request.id}:{volunteer.id}",
    )


# --- staff ------------------------------------------------------------------------------------------------


def verify(session: Session, request: HelpRequest, client: Person, *, actor: str) -> bool:
    """Staff checked an unknown caller and linked (or created) the person: dispatch starts."""
    if request.status != RequestStatus.REVIEW or client.kommune_id != request.kommune_id:
        return False
    client.is_client = True
    request.client_id = client.id
    request.client = client
    request.district = request.district or client.district
    request.verified_at = utcnow()
    if actor.startswith("staff:"):
        request.verified_by_id = int(actor.split(":", 1)[1])
    request.status = RequestStatus.NEW
    request.flag("")
    request.log("verified", actor=actor, client_id=client.id)
    restart_search(session, request)
    return True


def log_outcome(
    session: Session, request: HelpRequest, kind: str, *, note: str, staff_user_id: int | None
) -> Outcome:
    outcome = Outcome(
        request_id=request.id,
        kind=kind,
        reported_by="staff",
        staff_user_id=staff_user_id,
        note=note,
    )
    session.add(outcome)
    request.log("outcome", actor=f"staff:{staff_user_id}", outcome=kind)
    if kind == OutcomeKind.CONCERN:
        request.flag("concern")
    elif request.attention_reason in ("followup_problem", "concern", "notice_unanswered"):
        request.flag("")
    return outcome


def escalate(session: Session, request: HelpRequest) -> None:
    """No volunteer found: flag for staff, SMS to the duty phone, and the client is told
    (by phone, or SMS) that a staff member will be in touch."""
    if request.status not in (RequestStatus.NEW, RequestStatus.SEARCHING):
        return
    request.status = RequestStatus.UNMATCHED
    request.escalated_at = utcnow()
    request.next_round_at = None
    request.flag("unmatched")
    for offer in request.offers:
        if offer.answerable:
            offer.status = OfferStatus.EXPIRED  # a late "yes" is still welcome
    request.log("escalated", actor="system", rounds=request.round - request.search_base_round)
    kommune = request.kommune
    if kommune.duty_phone:
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
            purpose="escalation",
            request_id=request.id,
            key=f"escalation:{request.id}:{request.round}",
        )
    Task.ensure(
        session,
        "tell_client_escalated",
        request.id,
        key=f"tell_client_escalated:{request.id}:{request.round}",
    )


def followup_answer(session: Session, request: HelpRequest, *, ok: bool) -> None:
    """The client's answer to "Hat alles geklappt?"; a "no" is flagged for staff."""
    if request.followup_result in ("ok", "problem"):
        return
    request.followup_result = "ok" if ok else "problem"
    kind = OutcomeKind.FOLLOWUP_OK if ok else OutcomeKind.FOLLOWUP_PROBLEM
    session.add(Outcome(request_id=request.id, kind=kind, reported_by="client"))
    request.log("followup", actor="client", ok=ok)
    if not ok:
        request.flag("followup_problem")
