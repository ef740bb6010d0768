"""URL map of the dashboard. Every page but the login needs a logged-in staff member.

Ids in paths use the ``id`` converter (``dashboard.IdConverter``): out of range is a 404.
The handlers live next to their queries and forms, one package per feature
(``today``, ``calls``, ``requests``, ``people``, ``offers``, ``figures``, ``statements``,
``privacy``, ``phone``, ``admin``);
each handler loads and validates, authorises, acts, then responds.
"""

from __future__ import annotations

from flask import Blueprint, request
from flask_login import current_user

from models import BERLIN, db, utcnow

from . import auth, login_manager
from .admin import bans
from .admin import views as admin
from .calls import views as calls
from .checkins import views as checkins
from .figures import views as figures
from .offers import views as offers
from .pairings import views as pairings
from .people import views as people
from .phone import views as phone
from .privacy import views as privacy
from .recognition import views as recognition
from .requests import views as requests
from .statements import views as statements
from .today import views as today
from .today.queries import attention_count

bp = Blueprint(
    "dashboard",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/assets",
)

#: Endpoints anyone may reach.
PUBLIC = {"dashboard.login", "dashboard.static"}


@bp.before_request
def _login_first() -> object:
    if request.endpoint not in PUBLIC and not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


@bp.context_processor
def _page_context() -> dict[str, object]:
    """The clock for ages, and the number beside "Heute" (requests and calls that need staff)."""
    now = utcnow()
    context: dict[str, object] = {"now": now, "today_date": now.astimezone(BERLIN).date()}
    if current_user.is_authenticated:
        context["nav_attention"] = attention_count(db.session, current_user.kommune_id)
    return context


def rule(
    path: str, view: object, methods: tuple[str, ...] = ("GET",), endpoint: str | None = None
) -> None:
    bp.add_url_rule(path, endpoint=endpoint, view_func=view, methods=list(methods))  # type: ignore[arg-type]


rule("/login", auth.throttled(auth.login), ("GET", "POST"), endpoint="login")
rule("/logout", auth.logout, ("POST",))

rule("/", today.index, endpoint="today")

rule("/calls", calls.index, endpoint="calls")
rule("/calls/<id:call_id>", calls.detail, endpoint="call")
rule("/calls/<id:call_id>/request", calls.call_request, ("GET", "POST"), endpoint="call_request")
rule("/calls/<id:call_id>/callback-done", calls.callback_done, ("POST",), endpoint="callback_done")
rule(
    "/calls/<id:call_id>/callback-claim", calls.callback_claim, ("POST",), endpoint="callback_claim"
)
rule(
    "/calls/<id:call_id>/callback-outcome",
    calls.callback_outcome,
    ("POST",),
    endpoint="callback_outcome",
)
rule("/recordings/<id:recording_id>", calls.recording, endpoint="recording")

rule("/requests", requests.index, endpoint="requests")
rule("/requests/<id:request_id>", requests.detail, endpoint="request")
rule("/requests/<id:request_id>/verify", requests.verify_link, ("POST",), endpoint="verify_link")
rule(
    "/requests/<id:request_id>/verify-new",
    requests.verify_create,
    ("POST",),
    endpoint="verify_create",
)
rule("/requests/<id:request_id>/assign", requests.assign, ("POST",), endpoint="assign")
rule(
    "/requests/<id:request_id>/dispatch",
    requests.dispatch_again,
    ("POST",),
    endpoint="dispatch_again",
)
rule("/requests/<id:request_id>/cancel", requests.cancel, ("POST",), endpoint="cancel")
rule("/requests/<id:request_id>/done", requests.mark_done, ("POST",), endpoint="mark_done")
rule("/requests/<id:request_id>/outcome", requests.log_outcome, ("POST",), endpoint="log_outcome")
rule("/requests/<id:request_id>/hours", requests.record_hours, ("POST",), endpoint="record_hours")
rule(
    "/requests/<id:request_id>/flags/<id:flag_id>/resolve",
    requests.resolve_flag,
    ("POST",),
    endpoint="resolve_flag",
)

rule("/people", people.index, endpoint="people")
rule("/people/new", people.create, ("GET", "POST"), endpoint="person_new")
rule("/people/import", people.import_upload, ("GET", "POST"), endpoint="import")
rule("/people/import/confirm", people.import_confirm, ("POST",), endpoint="import_confirm")
rule("/people/<id:person_id>", people.detail, endpoint="person")
rule("/people/<id:person_id>/edit", people.edit, ("GET", "POST"), endpoint="person_edit")
rule("/people/<id:person_id>/request", people.new_request, ("POST",), endpoint="person_request")
rule("/people/<id:person_id>/pin", people.pin, ("POST",), endpoint="person_pin")
rule("/people/<id:person_id>/availability", people.availability, ("POST",), endpoint="availability")
rule("/people/<id:person_id>/approve", people.approve, ("POST",), endpoint="approve")
rule("/people/<id:person_id>/pause", people.pause, ("POST",), endpoint="pause")
rule("/people/<id:person_id>/resume", people.resume, ("POST",), endpoint="resume")
rule("/people/<id:person_id>/block", people.block, ("POST",), endpoint="block")
rule("/people/<id:person_id>/unblock", people.unblock, ("POST",), endpoint="unblock")
rule("/people/<id:person_id>/export", privacy.export, ("POST",), endpoint="export")
rule("/people/<id:person_id>/erase", privacy.erase, ("GET", "POST"), endpoint="erase")

