"""``nachbarruf pairing …``: phone friendships (Telefonpatenschaften) on the command line."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from dispatch import pairings
from models import BERLIN, SYSTEM, Pairing, PairingStatus, Person, db, week
from models import phone as phones
from prompts import cli as T
from prompts import settings as S

from .admin import Failure, _kommune

pairing_cli = AppGroup("pairing", help="Phone friendships: a client and a volunteer, weekly.")


def _person(kommune_id: int, raw: str, role: str) -> Person:
    number = phones.parse_or_none(raw)
    person = Person.by_phone(db.session, kommune_id, number) if number else None
    if person is None:
        raise Failure(T.PAIRING_NOBODY(number=raw, role=str(T.PAIRING_ROLE[role])))
    return person


def _pairing(pairing_id: int) -> Pairing:
    pairing = db.session.get(Pairing, pairing_id)
    if pairing is None:
        raise Failure(T.PAIRING_UNKNOWN(id=pairing_id))
    return pairing


def _when(date: object) -> str:
    due = getattr(date, "due_at", None)
    return due.astimezone(BERLIN).strftime("%d.%m.%Y %H:%M") if due else "–"


@pairing_cli.command("add")
@click.option("--kommune", "kommune_name", required=True)
@click.option("--client", "client_phone", required=True, help="The client's phone number.")
@click.option("--volunteer", "volunteer_phone", required=True, help="The volunteer's number.")
@click.option(
    "--at", "times", multiple=True, required=True, help='Weekly: "Di 10:00" (repeatable).'
)
def pairing_add(
    kommune_name: str, client_phone: str, volunteer_phone: str, times: tuple[str, ...]
) -> None:
    """Pair a client and a volunteer for a weekly phone call through the hotline."""
    kommune = _kommune(kommune_name)
    client = _person(kommune.id, client_phone, "client")
    volunteer = _person(kommune.id, volunteer_phone, "volunteer")
    found: list[week.Slot] = []
    for text in times:
        try:
            found += week.slots(text)
        except week.HoursError as exc:
            raise Failure(f"--at: {S.hours_problem(exc.problem, exc.part)}") from None
    try:
        pairing = pairings.create(
            db.session, kommune, client, volunteer, found, actor=SYSTEM, via="cli"
        )
    except pairings.PairingError as exc:
        raise Failure(str(T.PAIRING_PROBLEM.get(exc.problem, exc.problem))) from None
    first = pairings.next_date(db.session, pairing)
    db.session.commit()
    click.echo(
        T.PAIRING_ADDED(
            ref=pairing.ref,
            client=client.name,
            volunteer=volunteer.name,
            slots=pairing.slots_text,
            first=_when(first),
        )
    )


@pairing_cli.command("list")
@click.option("--kommune", "kommune_name", required=True)
@click.option("--all", "show_all", is_flag=True, help="Ended pairings too.")
def pairing_list(kommune_name: str, show_all: bool) -> None:
    """The Kommune's pairings: number, client, volunteer, times, next date."""
    kommune = _kommune(kommune_name)
    query = select(Pairing).where(Pairing.kommune_id == kommune.id).order_by(Pairing.id)
    if not show_all:
        query = query.where(Pairing.status == PairingStatus.ACTIVE)
    found = list(db.session.scalars(query))
    if not found:
        click.echo(T.PAIRING_NONE(kommune=kommune.name))
    for pairing in found:
        upcoming = pairings.next_date(db.session, pairing)
        state = str(T.PAIRING_STATUS[pairing.status])
        click.echo(
            f"{pairing.ref}\t{pairing.client.name}\t{pairing.volunteer.name}\t"
            f"{pairing.slots_text}\t{state}\t{_when(upcoming)}"
        )


@pairing_cli.command("pause")
@click.argument("pairing_id", type=int)
def pairing_pause(pairing_id: int) -> None:
    """The pairing's next date falls through (both are told); later dates stay."""
    pairing = _pairing(pairing_id)
    date = pairings.skip_next(db.session, pairing, actor=SYSTEM)
    if date is None:
        raise Failure(T.PAIRING_NOTHING_PLANNED(ref=pairing.ref))
    db.session.commit()
    click.echo(T.PAIRING_PAUSED(ref=pairing.ref, when=_when(date)))


@pairing_cli.command("end")
@click.argument("pairing_id", type=int)
def pairing_end(pairing_id: int) -> None:
    """End the pairing: no more calls."""
    pairing = _pairing(pairing_id)
    try:
        pairings.end(db.session, pairing, actor=SYSTEM, via="cli")
    except pairings.NotAllowed:
        raise Failure(T.PAIRING_ENDED_ALREADY(ref=pairing.ref)) from None
    db.session.commit()
    click.echo(T.PAIRING_ENDED(ref=pairing.ref))
