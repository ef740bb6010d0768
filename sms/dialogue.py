"""The SMS dialogue. Every incoming SMS is stored once (by MessageSid); a retried
webhook — also one delivered twice at the same moment — gets the same reply and changes
nothing. Volunteers answer offers and report back with keywords; clients with a mobile
may ask for help or cancel by SMS; anybody else gets a short help text — never an error.

Within the limits that keep strangers and loops from running up the bill, nothing but
the message row is kept, and nothing answered, for: a banned number, a number that wrote
too often (``INBOUND_SMS_LIMIT``), a sender that is no phone number (a short code, a
name), an automatic message (empty, an auto-reply, or the very text we last sent there),
and a stranger who had their answers (``UNKNOWN_SMS_REPLIES``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from dispatch import delivery, intake, lifecycle, limits, pairings, states
from dispatch.directory import lookup
from dispatch.queries import held_by, open_offers_of, open_requests_of
from dispatch.wording import addressed, details_text, hours_text, sms_day, volunteer_name
from models import (
    BERLIN,
    Actor,
    Ban,
    Channel,
    HelpRequest,
    Kommune,
    Message,
    Offer,
    OfferStatus,
    OutcomeKind,
    Person,
    RequestStatus,
    VolunteerStatus,
    When,
    db,
    utcnow,
)
from models import phone as phones
from models.message import MAX_BODY
from prompts import current_language, language
from prompts import sms as S
from prompts.text import for_sms, normalize
from telephony.inputs import SmsInput

from .keywords import Command, automatic, keyword_in, parse

#: An SMS that repeats what we wrote to its sender this recently is an echo (loop guard).
ECHO_WITHIN = timedelta(hours=1)


def receive(inp: SmsInput) -> list[str]:
    """Store the SMS, act on it, and return the reply texts."""
    if not inp.message_sid:
        raise ValueError("SMS webhook without MessageSid")
    session = db.session
    seen = session.scalar(select(Message).where(Message.sid == inp.message_sid))
    if seen is not None:
        return _replies_to(seen)
    sender = phones.parse_or_none(inp.from_raw)
    hotline = phones.parse_or_none(inp.to_raw)
    kommune = Kommune.for_number(session, hotline)
    banned = kommune is not None and Ban.applies(session, kommune.id, sender)
    person = Person.by_phone(session, kommune.id, sender) if kommune and not banned else None
    message = Message(
        sid=inp.message_sid,
        kommune_id=kommune.id if kommune else None,
        direction="inbound",
        from_number=sender,
        to_number=hotline,
        body=inp.body,
        person_id=person.id if person else None,
        purpose="incoming",
        status="received",
    )
    session.add(message)
    try:
        session.flush()
    except IntegrityError:  # the same webhook, delivered twice at once: the other one won
        return _stored_replies(inp.message_sid)
    if banned or _unanswered(message, person):
        session.commit()
        return []
    with language(person.language if person else "de"):
        replies = [
            for_sms(r)[:MAX_BODY]
            for r in _respond(kommune, person, message, parse(inp.body, _languages(person)))
        ]
    for body in replies:
        session.add(
            Message(
                kommune_id=message.kommune_id,
                direction="outbound",
                from_number=hotline,
                to_number=sender,
                body=body,
                person_id=message.person_id,
                request_id=message.request_id,
                purpose=f"reply:{message.id}",
                status="replied",
            )
        )
    try:
        session.commit()
    except IntegrityError:  # the same webhook twice at once
        return _stored_replies(inp.message_sid)
    return replies


def _languages(person: Person | None) -> list[str]:
    """Whose keywords count besides the German ones: the sender's languages."""
    return list(person.languages or []) if person else []


def _unanswered(message: Message, person: Person | None) -> bool:
    """Whether the SMS is to be kept but not answered (see the module docstring)."""
    session = db.session
    sender = message.from_number
    if sender is None:
        return True  # a short code or a name: nobody to answer, or a machine
    if limits.too_many_messages(session, sender):
        return True
    if automatic(message.body):
        return True
    last = limits.last_text_to(session, sender, ECHO_WITHIN)
    if last is not None and normalize(last).strip() == normalize(message.body).strip():
        return True  # our own text came back: an echo
    return person is None and limits.stranger_answered_enough(session, sender)


def _stored_replies(sid: str) -> list[str]:
    """The answer the delivery that won gave; it committed before we could."""
    db.session.rollback()
    seen = db.session.scalar(select(Message).where(Message.sid == sid))
    if seen is None:
        raise RuntimeError("SMS stored by another delivery, but not found")
    return _replies_to(seen)


