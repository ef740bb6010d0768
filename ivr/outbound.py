"""Calls we make: an offer to a volunteer, telling a client who comes, that nobody was
found, and the follow-up the day after. They run on the same machinery as the hotline
(:mod:`ivr.dialogue`): stored events, replay-safe, menus as data."""

from __future__ import annotations

from collections.abc import Callable

from dispatch import lifecycle
from dispatch.wording import CATEGORY_PHRASE, day_text
from models import Call, CallPurpose, HelpRequest, Offer, OfferStatus, RequestStatus, db
from models import phone as phones
from prompts import digits, language
from prompts import voice as P
from telephony.twiml import Script

from .dialogue import (
    ACTIONS,
    HANDLERS,
    RENDER,
    Ctx,
    Turn,
    finish,
    greeting,
    menu_handler,
    render_menu,
    stored_answer,
)
from .inputs import VoiceInput
from .menus import MENUS

FIRST_STEP = {
    CallPurpose.OFFER: "offer",
    CallPurpose.NOTICE: "notice",
    CallPurpose.FOLLOWUP: "followup",
    CallPurpose.ESCALATION: "escalation_message",
}


def answer_outbound(call_id: int, inp: VoiceInput) -> str:
    """The first webhook of a call we placed, once somebody (or something) picked up."""
    call = db.session.get(Call, call_id)
    if call is None or call.direction != "outbound" or not inp.call_sid:
        raise LookupError("TwiML requested for a call we did not place")
    if call.sid is None:  # Twilio asked before place_call stored the sid
        call.sid = inp.call_sid
    elif call.sid != inp.call_sid:
        raise LookupError("CallSid does not belong to this call")
    stored = stored_answer(call, 0)
    if stored is not None:
        return stored
    call.advance("in-progress", answered_by=inp.answered_by)
    ctx = Ctx(call, 0, inp)
    if (inp.answered_by or "").startswith(("machine", "fax")):
        turn = Turn("machine")
    else:
        turn = Turn(FIRST_STEP.get(call.purpose, "goodbye"))
    with language(call.language):
        return finish(ctx, "outbound", turn)


def _request(ctx: Ctx) -> HelpRequest | None:
    return db.session.get(HelpRequest, ctx.call.request_id) if ctx.call.request_id else None


def _offer(ctx: Ctx) -> Offer | None:
    return db.session.get(Offer, ctx.call.offer_id) if ctx.call.offer_id else None


def _greeting(ctx: Ctx) -> list[str]:
    if not ctx.call.state.get("greeted"):
        ctx.call.state["greeted"] = True
        return [greeting(ctx)]
    return []


def _reached(ctx: Ctx) -> None:
    """A person heard what the call was for (so it need not be repeated later)."""
    ctx.call.state["reached"] = True


# --- an offer to a volunteer ----------------------------------------------------------------


def _render_offer(ctx: Ctx, say: list[str]) -> Script:
    offer, request = _offer(ctx), _request(ctx)
    if offer is None or request is None or request.status not in lifecycle.TAKEABLE:
        return RENDER["goodbye"](ctx, [*_greeting(ctx), *say, str(P.OFFER_TAKEN)])
    _reached(ctx)
    if offer.status in (OfferStatus.PENDING, OfferStatus.SENT, OfferStatus.DELIVERED):
        offer.status = OfferStatus.ANSWERED
    category = str(CATEGORY_PHRASE[request.category])
    what = (
        P.OFFER_CALL(category=category, district=request.district, day=day_text(request))
        if request.district
        else P.OFFER_CALL_NO_DISTRICT(category=category, day=day_text(request))
    )
    return render_menu(ctx, MENUS["offer"], [*_greeting(ctx), *say, what])


def _accept(ctx: Ctx, turn: Turn) -> Turn:
    offer = _offer(ctx)
    if offer is None:
        return Turn("goodbye", [str(P.OFFER_TAKEN)])
    result = lifecycle.accept(db.session, offer, channel="call")
    if result.result not in ("won", "again"):
        return Turn("goodbye", [str(P.OFFER_TAKEN)])
    volunteer = offer.volunteer
    if volunteer.line_type == "mobile" and result.result == "won":
        lifecycle.send_details(
            db.session, result.request, volunteer, key=f"details:{offer.id}", offer=offer
        )
        ctx.call.state["details_by_sms"] = True
    return Turn("offer_details")


def _decline(ctx: Ctx, turn: Turn) -> Turn:
    offer = _offer(ctx)
    if offer is not None:
        lifecycle.decline(db.session, offer, channel="call")
    return Turn("goodbye", [str(P.OFFER_DECLINED)])


