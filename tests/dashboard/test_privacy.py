"""DSGVO: the audit log, a person's export, erasure (here and at Twilio), and retention
limits enforced by the nightly task."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from dispatch import lifecycle, retention
from jobs.runner import execute
from models import (
    Actor,
    AuditEntry,
    Call,
    CallEvent,
    HelpRequest,
    Kommune,
    Message,
    Outcome,
    Person,
    Recording,
    Task,
    utcnow,
)
from models import base as model_base
from prompts import dashboard as T
from telephony import TelephonyError


def _run(session, kind):
    """Run the pending tasks of ``kind`` the way the worker does (in a session that holds
    no copy of the task rows)."""
    results = []
    for task_id in session.scalars(
        select(Task.id).where(Task.kind == kind, Task.state == "pending")
    ).all():
        session.expire_all()
        results.append(execute(task_id))
    session.expire_all()
    return results


def test_audit_log_shows_who_saw_and_changed_what(
    session, admin, admin_user, coordinator, make_person
):
    erika = make_person("client", name="Erika Musterfrau")
    coordinator.page(f"/people/{erika.id}")
    coordinator.post(f"/people/{erika.id}/request", {"category": "shopping", "when": "today"})
    page = admin.page("/audit")
    assert (
        "koordination" in page
        and "angesehen" in page
        and "angelegt" in page
        and "Erika Musterfrau" in page
    )
    only_erika = admin.page(f"/audit?person={erika.id}")
    assert "Nur Einträge zu Erika Musterfrau" in only_erika
    assert only_erika.text.count("koordination") >= 2


def test_export_gives_everything_about_one_person(session, admin, make_person, make_request, phone):
    erika = make_person(
        "client", name="Erika Musterfrau", phone="+493023125101", address="Musterweg 1"
    )
    other = make_person("client", name="Max Mustermann", phone="+493023125102")
    make_request(erika, description="Brot und Milch")
    make_request(other, description="Zeitung")
    caller = phone(erika.phone)
    caller.call()
    caller.hang_up()

    response = admin.post(f"/people/{erika.id}/export")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.data)
    assert (
        data["person"]["name"] == "Erika Musterfrau" and data["person"]["address"] == "Musterweg 1"
    )
    assert [r["description"] for r in data["requests"]] == ["Brot und Milch"]
    assert len(data["calls"]) == 1 and data["calls"][0]["from"] == "+493023125101"
    assert "Zeitung" not in response.get_data(
        as_text=True
    ) and "Max Mustermann" not in response.get_data(as_text=True)
    assert session.scalar(
        select(AuditEntry.action).where(
            AuditEntry.person_id == erika.id, AuditEntry.action == "export"
        )
    )


def test_erase_anonymises_history_and_deletes_recordings_here_and_at_twilio(
    session, admin, admin_user, make_person, make_request, phone, fake_twilio
):
    erika = make_person(
        "client",
        name="Erika Musterfrau",
        phone="+493023125101",
        address="Musterweg 1",
        notes="Tochter: 0170…",
    )
    volunteer = make_person("volunteer", name="Max Mustermann")
    caller = phone(erika.phone)
    caller.call()
    caller.choose("Einkaufen")
    caller.choose("heute")
    caller.say("Brot und Milch vom Bäcker")
    caller.choose("Ja")
    caller.hang_up()
    request = session.scalar(select(HelpRequest).where(HelpRequest.client_id == erika.id))
    lifecycle.assign_by_hand(session, request, volunteer, actor="staff:1")
    call = session.scalar(select(Call).where(Call.from_number == erika.phone))
    sid = "RE" + "3" * 32
    recording = Recording(
        call_id=call.id,
        request_id=request.id,
        sid=sid,
        url=fake_twilio.add_recording(sid),
        purpose="description",
    )
    session.add(recording)
    session.commit()

    confirm = admin.page(f"/people/{erika.id}/erase")
    assert "Endgültig löschen" in confirm
    refused = admin.post(f"/people/{erika.id}/erase", {})
    assert str(T.CONFIRM_ERASE) in refused.get_data(as_text=True)
    response = admin.post(f"/people/{erika.id}/erase", {"confirm": "y"})
    page = admin.follow(response)
    assert str(T.PERSON_ERASED) in page and "gelöschte Person" in page and "Erika" not in page

    session.expire_all()
    erika = session.get(Person, erika.id)
    assert (
        erika.erased_at is not None
        and erika.name == ""
        and erika.address == ""
        and erika.notes == ""
    )
    assert erika.phone.startswith("erased:")
    assert request.description == "" and request.status == "cancelled"
    assert (
        request.category == "shopping" and request.district == erika.district
    )  # kept for the figures
    assert call.from_number is None and call.state == {}
    events = session.scalars(select(CallEvent).where(CallEvent.call_id == call.id)).all()
    assert events and all(e.speech is None and e.response == "" for e in events)
    details = session.scalar(select(Message).where(Message.purpose == "details"))
    assert details.body == ""  # the SMS to the volunteer held her address
    told = session.scalar(select(Message).where(Message.purpose == "cancelled"))
    assert (
        told.to_number == volunteer.phone and request.ref in told.body
    )  # the volunteer is told not to come
    assert recording.url == ""  # can no longer be played ...
    assert admin.get(f"/recordings/{recording.id}").status_code == 410
    assert _run(session, "delete_recording") == ["done"]  # ... and is deleted at Twilio by a task
    assert fake_twilio.deleted_recordings == [sid]
    assert recording.deleted_at is not None
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "erase"))
    assert (
        entry.person_id == erika.id
        and entry.staff_user_id == admin_user.id
        and entry.detail["recordings"] == 1
    )
    assert "Erika" not in json.dumps(entry.detail)


def test_erasing_survives_a_twilio_outage(session, admin, make_person, fake_twilio, kommune):
    erika = make_person("client", name="Erika Musterfrau")
    call = Call(
        kommune_id=kommune.id,
        direction="inbound",
        sid="CAout",
        from_number=erika.phone,
        person_id=erika.id,
        status="completed",
    )
    session.add(call)
    session.flush()
    sid = "RE" + "4" * 32
    session.add(
        Recording(call_id=call.id, sid=sid, url=fake_twilio.add_recording(sid), purpose="voicemail")
    )
    session.commit()
    admin.post(f"/people/{erika.id}/erase", {"confirm": "y"})
    fake_twilio.fail_next = [503]
    task_id = session.scalar(select(Task.id).where(Task.kind == "delete_recording"))
    with pytest.raises(TelephonyError):  # the worker sees the failure; the task stays
        execute(task_id)
    session.expire_all()
    task = session.get(Task, task_id)
    assert (task.state, task.attempts) == ("pending", 1)
    assert fake_twilio.deleted_recordings == []
    model_base.travel(timedelta(minutes=5))
    session.expunge(task)
    assert execute(task_id) == "done"
    assert fake_twilio.deleted_recordings == [sid]


def test_retention_deletes_old_recordings_and_anonymises_old_closed_requests(
    session, kommune, make_person, make_request, fake_twilio
):
    kommune.recording_retention_days = 30
    kommune.record_retention_days = 365
    erika = make_person("client", name="Erika Musterfrau")
    old = make_request(erika, description="alte Anfrage")
    lifecycle.cancel(session, old, actor=Actor.client(old.client_id))
    session.add(
        Outcome(request_id=old.id, kind="note", reported_by="staff", note="Notiz mit Namen")
    )
    fresh = make_request(erika, description="neue Anfrage")
    call = Call(
        kommune_id=kommune.id,
        direction="inbound",
        sid="CAold",
        from_number=erika.phone,
        status="completed",
    )
    session.add(call)
    session.flush()
    session.add(
        CallEvent(
            call_id=call.id, seq=0, step="describe", speech="Brot und Milch", response="<Response/>"
        )
    )
    sms = Message(
        kommune_id=kommune.id,
        direction="inbound",
        from_number=erika.phone,
        body="ABSAGEN",
        status="received",
    )
    session.add(sms)
    old_sid, new_sid = "RE" + "5" * 32, "RE" + "6" * 32
    old_rec = Recording(
        call_id=call.id, sid=old_sid, url=fake_twilio.add_recording(old_sid), purpose="voicemail"
    )
    new_rec = Recording(
        call_id=call.id, sid=new_sid, url=fake_twilio.add_recording(new_sid), purpose="voicemail"
    )
    session.add_all([old_rec, new_rec])
    session.commit()
    long_ago = utcnow() - timedelta(days=400)
    old.cancelled_at = long_ago
    call.started_at = long_ago
    sms.created_at = long_ago
    old_rec.created_at = utcnow() - timedelta(days=31)
    session.commit()

    retention.run()
    assert _run(session, "delete_recording") == ["done"]
    assert fake_twilio.deleted_recordings == [old_sid]
    assert old_rec.deleted_at is not None and new_rec.deleted_at is None
    assert (old.description, old.status, old.category) == ("", "cancelled", "shopping")
    assert (
        session.scalar(
            select(Outcome.note).where(Outcome.request_id == old.id, Outcome.kind == "note")
        )
        == ""
    )
    assert fresh.description == "neue Anfrage"  # open: never anonymised
    assert (
        call.from_number is None
        and session.scalar(select(CallEvent.speech).where(CallEvent.call_id == call.id)) is None
    )
    assert sms.body == "" and sms.from_number is None
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "retention"))
    assert entry.detail == {"recordings": 1, "requests": 1, "calls": 1, "messages": 1}

    retention.run()  # nothing left to do the second time
    assert session.scalars(select(AuditEntry).where(AuditEntry.action == "retention")).all() == [
        entry
    ]


def test_retention_reschedules_itself_and_the_sweeper_keeps_one_waiting(app, session, kommune):
    model_base.travel(datetime(2026, 11, 23, 2, 0, tzinfo=UTC) - utcnow())  # 3:00 in Berlin
    task = retention.ensure_scheduled(session)
    session.commit()
    assert task.due_at == datetime(2026, 11, 24, 2, 0, tzinfo=UTC)  # next night, 3:00 Berlin
    assert retention.ensure_scheduled(session).id == task.id  # once
    from jobs.sweeper import schedule_daily

    schedule_daily(app)
    assert session.scalars(select(Task).where(Task.kind == "retention")).all() == [task]

    model_base.travel(timedelta(days=1, minutes=1))
    assert execute(task.id) == "done"
    keys = session.scalars(select(Task.key).where(Task.kind == "retention").order_by(Task.id)).all()
    assert keys == ["retention:2026-11-24", "retention:2026-11-25"]


def test_settings_change_the_retention_days(session, admin, kommune):
    page = admin.page("/settings")
    assert page.inputs["recording_retention_days"] == "30"
    response = admin.post(
        "/settings",
        {
            "recording_retention_days": "14",
            "record_retention_days": "180",
            "round_size": "",
            "round_minutes": "15",
            "max_rounds": "",
            "followup_days": "1",
            "followup_hour": "10",
            "office_hours": "Mo-Fr 9-16",
            "state": "NW",
            "duty_phones": "030 23125900",
        },
    )
    assert str(T.SAVED) in admin.follow(response)
    session.expire_all()
    kommune = session.get(Kommune, kommune.id)
    assert (
        kommune.recording_retention_days,
        kommune.record_retention_days,
        kommune.round_seconds,
    ) == (14, 180, 900)
    bad = admin.post(
        "/settings",
        {
            "recording_retention_days": "0",
            "record_retention_days": "180",
            "followup_days": "1",
            "followup_hour": "10",
        },
    )
    assert bad.status_code == 200 and kommune.recording_retention_days == 14


def test_admins_manage_staff_accounts(session, admin, admin_user, app):
    from models import StaffUser
    from tests.dashboard.conftest import Staff

    response = admin.post(
        "/staff",
        {
            "email": "Neu@Musterstadt.example",
            "name": "Nora Neu",
            "role": "coordinator",
            "password": "noch-ein-passwort",
            "password_again": "noch-ein-passwort",
        },
    )
    assert T.STAFF_CREATED(email="neu@musterstadt.example") in admin.follow(response)
    new = session.scalar(select(StaffUser).where(StaffUser.email == "neu@musterstadt.example"))
    assert new.kommune_id == admin_user.kommune_id and new.role == "coordinator"
    assert Staff(app.test_client(), None).login(new.email, "noch-ein-passwort").status_code == 302
    admin.post(f"/staff/{new.id}/deactivate")
    session.expire_all()
    assert new.active is False
    assert Staff(app.test_client(), None).login(new.email, "noch-ein-passwort").status_code == 200
    assert str(T.STAFF_NOT_SELF) in admin.follow(admin.post(f"/staff/{admin_user.id}/deactivate"))
