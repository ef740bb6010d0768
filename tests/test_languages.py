"""Every caller understood: the language choice at the start, a whole request in each
language by keys and by speech, the keys of the choice never a menu's options."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from sqlalchemy import select

from ivr import languages, menus, speech
from ivr.engine import MenuStep
from ivr.hotline import HOTLINE
from models import Call, Category, HelpRequest, When
from prompts import LANGUAGE_KEYS, VOICES, available_languages, language, language_keys
from prompts import voice as P

OTHERS = [lang for lang in available_languages() if lang != "de"]

#: What a caller says in each language: the help, the day, the words, and yes.
SPOKEN = {
    "de": ("Ich brauche Hilfe beim Einkaufen", "morgen", "Brot und Milch", "Ja, stimmt"),
    "tr": ("Alışverişte yardım lazım", "yarın", "Ekmek ve süt", "Evet, doğru"),
    "ru": ("Мне нужна помощь с покупками", "завтра", "Хлеб и молоко", "Да, всё верно"),
    "uk": ("Потрібна допомога з покупками", "завтра", "Хліб і молоко", "Так, правильно"),
    "pl": ("Potrzebuję pomocy przy zakupach", "jutro", "Chleb i mleko", "Tak, zgadza się"),
    "en": ("I need help with the shopping", "tomorrow", "Bread and milk", "Yes, that's right"),
    "ar": ("أحتاج مساعدة في التسوق", "غدا", "خبز وحليب", "نعم صحيح"),
}


def _label(lang: str, prompt) -> str:
    with language(lang):
        return str(prompt)


def _voices(caller) -> list[tuple[str | None, str]]:
    root = ET.fromstring(caller.phone.documents[-1])
    return [(say.get("voice"), (say.text or "").strip()) for say in root.iter("Say")]


@pytest.fixture
def four_languages(kommune, session):
    """The demo's Kommune: German, Turkish, Russian and Ukrainian."""
    kommune.languages = ["de", "tr", "ru", "uk"]
    session.commit()
    return kommune


def test_the_keys_go_in_the_kommunes_order_german_first():
    assert language_keys(["de", "tr", "ru", "uk"]) == {"de": "6", "tr": "7", "ru": "8", "uk": "9"}
    assert language_keys(["tr", "de"]) == {"de": "6", "tr": "7"}
    assert len(language_keys(["de", "tr", "ru", "uk", "pl"])) == len(LANGUAGE_KEYS)


#: Menus where a key of the language choice is also an option the caller hears: the option
#: wins there (the main menu of a client with a phone friendship: 6 skips the next date; with
#: a daily check-in: 7 pauses the check-in calls).
HEARD_FIRST = {"main_pairing": {"6"}, "main_checkin": {"7"}, "main_both": {"6", "7"}}


def test_the_keys_of_the_choice_are_no_options_where_they_work():
    steps = [s for s in HOTLINE.steps.values() if isinstance(s, MenuStep) and s.before]
    assert {s.name for s in steps} == {"main", "status"}
    for step in steps:
        for menu in step.variants:
            shared = {o.key for o in menu.options} & set(LANGUAGE_KEYS)
            assert shared == HEARD_FIRST.get(menu.name, set()), menu.name


def test_an_unknown_caller_hears_each_offered_language_in_its_own_voice(phone, four_languages):
    caller = phone("+493023125099")
    caller.call()
    spoken = _voices(caller)
    assert ("Polly.Burcu-Neural", "Türkçe için yediye basın.") in spoken
    assert ("Google.ru-RU-Wavenet-A", "Русский язык — нажмите 8.") in spoken
    assert ("Google.uk-UA-Wavenet-A", "Українська мова — натисніть 9.") in spoken
    assert spoken[0][0] == "Polly.Vicki-Neural" and spoken[0][1].startswith("Guten Tag")
    assert "Für Deutsch" not in caller.heard  # German is what they hear already


def test_an_unknown_turkish_caller_chooses_turkish_at_the_start(phone, four_languages, session):
    caller = phone("+493023125099")
    caller.call()
    caller.press("7")
    assert "Hangi konuda yardıma ihtiyacınız var?" in caller.heard
    assert {voice for voice, _ in _voices(caller)} == {"Polly.Burcu-Neural"}
    caller.choose(_label("tr", P.LBL_SHOPPING))
    assert "Yardıma ne zaman ihtiyacınız var?" in caller.heard
    call = session.scalar(select(Call).where(Call.from_number == "+493023125099"))
    assert call.language == "tr"  # kept with the call, for staff


def test_saying_the_languages_name_chooses_it(phone, four_languages):
    caller = phone("+493023125099")
    caller.call()
    caller.say("Türkçe")
    assert "Hangi konuda yardıma ihtiyacınız var?" in caller.heard


def test_silence_goes_on_in_german(phone, four_languages):
    caller = phone("+493023125099")
    caller.call()
    caller.silence()
    assert "Wobei brauchen Sie Hilfe?" in caller.heard


