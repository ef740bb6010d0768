"""Anrufkette in the dashboard and the CSV import: staff set a client's daily check-in
with a trusted contact, pause, resume and end it; an urgent check-in is on Heute until
seen; the import reads `checkin`/`Anrufzeit`, `Vertrauensperson`, `Telefon
Vertrauensperson`; export and erase include the check-in and the trusted contact."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from dispatch import importer, privacy
from models import BERLIN, CheckInDate, CheckInState, Person
from models import base as model_base
from tests.dashboard.test_words import _check
from tests.phone import call_not_answered

CONTACT = "+4915228817350"


@pytest.fixture(autouse=True)
def _monday_morning():
    wanted = datetime(2026, 11, 23, 8, 0, tzinfo=BERLIN).astimezone(UTC)
    model_base.travel(wanted - model_base.utcnow())


def test_staff_set_a_check_in_and_see_an_urgent_one_on_heute(
    session, coordinator, make_person, run_tasks, fake_twilio, app, client
):
    erika = make_person("client", name="Erika Musterfrau", phone="+493023125111")
    page = coordinator.page("/checkins")
    _check(page, "/checkins")
    wrong = coordinator.post("/checkins", {"person": erika.id, "times": "9:30"})
    assert "fehlt der Wochentag" in wrong.get_data(as_text=True)
    done = coordinator.follow(
        coordinator.post(
            "/checkins",
            {
                "person": erika.id,
                "times": "Mo-Fr 9:30",
                "contact_name": "Paul Musterfrau",
                "contact_phone": "0152 28817350",
            },
        )
    )
    _check(done, "/checkins")
    assert "Täglicher Anruf für Erika Musterfrau gespeichert." in done.text
    assert "Mo 09:30, Di 09:30" in done.text and "Paul Musterfrau" in done.text
    session.refresh(erika)
    assert erika.contact_phone == CONTACT

    # nobody answers three times: urgent on Heute
    run_tasks(advance=timedelta(hours=1, minutes=30))
    for _ in range(3):
        call_not_answered(app, client, fake_twilio.calls_to(erika.phone)[-1])
        run_tasks(advance=timedelta(minutes=10, seconds=1))
    today = coordinator.page("/")
    _check(today, "/")
    assert "Dringend: Täglicher Anruf – nicht erreicht – Vertrauensperson informiert" in today.text
    date = session.scalars(select(CheckInDate).where(CheckInDate.needs_staff.is_(True))).one()
    coordinator.post(f"/checkin-dates/{date.id}/seen", {})
    assert "Dringend" not in coordinator.page("/").text

    coordinator.post(f"/checkins/{erika.id}/pause", {})
    session.refresh(erika)
    assert erika.checkin_paused is True
    assert "Pause" in coordinator.page("/checkins").text
    coordinator.post(f"/checkins/{erika.id}/resume", {})
    coordinator.post(f"/checkins/{erika.id}/end", {})
    session.refresh(erika)
    assert (erika.checkin_slots, erika.checkin_paused) == (None, False)


CSV = (
    "Rolle;Name;Telefon;Ortsteil;Kategorien;Sprachen;Notizen;Anrufzeit;Vertrauensperson;"
    "Telefon Vertrauensperson\r\n"
    "Klientin;Erika Musterfrau;030 23125111;Nord;;de;;täglich 9:30;Paul Musterfrau;"
    "0152 28817350\r\n"
)


def test_the_import_reads_check_in_and_trusted_contact(session, kommune):
    plan = importer.plan(session, kommune, CSV.encode())
    assert plan.ok, [r.errors for r in plan.rows]
    plan.apply(session)
    session.commit()
    erika = session.scalars(select(Person).where(Person.phone == "+493023125111")).one()
    assert erika.checkin_slots == [[d, "09:30"] for d in range(7)]
    assert (erika.contact_name, erika.contact_phone) == ("Paul Musterfrau", CONTACT)
    planned = session.scalars(select(CheckInDate)).one()
    assert planned.state == CheckInState.PLANNED
    assert planned.due_at.astimezone(BERLIN) == datetime(2026, 11, 23, 9, 30, tzinfo=BERLIN)
    again = importer.plan(session, kommune, CSV.encode())
    assert again.counts()["unchanged"] == 1  # the same file twice changes nothing

    bad = CSV.replace("täglich 9:30", "irgendwann").replace("0152 28817350", "12")
    errors = importer.plan(session, kommune, bad.encode()).rows[0].errors
    assert any("Anrufzeit „irgendwann“" in e for e in errors)
    assert any("Vertrauensperson „12“" in e for e in errors)


def test_export_and_erase_include_the_check_in_and_the_trusted_contact(session, kommune):
    importer.plan(session, kommune, CSV.encode()).apply(session)
    session.commit()
    erika = session.scalars(select(Person).where(Person.phone == "+493023125111")).one()
    exported = privacy.export(session, erika)
    assert exported["checkin"]["contact_phone"] == CONTACT
    assert exported["checkin"]["times"].startswith("Mo 09:30")
    privacy.erase(session, erika, staff_user_id=None)
    session.commit()
    session.refresh(erika)
    assert (erika.checkin_slots, erika.contact_name, erika.contact_phone) == (None, "", None)
    assert session.scalars(select(CheckInDate)).one().state == CheckInState.SKIPPED


def _unanswered_three_times(erika, run_tasks, fake_twilio, app, client) -> None:
    run_tasks(advance=timedelta(hours=1, minutes=30))
    for _ in range(3):
        call_not_answered(app, client, fake_twilio.calls_to(erika.phone)[-1])
        run_tasks(advance=timedelta(minutes=10, seconds=1))


def test_an_unanswered_check_in_joins_the_callback_list_until_it_has_an_outcome(
    session, coordinator, coordinator_user, make_person, run_tasks, fake_twilio, app, client
):
    from dispatch import checkins
    from models import SYSTEM, Call, CallbackAttempt
    from models.week import slots

    erika = make_person("client", name="Erika Musterfrau", phone="+493023125111")
    checkins.set_up(
        session,
        erika,
        slots("täglich 9:30"),
        contact_name="Paul Musterfrau",
        contact_phone=CONTACT,
        actor=SYSTEM,
    )
    session.commit()
    _unanswered_three_times(erika, run_tasks, fake_twilio, app, client)
    waiting = session.scalars(select(Call).where(Call.needs_callback.is_(True))).one()
    date = session.scalars(select(CheckInDate).order_by(CheckInDate.due_at)).first()
    assert (waiting.checkin_date_id, waiting.attempt, waiting.person_id) == (date.id, 3, erika.id)

    def card():
        page = coordinator.page("/")
        _check(page, "/")
        marker = f'id="callback-{waiting.id}"'
        return page.html.split(marker)[1].split("</li>")[0] if marker in page.html else None

    shown = card()
    assert "Täglicher Anruf nicht angenommen" in shown
    assert "Erika Musterfrau" in shown and "030 23125111" in shown and "wartet seit" in shown

    # "Gesehen" on the urgent card does not take it off the callback list ...
    coordinator.post(f"/checkin-dates/{date.id}/seen", {})
    assert card() is not None
    # ... nor does "not reached"; "reached" does.
    coordinator.post(
        f"/calls/{waiting.id}/callback-outcome",
        {"outcome": "not_reached", "note": "besetzt", "back": "today"},
    )
    assert "besetzt" in card()
    coordinator.post(
        f"/calls/{waiting.id}/callback-outcome",
        {"outcome": "reached", "note": "war beim Arzt", "back": "today"},
    )
    assert card() is None
    session.expire_all()
    assert waiting.needs_callback is False
    assert [a.outcome for a in session.scalars(select(CallbackAttempt))] == [
        "not_reached",
        "reached",
    ]


def test_settling_the_callback_of_a_check_in_also_clears_its_urgent_card(
    session, coordinator, make_person, run_tasks, fake_twilio, app, client
):
    from dispatch import checkins
    from models import SYSTEM, Call
    from models.week import slots

    erika = make_person("client", name="Erika Musterfrau", phone="+493023125111")
    checkins.set_up(
        session, erika, slots("täglich 9:30"), contact_name="", contact_phone=None, actor=SYSTEM
    )
    session.commit()
    _unanswered_three_times(erika, run_tasks, fake_twilio, app, client)
    assert "Dringend" in coordinator.page("/").text
    waiting = session.scalars(select(Call).where(Call.needs_callback.is_(True))).one()
    coordinator.post(f"/calls/{waiting.id}/callback-outcome", {"outcome": "done"})
    session.expire_all()
    assert "Dringend" not in coordinator.page("/").text
    date = session.scalars(select(CheckInDate).order_by(CheckInDate.due_at)).first()
    assert (date.state, date.needs_staff) == (CheckInState.UNREACHED, False)
