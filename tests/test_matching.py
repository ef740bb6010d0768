"""Who is asked, in which order (``dispatch.matching``): one fact per test, on the real
query, at a fixed time (Monday 23 November 2026, 10:00 in Berlin) unless a test moves it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from dispatch.matching import candidates, day_mask
from models import (
    Category,
    HelpRequest,
    Offer,
    RequestStatus,
    VolunteerStatus,
    When,
    utcnow,
)
from models import base as model_base
from models.request import window_for

MONDAY_10 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 10:00 in Berlin


def clock_at(moment: datetime) -> None:
    model_base.travel(moment - model_base.utcnow())


@pytest.fixture(autouse=True)
def _monday_morning():
    clock_at(MONDAY_10)


class Ask:
    """``ask(client, when=…)`` makes a request of ``client`` (a new client unless given) and
    returns the names of the candidates for it, best first; ``ask.request(…)`` only makes
    the request, ``ask.names(request)`` only asks."""

    def __init__(self, session, kommune, make_person):
        self.session, self.kommune, self.make_person = session, kommune, make_person

    def request(self, client=None, **values):
        client = client if client is not None else self.make_person("client", name="Erika Kundin")
        values.setdefault("category", Category.SHOPPING)
        values.setdefault("when", When.TOMORROW)
        values.setdefault("status", RequestStatus.NEW)
        values.setdefault("district", client.district)
        start, end = window_for(values["when"], utcnow())
        request = HelpRequest(
            kommune_id=self.kommune.id,
            ref=HelpRequest.new_ref(self.session, self.kommune.id),
            client_id=client.id,
            needed_from=start,
            needed_until=end,
            **values,
        )
        self.session.add(request)
        self.session.commit()
        return request

    def names(self, request, limit=50, now=None):
        return [p.name for p in candidates(self.session, request, limit=limit, now=now)]

    def __call__(self, client=None, *, limit=50, now=None, **values):
        return self.names(self.request(client, **values), limit, now)


@pytest.fixture
def ask(session, kommune, make_person):
    return Ask(session, kommune, make_person)


@pytest.fixture
def volunteer(make_person):
    def make(name, **values):
        return make_person("volunteer", name=name, **values)

    return make


@pytest.fixture
def offer(session, kommune, make_person):
    """An offer to ``volunteer`` made at ``at`` (for another client's request unless given)."""

    def make(volunteer, at=None, request=None):
        if request is None:
            other = make_person("client", name="Otto Andere")
            start, end = window_for(When.TOMORROW, utcnow())
            request = HelpRequest(
                kommune_id=kommune.id,
                ref=HelpRequest.new_ref(session, kommune.id),
                client_id=other.id,
                category=Category.SHOPPING,
                when=When.TOMORROW,
                needed_from=start,
                needed_until=end,
                status=RequestStatus.SEARCHING,
            )
            session.add(request)
            session.flush()
        made = Offer(
            request_id=request.id,
            volunteer_id=volunteer.id,
            round=1,
            channel="sms",
            created_at=at or utcnow(),
        )
        session.add(made)
        session.commit()
        return made

    return make


@pytest.fixture
def helped(session, kommune):
    """A past request of ``client`` that ``volunteer`` took (status ``status``)."""

    def make(client, volunteer, status=RequestStatus.DONE):
        start, end = window_for(When.TODAY, utcnow())
        past = HelpRequest(
            kommune_id=kommune.id,
            ref=HelpRequest.new_ref(session, kommune.id),
            client_id=client.id,
            volunteer_id=volunteer.id,
            category=Category.SHOPPING,
            when=When.TODAY,
            needed_from=start,
            needed_until=end,
            status=status,
        )
        session.add(past)
        session.commit()
        return past

    return make


# --- who is a candidate at all ---------------------------------------------------------------------


def test_an_active_volunteer_of_the_category_is_a_candidate(ask, volunteer):
    volunteer("Anna Aktiv")
    assert ask() == ["Anna Aktiv"]


@pytest.mark.parametrize(
    "status",
    [
        VolunteerStatus.PAUSED,
        VolunteerStatus.BLOCKED,
        VolunteerStatus.PENDING,
        VolunteerStatus.OPTED_OUT,
    ],
)
def test_only_active_volunteers_are_asked(ask, volunteer, status):
    volunteer("Nicht Aktiv", status=status)
    assert ask() == []


def test_an_erased_volunteer_is_not_asked(ask, volunteer):
    volunteer("Gelöscht", erased_at=utcnow())
    assert ask() == []


def test_a_client_who_is_no_volunteer_is_not_asked(ask, make_person):
    make_person("client", name="Nur Kundin")
    assert ask() == []


def test_someone_no_longer_a_volunteer_is_not_asked(ask, volunteer, session):
    former = volunteer("Ehemalige")
    former.is_volunteer = False  # categories and status stay as they were
    session.commit()
    assert ask() == []


def test_a_volunteer_of_another_kommune_is_not_asked(ask, volunteer, make_kommune):
    volunteer("Anderswo", kommune=make_kommune("Beispielheim", number="+493023125010"))
    assert ask() == []


def test_a_volunteer_for_another_category_is_not_asked(ask, volunteer):
    volunteer("Nur Hund", categories=(Category.DOG_WALKING,))
    assert ask(category=Category.SHOPPING) == []


def test_a_volunteer_with_several_categories_is_asked_for_each(ask, volunteer):
    volunteer("Vielseitig", categories=(Category.DOG_WALKING, Category.PHONE_CHAT))
    assert ask(category=Category.PHONE_CHAT) == ["Vielseitig"]


def test_a_client_is_never_asked_for_their_own_request(ask, volunteer):
    both = volunteer("Hilft Und Fragt")
    assert ask(both) == []


def test_a_volunteer_who_asks_for_help_still_helps_others(ask, volunteer):
    both = volunteer("Hilft Und Fragt")
    ask(both)
    assert ask() == ["Hilft Und Fragt"]


def test_a_volunteer_asked_for_this_request_is_not_asked_again(ask, volunteer, offer):
    asked = volunteer("Schon Gefragt")
    request = ask.request()
    offer(asked, request=request)
    assert ask.names(request) == []


def test_an_offer_for_another_request_does_not_exclude(ask, volunteer, offer):
    offer(volunteer("Woanders Gefragt"))
    assert ask() == ["Woanders Gefragt"]


def test_the_limit_caps_the_candidates(ask, volunteer):
    for n in range(4):
        volunteer(f"Helfer {n}")
    assert len(ask(limit=3)) == 3


# --- open tasks ------------------------------------------------------------------------------------


def test_a_volunteer_at_their_maximum_of_open_tasks_is_not_asked(ask, volunteer, helped):
    busy = volunteer("Ausgelastet", max_open_tasks=1)
    helped(ask.request().client, busy, status=RequestStatus.ASSIGNED)
    assert ask() == []


def test_a_volunteer_below_their_maximum_is_asked(ask, volunteer, helped):
    busy = volunteer("Noch Frei", max_open_tasks=2)
    helped(ask.request().client, busy, status=RequestStatus.ASSIGNED)
    assert ask() == ["Noch Frei"]


def test_another_volunteers_open_tasks_do_not_count(ask, volunteer, helped):
    volunteer("Frei", max_open_tasks=1)
    other = volunteer("Beschäftigt", max_open_tasks=1)
    helped(ask.request().client, other, status=RequestStatus.ASSIGNED)
    assert ask() == ["Frei"]


def test_finished_help_is_no_open_task(ask, volunteer, helped):
    done = volunteer("Fertig", max_open_tasks=1)
    helped(ask.request().client, done, status=RequestStatus.DONE)
    assert ask() == ["Fertig"]


# --- days and hours --------------------------------------------------------------------------------


def test_a_volunteer_not_available_on_the_day_is_not_asked(ask, volunteer):
    volunteer("Nie Dienstags", available_days=0b1111101)
    assert ask(when=When.TOMORROW) == []  # Tuesday


def test_a_volunteer_available_only_on_the_day_is_asked(ask, volunteer):
    volunteer("Nur Dienstags", available_days=0b0000010)
    assert ask(when=When.TOMORROW) == ["Nur Dienstags"]


def test_a_volunteer_available_on_one_of_the_days_is_asked(ask, volunteer):
    volunteer("Nur Donnerstags", available_days=0b0001000)
    assert ask(when=When.SOON) == ["Nur Donnerstags"]  # Monday to Thursday


def test_a_volunteer_available_on_none_of_the_days_is_not_asked(ask, volunteer):
    volunteer("Nur Freitags", available_days=0b0010000)
    assert ask(when=When.SOON) == []


# "Today" at 15:30 in Berlin (14:30 UTC): help must end at least an hour after this hour.
@pytest.mark.parametrize(
    ("until", "asked"),
    [
        (17, True),
        (16, False),  # 15 + 1 is not enough: the cutoff is strict
        (15, False),
        (20, True),
    ],
)
def test_today_only_volunteers_available_until_after_the_next_hour(ask, volunteer, until, asked):
    clock_at(datetime(2026, 11, 23, 14, 30, tzinfo=UTC))
    volunteer("Bis Nachmittags", available_until=until)
    assert ask(when=When.TODAY) == (["Bis Nachmittags"] if asked else [])


def test_the_today_cutoff_is_in_local_time_in_summer_too(ask, volunteer):
    clock_at(datetime(2026, 7, 6, 13, 30, tzinfo=UTC))  # Monday, 15:30 in Berlin (CEST)
    volunteer("Bis Vier", available_until=16)
    assert ask(when=When.TODAY) == []


@pytest.mark.parametrize("when", [When.TOMORROW, When.SOON])
def test_the_hour_does_not_matter_for_later_days(ask, volunteer, when):
    clock_at(datetime(2026, 11, 23, 18, 30, tzinfo=UTC))  # 19:30 in Berlin
    volunteer("Bis Mittags", available_until=12)
    assert ask(when=when) == ["Bis Mittags"]


# --- ranking ---------------------------------------------------------------------------------------
# Each test makes the volunteer who should come first last, so that it cannot win by id.


def test_who_helped_this_client_before_comes_first(ask, volunteer, helped, make_person):
    client = make_person("client", name="Erika Kundin", district="Nord")
    volunteer("Nord Nachbarin", district="Nord")
    regular = volunteer("Stammhelferin", district="Süd")
    helped(client, regular)
    assert ask(client)[0] == "Stammhelferin"


def test_an_assigned_earlier_request_counts_as_helped_before(ask, volunteer, helped, make_person):
    client = make_person("client", name="Erika Kundin")
    volunteer("Erste")
    regular = volunteer("Zweite")
    helped(client, regular, status=RequestStatus.ASSIGNED)
    assert ask(client)[0] == "Zweite"


@pytest.mark.parametrize("status", [RequestStatus.CANCELLED, RequestStatus.SEARCHING])
def test_a_request_not_taken_to_the_end_is_not_help(ask, volunteer, helped, make_person, status):
    client = make_person("client", name="Erika Kundin")
    volunteer("Erste")
    helped(client, volunteer("Zweite"), status=status)
    assert ask(client) == ["Erste", "Zweite"]


def test_helping_another_client_is_no_continuity(ask, volunteer, helped, make_person):
    client = make_person("client", name="Erika Kundin")
    volunteer("Erste")
    helped(make_person("client", name="Otto Andere"), volunteer("Zweite"))
    assert ask(client) == ["Erste", "Zweite"]


def test_this_very_request_is_no_earlier_help(ask, volunteer, make_person, session):
    client = make_person("client", name="Erika Kundin")
    volunteer("Erste")
    second = volunteer("Zweite")
    request = ask.request(client, status=RequestStatus.ASSIGNED, volunteer_id=second.id)
    assert ask.names(request) == ["Erste", "Zweite"]


def test_same_district_comes_before_another(ask, volunteer, make_person):
    client = make_person("client", name="Erika Kundin", district="Nord")
    volunteer("Süd Helfer", district="Süd")
    volunteer("Nord Helfer", district="Nord")
    assert ask(client) == ["Nord Helfer", "Süd Helfer"]


def test_no_district_preference_for_a_request_without_district(ask, volunteer, make_person):
    client = make_person("client", name="Erika Kundin", district="")
    volunteer("Nord Helfer", district="Nord")
    volunteer("Ohne Ortsteil", district="")
    assert ask(client) == ["Nord Helfer", "Ohne Ortsteil"]


def test_district_comes_before_language(ask, volunteer, make_person):
    client = make_person("client", name="Erika Kundin", district="Nord", languages=["tr"])
    volunteer("Süd Türkisch", district="Süd", languages=["tr"])
    volunteer("Nord Deutsch", district="Nord", languages=["de"])
    assert ask(client) == ["Nord Deutsch", "Süd Türkisch"]


@pytest.mark.parametrize(
    ("client_speaks", "first", "then"),
    [
        (["tr", "de"], ["tr"], ["de"]),  # the client's first language before another shared
        (["tr", "de"], ["de"], ["ar"]),  # a shared language before none
        (["tr", "de"], ["tr"], ["ar"]),
        (["tr", "de"], ["de", "tr"], ["de"]),  # what counts is the client's first language
        (["tr", "de"], ["ar", "de"], ["ar"]),  # any shared language, not only the first
        (["de", "tr"], ["de"], ["tr"]),
        ([], ["de"], ["tr"]),  # no languages known: German
    ],
)
def test_language_rank(ask, volunteer, make_person, client_speaks, first, then):
    client = make_person("client", name="Erika Kundin", languages=client_speaks)
    volunteer("Zweiter", languages=then)
    volunteer("Erste", languages=first)
    assert ask(client) == ["Erste", "Zweiter"]


def test_a_request_without_a_known_client_prefers_german(ask, volunteer, session):
    volunteer("Türkisch", languages=["tr"])
    volunteer("Deutsch", languages=["de"])
    request = ask.request()
    request.client_id, request.client = None, None  # an unknown caller, before staff verify
    session.commit()
    assert ask.names(request) == ["Deutsch", "Türkisch"]


def test_the_same_language_rank_leaves_the_order_to_fairness(ask, volunteer, make_person):
    client = make_person("client", name="Erika Kundin", languages=["tr", "de"])
    volunteer("Erste", languages=["de"])
    volunteer("Zweite", languages=["ar", "de"])
    assert ask(client) == ["Erste", "Zweite"]


def test_language_comes_before_fairness(ask, volunteer, make_person, offer):
    client = make_person("client", name="Erika Kundin", languages=["tr"])
    volunteer("Deutsch Nie Gefragt", languages=["de"])
    offer(volunteer("Türkisch Oft Gefragt", languages=["tr"]))
    assert ask(client) == ["Türkisch Oft Gefragt", "Deutsch Nie Gefragt"]


def test_fewest_offers_in_the_last_seven_days_first(ask, volunteer, offer):
    often = volunteer("Oft Gefragt")
    offer(often, utcnow() - timedelta(days=1))
    offer(often, utcnow() - timedelta(days=2))
    rarely = volunteer("Selten Gefragt")
    offer(rarely, utcnow() - timedelta(days=3))
    assert ask() == ["Selten Gefragt", "Oft Gefragt"]


def test_an_offer_exactly_seven_days_ago_still_counts(ask, volunteer, offer):
    now = utcnow()
    offer(volunteer("Vor Sieben Tagen"), now - timedelta(days=7))
    volunteer("Nie Gefragt")
    assert ask(now=now) == ["Nie Gefragt", "Vor Sieben Tagen"]


def test_an_offer_more_than_seven_days_ago_no_longer_counts(ask, volunteer, offer):
    now = utcnow()
    offer(volunteer("Vor Acht Tagen"), now - timedelta(days=7, seconds=1))
    volunteer("Nie Gefragt")
    assert ask(now=now) == ["Vor Acht Tagen", "Nie Gefragt"]


def test_among_equals_never_asked_comes_first(ask, volunteer):
    volunteer("Schon Gefragt", last_offered_at=utcnow() - timedelta(days=30))
    volunteer("Nie Gefragt")
    assert ask() == ["Nie Gefragt", "Schon Gefragt"]


def test_among_equals_asked_longest_ago_comes_first(ask, volunteer):
    volunteer("Gestern", last_offered_at=utcnow() - timedelta(days=1))
    volunteer("Vor Einem Monat", last_offered_at=utcnow() - timedelta(days=30))
    assert ask() == ["Vor Einem Monat", "Gestern"]


def test_among_complete_equals_the_earlier_registered_comes_first(ask, volunteer):
    volunteer("Erste")
    volunteer("Zweite")
    assert ask() == ["Erste", "Zweite"]


# --- day_mask --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "last", "mask"),
    [
        (date(2026, 11, 23), date(2026, 11, 23), 0b0000001),  # Monday
        (date(2026, 11, 24), date(2026, 11, 24), 0b0000010),  # Tuesday
        (date(2026, 11, 29), date(2026, 11, 29), 0b1000000),  # Sunday
        (date(2026, 11, 23), date(2026, 11, 26), 0b0001111),  # Monday to Thursday
        (date(2026, 11, 28), date(2026, 12, 1), 0b1100011),  # Saturday to Tuesday
        (date(2026, 11, 23), date(2026, 11, 29), 0b1111111),  # a whole week
        (date(2026, 11, 25), date(2026, 12, 8), 0b1111111),  # two weeks
        (date(2026, 11, 24), date(2026, 11, 23), 0b1111111),  # no days: any day
    ],
)
def test_day_mask(first, last, mask):
    assert day_mask(HelpRequest(needed_from=first, needed_until=last)) == mask


