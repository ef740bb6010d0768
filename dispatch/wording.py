"""How a request is put into words (in the current language): its day and category,
how people are named, the offer SMS and the details for the volunteer who took it."""

from __future__ import annotations

from datetime import date, timedelta

from babel.numbers import format_decimal
from sqlalchemy.orm import object_session

from models import HelpRequest, Person, When, utcnow
from models import phone as phones
from models.base import BERLIN
from models.person import CalledAs
from prompts import current_language, language, short_date, spoken_date
from prompts import sms as S
from prompts import voice as P
from prompts.text import for_sms, segments

from .queries import assignment_key

CATEGORY_PHRASE = {
    "shopping": P.CAT_SHOPPING,
    "dog_walking": P.CAT_DOG,
    "phone_chat": P.CAT_CHAT,
    "other": P.CAT_OTHER,
}

WHEN_PHRASE = {When.TODAY: P.WHEN_TODAY, When.TOMORROW: P.WHEN_TOMORROW, When.SOON: P.WHEN_SOON}


def addressed(person: Person) -> str:
    """How we address a person: "Frau Mustermann" when staff noted Frau or Herr (in Turkish
    "Erika Hanım": each language's catalog says how), else the full name."""
    honorific = P.HONORIFIC.get(person.salutation)
    if honorific is not None and person.last_name:
        return honorific(surname=person.last_name, first=person.first_name)
    return person.name


def volunteer_name(volunteer: Person) -> str:
    """A volunteer as they want to be named to the people they help: the first name
    (default), or Frau/Herr and the surname."""
    if volunteer.called_as == CalledAs.SURNAME:
        return addressed(volunteer)
    return volunteer.first_name


def day_text(request: HelpRequest) -> str:
    """ "heute", "morgen", "in den nächsten Tagen" or a date, seen from today."""
    today = utcnow().astimezone(BERLIN).date()
    if request.when == When.SOON and request.needed_until > request.needed_from:
        return str(P.WHEN_SOON)
    if request.needed_from == today:
        return str(P.WHEN_TODAY)
    if request.needed_from == today + timedelta(days=1):
        return str(P.WHEN_TOMORROW)
    return spoken_date(request.needed_from)


def _short_date(day: date) -> str:
    """ "Di 24.11." (German), "Вт 24.11." (Russian): short."""
    return short_date(day)


def sms_day(request: HelpRequest) -> str:
    """ "heute", "morgen", "bis Fr 27.11." or "Di 24.11." for an SMS."""
    today = utcnow().astimezone(BERLIN).date()
    if request.when == When.SOON and request.needed_until > request.needed_from:
        return S.DAY_UNTIL(day=_short_date(request.needed_until))
    if request.needed_from == today:
        return str(S.DAY_TODAY)
    if request.needed_from == today + timedelta(days=1):
        return S.DAY_TOMORROW(day=_short_date(request.needed_from))
    return _short_date(request.needed_from)


def offer_text(request: HelpRequest, lang: str = "de") -> str:
    """The offer SMS: category, district, day, reference and how to answer — no name, no
    address — in one segment (GSM-7, or UCS-2 for Cyrillic and Arabic). A long district
    name is shortened to fit."""
    with language(lang):
        category = str(S.CATEGORY[request.category])
        day = sms_day(request)
        district = for_sms(request.district or "")
        while district:
            text = for_sms(S.OFFER(category=category, district=district, day=day, ref=request.ref))
            if segments(text) == 1:
                return text
            district = district[:-4].rstrip() + "." if len(district) > 6 else ""
        return for_sms(S.OFFER_NO_DISTRICT(category=category, day=day, ref=request.ref))


def details_text(request: HelpRequest) -> str:
    """What the winner needs: first name, address, what and when (SMS); the phone number
    only where the Kommune does not mask numbers — else how to reach the client through
    the hotline (its number, then the request's key in the menu of the volunteer's
    assignments, :func:`dispatch.queries.assignment_key`)."""
    client = request.client
    if client is None:
        raise ValueError("a request without a verified client has no details to give")
    description = (request.description or "").strip()
    if len(description) > 200:
        description = description[:197] + "..."
    if description and not description.endswith((".", "!", "?")):
        description += "."
    kommune = request.kommune
    if kommune.mask_numbers and kommune.caller_id:
        return S.DETAILS_MASKED(
            ref=request.ref,
            name=client.first_name,
            address=client.address or "-",
            hotline=phones.national(kommune.caller_id),
            key=assignment_key(object_session(request), request),
            category=str(S.CATEGORY[request.category]),
            day=sms_day(request),
            description=description,
        ).replace("  ", " ")
    return S.DETAILS(
        ref=request.ref,
        name=client.first_name,
        address=client.address or "-",
        phone=phones.national(client.phone),
        category=str(S.CATEGORY[request.category]),
        day=sms_day(request),
        description=description,
    ).replace("  ", " ")


def hours_text(minutes: int) -> str:
    """Minutes as hours the way people write them: 90 → "1,5", 120 → "2", 20 → "0,33"."""
    return format_decimal(minutes / 60, format="0.##", locale=current_language())
