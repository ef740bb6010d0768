"""Recognition in the dashboard: staff confirm checklist items, the Führungszeugnis and
trainings on the person page, admins keep the Kommune's checklist and the requirements per
category, and a volunteer missing one is told why they get no requests of it."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from dispatch import recognition
from models import AuditEntry, Category, Training, VolunteerCheck
from prompts import recognition as R


def _changes(session):
    return [
        a.detail.get("change") or a.detail.get("fields")
        for a in session.scalars(
            select(AuditEntry).where(AuditEntry.action == "update").order_by(AuditEntry.id)
        )
    ]


def test_admin_takes_the_nrw_preset_and_requires_the_brochure_for_phone_chats(
    session, admin, kommune, make_person
):
    page = admin.follow(admin.post("/recognition/preset"))
    assert R.PRESET_ADDED(n=5) in page.text
    assert "Kennt die Broschüre des Landes" in page.html.split('id="checklist-items"')[1]
    response = admin.post(
        "/recognition/requirements",
        {"need-phone_chat": ["nw_brochure", "clearance"], "need-nonsense": ["nw_brochure"]},
    )
    assert response.status_code in (302, 303)
    assert recognition.requirements(session, kommune.id) == {
        Category.PHONE_CHAT: {"nw_brochure", "clearance"}
    }
    max_ = make_person("volunteer", name="Max Mustermann", categories=(Category.PHONE_CHAT,))
    page = admin.page(f"/people/{max_.id}")
    said = page.html.split('class="notice warn not-offered"')[1].split("</p>")[0]
    assert "Telefongespräch" in said and "Führungszeugnis" in said and "Broschüre" in said
    assert _changes(session) == ["checklist", "requirements"]


def test_staff_confirm_an_item_the_clearance_and_a_training(
    session, coordinator, kommune, make_person, coordinator_user
):
    recognition.apply_preset(session, kommune)
    recognition.set_requirements(session, kommune, {Category.PHONE_CHAT: {"nw_brochure"}})
    session.commit()
    max_ = make_person("volunteer", name="Max Mustermann", categories=(Category.PHONE_CHAT,))
    brochure = next(i for i in recognition.checklist(session, kommune.id) if i.key == "nw_brochure")
    assert "not-offered" in coordinator.page(f"/people/{max_.id}").html

    page = coordinator.follow(
        coordinator.post(f"/people/{max_.id}/checks/{brochure.id}", {"confirmed_on": "2026-11-30"})
    )
    assert R.CHECK_CONFIRMED(title=brochure.title) in page.text
    assert "not-offered" not in page.html
    check = session.scalars(select(VolunteerCheck)).one()
    assert (check.confirmed_on, check.confirmed_by_id) == (date(2026, 11, 30), coordinator_user.id)
    assert "bestätigt am 30.11.2026" in page.text

    coordinator.post(f"/people/{max_.id}/clearance", {"issued_on": "2026-01-15"})
    session.refresh(max_)
    assert max_.clearance_issued_on == date(2026, 1, 15)
    page = coordinator.page(f"/people/{max_.id}")
    assert "vom 15.01.2026" in page.text and "läuft ab am 15.01.2031" in page.text

    coordinator.post(
        f"/people/{max_.id}/trainings",
        {"title": "Erste Hilfe", "taken_on": "2026-10-01", "hours": "7,5"},
    )
    training = session.scalars(select(Training)).one()
    assert (training.title, training.minutes) == ("Erste Hilfe", 450)
    assert "Erste Hilfe · 01.10.2026 · 7,5 Std." in coordinator.page(f"/people/{max_.id}").text

    coordinator.post(f"/people/{max_.id}/checks/{brochure.id}/remove")
    coordinator.post(f"/people/{max_.id}/trainings/{training.id}/remove")
    assert session.scalars(select(VolunteerCheck)).all() == []
    assert session.scalars(select(Training)).all() == []
    assert _changes(session) == ["check", "clearance", "training", "check", "training"]


def test_future_dates_and_bad_hours_are_refused(session, coordinator, kommune, make_person):
    recognition.apply_preset(session, kommune)
    session.commit()
    max_ = make_person("volunteer")
    item = recognition.checklist(session, kommune.id)[0]
    page = coordinator.follow(
        coordinator.post(f"/people/{max_.id}/checks/{item.id}", {"confirmed_on": "2099-01-01"})
    )
    assert str(R.DATE_FUTURE) in page.text
    coordinator.post(
        f"/people/{max_.id}/trainings", {"title": "Kurs", "taken_on": "2026-10-01", "hours": "viel"}
    )
    assert session.scalars(select(VolunteerCheck)).all() == []
    assert session.scalars(select(Training)).all() == []


def test_coordinators_see_the_list_but_only_admins_change_it(
    session, coordinator, kommune, make_person, other_kommune
):
    recognition.apply_preset(session, kommune)
    recognition.record_clearance(
        make_person("volunteer", name="Bald Ablauf"), date(2021, 12, 20), staff_user_id=None
    )
    session.commit()
    page = coordinator.page("/recognition")
    assert "Bald Ablauf" in page.html.split('id="expiring"')[1]
    assert coordinator.post("/recognition/preset").status_code == 403
    assert coordinator.post("/recognition/requirements", {}).status_code == 403
    # Another Kommune's checklist item and person are not found.
    foreign = recognition.add_item(session, other_kommune, "Fremd")
    stranger = make_person("volunteer", kommune=other_kommune)
    session.commit()
    mine = make_person("volunteer")
    assert (
        coordinator.post(
            f"/people/{mine.id}/checks/{foreign.id}", {"confirmed_on": "2026-11-30"}
        ).status_code
        == 404
    )
    item = recognition.checklist(session, kommune.id)[0]
    assert (
        coordinator.post(
            f"/people/{stranger.id}/checks/{item.id}", {"confirmed_on": "2026-11-30"}
        ).status_code
        == 404
    )


def test_a_land_item_with_course_hours_and_the_clearance_period(session, admin, kommune):
    admin.post(
        "/recognition/items",
        {"title": "Kurs nach Landesrecht", "course_hours": "30", "valid_months": "36"},
    )
    item = recognition.checklist(session, kommune.id)[0]
    assert (item.title, item.course_hours, item.valid_months) == ("Kurs nach Landesrecht", 30, 36)
    assert "Kurs, 30 Stunden" in admin.page("/recognition").text
    admin.post("/recognition/clearance-years", {"clearance_years": "3"})
    session.refresh(kommune)
    assert kommune.clearance_years == 3
    admin.post(f"/recognition/items/{item.id}/remove")
    assert recognition.checklist(session, kommune.id) == []
