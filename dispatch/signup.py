"""Volunteers signing up on the public page: a code by SMS first, then a pending volunteer
for staff to recognise. Guards against strangers and scripts: at most a few codes per
number a day, a few tries per code, 30 minutes to enter it."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from enum import StrEnum

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Kommune, Person, VolunteerSignup, VolunteerStatus, utcnow
from models import phone as phones
from prompts import sms as S

from .notify import queue_sms

#: Codes sent to one number within a day.
CODES_PER_PHONE = 3
#: Wrong codes before a sign-up is void.
MAX_ATTEMPTS = 5
CODE_MINUTES = 30


class Confirmed(StrEnum):
    OK = "ok"
    WRONG = "wrong"
    EXPIRED = "expired"  # too late, too many tries, or used already


def _hash(signup_id: int, code: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"signup:{signup_id}:{code}".encode(), hashlib.sha256).hexdigest()


def too_many_codes(session: Session, kommune: Kommune, phone: str) -> bool:
    since = utcnow() - timedelta(days=1)
    sent = session.scalar(
        select(func.count(VolunteerSignup.id)).where(
            VolunteerSignup.kommune_id == kommune.id,
            VolunteerSignup.phone == phone,
            VolunteerSignup.created_at >= since,
        )
    )
    return int(sent or 0) >= CODES_PER_PHONE


def start(
    session: Session,
    kommune: Kommune,
    *,
    name: str,
    phone: str,
    district: str,
    categories: list[str],
    note: str,
) -> VolunteerSignup:
    """Keep the sign-up and text its code (the caller commits)."""
    signup = VolunteerSignup(
        kommune_id=kommune.id,
        name=name,
        phone=phone,
        district=district,
        categories=categories,
        note=note,
        code_hash="",
        expires_at=utcnow() + timedelta(minutes=CODE_MINUTES),
    )
    session.add(signup)
    session.flush()
    code = f"{secrets.randbelow(1_000_000):06d}"
    signup.code_hash = _hash(signup.id, code)
    queue_sms(
        session,
        kommune=kommune,
        to=phone,
        body=S.SIGNUP_CODE(code=code),
        purpose="signup_code",
        about=(signup.id,),
    )
    return signup


def confirm(session: Session, signup: VolunteerSignup, code: str) -> Confirmed:
    """The code typed on the page: right, wrong, or too late. Right makes the volunteer."""
    if (
        signup.confirmed_at is not None
        or signup.attempts >= MAX_ATTEMPTS
        or signup.expires_at < utcnow()
    ):
        return Confirmed.EXPIRED
    typed = "".join(ch for ch in code if ch.isdigit())
    if not hmac.compare_digest(_hash(signup.id, typed), signup.code_hash):
        signup.attempts += 1
        return Confirmed.WRONG
    signup.confirmed_at = utcnow()
    kommune = session.get_one(Kommune, signup.kommune_id)
    person = register_volunteer(
        session,
        kommune,
        name=signup.name,
        phone=signup.phone,
        district=signup.district,
        categories=signup.categories,
        note=signup.note,
    )
    signup.person_id = person.id
    queue_sms(
        session,
        kommune=kommune,
        to=signup.phone,
        body=S.SIGNUP_RECEIVED(kommune=kommune.name),
        purpose="signup_received",
        about=(signup.id,),
        person_id=person.id,
    )
    return Confirmed.OK


def register_volunteer(
    session: Session,
    kommune: Kommune,
    *,
    name: str,
    phone: str,
    district: str,
    categories: list[str],
    note: str,
) -> Person:
    """A volunteer who signed up themselves: pending until staff recognise them. A person
    the Kommune knows already (a client) gets the volunteer role beside; a volunteer stays
    as they are (staff decided their status)."""
    person = Person.by_phone(session, kommune.id, phone)
    now = utcnow()
    if person is None:
        person = Person(
            kommune_id=kommune.id,
            name=name,
            phone=phone,
            line_type=str(phones.line_type(phone)),
            district=district,
        )
        session.add(person)
    if not person.is_volunteer:
        person.is_volunteer = True
        person.status = VolunteerStatus.PENDING
        person.set_categories(categories)
        person.consent_at = person.consent_at or now
        person.consent_note = person.consent_note or "Anmeldung auf der Webseite"
        if note:
            person.notes = (person.notes + "\n" if person.notes else "") + f"Anmeldung: {note}"
    session.flush()
    return person
