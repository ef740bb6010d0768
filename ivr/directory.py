"""The hotline's "Angebote in Ihrer Nähe": a topic (by key or speech, the Kommune's topics
that have offers), the caller's district (known, or asked), three offers read out — name,
what it is, the number in groups, when it is open — then an SMS of them, a connection to
the first while it is open, more offers, another topic; ``*`` repeats, ``0`` a person.

Menus are built from the Kommune's vocabulary (data) when the call gets there; what the
caller heard (the offers' ids) is kept in the call's state, so "SMS" and "connect" act on
exactly that. Each search is counted per topic and district, without the caller.
"""

from __future__ import annotations

from typing import Any

from dispatch.directory import lookup
from dispatch.directory.vocabulary import count_districts, district_named, districts_of
from dispatch.directory.wording import open_sentence, spoken_number
from dispatch.notify import queue_sms
from models import db, utcnow
from models import phone as phones
from prompts import voice as P
from telephony.twiml import Script

from .engine import (
    GOODBYE,
    HUMAN,
    PERSON,
    REPEAT,
    Action,
    Ask,
    Ctx,
    Step,
    Turn,
    announce,
    choose,
    render_menu,
)
from .menus import Menu, Option

#: Where the call keeps what it found.
STATE = "directory"
#: Offers read out at a time.
PER_TURN = 3
TOPIC, WHERE, DISTRICT, SEARCH, LIST = (
    "offers_topic",
    "offers_where",
    "offers_district",
    "offers_search",
    "offers_list",
)
SMS, CONNECT, DIAL_DONE, MORE = "offers_sms", "offers_connect", "offers_dial_done", "offers_more"
#: Where a caller goes after the directory (a new request, or goodbye).
AFTER = "anything_else"


def _state(ctx: Ctx) -> dict[str, Any]:
    return dict(ctx.call.state.get(STATE, {}))


def _save(ctx: Ctx, **values: Any) -> None:
    state = _state(ctx)
    state.update(values)
    ctx.call.state[STATE] = state


class TopicMenu(Ask):
    """The Kommune's topics that have offers (at most six), by key or by their words."""

    fallback = HUMAN

    def _menu(self, ctx: Ctx, topics: list[Any] | None = None) -> Menu:
        if topics is None:
            topics = lookup.phone_topics(db.session, ctx.kommune) if ctx.kommune else []
        return Menu(
            self.name,
            P.DIRECTORY_TOPIC,
            tuple(
                Option(str(n), term.name, (*term.stems, term.code), WHERE)
                for n, term in enumerate(topics, start=1)
            ),
        )

    def enter(self, ctx: Ctx, turn: Turn) -> Turn:
        if turn.step == self.name and not self._menu(ctx).options:
            name = ctx.kommune.name if ctx.kommune else ""
            return Turn(AFTER, [*turn.say, P.DIRECTORY_EMPTY(kommune=name)])
        return turn

    def render(self, ctx: Ctx, say: list[str]) -> Script:
        return render_menu(ctx, self._menu(ctx), say)

    def answer(self, ctx: Ctx) -> Turn | None:
        topics = lookup.phone_topics(db.session, ctx.kommune)
        choice = choose(self._menu(ctx, topics), ctx.inp)
        if choice == REPEAT:
            return Turn(self.name)
        if choice == PERSON:
            return Turn(HUMAN)
        if isinstance(choice, Option):
            term = topics[int(choice.key) - 1]
            _save(ctx, topic=term.id, topic_name=term.name, offset=0)
            return Turn(WHERE)
        return None

    def targets(self) -> set[str]:
        return super().targets() | {WHERE, AFTER}


def _where(ctx: Ctx, turn: Turn) -> Turn:
    """The caller's district: known from before, their own, or asked."""
    state = _state(ctx)
    if "district" in state:
        return Turn(SEARCH, turn.say)
    kommune = ctx.kommune
    if ctx.person is not None and ctx.person.district and kommune is not None:
        found = district_named(db.session, kommune.id, ctx.person.district)
        _save(ctx, district=ctx.person.district, district_id=found.id if found else None)
        return Turn(SEARCH, turn.say)
    if kommune is not None and count_districts(db.session, kommune.id) > 1:
        return Turn(DISTRICT, turn.say)
    _save(ctx, district="", district_id=None)
    return Turn(SEARCH, turn.say)


