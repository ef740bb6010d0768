"""``python -m bench profile [--calls=N] [--top=N] [--sort=tottime|cumulative] [--postgres]``

Where a webhook's CPU goes: the scripted call of ``bench/webhooks`` (``incoming`` → main
→ when → describe → confirm → done → status), played in this process through the WSGI
app (no HTTP, no gunicorn) under :mod:`cProfile`, after a warm-up that is not profiled.

Prints the functions that cost most (own time and cumulative), grouped lines per area
(SQL, signature, TwiML, prompts, ...), CPU and statements per webhook, and the same
for the bare Flask app of ``bench/bare_app.py`` driven the same way, so that the ratio
app/bare is the dialogue's own cost without the HTTP server. ``--out=FILE`` also writes
the raw profile (``python -m pstats FILE``, snakeviz).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import secrets
import time
from collections import defaultdict
from contextlib import ExitStack
from typing import Any
from urllib.parse import urlsplit

from bench.common import bench_env, environ, table, workdir
from bench.webhooks import (
    HOTLINE,
    SCRIPT,
    ScriptError,
    key_for,
    postgres_database,
    seed,
    webhook_token,
)
from telephony.signature import sign
from telephony.softphone import Softphone, WsgiTransport

#: Substrings of a profiled function's file or name → the area it is counted in.
AREAS = (
    ("sql", ("sqlalchemy", "sqlite3", "psycopg")),
    ("signature", ("request_validator", "hmac", "signature.py")),
    ("twiml", ("twiml", "xml/etree", "minidom")),
    ("prompts", ("prompts/", "babel")),
    ("dialogue", ("ivr/", "dispatch/", "models/")),
    ("flask/werkzeug", ("flask", "werkzeug")),
)


class CountingTransport(WsgiTransport):
    """The test client's transport, counting webhooks and remembering what was posted."""

    def __init__(self, client: object) -> None:
        super().__init__(client)
        self.posts: list[tuple[str, dict[str, str]]] = []

    def post(self, url: str, params: dict[str, str], signature: str) -> tuple[int, str]:
        self.posts.append((url, params))
        status, text = super().post(url, params, signature)
        if status >= 400:
            raise ScriptError(f"HTTP {status} from {urlsplit(url).path}")
        return status, text


def play(client: object, base: str, token: str, number: str) -> list[tuple[str, dict[str, str]]]:
    """One scripted call; returns the webhooks posted."""
    transport = CountingTransport(client)
    phone = Softphone(base_url=base, token=token, transport=transport)
    turn = phone.dial(number, HOTLINE, "CA" + secrets.token_hex(16))
    for _step, action, what in SCRIPT:
        if action == "press":
            turn = phone.press(key_for(turn, what))
        elif action == "say":
            turn = phone.say(what)
        else:
            turn = phone.silence()
    if not turn.ended:
        raise ScriptError("the call did not end")
    return transport.posts


def replay(client: object, base: str, token: str, script: list) -> int:  # type: ignore[type-arg]
    """The same webhooks against the bare app (as ``bench/webhooks`` does)."""
    sid = "CA" + secrets.token_hex(16)
    for url, params in script:
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        form = {**params, "CallSid": sid}
        response = client.post(  # type: ignore[attr-defined]
            path,
            data=form,
            headers={"X-Twilio-Signature": sign(base + path, form, token)},
            base_url=base,
        )
        if response.status_code != 200:
            raise ScriptError(f"HTTP {response.status_code} from the bare app")
    return len(script)


class Meter:
    """Wraps a Flask app's ``wsgi_app``: counts requests and the CPU they used (only the
    server side: the phone that plays the call is not measured), and profiles them when
    ``profile`` is set."""

    def __init__(self, app: Any) -> None:
        self.inner = app.wsgi_app
        app.wsgi_app = self
        self.on = False
        self.profile: cProfile.Profile | None = None
        self.requests = 0
        self.cpu = 0.0

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        if self.profile is not None:
            self.profile.enable()
            try:
                return list(self.inner(environ, start_response))
            finally:
                self.profile.disable()
        if not self.on:
            return self.inner(environ, start_response)
        started = time.thread_time()
        try:
            return list(self.inner(environ, start_response))
        finally:
            self.cpu += time.thread_time() - started
            self.requests += 1