def _replies_to(message: Message) -> list[str]:
    """What we answered to ``message`` the first time."""
    return list(
        db.session.scalars(
            select(Message.body)
            .where(Message.purpose == f"reply:{message.id}")
            .order_by(Message.id)
        )
    )


def delivery_status(inp: SmsInput, message_id: int | None = None) -> None:
    """Twilio reports an outbound SMS's fate; a failed offer moves on to the next person.
    ``message_id`` from the callback URL finds a message whose sid is not stored yet."""
    message = db.session.scalar(select(Message).where(Message.sid == inp.message_sid))
    if message is None and message_id is not None and inp.message_sid:
        message = db.session.get(Message, message_id)
        if (
            message is None
            or message.direction != "outbound"
            or message.sid not in (None, inp.message_sid)
        ):
            return
        message.sid = inp.message_sid
    if message is None or not inp.status or message.status == inp.status:
        return
    delivery.message_status(db.session, message, inp.status, inp.error_code)
    db.session.commit()


@dataclass
class Ctx:
    """An SMS from a known person."""

    kommune: Kommune
    person: Person
    message: Message
    cmd: Command

    @property
    def actor(self) -> Actor:
        if self.person.is_volunteer:
            return Actor.volunteer(self.person.id)
        return Actor.client(self.person.id)


def _respond(
    kommune: Kommune | None, person: Person | None, message: Message, cmd: Command
) -> list[str]:
    if kommune is not None and cmd.keyword == "ANGEBOTE":  # the directory, for anybody
        return [lookup.sms_reply(db.session, kommune, person, cmd.words[1:])]
    if kommune is None or person is None:
        number = phones.national(kommune.caller_id) if kommune else ""
        return [S.HELP_UNKNOWN(kommune=kommune.name if kommune else "", number=number)]
    ctx = Ctx(kommune, person, message, cmd)
    if cmd.keyword == "PAUSE" and cmd.ref and pairings.pairings_of(db.session, person):
        return _pairing_pause(ctx)
    if person.is_volunteer and cmd.keyword in VOLUNTEER:
        return VOLUNTEER[cmd.keyword](ctx)
    if person.is_volunteer and cmd.keyword is None and cmd.minutes and not cmd.category:
        reply = _time_spent(ctx)  # "1,5": the answer to "Wie lange hat es gedauert?"
        if reply:
            return reply
    if person.is_client:
        return _client(ctx)
    return [str(S.HELP_VOLUNTEER)]


def _pairing_pause(ctx: Ctx) -> list[str]:
    """ "PAUSE 007": the next date of the sender's phone friendship 007 falls through; the
    other side is told."""
    ref = ctx.cmd.ref or ""
    pairing = next(
        (p for p in pairings.pairings_of(db.session, ctx.person) if p.ref == ref.zfill(3)),
        None,
    )
    if pairing is None:
        return [S.PAIRING_NONE(ref=ref)]
    is_client = pairing.client_id == ctx.person.id
    actor = Actor.client(ctx.person.id) if is_client else Actor.volunteer(ctx.person.id)
    date = pairings.skip_next(db.session, pairing, actor=actor)
    if date is None:
        return [S.PAIRING_NONE(ref=ref)]
    local = date.due_at.astimezone(BERLIN)
    other = volunteer_name(pairing.volunteer) if is_client else addressed(pairing.client)
    return [
        S.PAIRING_SKIPPED(
            ref=pairing.ref,
            day=pairings.short_day(local),
            time=local.strftime("%H:%M"),
            name=other,
        )
    ]


# --- volunteers ----------------------------------------------------------------------------


def _open_offers(ctx: Ctx) -> list[Offer]:
    return open_offers_of(db.session, ctx.person)


def _assigned_to(
    ctx: Ctx, statuses: tuple[str, ...] = (RequestStatus.ASSIGNED,)
) -> list[HelpRequest]:
    return held_by(db.session, ctx.person, statuses)


