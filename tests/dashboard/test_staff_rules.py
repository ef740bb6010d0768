"""What staff do never clears what they did not settle: a note or an unrelated outcome
leaves a flag open, a follow-up "nein" waits on Heute for a note of what was done (see
test_requests.py::test_a_flag_stays_on_heute_until_staff_say_what_they_did), a follow-up
staff logged themselves ends the automatic call, and "done" before the request's day asks
first."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from dispatch import lifecycle
from models import Call, Outcome
from prompts import dashboard as T
from tests.dashboard.conftest import Page


def _attention(coordinator) -> str:
    return coordinator.page("/").text.split("Suche läuft")[0]


def test_unrelated_outcomes_and_notes_leave_a_flag_open(
    session, coordinator, by_staff, make_request, make_person
):
    request = make_request()
    lifecycle.assign_by_hand(session, request, make_person("volunteer"), actor=by_staff)
    lifecycle.client_unreachable(session, request)
    session.commit()
    for kind in ("note", "not_home", "followup_ok", "followup_problem"):
        coordinator.post(f"/requests/{request.id}/outcome", {"kind": kind, "note": "angerufen"})
    session.expire_all()
    assert [f.reason for f in request.open_flags] == ["notice_unanswered"]
    assert str(T.ATTENTION["notice_unanswered"]) in _attention(coordinator)


def test_a_followup_logged_by_staff_ends_the_automatic_call(
    session, coordinator, by_staff, make_request, make_person, run_tasks
):
    request = make_request()
    lifecycle.assign_by_hand(session, request, make_person("volunteer"), actor=by_staff)
    session.commit()
    coordinator.post(f"/requests/{request.id}/done", {"note": "Einkauf gebracht"})
    response = coordinator.post(
        f"/requests/{request.id}/outcome", {"kind": "followup_ok", "note": "selbst angerufen"}
    )
    assert str(T.OUTCOME_LOGGED) in coordinator.follow(response)
    session.expire_all()
    assert request.followup_state == "by_staff"
    run_tasks(advance=timedelta(days=3))
    placed = session.scalars(
        select(Call).where(Call.request_id == request.id, Call.purpose == "followup")
    ).all()
    assert placed == []


def test_done_before_the_requests_day_asks_first(
    session, coordinator, by_staff, make_request, make_person
):
    request = make_request(when="tomorrow")
    lifecycle.assign_by_hand(session, request, make_person("volunteer"), actor=by_staff)
    session.commit()
    page = coordinator.page(f"/requests/{request.id}")
    assert "vor diesem Tag fragen wir noch einmal nach" in page

    first = coordinator.post(f"/requests/{request.id}/done", {"note": "war schon heute da"})
    assert first.status_code == 200  # a second step, not a redirect
    question = coordinator.page(f"/requests/{request.id}")  # nothing changed meanwhile
    session.expire_all()
    assert request.status == "assigned"
    assert "Als erledigt vermerken" in question

    step = Page(first)
    assert "schon erledigt?" in step and "erst für" in step
    assert step.inputs["early"] == "yes"
    assert "war schon heute da" in step.html  # the note is carried over

    done = coordinator.post(
        f"/requests/{request.id}/done", {"note": "war schon heute da", "early": "yes"}
    )
    assert str(T.MARKED_DONE) in coordinator.follow(done)
    session.expire_all()
    assert request.status == "done"
    note = session.scalar(
        select(Outcome.note).where(Outcome.request_id == request.id, Outcome.kind == "done")
    )
    assert note == "war schon heute da"


def test_done_on_the_day_needs_no_second_step(
    session, coordinator, by_staff, make_request, make_person
):
    request = make_request(when="today")
    lifecycle.assign_by_hand(session, request, make_person("volunteer"), actor=by_staff)
    session.commit()
    response = coordinator.post(f"/requests/{request.id}/done", {"note": ""})
    assert response.status_code == 302
    session.expire_all()
    assert request.status == "done"


# --- verifying an unknown caller ---------------------------------------------------------------


def test_verifying_an_unknown_caller_suggests_by_name_and_number_and_preselects_nobody(
    session, coordinator, make_request, make_person
):
    same_number = make_person("client", name="Erika Schmidt", phone="+493023125177")
    same_name = make_person("client", name="Karin Musterfrau", phone="+493023125178")
    make_person("client", name="Hildegard Beispiel", phone="+493023125179")
    request = make_request(
        None, caller_name="Mein Name ist Erika Musterfrau", callback_phone="+493023125177"
    )
    page = coordinator.page(f"/requests/{request.id}")
    known = page.text.split("Oder ist es jemand")[1]
    assert "Erika Schmidt" in known and "gleiche Nummer" in known
    assert "Karin Musterfrau" in known and "ähnlicher Name" in known
    assert known.index("Erika Schmidt") < known.index("Karin Musterfrau")  # the number first
    assert "Hildegard Beispiel" not in known
    assert 'type="radio"' in page.html and "checked" not in page.html.split('id="verify-known"')[1]
    # Creating a new person comes first and is the primary action.
    assert page.text.index("Als neue Person anlegen") < page.text.index("Oder ist es jemand")
    assert page.inputs["name"] == "Mein Name ist Erika Musterfrau"

    nobody = coordinator.post(f"/requests/{request.id}/verify", {})
    assert str(T.PERSON_MISSING) in coordinator.follow(nobody)
    session.expire_all()
    assert request.status == "review" and request.client_id is None

    linked = coordinator.post(f"/requests/{request.id}/verify", {"person_id": same_name.id})
    assert str(T.VERIFIED) in coordinator.follow(linked)
    session.expire_all()
    assert request.client_id == same_name.id and same_number.id != same_name.id


def test_staff_search_for_someone_the_suggestions_missed(
    session, coordinator, make_request, make_person
):
    other = make_person("client", name="Hildegard Beispiel", phone="+493023125179")
    request = make_request(None, caller_name="", callback_phone=None)
    page = coordinator.page(f"/requests/{request.id}")
    assert "Niemand mit dieser Nummer oder einem ähnlichen Namen" in page
    found = coordinator.page(f"/requests/{request.id}?suche=Beispiel")
    assert "Hildegard Beispiel" in found.text.split("Oder ist es jemand")[1]
    assert other.id
