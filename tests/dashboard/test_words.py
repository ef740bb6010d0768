"""Staff read German only: every main page, with a request in every state, calls in every
status, recordings of every kind and an audit log full of changes, shows no English word,
stored code or technical term ("outbound", "voicemail", "in-progress", "de", …)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from dispatch import lifecycle, recognition
from ivr.flows import FLOWS
from models import Actor, Call, CallEvent, HelpRequest, Message, Recording
from prompts import dashboard as T
from tests.dashboard.conftest import Page

#: What must never show: stored codes and English words the app uses internally.
CODES = [
    # request, offer, notice, follow-up and volunteer states
    "review",
    "searching",
    "assigned",
    "unmatched",
    "cancelled",
    "pending",
    "told",
    "unreachable",
    "due",
    "by_staff",
    "active",
    "paused",
    "blocked",
    "opted_out",
    "accepted",
    "declined",
    "expired",
    "taken",
    "withdrawn",
    "answered",
    # calls and messages
    "inbound",
    "outbound",
    "hotline",
    "offer",
    "notice",
    "followup",
    "escalation",
    "voicemail",
    "Voicemail",
    "description",
    "contact",
    "queued",
    "initiated",
    "ringing",
    "in-progress",
    "completed",
    "busy",
    "no-answer",
    "failed",
    "canceled",
    "undelivered",
    "delivered",
    "received",
    "replied",
    "hangup",
    "error",
    "details",
    "duty_alert",
    "reply",
    # categories, times, outcomes, channels, roles
    "shopping",
    "dog_walking",
    "phone_chat",
    "other",
    "today",
    "tomorrow",
    "soon",
    "not_home",
    "followup_ok",
    "followup_problem",
    "note",
    "sms",
    "call",
    "staff",
    "volunteer",
    "client",
    "system",
    "admin",
    "coordinator",
    "mobile",
    "landline",
    # audit details
    "fields",
    "change",
    "callback",
    "cli",
    "import",
    "verify",
    "assign",
    "listen",
    "login",
    "logout",
    # technical terms
    "Server-Zeit",
    "Sandbox",
    "Webhook",
    "Webhooks",
    "None",
    "True",
    "False",
    "null",
    "undefined",
    "ms",
]
FORBIDDEN = re.compile(r"(?<![\w.@/*-])(" + "|".join(map(re.escape, CODES)) + r")(?![\w@*-])")
#: Language codes on their own ("de", "tr", "en"), not inside a word, an address or a URL.
LANGUAGE_CODE = re.compile(r"(?<![\w.@/-])(de|tr|en|DE|TR)(?![\w.@/-])")


#: Fields whose value a reader sees (hidden fields, checkboxes and radios carry codes).
SHOWN_INPUT = re.compile(r"<input\b(?![^>]*type=\"(?:hidden|checkbox|radio|submit)\")[^>]*>")
VALUE = re.compile(r'value="([^"]*)"')


def _words_of(page) -> str:
    """What a reader sees, and what a form shows in its fields."""
    values = [m.group(1) for tag in SHOWN_INPUT.findall(page.html) for m in VALUE.finditer(tag)]
    textareas = re.findall(r"<textarea[^>]*>(.*?)</textarea>", page.html, flags=re.S)
    return " ".join([page.text, *values, *textareas])


def _check(page, path: str) -> None:
    assert page.status == 200, path
    seen = _words_of(page)
    found = sorted({m.group(1) for m in FORBIDDEN.finditer(seen)})
    codes = sorted({m.group(1) for m in LANGUAGE_CODE.finditer(seen)})
    assert found == [] and codes == [], (path, found, codes, _near(seen, found + codes))


def _near(text: str, words: list[str]) -> list[str]:
    out = []
    for word in words:
        i = text.find(word)
        out.append(text[max(0, i - 60) : i + 60])
    return out


@pytest.fixture
def everything(session, kommune, make_person, make_request, by_staff, run_tasks, sms, phone, admin):
    """A Kommune with something of everything staff can see."""
    kommune.languages = ["de", "tr"]
    kommune.allowance_cents = 550
    session.commit()
    erika = make_person("client", name="Erika Musterfrau", phone="+493023125101", languages=["de"])
    ayse = make_person("client", name="Ayşe Örnek", phone="+493023125103", languages=["tr", "de"])
    volunteers = {
        status: make_person("volunteer", name=f"Helfer {n}", status=status)
        for n, status in enumerate(("pending", "active", "paused", "blocked", "opted_out"))
    }
    max_ = make_person("volunteer", name="Max Mustermann", phone="+4915228817301")
    requests = {}
    requests["review"] = make_request(
        None, caller_name="Otto Normal", callback_phone="+493023125188"
    )
    requests["new"] = make_request(erika, category="dog_walking", when="soon")
    requests["searching"] = make_request(ayse, category="phone_chat")
    run_tasks()
    requests["assigned"] = make_request(erika, category="other", when="tomorrow")
    lifecycle.assign_by_hand(session, requests["assigned"], max_, actor=by_staff)
    requests["done"] = make_request(erika)
    lifecycle.assign_by_hand(session, requests["done"], max_, actor=by_staff)
    lifecycle.mark_done(session, requests["done"], actor=Actor.volunteer(max_.id))
    lifecycle.record_hours(session, requests["done"], 90, actor=Actor.volunteer(max_.id))
    lifecycle.record_hours(session, requests["done"], 75, actor=by_staff)
    # Recognition: the NRW list, requirements, a confirmation, one that ran out, a training.
    recognition.apply_preset(session, kommune)
    course = recognition.add_item(session, kommune, "Erste Hilfe", course_hours=9, valid_months=24)
    recognition.set_requirements(
        session, kommune, {"phone_chat": {"nw_brochure", "clearance"}, "shopping": {course.key}}
    )
    recognition.confirm(session, max_, course, date(2020, 1, 1), staff_user_id=admin.user.id)
    items = recognition.checklist(session, kommune.id)
    recognition.confirm(session, max_, items[0], date(2026, 1, 1), staff_user_id=admin.user.id)
    recognition.record_clearance(max_, date(2021, 12, 20), staff_user_id=admin.user.id)
    recognition.add_training(
        session, max_, "Demenz verstehen", date(2026, 3, 1), 90, staff_user_id=None
    )
    lifecycle.followup_answer(session, requests["done"], ok=False)
    requests["cancelled"] = make_request(erika)
    lifecycle.cancel(session, requests["cancelled"], actor=by_staff)
    requests["unmatched"] = make_request(ayse, category="shopping")
    lifecycle.escalate(session, requests["unmatched"])
    session.commit()
    run_tasks()
    sms(max_.phone, "STATUS")
    lifecycle.log_outcome(session, requests["done"], "not_home", note="niemand da", actor=by_staff)
    session.commit()

    # A call of every status, with speech, and recordings of every kind.
    calls = []
    for n, status in enumerate(
        (
            "queued",
            "initiated",
            "ringing",
            "in-progress",
            "completed",
            "busy",
            "no-answer",
            "failed",
            "canceled",
        )
    ):
        purpose = ("hotline", "offer", "notice", "followup", "escalation")[n % 5]
        call = Call(
            kommune_id=kommune.id,
            sid=f"CA{n:032d}",
            direction="inbound" if purpose == "hotline" else "outbound",
            purpose=purpose,
            from_number="+493023125177",
            to_number="+493023125000",
            status=status,
            person_id=erika.id,
            duration=30 + n,
        )
        session.add(call)
        session.flush()
        session.add(
            CallEvent(call_id=call.id, seq=1, step="main", speech="einkaufen", next_step="when")
        )
        calls.append(call)
    for outcome in ("request", "cancelled", "voicemail", "staff", "hangup", "error"):
        call = Call(
            kommune_id=kommune.id,
            direction="inbound",
            from_number="+493023125177",
            to_number="+493023125000",
            status="completed",
            outcome=outcome,
            needs_callback=outcome == "voicemail",
        )
        session.add(call)
        session.flush()
        calls.append(call)
    for n, purpose in enumerate(("description", "contact", "voicemail")):
        session.add(
            Recording(
                call_id=calls[n].id,
                sid=f"RE{n:032d}",
                url=f"https://api.twilio.com/rec/{n}",
                duration=7,
                purpose=purpose,
                request_id=requests["searching"].id if purpose == "description" else None,
            )
        )
    session.commit()

    # Every flow's steps in a call's path.
    walk = Call(kommune_id=kommune.id, direction="inbound", status="completed")
    session.add(walk)
    session.flush()
    steps = sorted({step for flow in FLOWS.values() for step in flow.steps})
    for seq, step in enumerate(steps, start=1):
        session.add(CallEvent(call_id=walk.id, seq=seq, step=step, next_step=step))
    session.commit()

    # Changes that fill the audit log.
    admin.post(
        f"/people/{erika.id}/edit",
        {
            "name": "Erika Musterfrau",
            "phone": "030 23125101",
            "district": "Nord",
            "languages": "Deutsch",
            "is_client": "y",
        },
    )
    admin.post(f"/people/{volunteers['pending'].id}/approve", {"recognized_on": "2026-11-01"})
    admin.post(f"/calls/{calls[-4].id}/callback-done", {})
    return {"requests": requests, "calls": calls, "walk": walk, "people": [erika, ayse, max_]}


def test_every_flow_step_has_a_german_label():
    missing = {
        name: [step for step in flow.steps if step not in T.STEP] for name, flow in FLOWS.items()
    }
    assert {name: steps for name, steps in missing.items() if steps} == {}


def test_no_english_or_technical_words_anywhere_staff_look(
    app, session, admin, everything, monkeypatch
):
    monkeypatch.setitem(app.config, "BROWSER_PHONE", True)  # the sandbox's outbox too
    requests, calls = everything["requests"], everything["calls"]
    paths = [
        "/",
        "/?part=lists",
        "/calls",
        "/calls?direction=outbound",
        "/requests",
        "/requests?status=open",
        "/people",
        "/people?role=volunteer",
        "/people/new",
        "/people/import",
        "/figures",
        "/statements",
        "/recognition",
        "/statements?monat=kein-monat",
        "/phone",
        "/phone/outbox",
        "/audit",
        "/staff",
        "/settings",
        f"/calls/{everything['walk'].id}",
        *(f"/calls/{call.id}" for call in calls),
        *(f"/requests/{request.id}" for request in requests.values()),
        *(f"/people/{person.id}" for person in everything["people"]),
        *(f"/people/{person.id}/edit" for person in everything["people"]),
        f"/people/{everything['people'][0].id}/erase",
    ]
    voicemail = session.scalar(select(Call).where(Call.outcome == "voicemail"))
    paths.append(f"/calls/{voicemail.id}/request")
    for path in paths:
        _check(admin.page(path), path)
    early = Page(
        admin.post(f"/requests/{requests['assigned'].id}/done", {"note": ""})
    )  # the question before the request's day
    _check(early, "confirm done")
    missing = admin.page("/gibt-es-nicht")
    assert missing.status == 404 and not FORBIDDEN.search(missing.text)
    assert session.scalar(select(Message).where(Message.direction == "outbound")) is not None
    assert session.get(HelpRequest, requests["assigned"].id).status == "assigned"


def test_language_codes_are_shown_as_names(session, admin, everything):
    ayse = everything["people"][1]
    page = admin.page(f"/people/{ayse.id}")
    assert "Türkisch, Deutsch" in page
    edit = admin.page(f"/people/{ayse.id}/edit")
    assert edit.inputs["languages"] == "Türkisch, Deutsch"
