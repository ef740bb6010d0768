"""Monthly statements and yearly summaries from the requests done.

Per client and month a "Nachweis über Leistungen der Nachbarschaftshilfe": each request done
that (local) month with its day, helper, what was done and the time spent, the Kommune's
allowance per hour and the total, and lines for the signatures — as a PDF (fpdf2) and as
CSV (German spreadsheet style: ``;`` and decimal commas). Per volunteer and year the hours
and allowances (for the Ehrenamts- or Übungsleiterpauschale).

Only requests marked done count; one done without a time is listed with "–" and not
counted (the statement says how many).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from fpdf import FPDF
from slugify import slugify
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models import BERLIN, HelpRequest, Kommune, Person, RequestStatus
from prompts import dashboard as D
from prompts import statements as T

LOCALE = "de_DE"
#: How much of a request's description a statement line shows.
WHAT_CHARS = 120


def parse_month(text: str) -> date:
    """ "2026-12" → 1 December 2026 (ValueError otherwise)."""
    match = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", text or "")
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"not a month like 2026-12: {text!r}")
    return date(int(match.group(1)), int(match.group(2)), 1)


def month_name(month: date) -> str:
    """ "Dezember 2026" """
    return format_date(month, "MMMM yyyy", locale=LOCALE)


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _utc(day: date) -> datetime:
    """Local midnight at the start of ``day``, in UTC."""
    return datetime.combine(day, time(), BERLIN).astimezone(UTC)


#: The highest allowance per hour a Kommune may set, in cents.
MAX_ALLOWANCE_CENTS = 100_00


def parse_euros(text: str) -> int:
    """An allowance as staff write it ("5", "5,50", "5.5 €", "" = none) → cents
    (ValueError for anything else, or more than :data:`MAX_ALLOWANCE_CENTS`)."""
    cleaned = (text or "").replace("€", "").replace("EUR", "").strip()
    if not cleaned:
        return 0
    match = re.fullmatch(r"(\d{1,3})(?:[.,](\d{1,2}))?", cleaned)
    if not match:
        raise ValueError(f"not an amount in euros: {text!r}")
    cents = int(match.group(1)) * 100 + int((match.group(2) or "0").ljust(2, "0"))
    if cents > MAX_ALLOWANCE_CENTS:
        raise ValueError(f"more than {MAX_ALLOWANCE_CENTS} cents: {text!r}")
    return cents


def money(cents: int) -> str:
    """12,50 €"""
    return format_currency(cents / 100, "EUR", locale=LOCALE)


def hours(minutes: int) -> str:
    """Minutes as hours with a comma: 90 → "1,5"; always two places would be noise."""
    return format_decimal(minutes / 60, format="0.##", locale=LOCALE)


def allowance(minutes: int, cents_per_hour: int) -> int:
    """The allowance for ``minutes`` at ``cents_per_hour``, in whole cents."""
    return round(minutes * cents_per_hour / 60)


@dataclass(frozen=True)
class Line:
    """One request done, as a statement lists it."""

    day: date
    ref: str
    helper: str
    what: str
    minutes: int | None


@dataclass
class Statement:
    """One client's month."""

    kommune: Kommune
    client: Person
    month: date
    lines: list[Line] = field(default_factory=list)

    @property
    def helpers(self) -> list[str]:
        return list(dict.fromkeys(line.helper for line in self.lines))

    @property
    def minutes(self) -> int:
        return sum(line.minutes or 0 for line in self.lines)

    @property
    def missing(self) -> int:
        """Lines without a time."""
        return sum(1 for line in self.lines if line.minutes is None)

    @property
    def rate_cents(self) -> int:
        return self.kommune.allowance_cents

    @property
    def total_cents(self) -> int:
        return allowance(self.minutes, self.rate_cents)

    @property
    def month_name(self) -> str:
        return month_name(self.month)

    @property
    def filename(self) -> str:
        """A file name for the PDF: month, client id and name in plain letters."""
        name = slugify(self.client.name, max_length=40) or "person"
        return f"nachweis-{self.month:%Y-%m}-{self.client.id}-{name}.pdf"