class DistrictAsk(Ask):
    """ "In welchem Ortsteil wohnen Sie?" — said; the whole Kommune with the 1."""

    fallback = SEARCH  # not understood three times: offers from the whole Kommune

    def render(self, ctx: Ctx, say: list[str]) -> Script:
        kommune = ctx.kommune.name if ctx.kommune else ""
        hints = (
            [d.name for d in districts_of(db.session, ctx.kommune.id)][:100] if ctx.kommune else []
        )
        sentences = [
            *say,
            str(P.DIRECTORY_DISTRICT),
            announce("1", P.LBL_WHOLE_KOMMUNE(kommune=kommune)),
            announce("0", P.LBL_PERSON),
            announce("*", P.LBL_REPEAT),
        ]
        return ctx.script().ask(sentences, ctx.url(self.name), hints=hints, finish_on_key="")

    def answer(self, ctx: Ctx) -> Turn | None:
        if ctx.inp.digits:
            if ctx.inp.digits[:1] == "1":
                _save(ctx, district="", district_id=None)
                return Turn(SEARCH)
            return None
        if ctx.kommune is None or not ctx.inp.speech:
            return None
        found = district_named(db.session, ctx.kommune.id, ctx.inp.speech)
        if found is None:
            return None
        _save(ctx, district=found.name, district_id=found.id)
        return Turn(SEARCH)

    def hint(self, ctx: Ctx) -> list[str]:
        return [str(P.SAY_AGAIN)]

    def handle(self, ctx: Ctx) -> Turn:
        turn = super().handle(ctx)
        if turn.step == SEARCH and "district" not in _state(ctx):
            _save(ctx, district="", district_id=None)  # the fallback after the misses
        return turn

    def targets(self) -> set[str]:
        return super().targets() | {SEARCH}


def _search(ctx: Ctx, turn: Turn) -> Turn:
    """Look the offers up (the first time per topic and district counted, anonymously)."""
    state = _state(ctx)
    if ctx.kommune is None or "topic" not in state:
        return Turn(TOPIC, turn.say)
    found = lookup.nearby(
        db.session,
        ctx.kommune,
        topic_id=state["topic"],
        district_id=state.get("district_id"),
        offset=state.get("offset", 0),
        limit=PER_TURN,
    )
    counted = list(state.get("counted", []))
    key = f"{state['topic']}:{state.get('district', '')}"
    if key not in counted:
        lookup.count_search(
            db.session,
            ctx.kommune,
            channel="phone",
            topic_id=state["topic"],
            district=state.get("district", ""),
        )
        counted.append(key)
    _save(
        ctx,
        ids=[o.id for o in found.offers],
        more=found.more,
        counted=counted,
    )
    return Turn(LIST, turn.say)


def _mobile(ctx: Ctx) -> bool:
    number = ctx.call.from_number
    return bool(number) and phones.line_type(number) == phones.LineType.MOBILE


class OffersList(Ask):
    """The offers found, then what the caller can do with them."""

    fallback = AFTER

    def _offers(self, ctx: Ctx) -> list[Any]:
        return lookup.by_ids(db.session, _state(ctx).get("ids", []))

    def _menu(self, ctx: Ctx, offers: list[Any]) -> Menu:
        state = _state(ctx)
        options = []
        if offers and _mobile(ctx):
            options.append(
                Option(
                    "1", P.LBL_DIRECTORY_SMS, ("sms", "schick", "nachricht"), SMS, words=("sms",)
                )
            )
        first = offers[0] if offers else None
        if first is not None and first.phone and lookup.open_now(ctx.kommune, first):
            label = P.LBL_DIRECTORY_CONNECT(name=first.name)
            options.append(
                Option("2", label, ("verbind", "sprechen", "anruf"), CONNECT, words=("connect",))
            )
        if state.get("more"):
            options.append(
                Option("3", P.LBL_DIRECTORY_MORE, ("weiter", "mehr"), MORE, words=("more",))
            )
        options.append(
            Option("4", P.LBL_DIRECTORY_OTHER_TOPIC, ("thema", "anderes"), TOPIC, words=("topic",))
        )
        return Menu(self.name, None, tuple(options))

    def _sentences(self, ctx: Ctx, offers: list[Any]) -> list[str]:
        state = _state(ctx)
        topic = state.get("topic_name", "")
        if not offers:
            return [str(P.DIRECTORY_NONE if state.get("offset", 0) == 0 else P.DIRECTORY_NO_MORE)]
        if state.get("offset", 0) > 0:
            sentences = [str(P.DIRECTORY_MORE_FOUND)]
        elif len(offers) == 1:
            sentences = [P.DIRECTORY_FOUND_ONE(topic=topic)]
        else:
            sentences = [P.DIRECTORY_FOUND(count=len(offers), topic=topic)]
        at = utcnow()
        closed = lookup.holidays(ctx.kommune)
        for n, offer in enumerate(offers, start=1):
            what = offer.short
            if what and what[-1] not in ".!?":
                what += "."
            number = spoken_number(offer.phone) if offer.phone else "–"
            sentences.append(P.DIRECTORY_ITEM(n=n, name=offer.name, what=what, number=number))
            sentences.append(open_sentence(offer, at, offer.is_open(at, closed), closed))
        return sentences

    def render(self, ctx: Ctx, say: list[str]) -> Script:
        offers = self._offers(ctx)
        return render_menu(ctx, self._menu(ctx, offers), [*say, *self._sentences(ctx, offers)])

    def answer(self, ctx: Ctx) -> Turn | None:
        choice = choose(self._menu(ctx, self._offers(ctx)), ctx.inp)
        if choice == REPEAT:
            return Turn(self.name)
        if choice == PERSON:
            return Turn(HUMAN)
        if isinstance(choice, Option):
            return Turn(choice.goto)
        return None

    def targets(self) -> set[str]:
        return super().targets() | {SMS, CONNECT, MORE, TOPIC, AFTER}


