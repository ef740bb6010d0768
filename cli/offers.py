"""``nachbarruf offers …``: the directory of offers in and out (CSV, HSDS 3.0)."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from dispatch.directory import hsds
from dispatch.directory.files import plan
from dispatch.directory.importer import OfferImport
from models import Kommune, db
from prompts import cli as T
from prompts import directory as D

from .admin import Failure

offers_cli = AppGroup("offers", help="The directory of offers (Angebote in Ihrer Nähe).")


def _kommune(name: str) -> Kommune:
    kommune = Kommune.by_name(db.session, name)
    if kommune is None:
        raise Failure(T.KOMMUNE_UNKNOWN(name=name))
    return kommune


def _plan(path: Path, kommune: Kommune) -> OfferImport:
    if path.is_dir():
        return hsds.plan_files(db.session, kommune, hsds.read_folder(path))
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise Failure(T.IMPORT_FILE_MISSING(path=str(path))) from None
    except OSError:
        raise Failure(T.IMPORT_FILE_UNREADABLE(path=str(path))) from None
    return plan(db.session, kommune, data)


@offers_cli.command("import")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--kommune", "kommune_name", required=True)
@click.option("--dry-run", is_flag=True, help="Check and show what would change; save nothing.")
def offers_import(path: Path, kommune_name: str, dry_run: bool) -> None:
    """Import offers from a CSV file or an HSDS 3.0 package (folder or zip)."""
    session = db.session
    kommune = _kommune(kommune_name)
    result = _plan(path, kommune)
    for error in result.file_errors:
        click.echo(error, err=True)
    for row in result.error_rows:
        for error in row.errors:
            click.echo(T.IMPORT_ROW_ERROR(line=row.line, error=error), err=True)
    if not result.ok:
        session.rollback()
        raise Failure(result.summary())
    if dry_run:
        for row in result.rows:
            if row.action == "create":
                click.echo(T.IMPORT_ROW_NEW(line=row.line))
            elif row.action == "update":
                click.echo(T.IMPORT_ROW_CHANGES(line=row.line, fields=", ".join(row.changes)))
        click.echo(result.summary())
        click.echo(str(T.IMPORT_DRY_RUN))
        session.rollback()
        return
    result.apply(session)
    session.commit()
    click.echo(result.summary())


@offers_cli.command("export")
@click.option("--kommune", "kommune_name", required=True)
@click.option(
    "--hsds",
    "target",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the HSDS 3.0 CSV files (created; must be empty).",
)
def offers_export(kommune_name: str, target: Path) -> None:
    """Write the Kommune's offers as an HSDS 3.0 tabular data package."""
    kommune = _kommune(kommune_name)
    if target.exists() and any(target.iterdir()):
        raise Failure(D.EXPORT_NOT_EMPTY(path=str(target)))
    count = hsds.export(db.session, kommune, target)
    click.echo(D.EXPORTED(count=count, path=str(target)))
