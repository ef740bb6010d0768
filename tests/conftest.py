"""Test fixtures.

Every test that touches the database runs once on SQLite and once on PostgreSQL (``--db``
picks one). The schema is built once per session with the real migrations; each test
runs inside a transaction that is rolled back at the end. Outbound Twilio traffic goes to
a fake REST server on loopback; any other network connection fails the test.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import socket
import sys
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from flask import Flask
from sqlalchemy import event, text

from app import create_app
from models import (
    Base,
    Category,
    CheckInDate,
    Flag,
    HelpRequest,
    HotlineNumber,
    Kommune,
    Offer,
    Pairing,
    PairingDate,
    Person,
    StaffUser,
    VolunteerStatus,
    db,
    migrate,
)
from models import base as model_base
from models import phone as phones
from tests.fake_twilio import ACCOUNT, TOKEN, FakeTwilio
from tests.phone import Caller

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
#: One test database per checkout, so that two checkouts can run their suites at once.
_CHECKOUT = hashlib.sha256(str(Path(__file__).resolve().parent).encode()).hexdigest()[:6]
POSTGRES_URL = os.environ.get(
    "TEST_POSTGRES_URL", f"postgresql://postgres@127.0.0.1:5432/nachbarruf_test_{_CHECKOUT}"
)
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")

#: The hotline number of the test Kommune (a Berlin drama number of the BNetzA).
HOTLINE = "+493023125000"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--db",
        default="sqlite,postgresql",
        help="database backends to run the tests on (comma separated)",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        backends = [b.strip() for b in metafunc.config.getoption("--db").split(",") if b.strip()]
        if metafunc.definition.get_closest_marker("postgres_only"):
            backends = [b for b in backends if b == "postgresql"]
        metafunc.parametrize("backend", backends, scope="session")


def service_missing(what: str) -> None:
    """A needed service is not there: fail in CI, skip elsewhere (with the reason)."""
    if IN_CI:
        pytest.fail(f"{what} is not reachable, and CI must test against it")
    pytest.skip(f"{what} is not reachable")


# --- no network but loopback --------------------------------------------------------------

_real_connect = socket.socket.connect


def _loopback_only(self: socket.socket, address: Any) -> Any:
    if self.family == socket.AF_UNIX:
        return _real_connect(self, address)
    host = address[0] if isinstance(address, tuple) else address
    if host not in ("127.0.0.1", "::1", "localhost"):
        raise AssertionError(f"test tried to reach {host}: tests never touch the internet")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)


# --- only the domain changes a state ------------------------------------------------------------

_ROOT = Path(__file__).resolve().parent.parent
#: The domain modules: requests and offers, and phone friendships beside them.
_DOMAIN = (
    _ROOT / "dispatch" / "lifecycle.py",
    _ROOT / "dispatch" / "pairings.py",
    _ROOT / "dispatch" / "checkins.py",
)
_TESTS = _ROOT / "tests"


def _only_the_domain(target: Any, value: Any, oldvalue: Any, initiator: Any) -> None:
    """Fails when project code other than dispatch.lifecycle (or a test setting up its
    scene) assigns a lifecycle state: the nearest project frame decides."""
    frame = sys._getframe(1)
    while frame is not None:
        path = Path(frame.f_code.co_filename)
        if path.is_relative_to(_ROOT) and not path.is_relative_to(_ROOT / ".venv"):
            if path in _DOMAIN or path.is_relative_to(_TESTS):
                return
            raise AssertionError(
                f"{type(target).__name__}.{initiator.key} set in {path.relative_to(_ROOT)}:"
                f"{frame.f_lineno}, outside dispatch.lifecycle"
            )
        frame = frame.f_back


for _attribute in (
    HelpRequest.status,
    HelpRequest.client_notice,
    HelpRequest.followup_state,
    Offer.status,
    Flag.resolved_at,
    Pairing.status,
    PairingDate.state,
    CheckInDate.state,
    Person.checkin_paused,
):
    event.listen(_attribute, "set", _only_the_domain)


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    yield
    model_base.reset_clock()


# --- databases -------------------------------------------------------------------------------


def _postgres_database(url: str) -> str:
    """Make sure the test database exists and is empty; return the SQLAlchemy URL."""
    server, _, name = url.rpartition("/")
    try:
        with psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=3) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
            ).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("DROP SCHEMA public CASCADE")
            conn.execute("CREATE SCHEMA public")
    except psycopg.OperationalError:
        service_missing(f"PostgreSQL at {server}")
    return url


@pytest.fixture(scope="session")
def database_url(backend: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    if backend == "postgresql":
        return _postgres_database(POSTGRES_URL)
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def fake_twilio() -> Iterator[FakeTwilio]:
    server = FakeTwilio().start()
    yield server
    server.stop()


def app_config(database_url: str, instance: Path, **extra: Any) -> dict[str, Any]:
    return {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "INSTANCE_PATH": str(instance),
        "SECRET_KEY": "test-secret-key",
        "TELEPHONY": "twilio",
        "TWILIO_ACCOUNT_SID": ACCOUNT,
        "TWILIO_AUTH_TOKEN": TOKEN,
        "PUBLIC_BASE_URL": "https://hotline.example.org",
        "JOBS_MODE": "collect",
        "REDIS_URL": REDIS_URL,
        "TWILIO_TIMEOUT_SECONDS": 2,
        "CONTACT_HOURS": (0, 24),  # tests that care about the hour set it
        "TODAY_MIN_HOURS": 0,  # "heute" at any hour; tests of the evening set it
        # No pacing to Twilio's limits (tests of dispatch/pacing.py switch it on).
        "TWILIO_SMS_PER_SECOND": 0,
        "TWILIO_CALLS_PER_SECOND": 0,
        **extra,
    }


@pytest.fixture(scope="session")
def app(
    database_url: str, fake_twilio: FakeTwilio, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Flask]:
    application = create_app(
        app_config(
            database_url,
            tmp_path_factory.mktemp("instance"),
            TWILIO_API_BASE=fake_twilio.url,
        )
    )
    with application.app_context():
        migrate.upgrade(db.engine)
    yield application
    application.extensions["nachbarruf.db"].engine.dispose()


@pytest.fixture(scope="session")
def committed_app(
    backend: str, fake_twilio: FakeTwilio, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Flask]:
    """An app on its own database whose transactions really commit: for tests with
    several connections, threads or processes at once."""
    if backend == "postgresql":
        url = _postgres_database(POSTGRES_URL + "_committed")
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('committed') / 'committed.sqlite3'}"
    application = create_app(
        app_config(url, tmp_path_factory.mktemp("instance"), TWILIO_API_BASE=fake_twilio.url)
    )
    with application.app_context():
        migrate.upgrade(db.engine)
    yield application
    application.extensions["nachbarruf.db"].engine.dispose()


@pytest.fixture
def committed(committed_app: Flask, fake_twilio: FakeTwilio) -> Iterator[Flask]:
    """``committed_app``, emptied after the test."""
    fake_twilio.reset()
    committed_app.extensions["nachbarruf.jobs"].collected.clear()
    yield committed_app
    engine = committed_app.extensions["nachbarruf.db"].engine
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("TRUNCATE " + ", ".join(tables) + " RESTART IDENTITY CASCADE"))
        else:
            conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
            for table in tables:
                conn.execute(text(f"DELETE FROM {table}"))  # noqa: S608 - our own table names


@pytest.fixture
def session(app: Flask, fake_twilio: FakeTwilio) -> Iterator[Any]:
    """The test's database session; everything it does is rolled back afterwards."""
    state = app.extensions["nachbarruf.db"]
    connection = state.engine.connect()
    outer = connection.begin()
    state.bind = connection
    fake_twilio.reset()
    jobs = app.extensions["nachbarruf.jobs"]
    jobs.collected.clear()
    ctx = app.app_context()
    ctx.push()
    try:
        yield db.session
    finally:
        db.session.remove()
        ctx.pop()
        state.bind = state.engine
        outer.rollback()
        connection.close()