def test_the_choice_is_stored_for_a_known_caller(phone, four_languages, make_person, session):
    olga = make_person("client", name="Olga Beispiel", languages=[])
    caller = phone(olga.phone)
    caller.call()
    caller.press("8")
    assert "В чём вам нужна помощь?" in caller.heard
    session.refresh(olga)
    assert olga.languages == ["ru"]


def test_a_known_caller_hears_their_language_and_can_switch(
    phone, four_languages, make_person, session
):
    olga = make_person("client", name="Olga Beispiel", languages=["ru", "de"])
    caller = phone(olga.phone)
    caller.call()
    assert caller.heard.startswith("Здравствуйте, Olga Beispiel.")
    assert "Türkçe" not in caller.heard  # no choice for a caller whose language is known
    caller.press("6")
    assert "Wobei brauchen Sie Hilfe?" in caller.heard
    session.refresh(olga)
    assert olga.languages == ["de", "ru"]


def test_in_a_menu_only_the_keys_switch_not_a_word(phone, four_languages, make_person):
    erika = make_person("client", name="Erika Musterfrau", languages=["de"])
    caller = phone(erika.phone)
    caller.call()
    caller.say("Einkaufen für meine türkische Nachbarin")
    assert "Wann brauchen Sie Hilfe?" in caller.heard


def test_a_kommune_with_german_only_asks_nothing(phone, kommune, session):
    call_sid = "CA" + "0" * 32
    caller = phone("+493023125099")
    caller.call(call_sid)
    assert "Wobei brauchen Sie Hilfe?" in caller.heard
    call = session.scalar(select(Call).where(Call.sid == call_sid))
    assert call.last_step == "main" != languages.CHOOSE


@pytest.mark.parametrize("lang", OTHERS)
def test_every_language_has_a_voice_and_speech_words_for_every_menu(lang):
    assert lang in VOICES
    meanings = {
        w
        for m in (*vars(menus).values(),)
        if isinstance(m, menus.Menu)
        for o in m.options
        for w in o.words
    }
    assert meanings and all(speech.stems(lang, (m,)) for m in meanings), lang
    assert speech.stems(lang, ("person",)) and speech.stems(lang, ("repeat",))
    assert {speech.spoken_key([w], lang) for w in speech.KEYS[lang]} >= set("0123456789*#")


def _request_by(caller, lang: str, session, kommune) -> HelpRequest:
    return session.scalar(
        select(HelpRequest)
        .where(HelpRequest.kommune_id == kommune.id)
        .order_by(HelpRequest.id.desc())
    )


@pytest.mark.parametrize("lang", ["de", *OTHERS])
def test_a_caller_in_each_language_completes_a_request_by_keys(
    lang, phone, kommune, make_person, session
):
    kommune.languages = ["de", lang]
    session.commit()
    person = make_person("client", name="Anna Beispiel", languages=[lang])
    caller = phone(person.phone)
    caller.call()
    caller.choose(_label(lang, P.LBL_SHOPPING))
    caller.choose(_label(lang, P.WHEN_TOMORROW))
    caller.say(SPOKEN[lang][2])
    caller.choose(_label(lang, P.LBL_YES))
    request = _request_by(caller, lang, session, kommune)
    assert (request.category, request.when) == (Category.SHOPPING, When.TOMORROW)
    assert request.description == SPOKEN[lang][2]
    with language(lang):
        assert P.THANKS_REF(ref="").split("%")[0][:8] in caller.heard


@pytest.mark.parametrize("lang", ["de", *OTHERS])
def test_a_caller_in_each_language_completes_a_request_by_speech(
    lang, phone, kommune, make_person, session
):
    kommune.languages = ["de", lang]
    session.commit()
    person = make_person("client", name="Anna Beispiel", languages=[lang])
    caller = phone(person.phone)
    caller.call()
    help_with, day, words, yes = SPOKEN[lang]
    caller.say(help_with)
    assert _label(lang, P.WHEN_INTRO) in caller.heard, caller.heard
    caller.say(day)
    caller.say(words)
    caller.say(yes)
    request = _request_by(caller, lang, session, kommune)
    assert (request.category, request.when) == (Category.SHOPPING, When.TOMORROW)
    assert request.description == words
    gather = next(ET.fromstring(caller.phone.documents[1]).iter("Gather"))
    assert gather.get("language") == VOICES[lang].language


# --- SMS in every language -------------------------------------------------------------------


