"""Recognition and clearances: the Kommune's checklist (with the Land's preset), what a
volunteer has confirmed, the Führungszeugnis, trainings, and what a category requires.

A volunteer missing a requirement of a category is not offered requests of it
(:func:`requirement_filter`, used by :func:`dispatch.matching.candidates`), and the person
page says why (:func:`not_offered`). :func:`expiring` lists what runs out soon.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from slugify import slugify
from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.orm import Session

from models import (
    CLEARANCE,
    CategoryRequirement,
    ChecklistItem,
    Kommune,
    Person,
    Training,
    VolunteerCheck,
    VolunteerStatus,
)
from prompts import Prompt
from prompts import recognition as T


@dataclass(frozen=True)
class Preset:
    """One checklist item a Land prescribes."""

    key: str
    title: Prompt
    hint: Prompt
    course_hours: int | None = None


#: The Länder's conditions for Nachbarschaftshelfer*innen, by Land code. NRW (AnFöVO §11):
#: unpaid apart from an allowance, not related up to the second degree, not in the same
#: household, not the care person, and (since 2024) knowledge of the Land's brochure instead
#: of a course. Other Länder add their own items (e.g. a course with hours).
PRESETS: dict[str, tuple[Preset, ...]] = {
    "NW": (
        Preset("nw_unpaid", T.NW_UNPAID, T.NW_UNPAID_HINT),
        Preset("nw_not_related", T.NW_NOT_RELATED, T.NW_NOT_RELATED_HINT),
        Preset("nw_not_household", T.NW_NOT_HOUSEHOLD, T.NW_NOT_HOUSEHOLD_HINT),
        Preset("nw_not_carer", T.NW_NOT_CARER, T.NW_NOT_CARER_HINT),
        Preset("nw_brochure", T.NW_BROCHURE, T.NW_BROCHURE_HINT),
    ),
}


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` (the last day of a shorter month)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def checklist(session: Session, kommune_id: int) -> list[ChecklistItem]:
    return list(
        session.scalars(
            select(ChecklistItem)
            .where(ChecklistItem.kommune_id == kommune_id)
            .order_by(ChecklistItem.position, ChecklistItem.id)
        )
    )


def apply_preset(session: Session, kommune: Kommune) -> int | None:
    """Put the Land's conditions on the Kommune's checklist (those not there yet); the
    number added, or None when the Land has no preset."""
    preset = PRESETS.get(kommune.state)
    if preset is None:
        return None
    have = {item.key for item in checklist(session, kommune.id)}
    added = 0
    for position, item in enumerate(preset):
        if item.key in have:
            continue
        session.add(
            ChecklistItem(
                kommune_id=kommune.id,
                key=item.key,
                title=str(item.title),
                hint=str(item.hint),
                course_hours=item.course_hours,
                position=position,
            )
        )
        added += 1
    session.flush()
    return added


def add_item(
    session: Session,
    kommune: Kommune,
    title: str,
    *,
    hint: str = "",
    course_hours: int | None = None,
    valid_months: int | None = None,
) -> ChecklistItem:
    """A condition of the Kommune's own (a course of some hours, say)."""
    items = checklist(session, kommune.id)
    base = slugify(title, max_length=30, separator="_") or "punkt"
    key, n = base, 2
    while any(i.key == key for i in items) or key == CLEARANCE:
        key, n = f"{base}_{n}", n + 1
    item = ChecklistItem(
        kommune_id=kommune.id,
        key=key,
        title=" ".join(title.split()),
        hint=hint.strip(),
        course_hours=course_hours,
        valid_months=valid_months,
        position=max((i.position for i in items), default=0) + 1,
    )
    session.add(item)
    session.flush()
    return item


def remove_item(session: Session, item: ChecklistItem) -> None:
    """Take an item off the list: its confirmations and the requirements naming it go too."""
    for requirement in session.scalars(
        select(CategoryRequirement).where(
            CategoryRequirement.kommune_id == item.kommune_id,
            CategoryRequirement.requirement == item.key,
        )
    ):
        session.delete(requirement)
    for check in session.scalars(select(VolunteerCheck).where(VolunteerCheck.item_id == item.id)):
        session.delete(check)
    session.delete(item)
    session.flush()


