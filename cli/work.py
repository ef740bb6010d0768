"""``nachbarruf worker``."""

from __future__ import annotations

from datetime import timedelta

import click
from flask import current_app
from flask.cli import with_appcontext
from redis.exceptions import RedisError

from jobs import jobs
from jobs.worker import run
from models import db, utcnow
from prompts import cli as T


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@with_appcontext
def worker(burst: bool) -> None:
    """Run background jobs (RQ with its scheduler) and the sweeper."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    try:
        jobs(app).redis.ping()
    except (RedisError, OSError) as exc:
        raise click.ClickException(T.WORKER_NO_REDIS(url=app.config["REDIS_URL"])) from exc
    run(app, burst=burst)


@click.command("prices")
@click.option("--days", type=int, default=40, help="How far back (days).")
@with_appcontext
def prices(days: int) -> None:
    """Fetch from Twilio what it charged for the SMS and calls of the last DAYS days whose
    price is not known yet (for "Was die Leitung kostet" in Zahlen). Run it nightly."""
    from dispatch.delivery import fetch_prices

    stored = fetch_prices(db.session, utcnow() - timedelta(days=days))
    click.echo(T.PRICES_FETCHED(count=stored))