def _what(request: HelpRequest) -> str:
    category = D.label(D.CATEGORY, request.category)
    words = " ".join((request.description or "").split())
    if len(words) > WHAT_CHARS:
        words = words[: WHAT_CHARS - 1].rstrip() + "…"
    return f"{category}: {words}" if words else category


def _done_in(session: Session, kommune: Kommune, start: date, end: date) -> list[HelpRequest]:
    return list(
        session.scalars(
            select(HelpRequest)
            .where(
                HelpRequest.kommune_id == kommune.id,
                HelpRequest.status == RequestStatus.DONE,
                HelpRequest.done_at >= _utc(start),
                HelpRequest.done_at < _utc(end),
                HelpRequest.client_id.is_not(None),
                HelpRequest.volunteer_id.is_not(None),
            )
            .options(selectinload(HelpRequest.client), selectinload(HelpRequest.volunteer))
            .order_by(HelpRequest.done_at, HelpRequest.id)
        )
    )


def for_month(session: Session, kommune: Kommune, month: date) -> list[Statement]:
    """The statements of every client helped in ``month``, by name. Erased people are left
    out (their names are gone)."""
    statements: dict[int, Statement] = {}
    for request in _done_in(session, kommune, month, _next_month(month)):
        client, volunteer = request.client, request.volunteer
        if client is None or volunteer is None or client.erased_at is not None:
            continue
        statement = statements.setdefault(client.id, Statement(kommune, client, month))
        statement.lines.append(
            Line(
                day=request.done_at.astimezone(BERLIN).date(),  # type: ignore[union-attr]
                ref=request.ref,
                helper=volunteer.name if volunteer.erased_at is None else str(D.ERASED_PERSON),
                what=_what(request),
                minutes=request.minutes_spent,
            )
        )
    return sorted(statements.values(), key=lambda s: (s.client.name.casefold(), s.client.id))


def for_client(session: Session, kommune: Kommune, client: Person, month: date) -> Statement | None:
    """One client's statement for ``month`` (None: nothing done for them that month)."""
    return next((s for s in for_month(session, kommune, month) if s.client.id == client.id), None)


# --- CSV -------------------------------------------------------------------------------------------


