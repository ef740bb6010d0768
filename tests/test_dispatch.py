"""Finding a volunteer: matching, rounds, offers by SMS and call, first accept wins,
telling the client, completion and follow-up — with the fake Twilio on loopback."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from dispatch import intake, lifecycle
from dispatch.matching import candidates
from dispatch.wording import offer_text
from models import (
    Actor,
    Call,
    Category,
    HelpRequest,
    Message,
    Offer,
    OfferStatus,
    Outcome,
    RequestStatus,
    Task,
    TaskState,
    VolunteerStatus,
    When,
)
from models import base as model_base
from prompts.text import fits_one_segment
from telephony import TelephonyError
from tests.conftest import HOTLINE
from tests.phone import Caller, call_not_answered


@pytest.fixture(autouse=True)
def _monday_morning():
    """Tests run on Monday 23 November 2026, 10:00 in Berlin, whatever the real date."""
    model_base.travel(datetime(2026, 11, 23, 9, 0, tzinfo=UTC) - model_base.utcnow())


def new_request(session, kommune, client, category=Category.SHOPPING, when=When.TOMORROW, **kw):
    request = intake.open_request(
        session,
        kommune=kommune,
        client=client,
        category=category,
        when=when,
        description=kw.pop("description", "Brot und Milch"),
        **kw,
    )
    session.commit()
    return request


def offered_to(fake_twilio, person):
    return [m for m in fake_twilio.messages_to(person.phone) if "Antworten Sie JA" in m.body]


# --- matching ------------------------------------------------------------------------------


def test_only_suitable_volunteers_are_candidates(session, kommune, make_kommune, make_person):
    client = make_person("client", district="Nord")
    suitable = make_person("volunteer", name="Anna Beispiel", district="Nord")
    make_person("volunteer", name="Pausiert", status=VolunteerStatus.PAUSED)
    make_person("volunteer", name="Gesperrt", status=VolunteerStatus.BLOCKED)
    make_person("volunteer", name="Abgemeldet", status=VolunteerStatus.OPTED_OUT)
    make_person("volunteer", name="Neu", status=VolunteerStatus.PENDING)
    make_person("volunteer", name="Nur Hund", categories=(Category.DOG_WALKING,))
    make_person("volunteer", name="Nie dienstags", available_days=0b1111101)  # not Tuesday
    busy = make_person("volunteer", name="Voll ausgelastet", max_open_tasks=1)
    other = make_kommune("Beispielheim", number="+496990009000")
    make_person("volunteer", name="Andere Kommune", kommune=other)
    request = new_request(session, kommune, client)  # tomorrow = Tuesday
    other_client = make_person("client")
    held = new_request(session, kommune, other_client)
    held.status, held.volunteer_id = RequestStatus.ASSIGNED, busy.id
    session.commit()

    found = candidates(session, request, limit=50)
    assert [p.id for p in found] == [suitable.id]


def test_ranking_continuity_district_language_fairness(session, kommune, make_person):
    client = make_person("client", district="Nord", languages=["tr", "de"])
    far = make_person("volunteer", name="Süd Fern", district="Süd")
    near = make_person("volunteer", name="Nord Nah", district="Nord")
    near_tr = make_person(
        "volunteer", name="Nord Türkisch", district="Nord", languages=["de", "tr"]
    )
    regular = make_person("volunteer", name="Stamm Helferin", district="Süd")
    earlier = new_request(session, kommune, client)
    earlier.status, earlier.volunteer_id = RequestStatus.DONE, regular.id
    session.commit()
    request = new_request(session, kommune, client)
    ranked = [p.id for p in candidates(session, request, limit=10)]
    assert ranked == [regular.id, near_tr.id, near.id, far.id]

    # fairness: among equals, the one asked least recently comes first
    twin = make_person("volunteer", name="Nord Nah Zwei", district="Nord")
    near.last_offered_at = model_base.utcnow()
    session.commit()
    assert [p.id for p in candidates(session, request, limit=10)][2:4] == [twin.id, near.id]


def test_matching_is_one_query(session, kommune, make_person, count_queries):
    client = make_person("client")
    for _ in range(20):
        make_person("volunteer")
    request = new_request(session, kommune, client)
    session.expire_all()
    request = session.get(HelpRequest, request.id)
    _ = request.client, request.kommune
    with count_queries() as counter:
        candidates(session, request, limit=3)
    assert counter.n == 1


# --- the offer SMS -------------------------------------------------------------------------------


@pytest.mark.parametrize("category", list(Category))
@pytest.mark.parametrize("when", list(When))
def test_offer_sms_fits_one_gsm7_segment_without_personal_data(
    session, kommune, make_person, category, when
):
    client = make_person(
        "client",
        name="Wilhelmine Musterfrau-Beispielhausen",
        address="Langer Weg 1",
        district=("Ober-Unterdorf an der Mittleren Musterbachaue " * 2)[:80],
    )
    request = new_request(session, kommune, client, category=category, when=when)
    request.ref = "1234567"
    text = offer_text(request)
    assert fits_one_segment(text), (len(text), text)
    assert f"JA {request.ref}" in text and f"NEIN {request.ref}" in text
    assert "Wilhelmine" not in text and "Langer Weg" not in text


# --- a whole search ------------------------------------------------------------------------------


def test_first_round_asks_three_by_sms_and_the_first_yes_wins(
    session, kommune, make_person, run_tasks, fake_twilio, sms, app, client
):
    erika = make_person("client", name="Erika Musterfrau", district="Nord", address="Musterweg 1")
    helpers = [make_person("volunteer", name=f"Helferin {i}", district="Nord") for i in range(5)]
    request = new_request(session, kommune, erika)
    run_tasks()

    asked = [h for h in helpers if offered_to(fake_twilio, h)]
    assert len(asked) == 3
    sms_text = offered_to(fake_twilio, asked[0])[0]
    assert sms_text.params["From"] == HOTLINE
    assert sms_text.params["StatusCallback"].startswith("https://hotline.example.org/sms/status?m=")
    session.refresh(request)
    assert request.status == RequestStatus.SEARCHING and request.round == 1
    assert {o.status for o in request.offers} == {OfferStatus.SENT}

    first, second, third = asked
    reply = sms(first.phone, f"Ja {request.ref}!")
    assert "Erika" in reply[0] and "Musterweg 1" in reply[0] and "030 23125" in reply[0]
    assert "Musterfrau" not in reply[0]  # first name only
    assert sms(second.phone, f"ja{request.ref}") == [
        f"Nachbarruf: Anfrage {request.ref} ist bereits vergeben, danke!"
    ]
    assert sms(first.phone, "JA") == reply  # a repeated yes: the details again, nothing changes
    assert sms(third.phone, "ok") == [  # a late yes without the number
        f"Nachbarruf: Anfrage {request.ref} ist bereits vergeben, danke!"
    ]
    session.refresh(request)
    assert request.status == RequestStatus.ASSIGNED and request.volunteer_id == first.id
    statuses = {o.volunteer_id: o.status for o in request.offers}
    assert statuses == {
        first.id: OfferStatus.ACCEPTED,
        second.id: OfferStatus.TAKEN,
        third.id: OfferStatus.TAKEN,
    }

    # the senior is called and hears who comes
    run_tasks()
    notice_call = fake_twilio.calls_to(erika.phone)[0]
    assert notice_call.params["Url"].endswith(
        f"/voice/outbound/{session.scalars(select(Call)).one().id}"
    )
    senior = Caller.answering(app, client, notice_call)
    assert "Guten Tag, Erika Musterfrau." in senior.heard
    assert f"{first.first_name} hilft Ihnen, morgen." in senior.heard
    senior.choose("Ja")
    assert "Schön." in senior.heard and senior.ended
    session.refresh(request)
    assert request.client_notice == "told"
    assert not list(offered_to(fake_twilio, helpers[3]))  # nobody else was bothered


def test_a_no_makes_room_for_the_next_candidate(
    session, kommune, make_person, run_tasks, fake_twilio, sms
):
    client = make_person("client")
    helpers = [make_person("volunteer", name=f"Helfer {i}") for i in range(4)]
    request = new_request(session, kommune, client)
    run_tasks()
    asked = [h for h in helpers if offered_to(fake_twilio, h)]
    assert sms(asked[0].phone, "nein") == [
        "Nachbarruf: Danke für Ihre Antwort. Wir fragen jemand anderen."
    ]
    run_tasks()
    fourth = next(h for h in helpers if h not in asked)
    assert offered_to(fake_twilio, fourth)
    session.refresh(request)
    assert len(request.offers) == 4


def test_rounds_widen_then_escalate_to_staff_and_client(
    session, kommune, make_person, run_tasks, fake_twilio, app, client
):
    erika = make_person("client", district="Nord")
    helpers = [
        make_person("volunteer", name=f"Helfer {i}", district="Nord" if i < 3 else "Süd")
        for i in range(9)
    ]
    request = new_request(session, kommune, erika)
    run_tasks()
    assert sum(bool(offered_to(fake_twilio, h)) for h in helpers) == 3
    assert all(offered_to(fake_twilio, h) for h in helpers[:3])  # same district first

    run_tasks(advance=timedelta(seconds=599))
    assert sum(bool(offered_to(fake_twilio, h)) for h in helpers) == 3  # not yet
    run_tasks(advance=timedelta(seconds=2))
    assert sum(bool(offered_to(fake_twilio, h)) for h in helpers) == 6
    run_tasks(advance=timedelta(seconds=601))
    assert (
        sum(bool(offered_to(fake_twilio, h)) for h in helpers) == 9
    )  # the last round: everyone left
    session.refresh(request)
    assert request.round == 3 and request.status == RequestStatus.SEARCHING

    run_tasks(advance=timedelta(seconds=601))
    session.refresh(request)
    assert request.status == RequestStatus.UNMATCHED
    assert {f.reason for f in request.open_flags} == {"unmatched"}
    duty = fake_twilio.messages_to("+493023125900")
    assert len(duty) == 1 and request.ref in duty[0].body and "niemand gefunden" in duty[0].body
    told = Caller.answering(app, client, fake_twilio.calls_to(erika.phone)[0])
    assert "haben wir leider noch niemanden gefunden" in told.heard

    # a late yes is still welcome
    late = helpers[0]
    offer = next(o for o in request.offers if o.volunteer_id == late.id)
    assert offer.status == OfferStatus.EXPIRED
    assert lifecycle.accept(session, offer, channel="sms").result == "won"


def test_no_volunteers_at_all_escalates_at_once(
    session, kommune, make_person, run_tasks, fake_twilio
):
    request = new_request(session, kommune, make_person("client"))
    run_tasks()
    session.refresh(request)
    assert request.status == RequestStatus.UNMATCHED
    assert fake_twilio.messages_to("+493023125900")


def test_today_rounds_are_shorter(session, kommune, make_person, run_tasks, fake_twilio):
    make_person("volunteer")
    request = new_request(session, kommune, make_person("client"), when=When.TODAY)
    run_tasks()
    session.refresh(request)
    assert request.next_round_at - model_base.utcnow() <= timedelta(seconds=300)


# --- volunteers who prefer calls --------------------------------------------------------------------


def test_offer_by_call_a_machine_never_accepts_or_hears_details(
    session, kommune, make_person, run_tasks, fake_twilio, app, client
):
    erika = make_person("client", name="Erika Musterfrau", address="Musterweg 1")
    by_phone = make_person("volunteer", name="Gerda Festnetz", phone="+493023125301")  # a landline
    spare = make_person("volunteer", name="Paul Reserve", prefers="sms")
    spare.last_offered_at = model_base.utcnow()  # asked recently: second in line
    session.commit()
    kommune.round_size = 1
    session.commit()
    request = new_request(session, kommune, erika)
    run_tasks()
    placed = fake_twilio.calls_to(by_phone.phone)
    assert len(placed) == 1 and placed[0].params["MachineDetection"] == "Enable"
    machine = Caller.answering(app, client, placed[0], answered_by="machine_start")
    assert machine.ended
    assert (
        "Musterweg" not in machine.heard
        and "Einkaufen" not in machine.heard
        and "Erika" not in machine.heard
    )
    machine.hang_up()
    run_tasks()
    session.refresh(request)
    offer = next(o for o in request.offers if o.volunteer_id == by_phone.id)
    assert (offer.status, offer.error_code) == (OfferStatus.FAILED, "machine")
    assert offered_to(fake_twilio, spare)  # moved on to the next candidate


def test_offer_by_call_accepted_reads_the_details(
    session, kommune, make_person, run_tasks, fake_twilio, app, client
):
    erika = make_person(
        "client", name="Erika Musterfrau", address="Musterweg 1", phone="+493023125111"
    )
    gerda = make_person("volunteer", name="Gerda Festnetz", phone="+493023125301")
    request = new_request(session, kommune, erika, description="Brot vom Bäcker")
    run_tasks()
    helper = Caller.answering(app, client, fake_twilio.calls_to(gerda.phone)[0])
    assert "Guten Tag, Gerda Festnetz. Hier ist die Nachbarschaftshilfe" in helper.heard
    assert "Wir suchen jemanden für Hilfe beim Einkaufen, morgen." in helper.heard
    assert "Erika" not in helper.heard  # no details before yes
    session.refresh(request)
    assert request.offers[0].status == OfferStatus.ANSWERED
    helper.choose("Ja")
    assert "Vielen Dank! Sie helfen Erika" in helper.heard
    assert "Die Adresse ist: Musterweg 1." in helper.heard
    # numbers are masked (the Kommune's default): the hotline and the key, not Erika's number
    assert "Sie erreichen Erika über unsere Nummer 030 – 231 25 – 000." in helper.heard
    assert "Drücken Sie dort die 1." in helper.heard
    assert "111" not in helper.heard
    assert "Bitte rufen Sie Erika an, bevor Sie kommen." in helper.heard
    assert "Gewünscht ist: Brot vom Bäcker." in helper.heard
    helper.choose("Wiederholung")
    assert "Die Adresse ist: Musterweg 1." in helper.heard
    session.refresh(request)
    assert request.status == RequestStatus.ASSIGNED and request.volunteer_id == gerda.id


# --- Twilio says no --------------------------------------------------------------------------------


def test_a_number_twilio_rejects_moves_on(session, kommune, make_person, run_tasks, fake_twilio):
    kommune.round_size = 1
    session.commit()
    bad = make_person("volunteer", name="Falsche Nummer")
    good = make_person("volunteer", name="Gute Nummer")
    good.last_offered_at = model_base.utcnow()
    session.commit()
    fake_twilio.refuse[bad.phone] = 21211
    request = new_request(session, kommune, make_person("client"))
    run_tasks()
    session.refresh(request)
    failed = next(o for o in request.offers if o.volunteer_id == bad.id)
    assert (failed.status, failed.error_code) == (OfferStatus.FAILED, "21211")
    assert offered_to(fake_twilio, good)
    message = session.scalars(select(Message).where(Message.offer_id == failed.id)).one()
    assert message.status == "failed"


def test_an_unsubscribed_number_opts_the_volunteer_out(
    session, kommune, make_person, run_tasks, fake_twilio
):
    gone = make_person("volunteer", name="Abgemeldet bei Twilio")
    fake_twilio.refuse[gone.phone] = 21610
    new_request(session, kommune, make_person("client"))
    run_tasks()
    session.refresh(gone)
    assert gone.status == VolunteerStatus.OPTED_OUT


def test_twilio_outages_retry_without_losing_the_offer(
    session, kommune, make_person, run_tasks, fake_twilio, app
):
    helper = make_person("volunteer")
    request = new_request(session, kommune, make_person("client"))
    fake_twilio.fail_next = [503]
    results = run_tasks(allow_errors=True)
    assert [r for r in results if r.startswith("error:")] == [
        "error: TelephonyError: Unable to create record: Service unavailable"
    ]
    assert not offered_to(fake_twilio, helper)
    task = session.scalars(select(Task).where(Task.kind == "send_message")).one()
    assert task.state == TaskState.PENDING and task.attempts == 1
    assert task.last_error.startswith("TelephonyError")
    # then a timeout: Twilio does not answer in time (and the request takes no effect)
    fake_twilio.stall = [app.config["TWILIO_TIMEOUT_SECONDS"] + 1.0]
    results = run_tasks(advance=timedelta(seconds=31), allow_errors=True)
    assert [r.split(":")[:2] for r in results if r.startswith("error:")] == [
        ["error", " TelephonyError"]
    ]
    assert not offered_to(fake_twilio, helper)
    run_tasks(advance=timedelta(minutes=3))
    assert len(offered_to(fake_twilio, helper)) == 1
    session.refresh(request)
    assert request.offers[0].status == OfferStatus.SENT


def test_a_task_that_raises_fails_the_test_after_the_retry_is_booked(
    session, kommune, make_person, run_tasks, fake_twilio
):
    make_person("volunteer")
    new_request(session, kommune, make_person("client"))
    fake_twilio.fail_next = [503]
    with pytest.raises(TelephonyError):
        run_tasks()
    task = session.scalars(select(Task).where(Task.kind == "send_message")).one()
    assert (task.state, task.attempts) == (TaskState.PENDING, 1)


def test_delivery_reports_update_the_offer(
    session, kommune, make_person, run_tasks, fake_twilio, app, client
):
    from tests.phone import signed_post

    kommune.round_size = 1
    session.commit()
    first = make_person("volunteer", name="Erste")
    second = make_person("volunteer", name="Zweite")
    second.last_offered_at = model_base.utcnow()
    session.commit()
    request = new_request(session, kommune, make_person("client"))
    run_tasks()
    sent = offered_to(fake_twilio, first)[0]
    report = {
        "MessageSid": sent.sid,
        "MessageStatus": "delivered",
        "To": first.phone,
        "From": HOTLINE,
    }
    for _ in range(2):  # a repeated callback changes nothing
        assert signed_post(app, client, "/sms/status", report).status_code == 204
    session.refresh(request)
    assert request.offers[0].status == OfferStatus.DELIVERED
    undelivered = {**report, "MessageStatus": "undelivered", "ErrorCode": "30003"}
    signed_post(app, client, "/sms/status", undelivered)
    run_tasks()
    session.refresh(request)
    assert request.offers[0].status == OfferStatus.FAILED
    assert offered_to(fake_twilio, second)


# --- idempotency --------------------------------------------------------------------------------------


def test_a_round_or_a_send_that_runs_twice_sends_once(
    session, kommune, make_person, run_tasks, fake_twilio, app
):
    from jobs.runner import execute

    make_person("volunteer")
    request = new_request(session, kommune, make_person("client"))
    round_task = session.scalars(select(Task).where(Task.kind == "dispatch_round")).one()
    run_tasks()
    for task_id in (
        round_task.id,
        *session.scalars(select(Task.id).where(Task.kind == "send_message")),
    ):
        session.execute(Task.__table__.update().where(Task.id == task_id).values(state="pending"))
        session.commit()
        with app.app_context():
            execute(task_id)
    assert len(fake_twilio.messages) == 1
    assert session.scalar(select(func.count()).select_from(Offer)) == 1
    session.refresh(request)
    assert request.round == 1


def test_queueing_the_same_message_or_call_twice_keeps_one_row(session, kommune, make_person):
    from dispatch.notify import queue_call, queue_sms

    erika = make_person("client")
    first = queue_sms(
        session, kommune=kommune, to=erika.phone, body="Hallo", purpose="t", about=(1,)
    )
    again = queue_sms(
        session, kommune=kommune, to=erika.phone, body="Hallo", purpose="t", about=(1,)
    )
    call = queue_call(session, kommune=kommune, to=erika.phone, purpose="notice", about=(1,))
    call_again = queue_call(session, kommune=kommune, to=erika.phone, purpose="notice", about=(1,))
    session.commit()
    assert (again.id, call_again.id) == (first.id, call.id)
    assert session.scalar(select(func.count()).select_from(Message)) == 1
    assert session.scalar(select(func.count()).select_from(Call)) == 1


# --- completion, follow-up, giving back, cancelling -------------------------------------------------------


def test_done_then_followup_the_next_day(
    session, kommune, make_person, run_tasks, fake_twilio, sms, app, client
):
    erika = make_person("client", phone="+493023125120")
    helper = make_person("volunteer")
    request = new_request(session, kommune, erika)
    run_tasks()
    sms(helper.phone, "JA")
    run_tasks()
    assert sms(helper.phone, "Erledigt!") == [
        f"Nachbarruf: Danke! Anfrage {request.ref} ist als erledigt vermerkt. "
        "Wie lange hat es gedauert? Antworten Sie z. B. 1,5"
    ]
    assert sms(helper.phone, f"erledigt {request.ref}")[0].endswith(
        "als erledigt vermerkt."
    )  # repeat: no change
    session.refresh(request)
    assert request.status == RequestStatus.DONE
    due = request.followup_due_at.astimezone(model_base.BERLIN)
    assert (due.date().isoformat(), due.hour) == ("2026-11-24", 10)
    run_tasks(advance=timedelta(hours=23))
    assert len(fake_twilio.calls_to(erika.phone)) == 1  # only the notice so far
    run_tasks(advance=timedelta(hours=2))
    followup_call = fake_twilio.calls_to(erika.phone)[1]
    senior = Caller.answering(app, client, followup_call)
    assert "Hat mit Ihrer Anfrage" in senior.heard
    senior.choose("Nein")
    assert "Das tut uns leid." in senior.heard
    session.refresh(request)
    assert request.followup_state == "problem"
    assert {f.reason for f in request.open_flags} == {"followup_problem"}
    kinds = [
        o.kind for o in session.scalars(select(Outcome).where(Outcome.request_id == request.id))
    ]
    assert kinds == ["done", "followup_problem"]


def test_volunteer_gives_back_and_the_search_goes_on(
    session, kommune, make_person, run_tasks, fake_twilio, sms
):
    kommune.round_size = 1
    session.commit()
    first = make_person("volunteer", name="Erst Zusage")
    second = make_person("volunteer", name="Dann Ersatz")
    second.last_offered_at = model_base.utcnow()
    session.commit()
    request = new_request(session, kommune, make_person("client"))
    run_tasks()
    sms(first.phone, "ja")
    assert sms(first.phone, "ABSAGEN") == [
        f"Nachbarruf: Schade. Wir suchen für Anfrage {request.ref} jemand anderen. Danke für Ihre Nachricht."
    ]
    run_tasks()
    session.refresh(request)
    assert request.status == RequestStatus.SEARCHING and request.volunteer_id is None
    assert offered_to(fake_twilio, second)
    assert len(offered_to(fake_twilio, first)) == 1  # not asked again


def test_client_cancels_by_phone_and_the_volunteer_is_told(
    session, kommune, make_person, run_tasks, fake_twilio, sms, phone
):
    erika = make_person("client")
    helper = make_person("volunteer")
    request = new_request(session, kommune, erika)
    run_tasks()
    sms(helper.phone, "ok")
    caller = phone(erika.phone)
    caller.call()
    assert f"kommt {helper.first_name}" in caller.heard
    caller.choose("Absage")
    caller.choose("die Absage")
    assert f"Wir sagen {helper.first_name} Bescheid." in caller.heard
    run_tasks()
    told = [m for m in fake_twilio.messages_to(helper.phone) if "wurde abgesagt" in m.body]
    assert len(told) == 1 and request.ref in told[0].body


def test_notice_calls_are_retried_then_flagged(
    session, kommune, make_person, run_tasks, fake_twilio, sms, app, client
):
    erika = make_person("client")
    helper = make_person("volunteer")
    request = new_request(session, kommune, erika)
    run_tasks()
    sms(helper.phone, "ja")
    run_tasks()
    for attempt in range(3):
        calls = fake_twilio.calls_to(erika.phone)
        assert len(calls) == attempt + 1
        call_not_answered(app, client, calls[-1], "busy" if attempt else "no-answer")
        run_tasks(advance=timedelta(minutes=19))
        assert len(fake_twilio.calls_to(erika.phone)) == attempt + 1
        run_tasks(advance=timedelta(minutes=2))
    session.refresh(request)
    assert len(fake_twilio.calls_to(erika.phone)) == 3
    assert request.client_notice == "unreachable" and {f.reason for f in request.open_flags} == {
        "notice_unanswered"
    }


def test_clients_who_prefer_sms_get_an_sms(
    session, kommune, make_person, run_tasks, fake_twilio, sms
):
    erika = make_person("client", phone="+4915228817390", prefers="sms")
    helper = make_person("volunteer", name="Maria Muster")
    new_request(session, kommune, erika)
    run_tasks()
    sms(helper.phone, "ja")
    run_tasks()
    notice = fake_twilio.messages_to(erika.phone)
    assert len(notice) == 1 and "Maria hilft Ihnen morgen" in notice[0].body
    assert not fake_twilio.calls_to(erika.phone)


def test_unknown_caller_waits_for_staff_then_dispatch(
    session, kommune, make_person, make_staff, run_tasks, fake_twilio
):
    make_person("volunteer")
    request = intake.open_request(
        session,
        kommune=kommune,
        client=None,
        category=Category.SHOPPING,
        when=When.TOMORROW,
        caller_name="Otto Normal",
        callback_phone="+493023125177",
    )
    session.commit()
    run_tasks()
    assert not fake_twilio.messages
    otto = make_person("client", name="Otto Normal", phone="+493023125177")
    staff = make_staff()
    lifecycle.verify(session, request, otto, actor=Actor.staff(staff.id))
    assert request.verified_by_id == staff.id
    session.commit()
    run_tasks()
    assert len(fake_twilio.messages) == 1, [(m.to, m.body, m.at) for m in fake_twilio.messages]


def test_in_the_sandbox_an_unanswered_call_rings_out(
    app, session, kommune, make_person, run_tasks, monkeypatch
):
    from telephony.rest import SandboxTelephony

    monkeypatch.setitem(
        app.extensions, "nachbarruf.telephony", SandboxTelephony(app.config["INSTANCE_PATH"])
    )
    gerda = make_person("volunteer", name="Gerda Festnetz", phone="+493023125301")
    spare = make_person("volunteer", name="Paul Reserve", prefers="sms")
    spare.last_offered_at = model_base.utcnow()
    kommune.round_size = 1
    session.commit()
    request = new_request(session, kommune, make_person("client"))
    run_tasks()
    call = session.scalars(select(Call).where(Call.person_id == gerda.id)).one()
    assert call.status == "initiated" and call.sid.startswith("CA")
    run_tasks(advance=timedelta(seconds=app.config["SANDBOX_RING_SECONDS"] + 1))
    session.refresh(call)
    session.refresh(request)
    assert call.status == "no-answer"
    offer = next(o for o in request.offers if o.volunteer_id == gerda.id)
    assert offer.status == OfferStatus.FAILED
    assert any(o.volunteer_id == spare.id for o in request.offers)


def test_nobody_is_phoned_or_texted_at_night(
    app, session, kommune, make_person, run_tasks, fake_twilio, monkeypatch
):
    monkeypatch.setitem(app.config, "CONTACT_HOURS", (8, 20))
    model_base.travel(
        datetime(2026, 11, 23, 21, 30, tzinfo=UTC) - model_base.utcnow()
    )  # 22:30 in Berlin
    helper = make_person("volunteer")
    request = new_request(session, kommune, make_person("client"))
    assert "deferred" in run_tasks()
    assert not fake_twilio.messages
    task = session.scalars(select(Task).where(Task.kind == "dispatch_round")).one()
    assert task.state == TaskState.PENDING and task.attempts == 0
    assert task.due_at.astimezone(model_base.BERLIN).strftime("%d. %H:%M") == "24. 08:00"
    run_tasks(advance=timedelta(hours=9))  # 07:30
    assert not fake_twilio.messages
    run_tasks(advance=timedelta(hours=1))  # 08:30
    assert offered_to(fake_twilio, helper)
    session.refresh(request)
    assert request.round == 1


def test_work_that_keeps_failing_is_flagged_for_staff(
    session, kommune, make_person, run_tasks, fake_twilio
):
    helper = make_person("volunteer")
    request = new_request(session, kommune, make_person("client"))
    fake_twilio.unavailable.add(helper.phone)
    results = run_tasks(allow_errors=True)
    for _ in range(8):
        results += run_tasks(advance=timedelta(hours=1), allow_errors=True)
    assert len([r for r in results if r.startswith("error: TelephonyError")]) == 8
    offer = session.scalars(select(Offer)).one()
    send = session.scalars(select(Task).where(Task.key == f"send_message:offer:{offer.id}")).one()
    assert (send.state, send.attempts) == (TaskState.FAILED, 8)
    session.refresh(request)
    assert "delivery_failed" in {f.reason for f in request.open_flags}
    assert "task_failed" in [e.kind for e in request.events]
    assert not offered_to(fake_twilio, helper)


def test_a_blocked_volunteer_lets_go_of_everything(
    session, kommune, make_person, make_staff, run_tasks, fake_twilio, sms
):
    kommune.round_size = 1
    session.commit()
    helper = make_person(
        "volunteer", name="Max Mustermann", categories=(Category.SHOPPING, Category.DOG_WALKING)
    )
    spare = make_person("volunteer", name="Paul Reserve", categories=(Category.SHOPPING,))
    spare.last_offered_at = model_base.utcnow()
    session.commit()
    taken = new_request(session, kommune, make_person("client"))
    run_tasks()
    sms(helper.phone, "ja")
    offered = new_request(session, kommune, make_person("client"), category=Category.DOG_WALKING)
    run_tasks()
    assert offered.offers[0].volunteer_id == helper.id
    staff = make_staff(role="admin")

    helper.block("Beschwerde")
    lifecycle.volunteer_gone(session, helper, actor=Actor.staff(staff.id))
    session.commit()
    run_tasks()
    session.refresh(taken)
    session.refresh(offered)
    assert taken.status == RequestStatus.SEARCHING and taken.volunteer_id is None
    assert {f.reason for f in taken.open_flags} == {"volunteer_gone"}
    assert offered.offers[0].status == OfferStatus.WITHDRAWN
    assert offered.status == RequestStatus.UNMATCHED  # nobody else walks dogs: staff are told
    assert offered_to(fake_twilio, spare)  # the shopping went on to the next person


def test_a_blocked_volunteer_cannot_accept_by_phone(
    session, kommune, make_person, run_tasks, fake_twilio, app, client
):
    gerda = make_person("volunteer", name="Gerda Festnetz", phone="+493023125301")
    request = new_request(session, kommune, make_person("client", address="Musterweg 1"))
    run_tasks()
    placed = fake_twilio.calls_to(gerda.phone)[0]
    gerda.block("Beschwerde")  # blocked while the phone rings
    session.commit()
    helper = Caller.answering(app, client, placed)
    helper.choose("Ja")
    assert "Musterweg" not in helper.heard and "schon vergeben" in helper.heard
    session.refresh(request)
    assert request.status == RequestStatus.SEARCHING


def test_a_kommunes_own_contact_hours_hold_over_the_environment(
    app, session, kommune, make_person, run_tasks, fake_twilio
):
    kommune.contact_hours = [10, 12]  # the environment says 0-24 in the tests
    model_base.travel(datetime(2026, 11, 24, 8, 0, tzinfo=UTC) - model_base.utcnow())  # 9:00
    helper = make_person("volunteer")
    new_request(session, kommune, make_person("client"))
    assert "deferred" in run_tasks()
    assert not offered_to(fake_twilio, helper)
    run_tasks(advance=timedelta(hours=1, minutes=5))  # 10:05
    assert offered_to(fake_twilio, helper)
