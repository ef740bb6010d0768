"""The directory by phone, as a caller who only follows what they hear: "Angebote in Ihrer
Nähe" from the main menu, a topic by key or by speech, three offers read out (nearest
first), an SMS of them, a connection to the first while it is open, more offers; and by
SMS: "INFO PFLEGE" and "ANGEBOTE". Every search is counted without the caller."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from models import InfoSearch, Message, TaxonomyTerm
from models import base as model_base
from prompts.text import fits_one_segment, segments, septets
from tests.directory.conftest import OFFERS

ERIKA_MOBILE = "+4915228817325"


def at(when: datetime) -> None:
    """Set the app's clock to ``when``."""
    model_base.travel(when - model_base.utcnow())


#: Tuesday 10:30 in Berlin: the advice centre (Süd) and the care service (Nord) are open.
TUESDAY_MORNING = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
#: Tuesday 22:00: everything is closed.
TUESDAY_NIGHT = datetime(2026, 11, 24, 21, 0, tzinfo=UTC)

MORE_CARE = [
    f"Pflegedienst {name};Pflege {name} GmbH;Pflege zu Hause.;;Pflege;;Nord;Weg {n}, 10115 "
    f"Musterstadt;030 2312523{n};Mo-Fr 8-16;;;"
    for n, name in enumerate(("Abendrot", "Lindenhof", "Mühlbach"), start=1)
]


@pytest.fixture
def erika(make_person):
    return make_person("client", name="Erika Musterfrau", phone=ERIKA_MOBILE, district="Süd")


def to_directory(caller):
    caller.call()
    caller.choose("Angebote in Ihrer Nähe")


def test_a_known_caller_hears_the_nearest_offers_and_gets_them_by_sms(
    phone, erika, directory, session
):
    directory()
    at(TUESDAY_MORNING)
    caller = phone(erika.phone)
    caller.call()
    assert caller.key_for("Angebote in Ihrer Nähe") == "5"
    caller.choose("Angebote in Ihrer Nähe")
    assert "Zu welchem Thema suchen Sie ein Angebot?" in caller.heard
    topics = caller.options()
    assert list(topics)[:5] == [
        "Pflege und Betreuung",
        "Beratung",
        "Treffpunkte und Vereine",
        "Essen und Einkaufen",
        "Fahrdienste",
    ]
    assert "Gesundheit" not in topics  # topics without offers are not offered
    caller.choose("Pflege und Betreuung")
    heard = caller.heard
    # Süd first (where Erika lives), then the rest; name, what, number, open
    assert heard.index("Pflegeberatung Müller") < heard.index(
        "Ambulanter Pflegedienst Sonnenschein"
    )
    assert "Beratung zur Pflege." in heard
    assert "0 3 0, 2 3 1, 2 5 2, 0 3" in heard
    assert "Jetzt geöffnet, bis 12 Uhr." in heard
    assert caller.key_for("diese Angebote per SMS") == "1"
    assert caller.key_for("eine Verbindung mit Pflegeberatung Müller") == "2"
    assert "weitere Angebote" not in caller.options()  # there are only two
    caller.choose("diese Angebote per SMS")
    assert "per SMS" in caller.heard and "Kann ich sonst noch etwas für Sie tun?" in caller.heard
    sms = session.scalar(select(Message).where(Message.purpose == "directory"))
    assert sms.to_number == ERIKA_MOBILE and sms.status == "queued"
    assert "Pflegeberatung Müller" in sms.body and "030 23125203" in sms.body
    assert septets(sms.body) is not None and segments(sms.body) <= 2


def test_topic_by_speech_and_a_connection_while_it_is_open(phone, erika, directory, session):
    directory()
    at(TUESDAY_MORNING)
    caller = phone(erika.phone)
    to_directory(caller)
    caller.say("Ich suche eine Pflege")
    assert "Pflegeberatung Müller" in caller.heard
    caller.choose("eine Verbindung mit Pflegeberatung Müller")
    assert "Ich verbinde Sie mit Pflegeberatung Müller." in caller.heard
    assert caller.waiting_for == "dial" and caller.turn.waiting.detail == "+493023125203"
    caller.connect(answered=True)
    assert "Vielen Dank für Ihren Anruf." in caller.heard and caller.ended


def test_no_connection_is_offered_when_it_is_closed(phone, erika, directory):
    directory()
    at(TUESDAY_NIGHT)
    caller = phone(erika.phone)
    to_directory(caller)
    caller.choose("Pflege und Betreuung")
    assert "Wieder geöffnet am Donnerstag ab 8 Uhr." not in caller.heard
    assert "Morgen geöffnet ab 8 Uhr." in caller.heard  # the care service, Wednesday 8:00
    assert not any("Verbindung" in option for option in caller.options())
    caller.press("2")  # not announced: asked again
    assert "Das habe ich leider nicht verstanden." in caller.heard


