"""``nachbarruf …``: the same commands as ``flask --app app …``."""

from __future__ import annotations

from flask import Flask
from flask.cli import FlaskGroup


def register(app: Flask) -> None:
    from . import admin, demo, offers, pairing, phone, records, work

    for command in (
        admin.db_cli,
        admin.kommune_cli,
        admin.staff_cli,
        admin.ban_cli,
        admin.import_people,
        admin.translations_cli,
        offers.offers_cli,
        records.statements,
        pairing.pairing_cli,
        work.worker,
        work.prices,
        demo.demo,
        phone.call,
        phone.sms,
        phone.outbox,
    ):
        app.cli.add_command(command)


def _create_app() -> Flask:
    from app import create_app

    return create_app()


main = FlaskGroup(
    name="nachbarruf",
    create_app=_create_app,
    help="Nachbarruf: neighbourhood help by telephone and SMS.",
)