@pytest.fixture
def client(app: Flask, session: Any) -> Any:
    return app.test_client()


@pytest.fixture
def count_queries(app: Flask, session: Any) -> Callable[[], Any]:
    """``with count_queries() as counter: ...; counter.n`` counts SQL statements."""
    from contextlib import contextmanager

    @contextmanager
    def counting() -> Iterator[Any]:
        class Counter:
            n = 0
            statements: list[str] = []

        counter = Counter()
        counter.statements = []
        conn = app.extensions["nachbarruf.db"].bind

        def before(*args: Any) -> None:
            counter.n += 1
            counter.statements.append(args[2])

        event.listen(conn, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            event.remove(conn, "before_cursor_execute", before)

    return counting


# --- factories ---------------------------------------------------------------------------------


@pytest.fixture
def make_kommune(session: Any) -> Callable[..., Kommune]:
    def make(name: str = "Musterstadt", number: str = HOTLINE, **values: Any) -> Kommune:
        values.setdefault("state", "NW")
        kommune = Kommune(name=name, **values)
        kommune.numbers = [HotlineNumber(number=number)]
        session.add(kommune)
        session.commit()
        return kommune

    return make


@pytest.fixture
def kommune(make_kommune: Callable[..., Kommune]) -> Kommune:
    """Musterstadt, open around the clock unless a test says otherwise."""
    always = {
        day: [["00:00", "23:59"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    }
    return make_kommune(office_hours=always, duty_phone="+493023125900")


@pytest.fixture
def make_person(session: Any, kommune: Kommune) -> Callable[..., Person]:
    """People with fictional names and numbers from the drama ranges (030 23125 xxx for
    landlines, the 0152 28817 3xx block around the published 0152 28817386 for mobiles).

    Generated numbers count from the start of each test (so they do not depend on which
    tests ran before) and stay clear of the ones tests spell out: landlines 030 23125 600-899,
    mobiles 0152 28817 340-389."""
    serial = itertools.count()

    def make(
        role: str = "client",
        name: str | None = None,
        phone: str | None = None,
        *,
        kommune: Kommune = kommune,
        categories: tuple[str, ...] = (Category.SHOPPING,),
        status: str = VolunteerStatus.ACTIVE,
        **values: Any,
    ) -> Person:
        n = next(serial)
        if phone is None:
            phone = (
                f"+493023125{600 + n % 300:03d}"
                if role == "client"
                else f"+4915228817{340 + n % 50:03d}"
            )
        person = Person(
            kommune_id=kommune.id,
            name=name or ("Erika Musterfrau" if role == "client" else "Max Mustermann"),
            phone=phone,
            line_type=phones.line_type(phone),
            is_client=role == "client",
            is_volunteer=role == "volunteer",
            status=status if role == "volunteer" else None,
            **values,
        )
        if role == "volunteer":
            person.set_categories(list(categories))
        session.add(person)
        session.commit()
        return person

    return make


@pytest.fixture
def make_staff(session: Any, kommune: Kommune) -> Callable[..., StaffUser]:
    def make(
        email: str = "koordination@musterstadt.example",
        role: str = "coordinator",
        password: str = "sehr-geheimes-passwort",
        kommune: Kommune = kommune,
    ) -> StaffUser:
        user = StaffUser(email=email, name=email.split("@")[0], role=role, kommune_id=kommune.id)
        user.set_password(password)
        session.add(user)
        session.commit()
        return user

    return make


# --- phones and jobs ------------------------------------------------------------------------------


@pytest.fixture
def phone(app: Flask, client: Any) -> Callable[..., Caller]:
    """A caller on a phone that follows the TwiML the app sends, through signed webhooks."""

    def make(number: str | None = "+493023125101") -> Caller:
        return Caller.for_app(app, client, number)

    return make


@pytest.fixture
def sms(app: Flask, client: Any) -> Callable[..., list[str]]:
    """Send an SMS to the hotline as ``sender`` would (signed webhook); returns the replies."""
    from tests.phone import signed_post, sms_replies

    def send(sender: str, body: str, sid: str | None = None, to: str = HOTLINE) -> list[str]:
        params = {
            "MessageSid": sid or "SM" + os.urandom(16).hex(),
            "AccountSid": ACCOUNT,
            "From": sender,
            "To": to,
            "Body": body,
        }
        response = signed_post(app, client, "/sms/incoming", params)
        assert response.status_code == 200, response.data
        return sms_replies(response.get_data(as_text=True))

    return send


@pytest.fixture
def run_tasks(app: Flask, session: Any) -> Callable[..., list[str]]:
    """Run collected tasks (and the tasks they create) the way the worker would.

    A task that raises fails the test: the worker's bookkeeping (the row is marked for a
    retry with backoff, or failed and flagged) happens first, then the exception propagates
    here as it would to RQ. Tests that make a task fail on purpose (Twilio down) pass
    ``allow_errors=True`` and get ``"error: <type>: <message>"`` among the results instead.
    """
    from jobs.runner import execute
    from jobs.sweeper import sweep

    def run(advance: timedelta | None = None, *, allow_errors: bool = False) -> list[str]:
        if advance:
            model_base.travel(advance)
        jobs = app.extensions["nachbarruf.jobs"]
        sweep(app)
        done = []
        for _ in range(1000):
            if not jobs.collected:
                break
            task_id = jobs.collected.pop(0)
            failure: Exception | None = None
            with app.app_context():
                try:
                    result = execute(task_id)
                except Exception as exc:  # RQ would mark the job failed; the task row retries
                    failure = exc
                    result = f"error: {type(exc).__name__}: {exc}"
            if failure is not None and not allow_errors:
                db.session.expire_all()
                raise failure
            done.append(result)
        db.session.expire_all()
        return done

    return run
