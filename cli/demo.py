"""``nachbarruf demo``: everything on one machine in sandbox mode.

Migrates, loads a demo Kommune with people (idempotent), makes sure a Redis is there
(the configured one, else a local ``redis-server``, else an in-process fake — loudly),
then runs the web app under gunicorn and a worker until Ctrl+C.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import click
import requests
from flask import current_app
from flask.cli import with_appcontext
from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy import func, select

from dispatch.directory.importer import plan_csv as plan_offers
from models import HotlineNumber, Kommune, Person, StaffUser, db, migrate
from models import phone as phones
from models.person import Channel, VolunteerStatus
from prompts import cli as T

from .admin import Failure

KOMMUNE = "Musterstadt"
HOTLINE = "+493023125000"  # a Berlin drama number: reserved, never assigned to anybody
DUTY_PHONE = "+493023125900"
#: The demo's staff on shift (the office phone and a coordinator's mobile).
ROTA_PHONES = (DUTY_PHONE, "+4915228817399")
STAFF_EMAIL = "demo@musterstadt.example"
STAFF_PASSWORD = "demo-passwort-123"  # noqa: S105 - printed for the demo, documented

#: Fictional people; landlines from the BNetzA drama range 030 23125 xxx, mobiles from
#: the block of the published drama number 0152 28817386.
PEOPLE = [
    # role, name, salutation, phone, district, address, categories, languages, prefers
    (
        "client",
        "Erika Musterfrau",
        "Frau",
        "+493023125101",
        "Nord",
        "Musterweg 1, 10115 Musterstadt",
        (),
        ("de",),
        None,
    ),
    (
        "client",
        "Hildegard Beispiel",
        "Frau",
        "+493023125102",
        "Süd",
        "Beispielstraße 5, 10117 Musterstadt",
        (),
        ("de",),
        None,
    ),
    (
        "client",
        "Ayşe Örnek",
        "Frau",
        "+493023125103",
        "Nord",
        "Am Markt 3, 10115 Musterstadt",
        (),
        ("tr", "de"),
        None,
    ),
    (
        "client",
        "Karl Probe",
        "Herr",
        "+4915228817310",
        "Süd",
        "Lindenallee 7, 10117 Musterstadt",
        (),
        ("de",),
        Channel.SMS,
    ),
    (
        "volunteer",
        "Max Mustermann",
        "Herr",
        "+4915228817301",
        "Nord",
        "",
        ("shopping", "dog_walking"),
        ("de",),
        None,
    ),
    (
        "volunteer",
        "Maria Muster",
        "Frau",
        "+4915228817302",
        "Nord",
        "",
        ("shopping", "phone_chat", "other"),
        ("de", "tr"),
        None,
    ),
    (
        "volunteer",
        "Paul Probe",
        "Herr",
        "+493023125301",
        "Süd",
        "",
        ("phone_chat", "other"),
        ("de",),
        None,
    ),
    (
        "volunteer",
        "Lena Beispiel",
        "Frau",
        "+4915228817303",
        "Süd",
        "",
        ("shopping", "dog_walking", "other"),
        ("de",),
        None,
    ),
    ("volunteer", "Jonas Test", "Herr", "+4915228817304", "Nord", "", ("shopping",), ("de",), None),
]

#: A small directory of offers ("Angebote in Ihrer Nähe"), fictional, numbers from the
#: drama range 030 23125 2xx; imported like any CSV file (importing again changes nothing).
DEMO_OFFERS = """Name;Träger;Kurzbeschreibung;Beschreibung;Themen;Zielgruppen;Ortsteil;Adresse;Telefon;Öffnungszeiten;Webseite;E-Mail
Ambulanter Pflegedienst Sonnenschein;Diakonie Musterstadt e.V.;Pflege und Hilfe im Haushalt zu Hause.;Pflege zu Hause, Hilfe im Haushalt, Beratung für Angehörige. Wir kommen auch am Wochenende.;Pflege;Ältere Menschen;Nord;Lange Straße 45, 10115 Musterstadt;030 23125201;Mo-Fr 8-16;www.diakonie-musterstadt.example;pflege@diakonie-musterstadt.example
Pflegeberatung Müller;Caritas Musterstadt;Beratung zu Pflegegrad und Anträgen.;Wir beraten kostenlos zu Pflegegrad, Anträgen und Entlastung für Angehörige.;"Beratung; Pflege";Pflegende Angehörige;Süd;Marktplatz 1, 10117 Musterstadt;030 23125203;Mo-Fr 9-12, Di 14-18;;
Seniorentreff Süd;Stadt Musterstadt;Kaffee, Spiele und Gespräche.;Jeden Dienstag Kaffee, Kuchen, Spiele und Gespräche. Einfach vorbeikommen.;Treffpunkte;Ältere Menschen;Süd;Beispielstraße 5, 10117 Musterstadt;030 23125202;Di 14-17;;
Mittagstisch am Markt;Stadt Musterstadt;Warmes Mittagessen für 3,50 Euro.;Jeden Tag ein warmes Mittagessen in Gesellschaft. Anmeldung nicht nötig.;Essen und Einkaufen;Ältere Menschen;Nord;Marktplatz 2, 10115 Musterstadt;030 23125204;täglich 11-14;;
Bürgerbus;Verein Bürgerbus Musterstadt e.V.;Fahrten zum Arzt und zum Einkaufen.;Ehrenamtliche fahren Sie zum Arzt, zum Einkaufen oder zum Friedhof. Bitte einen Tag vorher anrufen.;Fahrdienste;"Ältere Menschen; Menschen mit Behinderung";"Nord; Süd";Am Bahnhof 1, 10115 Musterstadt;030 23125205;Mo-Fr 8-12;;
Selbsthilfegruppe Pflegende Angehörige;Selbsthilfekontaktstelle Musterstadt;Austausch für pflegende Angehörige.;Einmal im Monat treffen sich pflegende Angehörige zum Austausch. Neue sind willkommen.;Selbsthilfe;Pflegende Angehörige;Nord;Kirchweg 3, 10115 Musterstadt;030 23125206;Mi 18-20;;
Hausnotruf und Sturzberatung;Johanniter Musterstadt;Hilfe auf Knopfdruck rund um die Uhr.;Der Hausnotruf holt rund um die Uhr Hilfe. Wir beraten auch, wie man Stürze vermeidet.;"Gesundheit; Pflege";Ältere Menschen;"Nord; Süd";Rettungsweg 7, 10117 Musterstadt;030 23125207;rund um die Uhr;;
"""

#: Faster clocks so a demo shows rounds and follow-ups within minutes.
DEMO_ENV = {
    "DISPATCH_ROUND_SECONDS": "120",
    "FOLLOWUP_DELAY_SECONDS": "180",
    "RETRY_DELAY_SECONDS": "60",
    "SWEEP_SECONDS": "5",
    "CONTACT_HOURS": "0-24",  # a demo may run at night
}


def load_demo_data() -> tuple[Kommune, int]:
    """Create the demo Kommune, people and staff account unless they exist."""
    session = db.session
    kommune = Kommune.by_name(session, KOMMUNE)
    if kommune is None:
        always = {
            d: [["08:00", "20:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
        }
        kommune = Kommune(
            name=KOMMUNE,
            state="BE",
            duty_phone=DUTY_PHONE,
            office_hours=always,
            languages=["de", "tr", "ru", "uk"],
            allowance_cents=500,  # the monthly statements show an allowance of 5 € an hour
            # The staff rota: "0" rings both all day (take it in the browser phone).
            rota=[
                {"phone": phone, "hours": {d: [["00:00", "23:59"]] for d in always}}
                for phone in ROTA_PHONES
            ],
        )
        kommune.numbers = [HotlineNumber(number=HOTLINE)]
        session.add(kommune)
        session.flush()
    for role, name, salutation, phone, district, address, categories, languages, prefers in PEOPLE:
        if Person.by_phone(session, kommune.id, phone) is not None:
            continue
        person = Person(
            kommune_id=kommune.id,
            name=name,
            salutation=salutation,
            phone=phone,
            line_type=phones.line_type(phone),
            district=district,
            address=address,
            languages=list(languages),
            prefers=prefers,
            is_client=role == "client",
            is_volunteer=role == "volunteer",
            consent_note="Demo-Daten",
        )
        if role == "volunteer":
            person.status = VolunteerStatus.ACTIVE
            person.recognized_on = date(2026, 1, 15)
            person.set_categories(list(categories))
        session.add(person)
    if session.scalar(select(StaffUser).where(StaffUser.email == STAFF_EMAIL)) is None:
        staff = StaffUser(
            email=STAFF_EMAIL, name="Demo Koordination", role="admin", kommune_id=kommune.id
        )
        staff.set_password(STAFF_PASSWORD)
        session.add(staff)
    session.commit()
    offers = plan_offers(session, kommune, DEMO_OFFERS.encode())
    if offers.ok:
        offers.apply(session)
        session.commit()
    people = session.scalar(select(func.count(Person.id)).where(Person.kommune_id == kommune.id))
    return kommune, int(people or 0)


def _free(port: int) -> bool:
    """Whether nothing listens on ``port``. SO_REUSEADDR: the connections of a demo that
    just stopped (TIME_WAIT) do not count, a listening server does."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


