"""The Kommune's monthly limits for a volunteer (``dispatch.helper_limits``): at most N
different people and H hours per local month, enforced inside the one matching query."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from dispatch import helper_limits
from dispatch.matching import candidates
from models import Category, HelpRequest, RequestStatus, When, utcnow
from models import base as model_base
from models.request import window_for

MONDAY_10 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 10:00 in Berlin
DECEMBER_1_10 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def clock_at(moment: datetime) -> None:
    model_base.travel(moment - model_base.utcnow())


@pytest.fixture(autouse=True)
def _monday_morning():
    clock_at(MONDAY_10)


@pytest.fixture
def request_of(session, kommune):
    """A new request of ``client`` (or, with ``volunteer``, one they did: done at ``done_at``
    with ``minutes``)."""

    def make(client, volunteer=None, *, done_at=None, minutes=None, status=None):
        start, end = window_for(When.TOMORROW, utcnow())
        request = HelpRequest(
            kommune_id=kommune.id,
            ref=HelpRequest.new_ref(session, kommune.id),
            client_id=client.id,
            category=Category.SHOPPING,
            when=When.TOMORROW,
            needed_from=start,
            needed_until=end,
            status=status or (RequestStatus.DONE if volunteer else RequestStatus.NEW),
        )
        if volunteer is not None:
            request.volunteer_id = volunteer.id
            request.assigned_at = (done_at or utcnow()) - timedelta(hours=2)
            if request.status == RequestStatus.DONE:
                request.done_at = done_at or utcnow()
                request.minutes_spent = minutes
        session.add(request)
        session.commit()
        return request

    return make


def names(session, request, now=None):
    return [p.name for p in candidates(session, request, limit=50, now=now)]


@pytest.fixture
def scene(session, kommune, make_person, request_of):
    """Anna helped Frau A and Herr B this month; Bernd helped nobody."""
    anna = make_person("volunteer", name="Anna Voll")
    bernd = make_person("volunteer", name="Bernd Frei")
    a = make_person("client", name="Frau A")
    b = make_person("client", name="Herr B")
    c = make_person("client", name="Frau C")
    request_of(a, anna, done_at=MONDAY_10 - timedelta(days=3), minutes=60)
    request_of(b, anna, done_at=MONDAY_10 - timedelta(days=1), minutes=60)
    return SimpleNamespace(anna=anna, bernd=bernd, a=a, b=b, c=c)


def test_no_limits_change_nothing(session, kommune, scene, request_of):
    anna, c = scene.anna, scene.c
    assert kommune.helper_max_people is None and kommune.helper_max_hours is None
    assert sorted(names(session, request_of(c))) == ["Anna Voll", "Bernd Frei"]
    use = helper_limits.use(session, anna, kommune, utcnow())
    assert (use.people, use.minutes, use.reached) == (2, 120, ())


def test_at_the_people_limit_only_clients_already_helped_are_offered(
    session, kommune, scene, request_of
):
    anna, a, c = scene.anna, scene.a, scene.c
    kommune.helper_max_people = 2
    session.commit()
    assert names(session, request_of(c)) == ["Bernd Frei"]  # a third person: too many
    assert "Anna Voll" in names(session, request_of(a))  # Frau A: already helped this month
    assert helper_limits.use(session, anna, kommune, utcnow()).reached == ("people",)
    kommune.helper_max_people = 3
    session.commit()
    assert "Anna Voll" in names(session, request_of(c))


def test_help_under_way_counts_for_the_people_limit(
    session, kommune, make_person, scene, request_of
):
    anna, c = scene.anna, scene.c
    kommune.helper_max_people = 3
    anna.max_open_tasks = 5
    d = make_person("client", name="Herr D")
    request_of(d, anna, status=RequestStatus.ASSIGNED)  # assigned, not done yet
    assert names(session, request_of(c)) == ["Bernd Frei"]
    assert "Anna Voll" in names(session, request_of(d))


def test_at_the_hours_limit_nobody_is_offered_until_next_month(session, kommune, scene, request_of):
    anna, a, c = scene.anna, scene.a, scene.c
    kommune.helper_max_hours = 3
    request_of(a, anna, done_at=MONDAY_10 - timedelta(hours=1), minutes=59)
    assert "Anna Voll" in names(session, request_of(c))  # 2 h 59 min
    request_of(a, anna, done_at=MONDAY_10 - timedelta(minutes=30), minutes=1)
    assert names(session, request_of(a)) == ["Bernd Frei"]  # 3 h: even Frau A
    assert helper_limits.use(session, anna, kommune, utcnow()).reached == ("hours",)

    clock_at(DECEMBER_1_10)
    assert sorted(names(session, request_of(c))) == ["Anna Voll", "Bernd Frei"]
    use = helper_limits.use(session, anna, kommune, utcnow())
    assert (use.people, use.minutes, use.reached) == (0, 0, ())


def test_the_month_is_berlin_time(session, kommune, make_person, request_of):
    kommune.helper_max_people = 1
    anna = make_person("volunteer", name="Anna Voll")
    a, c = make_person("client", name="Frau A"), make_person("client", name="Frau C")
    # 30 November, 23:30 in Berlin (22:30 UTC): still November.
    request_of(a, anna, done_at=datetime(2026, 11, 30, 22, 30, tzinfo=UTC), minutes=30)
    clock_at(datetime(2026, 11, 30, 22, 45, tzinfo=UTC))
    assert names(session, request_of(c)) == []
    clock_at(datetime(2026, 11, 30, 23, 1, tzinfo=UTC))  # 1 December, 00:01 in Berlin
    assert names(session, request_of(c)) == ["Anna Voll"]


def test_matching_with_limits_is_still_one_query(
    session, kommune, scene, request_of, count_queries
):
    c = scene.c
    kommune.helper_max_people, kommune.helper_max_hours = 2, 10
    session.commit()
    request = request_of(c)
    session.expire_all()
    request = session.get(HelpRequest, request.id)
    _ = request.client, request.kommune
    with count_queries() as counter:
        found = candidates(session, request, limit=3)
    assert counter.n == 1
    assert [p.name for p in found] == ["Bernd Frei"]
