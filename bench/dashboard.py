"""bench/dashboard: server time of the busiest dashboard pages with 100,000 calls and
20,000 requests loaded — the call log's first page, a request's page and the figures —
beside the app's bare page (``/healthz``: one ``SELECT 1``) in the same run.

The app runs under gunicorn (SQLite by default, ``--postgres`` for PostgreSQL); a logged-in
staff member's session asks each page. Server time is the app's ``Server-Timing`` header;
wall time is what the client waited (loopback). Goal (issue 4): each page under 200 ms.
"""

from __future__ import annotations

import os
import random
import re
import time
from datetime import timedelta
from pathlib import Path

import requests

from bench.common import analyze_if_postgres, environ, gunicorn, percentile, summary, table, workdir

CALLS = 100_000
REQUESTS = 20_000
CLIENTS = 3_000
VOLUNTEERS = 600
DISTRICTS = ["Nord", "Süd", "Ost", "West", "Mitte", "Altstadt", "Neustadt", "Heide"]
STEPS = ["incoming", "main", "when", "describe", "confirm"]
EMAIL = "bench@benchstadt.example"
PASSWORD = "bench-passwort-lang-genug"


def _chunks(rows: list[dict[str, object]], size: int = 5_000):  # type: ignore[no-untyped-def]
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _seed(quick: bool) -> list[int]:
    """The data set, written with bulk inserts; returns some request ids to look at."""
    from sqlalchemy import insert, select

    from models import (
        Call,
        CallEvent,
        Flag,
        HelpRequest,
        HotlineNumber,
        Kommune,
        Message,
        Offer,
        Person,
        Recording,
        RequestEvent,
        StaffUser,
        VolunteerCategory,
        db,
        utcnow,
    )
    from models.base import BERLIN

    session = db.session
    rng = random.Random(4)
    n_calls = CALLS // 10 if quick else CALLS
    n_requests = REQUESTS // 10 if quick else REQUESTS
    kommune = Kommune(name="Benchstadt", state="NW")
    kommune.numbers = [HotlineNumber(number="+493023125000")]
    session.add(kommune)
    session.flush()
    staff = StaffUser(email=EMAIL, name="Bench", role="admin", kommune_id=kommune.id)
    staff.set_password(PASSWORD)
    session.add(staff)
    session.commit()
    kid = kommune.id

    def person(i: int, volunteer: bool) -> dict[str, object]:
        return {
            "kommune_id": kid,
            "name": f"{'Helfer' if volunteer else 'Klientin'} {i}",
            "phone": f"+49152{30000000 + i:08d}" if volunteer else f"+4930{40000000 + i:08d}",
            "line_type": "mobile" if volunteer else "landline",
            "district": rng.choice(DISTRICTS),
            "languages": ["de"],
            "is_client": not volunteer,
            "is_volunteer": volunteer,
            "status": "active" if volunteer else None,
            "salutation": "",
            "address": f"Musterweg {i}",
            "notes": "",
            "consent_note": "",
            "status_reason": "",
            "recognition_note": "",
        }

    session.execute(
        insert(Person),
        [person(i, False) for i in range(CLIENTS)] + [person(i, True) for i in range(VOLUNTEERS)],
    )
    clients = list(session.scalars(select(Person.id).where(Person.is_client)))
    volunteers = list(session.scalars(select(Person.id).where(Person.is_volunteer)))
    session.execute(
        insert(VolunteerCategory), [{"person_id": v, "category": "shopping"} for v in volunteers]
    )

    now = utcnow()
    request_rows = []
    for i in range(n_requests):
        created = now - timedelta(minutes=rng.randint(10, 365 * 24 * 60))
        status = rng.choices(
            ["done", "cancelled", "unmatched", "assigned", "searching", "review"],
            [70, 10, 5, 5, 5, 5],
        )[0]
        matched = status in ("done", "assigned")
        day = created.astimezone(BERLIN).date()
        request_rows.append(
            {
                "kommune_id": kid,
                "ref": str(100000 + i),
                "client_id": None if status == "review" else rng.choice(clients),
                "category": rng.choice(["shopping", "dog_walking", "phone_chat", "other"]),
                "when": "today",
                "needed_from": day,
                "needed_until": day,
                "description": "Brot und Milch vom Bäcker",
                "district": rng.choice(DISTRICTS),
                "status": status,
                "channel": "call",
                "volunteer_id": rng.choice(volunteers) if matched else None,
                "assigned_at": created + timedelta(minutes=rng.randint(2, 90)) if matched else None,
                "done_at": created + timedelta(hours=5) if status == "done" else None,
                "round": 1,
                "created_at": created,
                "updated_at": created,
            }
        )
    for chunk in _chunks(request_rows):
        session.execute(insert(HelpRequest), chunk)
    requests_ = session.execute(
        select(HelpRequest.id, HelpRequest.created_at, HelpRequest.volunteer_id)
    ).all()
    flagged = session.execute(
        select(HelpRequest.id, HelpRequest.created_at, HelpRequest.status).where(
            HelpRequest.status.in_(("review", "unmatched"))
        )
    ).all()
    for chunk in _chunks(
        [
            {
                "kommune_id": kid,
                "request_id": request_id,
                "reason": status,
                "note": "",
                "raised_at": created,
                "raised_by": "system",
                "resolution": "",
            }
            for request_id, created, status in flagged
        ]
    ):
        session.execute(insert(Flag), chunk)
    events, offers, messages = [], [], []
    for request_id, created, volunteer_id in requests_:
        events.append(
            {
                "request_id": request_id,
                "at": created,
                "kind": "created",
                "actor": "client",
                "detail": {"channel": "call"},
            }
        )
        events.append(
            {
                "request_id": request_id,
                "at": created,
                "kind": "round",
                "actor": "system",
                "detail": {"round": 1, "asked": 2},
            }
        )
        asked = [volunteer_id] if volunteer_id else []
        asked += rng.sample(
            [v for v in rng.sample(volunteers, 3) if v != volunteer_id], 2 - len(asked)
        )
        for n, vid in enumerate(asked):
            accepted = n == 0 and volunteer_id is not None
            offers.append(
                {
                    "request_id": request_id,
                    "volunteer_id": vid,
                    "round": 1,
                    "channel": "sms",
                    "status": "accepted"
                    if accepted
                    else rng.choice(["declined", "expired", "taken"]),
                    "created_at": created,
                    "sent_at": created,
                }
            )
            messages.append(
                {
                    "kommune_id": kid,
                    "direction": "outbound",
                    "from_number": "+493023125000",
                    "to_number": "+4915230000001",
                    "body": "Nachbarruf: Wer hilft?",
                    "request_id": request_id,
                    "purpose": "offer",
                    "status": "delivered",
                    "created_at": created,
                }
            )
        if volunteer_id:
            events.append(
                {
                    "request_id": request_id,
                    "at": created,
                    "kind": "accepted",
                    "actor": f"volunteer:{volunteer_id}",
                    "detail": {},
                }
            )
    for table_, rows in ((RequestEvent, events), (Offer, offers), (Message, messages)):
        for chunk in _chunks(rows):
            session.execute(insert(table_), chunk)
    request_ids = [r[0] for r in requests_]

    call_rows = []
    for i in range(n_calls):
        started = now - timedelta(seconds=rng.randint(60, 365 * 24 * 3600))
        inbound = rng.random() < 0.8
        call_rows.append(
            {
                "sid": f"CA{i:032d}",
                "kommune_id": kid,
                "direction": "inbound" if inbound else "outbound",
                "purpose": "hotline" if inbound else "offer",
                "from_number": f"+4930{40000000 + rng.randrange(CLIENTS):08d}",
                "to_number": "+493023125000",
                "person_id": rng.choice(clients) if rng.random() < 0.7 else None,
                "request_id": rng.choice(request_ids) if rng.random() < 0.2 else None,
                "status": "completed",
                "outcome": rng.choice(["request", "hangup", "voicemail", "staff"]),
                "needs_callback": rng.random() < 0.001,
                "started_at": started,
                "ended_at": started + timedelta(seconds=90),
                "duration": rng.randint(10, 300),
                "state": {},
                "last_step": "done",
                "language": "de",
                "attempt": 1,
            }
        )
    for chunk in _chunks(call_rows):
        session.execute(insert(Call), chunk)
    call_ids = session.execute(select(Call.id, Call.started_at, Call.direction)).all()
    call_events, recordings = [], []
    for call_id, started, direction in call_ids:
        if direction != "inbound":
            continue
        for seq, step in enumerate(STEPS):
            call_events.append(
                {
                    "call_id": call_id,
                    "seq": seq,
                    "step": step,
                    "digits": "1" if step in ("main", "when", "confirm") else None,
                    "speech": "Brot und Milch vom Bäcker" if step == "describe" else None,
                    "next_step": STEPS[seq + 1] if seq + 1 < len(STEPS) else "done",
                    "response": "<Response/>",
                    "at": started + timedelta(seconds=seq * 8),
                    "elapsed_ms": 3.0,
                }
            )
        if rng.random() < 0.05:
            recordings.append(
                {
                    "call_id": call_id,
                    "sid": f"RE{call_id:032d}",
                    "url": "https://api.twilio.com/x",
                    "purpose": "voicemail",
                    "duration": 20,
                    "created_at": started,
                }
            )
    for table_, rows in ((CallEvent, call_events), (Recording, recordings)):
        for chunk in _chunks(rows, 10_000):
            session.execute(insert(table_), chunk)
    session.commit()
    return rng.sample(request_ids, 50)


