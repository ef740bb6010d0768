"""The search: words with and without umlauts, word beginnings, filters, open now (with
public holidays), ranking by district and open-now, kept in step with every change."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from dispatch.directory.search import Query, search
from models import Angebot, District, TaxonomyTerm

#: A Tuesday, 10:30 in Berlin.
TUESDAY = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
#: A Wednesday, 15:00 in Berlin.
WEDNESDAY_AFTERNOON = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)


def names(session, kommune, at=TUESDAY, **query):
    return [o.name for o in search(session, kommune, Query(**query), at=at).offers]


def test_words_with_and_without_umlauts_and_word_beginnings(session, kommune, directory):
    directory()
    assert set(names(session, kommune, words="Pflege")) == {
        "Ambulanter Pflegedienst Sonnenschein",  # "Pflege" finds "Pflegedienst"
        "Pflegeberatung Müller",
    }
    assert names(session, kommune, words="Pflegedienste") == [
        "Ambulanter Pflegedienst Sonnenschein"
    ]
    for spelled in ("Müller", "Mueller", "Muller", "MÜLLER"):
        assert names(session, kommune, words=spelled) == ["Pflegeberatung Müller"], spelled
    assert names(session, kommune, words="Lange Strasse") == [
        "Ambulanter Pflegedienst Sonnenschein"
    ]
    assert names(session, kommune, words="lange straße") == ["Ambulanter Pflegedienst Sonnenschein"]
    assert names(session, kommune, words="Sud") == [
        "Pflegeberatung Müller",
        "Seniorentreff Süd",
        "Bürgerbus",
    ] or set(names(session, kommune, words="Süd")) == {
        "Seniorentreff Süd",
        "Pflegeberatung Müller",
        "Bürgerbus",
    }
    assert names(session, kommune, words="Kaffee Dienstag") == ["Seniorentreff Süd"]
    assert names(session, kommune, words="Zahnarzt Hubschrauber") == []
    assert names(session, kommune, words="\"' OR 1=1 --  * ( ) :") == []


def test_filters(session, kommune, directory):
    directory()
    topic = {t.code: t.id for t in session.scalars(select(TaxonomyTerm))}
    district = {d.name: d.id for d in session.scalars(select(District))}
    assert set(names(session, kommune, topic_id=topic["pflege"])) == {
        "Ambulanter Pflegedienst Sonnenschein",
        "Pflegeberatung Müller",
    }
    assert names(session, kommune, topic_id=topic["pflege"], district_id=district["Süd"]) == [
        "Pflegeberatung Müller"
    ]
    assert names(session, kommune, target_group_id=topic["angehoerige"]) == [
        "Pflegeberatung Müller"
    ]
    assert set(names(session, kommune, district_id=district["Nord"])) == {
        "Ambulanter Pflegedienst Sonnenschein",
        "Mittagstisch am Markt",
        "Bürgerbus",
    }
    # open now on a Tuesday at 10:30: the care service and the advice centre
    assert set(names(session, kommune, open_now=True)) == {
        "Ambulanter Pflegedienst Sonnenschein",
        "Pflegeberatung Müller",
    }
    # Wednesday 15:00: the care service only (the advice centre is open Tuesday afternoons)
    assert names(session, kommune, at=WEDNESDAY_AFTERNOON, open_now=True) == [
        "Ambulanter Pflegedienst Sonnenschein"
    ]


def test_nothing_is_open_on_a_public_holiday_of_the_land(session, kommune, directory):
    directory()
    christmas = datetime(2026, 12, 25, 11, 0, tzinfo=UTC)  # a Friday
    assert names(session, kommune, at=christmas, open_now=True) == []
    reformation_day = datetime(2026, 10, 31, 11, 0, tzinfo=UTC)  # a holiday in BB, not NW
    assert names(session, kommune, at=reformation_day, open_now=True) == ["Mittagstisch am Markt"]
    kommune.state = "BB"
    session.commit()
    assert names(session, kommune, at=reformation_day, open_now=True) == []


def test_ranking_own_district_first_then_open_now(session, kommune, directory):
    directory()
    sued = session.scalar(select(District.id).where(District.name == "Süd"))
    found = search(session, kommune, Query(near=sued), at=TUESDAY)
    ranked = [o.name for o in found.offers]
    # Süd first (the open advice centre before the rest there), then open ones elsewhere
    assert ranked[:3] == ["Pflegeberatung Müller", "Bürgerbus", "Seniorentreff Süd"]
    assert ranked[3] == "Ambulanter Pflegedienst Sonnenschein"
    assert found.open_ids == {
        o.id
        for o in found.offers
        if o.name in ("Pflegeberatung Müller", "Ambulanter Pflegedienst Sonnenschein")
    }
    assert found.total == 5


def test_text_match_ranks_names_first(session, kommune, directory):
    directory()
    # "Markt": the name of the lunch table, only the address of the advice centre
    assert (
        names(session, kommune, at=WEDNESDAY_AFTERNOON, words="Markt")[0] == "Mittagstisch am Markt"
    )


def test_the_index_follows_every_change(session, kommune, directory):
    directory()
    offer = session.scalar(select(Angebot).where(Angebot.name == "Mittagstisch am Markt"))
    offer.name = "Suppenküche"
    session.commit()
    assert names(session, kommune, words="Suppenkueche") == ["Suppenküche"]
    assert names(session, kommune, words="Mittagstisch") == []
    offer.description = "Auch sonntags nach der Kirche."
    session.commit()
    assert names(session, kommune, words="Kirche") == ["Suppenküche"]
    offer.pause()
    session.commit()
    assert names(session, kommune, words="Kirche") == []  # only active offers
    offer.activate()
    session.commit()
    assert names(session, kommune, words="Kirche") == ["Suppenküche"]
    session.delete(offer)
    session.commit()
    assert names(session, kommune, words="Kirche") == []


def test_paging(session, kommune, directory):
    directory()
    first = search(session, kommune, Query(limit=2), at=TUESDAY)
    second = search(session, kommune, Query(limit=2, offset=2), at=TUESDAY)
    assert first.total == second.total == 5
    assert not {o.id for o in first.offers} & {o.id for o in second.offers}


def test_paging_through_the_nearest_first(session, kommune, directory):
    """Nearest first is read in two parts (the district's offers, then the others): pages of
    any size put together give the same order as one long page, and say when more follow."""
    directory()
    sued = session.scalar(select(District.id).where(District.name == "Süd"))
    whole = [o.id for o in search(session, kommune, Query(near=sued), at=TUESDAY).offers]
    assert len(whole) == 5
    for size in (1, 2, 3, 4):
        pages, offset, more = [], 0, True
        while more:
            found = search(
                session, kommune, Query(near=sued, limit=size, offset=offset, count=False), TUESDAY
            )
            assert found.total is None
            pages += [o.id for o in found.offers]
            offset += size
            more = found.more
            assert more == (offset < len(whole)), (size, offset)
        assert pages == whole, size
    past = search(session, kommune, Query(near=sued, limit=2, offset=6), at=TUESDAY)
    assert past.offers == [] and not past.more


def test_open_now_is_the_same_for_a_few_offers_and_for_all(session, kommune, directory):
    """ "Open now" is read per offer within a district and as one list for the whole Kommune:
    both must say the same."""
    directory()
    for at in (TUESDAY, WEDNESDAY_AFTERNOON):
        everywhere = set(names(session, kommune, at=at, open_now=True))
        assert everywhere, at
        for district in session.scalars(select(District)):
            there = set(names(session, kommune, at=at, district_id=district.id))
            assert set(names(session, kommune, at=at, district_id=district.id, open_now=True)) == (
                everywhere & there
            )
