"""Telefonpatenschaften in the dashboard: staff pair a client and a volunteer with weekly
times, see every date on the pairing's page, see a date that fell through on Heute (until
they mark it seen), pause the next date or end the pairing — in German, audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from models import BERLIN, AuditEntry, DateState, Pairing, PairingDate, PairingStatus
from models import base as model_base
from tests.dashboard.test_words import _check
from tests.phone import Caller


@pytest.fixture(autouse=True)
def _monday_morning():
    wanted = datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN).astimezone(UTC)
    model_base.travel(wanted - model_base.utcnow())


@pytest.fixture
def people(make_person):
    erika = make_person("client", name="Erika Musterfrau", phone="+493023125111")
    max_ = make_person("volunteer", name="Max Mustermann", phone="+4915228817301")
    return erika, max_


def test_staff_pair_two_people_and_follow_every_date(
    session, coordinator, people, run_tasks, fake_twilio, app, client
):
    erika, max_ = people
    page = coordinator.page("/pairings")
    _check(page, "/pairings")
    assert "Noch keine Telefonpatenschaften." in page.text
    wrong = coordinator.post(
        "/pairings", {"client": erika.id, "volunteer": max_.id, "times": "10:00"}
    )
    assert "Vor „10:00“ fehlt der Wochentag" in wrong.get_data(as_text=True)
    response = coordinator.post(
        "/pairings", {"client": erika.id, "volunteer": max_.id, "times": "Di 10:00, Fr 15:30"}
    )
    pairing = session.scalars(select(Pairing)).one()
    shown = coordinator.follow(response)
    _check(shown, "/pairings/1")
    assert f"Telefonpatenschaft {pairing.ref} angelegt." in shown.text
    assert "jede Woche Di 10:00, Fr 15:30" in shown.text
    assert "24.11.2026, 10:00" in shown.text
    audit = session.scalars(
        select(AuditEntry).where(
            AuditEntry.subject_type == "pairing", AuditEntry.action == "create"
        )
    ).one()
    assert audit.staff_user_id == coordinator.user.id and audit.person_id == erika.id
    assert pairing.created_by == f"staff:{coordinator.user.id}"

    # Tuesday 10:00: Max says "heute nicht" — the date falls through and shows on Heute
    run_tasks(advance=timedelta(days=1, hours=1))
    helper = Caller.answering(app, client, fake_twilio.calls_to(max_.phone)[-1])
    helper.choose("heute nicht")
    coordinator.login(coordinator.user.email)  # a day later: a new working day, a new login
    today = coordinator.page("/")
    _check(today, "/")
    assert "Telefonpatenschaft fiel aus" in today.text
    assert "ausgefallen (Helfer*in konnte nicht)" in today.text
    date = session.scalars(select(PairingDate).where(PairingDate.needs_staff.is_(True))).one()
    coordinator.post(f"/pairing-dates/{date.id}/seen", {})
    assert "Telefonpatenschaft fiel aus" not in coordinator.page("/").text
    session.refresh(date)
    assert (date.state, date.needs_staff) == (DateState.MOVED, False)

    page = coordinator.page(f"/pairings/{pairing.id}")
    _check(page, "/pairings/1")
    assert "ausgefallen (Helfer*in konnte nicht)" in page.text and "geplant" in page.text
    listed = coordinator.page("/pairings")
    assert "0 telefoniert, 1 ausgefallen, 0 ausgesetzt" in listed.text

    # pause the next date (Friday 15:30), then end the pairing
    paused = coordinator.follow(coordinator.post(f"/pairings/{pairing.id}/pause", {}))
    assert "Das nächste Telefonat fällt aus." in paused.text and "ausgesetzt" in paused.text
    ended = coordinator.follow(coordinator.post(f"/pairings/{pairing.id}/end", {}))
    assert "Die Telefonpatenschaft ist beendet." in ended.text
    session.refresh(pairing)
    assert pairing.status == PairingStatus.ENDED
    calls_before = len(fake_twilio.calls_to(max_.phone))
    run_tasks(advance=timedelta(days=8))
    assert len(fake_twilio.calls_to(max_.phone)) == calls_before


def test_the_audit_log_names_who_set_up_and_ended_a_pairing_in_german(session, admin, people):
    erika, max_ = people
    admin.post("/pairings", {"client": erika.id, "volunteer": max_.id, "times": "Di 10:00"})
    pairing = session.scalars(select(Pairing)).one()
    admin.post(f"/pairings/{pairing.id}/end", {})
    page = admin.page("/audit")
    _check(page, "/audit")
    assert "Telefonpatenschaft" in page.text and "beendet" in page.text


def test_another_kommunes_pairing_is_not_found(session, coordinator, make_kommune, make_person):
    other = make_kommune(name="Beispielhausen", number="+493023125500")
    erika = make_person("client", kommune=other)
    max_ = make_person("volunteer", kommune=other)
    pairing = Pairing(
        kommune_id=other.id, client_id=erika.id, volunteer_id=max_.id, slots=[[1, "10:00"]]
    )
    session.add(pairing)
    session.commit()
    assert coordinator.get(f"/pairings/{pairing.id}").status_code == 404
    assert coordinator.post(f"/pairings/{pairing.id}/end", {}).status_code == 404


def test_zahlen_count_dates_check_ins_and_minutes_per_month(
    session, admin, people, run_tasks, fake_twilio, app, client
):
    from dispatch import checkins
    from models import SYSTEM
    from models.week import slots

    erika, max_ = people
    admin.post("/pairings", {"client": erika.id, "volunteer": max_.id, "times": "Di 10:00"})
    checkins.set_up(
        session, erika, slots("täglich 11:00"), contact_name="", contact_phone=None, actor=SYSTEM
    )
    session.commit()
    run_tasks(advance=timedelta(days=1, hours=1))  # Tuesday 10:00: the pairing's date
    helper = Caller.answering(app, client, fake_twilio.calls_to(max_.phone)[-1])
    helper.choose("Gespräch jetzt")
    helper.connect(answered=True, seconds=1200)
    run_tasks(advance=timedelta(hours=1))  # 11:00: the check-in
    senior = Caller.answering(app, client, fake_twilio.calls_to(erika.phone)[-1])
    senior.choose("alles in Ordnung")
    admin.login(admin.user.email)
    page = admin.page("/figures?start=2026-11-01&end=2026-11-30")
    _check(page, "/figures")
    assert "Dauerhafte Hilfe" in page.text
    csv = admin.get("/figures/lasting.csv?start=2026-11-01&end=2026-11-30").get_data(as_text=True)
    assert "11.2026;1;0;0;1;0;0;20" in csv
