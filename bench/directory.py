"""bench/directory: the directory at the size of the Erzgebirgskreis' Sozialnavigator —
24,000 offers over 60 districts — imported from one CSV file (timed), then the server time
of the public search (words + a district filter), of the same search without words, and of
the phone lookup (the webhook after the caller chose a topic: search, read-out, menu),
beside ``/healthz`` of the same app in the same run.

The app runs under gunicorn (2 workers, as the Procfile's web process); SQLite by default,
``--postgres`` for a scratch PostgreSQL database (ANALYZEd after loading). Server time is
the app's ``Server-Timing`` header. Goal (issue 10): p95 under 30 ms for search and lookup;
the import of 24,000 rows under a minute.
"""

from __future__ import annotations

import os
import random
import time
import uuid
from pathlib import Path

import requests

from bench.common import analyze_if_postgres, environ, gunicorn, summary, table, workdir

OFFERS = 24_000
DISTRICTS = 60
KINDS = (
    ("Pflegedienst", "Pflege"),
    ("Tagespflege", "Pflege"),
    ("Beratungsstelle", "Beratung"),
    ("Sozialberatung", "Beratung"),
    ("Seniorentreff", "Treffpunkte und Vereine"),
    ("Heimatverein", "Treffpunkte und Vereine"),
    ("Mittagstisch", "Essen und Einkaufen"),
    ("Tafel", "Essen und Einkaufen"),
    ("Fahrdienst", "Fahrdienste"),
    ("Physiotherapie", "Gesundheit"),
    ("Arztpraxis", "Gesundheit"),
    ("Selbsthilfegruppe", "Selbsthilfe"),
)
GROUPS = ("Ältere Menschen", "Pflegende Angehörige", "Menschen mit Behinderung", "Familien")
HOURS = (
    "Mo-Fr 8-16",
    "Mo-Fr 9-12, Di 14-18",
    "Di 14-17",
    "täglich 11-14",
    "Mi 18-20",
    "nach Vereinbarung",
    "Mo, Mi, Fr 9-13",
)
WORDS = (
    "Pflege",
    "Beratung",
    "Treff",
    "Mittagstisch",
    "Fahrdienst",
    "Selbsthilfe",
    "Strasse",
    "Müller",
)
BLURBS = (
    "Für alle, die Unterstützung im Alltag brauchen",
    "Offen für Menschen aus dem ganzen Ortsteil",
    "Bitte vorher anrufen",
    "Ehrenamtlich organisiert",
    "Barrierefreier Zugang, Parkplätze vor dem Haus",
    "Auch Hausbesuche möglich",
)
HOTLINE = "+493023125000"
CALLER = "+4915228817301"


def district_names() -> list[str]:
    first = ("Ober", "Unter", "Alt", "Neu", "Groß", "Klein", "Bad", "Sankt", "Hohen", "Nieder")
    second = ("dorf", "bach", "hain", "feld", "au", "berg")
    return [f"{a}{b}" for a in first for b in second][:DISTRICTS]


def offers_csv(n: int) -> bytes:
    rng = random.Random(10)
    districts = district_names()
    lines = [
        "Name;Träger;Beschreibung;Themen;Zielgruppen;Ortsteil;Adresse;Telefon;Öffnungszeiten;Webseite;E-Mail"
    ]
    streets = ("Hauptstraße", "Bahnhofstraße", "Kirchweg", "Am Markt", "Schulstraße", "Lindenallee")
    for i in range(n):
        kind, topic = rng.choice(KINDS)
        district = rng.choice(districts)
        surname = rng.choice(
            ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner")
        )
        name = f"{kind} {surname} {district} {i}"
        org = f"Träger {rng.randrange(800)} e.V."
        group = rng.choice(GROUPS)
        address = f"{rng.choice(streets)} {rng.randrange(1, 99)}, {9400 + rng.randrange(60):05d} {district}"
        phone = f"030 23125{rng.randrange(200, 1000):03d}"
        lines.append(
            f"{name};{org};{kind} in {district}: {rng.choice(BLURBS)}.;"
            f"{topic};{group};{district};{address};{phone};{rng.choice(HOURS)};;"
        )
    return ("\n".join(lines) + "\n").encode()


def _seed(n: int) -> tuple[float, str, list[int]]:
    """Import the offers (timed) and a known caller; returns seconds, slug, district ids."""
    from sqlalchemy import select

    from dispatch.directory.importer import plan_csv
    from models import District, HotlineNumber, Kommune, Person, db

    session = db.session
    kommune = Kommune(name="Benchstadt", state="SN")
    kommune.numbers = [HotlineNumber(number=HOTLINE)]
    session.add(kommune)
    session.commit()
    data = offers_csv(n)
    started = time.perf_counter()
    result = plan_csv(session, kommune, data)
    if not result.ok:
        raise RuntimeError(f"bench import has errors: {result.summary()}")
    result.apply(session)
    session.commit()
    seconds = time.perf_counter() - started
    session.add(
        Person(
            kommune_id=kommune.id,
            name="Erika Bench",
            phone=CALLER,
            line_type="mobile",
            district=district_names()[7],
            is_client=True,
        )
    )
    session.commit()
    ids = list(session.scalars(select(District.id).where(District.kommune_id == kommune.id)))
    analyze_if_postgres(
        session,
        "angebote",
        "angebot_terms",
        "angebot_districts",
        "angebot_hours",
        "districts",
        "taxonomy_terms",
    )
    return seconds, kommune.slug, ids