def _login(base: str) -> requests.Session:
    http = requests.Session()
    page = http.get(base + "/login", timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    if token is None:
        raise RuntimeError("no CSRF token on the login page")
    response = http.post(
        base + "/login",
        data={"email": EMAIL, "password": PASSWORD, "csrf_token": token.group(1)},
        allow_redirects=False,
        timeout=10,
    )
    if response.status_code != 302:
        raise RuntimeError(f"bench login failed: HTTP {response.status_code}")
    return http


def _measure(http: requests.Session, url: str, n: int) -> tuple[list[float], list[float]]:
    server, wall = [], []
    for i in range(n + 3):
        start = time.perf_counter()
        response = http.get(url, timeout=30)
        elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"{url}: HTTP {response.status_code}")
        if i < 3:
            continue  # warm-up: caches, connections
        timing = re.search(r"dur=([\d.]+)", response.headers.get("Server-Timing", ""))
        server.append(float(timing.group(1)) if timing else elapsed)
        wall.append(elapsed)
    return server, wall


def main(options: list[str]) -> int:
    quick = "--quick" in options
    use_postgres = "--postgres" in options
    n = 15 if quick else 60
    with workdir("dashboard") as tmp:
        db_url = f"sqlite:///{tmp / 'bench.sqlite3'}"
        if use_postgres:
            import psycopg

            with psycopg.connect(
                "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
            ) as conn:
                conn.execute("DROP DATABASE IF EXISTS nachbarruf_bench_dashboard")
                conn.execute("CREATE DATABASE nachbarruf_bench_dashboard")
            db_url = "postgresql://postgres@127.0.0.1:5432/nachbarruf_bench_dashboard"
        env = dict(os.environ)
        env.update(
            DATABASE_URL=db_url,
            SECRET_KEY="bench-dashboard",
            TELEPHONY="sandbox",
            NACHBARRUF_INSTANCE=str(tmp / "instance"),
            PYTHONUNBUFFERED="1",
            REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/13"),
        )
        with environ(env):
            from app import create_app
            from models import db, migrate

            app = create_app()
            started = time.perf_counter()
            with app.app_context():
                migrate.upgrade(db.engine)
                request_ids = _seed(quick)
                analyze_if_postgres(db.session)
            app.extensions["nachbarruf.db"].engine.dispose()
            seeded = time.perf_counter() - started

        with gunicorn(env, workers=2, log=Path(tmp) / "gunicorn.log") as base:
            http = _login(base)
            results = {
                "bare page /healthz (baseline)": _measure(http, base + "/healthz", n),
                "call log, first page": _measure(http, base + "/calls", n),
                "call log, filtered by outcome": _measure(
                    http, base + "/calls?outcome=voicemail", n
                ),
                "request page": ([], []),
                "figures (last 12 weeks)": _measure(http, base + "/figures", n),
                "today": _measure(http, base + "/", n),
            }
            for request_id in request_ids[: n // 3 + 1]:
                server, wall = _measure(http, f"{base}/requests/{request_id}", 3)
                results["request page"][0].extend(server)
                results["request page"][1].extend(wall)

    base_p95 = summary(results["bare page /healthz (baseline)"][0])["p95"]
    rows = []
    for name, (server, wall) in results.items():
        s, w = summary(server), summary(wall)
        goal = None if "baseline" in name else 200.0
        rows.append(
            {
                "page": name,
                "n": s["n"],
                "server p50 ms": s["p50"],
                "server p95 ms": s["p95"],
                "wall p95 ms": w["p95"],
                "p95 / bare": s["p95"] / base_p95 if base_p95 else float("nan"),
                "goal": f"< {goal:.0f} ms" if goal else "",
                "met": ("yes" if s["p95"] < goal else "NO") if goal else "",
            }
        )
    backend = "PostgreSQL" if use_postgres else "SQLite"
    scale = "quick: a tenth of the data" if quick else f"{CALLS:,} calls, {REQUESTS:,} requests"
    print(f"\nbench/dashboard ({backend}, gunicorn 2 workers, {scale}; seeded in {seeded:.0f} s)")
    print(
        table(
            rows,
            [
                "page",
                "n",
                "server p50 ms",
                "server p95 ms",
                "wall p95 ms",
                "p95 / bare",
                "goal",
                "met",
            ],
        )
    )
    print(f"p99 server, call log: {percentile(results['call log, first page'][0], 99):.1f} ms")
    return 0 if all(row["met"] != "NO" for row in rows) else 1