# --- one volunteer --------------------------------------------------------------------------


def confirm(
    session: Session, person: Person, item: ChecklistItem, on: date, *, staff_user_id: int | None
) -> VolunteerCheck:
    """Staff confirm an item for the volunteer (again: the new date counts)."""
    check = session.scalar(
        select(VolunteerCheck).where(
            VolunteerCheck.person_id == person.id, VolunteerCheck.item_id == item.id
        )
    )
    if check is None:
        check = VolunteerCheck(person_id=person.id, item_id=item.id, confirmed_on=on)
        session.add(check)
    check.confirmed_on = on
    check.expires_on = add_months(on, item.valid_months) if item.valid_months else None
    check.confirmed_by_id = staff_user_id
    session.flush()
    return check


def unconfirm(session: Session, person: Person, item: ChecklistItem) -> bool:
    check = session.scalar(
        select(VolunteerCheck).where(
            VolunteerCheck.person_id == person.id, VolunteerCheck.item_id == item.id
        )
    )
    if check is None:
        return False
    session.delete(check)
    session.flush()
    return True


def record_clearance(person: Person, issued_on: date | None, *, staff_user_id: int | None) -> None:
    """The Führungszeugnis staff saw: its date (None: none on record)."""
    person.clearance_issued_on = issued_on
    person.clearance_seen_by_id = staff_user_id if issued_on else None


def clearance_expires(person: Person, kommune: Kommune) -> date | None:
    if person.clearance_issued_on is None:
        return None
    return add_months(person.clearance_issued_on, 12 * kommune.clearance_years)


def check_expires(check: VolunteerCheck) -> date | None:
    return check.expires_on


def add_training(
    session: Session,
    person: Person,
    title: str,
    taken_on: date,
    minutes: int,
    *,
    staff_user_id: int | None,
) -> Training:
    training = Training(
        person_id=person.id,
        title=" ".join(title.split()),
        taken_on=taken_on,
        minutes=minutes,
        recorded_by_id=staff_user_id,
    )
    session.add(training)
    session.flush()
    return training


def trainings(session: Session, person_id: int) -> list[Training]:
    return list(
        session.scalars(
            select(Training)
            .where(Training.person_id == person_id)
            .order_by(Training.taken_on.desc(), Training.id.desc())
        )
    )


@dataclass(frozen=True)
class ItemState:
    """One checklist item as it stands for a volunteer."""

    item: ChecklistItem
    check: VolunteerCheck | None
    expires_on: date | None
    valid: bool


def states(session: Session, person: Person, today: date) -> list[ItemState]:
    checks = {
        c.item_id: c
        for c in session.scalars(
            select(VolunteerCheck).where(VolunteerCheck.person_id == person.id)
        )
    }
    found = []
    for item in checklist(session, person.kommune_id):
        check = checks.get(item.id)
        expires = check_expires(check) if check else None
        found.append(
            ItemState(
                item, check, expires, check is not None and (expires is None or expires > today)
            )
        )
    return found


# --- what a category requires -----------------------------------------------------------------


def requirements(session: Session, kommune_id: int) -> dict[str, set[str]]:
    """Category → the requirements (item keys or ``clearance``) it has."""
    found: dict[str, set[str]] = {}
    for category, requirement in session.execute(
        select(CategoryRequirement.category, CategoryRequirement.requirement).where(
            CategoryRequirement.kommune_id == kommune_id
        )
    ):
        found.setdefault(category, set()).add(requirement)
    return found


