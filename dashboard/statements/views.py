"""Statements ("Nachweise"): a month's clients with their statement as PDF and CSV, all
of them at once, and the year's hours and allowances per volunteer."""

from __future__ import annotations

from datetime import date, timedelta

from flask import abort, render_template, request
from werkzeug.wrappers import Response

from dispatch import statements as st
from models import BERLIN, db, utcnow
from prompts import dashboard as T

from ..scope import audit, kommune, person_of_kommune


def _this_month() -> date:
    return utcnow().astimezone(BERLIN).date().replace(day=1)


#: How many months back the month list reaches.
MONTHS_SHOWN = 24


def _months(chosen: date) -> list[tuple[str, str]]:
    """The months to choose from (value, German name), newest first, with ``chosen``."""
    month, found = _this_month(), []
    for _ in range(MONTHS_SHOWN):
        found.append(month)
        month = (month - timedelta(days=1)).replace(day=1)
    if chosen not in found:
        found = sorted([*found, chosen], reverse=True)
    return [(f"{m:%Y-%m}", st.month_name(m)) for m in found]


def _month(text: str) -> date:
    try:
        return st.parse_month(text)
    except ValueError:
        abort(404)


def _file(body: bytes | str, filename: str, mimetype: str) -> Response:
    if isinstance(body, str):
        body = "\ufeff" + body  # BOM: spreadsheet programs then read the umlauts right
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def index() -> str:
    """The month chosen (``?monat=2026-12``, default this month): its clients, and the
    year's hours per volunteer."""
    raw = request.args.get("monat", "")
    error = ""
    try:
        month = st.parse_month(raw) if raw else _this_month()
    except ValueError:
        month, error = _this_month(), str(T.MONTH_INVALID)
    place = kommune()
    found = st.for_month(db.session, place, month)
    years = st.volunteer_years(db.session, place, month.year)
    audit("view", "statement", month=f"{month:%Y-%m}", clients=len(found))
    db.session.commit()
    return render_template(
        "dashboard/statements.html",
        month=month,
        month_key=f"{month:%Y-%m}",
        months=_months(month),
        month_name=st.month_name(month),
        statements=found,
        years=years,
        kommune=place,
        error=error,
        money=st.money,
        hours=st.hours,
    )


def month_file(month: str, fmt: str) -> Response:
    """All statements of the month: one PDF (a page per client) or one CSV."""
    first = _month(month)
    found = st.for_month(db.session, kommune(), first)
    audit("export", "statement", month=f"{first:%Y-%m}", format=fmt, clients=len(found))
    db.session.commit()
    if fmt == "pdf":
        return _file(st.statements_pdf(found), f"nachweise-{month}.pdf", "application/pdf")
    return _file(st.statements_csv(found), f"nachweise-{month}.csv", "text/csv")


def client_file(month: str, person_id: int, fmt: str) -> Response:
    """One client's statement of the month."""
    first = _month(month)
    client = person_of_kommune(person_id)
    if client is None:
        abort(404)
    statement = st.for_client(db.session, kommune(), client, first)
    if statement is None:
        abort(404)
    audit("export", "statement", person_id=client.id, month=f"{first:%Y-%m}", format=fmt)
    db.session.commit()
    if fmt == "pdf":
        return _file(st.statements_pdf([statement]), statement.filename, "application/pdf")
    name = statement.filename.removesuffix(".pdf") + ".csv"
    return _file(st.statements_csv([statement]), name, "text/csv")


def year_file(year: int) -> Response:
    """The year's hours and allowances per volunteer (CSV)."""
    if not 2000 <= year <= 2100:
        abort(404)
    rows = st.volunteer_years(db.session, kommune(), year)
    audit("export", "statement", year=str(year), format="csv")
    db.session.commit()
    return _file(st.volunteer_years_csv(rows, year), f"stunden-{year}.csv", "text/csv")
