"""The Today page and a request's page: what staff see first, the timeline, and every
staff action as it lands in the database."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from dispatch import lifecycle
from models import Actor, AuditEntry, HelpRequest, Message, Outcome, Person, Task
from models import base as model_base
from prompts import dashboard as T


def test_today_puts_what_needs_attention_first_then_searching_then_assigned(
    session, coordinator, by_staff, make_request, make_person
):
    unknown = make_request(None, caller_name="Erika Musterfrau", callback_phone="+493023125177")
    escalated = make_request()
    lifecycle.escalate(session, escalated)
    searching = make_request(category="dog_walking")
    assigned = make_request(category="phone_chat")
    volunteer = make_person("volunteer", name="Max Mustermann")
    lifecycle.assign_by_hand(session, assigned, volunteer, actor=by_staff)
    session.commit()
    model_base.travel(timedelta(minutes=42))

    page = coordinator.page("/")
    text = page.text
    attention, rest = text.split("Suche läuft", 1)
    searching_part, assigned_part = rest.split("Für heute vergeben", 1)
    assert str(T.ATTENTION["review"]) in attention and "Erika Musterfrau" in attention
    assert str(T.ATTENTION["unmatched"]) in attention and escalated.ref in attention
    assert attention.index(unknown.ref) < attention.index(escalated.ref)  # review comes first
    assert searching.ref in searching_part and "Hund ausführen" in searching_part
    assert assigned.ref in assigned_part and "Max Mustermann" in assigned_part
    assert "vor 42 Minuten" in text
    assert "Heute 2" in text  # the badge in the navigation


def test_today_refreshes_itself_through_a_fragment(coordinator, make_request):
    request = make_request()
    page = coordinator.page("/")
    assert 'data-refresh="/?part=lists"' in page.html
    fragment = coordinator.page("/?part=lists")
    assert request.ref in fragment and "<html" not in fragment.html


def test_followup_no_and_unanswered_confirmation_show_up(
    session, coordinator, by_staff, make_request, make_person
):
    notice = make_request()
    lifecycle.assign_by_hand(session, notice, make_person("volunteer"), actor=by_staff)
    lifecycle.client_unreachable(session, notice)
    problem = make_request()
    lifecycle.assign_by_hand(session, problem, make_person("volunteer"), actor=by_staff)
    lifecycle.mark_done(session, problem, actor=Actor.volunteer(problem.volunteer_id))
    lifecycle.followup_answer(session, problem, ok=False)
    session.commit()
    attention = coordinator.page("/").text.split("Suche läuft")[0]
    assert str(T.ATTENTION["notice_unanswered"]) in attention and notice.ref in attention
    assert str(T.ATTENTION["followup_problem"]) in attention and problem.ref in attention


def test_timeline_shows_rounds_offers_replies_and_assignment(
    session, coordinator, make_request, make_person, run_tasks, sms
):
    volunteers = [make_person("volunteer", name=f"Helfer {n}") for n in range(3)]
    request = make_request()
    run_tasks()
    sms(volunteers[1].phone, f"JA {request.ref}")
    run_tasks()

    page = coordinator.page(f"/requests/{request.id}")
    assert page.status == 200
    text = page.text
    assert "Anfrage aufgenommen" in text
    assert "Suchrunde" in text and "gefragt: Helfer 0 (SMS), Helfer 1 (SMS), Helfer 2 (SMS)" in text
    assert "Runde 1" in text
    assert "Helfer 1SMSzugesagt" in text  # the rounds table
    assert "schon vergeben" in text  # the others' offers
    assert f"„JA {request.ref}“" in text  # the reply, with the acceptance it caused
    assert "Zusage" in text and "Vergeben" in text
    assert "Brot und Milch vom Bäcker" in text
    entry = session.scalar(
        select(AuditEntry).where(
            AuditEntry.subject_type == "request", AuditEntry.subject_id == request.id
        )
    )
    assert entry.action == "view" and entry.person_id == request.client_id


def test_request_page_needs_few_queries(
    session, coordinator, make_request, make_person, run_tasks, count_queries
):
    for n in range(30):  # all of them in the list to assign by hand
        make_person("volunteer", name=f"Helfer {n}")
    request = make_request()
    run_tasks()
    coordinator.page("/")
    with count_queries() as counter:
        page = coordinator.page(f"/requests/{request.id}")
    assert page.status == 200 and "Helfer 29" in page
    assert counter.n <= 25, counter.statements


def test_verify_an_unknown_caller_by_linking_a_known_person(
    session, coordinator, coordinator_user, make_request, make_person
):
    erika = make_person("client", name="Erika Musterfrau", phone="+493023125177")
    request = make_request(None, caller_name="Erika Musterfrau", callback_phone="+493023125177")
    page = coordinator.page(f"/requests/{request.id}")
    assert "Oder ist es jemand, den wir schon kennen?" in page
    response = coordinator.post(f"/requests/{request.id}/verify", {"person_id": erika.id})
    assert str(T.VERIFIED) in coordinator.follow(response)
    session.expire_all()
    assert request.status == "new" and request.client_id == erika.id
    assert request.verified_by_id == coordinator_user.id
    assert (
        session.scalar(select(Task).where(Task.key == f"dispatch_round:{request.id}:1")) is not None
    )


def test_verify_an_unknown_caller_by_creating_the_person(session, coordinator, make_request):
    request = make_request(
        None,
        caller_name="Max Mustermann",
        caller_address="Musterweg 3",
        callback_phone="+493023125188",
    )
    page = coordinator.page(f"/requests/{request.id}")
    assert page.inputs["name"] == "Max Mustermann" and page.inputs["address"] == "Musterweg 3"
    response = coordinator.post(
        f"/requests/{request.id}/verify-new",
        {
            "name": "Max  Mustermann",
            "phone": "030 23125188",
            "address": "Musterweg 3",
            "district": "Altstadt",
            "consent": "y",
        },
    )
    assert str(T.VERIFIED) in coordinator.follow(response)
    session.expire_all()
    client = session.get(Person, request.client_id)
    assert (client.name, client.phone, client.district, client.is_client) == (
        "Max Mustermann",
        "+493023125188",
        "Altstadt",
        True,
    )
    assert client.consent_at is not None
    assert (
        session.scalar(
            select(AuditEntry.action).where(
                AuditEntry.person_id == client.id, AuditEntry.subject_type == "person"
            )
        )
        == "create"
    )


def test_verify_refuses_a_number_that_belongs_to_someone(
    session, coordinator, make_request, make_person
):
    make_person("client", name="Erika Musterfrau", phone="+493023125177")
    request = make_request(None, caller_name="Erika", callback_phone="+493023125177")
    response = coordinator.post(
        f"/requests/{request.id}/verify-new", {"name": "Erika", "phone": "030 23125177"}
    )
    page = coordinator.follow(response)
    assert T.PHONE_TAKEN(name="Erika Musterfrau") in page
    session.expire_all()
    assert request.status == "review"


def test_assign_by_hand_texts_the_details(session, coordinator, make_request, make_person):
    volunteer = make_person("volunteer", name="Max Mustermann")
    request = make_request()
    page = coordinator.page(f"/requests/{request.id}")
    assert "Max Mustermann" in page
    response = coordinator.post(f"/requests/{request.id}/assign", {"volunteer_id": volunteer.id})
    assert T.ASSIGNED(name="Max Mustermann") in coordinator.follow(response)
    session.expire_all()
    assert request.status == "assigned" and request.volunteer_id == volunteer.id
    details = session.scalar(
        select(Message).where(Message.to_number == volunteer.phone, Message.purpose == "details")
    )
    assert "Musterweg 1" in details.body


def test_assign_refuses_a_paused_volunteer(session, coordinator, make_request, make_person):
    volunteer = make_person("volunteer", status="paused")
    request = make_request()
    response = coordinator.post(f"/requests/{request.id}/assign", {"volunteer_id": volunteer.id})
    assert str(T.NOT_POSSIBLE) in coordinator.follow(response)
    session.expire_all()
    assert request.status == "new"


def test_dispatch_again_after_escalation(session, coordinator, make_request):
    request = make_request()
    request.round = 3
    lifecycle.escalate(session, request)
    session.commit()
    response = coordinator.post(f"/requests/{request.id}/dispatch")
    assert str(T.DISPATCHED_AGAIN) in coordinator.follow(response)
    session.expire_all()
    assert request.status == "searching" and not request.open_flags
    assert (
        session.scalar(select(Task).where(Task.key == f"dispatch_round:{request.id}:4")) is not None
    )


def test_cancel_tells_the_assigned_volunteer(
    session, coordinator, by_staff, make_request, make_person
):
    volunteer = make_person("volunteer")
    request = make_request()
    lifecycle.assign_by_hand(session, request, volunteer, actor=by_staff)
    session.commit()
    response = coordinator.post(f"/requests/{request.id}/cancel")
    assert str(T.CANCELLED) in coordinator.follow(response)
    session.expire_all()
    assert request.status == "cancelled" and request.cancelled_by == "staff"
    assert session.scalar(
        select(Message).where(Message.purpose == "cancelled", Message.to_number == volunteer.phone)
    )
    again = coordinator.follow(coordinator.post(f"/requests/{request.id}/cancel"))
    assert str(T.NOT_POSSIBLE) in again


def test_mark_done_then_log_an_outcome(
    session, coordinator, by_staff, coordinator_user, make_request, make_person
):
    request = make_request()
    lifecycle.assign_by_hand(session, request, make_person("volunteer"), actor=by_staff)
    session.commit()
    response = coordinator.post(f"/requests/{request.id}/done", {"note": "Einkauf gebracht"})
    assert str(T.MARKED_DONE) in coordinator.follow(response)
    response = coordinator.post(
        f"/requests/{request.id}/outcome", {"kind": "concern", "note": "Frau M. wirkte verwirrt"}
    )
    page = coordinator.follow(response)
    assert str(T.OUTCOME_LOGGED) in page
    assert "Frau M. wirkte verwirrt" in page and "Sorge / Auffälligkeit" in page
    session.expire_all()
    assert request.status == "done"
    assert [f.reason for f in request.open_flags] == ["concern"]
    outcomes = session.execute(
        select(Outcome.kind, Outcome.note, Outcome.staff_user_id)
        .where(Outcome.request_id == request.id)
        .order_by(Outcome.id)
    ).all()
    assert outcomes == [
        ("done", "Einkauf gebracht", coordinator_user.id),
        ("concern", "Frau M. wirkte verwirrt", coordinator_user.id),
    ]
    assert session.scalar(select(Task).where(Task.key == f"followup:{request.id}:1")) is not None


def test_an_unknown_outcome_kind_is_refused(session, coordinator, make_request):
    request = make_request()
    response = coordinator.post(f"/requests/{request.id}/outcome", {"kind": "hacked", "note": "x"})
    coordinator.follow(response)
    assert session.scalar(select(Outcome).where(Outcome.request_id == request.id)) is None


def test_staff_take_a_request_for_a_client(session, coordinator, make_person):
    erika = make_person("client", name="Erika Musterfrau")
    response = coordinator.post(
        f"/people/{erika.id}/request",
        {"category": "shopping", "when": "tomorrow", "description": "Apotheke"},
    )
    page = coordinator.follow(response)
    request = session.scalar(select(HelpRequest).where(HelpRequest.client_id == erika.id))
    assert T.REQUEST_CREATED(ref=request.ref) in page and "Apotheke" in page
    assert (request.channel, request.when, request.status) == ("staff", "tomorrow", "new")
    assert request.events[0].actor.startswith("staff:")
    assert (
        session.scalar(select(Task).where(Task.key == f"dispatch_round:{request.id}:1")) is not None
    )


def test_requests_list_filters_by_status_and_finds_by_ref(
    session, coordinator, by_staff, make_request
):
    open_one = make_request()
    done = make_request(category="other")
    lifecycle.cancel(session, done, actor=by_staff)
    session.commit()
    page = coordinator.page("/requests?status=open")
    assert open_one.ref in page and done.ref not in page.text.split("Aufgenommen")[-1]
    assert done.ref in coordinator.page(f"/requests?q={done.ref}").text.split("Aufgenommen")[-1]


def test_a_flag_stays_on_heute_until_staff_say_what_they_did(
    session, coordinator, by_staff, make_request, make_person
):
    request = make_request()
    other = make_request()
    lifecycle.assign_by_hand(session, request, make_person("volunteer"), actor=by_staff)
    lifecycle.mark_done(session, request, actor=by_staff)
    lifecycle.followup_answer(session, request, ok=False)
    session.commit()
    coordinator.post(f"/requests/{request.id}/outcome", {"kind": "note", "note": "angerufen"})
    session.expire_all()
    flag = request.open_flags[0]
    assert flag.reason == "followup_problem"  # a note did not clear it
    assert (
        str(T.ATTENTION["followup_problem"]) in coordinator.page("/").text.split("Suche läuft")[0]
    )

    empty = coordinator.post(f"/requests/{request.id}/flags/{flag.id}/resolve", {"resolution": ""})
    coordinator.follow(empty)
    elsewhere = coordinator.post(
        f"/requests/{other.id}/flags/{flag.id}/resolve", {"resolution": "falsche Anfrage"}
    )
    assert str(T.NOT_POSSIBLE) in coordinator.follow(elsewhere)
    session.expire_all()
    assert flag.is_open

    done = coordinator.post(
        f"/requests/{request.id}/flags/{flag.id}/resolve",
        {"resolution": "Mit Frau M. gesprochen, der Einkauf kam an"},
    )
    page = coordinator.follow(done)
    assert str(T.FLAG_RESOLVED) in page and str(T.EVENT["flag_resolved"]) in page
    session.expire_all()
    assert not flag.is_open and flag.resolution == "Mit Frau M. gesprochen, der Einkauf kam an"
    assert str(T.ATTENTION["followup_problem"]) not in coordinator.page("/").text


def test_the_audit_log_names_a_request_by_its_number(session, admin, make_request):
    request = make_request()
    request.ref = "4711"
    session.commit()
    admin.page(f"/requests/{request.id}")  # viewing it is audited
    log = admin.page("/audit").text
    assert f"{T.SUBJECT['request']} 4711" in log


def test_the_language_an_unknown_caller_chose_is_offered_to_staff(
    session, coordinator, make_request, kommune
):
    from models import Call

    kommune.languages = ["de", "tr"]
    call = Call(
        sid="CA" + "7" * 32,
        kommune=kommune,
        direction="inbound",
        purpose="hotline",
        from_number="+493023125188",
        language="tr",
        status="completed",
        state={},
    )
    session.add(call)
    session.commit()
    request = make_request(None, caller_name="Ayşe Örnek", call_id=call.id)
    page = coordinator.page(f"/requests/{request.id}")
    assert "Sprache am Telefon: Türkisch" in page
    coordinator.post(
        f"/requests/{request.id}/verify-new",
        {"name": "Ayşe Örnek", "phone": "030 23125188", "consent": "y"},
    )
    session.expire_all()
    client = session.get(Person, session.get(HelpRequest, request.id).client_id)
    assert client.languages == ["tr", "de"]
