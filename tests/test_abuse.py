"""Nobody abuses the line: banned numbers, limits per number, strangers and machines that
write, more open requests than a client may have, and countries we do not send to."""

from __future__ import annotations

import shlex
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from dispatch import intake
from models import (
    AuditEntry,
    Ban,
    Call,
    CallEvent,
    Category,
    Flag,
    HelpRequest,
    Message,
    Offer,
    Person,
    When,
)
from models import base as model_base
from tests.conftest import HOTLINE

STRANGER = "+4915228817399"


@pytest.fixture(autouse=True)
def _monday_morning():
    model_base.travel(datetime(2026, 11, 23, 9, 0, tzinfo=UTC) - model_base.utcnow())


def count(session, model, *where) -> int:
    session.expire_all()
    return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def offers_sent(fake_twilio) -> int:
    return len([m for m in fake_twilio.messages if "Antworten Sie JA" in m.body])


# --- the ban list -----------------------------------------------------------------------------


@pytest.fixture
def ban_cli(app, session):
    runner = app.test_cli_runner()

    def run(command: str):
        return runner.invoke(args=["ban", *shlex.split(command)])

    return run


def test_ban_add_list_remove_on_the_command_line(ban_cli, session, kommune):
    added = ban_cli(f"add '0152 28817399' --kommune {kommune.name} --reason 'Scherzanrufe'")
    assert added.exit_code == 0, added.output
    assert "01522 8817399" in added.stdout and "gesperrt" in added.stdout
    ban = session.scalars(select(Ban)).one()
    assert (ban.number, ban.kommune_id, ban.reason) == (STRANGER, kommune.id, "Scherzanrufe")
    again = ban_cli(f"add +4915228817399 --kommune {kommune.name}")
    assert again.exit_code == 1 and "schon gesperrt" in again.stderr

    listed = ban_cli(f"list --kommune {kommune.name}")
    assert listed.exit_code == 0
    (line,) = listed.stdout.splitlines()
    assert line.startswith("01522 8817399\t") and line.endswith("\tScherzanrufe")

    assert ban_cli(f"add {HOTLINE} --kommune {kommune.name}").exit_code == 2  # our own line
    assert ban_cli("add 12 --kommune Musterstadt").exit_code == 2
    assert ban_cli("list --kommune Nirgendwo").exit_code == 1

    removed = ban_cli(f"remove '0152 28817399' --kommune {kommune.name}")
    assert removed.exit_code == 0 and "aufgehoben" in removed.stdout
    assert count(session, Ban) == 0
    assert ban_cli(f"remove 015228817399 --kommune {kommune.name}").exit_code == 1
    assert "keine Nummer gesperrt" in ban_cli(f"list --kommune {kommune.name}").stdout
    actions = session.scalars(
        select(AuditEntry.action).where(AuditEntry.subject_type == "ban").order_by(AuditEntry.id)
    ).all()
    assert actions == ["create", "remove"]


def test_a_banned_number_hears_one_sentence_and_is_not_answered(
    session, kommune, make_person, phone, sms
):
    erika = make_person("client", phone="+493023125177")
    session.add(Ban(kommune_id=kommune.id, number=erika.phone, reason="Belästigung"))
    session.commit()

    caller = phone(erika.phone)
    caller.call()
    assert caller.heard == "Ihr Anruf kann leider nicht angenommen werden. Auf Wiederhören."
    assert caller.ended
    call = session.scalars(select(Call)).one()
    assert (call.outcome, call.person_id, call.from_number) == ("banned", None, erika.phone)
    assert count(session, CallEvent) == 0  # nothing but the call row

    assert sms(erika.phone, "EINKAUFEN MORGEN") == []  # empty TwiML: no answer
    message = session.scalars(select(Message)).one()  # nothing but the message row
    assert (message.direction, message.person_id, message.body) == (
        "inbound",
        None,
        "EINKAUFEN MORGEN",
    )
    assert count(session, HelpRequest) == 0

    other = phone("+493023125178")  # anybody else is served as always
    other.call()
    assert "Nachbarschaftshilfe" in other.heard


def test_a_ban_holds_for_its_own_kommune_only(session, kommune, make_kommune, phone):
    elsewhere = make_kommune("Beispielheim", number="+496990009000")
    session.add(Ban(kommune_id=elsewhere.id, number="+493023125177"))
    session.commit()
    caller = phone("+493023125177")
    caller.call()
    assert "Nachbarschaftshilfe Musterstadt" in caller.heard


# --- limits per number ---------------------------------------------------------------------------


