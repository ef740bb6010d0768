"""Every sentence lives in the catalogs, with named placeholders, in every language."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from prompts import available_languages, compiled, language
from prompts import catalog as C
from prompts import voice as P
from prompts.catalog import TEMPLATE, extract


def _ids(catalog) -> set[str]:
    return {m.id for m in catalog if m.id}


def test_the_template_holds_every_sentence_of_the_code():
    with TEMPLATE.open("rb") as fh:
        stored = _ids(read_po(fh))
    assert _ids(extract()) == stored, "run `nachbarruf translations extract`"


def test_placeholders_are_named():
    for msgid in _ids(extract()):
        for text in msgid if isinstance(msgid, tuple) else (msgid,):
            assert "%s" not in text and "%d" not in text, msgid


def test_every_catalog_is_compiled_and_current():
    """The app reads the .mo files; they are committed, so a clean clone works."""
    assert C.languages(), "no catalogs found"
    for lang in C.languages():
        assert compiled(lang).exists(), f"run `nachbarruf translations compile` ({lang})"
        assert compiled(lang).read_bytes() == C.mo_bytes(C.read(lang)), (
            f"{lang}: run `nachbarruf translations compile`"
        )


@pytest.mark.parametrize("lang", [lang for lang in available_languages() if lang != "de"])
def test_every_catalog_has_every_callers_sentence_with_its_placeholders(lang):
    assert C.gaps(C.read(lang)) == []


def _catalog_with(lang: str, **changes: str) -> Catalog:
    catalog = C.read(lang)
    for msgid, text in changes.items():
        catalog[msgid].string = text
    return catalog


def test_a_missing_sentence_or_placeholder_is_found():
    goodbye = P.GOODBYE.msgid
    thanks = P.THANKS_REF.msgid
    staff_only = next(iter(C.STAFF_ONLY))
    problems = C.gaps(
        _catalog_with("tr", **{goodbye: "", thanks: "Talep numaranız.", staff_only: ""})
    )
    assert sorted(problems) == [
        f"placeholders: {thanks} -> Talep numaranız.",
        f"untranslated: {goodbye}",
    ]


def test_a_missing_plural_form_is_found():
    catalog = C.read("tr")
    catalog[P.OPEN_COUNT.msgid].string = ("",)
    assert C.gaps(catalog) == [f"untranslated: {P.OPEN_COUNT.msgid}"]


def test_a_staff_page_sentence_may_stay_german():
    catalog = C.read("tr")
    untranslated = [m for m in catalog if m.id and not m.string]
    assert untranslated and not any(C.is_caller_sentence(m) for m in untranslated)


def test_a_number_chooses_the_plural_form():
    assert "1 offene Anfrage." in P.OPEN_COUNT(count=1)
    assert "3 offene Anfragen." in P.OPEN_COUNT(count=3)
    assert "nach 1 Tag gelöscht" in P.RECORD_NOTICE(days=1)
    assert "nach 30 Tagen gelöscht" in P.RECORD_NOTICE(days=30)
    with pytest.raises(TypeError):
        P.OPEN_COUNT(count="3")


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
    from prompts.text import fits_one_segment, segments

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
                if lang in ("ru", "uk", "ar"):  # UCS-2: 70 characters, letters kept
                    assert segments(text) == 1 and not fits_one_segment(text), (lang, text)
                else:
                    assert fits_one_segment(text), (lang, text)
