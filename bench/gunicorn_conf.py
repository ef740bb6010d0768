"""gunicorn settings used only by the benchmarks (``gunicorn -c bench/gunicorn_conf.py``).

Each worker wraps the loaded WSGI app in :class:`Measure`, which notes what a request
spent in the database, in the Redis enqueue and in the signature check, and the CPU time
it used. The access log writes one line per request: the client's ``X-Bench-Id``, the
status, gunicorn's own server time (``%(D)s``: from the parsed request to the last byte
written, teardown included) and those figures. ``bench/webhooks.py`` reads the lines back.

Only timers are added: nothing the app does changes. Hooks into app code are optional and
skipped when the code they wrap is not there (the bare app, or a renamed function).
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

#: Fields after the request id, in this order (see :data:`access_log_format`).
FIELDS = (
    "status",
    "server_us",
    "cpu_us",
    "queries",
    "sql_us",
    "lock_us",
    "commit_us",
    "redis_us",
    "sig_us",
)

access_log_format = (
    "%({x-bench-id}i)s %(s)s %(D)s %({bench.cpu_us}e)s %({bench.queries}e)s %({bench.sql_us}e)s "
    "%({bench.lock_us}e)s %({bench.commit_us}e)s %({bench.redis_us}e)s %({bench.sig_us}e)s"
)

_local = threading.local()


class _Stats:
    __slots__ = ("commit", "lock", "queries", "redis", "sig", "sql")

    def __init__(self) -> None:
        self.queries = 0
        self.sql = self.lock = self.commit = self.redis = self.sig = 0.0


def _stats() -> _Stats | None:
    return getattr(_local, "stats", None)


class Measure:
    """WSGI middleware: per request statistics into the environ, for the access log."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        stats = _local.stats = _Stats()
        cpu = time.thread_time()
        try:
            # Flask has run the view and its teardown when this returns.
            return self.app(environ, start_response)
        finally:
            _local.stats = None
            # CPU this request used: unlike wall time, not inflated by waiting or by other
            # processes on the machine.
            environ["bench.cpu_us"] = str(round((time.thread_time() - cpu) * 1e6))
            environ["bench.queries"] = str(stats.queries)
            for name in ("sql", "lock", "commit", "redis", "sig"):
                environ[f"bench.{name}_us"] = str(round(getattr(stats, name) * 1e6))


def _timed(record: Callable[[_Stats, float], None], fn: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            stats = _stats()
            if stats is not None:
                record(stats, time.perf_counter() - started)

    return wrapper


def _add_sql(stats: _Stats, seconds: float) -> None:
    stats.sql += seconds


def _add_commit(stats: _Stats, seconds: float) -> None:
    stats.commit += seconds


def _add_redis(stats: _Stats, seconds: float) -> None:
    stats.redis += seconds


def _add_sig(stats: _Stats, seconds: float) -> None:
    stats.sig += seconds


def _watch_sqlalchemy() -> None:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        conn.info["bench.started"] = time.perf_counter()

    def after(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        started = conn.info.pop("bench.started", None)
        stats = _stats()
        if stats is None or started is None:
            return
        seconds = time.perf_counter() - started
        stats.queries += 1
        stats.sql += seconds
        if statement.startswith("BEGIN"):  # SQLite's BEGIN IMMEDIATE waits for the write lock
            stats.lock += seconds

    def on_connect(conn: Any) -> None:
        # The DBAPI COMMIT passes no cursor event; time it at the dialect.
        dialect = conn.dialect
        if not getattr(dialect, "bench_timed", False):
            dialect.do_commit = _timed(_add_commit, dialect.do_commit)
            dialect.bench_timed = True

    event.listen(Engine, "before_cursor_execute", before)
    event.listen(Engine, "after_cursor_execute", after)
    event.listen(Engine, "engine_connect", on_connect)


def _watch_app() -> None:
    jobs = sys.modules.get("jobs")
    if jobs is not None and hasattr(getattr(jobs, "Jobs", None), "enqueue"):
        jobs.Jobs.enqueue = _timed(_add_redis, jobs.Jobs.enqueue)
    signature = sys.modules.get("telephony.signature")
    if signature is not None and hasattr(signature, "is_valid_request"):
        signature.is_valid_request = _timed(_add_sig, signature.is_valid_request)


def post_worker_init(worker: Any) -> None:
    """gunicorn hook: the app is loaded; wrap it."""
    if "sqlalchemy" in sys.modules:
        _watch_sqlalchemy()
    _watch_app()
    worker.wsgi = Measure(worker.wsgi)
