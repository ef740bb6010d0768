"""Calls we make, one flow each: an offer to a volunteer, telling a client who comes,
that nobody was found, and the follow-up the day after. A machine that answers hears
only who called."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress

from dispatch import lifecycle, states
from dispatch.lifecycle import NotAllowed
from dispatch.queries import assignment_key
from dispatch.wording import CATEGORY_PHRASE, day_text, hours_text, volunteer_name
from models import Actor, HelpRequest, Offer, RequestStatus, db
from prompts import digits
from prompts import voice as P

from . import menus
from .common import greeting, shared_steps, spoken_number
from .engine import GOODBYE, Action, Ctx, Flow, Listen, MenuStep, Say, Turn, announce


def _request(ctx: Ctx) -> HelpRequest | None:
    return db.session.get(HelpRequest, ctx.call.request_id) if ctx.call.request_id else None


def _the_request(ctx: Ctx) -> HelpRequest:
    """The call's request, which the step's ``enter`` made sure of."""
    request = _request(ctx)
    if request is None:
        raise LookupError(f"call {ctx.call.id} has no request")
    return request


def _offer(ctx: Ctx) -> Offer | None:
    return db.session.get(Offer, ctx.call.offer_id) if ctx.call.offer_id else None


def reached(ctx: Ctx) -> None:
    """A person heard what the call was for (so it need not be repeated later)."""
    ctx.call.state["reached"] = True


_reached = reached


def _starting_at(step: str) -> Callable[[Ctx], Turn]:
    """The first turn: who calls, then ``step`` — or, for a machine, only who called."""

    def start(ctx: Ctx) -> Turn:
        if ctx.inp.by_machine:
            return Turn("machine")
        return Turn(step, [greeting(ctx)])

    return start


def _machine() -> Say:
    # No offer, no name, no address on a tape: just who called.
    return Say(
        "machine", lambda ctx: [P.MACHINE(kommune=ctx.kommune.spoken_name if ctx.kommune else "")]
    )


def outbound_flow(name: str, first: str, steps: list) -> Flow:  # type: ignore[type-arg]
    """A call we make: who calls, then ``first`` (a machine hears only who called)."""
    return Flow(name, _starting_at(first), [*steps, _machine(), *shared_steps()])


_flow = outbound_flow


# --- an offer to a volunteer ----------------------------------------------------------------


def _enter_offer(ctx: Ctx, turn: Turn) -> Turn:
    offer, request = _offer(ctx), _request(ctx)
    if offer is None or request is None or request.status not in states.TAKEABLE:
        return Turn(GOODBYE, [*turn.say, str(P.OFFER_TAKEN)])
    _reached(ctx)
    lifecycle.offer_heard(db.session, offer)
    return turn


def _offer_lead(ctx: Ctx) -> list[str]:
    request = _the_request(ctx)
    category = str(CATEGORY_PHRASE[request.category])
    if request.district:
        return [P.OFFER_CALL(category=category, district=request.district, day=day_text(request))]
    return [P.OFFER_CALL_NO_DISTRICT(category=category, day=day_text(request))]


def _accept(ctx: Ctx, turn: Turn) -> Turn:
    offer = _offer(ctx)
    if offer is None:
        return Turn(GOODBYE, [str(P.OFFER_TAKEN)])
    result = lifecycle.accept(db.session, offer, channel="call")
    if result.result not in ("won", "again"):
        return Turn(GOODBYE, [str(P.OFFER_TAKEN)])
    volunteer = offer.volunteer
    if volunteer.line_type == "mobile" and result.result == "won":
        lifecycle.send_details(
            db.session, result.request, volunteer, about=(offer.id,), offer=offer
        )
        ctx.call.state["details_by_sms"] = True
    return Turn("offer_details")


def _decline(ctx: Ctx, turn: Turn) -> Turn:
    offer = _offer(ctx)
    if offer is not None:
        with suppress(NotAllowed):  # taken or over meanwhile: thanks all the same
            lifecycle.decline(db.session, offer, channel="call")
    return Turn(GOODBYE, [str(P.OFFER_DECLINED)])


def _details(ctx: Ctx) -> list[str]:
    request = _request(ctx)
    if request is None or request.client is None:
        return []
    client = request.client
    sentences = [
        P.OFFER_WON(name=client.first_name, ref=digits(request.ref)),
        P.OFFER_ADDRESS(address=client.address or "–"),
        _how_to_reach(request),
        P.OFFER_CALL_FIRST(name=client.first_name),
    ]
    if request.description:
        sentences.append(P.OFFER_WHAT(text=request.description))
    if ctx.call.state.get("details_by_sms"):
        sentences.append(str(P.OFFER_SMS_TOO))
    return [*sentences, announce("*", P.LBL_REPEAT)]


def _how_to_reach(request: HelpRequest) -> str:
    """The client's number, or — where the Kommune masks numbers — the hotline's and the
    key that connects (the request's place among the volunteer's assignments)."""
    client = request.client
    kommune = request.kommune
    if client is None:
        return ""
    if kommune.mask_numbers and kommune.caller_id:
        return P.OFFER_PHONE_MASKED(
            name=client.first_name,
            hotline=spoken_number(kommune.caller_id),
            key=assignment_key(db.session, request),
        )
    return P.OFFER_PHONE(phone=spoken_number(client.phone))


OFFER_CALL = _flow(
    "offer",
    "offer",
    [
        MenuStep(menus.OFFER, _offer_lead, fallback=GOODBYE, enter=_enter_offer),
        Action("offer_accept", _accept, leads_to={"offer_details", GOODBYE}),
        Action("offer_decline", _decline, leads_to={GOODBYE}),
        Listen("offer_details", _details),
    ],
)


# --- telling the client who comes ------------------------------------------------------------


def _enter_notice(ctx: Ctx, turn: Turn) -> Turn:
    request = _request(ctx)
    if request is None or request.status != RequestStatus.ASSIGNED or request.volunteer is None:
        return Turn(GOODBYE, turn.say)
    _reached(ctx)
    lifecycle.client_told(db.session, request, channel="call", attempt=ctx.call.attempt)
    return turn


def _notice_lead(ctx: Ctx) -> list[str]:
    request = _the_request(ctx)
    volunteer = volunteer_name(request.volunteer) if request.volunteer else ""
    return [
        P.NOTICE_CALL(
            ref=digits(request.ref),
            category=str(CATEGORY_PHRASE[request.category]),
            volunteer=volunteer,
            day=day_text(request),
        ),
        P.NOTICE_WILL_CALL(volunteer=volunteer),
    ]


def _notice_ok(ctx: Ctx, turn: Turn) -> Turn:
    return Turn(GOODBYE, [str(P.NOTICE_THANKS)])


def _notice_keep(ctx: Ctx, turn: Turn) -> Turn:
    return Turn(GOODBYE, [*turn.say, str(P.KEPT), str(P.NOTICE_THANKS)])


def _notice_cancel(ctx: Ctx, turn: Turn) -> Turn:
    request = _request(ctx)
    say = [str(P.CANCELLED)]
    if request is not None:
        volunteer = request.volunteer
        try:
            lifecycle.cancel(db.session, request, actor=Actor.client(request.client_id))
        except NotAllowed:
            pass  # cancelled or over meanwhile
        else:
            if volunteer is not None:
                say.append(P.CANCELLED_TELL(volunteer=volunteer_name(volunteer)))
    return Turn(GOODBYE, say)


NOTICE_CALL = _flow(
    "notice",
    "notice",
    [
        MenuStep(menus.NOTICE, _notice_lead, fallback=GOODBYE, enter=_enter_notice, extras=True),
        MenuStep(menus.NOTICE_CANCEL_CONFIRM, otherwise="notice_keep"),
        Action("notice_ok", _notice_ok, leads_to={GOODBYE}),
        Action("notice_keep", _notice_keep, leads_to={GOODBYE}),
        Action("notice_cancel", _notice_cancel, leads_to={GOODBYE}),
    ],
)


# --- nobody found -----------------------------------------------------------------------------


def _enter_reached(ctx: Ctx, turn: Turn) -> Turn:
    _reached(ctx)
    return turn


def _escalation(ctx: Ctx) -> list[str]:
    request = _request(ctx)
    ref = digits(request.ref) if request else ""
    return [P.ESCALATION_CALL(ref=ref), announce("*", P.LBL_REPEAT)]


ESCALATION_CALL = _flow(
    "escalation",
    "escalation_message",
    [Listen("escalation_message", _escalation, enter=_enter_reached)],
)


# --- the follow-up ------------------------------------------------------------------------------


def _enter_followup(ctx: Ctx, turn: Turn) -> Turn:
    if _request(ctx) is None:
        return Turn(GOODBYE, turn.say)
    return _enter_reached(ctx, turn)


def _followup_lead(ctx: Ctx) -> list[str]:
    request = _the_request(ctx)
    return [
        P.FOLLOWUP_QUESTION(
            ref=digits(request.ref), category=str(CATEGORY_PHRASE[request.category])
        )
    ]


def _followup(ok: bool) -> Callable[[Ctx, Turn], Turn]:
    def act(ctx: Ctx, turn: Turn) -> Turn:
        request = _request(ctx)
        if request is not None:
            lifecycle.followup_answer(db.session, request, ok=ok)
        said = [str(P.FOLLOWUP_GOOD if ok else P.FOLLOWUP_BAD)]
        if ok and request is not None and request.minutes_spent:
            return Turn("followup_hours", said)  # the time for the client's statement
        return Turn(GOODBYE, said)

    return act


def _hours_lead(ctx: Ctx) -> list[str]:
    minutes = _the_request(ctx).minutes_spent or 0
    amount = str(P.ONE_HOUR) if minutes == 60 else P.SOME_HOURS(hours=hours_text(minutes))
    return [P.FOLLOWUP_HOURS(hours=amount)]


def _enter_hours(ctx: Ctx, turn: Turn) -> Turn:
    request = _request(ctx)
    if request is None or not request.minutes_spent:
        return Turn(GOODBYE, turn.say)
    return turn


def _hours_answer(confirmed: bool) -> Callable[[Ctx, Turn], Turn]:
    def act(ctx: Ctx, turn: Turn) -> Turn:
        request = _request(ctx)
        if request is not None:
            with suppress(NotAllowed):  # reopened meanwhile: nothing to confirm
                lifecycle.client_confirms_hours(db.session, request, confirmed=confirmed)
        return Turn(GOODBYE, [str(P.FOLLOWUP_HOURS_THANKS)])

    return act


FOLLOWUP_CALL = _flow(
    "followup",
    "followup",
    [
        MenuStep(
            menus.FOLLOWUP, _followup_lead, fallback=GOODBYE, enter=_enter_followup, extras=True
        ),
        Action("followup_ok", _followup(True), leads_to={GOODBYE, "followup_hours"}),
        Action("followup_problem", _followup(False), leads_to={GOODBYE}),
        MenuStep(
            menus.FOLLOWUP_HOURS,
            _hours_lead,
            fallback=GOODBYE,
            enter=_enter_hours,
            otherwise=GOODBYE,
        ),
        Action("followup_hours_yes", _hours_answer(True), leads_to={GOODBYE}),
        Action("followup_hours_no", _hours_answer(False), leads_to={GOODBYE}),
    ],
)
