"""Helpers shared by the benchmarks: processes, ports, percentiles, a results table."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def summary(values: Sequence[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "p99": percentile(values, 99),
        "mean": statistics.fmean(values) if values else float("nan"),
    }


def table(rows: list[dict[str, object]], columns: list[str]) -> str:
    """A plain text table; floats with two decimals."""

    def cell(v: object) -> str:
        return f"{v:.2f}" if isinstance(v, float) else str(v)

    widths = [max(len(c), *(len(cell(r.get(c, ""))) for r in rows)) for c in columns]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    for r in rows:
        lines.append(
            "  ".join(cell(r.get(c, "")).ljust(w) for c, w in zip(columns, widths, strict=True))
        )
    return "\n".join(lines)


def bench_env(workdir: Path, **extra: str) -> dict[str, str]:
    """Environment for an app process of the benchmark: its own instance folder and DB."""
    env = dict(os.environ)
    env.update(
        {
            "NACHBARRUF_INSTANCE": str(workdir / "instance"),
            "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
            "SECRET_KEY": "bench-secret",
            "TELEPHONY": "sandbox",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra)
    return env


def nachbarruf(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    """Run a ``nachbarruf`` command; return its output, fail loudly on error."""
    result = subprocess.run(
        [str(BIN / "nachbarruf"), *args],
        env=env,
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"nachbarruf {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


@contextlib.contextmanager
def gunicorn(
    env: dict[str, str],
    app: str = "app:app",
    workers: int = 2,
    threads: int = 1,
    log: Path | None = None,
    config: Path | None = None,
    access_log: Path | None = None,
    cwd: Path | None = None,
) -> Iterator[str]:
    """Serve ``app`` under gunicorn on a free port; yields the base URL.

    ``config`` is a gunicorn config file (hooks, log format); ``access_log`` a file for one
    line per request (format from ``config``, else gunicorn's default); ``cwd`` another
    checkout to serve the app from (its code is imported first).
    """
    port = free_port()
    out = open(log or os.devnull, "w")  # noqa: SIM115 - closed below
    extra: list[str] = []
    if config is not None:
        extra += ["-c", str(config)]
    if access_log is not None:
        extra += ["--access-logfile", str(access_log)]
    proc = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "-w",
            str(workers),
            "--threads",
            str(threads),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            *extra,
            app,
        ],
        env={**env, "PYTHONPATH": str(cwd)} if cwd else env,
        cwd=cwd or ROOT,
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(base + "/healthz", timeout=5)
                break
            except requests.RequestException:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not start (see {log})") from None
                time.sleep(0.1)
        yield base
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        out.close()


@contextlib.contextmanager
def workdir(prefix: str) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix=f"nachbarruf-{prefix}-") as d:
        yield Path(d)


@contextlib.contextmanager
def environ(env: dict[str, str]) -> Iterator[None]:
    """``os.environ`` is ``env`` inside the block (create_app reads it), and as before after,
    so that one benchmark's settings never leak into the next one of the same run."""
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def analyze_if_postgres(session: Any, *tables: str) -> None:
    """Planner statistics for freshly bulk-loaded ``tables`` (all when none are named), as
    autovacuum keeps them in a PostgreSQL database that has been running for a while
    (SQLite has no such daemon). Name only tables that hold their realistic size: a table
    analysed while still empty makes the planner scan it row by row once it has grown."""
    from sqlalchemy import text

    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"ANALYZE {', '.join(tables)}"))
        session.commit()