def _server_ms(response: requests.Response, elapsed: float) -> float:
    timing = response.headers.get("Server-Timing", "")
    if "dur=" in timing:
        return float(timing.split("dur=")[1].split(",")[0])
    return elapsed


def _get(http: requests.Session, url: str) -> float:
    start = time.perf_counter()
    response = http.get(url, timeout=30)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{url}: HTTP {response.status_code}")
    return _server_ms(response, elapsed)


def _phone_lookup(http: requests.Session, base: str, token: str) -> float:
    """One call: incoming, 5 (the directory), 1 (the first topic) — the last one measured."""
    from telephony.signature import sign

    sid = "CA" + uuid.uuid4().hex
    common = {"CallSid": sid, "From": CALLER, "To": HOTLINE, "AccountSid": "AC" + "0" * 32}
    measured = 0.0
    for n, (path, extra) in enumerate(
        (
            ("/voice/incoming", {}),
            ("/voice/step/main?n=1", {"Digits": "5"}),
            ("/voice/step/offers_topic?n=2", {"Digits": "1"}),
        )
    ):
        form = {**common, **extra}
        url = base + path
        start = time.perf_counter()
        response = http.post(
            url, data=form, headers={"X-Twilio-Signature": sign(url, form, token)}, timeout=30
        )
        elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != 200 or (n == 2 and "Telefon" not in response.text):
            raise RuntimeError(f"{path}: HTTP {response.status_code} {response.text[:300]}")
        measured = _server_ms(response, elapsed)
    return measured


def main(options: list[str]) -> int:
    quick = "--quick" in options
    use_postgres = "--postgres" in options
    n = 40 if quick else 200
    offers = OFFERS // 10 if quick else OFFERS
    with workdir("directory") as tmp:
        db_url = f"sqlite:///{tmp / 'bench.sqlite3'}"
        if use_postgres:
            import psycopg

            with psycopg.connect(
                "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
            ) as conn:
                conn.execute("DROP DATABASE IF EXISTS nachbarruf_bench_directory")
                conn.execute("CREATE DATABASE nachbarruf_bench_directory")
            db_url = "postgresql://postgres@127.0.0.1:5432/nachbarruf_bench_directory"
        env = dict(os.environ)
        env.update(
            DATABASE_URL=db_url,
            SECRET_KEY="bench-directory",
            TELEPHONY="sandbox",
            TWILIO_ACCOUNT_SID="",
            TWILIO_AUTH_TOKEN="",
            PUBLIC_BASE_URL="",
            NACHBARRUF_INSTANCE=str(tmp / "instance"),
            PYTHONUNBUFFERED="1",
            REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/13"),
        )
        with environ(env):
            import telephony
            from app import create_app
            from models import db, migrate

            app = create_app()
            with app.app_context():
                migrate.upgrade(db.engine)
                import_seconds, slug, districts = _seed(offers)
                token = telephony.auth_token(app)
            app.extensions["nachbarruf.db"].engine.dispose()

        rng = random.Random(3)
        results: dict[str, list[float]] = {}
        with gunicorn(env, workers=2, log=Path(tmp) / "gunicorn.log") as base:
            http = requests.Session()
            page = f"{base}/angebote/{slug}"
            for _ in range(5):  # warm-up
                _get(http, base + "/healthz")
                _get(http, f"{page}?q=Pflege")
                _phone_lookup(http, base, token)
            results["bare page /healthz (baseline)"] = [
                _get(http, base + "/healthz") for _ in range(n)
            ]
            results["public search: words + district"] = [
                _get(http, f"{page}?q={rng.choice(WORDS)}&ortsteil={rng.choice(districts)}")
                for _ in range(n)
            ]
            results["public search: words only"] = [
                _get(http, f"{page}?q={rng.choice(WORDS)}") for _ in range(n)
            ]
            results["public search: open now, no words"] = [
                _get(http, f"{page}?offen=y&ortsteil={rng.choice(districts)}") for _ in range(n)
            ]
            results["phone lookup (topic chosen)"] = [
                _phone_lookup(http, base, token) for _ in range(n)
            ]

    base_p95 = summary(results["bare page /healthz (baseline)"])["p95"]
    rows = []
    for name, values in results.items():
        s = summary(values)
        goal = None if "baseline" in name else 30.0
        rows.append(
            {
                "what": name,
                "n": s["n"],
                "server p50 ms": s["p50"],
                "server p95 ms": s["p95"],
                "p95 / bare": s["p95"] / base_p95 if base_p95 else float("nan"),
                "goal": f"< {goal:.0f} ms" if goal else "",
                "met": ("yes" if s["p95"] < goal else "NO") if goal else "",
            }
        )
    backend = "PostgreSQL" if use_postgres else "SQLite"
    print(
        f"\nbench/directory ({backend}, gunicorn 2 workers, {offers:,} offers over {DISTRICTS} districts)"
    )
    print(f"import of {offers:,} CSV rows: {import_seconds:.1f} s (goal for 24,000: under 60 s)")
    print(table(rows, ["what", "n", "server p50 ms", "server p95 ms", "p95 / bare", "goal", "met"]))
    ok = all(row["met"] != "NO" for row in rows) and (quick or import_seconds < 60)
    return 0 if ok else 1
