"""The lifecycles as data: for each machine, state × event → next state, the timeline
entry it writes, the flag it raises and what else follows (its effects).

Read top to bottom this is every rule of a request's life. Nothing here touches the
database: :func:`dispatch.lifecycle.apply` applies a row, and the status groups the rest of
the code uses are derived from these tables, so they cannot disagree with them.

Four machines: the request (``HelpRequest.status``), each offer to a volunteer
(``Offer.status``), telling the client who comes (``HelpRequest.client_notice``) and the
follow-up call the day after (``HelpRequest.followup_state``). ``None`` is the state of a
request not yet stored, a notice not yet due and a follow-up not yet due.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from models import (
    CheckInState,
    DateState,
    FlagReason,
    FollowupState,
    NoticeState,
    OfferStatus,
    PairingStatus,
    RequestStatus,
)

State = str | None


class Stay:
    """Target of a row that keeps the state (it only logs, flags or has effects)."""


STAY = Stay()


class RequestEv(StrEnum):
    SUBMIT = "submit"  # a known client asked
    SUBMIT_UNKNOWN = "submit_unknown"  # an unknown caller asked: staff check first
    SUBMIT_PIN_MISSING = "submit_pin_missing"  # from a PIN person's number, without the PIN
    VERIFY = "verify"  # staff checked the caller
    ROUND = "round"  # a search round asked volunteers
    ESCALATE = "escalate"  # nobody found
    CLIENT_TOLD_UNMATCHED = "client_told_unmatched"  # the client hears staff will call
    ACCEPT = "accept"  # a volunteer said yes first
    ASSIGN = "assign"  # staff gave it to a volunteer
    GIVE_BACK = "give_back"  # the volunteer cannot come after all
    VOLUNTEER_LEFT = "volunteer_left"  # the volunteer was blocked, stopped or erased
    SEARCH_AGAIN = "search_again"  # staff start a new search
    DONE = "done"  # help happened
    CANCEL = "cancel"
    TASK_FAILED = "task_failed"  # an SMS or call could not go out for good
    NOTE = "note"  # staff noted an outcome
    CONCERN = "concern"  # somebody is worried about the client
    RESOLVE = "resolve"  # staff settled a flag
    OVER_LIMIT = "over_limit"  # the client asked for more than they may have open
    HOURS = "hours"  # the time spent was reported or corrected
    BRIDGED = "bridged"  # volunteer and client talked through the hotline (or tried to)
    HOURS_CONFIRM = "hours_confirm"  # the client said whether that time is right


class OfferEv(StrEnum):
    SENT = "offer_sent"
    DELIVERED = "offer_delivered"
    HEARD = "offer_heard"  # a person picked up the offer call
    ACCEPT = "offer_accept"
    LATE = "offer_late"  # yes, but someone else was faster
    DECLINE = "offer_decline"
    FAIL = "offer_fail"  # never reached the volunteer
    EXPIRE = "offer_expire"  # the search ended without an answer (a late yes is welcome)
    TAKE = "offer_take"  # someone else took the request
    WITHDRAW = "offer_withdraw"  # the request was cancelled
    LEAVE = "offer_leave"  # the volunteer can no longer help


class NoticeEv(StrEnum):
    EXPECT = "notice_expect"  # a volunteer was assigned: the client is to be told
    CALLED = "notice_called"
    TOLD = "notice_told"
    NO_ANSWER = "notice_no_answer"
    GIVE_UP = "notice_give_up"
    FORGET = "notice_forget"  # the volunteer gave it back: nothing to tell


class FollowupEv(StrEnum):
    SCHEDULE = "followup_schedule"
    CALLED = "followup_called"
    ANSWER_OK = "followup_ok"
    ANSWER_PROBLEM = "followup_problem"
    NO_ANSWER = "followup_no_answer"
    GIVE_UP = "followup_give_up"
    BY_STAFF = "followup_by_staff"  # staff recorded how it went: no automatic call


Event = RequestEv | OfferEv | NoticeEv | FollowupEv


class Effect(StrEnum):
    """What else a transition sets off; :data:`dispatch.lifecycle.EFFECTS` does it."""

    START_SEARCH = "start_search"  # count rounds from here, run the next one now
    NEXT_ROUND = "next_round"  # the round after this one, when this one's wait is over
    TAKE_OTHER_OFFERS = "take_other_offers"
    TELL_OTHERS_TAKEN = "tell_others_taken"  # who was asked and has not answered: it's gone
    EXPIRE_OFFERS = "expire_offers"
    WITHDRAW_OFFERS = "withdraw_offers"
    REPLACE_OFFER = "replace_offer"  # ask the next candidate instead
    SEND_DETAILS = "send_details"  # the client's details to the volunteer who has it
    NOTIFY_CLIENT = "notify_client"  # tell the client who comes
    FORGET_NOTICE = "forget_notice"
    RETRY_NOTICE = "retry_notice"
    TELL_VOLUNTEER_CANCELLED = "tell_volunteer_cancelled"  # the one who had it: it's off
    TELL_DUTY_PHONE = "tell_duty_phone"
    TELL_CLIENT_UNMATCHED = "tell_client_unmatched"
    FOLLOWUP_DUE = "followup_due"
    RETRY_FOLLOWUP = "retry_followup"


@dataclass(frozen=True)
class Row:
    sources: frozenset[State]
    event: Event
    target: State | Stay
    #: Kind of the timeline entry (``RequestEvent.kind``); ``None`` for a step that is
    #: part of another transition, which writes the entry.
    log: str | None
    raises: FlagReason | None = None
    effects: tuple[Effect, ...] = ()

    def next_state(self, state: State) -> State:
        return state if isinstance(self.target, Stay) else self.target


def row(
    sources: Iterable[State],
    event: Event,
    target: State | Stay,
    log: str | None,
    *,
    raises: FlagReason | None = None,
    effects: tuple[Effect, ...] = (),
) -> Row:
    return Row(frozenset(sources), event, target, log, raises, effects)


@dataclass(frozen=True)
class Machine:
    name: str
    #: The column that holds the state.
    column: str
    rows: tuple[Row, ...]

    def row_for(self, state: State, event: Event) -> Row | None:
        return next((r for r in self.rows if r.event == event and state in r.sources), None)

    def sources(self, *events: Event) -> tuple[str, ...]:
        """States in which one of ``events`` is allowed (never ``None``), in a fixed order."""
        found = {s for r in self.rows if r.event in events for s in r.sources if s is not None}
        return tuple(sorted(found))

    def events(self) -> set[Event]:
        return {r.event for r in self.rows}


R = RequestStatus
_WAITING = (R.NEW, R.SEARCHING)  # looking for a volunteer
_TAKEABLE = (R.NEW, R.SEARCHING, R.UNMATCHED)  # a volunteer may still say yes
_OPEN = (R.REVIEW, *_TAKEABLE, R.ASSIGNED)
_ANY = (*_OPEN, R.DONE, R.CANCELLED)

E = Effect
REQUEST = Machine(
    "request",
    "status",
    (
        row([None], RequestEv.SUBMIT, R.NEW, "created", effects=(E.START_SEARCH,)),
        row([None], RequestEv.SUBMIT_UNKNOWN, R.REVIEW, "created", raises=FlagReason.REVIEW),
        row(
            [None],
            RequestEv.SUBMIT_PIN_MISSING,
            R.REVIEW,
            "created",
            raises=FlagReason.PIN_MISSING,
        ),
        row([R.REVIEW], RequestEv.VERIFY, R.NEW, "verified", effects=(E.START_SEARCH,)),
        row(_WAITING, RequestEv.ROUND, R.SEARCHING, "round", effects=(E.NEXT_ROUND,)),
        row(
            _WAITING,
            RequestEv.ESCALATE,
            R.UNMATCHED,
            "escalated",
            raises=FlagReason.UNMATCHED,
            effects=(E.EXPIRE_OFFERS, E.TELL_DUTY_PHONE, E.TELL_CLIENT_UNMATCHED),
        ),
        row([R.UNMATCHED], RequestEv.CLIENT_TOLD_UNMATCHED, STAY, "client_told_unmatched"),
        row(
            _TAKEABLE,
            RequestEv.ACCEPT,
            R.ASSIGNED,
            "accepted",
            effects=(E.TELL_OTHERS_TAKEN, E.TAKE_OTHER_OFFERS, E.NOTIFY_CLIENT),
        ),
        row(
            _TAKEABLE,
            RequestEv.ASSIGN,
            R.ASSIGNED,
            "assigned_by_staff",
            effects=(E.TELL_OTHERS_TAKEN, E.TAKE_OTHER_OFFERS, E.SEND_DETAILS, E.NOTIFY_CLIENT),
        ),
        row(
            [R.ASSIGNED],
            RequestEv.ASSIGN,
            R.ASSIGNED,
            "assigned_by_staff",
            effects=(E.TELL_VOLUNTEER_CANCELLED, E.SEND_DETAILS, E.NOTIFY_CLIENT),
        ),
        row(
            [R.ASSIGNED],
            RequestEv.GIVE_BACK,
            R.SEARCHING,
            "volunteer_withdrew",
            effects=(E.FORGET_NOTICE, E.START_SEARCH),
        ),
        row(
            [R.ASSIGNED],
            RequestEv.VOLUNTEER_LEFT,
            R.SEARCHING,
            "volunteer_withdrew",
            raises=FlagReason.VOLUNTEER_GONE,
            effects=(E.FORGET_NOTICE, E.START_SEARCH),
        ),
        row([R.NEW], RequestEv.SEARCH_AGAIN, R.NEW, "dispatched_again", effects=(E.START_SEARCH,)),
        row(
            [R.SEARCHING, R.UNMATCHED],
            RequestEv.SEARCH_AGAIN,
            R.SEARCHING,
            "dispatched_again",
            effects=(E.START_SEARCH,),
        ),
        row([R.ASSIGNED], RequestEv.DONE, R.DONE, "done", effects=(E.FOLLOWUP_DUE,)),
        row(
            [R.REVIEW, *_TAKEABLE],
            RequestEv.CANCEL,
            R.CANCELLED,
            "cancelled",
            effects=(E.WITHDRAW_OFFERS,),
        ),
        row(
            [R.ASSIGNED],
            RequestEv.CANCEL,
            R.CANCELLED,
            "cancelled",
            effects=(E.WITHDRAW_OFFERS, E.TELL_VOLUNTEER_CANCELLED),
        ),
        row(_ANY, RequestEv.TASK_FAILED, STAY, "task_failed", raises=FlagReason.DELIVERY_FAILED),
        row(_ANY, RequestEv.NOTE, STAY, "outcome"),
        row(_ANY, RequestEv.CONCERN, STAY, "concern", raises=FlagReason.CONCERN),
        row(_ANY, RequestEv.RESOLVE, STAY, "flag_resolved"),
        row([R.DONE], RequestEv.HOURS, STAY, "hours"),
        row([R.DONE], RequestEv.HOURS_CONFIRM, STAY, "hours_confirmed"),
        # The newest open request carries the flag of a client who asked for one too many.
        row(_OPEN, RequestEv.OVER_LIMIT, STAY, "over_limit", raises=FlagReason.TOO_MANY_OPEN),
        # A call through the hotline ended (who talked to whom, how long): the call log.
        row(_ANY, RequestEv.BRIDGED, STAY, "bridged"),
    ),
)

Of = OfferStatus
_ANSWERABLE = (Of.PENDING, Of.SENT, Of.DELIVERED, Of.ANSWERED)
_UNANSWERED = (*_ANSWERABLE, Of.EXPIRED)  # a yes is still welcome
_ON_ITS_WAY = (Of.PENDING, Of.SENT, Of.DELIVERED)

OFFER = Machine(
    "offer",
    "status",
    (
        row([Of.PENDING], OfferEv.SENT, Of.SENT, None),
        row([Of.PENDING, Of.SENT], OfferEv.DELIVERED, Of.DELIVERED, None),
        row(_ON_ITS_WAY, OfferEv.HEARD, Of.ANSWERED, None),
        # The request's own transition (accept, assign) writes the timeline entry.
        row(_UNANSWERED, OfferEv.ACCEPT, Of.ACCEPTED, None),
        row(_UNANSWERED, OfferEv.LATE, Of.TAKEN, "late_accept"),
        row(_ANSWERABLE, OfferEv.DECLINE, Of.DECLINED, "declined", effects=(E.REPLACE_OFFER,)),
        row(_ON_ITS_WAY, OfferEv.FAIL, Of.FAILED, "offer_failed", effects=(E.REPLACE_OFFER,)),
        row(_ANSWERABLE, OfferEv.EXPIRE, Of.EXPIRED, None),
        row(_UNANSWERED, OfferEv.TAKE, Of.TAKEN, None),
        row(_UNANSWERED, OfferEv.WITHDRAW, Of.WITHDRAWN, None),
        row(
            _UNANSWERED, OfferEv.LEAVE, Of.WITHDRAWN, "offer_withdrawn", effects=(E.REPLACE_OFFER,)
        ),
    ),
)

N = NoticeState
_NOTICE_ANY = (None, N.PENDING, N.TOLD, N.UNREACHABLE)
NOTICE = Machine(
    "notice",
    "client_notice",
    (
        row(_NOTICE_ANY, NoticeEv.EXPECT, N.PENDING, None),
        row([N.PENDING], NoticeEv.CALLED, STAY, "notice_call"),
        row([N.PENDING, N.UNREACHABLE], NoticeEv.TOLD, N.TOLD, "client_told"),
        row([N.PENDING], NoticeEv.NO_ANSWER, STAY, "notice_no_answer", effects=(E.RETRY_NOTICE,)),
        row(
            [N.PENDING],
            NoticeEv.GIVE_UP,
            N.UNREACHABLE,
            "client_unreachable",
            raises=FlagReason.NOTICE_UNANSWERED,
        ),
        row(_NOTICE_ANY, NoticeEv.FORGET, None, None),
    ),
)

F = FollowupState
FOLLOWUP = Machine(
    "followup",
    "followup_state",
    (
        row([None], FollowupEv.SCHEDULE, F.DUE, None),
        row([F.DUE], FollowupEv.CALLED, STAY, "followup_call"),
        row([F.DUE, F.UNREACHABLE], FollowupEv.ANSWER_OK, F.OK, "followup"),
        row(
            [F.DUE, F.UNREACHABLE],
            FollowupEv.ANSWER_PROBLEM,
            F.PROBLEM,
            "followup",
            raises=FlagReason.FOLLOWUP_PROBLEM,
        ),
        row([F.DUE], FollowupEv.NO_ANSWER, STAY, "followup_no_answer", effects=(E.RETRY_FOLLOWUP,)),
        row([F.DUE], FollowupEv.GIVE_UP, F.UNREACHABLE, "followup_unreachable"),
        row([F.DUE, F.UNREACHABLE], FollowupEv.BY_STAFF, F.BY_STAFF, "followup_by_staff"),
    ),
)

MACHINES = (REQUEST, OFFER, NOTICE, FOLLOWUP)
MACHINE_OF: dict[type[StrEnum], Machine] = {
    RequestEv: REQUEST,
    OfferEv: OFFER,
    NoticeEv: NOTICE,
    FollowupEv: FOLLOWUP,
}

#: Which events settle a flag besides staff (``RequestEv.RESOLVE``, which settles one).
#: A follow-up "no" and a concern wait for staff: nothing else clears them.
FLAG_RESOLVED_BY: dict[FlagReason, frozenset[Event]] = {
    FlagReason.REVIEW: frozenset({RequestEv.VERIFY, RequestEv.CANCEL}),
    FlagReason.UNMATCHED: frozenset(
        {RequestEv.ACCEPT, RequestEv.ASSIGN, RequestEv.SEARCH_AGAIN, RequestEv.CANCEL}
    ),
    FlagReason.NOTICE_UNANSWERED: frozenset(
        {
            NoticeEv.TOLD,
            RequestEv.GIVE_BACK,
            RequestEv.VOLUNTEER_LEFT,
            RequestEv.DONE,
            RequestEv.CANCEL,
        }
    ),
    FlagReason.FOLLOWUP_PROBLEM: frozenset(),
    FlagReason.CONCERN: frozenset(),
    FlagReason.DELIVERY_FAILED: frozenset(),
    FlagReason.VOLUNTEER_GONE: frozenset({RequestEv.ACCEPT, RequestEv.ASSIGN, RequestEv.CANCEL}),
    FlagReason.PIN_MISSING: frozenset({RequestEv.VERIFY, RequestEv.CANCEL}),
    # The client wanted more than they may have open: staff call them back.
    FlagReason.TOO_MANY_OPEN: frozenset(),
}


def flags_resolved_by(event: Event) -> tuple[FlagReason, ...]:
    return tuple(reason for reason, events in FLAG_RESOLVED_BY.items() if event in events)


# --- status groups, derived from the tables ------------------------------------------------

#: A request that is not over yet.
OPEN: tuple[str, ...] = REQUEST.sources(RequestEv.CANCEL)
#: A volunteer can still take it.
TAKEABLE: tuple[str, ...] = REQUEST.sources(RequestEv.ACCEPT)
#: Volunteers are being asked.
SEARCHING: tuple[str, ...] = REQUEST.sources(RequestEv.ROUND)
#: Staff can start the search again.
RESTARTABLE: tuple[str, ...] = REQUEST.sources(RequestEv.SEARCH_AGAIN)
#: Staff can give it to a volunteer of their choice.
ASSIGNABLE: tuple[str, ...] = REQUEST.sources(RequestEv.ASSIGN)
#: An offer the volunteer can still answer either way.
ANSWERABLE: tuple[str, ...] = OFFER.sources(OfferEv.DECLINE)
#: An offer the volunteer can still say yes to (a late yes after the search ended too).
UNANSWERED: tuple[str, ...] = OFFER.sources(OfferEv.ACCEPT)
#: An offer whose SMS or call has not been answered or refused yet.
ON_ITS_WAY: tuple[str, ...] = OFFER.sources(OfferEv.FAIL)


# --- phone friendships (Telefonpatenschaften): applied by dispatch.pairings -------------------


class PairingEv(StrEnum):
    END = "pairing_end"  # staff ended it


class DateEv(StrEnum):
    """What happens to one date of a pairing."""

    SKIP = "date_skip"  # one side paused it (PAUSE, a key, staff)
    CALL = "date_call"  # its time came (or the retry's): the volunteer is called
    ACCEPT = "date_accept"  # the volunteer pressed 1: the client is called
    DECLINE = "date_decline"  # the volunteer cannot today
    UNREACHED = "date_unreached"  # the volunteer did not answer (or a machine did)
    HELD = "date_held"  # they talked
    NO_ANSWER = "date_no_answer"  # the client did not answer: once more later
    GIVE_UP = "date_give_up"  # the client did not answer again
    SEEN = "date_seen"  # staff looked at a date that fell through


class PairingEffect(StrEnum):
    """What a pairing's transition sets off; :data:`dispatch.pairings.EFFECTS` does it."""

    CALL_VOLUNTEER = "call_volunteer"
    PLAN_NEXT = "plan_next"  # the pairing's next date, at its time
    TELL_CLIENT_MOVED = "tell_client_moved"  # a short call (or SMS): it falls through
    TELL_OTHER_SKIPPED = "tell_other_skipped"  # the other side hears of a pause
    RETRY_LATER = "retry_later"  # the whole date once more, after RETRY_DELAY
    NEEDS_STAFF = "needs_staff"  # on Heute until staff saw it
    SEEN = "seen"


