"""A round's offers go out from the round's job, matched once, never twice — and within
Twilio's sending limits: a burst waits in the outbox instead of failing at Twilio."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import fakeredis
import pytest
from sqlalchemy import select

from dispatch import intake, pacing, rounds
from dispatch.pacing import LocalCounters, Pacer, RedisCounters
from jobs.runner import execute
from models import Category, Message, Task, TaskState, When
from models import base as model_base


@pytest.fixture(autouse=True)
def _monday_morning():
    model_base.travel(datetime(2026, 11, 23, 9, 0, tzinfo=UTC) - model_base.utcnow())


def new_request(session, kommune, client):
    request = intake.open_request(
        session,
        kommune=kommune,
        client=client,
        category=Category.SHOPPING,
        when=When.TOMORROW,
        description="Brot und Milch",
    )
    session.commit()
    return request


def offers_sent(fake_twilio):
    return [m for m in fake_twilio.messages if "Antworten Sie JA" in m.body]


def round_task(session, request):
    return session.scalars(
        select(Task.id).where(Task.kind == "dispatch_round", Task.ref_id == request.id)
    ).one()


def test_the_round_job_sends_its_offers_itself_after_matching_once(
    app, session, kommune, make_person, fake_twilio, monkeypatch
):
    for i in range(3):
        make_person("volunteer", name=f"Helfer {i}")
    request = new_request(session, kommune, make_person("client"))
    matched = []
    original = rounds.candidates

    def spy(*args, **kwargs):
        matched.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(rounds, "candidates", spy)
    jobs = app.extensions["nachbarruf.jobs"]
    jobs.collected.clear()
    assert execute(round_task(session, request)) == "done"
    assert len(matched) == 1
    assert len(offers_sent(fake_twilio)) == 3
    sends = session.scalars(select(Task).where(Task.kind == "send_message")).all()
    assert [t.state for t in sends] == [TaskState.DONE] * 3
    # None of them was rung as a job of its own.
    assert not {t.id for t in sends} & set(jobs.collected)


def test_a_round_run_again_sends_nobody_twice(
    app, session, kommune, make_person, fake_twilio, run_tasks
):
    for i in range(3):
        make_person("volunteer", name=f"Helfer {i}")
    request = new_request(session, kommune, make_person("client"))
    # The round's job dies after its commit, before it sent anything.
    first = rounds.dispatch_round(request.id, 1)
    assert len(first) == 3 and offers_sent(fake_twilio) == []
    # Run again (RQ, or the sweeper after the claim went stale): the same three, once.
    again = rounds.dispatch_round(request.id, 1)
    assert sorted(again) == sorted(first)
    for task_id in again:
        execute(task_id)
    assert len(offers_sent(fake_twilio)) == 3
    assert rounds.dispatch_round(request.id, 1) == []
    run_tasks()
    assert len(offers_sent(fake_twilio)) == 3
    assert session.scalar(select(Message.id).where(Message.sid.is_(None))) is None


@pytest.mark.parametrize("store", ["local", "redis"])
def test_slots_per_second_and_sender(store):
    redis = fakeredis.FakeRedis()
    counters = LocalCounters() if store == "local" else RedisCounters(lambda: redis, "t")
    pacer = Pacer(counters)
    now = 1000.25
    assert pacer.slot("sms", "+4930231250", 2, now) == (0.0, 0)
    assert pacer.slot("sms", "+4930231250", 2, now) == (0.0, 0)
    assert pacer.slot("sms", "+4930231250", 2, now) == (0.75, 0)  # the next second
    assert pacer.slot("sms", "+4930231251", 2, now) == (0.0, 0)  # another sender
    assert pacer.slot("call", "+4930231250", 2, now) == (0.0, 0)  # calls count apart
    for _ in range(3):  # seconds 1001 and 1002 fill up
        assert pacer.slot("sms", "+4930231250", 2, now)[0] is not None
    wait, queued = pacer.slot("sms", "+4930231250", 2, now)
    assert wait is None and queued == 1  # nothing free within LOOKAHEAD: nothing taken


def test_without_redis_each_process_counts_for_itself():
    class Down:
        def incr(self, key):
            raise ConnectionError("redis down")

    pacer = Pacer(Down())
    assert pacer.slot("sms", "+4930231250", 1, 5.5) == (0.0, 0)
    assert pacer.slot("sms", "+4930231250", 1, 5.5) == (0.5, 0)


def test_a_burst_waits_in_the_outbox_instead_of_failing_at_twilio(
    app, session, kommune, make_person, fake_twilio, run_tasks, monkeypatch
):
    kommune.round_size = 6
    session.commit()
    for i in range(6):
        make_person("volunteer", name=f"Helfer {i}")
    monkeypatch.setitem(app.config, "TWILIO_SMS_PER_SECOND", 1)
    monkeypatch.setitem(app.extensions, "nachbarruf.pacer", Pacer(LocalCounters()))
    slept = []
    monkeypatch.setattr(pacing, "sleep", slept.append)
    request = new_request(session, kommune, make_person("client"))
    run_tasks()
    sent = offers_sent(fake_twilio)
    # One per second: this second and the next LOOKAHEAD ones (a fourth when the clock
    # ticked meanwhile); the worker waited for each, the rest wait in the outbox.
    assert pacing.LOOKAHEAD + 1 <= len(sent) <= pacing.LOOKAHEAD + 2
    assert all(0 < s <= pacing.MAX_WAIT for s in slept)
    waiting = session.scalars(
        select(Task).where(Task.kind == "send_message", Task.state == TaskState.PENDING)
    ).all()
    assert len(waiting) == 6 - len(sent)
    assert all(t.due_at > model_base.utcnow() for t in waiting)
    assert all(t.attempts == 0 for t in waiting)  # waiting is no failed attempt
    unsent = session.scalars(select(Message).where(Message.sid.is_(None))).all()
    assert len(unsent) == len(waiting)
    assert {m.status for m in unsent} == {"queued"}
    # Later they go out, each once.
    for _ in range(4):
        run_tasks(timedelta(seconds=70))
    assert len(offers_sent(fake_twilio)) == 6
    assert len({m.to for m in offers_sent(fake_twilio)}) == 6
    assert request.round == 1
