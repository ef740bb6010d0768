"""What the line costs, per month and per matched request: outbound SMS and their segments,
and call minutes (inbound, outbound, and the second leg of calls connected through the
hotline), each call rounded up to whole minutes as the carrier bills it. Counted from what
is stored: the SMS body (:func:`prompts.text.segments`) and the call durations; beside it
what Twilio charged where it reported a price (``nachbarruf prices`` fetches them), and how
many SMS and calls have no price yet."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import BERLIN, Call, HelpRequest, Message
from prompts import dashboard as T
from prompts.text import segments

from .queries import Period

Table = tuple[list[str], list[list[object]]]

#: Outbound SMS statuses that were handed to the carrier (and so are billed).
BILLED = ("sent", "delivered", "undelivered")


def minutes(seconds: int | None) -> int:
    """Billed minutes of a call of ``seconds``: rounded up, 0 when it never connected."""
    return -(-int(seconds or 0) // 60)


def money(amounts: dict[str, Decimal]) -> str:
    """``{"USD": Decimal("1.2")}`` → "1,20 USD" (several currencies joined), "–" if none."""
    parts = [
        f"{amount:.2f}".replace(".", ",") + f" {unit}" for unit, amount in sorted(amounts.items())
    ]
    return " + ".join(parts) or "–"


def _month(at: datetime) -> date:
    local = at.astimezone(BERLIN)
    return date(local.year, local.month, 1)


def _months(period: Period) -> list[date]:
    out, month = [], date(period.start.year, period.start.month, 1)
    while month <= period.end:
        out.append(month)
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return out


def compute(session: Session, kommune_id: int, period: Period) -> dict[str, Table]:
    """``costs``: one row per Berlin month of the period; ``costs_requests``: one row per
    matched request with SMS or calls in the period."""
    start, end = period.bounds
    sms = session.execute(
        select(
            Message.created_at,
            Message.body,
            Message.request_id,
            Message.price,
            Message.price_unit,
        ).where(
            Message.kommune_id == kommune_id,
            Message.direction == "outbound",
            Message.status.in_(BILLED),
            Message.created_at >= start,
            Message.created_at < end,
        )
    ).all()
    calls = session.execute(
        select(
            Call.started_at,
            Call.direction,
            Call.duration,
            Call.bridged_seconds,
            Call.request_id,
            Call.price,
            Call.price_unit,
        ).where(
            Call.kommune_id == kommune_id,
            Call.started_at >= start,
            Call.started_at < end,
            Call.duration > 0,
        )
    ).all()
    month_counts: Counter[tuple[date, str]] = Counter()
    request_counts: Counter[tuple[int, str]] = Counter()
    month_prices: dict[date, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    request_prices: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))

    def priced(at: datetime, request_id: int | None, price: object, unit: str | None) -> None:
        if price is None:
            month_counts[_month(at), "unpriced"] += 1
            return
        month_prices[_month(at)][unit or "USD"] += Decimal(str(price))
        if request_id is not None:
            request_prices[request_id][unit or "USD"] += Decimal(str(price))

    for at, body, request_id, price, unit in sms:
        priced(at, request_id, price, unit)
        parts = segments(body or "")
        month_counts[_month(at), "sms"] += 1
        month_counts[_month(at), "parts"] += parts
        if request_id is not None:
            request_counts[request_id, "sms"] += 1
            request_counts[request_id, "parts"] += parts
    for at, direction, seconds, bridged, request_id, price, unit in calls:
        priced(at, request_id, price, unit)
        billed = minutes(seconds)
        month_counts[_month(at), "calls"] += 1
        month_counts[_month(at), direction] += billed
        month_counts[_month(at), "bridged"] += minutes(bridged)
        if request_id is not None:
            request_counts[request_id, "calls"] += 1
            request_counts[request_id, "minutes"] += billed + minutes(bridged)
    monthly = [
        [
            f"{m.month:02d}.{m.year}",
            month_counts[m, "sms"],
            month_counts[m, "parts"],
            month_counts[m, "calls"],
            month_counts[m, "inbound"],
            month_counts[m, "outbound"],
            month_counts[m, "bridged"],
            money(month_prices.get(m, {})),
            month_counts[m, "unpriced"],
        ]
        for m in _months(period)
    ]
    ids = {request_id for request_id, _ in request_counts}
    matched = (
        session.execute(
            select(HelpRequest.id, HelpRequest.ref)
            .where(
                HelpRequest.id.in_(ids),
                HelpRequest.kommune_id == kommune_id,
                HelpRequest.volunteer_id.is_not(None),
            )
            .order_by(HelpRequest.id)
        ).all()
        if ids
        else []
    )
    per_request = [
        [
            ref,
            request_counts[rid, "sms"],
            request_counts[rid, "parts"],
            request_counts[rid, "calls"],
            request_counts[rid, "minutes"],
            money(request_prices.get(rid, {})),
        ]
        for rid, ref in matched
    ]
    return {
        "costs": ([str(h) for h in T.FIG_COSTS_COLUMNS], monthly),
        "costs_requests": ([str(h) for h in T.FIG_COSTS_REQUEST_COLUMNS], per_request),
    }
