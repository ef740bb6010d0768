"""The Kommune sets its own line in Einstellungen and on the command line: office hours (the
same reader as a volunteer's availability), Land, languages, duty phones (all ring at once
for "0"), contact hours and the name in the greeting — errors per field in German, audited."""

from __future__ import annotations

import shlex
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from models import AuditEntry, Kommune
from models.week import HoursError, format_office_hours, office_hours, parse_week
from prompts import dashboard as T
from prompts import settings as S
from tests.dashboard.conftest import Page

VALID = {
    "greeting_name": "Stadt Musterstadt",
    "office_hours": "Mo-Do 9-16, Fr 9-12",
    "state": "BY",
    "languages": ["tr"],
    "duty_phones": "030 23125900\n0152 28817399",
    "contact_hours": "9-19",
    "outbound_countries": "Deutschland, österreich",
    "recording_retention_days": "30",
    "record_retention_days": "365",
    "round_size": "",
    "round_minutes": "",
    "max_rounds": "",
    "followup_days": "1",
    "followup_hour": "10",
}


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("Mo-Fr 9-16", {d: [["09:00", "16:00"]] for d in ("mon", "tue", "wed", "thu", "fri")}),
        (
            "Mo-Do 9-16, Fr 9-12",
            {
                **{d: [["09:00", "16:00"]] for d in ("mon", "tue", "wed", "thu")},
                "fri": [["09:00", "12:00"]],
            },
        ),
        ("Di 9:30-12, 14-16", {"tue": [["09:30", "12:00"], ["14:00", "16:00"]]}),
        (
            "Montag bis Freitag 9.00 Uhr – 17.00 Uhr",
            {d: [["09:00", "17:00"]] for d in ("mon", "tue", "wed", "thu", "fri")},
        ),
        ("Mo 9-12, Mo 14-16", {"mon": [["09:00", "12:00"], ["14:00", "16:00"]]}),
    ],
)
def test_office_hours_are_read_like_a_volunteers_availability(text, stored):
    assert office_hours(text) == stored
    assert office_hours(format_office_hours(stored)) == stored  # written back, read again


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "empty"),
        ("Mo-Fr", "no_hours"),
        ("Mo-Xy 9-16", "day"),
        ("Fr-Mo 9-16", "day_order"),
        ("Mo 16-9", "time_order"),
        ("Mo 9-25", "time"),
        ("Mo-Fr 9-13, Mo 12-14", "overlap"),
        ("nach Absprache", "day"),
    ],
)
def test_unreadable_office_hours_say_why(text, problem):
    with pytest.raises(HoursError) as caught:
        parse_week(text)
    assert caught.value.problem == problem
    assert S.hours_problem(caught.value.problem, caught.value.part)  # German words for it


def test_the_settings_page_shows_the_line_as_people_write_it(session, admin, kommune):
    kommune.office_hours = office_hours("Mo-Do 9-16, Fr 9-12")
    kommune.duty_phones = ["+493023125900", "+4915228817399"]
    session.commit()
    page = admin.page("/settings")
    assert page.inputs["office_hours"] == "Mo-Do 9-16, Fr 9-12"
    assert "030 23125900" in page.html and "01522 8817399" in page.html
    assert "Nordrhein-Westfalen" in page and "Türkisch" in page


def test_admins_set_the_line_and_it_is_audited(session, admin, admin_user, kommune):
    response = admin.post("/settings", VALID)
    assert str(T.SAVED) in admin.follow(response)
    session.expire_all()
    kommune = session.get(Kommune, kommune.id)
    assert kommune.office_hours == office_hours("Mo-Do 9-16, Fr 9-12")
    assert (kommune.state, kommune.languages, kommune.contact_hours) == (
        "BY",
        ["de", "tr"],
        [9, 19],
    )
    assert kommune.duty_phones == ["+493023125900", "+4915228817399"]
    assert kommune.spoken_name == "Stadt Musterstadt"
    assert kommune.outbound_countries == ["DE", "AT"]
    entry = session.scalars(
        select(AuditEntry).where(AuditEntry.subject_type == "kommune").order_by(AuditEntry.id)
    ).all()[-1]
    assert entry.staff_user_id == admin_user.id and entry.action == "update"
    assert set(entry.detail["fields"]) >= {
        "office_hours",
        "state",
        "languages",
        "duty_phones",
        "contact_hours",
        "greeting_name",
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("office_hours", "Mo-Fr", S.HOURS["no_hours"](part="Mo-Fr")),
        ("office_hours", "Montag bis Xy 9-16", S.HOURS["day"](part="Montag-Xy")),
        ("duty_phones", "030 23125900, 12", S.DUTY_PHONE_INVALID(value="12")),
        ("duty_phones", "030 23125000", S.DUTY_PHONE_IS_HOTLINE(number="030 23125000")),
        ("contact_hours", "8:30-20", S.HOURS["minutes"](part="8:30-20")),
        ("outbound_countries", "Deutschland, Atlantis", S.COUNTRY_UNKNOWN(value="Atlantis")),
        ("state", "XX", None),
        ("languages", ["fr"], None),
        ("languages", ["tr", "ru", "uk", "pl"], S.LANGUAGES_TOO_MANY(max=4)),
    ],
)
def test_a_wrong_value_is_refused_next_to_its_field(session, admin, kommune, field, value, message):
    before = (kommune.office_hours, kommune.duty_phones, kommune.contact_hours, kommune.state)
    page = Page(admin.post("/settings", {**VALID, field: value}))
    assert page.status == 200
    assert f'id="{field}-err"' in page.html or f"{field}-err" in page.html
    if message:
        assert message in page
    session.expire_all()
    kommune = session.get(Kommune, kommune.id)
    assert (
        kommune.office_hours,
        kommune.duty_phones,
        kommune.contact_hours,
        kommune.state,
    ) == before