rule("/checkins", checkins.index, ("GET", "POST"), endpoint="checkins")
rule(
    "/checkins/<id:person_id>/<any(pause, resume, end):what>",
    checkins.change,
    ("POST",),
    endpoint="checkin_change",
)
rule("/checkin-dates/<id:date_id>/seen", checkins.seen, ("POST",), endpoint="checkin_seen")
rule("/pairings", pairings.index, ("GET", "POST"), endpoint="pairings")
rule("/pairings/<id:pairing_id>", pairings.detail, endpoint="pairing")
rule("/pairings/<id:pairing_id>/pause", pairings.pause, ("POST",), endpoint="pairing_pause")
rule("/pairings/<id:pairing_id>/end", pairings.end, ("POST",), endpoint="pairing_end")
rule("/pairing-dates/<id:date_id>", pairings.date_page, endpoint="pairing_date")
rule("/pairing-dates/<id:date_id>/seen", pairings.date_seen, ("POST",), endpoint="pairing_seen")
rule("/offers", offers.index, endpoint="offers")
rule("/offers/new", offers.create, ("GET", "POST"), endpoint="offer_new")
rule("/offers/import", offers.import_upload, ("GET", "POST"), endpoint="offers_import")
rule("/offers/import/confirm", offers.import_confirm, ("POST",), endpoint="offers_import_confirm")
rule("/offers/<int:offer_id>", offers.detail, endpoint="offer")
rule("/offers/<int:offer_id>/edit", offers.edit, ("GET", "POST"), endpoint="offer_edit")
rule(
    "/offers/<int:offer_id>/<any(pause, activate, retire, checked):change>",
    offers.status,
    ("POST",),
    endpoint="offer_status",
)

rule("/figures", figures.index, endpoint="figures")
rule("/figures/<name>.csv", figures.csv_export, endpoint="figures_csv")

rule("/audit", admin.audit_log, endpoint="audit")
rule("/settings", admin.settings, ("GET", "POST"), endpoint="settings")
rule("/staff", admin.staff_list, ("GET", "POST"), endpoint="staff")
rule(
    "/staff/<id:staff_id>/<any(deactivate, activate, unlock):action>",
    admin.staff_action,
    ("POST",),
    endpoint="staff_action",
)

rule("/bans", bans.bans, ("GET", "POST"), endpoint="bans")
rule("/bans/<int:ban_id>/remove", bans.ban_remove, ("POST",), endpoint="ban_remove")

rule("/phone", phone.index, endpoint="phone")
rule("/phone/outbox", phone.outbox, endpoint="phone_outbox")
rule("/phone/dial", phone.dial, ("POST",), endpoint="phone_dial")
rule("/phone/input", phone.give_input, ("POST",), endpoint="phone_input")
rule("/phone/answer", phone.answer, ("POST",), endpoint="phone_answer")
rule("/phone/hangup", phone.hang_up, ("POST",), endpoint="phone_hangup")
rule("/phone/sms", phone.send_sms, ("POST",), endpoint="phone_sms")

rule("/statements", statements.index, endpoint="statements")
rule("/statements/<month>.<any(pdf,csv):fmt>", statements.month_file, endpoint="statements_file")
rule(
    "/statements/<month>/<id:person_id>.<any(pdf,csv):fmt>",
    statements.client_file,
    endpoint="statement_file",
)
rule("/statements/year/<int:year>.csv", statements.year_file, endpoint="statements_year")

rule("/recognition", recognition.index, endpoint="recognition")
rule("/recognition/preset", recognition.preset, ("POST",), endpoint="recognition_preset")
rule("/recognition/items", recognition.add_item, ("POST",), endpoint="recognition_item")
rule(
    "/recognition/items/<id:item_id>/remove",
    recognition.remove_item,
    ("POST",),
    endpoint="recognition_item_remove",
)
rule(
    "/recognition/requirements",
    recognition.save_requirements,
    ("POST",),
    endpoint="recognition_requirements",
)
rule(
    "/recognition/clearance-years",
    recognition.clearance_years,
    ("POST",),
    endpoint="recognition_years",
)
rule(
    "/recognition/helper-limits",
    recognition.helper_limits_save,
    ("POST",),
    endpoint="recognition_limits",
)
rule(
    "/people/<id:person_id>/checks/<id:item_id>",
    recognition.confirm,
    ("POST",),
    endpoint="person_check",
)
rule(
    "/people/<id:person_id>/checks/<id:item_id>/remove",
    recognition.unconfirm,
    ("POST",),
    endpoint="person_check_remove",
)
rule(
    "/people/<id:person_id>/clearance",
    recognition.clearance,
    ("POST",),
    endpoint="person_clearance",
)
rule(
    "/people/<id:person_id>/trainings",
    recognition.add_training,
    ("POST",),
    endpoint="person_training",
)
rule(
    "/people/<id:person_id>/trainings/<id:training_id>/remove",
    recognition.remove_training,
    ("POST",),
    endpoint="person_training_remove",
)