def _pick(
    ctx: Ctx, items: list, ref_of: Callable[[object], str], word: str
) -> tuple[object | None, list[str]]:
    """The one item the SMS means: by its number, or the only one there is."""
    if ctx.cmd.ref:
        found = [i for i in items if ref_of(i) == ctx.cmd.ref]
        return (found[0], []) if found else (None, [S.NOT_YOURS(ref=ctx.cmd.ref)])
    if len(items) == 1:
        return items[0], []
    if not items:
        return None, [str(S.NOTHING_OPEN)]
    refs = ", ".join(ref_of(i) for i in items)
    return None, [
        S.WHICH_ONE(word=keyword_in(word, current_language()), ref=ref_of(items[0]), refs=refs)
    ]


def _yes(ctx: Ctx) -> list[str]:
    if ctx.person.status in (
        VolunteerStatus.BLOCKED,
        VolunteerStatus.OPTED_OUT,
        VolunteerStatus.PENDING,
    ):
        return [str(S.NOTHING_OPEN)]
    offers = _open_offers(ctx)
    # A repeated "yes" from the one who holds it, or a late one with the number.
    answered = list(
        db.session.scalars(
            select(Offer)
            .join(HelpRequest)
            .where(
                Offer.volunteer_id == ctx.person.id,
                Offer.status.in_((OfferStatus.ACCEPTED, OfferStatus.TAKEN)),
                HelpRequest.status.in_((RequestStatus.ASSIGNED, *states.TAKEABLE)),
            )
            .order_by(Offer.id)
        )
    )
    if ctx.cmd.ref:
        offers += answered
    elif not offers:
        offers = [o for o in answered if o.status == OfferStatus.ACCEPTED]
        late = [
            o
            for o in answered
            if o.status == OfferStatus.TAKEN and o.request.status == RequestStatus.ASSIGNED
        ]
        if not offers and late:  # a late "ja" without the number
            return [S.TAKEN(ref=late[-1].request.ref)]
    offer, reply = _pick(ctx, offers, lambda o: o.request.ref, "JA")
    if offer is None:
        over = _offer_over(ctx)
        return [_why_closed(ctx, over.request)] if over is not None else reply
    ctx.message.request_id, ctx.message.offer_id = offer.request_id, offer.id
    result = lifecycle.accept(db.session, offer, channel="sms")
    if result.result in ("won", "again"):
        return [details_text(result.request)]
    return [_why_closed(ctx, result.request)]


#: A "JA" without a number may mean an offer this old whose request is over.
RECENT_OFFER = timedelta(days=3)


def _offer_over(ctx: Ctx) -> Offer | None:
    """The volunteer's latest offer (with the number they wrote, or a recent one) whose
    request was taken, cancelled or done meanwhile."""
    query = (
        select(Offer)
        .join(HelpRequest)
        .where(
            Offer.volunteer_id == ctx.person.id,
            HelpRequest.status.in_(
                (RequestStatus.ASSIGNED, RequestStatus.DONE, RequestStatus.CANCELLED)
            ),
        )
    )
    if ctx.cmd.ref:
        query = query.where(HelpRequest.ref == ctx.cmd.ref)
    else:
        query = query.where(Offer.created_at >= utcnow() - RECENT_OFFER)
    return db.session.scalar(query.order_by(Offer.id.desc()).limit(1))


def _why_closed(ctx: Ctx, request: HelpRequest) -> str:
    """The polite answer to a "JA" that comes too late: taken, cancelled or done."""
    if request.status == RequestStatus.CANCELLED:
        return S.CLOSED_CANCELLED(ref=request.ref)
    if request.status == RequestStatus.DONE:
        return S.CLOSED_DONE(ref=request.ref)
    if request.status == RequestStatus.ASSIGNED and request.volunteer_id == ctx.person.id:
        return S.ALREADY_YOURS(ref=request.ref)
    return S.TAKEN(ref=request.ref)


def _no(ctx: Ctx) -> list[str]:
    offer, reply = _pick(ctx, _open_offers(ctx), lambda o: o.request.ref, "NEIN")
    if offer is None:
        held = [r for r in _assigned_to(ctx) if not ctx.cmd.ref or r.ref == ctx.cmd.ref]
        if held:
            return [S.ALREADY_YOURS(ref=held[0].ref)]
        return reply
    ctx.message.request_id, ctx.message.offer_id = offer.request_id, offer.id
    lifecycle.decline(db.session, offer, channel="sms")  # an open offer: always allowed
    return [str(S.DECLINED)]


