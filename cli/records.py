"""``nachbarruf statements``: the month's statements of a Kommune as files (one PDF per
client and one CSV for all), or a year's hours and allowances per volunteer (CSV)."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from dispatch import statements as st
from models import AuditEntry, Kommune, db
from prompts import cli as T

from .admin import Failure


@click.command("statements")
@with_appcontext
@click.option("--kommune", "kommune_name", required=True)
@click.option("--month", default=None, help="The month: 2026-12 (one PDF per client + one CSV).")
@click.option("--year", type=int, default=None, help="A year: hours per volunteer (CSV).")
@click.option("--out", "out", type=click.Path(path_type=Path), required=True)
def statements(kommune_name: str, month: str | None, year: int | None, out: Path) -> None:
    """Write the statements ("Nachweis über Leistungen der Nachbarschaftshilfe") of a
    month, or a year's summary per volunteer, into the folder OUT."""
    session = db.session
    kommune = Kommune.by_name(session, kommune_name)
    if kommune is None:
        raise Failure(T.KOMMUNE_UNKNOWN(name=kommune_name))
    if (month is None) == (year is None):
        raise Failure(str(T.STATEMENTS_MONTH_OR_YEAR))
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError:
        raise Failure(T.STATEMENTS_FOLDER(path=str(out))) from None
    written: list[Path] = []
    if year is not None:
        rows = st.volunteer_years(session, kommune, year)
        path = out / f"stunden-{year}.csv"
        path.write_text(st.volunteer_years_csv(rows, year), encoding="utf-8-sig")
        written.append(path)
        detail: dict[str, object] = {"year": str(year), "via": "cli"}
    else:
        try:
            first = st.parse_month(month or "")
        except ValueError:
            raise Failure(T.STATEMENTS_MONTH(value=month)) from None
        found = st.for_month(session, kommune, first)
        for statement in found:
            path = out / statement.filename
            path.write_bytes(st.statements_pdf([statement]))
            written.append(path)
        path = out / f"nachweise-{first:%Y-%m}.csv"
        path.write_text(st.statements_csv(found), encoding="utf-8-sig")
        written.append(path)
        detail = {"month": f"{first:%Y-%m}", "clients": len(found), "via": "cli"}
    session.add(
        AuditEntry(
            kommune_id=kommune.id,
            action="export",
            subject_type="statement",
            detail=detail,
        )
    )
    session.commit()
    for path in written:
        click.echo(str(path))
    click.echo(T.STATEMENTS_WRITTEN(n=len(written), path=str(out)))
