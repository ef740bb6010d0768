"""Concerns: a volunteer writes "SORGE 4711 Frau M. wirkte verwirrt"; staff of that Kommune
see it first on Heute with the words, a note does not close it, only a record of what was
done does; other Kommunen never see it, and viewing it is audited."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from dispatch import lifecycle
from models import Actor, AuditEntry, Flag, Outcome
from models import base as model_base
from prompts import dashboard as T


def _helped(session, make_request, volunteer, by_staff, *, done=True):
    request = make_request()
    lifecycle.assign_by_hand(session, request, volunteer, actor=by_staff)
    if done:
        lifecycle.mark_done(session, request, actor=Actor.volunteer(volunteer.id))
    session.commit()
    return request


def test_a_concern_by_sms_goes_first_on_heute_and_closes_only_with_what_was_done(
    session, sms, coordinator, by_staff, make_request, make_person
):
    max_ = make_person("volunteer", name="Max Mustermann")
    request = _helped(session, make_request, max_, by_staff)
    unknown = make_request(None, caller_name="Otto Normal", callback_phone="+493023125188")

    reply = sms(max_.phone, f"SORGE {request.ref} Frau M. wirkte verwirrt")
    assert reply[0].startswith("Nachbarruf: Danke, dass Sie uns das sagen.")
    flag = session.scalars(select(Flag).where(Flag.reason == "concern")).one()
    assert (flag.request_id, flag.note, flag.raised_by) == (
        request.id,
        "Frau M. wirkte verwirrt",
        f"volunteer:{max_.id}",
    )
    outcome = session.scalars(select(Outcome).where(Outcome.kind == "concern")).one()
    assert (outcome.reported_by, outcome.note) == ("volunteer", "Frau M. wirkte verwirrt")

    heute = coordinator.page("/").text
    attention = heute.split("Suche läuft")[0]
    assert "Frau M. wirkte verwirrt" in attention
    assert attention.index(str(T.ATTENTION["concern"])) < attention.index(unknown.ref)

    page = coordinator.page(f"/requests/{request.id}")
    assert "Frau M. wirkte verwirrt" in page.html.split(f'id="flag-{flag.id}"')[1]
    coordinator.post(f"/requests/{request.id}/outcome", {"kind": "note", "note": "angerufen"})
    session.expire_all()
    assert flag.is_open  # a note does not close it
    coordinator.post(f"/requests/{request.id}/flags/{flag.id}/resolve", {"resolution": ""})
    session.expire_all()
    assert flag.is_open  # nor an empty record
    coordinator.post(
        f"/requests/{request.id}/flags/{flag.id}/resolve",
        {"resolution": "Tochter angerufen, Hausarzt informiert"},
    )
    session.expire_all()
    assert not flag.is_open and flag.resolution == "Tochter angerufen, Hausarzt informiert"
    viewed = session.scalars(
        select(AuditEntry).where(
            AuditEntry.action == "view",
            AuditEntry.subject_type == "request",
            AuditEntry.subject_id == request.id,
        )
    ).all()
    assert viewed  # the request page with the concern was opened: audited


def test_a_second_concern_adds_its_words_to_the_open_flag(
    session, sms, by_staff, make_request, make_person
):
    max_ = make_person("volunteer")
    request = _helped(session, make_request, max_, by_staff, done=False)  # still assigned
    sms(max_.phone, "SORGE Kühlschrank leer")  # the only one: no number needed
    sms(max_.phone, f"Sorge {request.ref} Herd war an")
    flag = session.scalars(select(Flag).where(Flag.reason == "concern")).one()
    assert flag.note == "Kühlschrank leer\nHerd war an"


def test_a_concern_without_words_or_about_a_stranger_gets_a_question(
    session, sms, by_staff, make_request, make_person
):
    max_ = make_person("volunteer")
    request = _helped(session, make_request, max_, by_staff)
    other = _helped(session, make_request, make_person("volunteer"), by_staff)
    assert sms(max_.phone, f"SORGE {request.ref}") == [
        f"Nachbarruf: Was ist Ihnen aufgefallen? Schreiben Sie z. B.: SORGE {request.ref} "
        "Frau M. wirkte verwirrt"
    ]
    assert sms(max_.phone, f"SORGE {other.ref} wirkte verwirrt") == [
        f"Nachbarruf: Zu Anfrage {other.ref} haben Sie gerade nichts offen."
    ]
    second = _helped(session, make_request, max_, by_staff)
    reply = sms(max_.phone, "SORGE wirkte verwirrt")[0]  # two: which one?
    assert "SORGE" in reply and request.ref in reply and second.ref in reply
    model_base.travel(timedelta(days=31))
    assert "nichts offen" in sms(max_.phone, f"SORGE {request.ref} wirkte verwirrt")[0]
    assert session.scalars(select(Flag).where(Flag.reason == "concern")).all() == []


def test_another_kommune_never_sees_the_concern(
    session, sms, by_staff, make_request, make_person, other_kommune, make_staff, staff_browser
):
    max_ = make_person("volunteer")
    request = _helped(session, make_request, max_, by_staff)
    sms(max_.phone, f"SORGE {request.ref} Frau M. wirkte verwirrt")
    stranger = staff_browser(
        make_staff("verwaltung@beispielhausen.example", kommune=other_kommune, role="admin")
    )
    assert "wirkte verwirrt" not in stranger.page("/").text
    assert stranger.get(f"/requests/{request.id}").status_code == 404