#: Where a running demo notes its URL, so that ``call``, ``sms`` and ``outbox`` find it.
URL_FILE = "demo.json"


def remember_url(instance: str, url: str) -> Path:
    path = Path(instance) / URL_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"url": url, "pid": os.getpid()}))
    return path


def running_demo_url(instance: str) -> str | None:
    """The URL of the demo running on this instance folder, if one runs."""
    try:
        noted = json.loads((Path(instance) / URL_FILE).read_text())
        pid, url = int(noted["pid"]), str(noted["url"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None  # it stopped without cleaning up
    except PermissionError:
        pass  # runs, as somebody else
    return url


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        return bool(Redis.from_url(url, socket_connect_timeout=0.5).ping())
    except (RedisError, OSError):
        return False


@contextlib.contextmanager
def redis_for_demo(url: str) -> Iterator[str]:
    """The configured Redis if it answers, else a local redis-server, else a fake."""
    if _answers(url):
        click.echo(T.DEMO_REDIS(how=url))
        yield url
        return
    binary = shutil.which("redis-server")
    if binary:
        port = _free_port()
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
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=_die_with_parent,
        )
        local = f"redis://127.0.0.1:{port}/0"
        for _ in range(50):
            if _answers(local):
                break
            time.sleep(0.1)
        click.echo(T.DEMO_REDIS(how=f"redis-server {local}"))
        try:
            yield local
        finally:
            proc.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(5)
        return
    from fakeredis import TcpFakeServer

    port = _free_port()
    server = TcpFakeServer(("127.0.0.1", port), server_type="redis")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    click.secho(str(T.DEMO_REDIS_FAKE), fg="yellow", bold=True)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.shutdown()


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """In a process group of its own (Ctrl+C in the terminal reaches only the demo, which
    stops its children in order) and, on Linux, SIGTERM when the demo dies, however."""
    os.setpgrp()
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def _stop_on_sigterm(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _commands(base: str, instance: str, port: int) -> tuple[str, str]:
    """The exact commands for a second terminal: the instance folder and URL spelt out
    where they are not the defaults."""
    prefix = f"NACHBARRUF_INSTANCE={instance} " if os.environ.get("NACHBARRUF_INSTANCE") else ""
    url = f" --url {base}" if port != DEFAULT_PORT else ""
    return (
        f"{prefix}.venv/bin/nachbarruf call{url}",
        f"{prefix}.venv/bin/nachbarruf outbox",
    )


DEFAULT_PORT = 5000


@click.command("demo")
@click.option("--port", default=DEFAULT_PORT, show_default=True, help="Port of the web app.")
@with_appcontext
def demo(port: int) -> None:
    """Migrate, load demo data, start web and worker (sandbox: nothing is really sent).
    Ctrl+C stops everything."""
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    # Ctrl+C, also when started from a script that ignores it for background jobs.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        _run(port)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl+C: no traceback either
    click.echo(str(T.DEMO_ENDED))


def _run(port: int) -> None:
    app = current_app
    migrate.upgrade(db.engine)
    kommune, people = load_demo_data()
    db.session.remove()
    click.echo(T.DEMO_DATA(kommune=kommune.name, people=people))
    if not _free(port):
        raise Failure(T.DEMO_PORT_TAKEN(port=port))
    base = f"http://127.0.0.1:{port}"
    instance = app.config["INSTANCE_PATH"]
    bin_dir = Path(sys.executable).parent
    with redis_for_demo(app.config["REDIS_URL"]) as redis_url:
        env = dict(os.environ)
        for key, value in DEMO_ENV.items():
            env.setdefault(key, value)
        env.update(
            TELEPHONY="sandbox",
            REDIS_URL=redis_url,
            PUBLIC_BASE_URL=base,
            DATABASE_URL=app.config["DATABASE_URL"],
            NACHBARRUF_INSTANCE=instance,
            SECRET_KEY=app.config["SECRET_KEY"],
        )
        procs: list[subprocess.Popen[bytes]] = []
        noted: Path | None = None
        try:
            procs.append(
                subprocess.Popen(
                    [
                        str(bin_dir / "gunicorn"),
                        "-w",
                        "2",
                        "--threads",
                        "1",
                        "-b",
                        f"127.0.0.1:{port}",
                        "--log-level",
                        "warning",
                        "--no-control-socket",  # not shared with other gunicorns of this user
                        "app:app",
                    ],
                    env=env,
                    cwd=Path(__file__).resolve().parent.parent,
                    preexec_fn=_die_with_parent,
                )
            )
            procs.append(
                subprocess.Popen(
                    [str(bin_dir / "nachbarruf"), "worker"], env=env, preexec_fn=_die_with_parent
                )
            )
            for _ in range(100):
                with contextlib.suppress(requests.RequestException):
                    if requests.get(f"{base}/healthz", timeout=5).ok:
                        break
                if any(p.poll() is not None for p in procs):
                    raise Failure(str(T.DEMO_NOT_STARTED))
                time.sleep(0.2)
            noted = remember_url(instance, base)
            call, outbox = _commands(base, instance, port)
            click.secho(str(T.DEMO_READY), fg="green", bold=True)
            click.echo(T.DEMO_DASHBOARD(url=f"{base}/", email=STAFF_EMAIL, password=STAFF_PASSWORD))
            click.echo(T.DEMO_CALL(command=call))
            click.echo(T.DEMO_BROWSER_PHONE(url=f"{base}/phone"))
            click.echo(T.DEMO_OUTBOX(command=outbox))
            click.echo(str(T.DEMO_STOP))
            while all(p.poll() is None for p in procs):
                time.sleep(0.5)
            raise Failure(str(T.DEMO_STOPPED))
        finally:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # stopping: Ctrl+C again changes nothing
            if noted is not None:
                noted.unlink(missing_ok=True)
            for p in procs:
                if p.poll() is None:
                    p.send_signal(signal.SIGTERM)
            for p in procs:
                try:
                    p.wait(10)
                except subprocess.TimeoutExpired:
                    p.kill()
