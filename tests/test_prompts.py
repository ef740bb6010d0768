"""Every sentence lives in the catalogs, with named placeholders, in every language."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from babel.messages.pofile import read_po

from prompts import CATALOGS, available_languages, language
from prompts import voice as P
from prompts.catalog import TEMPLATE, extract

PLACEHOLDER = re.compile(r"%\((\w+)\)s|%[sd]")
#: Sentences the code fills with more than the German uses: how a person is addressed gets
#: both names, and each language takes what it says ("Frau Mustermann", "Erika Hanım").
BOTH_NAMES = {p.msgid: {"first", "surname"} for p in P.HONORIFIC.values()}


def _ids(catalog) -> set[str]:
    return {m.id for m in catalog if m.id}


def test_the_template_holds_every_sentence_of_the_code():
    with TEMPLATE.open("rb") as fh:
        stored = _ids(read_po(fh))
    assert _ids(extract()) == stored, "run `nachbarruf translations extract`"


def test_placeholders_are_named():
    for msgid in _ids(extract()):
        assert "%s" not in msgid and "%d" not in msgid, msgid


@pytest.mark.parametrize("lang", [lang for lang in available_languages() if lang != "de"])
def test_translations_keep_the_placeholders(lang):
    with (CATALOGS / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalog = read_po(fh)
    for message in catalog:
        if message.id in BOTH_NAMES and message.string:
            assert set(PLACEHOLDER.findall(message.string)) <= BOTH_NAMES[message.id]
        elif message.id and message.string:
            assert sorted(PLACEHOLDER.findall(message.id)) == sorted(
                PLACEHOLDER.findall(message.string)
            ), message.id


def test_turkish_client_hears_turkish(phone, make_person, kommune, session):
    kommune.languages = ["de", "tr"]
    session.commit()
    ayse = make_person("client", name="Ayşe Örnek", languages=["tr", "de"])
    caller = phone(ayse.phone)
    caller.call()
    assert caller.heard.startswith("İyi günler, Ayşe Örnek. Burası Musterstadt Komşu Yardımı.")
    say = next(ET.fromstring(caller.phone.documents[0]).iter("Say"))
    assert (say.get("voice"), say.get("language")) == ("Polly.Burcu-Neural", "tr-TR")
    caller.press("1")
    assert "Yardıma ne zaman ihtiyacınız var?" in caller.heard


def test_turkish_has_no_german_frau_or_herr(
    phone, make_person, kommune, session, run_tasks, fake_twilio, app, client
):
    """How a person is addressed comes from the catalog: Turkish says "Ayşe Hanım"."""
    from dispatch import intake
    from tests.phone import Caller

    kommune.languages = ["de", "tr"]
    session.commit()
    ayse = make_person("client", name="Ayşe Örnek", salutation="Frau", languages=["tr", "de"])
    make_person("volunteer", name="Mehmet Yılmaz", salutation="Herr", called_as="surname")
    caller = phone(ayse.phone)
    caller.call()
    assert caller.heard.startswith("İyi günler, Ayşe Hanım.")
    request = intake.open_request(
        session, kommune=kommune, client=ayse, category="shopping", when="tomorrow"
    )
    session.commit()
    run_tasks()
    from dispatch import lifecycle

    lifecycle.accept(session, request.offers[0], channel="sms")
    session.commit()
    run_tasks()
    notice = Caller.answering(app, client, fake_twilio.calls_to(ayse.phone)[0])
    assert "Mehmet Bey size yardım edecek" in notice.heard
    assert "Frau" not in notice.heard and "Herr" not in notice.heard


def test_a_language_the_kommune_does_not_offer_falls_back_to_german(phone, make_person, kommune):
    ayse = make_person(
        "client", name="Ayşe Örnek", languages=["tr", "de"]
    )  # kommune offers only de
    caller = phone(ayse.phone)
    caller.call()
    assert caller.heard.startswith("Guten Tag")


def test_offers_fit_one_segment_in_every_language(session, kommune, make_person):
    from dispatch import intake
    from dispatch.wording import offer_text
    from models import Category, When
    from prompts.text import fits_one_segment

    client = make_person("client", district="Ober-Unterdorf an der Mittleren Musterbachaue")
    serial = 1_000_000
    for lang in available_languages():
        for category in Category:
            for when in When:
                request = intake.open_request(
                    session, kommune=kommune, client=client, category=category, when=when
                )
                serial += 1
                request.ref = str(serial)  # seven digits: the longest there are
                with language(lang):
                    text = offer_text(request, lang)
                assert fits_one_segment(text), (lang, text)
