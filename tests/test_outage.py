"""A database that hangs, against the real thing: the Procfile's gunicorn in its own
process, a table locked by another connection (or SQLite's write lock held), a database
address that accepts connections and never answers. The caller still hears the German
apology and can leave a voicemail within 10 seconds — and the voicemail is kept once the
database is back, though the call's row never was."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import requests
from flask import Flask
from sqlalchemy import select

from models import Call, HotlineNumber, Kommune, Person, Recording, db
from telephony.softphone import HttpTransport, Softphone
from tests.conftest import HOTLINE
from tests.fake_twilio import ACCOUNT, TOKEN, FakeTwilio

pytestmark = [pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PUBLIC = "https://hotline.example.org"
#: What a caller may wait for the apology (Twilio itself gives up after 15 s).
WITHIN = 10.0


def procfile_web() -> str:
    line = next(
        line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("web:")
    )
    return line.removeprefix("web:").strip()


def test_the_procfile_web_process_answers_before_twilio_gives_up():
    web = procfile_web()
    timeout = re.search(r"--timeout[= ](\d+)", web)
    assert timeout is not None and int(timeout[1]) < 15  # Twilio waits 15 s for a webhook
    # No control socket shared with other gunicorns of the same user (gunicorn >= 25.1
    # puts one at ~/.gunicorn/gunicorn.ctl unless told otherwise).
    assert "--no-control-socket" in web


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Gunicorn:
    """The Procfile's web process, on a free port, with its log in a file."""

    def __init__(self, database_url: str, fake: FakeTwilio, tmp_path: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tmp_path / f"gunicorn-{self.port}.log"
        env = {
            **os.environ,
            "PATH": f"{BIN}:{os.environ.get('PATH', '')}",
            "PORT": str(self.port),
            "WEB_CONCURRENCY": "1",
            "DATABASE_URL": database_url,
            "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0",  # nobody there: jobs wait
            "SECRET_KEY": "test-secret-key",
            "TELEPHONY": "twilio",
            "TWILIO_ACCOUNT_SID": ACCOUNT,
            "TWILIO_AUTH_TOKEN": TOKEN,
            "TWILIO_API_BASE": fake.url,
            "PUBLIC_BASE_URL": PUBLIC,
            "NACHBARRUF_INSTANCE": str(tmp_path / "instance"),
        }
        with self.log.open("w") as out:
            self.proc = subprocess.Popen(
                ["bash", "-c", "exec " + procfile_web()],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"gunicorn ended: {self.log.read_text()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("gunicorn did not start")
        # The worker loads the app before its first request; a page without the database
        # makes sure it has, so that what is measured is the database's part alone.
        requests.get(f"{self.url}/login", timeout=30).raise_for_status()

    def phone(self, number: str) -> Softphone:
        return Softphone(
            base_url=self.url,
            sign_base=PUBLIC,
            token=TOKEN,
            account_sid=ACCOUNT,
            transport=HttpTransport(timeout=30),
        )

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture
def web(tmp_path: Path, fake_twilio: FakeTwilio) -> Iterator[object]:
    started: list[Gunicorn] = []

    def start(database_url: str) -> Gunicorn:
        server = Gunicorn(database_url, fake_twilio, tmp_path)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def seed(app: Flask) -> None:
    with app.app_context():
        kommune = Kommune(name="Musterstadt", state="NW")
        kommune.numbers = [HotlineNumber(number=HOTLINE)]
        erika = Person(
            kommune=kommune,
            name="Erika Musterfrau",
            phone="+493023125101",
            line_type="landline",
            is_client=True,
        )
        db.session.add_all([kommune, erika])
        db.session.commit()


def hold_the_database(app: Flask, backend: str) -> object:
    """Another connection holds what every webhook needs: the calls table (PostgreSQL),
    or the write lock (SQLite). Returns something whose ``rollback()`` lets go."""
    if backend == "postgresql":
        url = app.config["DATABASE_URL"]
        conn = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"))
        conn.execute("LOCK TABLE calls IN ACCESS EXCLUSIVE MODE")
        return conn
    conn = db.engine.connect()
    conn.begin()  # the write-lock file, then BEGIN IMMEDIATE: both held until rollback
    return conn


def test_a_hung_database_still_gets_the_apology_and_keeps_the_voicemail(
    committed, backend, web, fake_twilio, record_property
):
    app = committed
    seed(app)
    server = web(app.config["DATABASE_URL"])
    with app.app_context():
        held = hold_the_database(app, backend)
        try:
            phone = server.phone("+493023125101")
            started = time.monotonic()
            turn = phone.dial("+493023125101", HOTLINE)
            seconds = time.monotonic() - started
            record_property(f"apology_seconds_{backend}", round(seconds, 2))
            assert turn.heard[0].startswith("Entschuldigung, bei uns gibt es gerade eine")
            assert turn.waiting is not None and turn.waiting.kind == "record"
            assert seconds < WITHIN, seconds
        finally:
            held.rollback()
            held.close()

        # The database is back while the caller speaks: the voicemail is kept, with a
        # call row made from the callback (the first webhook never stored one).
        turn = phone.record("Bitte rufen Sie mich zurück", seconds=8)
        assert turn.heard[0].startswith("Vielen Dank für Ihre Nachricht")
        db.session.expire_all()
        call = db.session.scalars(select(Call)).one()
        assert (call.from_number, call.needs_callback) == ("+493023125101", True)
        assert call.kommune is not None and call.person is not None
        recording = db.session.scalars(select(Recording)).one()
        assert (recording.purpose, recording.call_id) == ("voicemail", call.id)


class Silent:
    """A TCP server that accepts connections and never says a word (a hung database
    behind a proxy, a half-dead network)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.held: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)

    def close(self) -> None:
        for conn in self.held:
            conn.close()
        self.sock.close()


@pytest.mark.postgres_only
def test_a_database_that_never_answers_still_gets_the_apology(
    backend, web, fake_twilio, record_property
):
    silent = Silent()
    try:
        server = web(f"postgresql://postgres@127.0.0.1:{silent.port}/nachbarruf")
        phone = server.phone("+493023125101")
        started = time.monotonic()
        turn = phone.dial("+493023125101", HOTLINE)
        seconds = time.monotonic() - started
        record_property("apology_seconds_no_answer", round(seconds, 2))
        assert turn.heard[0].startswith("Entschuldigung, bei uns gibt es gerade eine")
        assert turn.waiting is not None and turn.waiting.kind == "record"
        assert seconds < WITHIN, seconds
    finally:
        silent.close()