def _cell(value: object) -> str:
    """A CSV cell that spreadsheet programs do not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv(header: list[str], rows: list[list[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[_cell(v) for v in row] for row in rows])
    return out.getvalue()


def _decimal(cents: int) -> str:
    return format_decimal(cents / 100, format="0.00", locale=LOCALE)


def statements_csv(statements: list[Statement]) -> str:
    """One row per request done, for one statement or all of a month."""
    header = [
        str(T.CLIENT),
        str(T.ADDRESS),
        str(T.REF),
        str(T.DAY),
        str(T.HELPER),
        str(T.WHAT),
        str(T.HOURS),
        f"{T.RATE} (EUR)",
        f"{T.AMOUNT} (EUR)",
    ]
    rows: list[list[object]] = []
    for s in statements:
        for line in s.lines:
            rows.append(
                [
                    s.client.name,
                    s.client.address,
                    line.ref,
                    line.day.strftime("%d.%m.%Y"),
                    line.helper,
                    line.what,
                    hours(line.minutes) if line.minutes is not None else "",
                    _decimal(s.rate_cents),
                    _decimal(allowance(line.minutes or 0, s.rate_cents)),
                ]
            )
    return _csv(header, rows)


# --- PDF -------------------------------------------------------------------------------------------


def _plain(text: str) -> str:
    """``text`` in the PDF's core-font alphabet (Windows-1252: German letters, €, –): other
    letters lose their accents ("Ş" → "S"), anything else becomes "?"."""
    out = []
    for ch in text:
        try:
            ch.encode("cp1252")
            out.append(ch)
        except UnicodeEncodeError:
            base = "".join(
                c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)
            )
            try:
                base.encode("cp1252")
                out.append(base or "?")
            except UnicodeEncodeError:
                out.append("?")
    return "".join(out)


class _Document(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.cell(0, 5, _plain(T.PAGE(page=self.page_no())), align="C")


def _new_pdf() -> _Document:
    pdf = _Document(format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_margins(18, 18, 18)
    return pdf


def _write(pdf: FPDF, text: str, size: float = 10, style: str = "", height: float = 5.5) -> None:
    pdf.set_font("Helvetica", style=style, size=size)
    pdf.multi_cell(0, height, _plain(text), new_x="LMARGIN", new_y="NEXT")


def _add_statement(pdf: _Document, s: Statement) -> None:
    pdf.add_page()
    _write(pdf, str(T.TITLE), size=15, style="B", height=8)
    _write(pdf, T.MONTH(month=s.month_name), size=11)
    _write(pdf, T.ISSUED_BY(kommune=s.kommune.name), size=9)
    pdf.ln(3)
    _write(pdf, f"{T.CLIENT}: {s.client.name}", style="B")
    if s.client.address:
        _write(pdf, s.client.address)
    _write(pdf, f"{T.HELPERS}: {', '.join(s.helpers)}")
    pdf.ln(3)
    pdf.set_font("Helvetica", size=9)
    widths = (22, 18, 40, 76, 18)
    with pdf.table(
        col_widths=widths, text_align=("LEFT", "LEFT", "LEFT", "LEFT", "RIGHT")
    ) as table:
        table.row([_plain(str(x)) for x in (T.DAY, T.REF, T.HELPER, T.WHAT, T.HOURS)])
        for line in s.lines:
            table.row(
                [
                    line.day.strftime("%d.%m.%Y"),
                    line.ref,
                    _plain(line.helper),
                    _plain(line.what),
                    hours(line.minutes) if line.minutes is not None else "–",
                ]
            )
    pdf.ln(3)
    _write(pdf, f"{T.TOTAL_HOURS}: {hours(s.minutes)}", style="B")
    if s.rate_cents:
        _write(pdf, f"{T.RATE}: {money(s.rate_cents)}")
        _write(pdf, f"{T.TOTAL_AMOUNT}: {money(s.total_cents)}", style="B")
    else:
        _write(pdf, str(T.NO_RATE))
    if s.missing:
        _write(pdf, T.MISSING(n=s.missing), size=9)
    pdf.ln(16)
    for label in (str(T.SIGN_CLIENT), *(T.SIGN_HELPER(name=name) for name in s.helpers)):
        y = pdf.get_y()
        pdf.line(pdf.l_margin, y, pdf.l_margin + 110, y)
        pdf.ln(1)
        _write(pdf, label, size=8)
        pdf.ln(12)


def statements_pdf(statements: list[Statement]) -> bytes:
    """A PDF with one page (or more) per statement."""
    pdf = _new_pdf()
    for s in statements:
        _add_statement(pdf, s)
    return bytes(pdf.output())


# --- the year per volunteer -----------------------------------------------------------------------


@dataclass(frozen=True)
class VolunteerYear:
    volunteer: Person
    minutes: int
    requests: int
    cents: int


def volunteer_years(session: Session, kommune: Kommune, year: int) -> list[VolunteerYear]:
    """Each volunteer's hours and allowance in ``year`` (local), by name; requests without
    a time count as requests, not as hours."""
    totals: dict[int, list] = {}
    for request in _done_in(session, kommune, date(year, 1, 1), date(year + 1, 1, 1)):
        volunteer = request.volunteer
        if volunteer is None:
            continue
        total = totals.setdefault(volunteer.id, [volunteer, 0, 0])
        total[1] += request.minutes_spent or 0
        total[2] += 1
    rows = [
        VolunteerYear(v, minutes, n, allowance(minutes, kommune.allowance_cents))
        for v, minutes, n in totals.values()
        if v.erased_at is None
    ]
    return sorted(rows, key=lambda r: (r.volunteer.name.casefold(), r.volunteer.id))


def volunteer_years_csv(rows: list[VolunteerYear], year: int) -> str:
    header = [
        str(T.VOLUNTEER),
        str(T.REQUESTS),
        str(T.HOURS),
        f"{T.TOTAL_AMOUNT} (EUR)",
    ]
    return _csv(
        header,
        [[r.volunteer.name, r.requests, hours(r.minutes), _decimal(r.cents)] for r in rows],
    )