def _done(ctx: Ctx) -> list[str]:
    """ERLEDIGT [nr] [time]: done, with the time spent; without it we ask once."""
    held = _assigned_to(ctx, (RequestStatus.ASSIGNED, RequestStatus.DONE))
    if not ctx.cmd.ref:
        held = [r for r in held if r.status == RequestStatus.ASSIGNED]
        if not held and ctx.cmd.minutes:  # "ERLEDIGT 1,5" after "ERLEDIGT"
            return _time_spent(ctx) or [str(S.NOTHING_OPEN)]
    request, reply = _pick(ctx, held, lambda r: r.ref, "ERLEDIGT")
    if request is None:
        return reply
    ctx.message.request_id = request.id
    just_done = request.status == RequestStatus.ASSIGNED
    if just_done:
        lifecycle.mark_done(db.session, request, actor=ctx.actor)
    if ctx.cmd.minutes:
        lifecycle.record_hours(db.session, request, ctx.cmd.minutes, actor=ctx.actor)
        return [S.HOURS_NOTED(ref=request.ref, hours=hours_text(ctx.cmd.minutes))]
    if just_done and request.minutes_spent is None:  # asked once, not on a repeat
        return [S.DONE_ASK_HOURS(ref=request.ref)]
    return [S.DONE_THANKS(ref=request.ref)]


#: How long after "ERLEDIGT" a bare "1,5" is still the answer to our question.
TIME_ANSWER_WITHIN = timedelta(days=14)


def _time_spent(ctx: Ctx) -> list[str]:
    """The time spent, sent on its own: it belongs to the volunteer's latest request done
    without one (or the one numbered). Nothing to attach it to: an empty list."""
    done = [
        r
        for r in _assigned_to(ctx, (RequestStatus.DONE,))
        if r.done_at is not None and r.done_at >= utcnow() - TIME_ANSWER_WITHIN
    ]
    if ctx.cmd.ref:
        done = [r for r in done if r.ref == ctx.cmd.ref]
    else:
        done = [r for r in done if r.minutes_spent is None]
    if not done:
        return []
    request = max(done, key=lambda r: (r.done_at, r.id))
    ctx.message.request_id = request.id
    lifecycle.record_hours(db.session, request, ctx.cmd.minutes or 0, actor=ctx.actor)
    return [S.HOURS_NOTED(ref=request.ref, hours=hours_text(request.minutes_spent or 0))]


#: A concern may be about a client the volunteer helped this long ago.
CONCERN_WITHIN = timedelta(days=30)


def _concern(ctx: Ctx) -> list[str]:
    """SORGE [nr] text: the volunteer is worried about a client they help or helped; staff
    get a flag with the words (it closes only when staff say what they did)."""
    held = [
        r
        for r in _assigned_to(ctx, (RequestStatus.ASSIGNED, RequestStatus.DONE))
        if r.status == RequestStatus.ASSIGNED
        or (r.done_at is not None and r.done_at >= utcnow() - CONCERN_WITHIN)
    ]
    request, reply = _pick(ctx, held, lambda r: r.ref, "SORGE")
    if request is None:
        return reply
    ctx.message.request_id = request.id
    if not ctx.cmd.text:
        return [S.CONCERN_ASK_TEXT(ref=request.ref)]
    lifecycle.log_outcome(
        db.session, request, OutcomeKind.CONCERN, note=ctx.cmd.text[:1000], actor=ctx.actor
    )
    return [S.CONCERN_THANKS(ref=request.ref)]


def _give_back(ctx: Ctx) -> list[str]:
    held = _assigned_to(ctx)
    if not held:
        if ctx.person.is_client and not _open_offers(ctx):
            return _client(ctx)  # a client (who also helps) cancels their own request
        return _no(ctx)  # an ABSAGEN to an offer is a "no"
    request, reply = _pick(ctx, held, lambda r: r.ref, "ABSAGEN")
    if request is None:
        return reply
    ctx.message.request_id = request.id
    lifecycle.give_back(db.session, request, ctx.person, actor=ctx.actor)
    return [S.UNASSIGNED(ref=request.ref)]


def _status(ctx: Ctx) -> list[str]:
    state = S.STATUS_PAUSED if ctx.person.status == VolunteerStatus.PAUSED else S.STATUS_ACTIVE
    assigned = ", ".join(r.ref for r in _assigned_to(ctx)) or str(S.STATUS_NONE)
    offers = ", ".join(o.request.ref for o in _open_offers(ctx)) or str(S.STATUS_NONE)
    return [S.STATUS_VOLUNTEER(status=str(state), assigned=assigned, offers=offers)]


