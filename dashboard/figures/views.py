"""Figures for planning: charts and CSV exports for a period."""

from __future__ import annotations

import csv
import io

from flask import abort, render_template, request
from werkzeug.wrappers import Response

from models import BERLIN, db, utcnow
from prompts import dashboard as T
from prompts.settings import language_name

from ..formatting import csv_safe
from ..scope import kommune_id
from . import charts, costs, lasting, supply
from .forms import FiguresFilter
from .queries import TABLES, Figures, Period, compute, table, week_label


def _period() -> tuple[FiguresFilter, Period]:
    form = FiguresFilter(request.args)
    period = Period.default(utcnow().astimezone(BERLIN).date())
    if form.validate():
        start = form.start.data or period.start
        end = form.end.data or period.end
        if end < start:
            form.end.errors = [str(T.DATE_RANGE)]
        else:
            period = Period(start, end)
    return form, period


def _charts(figures: Figures) -> dict[str, object]:
    weeks = [week_label(w) for w, _ in figures.by_week]
    return {
        "category": charts.bars(
            [(T.label(T.CATEGORY, c), n) for c, n in figures.by_category], str(T.FIG_CATEGORY)
        ),
        "district": charts.bars(figures.by_district[:25], str(T.FIG_DISTRICT)),
        "language": charts.bars(
            [(language_name(code), n) for code, n in figures.by_language], str(T.FIG_LANGUAGE)
        ),
        "week": charts.columns(
            weeks, [(str(T.COL_REQUESTS), [n for _, n in figures.by_week])], str(T.FIG_WEEK)
        ),
        "matched": charts.columns(
            weeks,
            [(str(T.COL_SHARE), [100 * m / d if d else None for _, d, m, _ in figures.matching])],
            str(T.FIG_MATCHED),
        ),
        "median": charts.columns(
            weeks,
            [(str(T.COL_MEDIAN), [median for *_, median in figures.matching])],
            str(T.FIG_MEDIAN),
            decimals=1,
        ),
        "unmet": charts.bars([(d, n) for d, n, _ in figures.unmet[:25]], str(T.FIG_UNMET)),
        "activity": charts.columns(
            weeks,
            [
                (str(T.COL_OFFERS), [a[1] for a in figures.activity]),
                (str(T.COL_ACCEPTED), [a[2] for a in figures.activity]),
            ],
            str(T.FIG_ACTIVITY),
        ),
    }


def _supply_chart(found: supply.Supply) -> object:
    rows = found.districts[:20]
    return charts.columns(
        [r[0] for r in rows],
        [
            (str(T.COL_OFFERS_ACTIVE), [r[1] for r in rows]),
            (str(T.COL_INFO_SEARCHES), [r[2] for r in rows]),
            (str(T.COL_REQUESTS_FROM), [r[3] for r in rows]),
        ],
        str(T.FIG_SUPPLY),
    )


def index() -> str:
    form, period = _period()
    figures = compute(db.session, kommune_id(), period)
    supplied = supply.compute(db.session, kommune_id(), period)
    query = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    tables = {name: table(figures, name) for name in TABLES}
    tables.update(supply.tables(supplied))
    tables.update(lasting.compute(db.session, kommune_id(), period))
    tables.update(costs.compute(db.session, kommune_id(), period))
    chart_set = _charts(figures)
    chart_set["supply"] = _supply_chart(supplied)
    return render_template(
        "dashboard/figures.html",
        form=form,
        figures=figures,
        charts=chart_set,
        tables=tables,
        query=query,
    )


def csv_export(name: str) -> Response:
    _, period = _period()
    if name in ("costs", "costs_requests"):
        found = costs.compute(db.session, kommune_id(), period)[name]
    elif name == "lasting":
        found = lasting.compute(db.session, kommune_id(), period)[name]
    elif name in ("supply", "supply_topics"):
        found = supply.tables(supply.compute(db.session, kommune_id(), period))[name]
    else:
        found = table(compute(db.session, kommune_id(), period), name)
    if found is None:
        abort(404)
    header, rows = found
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(header)
    writer.writerows([[csv_safe(cell) for cell in row] for row in rows])
    filename = f"nachbarruf-{name}-{period.start.isoformat()}-{period.end.isoformat()}.csv"
    return Response(
        "\ufeff" + out.getvalue(),  # BOM: spreadsheet programs then read the umlauts right
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
