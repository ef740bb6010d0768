"""Administration of one Kommune: audit log, settings, staff accounts (admins only)."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from models import Kommune, Person, StaffUser, db
from models import phone as phones
from prompts import dashboard as T
from prompts import settings as S

from ..auth import admin_required, staff
from ..common import ActionForm, set_changed
from ..scope import audit, get_or_404, kommune, kommune_id
from . import queries
from .forms import SettingsForm, StaffForm, rota_text


@admin_required
def audit_log() -> str:
    person = None
    person_id = request.args.get("person", type=int)
    if person_id is not None:
        person = get_or_404(Person, person_id)
    rows, more = queries.audit_log(
        db.session,
        kommune_id(),
        person_id=person.id if person else None,
        page=request.args.get("page", 1, type=int),
    )
    return render_template(
        "dashboard/audit.html",
        rows=rows,
        more=more,
        person=person,
        page=max(1, request.args.get("page", 1, type=int)),
    )


def _euros(cents: int) -> str:
    """550 → "5,50"; 0 → "" (none)."""
    return f"{cents // 100},{cents % 100:02d}" if cents else ""


def _settings_form(place: Kommune) -> SettingsForm:
    contact = place.contact_hours
    return SettingsForm(  # no obj=: WTForms would prefer its stored values to these
        greeting_name=place.greeting_name,
        office_hours=place.office_hours_text,
        state=place.state,
        languages=place.languages,
        duty_phones="\n".join(phones.national(n) for n in place.duty_phones),
        contact_hours=f"{contact[0]}-{contact[1]}" if contact else "",
        outbound_countries=", ".join(map(phones.country_name, place.outbound_countries or [])),
        mask_numbers=place.mask_numbers,
        recording_retention_days=place.recording_retention_days,
        record_retention_days=place.record_retention_days,
        round_size=place.round_size,
        round_minutes=place.round_seconds // 60 if place.round_seconds else None,
        max_rounds=place.max_rounds,
        followup_days=place.followup_days,
        followup_hour=place.followup_hour,
        allowance=_euros(place.allowance_cents),
        rota=rota_text(place.rota or []),
    )


def _hotline_among(form: SettingsForm) -> bool:
    """A duty phone (or one on the rota) that is a hotline number would ring the hotline
    itself."""
    for field, numbers in (
        (form.duty_phones, getattr(form.duty_phones, "parsed", [])),
        (form.rota, [s["phone"] for s in getattr(form.rota, "parsed", [])]),
    ):
        for number in numbers:
            if queries.is_hotline_number(db.session, number):
                field.errors = [S.DUTY_PHONE_IS_HOTLINE(number=phones.national(number))]
                return True
    return False


@admin_required
def settings() -> str | Response:
    place = kommune()
    defaults = {
        "default_hours": "{}-{}".format(*current_app.config["CONTACT_HOURS"]),
        "default_countries": ", ".join(
            phones.country_name(code) for code in current_app.config["OUTBOUND_COUNTRIES"]
        ),
    }
    if request.method == "GET":
        return render_template(
            "dashboard/settings.html",
            form=_settings_form(place),
            kommune=place,
            **defaults,
        )
    form = SettingsForm()
    if form.validate_on_submit() and not _hotline_among(form):
        values = {
            "greeting_name": " ".join((form.greeting_name.data or "").split()),
            "office_hours": form.office_hours.parsed,
            "state": form.state.data,
            "languages": form.languages.data,
            "duty_phones": form.duty_phones.parsed,
            "contact_hours": form.contact_hours.parsed,
            "outbound_countries": form.outbound_countries.parsed,
            "mask_numbers": bool(form.mask_numbers.data),
            "recording_retention_days": form.recording_retention_days.data,
            "record_retention_days": form.record_retention_days.data,
            "round_size": form.round_size.data,
            "round_seconds": form.round_minutes.data * 60 if form.round_minutes.data else None,
            "max_rounds": form.max_rounds.data,
            "followup_days": form.followup_days.data,
            "followup_hour": form.followup_hour.data,
            "allowance_cents": form.allowance.parsed,
            "rota": form.rota.parsed,
        }
        changed = set_changed(place, values)
        if changed:
            audit("update", "kommune", place.id, fields=changed)
        db.session.commit()
        flash(str(T.SAVED if changed else T.NO_CHANGE), "success" if changed else "info")
        return redirect(url_for("dashboard.settings"))
    return render_template("dashboard/settings.html", form=form, kommune=place, **defaults)


@admin_required
def staff_list() -> str | Response:
    form = StaffForm()
    if form.validate_on_submit():
        if queries.email_taken(db.session, form.email.data):
            form.email.errors.append(str(T.EMAIL_TAKEN))
        else:
            user = StaffUser(
                email=form.email.data,
                name=(form.name.data or "").strip() or form.email.data.split("@")[0],
                role=form.role.data,
                kommune_id=kommune_id(),
            )
            user.set_password(form.password.data)
            db.session.add(user)
            db.session.flush()
            audit("create", "staff", user.id, role=user.role)
            db.session.commit()
            flash(T.STAFF_CREATED(email=user.email), "success")
            return redirect(url_for("dashboard.staff"))
    users = queries.staff_accounts(db.session, kommune_id())
    return render_template("dashboard/staff.html", form=form, users=users, action=ActionForm())


@admin_required
def staff_action(staff_id: int, action: str) -> Response:
    user = db.session.get(StaffUser, staff_id)
    if user is None or user.kommune_id != kommune_id():
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    if action == "deactivate":
        if user.id == staff().id:
            flash(str(T.STAFF_NOT_SELF), "error")
            return redirect(url_for("dashboard.staff"))
        user.active = False
        message = T.STAFF_DEACTIVATED(email=user.email)
    elif action == "activate":
        user.active = True
        message = T.STAFF_ACTIVATED(email=user.email)
    else:
        user.locked_until = None
        user.failed_logins = 0
        message = T.STAFF_UNLOCKED(email=user.email)
    audit("update", "staff", user.id, change=action)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("dashboard.staff"))