def test_zero_rings_every_duty_phone_at_once(session, kommune, phone):
    kommune.duty_phones = ["+493023125900", "+4915228817399"]
    session.commit()
    caller = phone("+493023125101")
    caller.call()
    caller.press("0")
    dial = caller.last_document().find("Dial")
    assert dial is not None
    assert [n.text for n in dial.findall("Number")] == ["+493023125900", "+4915228817399"]


def test_one_duty_phone_is_dialled_as_before(session, kommune, phone):
    caller = phone("+493023125101")
    caller.call()
    caller.press("0")
    dial = caller.last_document().find("Dial")
    assert (dial.text or "").strip() == "+493023125900" and not dial.findall("Number")


# --- the command line -----------------------------------------------------------------------------


@pytest.fixture
def run(app, session):
    runner = app.test_cli_runner()

    def invoke(command: str):
        return runner.invoke(args=shlex.split(command), catch_exceptions=False)

    return invoke


def test_kommune_set_on_the_command_line(run, session, kommune):
    result = run(
        'kommune set Musterstadt --office-hours "Mo-Do 9-16, Fr 9-12" --state by '
        '--languages de,tr --duty-phone "030 23125900" --duty-phone "0152 28817399" '
        '--contact-hours 8-18 --greeting-name "Stadt Musterstadt" --countries de,at'
    )
    assert result.exit_code == 0, result.output
    assert "Bürozeiten: Mo-Do 9-16, Fr 9-12" in result.output
    assert "Sprachen: Deutsch, Türkisch" in result.output
    session.expire_all()
    kommune = session.get(Kommune, kommune.id)
    assert kommune.office_hours == office_hours("Mo-Do 9-16, Fr 9-12")
    assert (kommune.state, kommune.languages, kommune.contact_hours) == (
        "BY",
        ["de", "tr"],
        [8, 18],
    )
    assert kommune.duty_phones == ["+493023125900", "+4915228817399"]
    assert kommune.greeting_name == "Stadt Musterstadt"
    assert kommune.outbound_countries == ["DE", "AT"]
    entry = session.scalars(select(AuditEntry).where(AuditEntry.subject_type == "kommune")).one()
    assert entry.staff_user_id is None and "office_hours" in entry.detail["fields"]
    # Bavaria's holidays now close the office: Epiphany is one there, not in NRW
    assert kommune.is_holiday(datetime(2027, 1, 6, 11, tzinfo=UTC))


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ('--office-hours "Mo-Xy 9-16"', "kein Wochentag"),
        ("--state XX", "Bundesland „XX“ unbekannt"),
        ("--languages de,fr", "keine Ansagen"),
        ('--duty-phone "030 23125000"', "Hotline-Nummer"),
        ("--contact-hours 20-8", "Das Ende muss nach dem Anfang liegen"),
        ("--countries DE,XY", "kein Land, das wir anrufen können"),
    ],
)
def test_kommune_set_refuses_in_german_and_changes_nothing(run, session, kommune, options, words):
    before = (kommune.office_hours, kommune.state, kommune.languages, kommune.duty_phones)
    result = run(f"kommune set Musterstadt {options}")
    assert result.exit_code == 1
    assert words in result.output and result.output.startswith("Fehler: --")
    session.expire_all()
    kommune = session.get(Kommune, kommune.id)
    assert (kommune.office_hours, kommune.state, kommune.languages, kommune.duty_phones) == before