def test_more_offers_and_another_topic(phone, erika, directory, session):
    directory(*OFFERS, *MORE_CARE)
    at(TUESDAY_MORNING)
    caller = phone(erika.phone)
    to_directory(caller)
    caller.choose("Pflege und Betreuung")
    assert "Ich nenne Ihnen 3 Angebote" in caller.heard
    first = caller.heard
    caller.choose("weitere Angebote")
    assert "Hier sind weitere Angebote." in caller.heard
    second = caller.heard
    named = [
        n for n in ("Abendrot", "Lindenhof", "Mühlbach", "Sonnenschein", "Müller") if n in first
    ]
    assert len(named) == 3 and not any(n in second for n in named)
    assert "weitere Angebote" not in caller.options()  # five in all
    caller.press("*")  # repeat: the same three
    assert "Hier sind weitere Angebote." in caller.heard
    caller.choose("ein anderes Thema")
    caller.choose("Essen und Einkaufen")
    assert "Mittagstisch am Markt" in caller.heard
    counts = {(row.channel, row.district, row.count) for row in session.scalars(select(InfoSearch))}
    assert counts == {("phone", "Süd", 1)} | {("phone", "Süd", 1)}
    assert (
        session.scalar(
            select(InfoSearch.count)
            .join(TaxonomyTerm, TaxonomyTerm.id == InfoSearch.topic_id)
            .where(TaxonomyTerm.code == "pflege")
        )
        == 1
    )


def test_an_unknown_caller_says_their_district(phone, directory, session):
    directory()
    at(TUESDAY_MORNING)
    caller = phone("+493023125190")
    to_directory(caller)
    caller.choose("Treffpunkte")
    assert "In welchem Ortsteil wohnen Sie?" in caller.heard
    caller.say("in Musterstadt Süd")
    assert "Seniorentreff Süd" in caller.heard
    assert "per SMS" not in " ".join(caller.options())  # a landline gets no SMS
    row = session.scalar(select(InfoSearch))
    assert (row.channel, row.district, row.count) == ("phone", "Süd", 1)
    assert not {c.name for c in InfoSearch.__table__.columns} & {"phone", "number", "call_id"}


def test_the_whole_kommune_with_the_1(phone, directory):
    directory()
    at(TUESDAY_MORNING)
    caller = phone("+493023125191")
    to_directory(caller)
    caller.choose("Pflege und Betreuung")
    caller.choose("ganz Musterstadt")
    assert "Pflegeberatung Müller" in caller.heard


def test_without_offers_the_caller_hears_so_and_can_go_on(phone, kommune):
    caller = phone("+493023125192")
    to_directory(caller)
    assert "noch keine Angebote eingetragen" in caller.heard
    assert caller.key_for("eine neue Anfrage") == "1"


# --- SMS ------------------------------------------------------------------------------------------


def test_info_pflege_by_sms(sms, erika, directory, session):
    directory()
    at(TUESDAY_MORNING)
    (reply,) = sms(erika.phone, "Info Pflege")
    assert reply.startswith("Nachbarruf: Pflege und Betreuung in Süd:")
    assert reply.index("Pflegeberatung Müller") < reply.index("Sonnenschein")
    assert "Tel. 030 23125203" in reply and "jetzt offen" in reply
    assert septets(reply) is not None and segments(reply) <= 2
    row = session.scalar(select(InfoSearch))
    assert (row.channel, row.district, row.count) == ("sms", "Süd", 1)


def test_angebote_from_a_stranger(sms, directory, session):
    directory()
    at(TUESDAY_MORNING)
    (reply,) = sms("+4915228817399", "ANGEBOTE")
    assert reply.startswith("Nachbarruf: Angebote:")
    assert reply.count("Tel. 030") == 3
    (reply,) = sms("+4915228817399", "angebote essen nord")
    assert "Mittagstisch am Markt" in reply and "in Nord" in reply
    assert sms("+4915228817399", "INFO PFLEGE") == []  # a stranger gets two answers a day
    (reply,) = sms("+4915228817398", "INFO Zahnarzt Hubschrauber")
    assert "INFO PFLEGE" in reply or "Beispiel: INFO" in reply
    assert fits_one_segment(reply) or segments(reply) <= 2


def test_a_long_list_stays_within_the_segments(sms, directory, session):
    long_names = [
        row.replace("Pflegedienst ", "Ambulanter Alten- und Krankenpflegedienst mit Tagespflege ")
        for row in MORE_CARE
    ]
    directory(*long_names)
    (reply,) = sms("+4915228817399", "INFO PFLEGE")
    assert septets(reply) is not None and segments(reply) <= 2