@dataclass(frozen=True)
class PairingRow:
    """A row of the tables of lasting help (pairings, check-ins): no timeline entry or flag
    of a request; what staff must see is an effect."""

    sources: frozenset[str]
    event: StrEnum
    target: str
    effects: tuple[StrEnum, ...] = ()


def prow(sources: Iterable[str], event: StrEnum, target: str, *effects: StrEnum) -> PairingRow:
    return PairingRow(frozenset(sources), event, target, effects)


@dataclass(frozen=True)
class PairingMachine:
    name: str
    column: str
    rows: tuple[PairingRow, ...]

    def row_for(self, state: str, event: StrEnum) -> PairingRow | None:
        return next((r for r in self.rows if r.event == event and state in r.sources), None)


PS, D, PE = PairingStatus, DateState, PairingEffect
PAIRING = PairingMachine("pairing", "status", (prow([PS.ACTIVE], PairingEv.END, PS.ENDED),))
#: A date: planned → calling (the volunteer) → connecting (the client) → held; a "no" or no
#: answer of the volunteer moves it (the client is told), the client not answering is
#: retried once, then missed (the volunteer is told). Moved and missed wait for staff.
PAIRING_DATE = PairingMachine(
    "pairing_date",
    "state",
    (
        prow([D.PLANNED], DateEv.SKIP, D.SKIPPED, PE.PLAN_NEXT, PE.TELL_OTHER_SKIPPED),
        prow([D.PLANNED], DateEv.CALL, D.CALLING, PE.CALL_VOLUNTEER, PE.PLAN_NEXT),
        prow([D.RETRY], DateEv.CALL, D.CALLING, PE.CALL_VOLUNTEER),
        prow([D.CALLING], DateEv.ACCEPT, D.CONNECTING),
        prow([D.CALLING], DateEv.DECLINE, D.MOVED, PE.TELL_CLIENT_MOVED, PE.NEEDS_STAFF),
        prow([D.CALLING], DateEv.UNREACHED, D.MOVED, PE.TELL_CLIENT_MOVED, PE.NEEDS_STAFF),
        prow([D.CONNECTING], DateEv.HELD, D.HELD),
        prow([D.CONNECTING], DateEv.NO_ANSWER, D.RETRY, PE.RETRY_LATER),
        prow([D.CONNECTING], DateEv.GIVE_UP, D.MISSED, PE.NEEDS_STAFF),
        prow([D.MOVED], DateEv.SEEN, D.MOVED, PE.SEEN),
        prow([D.MISSED], DateEv.SEEN, D.MISSED, PE.SEEN),
    ),
)
PAIRING_MACHINE_OF: dict[type[StrEnum], PairingMachine] = {
    PairingEv: PAIRING,
    DateEv: PAIRING_DATE,
}


