"""The Kommune's monthly limits per volunteer on the Anerkennung page (admins set them,
audited; empty = none), and the person page saying why a volunteer gets no requests."""

from __future__ import annotations

from sqlalchemy import select

from models import AuditEntry, Category, HelpRequest, RequestStatus, When, utcnow
from models.request import window_for
from prompts import dashboard as T
from prompts import recognition as R


def _done(session, kommune, client, volunteer, minutes):
    start, end = window_for(When.TODAY, utcnow())
    session.add(
        HelpRequest(
            kommune_id=kommune.id,
            ref=HelpRequest.new_ref(session, kommune.id),
            client_id=client.id,
            volunteer_id=volunteer.id,
            category=Category.SHOPPING,
            when=When.TODAY,
            needed_from=start,
            needed_until=end,
            status=RequestStatus.DONE,
            assigned_at=utcnow(),
            done_at=utcnow(),
            minutes_spent=minutes,
        )
    )
    session.commit()


def test_admin_sets_and_clears_the_limits_audited(session, admin, kommune):
    page = admin.follow(
        admin.post("/recognition/helper-limits", {"max_people": "4", "max_hours": "20"})
    )
    assert str(T.SAVED) in page.text
    session.refresh(kommune)
    assert (kommune.helper_max_people, kommune.helper_max_hours) == (4, 20)
    page = admin.follow(
        admin.post("/recognition/helper-limits", {"max_people": "4", "max_hours": "20"})
    )
    assert str(T.NO_CHANGE) in page.text
    admin.post("/recognition/helper-limits", {"max_people": "", "max_hours": ""})
    session.refresh(kommune)
    assert (kommune.helper_max_people, kommune.helper_max_hours) == (None, None)
    fields = [
        a.detail.get("fields")
        for a in session.scalars(select(AuditEntry).where(AuditEntry.action == "update"))
    ]
    assert fields == [["helper_max_people", "helper_max_hours"]] * 2


def test_coordinators_cannot_change_the_limits(session, coordinator, kommune):
    assert coordinator.post("/recognition/helper-limits", {"max_people": "1"}).status_code == 403
    session.refresh(kommune)
    assert kommune.helper_max_people is None
    kommune.helper_max_hours = 20
    session.commit()
    page = coordinator.page("/recognition")
    assert 'id="helper-limits"' not in page.html
    assert "Höchstens 20 Stunden im Monat" in page.html.split('id="helper-limits-info"')[1]


def test_the_person_page_says_which_limit_is_reached(session, coordinator, kommune, make_person):
    anna = make_person("volunteer", name="Anna Voll")
    page = coordinator.page(f"/people/{anna.id}")
    assert "limit-reached" not in page.html and 'id="month-use"' not in page.html
    kommune.helper_max_people, kommune.helper_max_hours = 2, 3
    session.commit()
    for name in ("Frau A", "Herr B"):
        _done(session, kommune, make_person("client", name=name), anna, 90)
    page = coordinator.page(f"/people/{anna.id}")
    said = page.html.split('class="notice warn limit-reached"')
    assert len(said) == 3
    assert R.LIMIT_PEOPLE(n=2) in page.text and R.LIMIT_HOURS(n=3) in page.text
    assert "Grenze erreicht: 2 Personen im Monat" in page.text
    assert R.MONTH_USE(people=2, hours="3") in page.text
