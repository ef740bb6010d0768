"""Time spent as staff see it: on the request page (and corrected there), and per
volunteer by month and year on the person page."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from dispatch import lifecycle
from models import Actor, AuditEntry, RequestEvent
from models import base as model_base
from prompts import dashboard as T


def _done(session, make_request, volunteer, by_staff, minutes=None):
    request = make_request()
    lifecycle.assign_by_hand(session, request, volunteer, actor=by_staff)
    lifecycle.mark_done(session, request, actor=Actor.volunteer(volunteer.id))
    if minutes:
        lifecycle.record_hours(session, request, minutes, actor=Actor.volunteer(volunteer.id))
    session.commit()
    return request


def test_staff_correct_the_time_and_the_timeline_keeps_the_old(
    session, coordinator, coordinator_user, make_request, make_person, by_staff
):
    request = _done(session, make_request, make_person("volunteer"), by_staff, minutes=120)
    page = coordinator.page(f"/requests/{request.id}")
    assert "Zeitaufwand: 2 Std." in page.text
    assert page.html.count('name="time_spent"') == 1 and 'value="2"' in page.html

    page = coordinator.follow(
        coordinator.post(f"/requests/{request.id}/hours", {"time_spent": "1,5"})
    )
    assert T.TIME_SPENT_NOTED(hours="1,5") in page.text
    session.refresh(request)
    assert (request.minutes_spent, request.minutes_by) == (90, f"staff:{coordinator_user.id}")
    assert "1,5 Std. (vorher 2 Std.)" in page.text
    details = session.scalars(
        select(RequestEvent.detail).where(
            RequestEvent.request_id == request.id, RequestEvent.kind == "hours"
        )
    ).all()
    assert details == [{"minutes": 120, "before": None}, {"minutes": 90, "before": 120}]
    changes = session.scalars(select(AuditEntry).where(AuditEntry.action == "update")).all()
    assert [a.detail.get("change") for a in changes] == ["hours"]


def test_staff_write_the_time_as_they_like_and_nonsense_is_refused(
    session, coordinator, make_request, make_person, by_staff
):
    request = _done(session, make_request, make_person("volunteer"), by_staff)
    assert "noch nicht angegeben" in coordinator.page(f"/requests/{request.id}").text
    coordinator.post(f"/requests/{request.id}/hours", {"time_spent": "90 min"})
    session.refresh(request)
    assert request.minutes_spent == 90
    for nonsense in ("", "viel", "30 Stunden", "0"):
        response = coordinator.post(f"/requests/{request.id}/hours", {"time_spent": nonsense})
        assert response.status_code in (302, 303)
        session.refresh(request)
        assert request.minutes_spent == 90


def test_no_time_on_a_request_not_done(session, coordinator, make_request, make_person, by_staff):
    request = make_request()
    lifecycle.assign_by_hand(session, request, make_person("volunteer"), actor=by_staff)
    session.commit()
    assert 'name="time_spent"' not in coordinator.page(f"/requests/{request.id}").html
    page = coordinator.follow(
        coordinator.post(f"/requests/{request.id}/hours", {"time_spent": "2"})
    )
    assert str(T.NOT_POSSIBLE) in page.text
    session.refresh(request)
    assert request.minutes_spent is None


def test_the_person_page_sums_hours_by_month_and_year(
    session, coordinator, make_request, make_person, by_staff
):
    max_ = make_person("volunteer", name="Max Mustermann")
    # 31 December 23:30 in Berlin is still December there (22:30 UTC).
    for at, minutes in (
        (datetime(2025, 12, 31, 22, 30, tzinfo=UTC), 60),
        (datetime(2026, 11, 3, 9, tzinfo=UTC), 90),
        (datetime(2026, 11, 20, 9, tzinfo=UTC), 30),
        (datetime(2026, 12, 1, 9, tzinfo=UTC), 120),
    ):
        model_base.reset_clock()
        model_base.travel(at - model_base.utcnow())
        _done(session, make_request, max_, by_staff, minutes=minutes)
    _done(session, make_request, max_, by_staff)  # without a time: not counted
    page = coordinator.page(f"/people/{max_.id}")
    years = page.html.split('id="hours-by-year"')[1].split("</table>")[0]
    months = page.html.split('id="hours-by-month"')[1].split("</table>")[0]
    assert "<td>2026</td><td>4</td><td>3</td>" in years
    assert "<td>2025</td><td>1</td><td>1</td>" in years
    assert "<td>Dezember 2026</td><td>2</td><td>1</td>" in months
    assert "<td>November 2026</td><td>2</td><td>2</td>" in months
    assert "<td>Dezember 2025</td><td>1</td><td>1</td>" in months