def _pause(ctx: Ctx) -> list[str]:
    if ctx.person.status == VolunteerStatus.PENDING:
        return [str(S.NOT_ACTIVE)]
    ctx.person.pause()
    return [str(S.PAUSED)]


def _resume(ctx: Ctx) -> list[str]:
    if ctx.person.status in (VolunteerStatus.PENDING, VolunteerStatus.BLOCKED):
        return [str(S.NOT_ACTIVE)]
    ctx.person.resume()
    ctx.person.opt_in()
    return [str(S.RESUMED)]


def _stop(ctx: Ctx) -> list[str]:
    """STOPP: no more offers; open ones are declined (and go to somebody else)."""
    if ctx.person.opt_out():
        lifecycle.volunteer_gone(db.session, ctx.person, actor=ctx.actor)
    if ctx.person.is_client:
        ctx.person.prefers = Channel.CALL
    return [str(S.STOPPED)]


def _start(ctx: Ctx) -> list[str]:
    if ctx.person.status == VolunteerStatus.BLOCKED:
        return [str(S.NOT_ACTIVE)]
    ctx.person.opt_in()
    if ctx.person.is_client and ctx.person.prefers == Channel.CALL:
        ctx.person.prefers = None
    return [str(S.STARTED)]


def _help(ctx: Ctx) -> list[str]:
    return [str(S.HELP_VOLUNTEER)]


VOLUNTEER: dict[str, Callable[[Ctx], list[str]]] = {
    "JA": _yes,
    "NEIN": _no,
    "ERLEDIGT": _done,
    "ABSAGEN": _give_back,
    "SORGE": _concern,
    "STATUS": _status,
    "PAUSE": _pause,
    "WEITER": _resume,
    "STOPP": _stop,
    "START": _start,
    "HILFE": _help,
}


# --- clients ---------------------------------------------------------------------------------


def _client_request(ctx: Ctx) -> list[HelpRequest]:
    requests = open_requests_of(db.session, ctx.kommune.id, ctx.person, None)
    if ctx.cmd.ref:
        requests = [r for r in requests if r.ref == ctx.cmd.ref]
    return requests


def _client(ctx: Ctx) -> list[str]:
    person, cmd, kommune = ctx.person, ctx.cmd, ctx.kommune
    number = phones.national(kommune.caller_id)
    if cmd.keyword == "STOPP":
        person.prefers = Channel.CALL
        return [str(S.STOPPED)]
    if cmd.keyword == "START":
        person.prefers = None
        return [str(S.STARTED)]
    if cmd.keyword == "STATUS":
        requests = _client_request(ctx)
        if not requests:
            return [str(S.NOTHING_OPEN)]
        return [_client_status(r) for r in requests[:3]]
    if cmd.keyword == "ABSAGEN":
        request, reply = _pick(ctx, _client_request(ctx), lambda r: r.ref, "ABSAGEN")
        if request is None:
            return reply
        ctx.message.request_id = request.id
        lifecycle.cancel(db.session, request, actor=Actor.client(person.id))
        return [S.CLIENT_CANCELLED(ref=request.ref)]
    if cmd.category and cmd.keyword in (None, "HILFE"):
        when = cmd.when or When.SOON
        try:
            request = intake.open_request(
                db.session,
                kommune=kommune,
                client=person,
                category=cmd.category,
                when=when,
                actor=Actor.client(person.id),
                description=ctx.message.body.strip()[:500],
                channel="sms",
            )
        except intake.OverLimit as over:  # staff are flagged to call them
            ctx.message.request_id = over.newest.id
            return [S.OVER_LIMIT(count=over.count)]
        ctx.message.request_id = request.id
        return [
            S.REQUEST_TAKEN(
                ref=request.ref, category=str(S.CATEGORY[request.category]), day=sms_day(request)
            )
        ]
    return [S.HELP_CLIENT(number=number)]


def _client_status(request: HelpRequest) -> str:
    if request.status == RequestStatus.ASSIGNED and request.volunteer is not None:
        state = S.STATE_ASSIGNED(volunteer=volunteer_name(request.volunteer))
    elif request.status == RequestStatus.REVIEW:
        state = str(S.STATE_REVIEW)
    elif request.status == RequestStatus.UNMATCHED:
        state = str(S.STATE_UNMATCHED)
    else:
        state = str(S.STATE_SEARCHING)
    return S.CLIENT_STATUS(
        ref=request.ref,
        category=str(S.CATEGORY[request.category]),
        day=sms_day(request),
        state=state,
    )