def _sms(ctx: Ctx, turn: Turn) -> Turn:
    state = _state(ctx)
    offers = lookup.by_ids(db.session, state.get("ids", []))
    if not offers or not _mobile(ctx) or ctx.kommune is None:
        return Turn(LIST, turn.say)
    queue_sms(
        db.session,
        kommune=ctx.kommune,
        to=ctx.call.from_number or "",
        body=lookup.sms_for(
            ctx.kommune,
            offers,
            topic=state.get("topic_name", ""),
            district=state.get("district", ""),
        ),
        purpose="directory",
        about=(ctx.call.id, state.get("topic"), state.get("offset", 0)),
        person_id=ctx.person.id if ctx.person else None,
    )
    return Turn(AFTER, [*turn.say, str(P.DIRECTORY_SMS_SENT)])


def _more(ctx: Ctx, turn: Turn) -> Turn:
    state = _state(ctx)
    _save(ctx, offset=state.get("offset", 0) + PER_TURN)
    return Turn(SEARCH, turn.say)


class Connect(Step):
    """ "Ich verbinde Sie mit …": ``<Dial>`` to the first offer, only while it is open."""

    def _first(self, ctx: Ctx) -> Any:
        offers = lookup.by_ids(db.session, _state(ctx).get("ids", [])[:1])
        return offers[0] if offers else None

    def enter(self, ctx: Ctx, turn: Turn) -> Turn:
        first = self._first(ctx)
        if first is None or not first.phone or not lookup.open_now(ctx.kommune, first):
            return Turn(LIST, turn.say)
        return turn

    def render(self, ctx: Ctx, say: list[str]) -> Script:
        first = self._first(ctx)
        return (
            ctx.script()
            .say(*say, P.DIRECTORY_CONNECTING(name=first.name))
            .dial(first.phone, action=ctx.url(DIAL_DONE), caller_id=None)
        )

    def targets(self) -> set[str]:
        return {LIST, DIAL_DONE}


class DialDone(Step):
    def handle(self, ctx: Ctx) -> Turn:
        if ctx.inp.dial_status == "completed":
            ctx.call.outcome = ctx.call.outcome or "directory"
            return Turn(GOODBYE, [str(P.TALK_DONE)])
        return Turn(LIST, [str(P.DIRECTORY_NOT_CONNECTED)])

    def targets(self) -> set[str]:
        return {GOODBYE, LIST}


def steps() -> list[Step]:
    """The directory's steps, for the hotline's flow."""
    return [
        TopicMenu(TOPIC),
        Action(WHERE, _where, leads_to={SEARCH, DISTRICT}),
        DistrictAsk(DISTRICT),
        Action(SEARCH, _search, leads_to={LIST, TOPIC}),
        OffersList(LIST),
        Action(SMS, _sms, leads_to={LIST, AFTER}),
        Action(MORE, _more, leads_to={SEARCH}),
        Connect(CONNECT),
        DialDone(DIAL_DONE),
    ]
