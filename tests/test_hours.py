"""Time spent: volunteers report it by SMS ("ERLEDIGT 4711 1,5"), are asked once when they
leave it out, and staff may correct it; the timeline keeps each change."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from dispatch import intake, lifecycle
from models import Actor, Category, HelpRequest, RequestEvent, RequestStatus, When
from models import base as model_base

ASK = "Wie lange hat es gedauert? Antworten Sie z. B. 1,5"


@pytest.fixture
def assigned(session, kommune, make_person):
    """A request taken by a volunteer (returns request, volunteer)."""

    def make(volunteer=None):
        volunteer = volunteer or make_person("volunteer")
        request = intake.open_request(
            session,
            kommune=kommune,
            client=make_person("client"),
            category=Category.SHOPPING,
            when=When.TODAY,
        )
        lifecycle.assign_by_hand(session, request, volunteer, actor=Actor.staff(1))
        session.commit()
        return request, volunteer

    return make


def _hours_events(session, request):
    return list(
        session.scalars(
            select(RequestEvent.detail).where(
                RequestEvent.request_id == request.id, RequestEvent.kind == "hours"
            )
        )
    )


def test_done_with_hours_stores_them(sms, session, assigned):
    request, helper = assigned()
    reply = sms(helper.phone, f"ERLEDIGT {request.ref} 1,5")
    assert reply == [f"Nachbarruf: Danke! Für Anfrage {request.ref} sind 1,5 Std. notiert."]
    session.refresh(request)
    assert request.status == RequestStatus.DONE
    assert (request.minutes_spent, request.minutes_by) == (90, f"volunteer:{helper.id}")
    assert _hours_events(session, request) == [{"minutes": 90, "before": None}]


@pytest.mark.parametrize(("text", "minutes"), [("2", 120), ("90 min", 90), ("1 Std 15 min", 75)])
def test_done_with_hours_in_other_words(sms, session, assigned, text, minutes):
    request, helper = assigned()
    sms(helper.phone, f"erledigt {request.ref} {text}")
    session.refresh(request)
    assert request.minutes_spent == minutes


def test_done_without_hours_asks_once_and_stores_the_answer(sms, session, assigned):
    request, helper = assigned()
    reply = sms(helper.phone, "ERLEDIGT")
    assert reply[0].startswith(f"Nachbarruf: Danke! Anfrage {request.ref} ist als erledigt")
    assert reply[0].endswith(ASK)
    session.refresh(request)
    assert request.status == RequestStatus.DONE and request.minutes_spent is None

    assert sms(helper.phone, "1,5") == [
        f"Nachbarruf: Danke! Für Anfrage {request.ref} sind 1,5 Std. notiert."
    ]
    session.refresh(request)
    assert request.minutes_spent == 90
    # A second "ERLEDIGT" with the number does not ask again.
    assert sms(helper.phone, f"ERLEDIGT {request.ref}") == [
        f"Nachbarruf: Danke! Anfrage {request.ref} ist als erledigt vermerkt."
    ]


def test_the_question_comes_once(sms, session, assigned):
    request, helper = assigned()
    assert sms(helper.phone, "ERLEDIGT")[0].endswith(ASK)
    assert sms(helper.phone, f"ERLEDIGT {request.ref}") == [
        f"Nachbarruf: Danke! Anfrage {request.ref} ist als erledigt vermerkt."
    ]


def test_the_answer_goes_to_the_latest_request_without_hours(sms, session, assigned):
    first, helper = assigned()
    second, _ = assigned(helper)
    sms(helper.phone, f"ERLEDIGT {first.ref} 2")
    sms(helper.phone, f"ERLEDIGT {second.ref}")
    sms(helper.phone, "45 min")
    session.refresh(first)
    session.refresh(second)
    assert (first.minutes_spent, second.minutes_spent) == (120, 45)


def test_erledigt_with_hours_after_erledigt_without(sms, session, assigned):
    request, helper = assigned()
    sms(helper.phone, "ERLEDIGT")
    assert "1 Std." in sms(helper.phone, "ERLEDIGT 1")[0]
    session.refresh(request)
    assert request.minutes_spent == 60


def test_a_volunteer_corrects_their_hours_with_the_number(sms, session, assigned):
    request, helper = assigned()
    sms(helper.phone, f"ERLEDIGT {request.ref} 2")
    sms(helper.phone, f"{request.ref} 1,5")
    session.refresh(request)
    assert request.minutes_spent == 90
    assert _hours_events(session, request)[-1] == {"minutes": 90, "before": 120}


def test_a_late_answer_or_one_without_a_done_request_gets_the_help_text(
    sms, session, assigned, make_person
):
    request, helper = assigned()
    assert sms(helper.phone, "1,5")[0].startswith("Nachbarruf: Antworten Sie JA oder NEIN")
    sms(helper.phone, "ERLEDIGT")
    model_base.travel(timedelta(days=15))
    assert sms(helper.phone, "1,5")[0].startswith("Nachbarruf: Antworten Sie JA oder NEIN")
    assert "nichts offen" in sms(helper.phone, "ERLEDIGT 1,5")[0]
    session.refresh(request)
    assert request.minutes_spent is None


def test_hours_of_somebody_elses_request_are_not_taken(sms, session, assigned):
    _, helper = assigned()
    other, someone = assigned()
    sms(someone.phone, "ERLEDIGT")
    assert sms(helper.phone, f"ERLEDIGT {other.ref} 2") == [
        f"Nachbarruf: Zu Anfrage {other.ref} haben Sie gerade nichts offen."
    ]
    session.refresh(other)
    assert other.minutes_spent is None


def test_record_hours_refuses_what_no_request_takes(session, assigned, sms):
    request, helper = assigned()
    with pytest.raises(lifecycle.NotAllowed):  # not done yet
        lifecycle.record_hours(session, request, 60, actor=Actor.staff(1))
    sms(helper.phone, "ERLEDIGT")
    session.refresh(request)
    for minutes in (0, -5, 24 * 60 + 1):
        with pytest.raises(ValueError, match="no time one request takes"):
            lifecycle.record_hours(session, request, minutes, actor=Actor.staff(1))
    lifecycle.record_hours(session, request, 24 * 60, actor=Actor.staff(1))
    assert request.minutes_spent == 24 * 60


def test_a_client_who_also_helps_can_still_ask_for_help(sms, session, make_person):
    both = make_person("volunteer")
    both.is_client = True
    session.commit()
    sms(both.phone, "EINKAUFEN MORGEN 2 Liter Milch")
    made = session.scalars(select(HelpRequest)).one()
    assert made.client_id == both.id


# --- the follow-up call asks the client to confirm the time ------------------------------


def _followup_call(app, client, run_tasks, fake_twilio, request):
    from tests.phone import Caller

    run_tasks(advance=timedelta(days=2))  # the notice call came first, then the follow-up
    return Caller.answering(app, client, fake_twilio.calls_to(request.client.phone)[-1])


@pytest.mark.parametrize(("key", "confirmed"), [("1", True), ("2", False)])
def test_the_followup_call_asks_the_client_to_confirm_the_time(
    app, client, sms, session, assigned, run_tasks, fake_twilio, key, confirmed
):
    request, helper = assigned()
    sms(helper.phone, f"ERLEDIGT {request.ref} 1,5")
    senior = _followup_call(app, client, run_tasks, fake_twilio, request)
    assert "Hat mit Ihrer Anfrage" in senior.heard
    senior.choose("Ja")
    assert "Das freut uns sehr." in senior.heard
    assert "hat 1,5 Stunden notiert. Stimmt das für Ihren Nachweis?" in senior.heard
    senior.press(key)
    assert "Danke, das haben wir notiert." in senior.heard and senior.ended
    session.refresh(request)
    assert request.minutes_confirmed is confirmed
    assert request.followup_state == "ok"


def test_one_hour_is_said_as_such_and_silence_asks_nothing_more(
    app, client, sms, session, assigned, run_tasks, fake_twilio
):
    request, helper = assigned()
    sms(helper.phone, f"ERLEDIGT {request.ref} 1")
    senior = _followup_call(app, client, run_tasks, fake_twilio, request)
    senior.choose("Ja")
    assert "hat eine Stunde notiert." in senior.heard
    senior.silence()
    assert senior.ended
    session.refresh(request)
    assert request.minutes_confirmed is None


def test_without_a_time_the_followup_asks_nothing_about_it(
    app, client, sms, session, assigned, run_tasks, fake_twilio
):
    request, helper = assigned()
    sms(helper.phone, "ERLEDIGT")
    senior = _followup_call(app, client, run_tasks, fake_twilio, request)
    senior.choose("Ja")
    assert "Stimmt das für Ihren Nachweis?" not in senior.heard and senior.ended


def test_staff_correcting_the_time_clears_the_clients_answer(session, assigned, sms):
    request, helper = assigned()
    sms(helper.phone, f"ERLEDIGT {request.ref} 2")
    session.refresh(request)
    lifecycle.client_confirms_hours(session, request, confirmed=False)
    assert request.minutes_confirmed is False
    lifecycle.record_hours(session, request, 90, actor=Actor.staff(1))
    assert request.minutes_confirmed is None
