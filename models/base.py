"""Declarative base, column types and the session registry.

One engine per Flask app (``app.extensions["nachbarruf.db"]``); the session is scoped to
the app context, so a request, a CLI command and a job each get their own and release it
when the context ends.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask, current_app
from flask.globals import app_ctx
from sqlalchemy import JSON, DateTime, Engine, MetaData, create_engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.orm import DeclarativeBase, Session, scoped_session, sessionmaker
from sqlalchemy.types import TypeDecorator

from .folding import fold

#: Where people live; every time shown or spoken is converted to this zone.
BERLIN = ZoneInfo("Europe/Berlin")

NAMING = {
    "ix": "ix_%(column_0_N_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


#: Shift of the clock, for tests that travel in time (rounds 10 minutes apart, follow-ups
#: the next day). Always zero in production.
_clock_offset = timedelta(0)


def utcnow() -> datetime:
    """Timezone-aware now in UTC; the only clock the app uses."""
    return datetime.now(UTC) + _clock_offset


def travel(delta: timedelta) -> None:
    """Move the app's clock by ``delta`` (tests only)."""
    global _clock_offset
    _clock_offset += delta


def reset_clock() -> None:
    global _clock_offset
    _clock_offset = timedelta(0)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as UTC and always hands back aware UTC datetimes.

    SQLite keeps no zone, PostgreSQL does; this keeps both alike.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use models.base.utcnow() or an aware value")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON(), list[str]: JSON()}


class AppSession(Session):
    """Binds to the engine (or, in tests, the connection) of the current app."""

    _bind: Engine | Connection | None = None

    def get_bind(self, *args: Any, **kwargs: Any) -> Engine | Connection:
        # Looked up once per session (a session lives for one app context), not for every
        # statement and flush.
        if self._bind is None:
            self._bind = current_app.extensions["nachbarruf.db"].bind
        return self._bind

    def close(self) -> None:
        super().close()
        self._bind = None


def _scope() -> int:
    return id(app_ctx._get_current_object())


class Database:
    """The session registry, bound per app through :meth:`init_app`."""

    def __init__(self) -> None:
        self.session: scoped_session[AppSession] = scoped_session(
            sessionmaker(
                class_=AppSession,
                expire_on_commit=False,
                # In tests the bind is a connection inside a transaction: a commit then only
                # releases a savepoint and the test rolls everything back.
                join_transaction_mode="create_savepoint",
            ),
            scopefunc=_scope,
        )

    def init_app(self, app: Flask) -> None:
        engine = make_engine(
            app.config["DATABASE_URL"],
            timeout=app.config.get("DATABASE_TIMEOUT_SECONDS", DEFAULT_TIMEOUT),
            connect_timeout=app.config.get(
                "DATABASE_CONNECT_TIMEOUT_SECONDS", DEFAULT_CONNECT_TIMEOUT
            ),
            pool_size=app.config.get("DATABASE_POOL_SIZE", DEFAULT_POOL_SIZE),
        )
        app.extensions["nachbarruf.db"] = _AppDatabase(engine)
        app.teardown_appcontext(self._remove)

    def _remove(self, exc: BaseException | None) -> None:
        self.session.remove()

    @property
    def engine(self) -> Engine:
        return current_app.extensions["nachbarruf.db"].engine


class _AppDatabase:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        #: What sessions bind to: the engine, or a test's connection.
        self.bind: Engine | Connection = engine


#: Longest a statement may run, or wait for a lock, before it fails (seconds). A webhook
#: that waits on a hung database must still answer Twilio (15 s) with the apology.
DEFAULT_TIMEOUT = 5.0
#: Longest wait for a new database connection (seconds).
DEFAULT_CONNECT_TIMEOUT = 3.0
#: Connections a process keeps open (``DATABASE_POOL_SIZE``); up to 10 more for a burst.
DEFAULT_POOL_SIZE = 5


def sqlite_waits(timeout: float) -> tuple[float, float]:
    """How SQLite spends ``timeout``: (queueing on the write lock file, then SQLite's own
    busy timeout). Together never longer than ``timeout``."""
    busy = min(2.0, timeout / 2)
    return max(0.1, timeout - busy), busy