# --- what the Kommune requires per category (dispatch.recognition) ---------------------------


def _requires(session, kommune, category, *requirements):
    from dispatch import recognition

    recognition.apply_preset(session, kommune)
    recognition.set_requirements(session, kommune, {category: set(requirements)})
    session.commit()


def test_a_volunteer_without_the_required_item_is_not_offered_a_phone_chat(
    ask, volunteer, session, kommune
):
    from dispatch import recognition

    _requires(session, kommune, Category.PHONE_CHAT, "nw_brochure")
    knows = volunteer("Kennt Broschüre", categories=(Category.PHONE_CHAT, Category.SHOPPING))
    volunteer("Kennt sie nicht", categories=(Category.PHONE_CHAT, Category.SHOPPING))
    brochure = next(i for i in recognition.checklist(session, kommune.id) if i.key == "nw_brochure")
    recognition.confirm(session, knows, brochure, date(2026, 11, 1), staff_user_id=None)
    session.commit()
    assert ask(category=Category.PHONE_CHAT) == ["Kennt Broschüre"]
    # Shopping requires nothing: both are asked.
    assert sorted(ask(category=Category.SHOPPING)) == ["Kennt Broschüre", "Kennt sie nicht"]


def test_an_expired_confirmation_counts_as_missing(ask, volunteer, session, kommune):
    from dispatch import recognition

    course = recognition.add_item(session, kommune, "Erste Hilfe", course_hours=9, valid_months=24)
    recognition.set_requirements(session, kommune, {Category.DOG_WALKING: {course.key}})
    fresh = volunteer("Frisch", categories=(Category.DOG_WALKING,))
    old = volunteer("Abgelaufen", categories=(Category.DOG_WALKING,))
    last_day = volunteer("Letzter Tag", categories=(Category.DOG_WALKING,))
    recognition.confirm(session, fresh, course, date(2025, 1, 10), staff_user_id=None)
    recognition.confirm(session, old, course, date(2024, 11, 22), staff_user_id=None)
    recognition.confirm(session, last_day, course, date(2024, 11, 24), staff_user_id=None)
    session.commit()
    # Today is 23 November 2026: a course of 22 November 2024 ran out yesterday.
    assert sorted(ask(category=Category.DOG_WALKING)) == ["Frisch", "Letzter Tag"]


