"""A concern by phone: a volunteer with an assignment calls the hotline, hears "Für eine
Sorge um jemanden, dem Sie helfen, drücken Sie die 8." among their assignments, says what
they noticed, and staff get the same urgent flag on Heute as from "SORGE 4711 …" by SMS."""

from __future__ import annotations

from sqlalchemy import select

from models import Flag, Outcome, Recording
from prompts import dashboard as T
from prompts import voice as P
from tests.dashboard.test_concerns import _helped


def test_the_volunteer_says_it_and_staff_see_it_first_on_heute(
    session, phone, coordinator, by_staff, make_request, make_person
):
    max_ = make_person("volunteer", name="Max Mustermann")
    request = _helped(session, make_request, max_, by_staff, done=False)

    helper = phone(max_.phone)
    helper.call()
    assert str(P.ASSIGNMENTS_ONE) in helper.heard
    assert helper.key_for("Sorge um jemanden, dem Sie helfen") == "8"
    assert helper.key_for("anderes Anliegen") == "9"
    helper.choose("Sorge um jemanden, dem Sie helfen")
    assert str(P.CONCERN_ASK) in helper.heard  # one client: no question which
    helper.say("Frau M. wirkte verwirrt und hatte nichts im Kühlschrank")
    assert str(P.CONCERN_THANKS) in helper.heard and helper.ended

    flag = session.scalars(select(Flag).where(Flag.reason == "concern")).one()
    assert (flag.request_id, flag.note, flag.raised_by) == (
        request.id,
        "Frau M. wirkte verwirrt und hatte nichts im Kühlschrank",
        f"volunteer:{max_.id}",
    )
    outcome = session.scalars(select(Outcome).where(Outcome.kind == "concern")).one()
    assert outcome.reported_by == "volunteer"
    attention = coordinator.page("/").text.split("Suche läuft")[0]
    assert str(T.ATTENTION["concern"]) in attention
    assert "Frau M. wirkte verwirrt" in attention


def test_with_two_clients_the_volunteer_says_which(
    session, phone, by_staff, make_request, make_person
):
    max_ = make_person("volunteer", name="Max Mustermann")
    first = _helped(session, make_request, max_, by_staff, done=False)
    gerda = make_person("client", name="Gerda Beispiel", phone="+493023125112")
    second = _helped(session, lambda: make_request(gerda), max_, by_staff, done=False)

    helper = phone(max_.phone)
    helper.call()
    helper.choose("Sorge um jemanden, dem Sie helfen")
    assert str(P.CONCERN_WHICH) in helper.heard
    helper.choose(f"Gerda, Anfrage {', '.join(second.ref)}")
    helper.say("Sie ist gestürzt")
    flag = session.scalars(select(Flag).where(Flag.reason == "concern")).one()
    assert (flag.request_id, flag.note) == (second.id, "Sie ist gestürzt")
    assert first.id != second.id


def test_nothing_recognised_the_words_are_recorded_and_flagged(
    session, phone, by_staff, make_request, make_person
):
    max_ = make_person("volunteer", name="Max Mustermann")
    request = _helped(session, make_request, max_, by_staff, done=False)

    helper = phone(max_.phone)
    helper.call()
    helper.choose("Sorge um jemanden, dem Sie helfen")
    for _ in range(3):
        if helper.phone.waiting and helper.phone.waiting.kind == "record":
            break
        helper.silence()
    assert "Wir nehmen Ihre Worte jetzt auf" in " ".join(helper.transcript)
    helper.record("Frau M. wirkte verwirrt", seconds=9)
    assert str(P.CONCERN_THANKS) in helper.heard
    flag = session.scalars(select(Flag).where(Flag.reason == "concern")).one()
    assert (flag.request_id, flag.note) == (request.id, str(T.CONCERN_BY_RECORDING))
    recording = session.scalars(select(Recording).where(Recording.purpose == "concern")).one()
    assert recording.request_id == request.id