def test_a_russian_volunteer_accepts_with_da_and_gets_the_details_in_russian(
    sms, kommune, make_person, session, run_tasks, fake_twilio
):
    from dispatch import intake
    from prompts.text import segments

    kommune.languages = ["de", "ru"]
    session.commit()
    ivan = make_person("volunteer", name="Iwan Beispiel", languages=["ru", "de"])
    erika = make_person("client", name="Erika Musterfrau", address="Musterweg 1")
    request = intake.open_request(
        session,
        kommune=kommune,
        client=erika,
        category=Category.SHOPPING,
        when=When.TOMORROW,
        description="Brot und Milch",
    )
    session.commit()
    run_tasks()
    (offer,) = fake_twilio.messages_to(ivan.phone)
    body = offer.params["Body"]
    assert body.endswith(f"поможете? ДА/НЕТ {request.ref}") and "Покупки" in body
    assert segments(body) == 1 and len(body) <= 70  # UCS-2: one segment of 70

    (reply,) = sms(ivan.phone, f"ДА {request.ref}")
    assert reply.startswith(f"Спасибо! Заявка {request.ref}: Erika, Musterweg 1")
    assert f"ГОТОВО {request.ref}" in reply and f"ОТМЕНА {request.ref}" in reply
    assert segments(reply) <= 3
    session.refresh(request)
    assert request.volunteer_id == ivan.id

    (status,) = sms(ivan.phone, "статус")
    assert status.startswith("Nachbarruf: Вы получаете заявки.")


def test_a_turkish_client_gets_the_notice_in_turkish_and_cancels_with_iptal(
    sms, kommune, make_person, session, run_tasks, fake_twilio
):
    from dispatch import intake, lifecycle

    kommune.languages = ["de", "tr"]
    session.commit()
    ayse = make_person("client", name="Ayşe Örnek", phone="+4915228817345", languages=["tr"])
    max_ = make_person("volunteer", name="Max Mustermann")
    request = intake.open_request(
        session, kommune=kommune, client=ayse, category=Category.SHOPPING, when=When.TOMORROW
    )
    session.commit()
    run_tasks()
    lifecycle.accept(session, request.offers[0], channel="sms")
    session.commit()
    run_tasks()
    notices = [m.params["Body"] for m in fake_twilio.messages_to(ayse.phone)]
    assert any("Max size yarin" in b and f"IPTAL {request.ref}" in b for b in notices), notices
    (reply,) = sms(ayse.phone, f"iptal {request.ref}")
    assert reply == f"Nachbarruf: {request.ref} numarali talebiniz iptal edildi."
    session.refresh(request)
    assert request.status == "cancelled"
    assert "Nachbarruf:" in fake_twilio.messages_to(max_.phone)[-1].params["Body"]


@pytest.mark.parametrize(
    ("lang", "answer"),
    [("tr", "EVET"), ("ru", "да"), ("uk", "ТАК"), ("pl", "tak"), ("en", "Yes"), ("ar", "نعم")],
)
def test_a_volunteer_answers_yes_in_their_language(
    lang, answer, sms, kommune, make_person, session, run_tasks
):
    from dispatch import intake

    kommune.languages = ["de", lang]
    session.commit()
    helper = make_person("volunteer", languages=[lang])
    request = intake.open_request(
        session,
        kommune=kommune,
        client=make_person("client"),
        category=Category.SHOPPING,
        when=When.TOMORROW,
    )
    session.commit()
    run_tasks()
    (reply,) = sms(helper.phone, f"{answer} {request.ref}")
    session.refresh(request)
    assert request.volunteer_id == helper.id
    from prompts import sms as S
    from prompts.text import for_sms

    with language(lang):
        thanks = S.DETAILS(
            ref=request.ref, name="", address="", phone="", category="", day="", description=""
        ).split(":")[0]
    assert reply.startswith(for_sms(thanks))


def test_only_languages_the_kommune_offers_are_spoken_or_written(
    kommune, make_person, session, run_tasks, fake_twilio
):
    """A catalog is switched on per Kommune (once reviewed): until then, German."""
    from dispatch import intake

    assert kommune.languages == ["de"]
    ivan = make_person("volunteer", name="Iwan Beispiel", languages=["ru", "de"])
    assert ivan.language == "de"
    intake.open_request(
        session,
        kommune=kommune,
        client=make_person("client"),
        category=Category.SHOPPING,
        when=When.TOMORROW,
    )
    session.commit()
    run_tasks()
    (offer,) = fake_twilio.messages_to(ivan.phone)
    assert offer.params["Body"].startswith("Nachbarruf: Wer hilft? Einkaufen")
    kommune.languages = ["de", "uk", "ru"]
    session.commit()
    assert ivan.language == "ru"  # his first language the Kommune offers


def test_a_ukrainian_volunteer_takes_an_offer_call_by_saying_tak(
    app, client, kommune, make_person, session, run_tasks, fake_twilio
):
    from dispatch import intake
    from tests.phone import Caller

    kommune.languages = ["de", "uk"]
    session.commit()
    olena = make_person("volunteer", name="Olena Beispiel", phone="+493023125777", languages=["uk"])
    request = intake.open_request(
        session,
        kommune=kommune,
        client=make_person("client"),
        category=Category.SHOPPING,
        when=When.TOMORROW,
    )
    session.commit()
    run_tasks()
    (sent,) = fake_twilio.calls_to(olena.phone)
    call = Caller.answering(app, client, sent)
    assert "Ми шукаємо помічника: допомога з покупками" in call.heard
    assert "Ви можете допомогти?" in call.heard
    call.say("Так, можу")
    assert "Щиро дякуємо! Ви допомагаєте" in call.heard
    session.refresh(request)
    assert request.volunteer_id == olena.id