def _render_details(ctx: Ctx, say: list[str]) -> Script:
    request = _request(ctx)
    if request is None or request.client is None:
        return RENDER["goodbye"](ctx, say)
    client = request.client
    sentences = [
        *say,
        P.OFFER_WON(name=client.first_name, ref=digits(request.ref)),
        P.OFFER_ADDRESS(address=client.address or "–"),
        P.OFFER_PHONE(phone=digits(phones.national(client.phone))),
    ]
    if request.description:
        sentences.append(P.OFFER_WHAT(text=request.description))
    if ctx.call.state.get("details_by_sms"):
        sentences.append(str(P.OFFER_SMS_TOO))
    sentences.append(str(P.OPT_REPEAT))
    return ctx.script().ask(
        sentences, ctx.url("offer_details"), speech=False, finish_on_key="", timeout=5
    )


def _repeat_or_goodbye(step: str) -> Callable[[Ctx], Turn]:
    def handle(ctx: Ctx) -> Turn:
        if ctx.inp.digits == "*":
            return Turn(step)
        if ctx.inp.digits == "0":
            return Turn("human")
        return Turn("goodbye")

    return handle


def _render_machine(ctx: Ctx, say: list[str]) -> Script:
    # No offer, no name, no address on a tape: just who called.
    return ctx.script().say(P.MACHINE(kommune=ctx.kommune.name if ctx.kommune else "")).hangup()


# --- telling the client who comes ------------------------------------------------------------


def _render_notice(ctx: Ctx, say: list[str]) -> Script:
    request = _request(ctx)
    if request is None or request.status != RequestStatus.ASSIGNED or request.volunteer is None:
        return RENDER["goodbye"](ctx, [*_greeting(ctx), *say])
    _reached(ctx)
    if request.client_notice != "told":
        request.client_notice = "told"
        request.log("client_told", channel="call", attempt=ctx.call.attempt)
    ctx.call.state["subject_request_id"] = request.id
    notice = P.NOTICE_CALL(
        ref=digits(request.ref),
        category=str(CATEGORY_PHRASE[request.category]),
        volunteer=request.volunteer.first_name,
        day=day_text(request),
    )
    return render_menu(ctx, MENUS["notice"], [*_greeting(ctx), *say, notice])


def _notice_ok(ctx: Ctx, turn: Turn) -> Turn:
    return Turn("goodbye", [str(P.NOTICE_THANKS)])


def _notice_cancel(ctx: Ctx, turn: Turn) -> Turn:
    request = _request(ctx)
    say = [str(P.CANCELLED)]
    if request is not None:
        volunteer = request.volunteer
        if lifecycle.cancel(db.session, request, by="client", actor="client") and volunteer:
            say.append(P.CANCELLED_TELL(volunteer=volunteer.first_name))
    return Turn("goodbye", say)


# --- nobody found -----------------------------------------------------------------------------


def _render_escalation(ctx: Ctx, say: list[str]) -> Script:
    request = _request(ctx)
    _reached(ctx)
    ref = digits(request.ref) if request else ""
    sentences = [*_greeting(ctx), *say, P.ESCALATION_CALL(ref=ref), str(P.OPT_REPEAT)]
    return ctx.script().ask(
        sentences, ctx.url("escalation_message"), speech=False, finish_on_key="", timeout=5
    )


# --- the follow-up ------------------------------------------------------------------------------


def _render_followup(ctx: Ctx, say: list[str]) -> Script:
    request = _request(ctx)
    if request is None:
        return RENDER["goodbye"](ctx, [*_greeting(ctx), *say])
    _reached(ctx)
    question = P.FOLLOWUP_QUESTION(
        ref=digits(request.ref), category=str(CATEGORY_PHRASE[request.category])
    )
    return render_menu(ctx, MENUS["followup"], [*_greeting(ctx), *say, question])


def _followup(ok: bool) -> Callable[[Ctx, Turn], Turn]:
    def act(ctx: Ctx, turn: Turn) -> Turn:
        request = _request(ctx)
        if request is not None:
            lifecycle.followup_answer(db.session, request, ok=ok)
        return Turn("goodbye", [str(P.FOLLOWUP_GOOD if ok else P.FOLLOWUP_BAD)])

    return act


HANDLERS.update(
    {
        "offer_details": _repeat_or_goodbye("offer_details"),
        "escalation_message": _repeat_or_goodbye("escalation_message"),
        **{
            name: menu_handler(MENUS[name])
            for name in ("offer", "notice", "notice_cancel_confirm", "followup")
        },
    }
)
ACTIONS.update(
    {
        "offer_accept": _accept,
        "offer_decline": _decline,
        "notice_ok": _notice_ok,
        "notice_cancel": _notice_cancel,
        "followup_ok": _followup(True),
        "followup_problem": _followup(False),
    }
)
RENDER.update(
    {
        "offer": _render_offer,
        "offer_details": _render_details,
        "machine": _render_machine,
        "notice": _render_notice,
        "escalation_message": _render_escalation,
        "followup": _render_followup,
    }
)