def make_engine(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    pool_size: int = DEFAULT_POOL_SIZE,
) -> Engine:
    """Create an engine; nothing it does waits longer than ``timeout`` (a statement, a
    lock) or ``connect_timeout`` (a connection). SQLite gets WAL, a busy timeout and
    immediate write transactions. PostgreSQL keeps ``pool_size`` connections per process
    (one per thread that works at once: the web process's threads, a worker's one)."""
    if url.startswith("sqlite"):
        queue_wait, busy = sqlite_waits(timeout)
        engine = create_engine(
            url,
            connect_args={
                "timeout": busy,
                "check_same_thread": False,
                "factory": partial(QueuedWriters, wait_seconds=queue_wait),
            },
            hide_parameters=True,  # error messages end up in logs: no numbers, no speech
        )
        _configure_sqlite(engine, busy)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    elif url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgres://")
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=pool_size,
        max_overflow=10,
        # Waiting for a free connection of the pool counts as waiting for the database.
        pool_timeout=timeout,
        connect_args={
            "connect_timeout": max(1, round(connect_timeout)),
            # A statement (or its wait for a lock) that takes longer is cancelled by the
            # server. Migrations lift it (models.migrate).
            "options": f"-c statement_timeout={round(timeout * 1000)}",
        },
        hide_parameters=True,
    )


class QueuedWriters(sqlite3.Connection):
    """A SQLite connection that queues for writing on a file lock next to the database.

    SQLite itself lets a blocked writer sleep in steps of up to 100 ms, so under load a
    writer that just missed a 3 ms transaction waits hundreds of milliseconds. Here every
    writer (web workers, the RQ worker, the CLI) first takes an exclusive ``flock`` on
    ``<database>.writelock``; the kernel hands it to the next one the moment it is free.
    The lock is held from BEGIN to COMMIT/ROLLBACK; a process that dies drops it.
    """

    #: Longest wait for the lock; after that SQLite's own busy timeout takes over (see
    #: :func:`sqlite_waits`: both together end well before Twilio gives up, 15 s).
    WAIT_SECONDS = sqlite_waits(DEFAULT_TIMEOUT)[0]

    def __init__(
        self, database: str, *args: Any, wait_seconds: float | None = None, **kwargs: Any
    ) -> None:
        super().__init__(database, *args, **kwargs)
        if wait_seconds is not None:
            self.WAIT_SECONDS = wait_seconds
        self._lock_fd = -1
        self._locked = False
        name = str(database)
        if name not in ("", ":memory:") and not name.startswith("file:"):
            self._lock_fd = os.open(f"{name}.writelock", os.O_RDWR | os.O_CREAT, 0o600)

    def queue_for_write(self) -> None:
        if self._lock_fd < 0 or self._locked:
            return
        deadline = time.monotonic() + self.WAIT_SECONDS
        pause = 0.0002
        while True:
            try:
                fcntl.flock(self._lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() > deadline:
                    return  # leave it to SQLite's busy timeout
                time.sleep(pause)
                pause = min(pause * 2, 0.002)
                continue
            self._locked = True
            return

    def _release(self) -> None:
        if self._locked:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
            self._locked = False

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._release()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._release()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._release()
            if self._lock_fd >= 0:
                os.close(self._lock_fd)
                self._lock_fd = -1


def _configure_sqlite(engine: Engine, busy_seconds: float) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide where transactions begin (see _on_begin).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={round(busy_seconds * 1000)}")
        cur.close()
        # The directory's full-text triggers fold text as PostgreSQL's nachbarruf_fold does.
        dbapi_conn.create_function("nachbarruf_fold", 1, fold, deterministic=True)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        dbapi = conn.connection.dbapi_connection
        if isinstance(dbapi, QueuedWriters):
            dbapi.queue_for_write()
        # IMMEDIATE takes the write lock up front. A deferred transaction that read first
        # and writes later fails at once (SQLITE_BUSY_SNAPSHOT) when another process wrote
        # in between, which busy_timeout cannot wait out; this way concurrent webhooks,
        # gunicorn workers and the RQ worker queue up behind each other instead.
        conn.exec_driver_sql("BEGIN IMMEDIATE")


db = Database()