# --- the daily check-in (Telefonkette): applied by dispatch.checkins ---------------------------


class CheckInEv(StrEnum):
    SKIP = "checkin_skip"  # paused at its time
    DROP = "checkin_drop"  # staff changed or ended the times: this one is not called
    CALL = "checkin_call"  # its time (or the retry's) came: the client is called
    OK = "checkin_ok"  # 1: alles in Ordnung
    HELP_TEAM = "checkin_help_team"  # 2 in office hours: connected to the team
    HELP_ALONE = "checkin_help_alone"  # 2 outside office hours: urgent, trusted contact
    NO_ANSWER = "checkin_no_answer"  # once more later
    GIVE_UP = "checkin_give_up"  # the third time: trusted contact, urgent
    SEEN = "checkin_seen"  # staff looked


class CheckInEffect(StrEnum):
    CALL_CLIENT = "call_client"
    PLAN_NEXT = "plan_next"
    RETRY_LATER = "retry_later"
    TELL_CONTACT = "tell_contact"  # a call and (to a mobile) an SMS to the trusted contact
    URGENT = "urgent"  # on Heute until staff saw it
    SEEN = "seen"
    CALL_BACK = "call_back"  # on the callback list until staff record an outcome


C, CE = CheckInState, CheckInEffect
#: A check-in: planned → calling → ok | help; no answer is tried twice more
#: (``RETRY_DELAY_SECONDS`` apart), then the trusted contact is called and texted.
CHECKIN_DATE = PairingMachine(
    "checkin",
    "state",
    (
        prow([C.PLANNED], CheckInEv.SKIP, C.SKIPPED, CE.PLAN_NEXT),
        prow([C.PLANNED], CheckInEv.DROP, C.SKIPPED),
        prow([C.PLANNED], CheckInEv.CALL, C.CALLING, CE.CALL_CLIENT, CE.PLAN_NEXT),
        prow([C.RETRY], CheckInEv.CALL, C.CALLING, CE.CALL_CLIENT),
        prow([C.CALLING], CheckInEv.OK, C.OK),
        prow([C.CALLING], CheckInEv.HELP_TEAM, C.HELP),
        prow([C.CALLING], CheckInEv.HELP_ALONE, C.HELP, CE.URGENT, CE.TELL_CONTACT),
        prow([C.CALLING], CheckInEv.NO_ANSWER, C.RETRY, CE.RETRY_LATER),
        prow(
            [C.CALLING],
            CheckInEv.GIVE_UP,
            C.UNREACHED,
            CE.URGENT,
            CE.TELL_CONTACT,
            CE.CALL_BACK,
        ),
        prow([C.HELP], CheckInEv.SEEN, C.HELP, CE.SEEN),
        prow([C.UNREACHED], CheckInEv.SEEN, C.UNREACHED, CE.SEEN),
    ),
)