def set_requirements(session: Session, kommune: Kommune, wanted: dict[str, set[str]]) -> bool:
    """Replace the Kommune's requirements per category; whether anything changed."""
    known = {i.key for i in checklist(session, kommune.id)} | {CLEARANCE}
    wanted = {c: {r for r in rs if r in known} for c, rs in wanted.items()}
    wanted = {c: rs for c, rs in wanted.items() if rs}
    if wanted == requirements(session, kommune.id):
        return False
    for row in session.scalars(
        select(CategoryRequirement).where(CategoryRequirement.kommune_id == kommune.id)
    ):
        session.delete(row)
    session.flush()
    for category, rs in wanted.items():
        for requirement in sorted(rs):
            session.add(
                CategoryRequirement(
                    kommune_id=kommune.id, category=category, requirement=requirement
                )
            )
    session.flush()
    return True


def requirement_filter(
    kommune: Kommune, category: str, today: date, person: Any = Person
) -> ColumnElement[bool]:
    """The SQL condition a volunteer (``person``: the Person entity or an alias) meets to be
    offered ``category``: no requirement of the category that they lack — each required
    item confirmed and not expired, a Führungszeugnis younger than the Kommune's period.
    Part of the one matching query (no query of its own)."""
    req, check, item = CategoryRequirement, VolunteerCheck, ChecklistItem
    oldest = add_months(today, -12 * kommune.clearance_years)
    confirmed = (
        exists()
        .where(
            check.person_id == person.id,
            check.item_id == item.id,
            item.kommune_id == kommune.id,
            item.key == req.requirement,
            or_(check.expires_on.is_(None), check.expires_on > today),
        )
        .correlate_except(check, item)
    )
    young_enough = and_(  # IS NOT NULL first: NULL would make the whole test NULL
        person.clearance_issued_on.is_not(None), person.clearance_issued_on > oldest
    )
    met = or_(and_(req.requirement == CLEARANCE, young_enough), confirmed)
    return ~exists().where(req.kommune_id == kommune.id, req.category == category, ~met)


def missing(
    session: Session, person: Person, kommune: Kommune, today: date
) -> dict[str, list[str]]:
    """Category → the names of what the volunteer lacks for it (only categories they help
    with and that require something)."""
    needed = requirements(session, kommune.id)
    if not needed:
        return {}
    valid = {s.item.key for s in states(session, person, today) if s.valid}
    titles = {i.key: i.title for i in checklist(session, kommune.id)}
    expires = clearance_expires(person, kommune)
    if expires is not None and expires > today:
        valid.add(CLEARANCE)
    found: dict[str, list[str]] = {}
    for category in person.categories:
        lacking = [
            str(T.CLEARANCE) if key == CLEARANCE else titles.get(key, key)
            for key in sorted(needed.get(category, set()) - valid)
        ]
        if lacking:
            found[category] = lacking
    return found


# --- what runs out ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Expiry:
    person: Person
    what: str
    expires_on: date


#: How far ahead the list of what runs out looks.
EXPIRY_DAYS = 60


def expiring(
    session: Session, kommune: Kommune, today: date, days: int = EXPIRY_DAYS
) -> list[Expiry]:
    """What runs out within ``days`` (or ran out already) for the volunteers who are still
    with us (pending, active, paused), soonest first."""
    horizon = today + timedelta(days=days)
    volunteers = list(
        session.scalars(
            select(Person).where(
                Person.kommune_id == kommune.id,
                Person.is_volunteer.is_(True),
                Person.erased_at.is_(None),
                Person.status.in_(
                    (VolunteerStatus.PENDING, VolunteerStatus.ACTIVE, VolunteerStatus.PAUSED)
                ),
            )
        )
    )
    by_id = {p.id: p for p in volunteers}
    found = []
    for person in volunteers:
        expires = clearance_expires(person, kommune)
        if expires is not None and expires <= horizon:
            found.append(Expiry(person, str(T.CLEARANCE), expires))
    if by_id:
        checks = session.scalars(
            select(VolunteerCheck)
            .join(ChecklistItem)
            .where(
                VolunteerCheck.person_id.in_(by_id),
                ChecklistItem.valid_months.is_not(None),
            )
        )
        for check in checks:
            expires = check_expires(check)
            if expires is not None and expires <= horizon:
                found.append(Expiry(by_id[check.person_id], check.item.title, expires))
    return sorted(found, key=lambda e: (e.expires_on, e.person.name, e.what))
