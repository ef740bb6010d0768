"""bench/dispatch: from a committed request to the first offer at the Twilio API, and
matching among 10,000 volunteers — beside one bare RQ no-op job in the same run.

A worker process (``nachbarruf worker``) runs on a private redis-server; the real twilio
client talks to the fake Twilio REST server of the tests on loopback. Goals (issue 3):
p95 from commit to first offer under 1 s; matching under 50 ms.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import time
from pathlib import Path

from bench.common import (
    BIN,
    ROOT,
    analyze_if_postgres,
    environ,
    free_port,
    percentile,
    summary,
    table,
    workdir,
)

VOLUNTEERS = 10_000
REQUESTS = 200
DISTRICTS = ["Nord", "Süd", "Ost", "West", "Mitte", "Altstadt", "Neustadt", "Heide"]


def noop() -> None:
    """The baseline job: does nothing."""


def _start_redis(tmp: Path) -> tuple[subprocess.Popen[bytes] | None, str]:
    binary = shutil.which("redis-server")
    if binary is None:
        return None, os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14")
    port = free_port()
    proc = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(0.3)
    return proc, f"redis://127.0.0.1:{port}/0"


def _seed(app: object) -> tuple[int, int]:
    """A Kommune, one client and VOLUNTEERS volunteers (synthetic numbers that only ever
    reach the fake Twilio on loopback)."""
    from sqlalchemy import insert, select

    from models import HotlineNumber, Kommune, Person, VolunteerCategory, db

    session = db.session
    kommune = Kommune(name="Benchstadt", state="NW")
    kommune.numbers = [HotlineNumber(number="+493023125000")]
    client = Person(
        kommune=kommune,
        name="Erika Musterfrau",
        phone="+493023125101",
        line_type="landline",
        is_client=True,
        district="Nord",
    )
    session.add_all([kommune, client])
    session.commit()
    rng = random.Random(7)
    rows = [
        {
            "kommune_id": kommune.id,
            "name": f"Helfer {i}",
            "phone": f"+49152{20000000 + i:08d}",
            "line_type": "mobile",
            "district": rng.choice(DISTRICTS),
            "languages": ["de"],
            "is_client": False,
            "is_volunteer": True,
            "status": rng.choice(["active"] * 8 + ["paused", "pending"]),
            "available_days": rng.choice([0b1111111, 0b0011111, 0b1100000]),
            "max_open_tasks": rng.choice([1, 2, 3]),
            "salutation": "",
            "address": "",
            "notes": "",
            "consent_note": "",
            "status_reason": "",
            "recognition_note": "",
            "available_from": 8,
            "available_until": 20,
        }
        for i in range(VOLUNTEERS)
    ]
    session.execute(insert(Person), rows)
    ids = list(session.scalars(select(Person.id).where(Person.is_volunteer)))
    categories = ["shopping", "dog_walking", "phone_chat", "other"]
    session.execute(
        insert(VolunteerCategory),
        [
            {"person_id": pid, "category": c}
            for pid in ids
            for c in rng.sample(categories, rng.randint(1, 3))
        ],
    )
    session.commit()
    analyze_if_postgres(session, "people", "volunteer_categories")  # offers etc. grow later
    return kommune.id, client.id


def _noop_latencies(app: object, n: int) -> list[float]:
    from jobs import jobs

    queue = jobs(app).queue()  # the queue the worker listens on
    out = []
    for _ in range(n):
        start = time.perf_counter()
        job = queue.enqueue(noop)
        while job.get_status(refresh=True) != "finished":
            time.sleep(0.001)
        out.append((time.perf_counter() - start) * 1000)
    return out


def main(options: list[str]) -> int:
    import logging

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the fake Twilio's request log
    quick = "--quick" in options
    use_postgres = "--postgres" in options
    n_requests = 40 if quick else REQUESTS
    from tests.fake_twilio import ACCOUNT, TOKEN, FakeTwilio

    with workdir("dispatch") as tmp:
        redis_proc, redis_url = _start_redis(tmp)
        fake = FakeTwilio().start()
        db_url = f"sqlite:///{tmp / 'bench.sqlite3'}"
        if use_postgres:
            import psycopg

            with psycopg.connect(
                "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
            ) as conn:
                conn.execute("DROP DATABASE IF EXISTS nachbarruf_bench")
                conn.execute("CREATE DATABASE nachbarruf_bench")
            db_url = "postgresql://postgres@127.0.0.1:5432/nachbarruf_bench"
        env = dict(os.environ)
        env.update(
            DATABASE_URL=db_url,
            REDIS_URL=redis_url,
            SECRET_KEY="bench",
            TELEPHONY="twilio",
            TWILIO_ACCOUNT_SID=ACCOUNT,
            TWILIO_AUTH_TOKEN=TOKEN,
            TWILIO_API_BASE=fake.url,
            PUBLIC_BASE_URL="https://hotline.example.org",
            NACHBARRUF_INSTANCE=str(tmp / "instance"),
            SWEEP_SECONDS="30",
            CONTACT_HOURS="0-24",
            PYTHONPATH=str(ROOT),
        )
        with environ(env):
            from app import create_app
            from dispatch import intake
            from dispatch.matching import candidates
            from models import HelpRequest, Kommune, Person, db, migrate

            app = create_app()
            worker = None
            try:
                with app.app_context():
                    migrate.upgrade(db.engine)
                    kommune_id, client_id = _seed(app)
                log = open(tmp / "worker.log", "w")  # noqa: SIM115
                worker = subprocess.Popen(
                    [str(BIN / "nachbarruf"), "worker"],
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
                time.sleep(2)

                noop_ms = _noop_latencies(app, 50 if quick else 200)

                # matching among 10,000 volunteers
                matching_ms = []
                with app.app_context():
                    kommune = db.session.get(Kommune, kommune_id)
                    client = db.session.get(Person, client_id)
                    probe = HelpRequest(
                        kommune=kommune,
                        client=client,
                        kommune_id=kommune_id,
                        ref="0",
                        category="shopping",
                        when="tomorrow",
                        status="new",
                        district="Nord",
                    )
                    from models import utcnow
                    from models.request import window_for

                    probe.needed_from, probe.needed_until = window_for("tomorrow", utcnow())
                    for _ in range(30 if quick else 100):
                        start = time.perf_counter()
                        found = candidates(db.session, probe, limit=3)
                        matching_ms.append((time.perf_counter() - start) * 1000)
                        if len(found) != 3:
                            raise RuntimeError("matching found fewer than 3 candidates")
                    db.session.rollback()

                # commit → first offer at the (fake) Twilio API
                offer_ms = []
                with app.app_context():
                    kommune = db.session.get(Kommune, kommune_id)
                    client = db.session.get(Person, client_id)
                    for i in range(n_requests):
                        before = len(fake.messages)
                        request = intake.open_request(
                            db.session,
                            kommune=kommune,
                            client=client,
                            category=random.choice(["shopping", "other"]),
                            when="tomorrow",
                        )
                        ref = request.ref
                        db.session.commit()
                        committed = time.time()
                        deadline = committed + 10
                        sent = None
                        while time.time() < deadline and sent is None:
                            sent = next(
                                (m for m in fake.messages[before:] if f"JA {ref}" in m.body), None
                            )
                            time.sleep(0.001)
                        if sent is None:
                            raise RuntimeError(
                                f"request {i}: no offer within 10 s (see {tmp / 'worker.log'})"
                            )
                        offer_ms.append((sent.at - committed) * 1000)
            finally:
                if worker is not None:
                    worker.terminate()
                    worker.wait(10)
                fake.stop()
                if redis_proc is not None:
                    redis_proc.terminate()

    base = summary(noop_ms)
    rows = []
    for name, values, goal in (
        ("bare RQ no-op job (baseline)", noop_ms, None),
        (f"matching among {VOLUNTEERS:,} volunteers", matching_ms, 50.0),
        ("commit → first offer at Twilio API", offer_ms, 1000.0),
    ):
        s = summary(values)
        rows.append(
            {
                "what": name,
                "n": s["n"],
                "p50 ms": s["p50"],
                "p95 ms": s["p95"],
                "p95 / no-op": s["p95"] / base["p95"],
                "goal p95": f"< {goal:.0f} ms" if goal else "",
                "met": ("yes" if s["p95"] < goal else "NO") if goal else "",
            }
        )
    backend = "PostgreSQL" if use_postgres else "SQLite"
    print(f"\nbench/dispatch ({backend}, worker on real Redis, fake Twilio on loopback)")
    print(table(rows, ["what", "n", "p50 ms", "p95 ms", "p95 / no-op", "goal p95", "met"]))
    print(f"p99 commit → offer: {percentile(offer_ms, 99):.1f} ms")
    return 0