def test_twenty_sms_in_a_minute_cannot_fan_out(
    session, kommune, make_person, sms, run_tasks, fake_twilio
):
    """20 "EINKAUFEN HEUTE" in a minute: not 60 offer SMS."""
    for i in range(10):
        make_person("volunteer", name=f"Helfer {i}", phone=f"+49152288173{10 + i}")
    erika = make_person("client", phone="+4915228817391")
    replies = []
    for _ in range(20):
        replies.append(sms(erika.phone, "EINKAUFEN HEUTE"))
        model_base.travel(timedelta(seconds=3))
    run_tasks()

    answered = [r for r in replies if r]
    assert len(answered) == 5  # INBOUND_SMS_LIMIT: 5 in 10 minutes
    assert sum("ist angekommen" in r[0] for r in answered) == 3  # 3 open requests at most
    assert sum("3 offene Anfragen" in r[0] for r in answered) == 2
    assert count(session, HelpRequest) == 3
    assert count(session, Message, Message.direction == "inbound") == 20  # all kept
    assert offers_sent(fake_twilio) == 9  # three requests, one round each
    assert count(session, Offer) == 9
    flag = session.scalars(select(Flag).where(Flag.reason == "too_many_open")).one()
    assert flag.person_id == erika.id and "Einkaufen, heute" in flag.note

    model_base.travel(timedelta(minutes=11))  # 20 today: the day's limit holds
    assert sms(erika.phone, "STATUS") == []
    model_base.travel(timedelta(hours=24))  # the next day the number is served again
    assert sms(erika.phone, "STATUS")


def test_a_number_that_calls_too_often_hears_so(session, kommune, make_person, phone):
    number = "+493023125177"
    for n in range(5):
        caller = phone(number)
        caller.call()
        assert "Nachbarschaftshilfe" in caller.heard, n
        caller.hang_up()
        model_base.travel(timedelta(minutes=1))
    sixth = phone(number)
    sixth.call()
    assert sixth.ended and "sehr oft angerufen" in sixth.heard and "1 1 2" in sixth.heard
    assert session.scalars(select(Call).order_by(Call.id.desc())).first().outcome == (
        "too_many_calls"
    )
    anonymous = phone(None)  # a withheld number cannot be told apart: never limited
    anonymous.call()
    assert "Nachbarschaftshilfe" in anonymous.heard
    model_base.travel(timedelta(minutes=10))
    again = phone(number)
    again.call()
    assert "Nachbarschaftshilfe" in again.heard


def test_the_sandbox_is_more_generous(app, session, monkeypatch):
    import config
    from dispatch import limits

    assert limits.per_number("INBOUND_SMS_LIMIT") == ((5, 600), (20, 86400))
    monkeypatch.setitem(app.config, "TELEPHONY", "sandbox")
    assert limits.per_number("INBOUND_CALL_LIMIT") == ((30, 600), (300, 86400))
    monkeypatch.setitem(app.config, "INBOUND_CALL_LIMIT", ((2, 60),))
    assert limits.per_number("INBOUND_CALL_LIMIT") == ((2, 60),)
    env = {"INBOUND_SMS_LIMIT": "3/1h", "SECRET_KEY": "x", "NACHBARRUF_INSTANCE": "/nonexistent"}
    settings = config.from_environ(env)
    assert settings["INBOUND_SMS_LIMIT"] == ((3, 3600),) and settings["INBOUND_CALL_LIMIT"] is None
    assert settings["UNKNOWN_SMS_REPLIES"] == ((2, 86400),)
    assert settings["OUTBOUND_COUNTRIES"] == ("DE",)
    with pytest.raises(ValueError, match="5/10min"):
        config.limits("five a minute", "INBOUND_SMS_LIMIT")


def test_limits_are_configurable(app, session, kommune, monkeypatch, phone):
    monkeypatch.setitem(app.config, "INBOUND_CALL_LIMIT", ((1, 3600),))
    phone("+493023125177").call()
    second = phone("+493023125177")
    second.call()
    assert "sehr oft" in second.heard


# --- strangers and machines -----------------------------------------------------------------------


def test_a_stranger_gets_two_answers_a_day(session, kommune, sms):
    assert sms(STRANGER, "Hallo?")
    model_base.travel(timedelta(minutes=20))
    assert sms(STRANGER, "Wer ist da?")
    model_base.travel(timedelta(minutes=20))
    assert sms(STRANGER, "Hallo??") == []
    assert count(session, Message, Message.direction == "inbound") == 3
    model_base.travel(timedelta(hours=24))
    assert sms(STRANGER, "Hallo")


@pytest.mark.parametrize(
    "body",
    [
        "",
        "Auto-Reply: Ich bin bis zum 5.12. nicht erreichbar.",
        "Abwesenheitsnotiz: Ich bin im Urlaub.",
        "AUTOMATISCHE ANTWORT – bitte nicht antworten",
        "Out of office",
    ],
)
def test_automatic_messages_get_no_answer(session, kommune, make_person, sms, body):
    helper = make_person("volunteer")
    assert sms(helper.phone, body) == []
    assert sms(helper.phone, "status")  # a person is answered