def area_of(filename: str, name: str) -> str:
    where = f"{filename}:{name}"
    for area, needles in AREAS:
        if any(n in where for n in needles):
            return area
    return "other"


def areas(stats: pstats.Stats) -> dict[str, float]:
    """Own time per area (seconds)."""
    spent: dict[str, float] = defaultdict(float)
    for (filename, _line, name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        spent[area_of(filename, name)] += tottime
    return dict(spent)


def parse(options: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench profile")
    parser.add_argument("--calls", type=int, default=60, help="profiled calls (default 60)")
    parser.add_argument("--top", type=int, default=25, help="functions listed (default 25)")
    parser.add_argument("--sort", default="tottime", choices=("tottime", "cumulative"))
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL instead of SQLite")
    parser.add_argument("--quick", action="store_true", help="20 calls")
    parser.add_argument("--out", help="write the raw profile here")
    return parser.parse_args(options)


def main(options: list[str]) -> int:
    args = parse(options)
    calls = 20 if args.quick else args.calls
    warmup = 5
    with workdir("profile") as folder, ExitStack() as stack:
        extra = {
            "TWILIO_ACCOUNT_SID": "",
            "TWILIO_AUTH_TOKEN": "",
            "PUBLIC_BASE_URL": "",
            "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"),
        }
        database = "SQLite"
        if args.postgres:
            url = os.environ.get(
                "BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/nachbarruf_profile"
            )
            extra["DATABASE_URL"] = stack.enter_context(postgres_database(url))
            database = "PostgreSQL"
        env = bench_env(folder, **extra)
        numbers = iter(seed(env, folder, 1 + warmup + 2 * calls))
        token = webhook_token(env)
        with environ(env):
            from app import create_app
            from bench.bare_app import app as bare

            app = create_app({"JOBS_MODE": "collect"})  # no Redis round trip in the profile
            base = "http://127.0.0.1:5000"
            client = app.test_client()
            script = play(client, base, token, next(numbers))
            for _ in range(warmup):
                play(client, base, token, next(numbers))
            bare_client = bare.test_client()
            for _ in range(warmup):
                replay(bare_client, base, token, script)

            from sqlalchemy import event

            from models import db

            with app.app_context():
                engine = db.engine
            statements = [0]

            def count(*_args: object) -> None:
                statements[0] += 1

            app_meter, bare_meter = Meter(app), Meter(bare)
            # Unprofiled first: CPU per webhook as it really is, and the statements.
            event.listen(engine, "before_cursor_execute", count)
            app_meter.on = True
            for _ in range(calls):
                play(client, base, token, next(numbers))
            app_meter.on = False
            event.remove(engine, "before_cursor_execute", count)
            bare_meter.on = True
            for _ in range(calls):
                replay(bare_client, base, token, script)
            bare_meter.on = False

            profile = cProfile.Profile()
            app_meter.profile = profile
            for _ in range(calls):
                play(client, base, token, next(numbers))
            app_meter.profile = None
            webhooks, app_cpu = app_meter.requests, app_meter.cpu
            bare_webhooks, bare_cpu = bare_meter.requests, bare_meter.cpu
            profiled = webhooks

    stats = pstats.Stats(profile)
    if args.out:
        stats.dump_stats(args.out)
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats(args.sort).print_stats(args.top)
    print(f"bench profile: {calls} scripted calls, {webhooks} webhooks, in-process ({database})")
    print(out.getvalue().split("\n", 4)[-1] if out.getvalue() else "")
    spent = areas(stats)
    total = sum(spent.values()) or 1.0
    rows = [
        {"area": area, "ms per webhook": 1000 * seconds / profiled, "%": 100 * seconds / total}
        for area, seconds in sorted(spent.items(), key=lambda kv: -kv[1])
    ]
    print("Own time per area (profiled, so inflated alike)")
    print(table(rows, ["area", "ms per webhook", "%"]))
    app_ms = 1000 * app_cpu / webhooks
    bare_ms = 1000 * bare_cpu / bare_webhooks
    print(
        f"\nCPU per webhook (unprofiled, WSGI app only, no HTTP server): app {app_ms:.2f} ms, bare {bare_ms:.2f} ms, "
        f"x {app_ms / bare_ms:.1f}; statements per webhook {statements[0] / webhooks:.1f} "
        f"({statements[0]} in {webhooks}); load average {os.getloadavg()[0]:.2f}"
    )
    return 0
