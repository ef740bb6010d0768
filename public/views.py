"""The public pages: load the Kommune by its slug (404 otherwise) → read the filters →
search → render. The sign-up keeps its sign-up id in the session between form and code."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import abort, current_app, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from dashboard import limiter
from dispatch import signup as signups
from dispatch.directory import vocabulary
from dispatch.directory.search import Found, Query, holidays_of, load, search
from dispatch.directory.wording import clock, hours_lines
from models import Angebot, AngebotStatus, Kommune, TermKind, VolunteerSignup, db, utcnow
from models import phone as phones
from prompts import dashboard as T
from prompts import directory as D

from .forms import CodeForm, SearchForm, SignupForm

PAGE = 20
#: The printed list holds at most this many offers.
PRINT_LIMIT = 500


def _kommune(slug: str) -> Kommune:
    kommune = Kommune.by_slug(db.session, slug)
    if kommune is None:
        abort(404)
    return kommune


def _hotline(kommune: Kommune) -> dict[str, str]:
    number = kommune.caller_id or ""
    return {"tel": number, "shown": phones.national(number) if number else ""}


def open_text(offer: Angebot, found: Found | Any, kommune: Kommune) -> str:
    """ "Jetzt geöffnet, bis 16 Uhr" / "… öffnet Mo um 9 Uhr" / "Termine nach Vereinbarung"."""
    at: datetime = found.at or utcnow()
    if offer.id in found.open_ids:
        until = offer.open_until(at)
        return D.OPEN_NOW_UNTIL(time=clock(until, spoken=True)) if until else ""
    nxt = offer.next_opening(at, holidays_of(kommune))
    if nxt is None:
        return str(D.BY_APPOINTMENT) if offer.hours_note else ""
    time = clock(nxt.hour * 60 + nxt.minute, spoken=True)
    if nxt.date() == at.astimezone(nxt.tzinfo).date():
        return D.OPENS_TODAY(time=time)
    return D.OPENS_ON(day=str(D.WEEKDAY_SHORT[nxt.weekday()]), time=time)


def _search_form(kommune: Kommune) -> SearchForm:
    form = SearchForm(request.args)
    terms = vocabulary.all_terms(db.session, kommune.id)
    topics, groups = terms[TermKind.TOPIC], terms[TermKind.TARGET_GROUP]
    districts = vocabulary.districts_of(db.session, kommune.id)
    form.thema.choices = [("", str(D.ALL_TOPICS))] + [(str(t.id), t.name) for t in topics]
    form.zielgruppe.choices = [("", str(D.EVERYONE))] + [(str(t.id), t.name) for t in groups]
    form.ortsteil.choices = [("", str(D.ALL_DISTRICTS))] + [(str(d.id), d.name) for d in districts]
    form.validate()
    return form


def _query(form: SearchForm, **extra: Any) -> Query:
    return Query(
        words=form.q.data or "",
        topic_id=form.id_of(form.thema),
        target_group_id=form.id_of(form.zielgruppe),
        district_id=form.id_of(form.ortsteil),
        open_now=bool(form.offen.data),
        near=form.id_of(form.ortsteil),
        **extra,
    )


def _args(form: SearchForm) -> dict[str, str]:
    values = {
        "q": form.q.data or "",
        "thema": form.thema.data or "",
        "ortsteil": form.ortsteil.data or "",
        "zielgruppe": form.zielgruppe.data or "",
        "offen": "y" if form.offen.data else "",
    }
    return {k: v for k, v in values.items() if v}


def index(slug: str) -> str:
    kommune = _kommune(slug)
    form = _search_form(kommune)
    page = max(1, min(request.args.get("seite", 1, type=int) or 1, 500))
    found = search(db.session, kommune, _query(form, limit=PAGE, offset=(page - 1) * PAGE))
    return render_template(
        "public/index.html",
        kommune=kommune,
        hotline=_hotline(kommune),
        form=form,
        found=found,
        page=page,
        more=page * PAGE < found.total,
        args=_args(form),
        searched=bool(_args(form)),
        open_text=lambda offer: open_text(offer, found, kommune),
        hours_lines=hours_lines,
    )


def print_list(slug: str) -> str:
    kommune = _kommune(slug)
    form = _search_form(kommune)
    found = search(db.session, kommune, _query(form, limit=PRINT_LIMIT))
    by_topic: dict[str, list[Angebot]] = {}
    for offer in sorted(
        found.offers, key=lambda o: (o.topics[0].position if o.topics else 999, o.name)
    ):
        topic = offer.topics[0].name if offer.topics else ""
        by_topic.setdefault(topic, []).append(offer)
    return render_template(
        "public/print.html",
        kommune=kommune,
        hotline=_hotline(kommune),
        form=form,
        found=found,
        by_topic=by_topic,
        today=utcnow(),
        hours_lines=hours_lines,
    )


def offer(slug: str, offer_id: int) -> str:
    kommune = _kommune(slug)
    found_offer = db.session.get(Angebot, offer_id)
    if (
        found_offer is None
        or found_offer.kommune_id != kommune.id
        or found_offer.status != AngebotStatus.ACTIVE
    ):
        abort(404)
    (item,) = load(db.session, [offer_id])
    at = utcnow()
    found = Found(offers=[item], total=1, at=at)
    if item.is_open(at, holidays_of(kommune)):
        found.open_ids.add(item.id)
    return render_template(
        "public/offer.html",
        kommune=kommune,
        hotline=_hotline(kommune),
        offer=item,
        open_now=open_text(item, found, kommune),
        hours=hours_lines(item),
        back=request.referrer if (request.referrer or "").startswith(request.host_url) else None,
    )


# --- volunteers sign up -------------------------------------------------------------------------------


def _signup_limit() -> str:
    return str(current_app.config.get("SIGNUP_RATE_LIMIT", "5 per hour;20 per day"))


def _code_limit() -> str:
    return str(current_app.config.get("SIGNUP_CODE_RATE_LIMIT", "20 per hour"))


@limiter.limit(_signup_limit, methods=["POST"])
def signup(slug: str) -> str | Response:
    kommune = _kommune(slug)
    form = SignupForm()
    if form.validate_on_submit():
        if form.website.data:  # the field only programs fill in: looks sent, is not
            return render_template(
                "public/code.html", kommune=kommune, hotline=_hotline(kommune), form=CodeForm()
            )
        if signups.too_many_codes(db.session, kommune, form.phone.data):
            form.phone.errors.append(str(T.SIGNUP_TOO_MANY))
        else:
            created = signups.start(
                db.session,
                kommune,
                name=" ".join(form.name.data.split()),
                phone=form.phone.data,
                district=" ".join((form.district.data or "").split()),
                categories=list(form.categories.data),
                note=(form.note.data or "").strip(),
            )
            db.session.commit()
            session["signup_id"] = created.id
            return redirect(url_for("public.code", slug=kommune.slug))
    return render_template(
        "public/signup.html", kommune=kommune, hotline=_hotline(kommune), form=form
    )


@limiter.limit(_code_limit, methods=["POST"])
def signup_code(slug: str) -> str | Response:
    kommune = _kommune(slug)
    form = CodeForm()
    signup_id = session.get("signup_id")
    pending = db.session.get(VolunteerSignup, signup_id) if isinstance(signup_id, int) else None
    if pending is not None and pending.kommune_id != kommune.id:
        pending = None
    if form.validate_on_submit():
        if pending is None:
            form.code.errors.append(str(T.SIGNUP_EXPIRED))
        else:
            outcome = signups.confirm(db.session, pending, form.code.data)
            db.session.commit()
            if outcome == signups.Confirmed.OK:
                session.pop("signup_id", None)
                return render_template(
                    "public/thanks.html",
                    kommune=kommune,
                    hotline=_hotline(kommune),
                    name=pending.name,
                )
            message = (
                T.SIGNUP_WRONG_CODE if outcome == signups.Confirmed.WRONG else T.SIGNUP_EXPIRED
            )
            form.code.errors.append(str(message))
    return render_template(
        "public/code.html", kommune=kommune, hotline=_hotline(kommune), form=form
    )
