"""The browser phone: a keypad page calling the hotline through the real (signed)
webhooks, and the sandbox's outbox of SMS and calls, with a way to answer as a volunteer."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, jsonify, render_template, request
from werkzeug.wrappers import Response

from models import Call, db
from models import phone as phones
from prompts import dashboard as T
from telephony.softphone import PhoneError

from ..auth import staff
from ..scope import get_or_404, kommune, kommune_id, person_of_kommune
from . import queries, softphone


def _enabled() -> bool:
    return bool(current_app.config["BROWSER_PHONE"])


def index() -> str:
    clients, volunteers, messages, calls, ringing = [], [], [], [], []
    if _enabled():
        clients, volunteers = queries.phone_people(db.session, kommune_id())
        messages, calls = queries.sandbox_outbox(db.session, kommune_id())
        ringing = queries.rota_ringing(db.session, kommune_id())
    return render_template(
        "dashboard/phone.html",
        enabled=_enabled(),
        kommune=kommune(),
        clients=clients,
        volunteers=volunteers,
        messages=messages,
        calls=calls,
        ringing=ringing,
    )


def outbox() -> str:
    if not _enabled():  # with real Twilio these are real people's messages
        abort(404)
    messages, calls = queries.sandbox_outbox(db.session, kommune_id())
    ringing = queries.rota_ringing(db.session, kommune_id())
    return render_template(
        "dashboard/_outbox.html", messages=messages, calls=calls, ringing=ringing
    )


def _body() -> dict[str, Any]:
    if not _enabled():
        abort(404)
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        abort(400)
    return data


def _run(step: Any) -> Response | tuple[Response, int]:
    try:
        result = step()
    except softphone.PhoneStateError:
        return jsonify(error=str(T.PHONE_NOTHING_WAITING)), 409
    except PhoneError as exc:
        return jsonify(error=T.PHONE_FAILED(error=str(exc))), 502
    if isinstance(result, list):
        return jsonify(replies=result)
    return jsonify(result.as_json())


def dial() -> Response | tuple[Response, int]:
    data = _body()
    raw = str(data.get("from", "")).strip()
    caller = "anonymous" if raw in ("", "anonymous") else phones.parse_or_none(raw)
    if caller is None:
        return jsonify(error=str(T.PHONE_INVALID)), 400
    place = kommune()
    return _run(lambda: softphone.dial(place, caller, staff_id=staff().id))


def give_input() -> Response | tuple[Response, int]:
    data = _body()
    keys = "".join(ch for ch in str(data.get("keys", "")) if ch in "0123456789*#")[:40]
    record = str(data["record"])[:500] if data.get("record") else None
    return _run(
        lambda: softphone.give(
            str(data.get("state", "")),
            staff_id=staff().id,
            keys=keys,
            speech=str(data.get("speech", ""))[:500].strip(),
            record=record,
            connect=bool(data.get("connect")),
            silence=bool(data.get("silence")),
        )
    )


def hang_up() -> Response | tuple[Response, int]:
    data = _body()
    return _run(
        lambda: softphone.give(str(data.get("state", "")), staff_id=staff().id, hang_up=True)
    )


def answer() -> Response | tuple[Response, int]:
    data = _body()
    call_id = data.get("call_id")
    if not isinstance(call_id, int):
        abort(400)
    call = get_or_404(Call, call_id)
    number = data.get("number")
    if isinstance(number, str) and number:  # the rota's ring of a caller who pressed 0
        if call.direction != "inbound" or call.ended or call.state.get("taken_by"):
            return jsonify(error=str(T.PHONE_CALL_GONE)), 409
        if number not in call.state.get("ringing", []):
            return jsonify(error=str(T.PHONE_CALL_GONE)), 409
        return _run(lambda: softphone.answer_rota(call, number, staff_id=staff().id))
    if call.direction != "outbound" or call.ended or not call.sid:
        return jsonify(error=str(T.PHONE_CALL_GONE)), 409
    return _run(lambda: softphone.answer(call, staff_id=staff().id))


def send_sms() -> Response | tuple[Response, int]:
    data = _body()
    person_id = data.get("person_id")
    sender = person_of_kommune(person_id if isinstance(person_id, int) else None)
    body = str(data.get("body", "")).strip()[:1600]
    if sender is None or not body:
        abort(400)
    number, place = sender.phone, kommune()
    return _run(lambda: softphone.send_sms(place, number, body))
