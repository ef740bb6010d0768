"""Recognition and clearances (``dispatch.recognition``): the NRW preset, confirmations,
what a volunteer lacks per category, and what runs out within 60 days."""

from __future__ import annotations

from datetime import date

import pytest

from dispatch import recognition
from models import CLEARANCE, Category, ChecklistItem, VolunteerStatus

TODAY = date(2026, 12, 2)


def test_the_nrw_preset_puts_the_anfovo_conditions_on_the_list_once(session, kommune):
    assert kommune.state == "NW"
    assert recognition.apply_preset(session, kommune) == 5
    items = recognition.checklist(session, kommune.id)
    assert [i.key for i in items] == [
        "nw_unpaid",
        "nw_not_related",
        "nw_not_household",
        "nw_not_carer",
        "nw_brochure",
    ]
    assert "Broschüre" in items[-1].title and "AnFöVO" in items[0].hint
    assert all(i.course_hours is None and i.valid_months is None for i in items)
    assert recognition.apply_preset(session, kommune) == 0  # nothing twice


def test_a_land_without_preset_adds_its_own_course(session, kommune):
    kommune.state = "BY"
    assert recognition.apply_preset(session, kommune) is None
    course = recognition.add_item(session, kommune, "Kurs Nachbarschaftshilfe", course_hours=30)
    again = recognition.add_item(session, kommune, "Kurs Nachbarschaftshilfe")
    clearance = recognition.add_item(session, kommune, "Clearance")
    assert (course.key, again.key, clearance.key) == (
        "kurs_nachbarschaftshilfe",
        "kurs_nachbarschaftshilfe_2",
        "clearance_2",  # never the Führungszeugnis's own name
    )
    assert course.course_hours == 30 and again.position > course.position


@pytest.mark.parametrize(
    ("day", "months", "result"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2026, 12, 2), 1, date(2027, 1, 2)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2021, 12, 2), 60, date(2026, 12, 2)),
        (date(2026, 12, 2), -60, date(2021, 12, 2)),
        (date(2026, 5, 15), 0, date(2026, 5, 15)),
    ],
)
def test_add_months(day, months, result):
    assert recognition.add_months(day, months) == result


def test_what_a_volunteer_lacks_per_category(session, kommune, make_person):
    recognition.apply_preset(session, kommune)
    recognition.set_requirements(
        session,
        kommune,
        {Category.PHONE_CHAT: {"nw_brochure", CLEARANCE}, Category.SHOPPING: {"nw_unpaid"}},
    )
    max_ = make_person("volunteer", categories=(Category.PHONE_CHAT, Category.DOG_WALKING))
    lacking = recognition.missing(session, max_, kommune, TODAY)
    assert set(lacking) == {Category.PHONE_CHAT}  # dog walking requires nothing; no shopping
    assert sorted(lacking[Category.PHONE_CHAT]) == sorted(
        ["Führungszeugnis", "Kennt die Broschüre des Landes für Nachbarschaftshelfer*innen"]
    )
    items = {i.key: i for i in recognition.checklist(session, kommune.id)}
    recognition.confirm(session, max_, items["nw_brochure"], TODAY, staff_user_id=None)
    recognition.record_clearance(max_, date(2026, 1, 5), staff_user_id=None)
    assert recognition.missing(session, max_, kommune, TODAY) == {}
    assert recognition.unconfirm(session, max_, items["nw_brochure"]) is True
    assert recognition.unconfirm(session, max_, items["nw_brochure"]) is False
    assert list(recognition.missing(session, max_, kommune, TODAY)) == [Category.PHONE_CHAT]


def test_requirements_keep_only_what_exists_and_say_when_they_changed(session, kommune):
    recognition.apply_preset(session, kommune)
    assert recognition.set_requirements(
        session, kommune, {Category.PHONE_CHAT: {"nw_brochure", "gibt_es_nicht"}, "other": set()}
    )
    assert recognition.requirements(session, kommune.id) == {Category.PHONE_CHAT: {"nw_brochure"}}
    assert not recognition.set_requirements(
        session, kommune, {Category.PHONE_CHAT: {"nw_brochure"}}
    )
    brochure = next(i for i in recognition.checklist(session, kommune.id) if i.key == "nw_brochure")
    recognition.remove_item(session, brochure)
    assert recognition.requirements(session, kommune.id) == {}
    assert session.get(ChecklistItem, brochure.id) is None


def test_what_runs_out_in_60_days(session, kommune, make_person):
    course = recognition.add_item(session, kommune, "Erste Hilfe", valid_months=24)
    soon = make_person("volunteer", name="Bald Ablauf", clearance_issued_on=date(2022, 1, 15))
    later = make_person("volunteer", name="Später", clearance_issued_on=date(2022, 3, 1))
    make_person("volunteer", name="Schon Abgelaufen", clearance_issued_on=date(2020, 1, 1))
    gone = make_person(
        "volunteer",
        name="Abgemeldet",
        clearance_issued_on=date(2022, 1, 1),
        status=VolunteerStatus.OPTED_OUT,
    )
    recognition.confirm(session, later, course, date(2025, 1, 20), staff_user_id=None)
    recognition.confirm(session, soon, course, date(2025, 6, 1), staff_user_id=None)
    session.commit()
    found = [
        (e.person.name, e.what, e.expires_on) for e in recognition.expiring(session, kommune, TODAY)
    ]
    assert found == [
        ("Schon Abgelaufen", "Führungszeugnis", date(2025, 1, 1)),
        ("Bald Ablauf", "Führungszeugnis", date(2027, 1, 15)),
        ("Später", "Erste Hilfe", date(2027, 1, 20)),
    ]
    assert gone.name not in {name for name, *_ in found}


def test_trainings_newest_first(session, kommune, make_person):
    max_ = make_person("volunteer")
    recognition.add_training(
        session, max_, "Demenz  verstehen", date(2026, 3, 1), 180, staff_user_id=None
    )
    recognition.add_training(
        session, max_, "Erste Hilfe", date(2026, 10, 1), 540, staff_user_id=None
    )
    assert [(t.title, t.minutes) for t in recognition.trainings(session, max_.id)] == [
        ("Erste Hilfe", 540),
        ("Demenz verstehen", 180),
    ]


def test_export_shows_and_erasure_removes_the_recognition_records(session, kommune, make_person):
    from dispatch import privacy
    from models import Training, VolunteerCheck

    recognition.apply_preset(session, kommune)
    max_ = make_person("volunteer")
    item = recognition.checklist(session, kommune.id)[0]
    recognition.confirm(session, max_, item, date(2026, 11, 1), staff_user_id=None)
    recognition.record_clearance(max_, date(2026, 1, 5), staff_user_id=None)
    recognition.add_training(session, max_, "Erste Hilfe", date(2026, 3, 1), 60, staff_user_id=None)
    session.commit()
    data = privacy.export(session, max_)
    person = data["person"]
    assert person["clearance_issued_on"] == "2026-01-05"
    assert person["checks"] == [{"item": item.title, "confirmed_on": "2026-11-01"}]
    assert person["trainings"] == [
        {"title": "Erste Hilfe", "taken_on": "2026-03-01", "minutes": 60}
    ]
    privacy.erase(session, max_, staff_user_id=None)
    session.commit()
    assert max_.clearance_issued_on is None
    assert session.query(VolunteerCheck).count() == 0 and session.query(Training).count() == 0
