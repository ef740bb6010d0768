"""Offers of the directory: the list (search, status, the reminder of offers not checked
for 12 months), add, edit, pause, retire, mark checked, and the import with a preview."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from dispatch.directory import vocabulary
from dispatch.directory.editing import save_offer
from dispatch.directory.files import plan
from dispatch.directory.wording import hours_lines
from models import BERLIN, Angebot, TermKind, db, utcnow
from prompts import dashboard as T

from ..auth import admin_required, staff
from ..common import ActionForm, submitted
from ..scope import audit, kommune, kommune_id
from . import queries
from .forms import OfferForm, OffersConfirmForm, OffersFilter, OffersImportForm


def _today():  # type: ignore[no-untyped-def]
    return utcnow().astimezone(BERLIN).date()


def _offer_or_404(offer_id: int) -> Angebot:
    found = db.session.get(Angebot, offer_id)
    if found is None or found.kommune_id != kommune_id():
        abort(404)
    return found


def index() -> str:
    form = OffersFilter(request.args)
    form.validate()
    page = queries.offers(
        db.session,
        kommune_id(),
        q=form.q.data or "",
        status=form.status.data or "",
        due=form.due.data == "1",
        today=_today(),
        page=request.args.get("page", 1, type=int),
    )
    query = {k: v for k, v in request.args.items() if k in ("q", "status", "due") and v}
    return render_template(
        "dashboard/offers.html",
        form=form,
        page=page,
        query=query,
        due_count=queries.due_count(db.session, kommune_id(), _today()),
        today=_today(),
        slug=kommune().slug,
    )


def detail(offer_id: int) -> str:
    offer = _offer_or_404(offer_id)
    return render_template(
        "dashboard/offer.html",
        offer=offer,
        hours=hours_lines(offer),
        action=ActionForm(),
        due=offer.check_due(_today()),
        slug=kommune().slug,
    )


def _form(offer: Angebot | None) -> OfferForm:
    form = OfferForm() if request.method == "POST" else OfferForm(obj=offer)
    topics = vocabulary.terms_of(db.session, kommune_id(), TermKind.TOPIC)
    groups = vocabulary.terms_of(db.session, kommune_id(), TermKind.TARGET_GROUP)
    form.topics.choices = [(str(t.id), t.name) for t in topics]
    form.target_groups.choices = [(str(t.id), t.name) for t in groups]
    if request.method == "GET" and offer is not None:
        form.organization.data = offer.organization_name
        form.topics.data = [str(t.id) for t in offer.topics]
        form.target_groups.data = [str(t.id) for t in offer.target_groups]
        form.districts.data = "; ".join(d.name for d in offer.districts)
        form.address.data = offer.address
        form.phone.data = offer.phone or ""
        form.hours.data = ", ".join(hours_lines(offer)).replace("–", "-")
        form.languages.data = ", ".join(offer.languages)
    return form


def _save(offer: Angebot | None) -> str | Response:
    form = _form(offer)
    if request.method == "POST" and form.validate_on_submit():
        chosen = {int(x) for x in (form.topics.data or []) + (form.target_groups.data or [])}
        terms = [
            t
            for kind in (TermKind.TOPIC, TermKind.TARGET_GROUP)
            for t in vocabulary.terms_of(db.session, kommune_id(), kind)
            if t.id in chosen
        ]
        saved, changed = save_offer(db.session, kommune(), offer, form.values(), terms)
        if offer is None:
            audit("create", "angebot", saved.id)
            flash(T.OFFER_CREATED(name=saved.name), "success")
        elif changed:
            audit("update", "angebot", saved.id, fields=changed)
            flash(str(T.PERSON_SAVED), "success")
        else:
            flash(str(T.NO_CHANGE), "info")
        db.session.commit()
        return redirect(url_for("dashboard.offer", offer_id=saved.id))
    return render_template("dashboard/offer_form.html", form=form, offer=offer)


def create() -> str | Response:
    return _save(None)


def edit(offer_id: int) -> str | Response:
    return _save(_offer_or_404(offer_id))


def _status(offer_id: int, change: str) -> Response:
    offer = _offer_or_404(offer_id)
    if not submitted(ActionForm()):
        return redirect(url_for("dashboard.offer", offer_id=offer.id))
    done = {
        "pause": offer.pause,
        "activate": offer.activate,
        "retire": offer.retire,
        "checked": lambda: offer.mark_checked(_today()),
    }[change]()
    if done:
        audit("status", "angebot", offer.id, change=change, status=offer.status)
        db.session.commit()
        flash(str(T.OFFER_CHANGED[change]), "success")
    else:
        flash(str(T.NO_CHANGE), "info")
    target = request.form.get("next", "")
    if target == "list":
        return redirect(url_for("dashboard.offers", due="1"))
    return redirect(url_for("dashboard.offer", offer_id=offer.id))


def status(offer_id: int, change: str) -> Response:
    return _status(offer_id, change)


# --- import: preview first, save only after confirmation -------------------------------------------


def _signature(data: bytes) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    message = f"offers-import:{staff().id}:{kommune_id()}:".encode() + data
    return hmac.new(key, message, hashlib.sha256).hexdigest()


@admin_required
def import_upload() -> str:
    form = OffersImportForm()
    preview = confirm = None
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read() if upload else b""
        if not data:
            flash(str(T.IMPORT_NO_FILE), "error")
        else:
            preview = plan(db.session, kommune(), data)
            db.session.rollback()  # a preview changes nothing
            if preview.ok:
                confirm = OffersConfirmForm(
                    payload=base64.b64encode(data).decode("ascii"), signature=_signature(data)
                )
    return render_template(
        "dashboard/offers_import.html", form=form, preview=preview, confirm=confirm
    )


@admin_required
def import_confirm() -> str | Response:
    form = OffersConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        data = base64.b64decode(form.payload.data or "", validate=True)
    except (binascii.Error, ValueError):
        abort(400)
    if not hmac.compare_digest(_signature(data), form.signature.data or ""):
        flash(str(T.IMPORT_CHANGED), "error")
        return redirect(url_for("dashboard.offers_import"))
    result = plan(db.session, kommune(), data)
    if not result.ok:
        db.session.rollback()
        return render_template(
            "dashboard/offers_import.html", form=OffersImportForm(), preview=result, confirm=None
        )
    result.apply(db.session, staff_user_id=staff().id)
    db.session.commit()
    flash(T.IMPORT_DONE(summary=result.summary()), "success")
    return redirect(url_for("dashboard.offers"))