def test_a_category_requiring_a_clearance_needs_a_young_enough_one(
    ask, volunteer, session, kommune
):
    _requires(session, kommune, Category.OTHER, "clearance")
    volunteer("Ohne", categories=(Category.OTHER,))
    volunteer("Neu", categories=(Category.OTHER,), clearance_issued_on=date(2024, 5, 1))
    volunteer("Alt", categories=(Category.OTHER,), clearance_issued_on=date(2021, 11, 23))
    volunteer("Knapp", categories=(Category.OTHER,), clearance_issued_on=date(2021, 11, 24))
    assert sorted(ask(category=Category.OTHER)) == ["Knapp", "Neu"]
    kommune.clearance_years = 3
    session.commit()
    assert ask(category=Category.OTHER) == ["Neu"]


def test_two_requirements_both_count(ask, volunteer, session, kommune):
    from dispatch import recognition

    _requires(session, kommune, Category.PHONE_CHAT, "nw_brochure", "clearance")
    items = {i.key: i for i in recognition.checklist(session, kommune.id)}
    both = volunteer(
        "Beides", categories=(Category.PHONE_CHAT,), clearance_issued_on=date(2025, 1, 1)
    )
    one = volunteer("Nur Broschüre", categories=(Category.PHONE_CHAT,))
    for person in (both, one):
        recognition.confirm(
            session, person, items["nw_brochure"], date(2026, 1, 1), staff_user_id=None
        )
    session.commit()
    assert ask(category=Category.PHONE_CHAT) == ["Beides"]