def test_a_sender_that_is_no_number_gets_no_answer(session, kommune, sms):
    assert sms("DHL", "Ihr Paket kommt") == []
    assert sms("82345", "") == []  # a short code


def test_our_own_text_coming_back_is_not_answered(session, kommune, sms):
    (first,) = sms(STRANGER, "Hallo")
    assert sms(STRANGER, first) == []  # an echo: a loop between two machines stops here


# --- open requests per client ----------------------------------------------------------------------


def test_the_fourth_request_by_phone_is_refused_politely(session, kommune, make_person, phone):
    erika = make_person("client", phone="+493023125177")
    for _ in range(3):
        intake.open_request(
            session, kommune=kommune, client=erika, category=Category.SHOPPING, when=When.TOMORROW
        )
    session.commit()
    caller = phone(erika.phone)
    caller.call()
    caller.choose("neue Anfrage")
    caller.choose("Einkaufen")
    caller.choose("morgen")
    caller.say("Brot und Milch")
    caller.choose("Ja")
    assert "Sie haben schon 3 offene Anfragen" in caller.heard
    assert "Unser Team meldet sich bei Ihnen" in caller.heard and caller.ended
    assert count(session, HelpRequest) == 3
    call = session.scalars(select(Call)).one()
    assert call.outcome == "over_limit"
    last = session.scalars(select(CallEvent).order_by(CallEvent.seq.desc())).first()
    assert (last.step, last.next_step) == ("confirm", "over_limit")
    flag = session.scalars(select(Flag)).one()
    newest = session.scalars(select(HelpRequest).order_by(HelpRequest.id.desc())).first()
    assert (flag.reason, flag.request_id) == ("too_many_open", newest.id)
    assert "Brot und Milch" in flag.note


def test_staff_may_add_a_fourth(session, kommune, make_person, make_staff):
    from models import Actor

    erika = make_person("client")
    staff = make_staff()
    for _ in range(4):
        intake.open_request(
            session,
            kommune=kommune,
            client=erika,
            category=Category.SHOPPING,
            when=When.TOMORROW,
            actor=Actor.staff(staff.id),
            channel="staff",
        )
    session.commit()
    assert count(session, HelpRequest) == 4


# --- countries ---------------------------------------------------------------------------------------


def test_nothing_goes_to_a_country_the_kommune_does_not_allow(
    session, kommune, make_person, run_tasks, fake_twilio
):
    kommune.round_size = 1
    session.commit()
    abroad = make_person("volunteer", name="Ana Ausland", phone="+436641234567")  # Austria
    home = make_person("volunteer", name="Hans Hier", phone="+4915228817331")
    abroad.last_offered_at = None
    home.last_offered_at = model_base.utcnow()  # abroad is asked first
    session.commit()
    request = intake.open_request(
        session,
        kommune=kommune,
        client=make_person("client"),
        category=Category.SHOPPING,
        when=When.TOMORROW,
    )
    session.commit()
    run_tasks()
    assert fake_twilio.messages_to(abroad.phone) == []  # never sent
    refused = session.scalars(select(Message).where(Message.to_number == abroad.phone)).one()
    assert (refused.status, refused.error_code) == ("failed", "country")  # but recorded
    assert fake_twilio.messages_to(home.phone)  # the next one was asked instead
    session.refresh(request)
    assert {o.volunteer_id: o.status for o in request.offers}[abroad.id] == "failed"

    kommune.outbound_countries = ["DE", "AT"]  # the Kommune allows Austria
    session.commit()
    again = intake.open_request(
        session,
        kommune=kommune,
        client=make_person("client"),
        category=Category.SHOPPING,
        when=When.TOMORROW,
    )
    session.commit()
    run_tasks()
    assert fake_twilio.messages_to(abroad.phone)
    assert session.get(HelpRequest, again.id) is not None


def test_calls_abroad_are_refused_too(session, kommune, make_person, run_tasks, fake_twilio):
    landline = make_person("volunteer", name="Ana Ausland", phone="+43125123456")  # Vienna
    intake.open_request(
        session,
        kommune=kommune,
        client=make_person("client"),
        category=Category.SHOPPING,
        when=When.TOMORROW,
    )
    session.commit()
    run_tasks()
    assert fake_twilio.calls_to(landline.phone) == []
    call = session.scalars(select(Call).where(Call.to_number == landline.phone)).one()
    assert (call.status, call.outcome) == ("failed", "error:country")
    assert session.get(Person, landline.id).is_volunteer
