"""``python -m bench load [--rate=100] [--seconds=60] [--count=N] [--mix=calls:8,sms:1,views:1]
[--sqlite] [--quick] [--workers=N] [--threads=N] [--db-pool=N]``

An open-loop load against the stack as the Procfile starts it: the ``web`` line (gunicorn,
its workers and threads, ``PORT`` and ``WEB_CONCURRENCY`` filled in), one ``worker``,
PostgreSQL (a scratch database; ``--sqlite`` for one file), a private redis-server and the
fake Twilio of the tests on loopback (offers go there; volunteers answer them by SMS).

``--rate`` is webhooks (and page views) per second. Sessions start on schedule, whatever
became of the earlier ones (open loop): a whole call of a known client (seven webhooks
spread over the call, following the TwiML like Twilio), an SMS reply of a volunteer to an
offer the fake Twilio got ("JA 1234", or "STATUS" while there is none), a staff member's
view of **Heute**. ``--mix`` weighs them by the webhooks or views they bring. Then the
same rate of call webhooks against the bare Flask app of ``bench/bare_app.py`` under the
same gunicorn settings. Bounded: at most ``--seconds`` (60; ``--quick`` 15) and ``--count``
sessions, only on 127.0.0.1.

Reports per kind: sessions and requests sent, throughput, p50/p99/max latency (connect to
last byte, queueing included), errors by kind, and the open loop's own lateness (a late
generator means the figures are the generator's, not the app's).
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import subprocess
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import requests

from bench.common import BIN, ROOT, free_port, gunicorn, nachbarruf, percentile, table, workdir
from bench.dispatch import _start_redis
from bench.webhooks import (
    HOTLINE,
    KOMMUNE,
    STEPS,
    Recorder,
    ScriptError,
    TimedTransport,
    app_call,
    bare_call,
    client_numbers,
    postgres_database,
    procfile_settings,
)
from telephony.softphone import HttpTransport, send_sms

POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/nachbarruf_load"
EMAIL = "load@musterstadt.example"
PASSWORD = "load-passwort-lang-genug"
#: Fictional volunteer mobiles: the drama block 0152 28817 300-399.
VOLUNTEERS = [f"+4915228817{300 + i:03d}" for i in range(100)]
#: Requests (webhooks or views) each session brings.
WEIGHT = {"call": len(STEPS), "sms": 1, "view": 1}
#: Most sessions in flight at once (the generator's threads).
THREADS = 256


class Results:
    """Latencies and errors per kind, from all threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.ms: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.sessions: dict[str, int] = defaultdict(int)

    def add(self, kind: str, ms: float) -> None:
        with self.lock:
            self.ms[kind].append(ms)

    def error(self, kind: str, what: str) -> None:
        with self.lock:
            self.errors[kind][what] += 1


class Timed(HttpTransport):
    """The softphone's HTTP transport, timing every request under ``kind``."""

    def __init__(self, results: Results, kind: str) -> None:
        super().__init__(timeout=30)
        self.results = results
        self.kind = kind

    def post(self, url: str, params: dict[str, str], signature: str) -> tuple[int, str]:
        started = time.perf_counter()
        code, text = super().post(url, params, signature)
        self.results.add(self.kind, (time.perf_counter() - started) * 1000)
        if code >= 400:
            raise ScriptError(f"HTTP {code}")
        return code, text


# --- the stack ------------------------------------------------------------------------------


def web_command(port: int, workers: int | None, threads: int | None) -> str:
    """The Procfile's ``web`` line with its variables filled in (and ``--workers`` or
    ``--threads`` replaced when given)."""
    line = next(
        x for x in (ROOT / "Procfile").read_text().splitlines() if x.startswith("web:")
    ).removeprefix("web:")
    line = line.replace("${PORT:-8000}", str(port))
    line = line.replace("0.0.0.0", "127.0.0.1")  # noqa: S104 - loopback only
    line = re.sub(r"\$\{WEB_CONCURRENCY:-(\d+)\}", lambda m: str(workers or m[1]), line)
    line = re.sub(r"\$\{WEB_THREADS:-(\d+)\}", lambda m: str(threads or m[1]), line)
    if threads:
        line = re.sub(r"--threads \S+", f"--threads {threads}", line)
    return line.replace("--access-logfile -", "--access-logfile /dev/null").strip()


@contextmanager
def process(command: list[str], env: dict[str, str], log: Path) -> Any:
    out = open(log, "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    try:
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
        out.close()


def wait_for(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            requests.get(url, timeout=2)
            return
        except requests.RequestException:
            if proc.poll() is not None or time.monotonic() > deadline:
                tail = "\n".join(log.read_text().splitlines()[-20:]) if log.exists() else ""
                raise RuntimeError(f"did not start:\n{tail}") from None
            time.sleep(0.2)


def seed(env: dict[str, str], folder: Path, clients: int) -> list[str]:
    nachbarruf(env, "db", "upgrade")
    nachbarruf(env, "kommune", "add", KOMMUNE, "--number", HOTLINE, "--state", "BE")
    numbers = client_numbers(clients)
    rows = ["role,name,phone,district,categories,languages,notes"]
    rows += [
        f"client,Erika Musterfrau {i},{n},Musterviertel,,de,Last" for i, n in enumerate(numbers, 1)
    ]
    rows += [
        f"volunteer,Max Mustermann {i},{n},Musterviertel,Einkaufen,de,Last"
        for i, n in enumerate(VOLUNTEERS, 1)
    ]
    (folder / "people.csv").write_text("\n".join(rows) + "\n")
    nachbarruf(env, "import", str(folder / "people.csv"), "--kommune", KOMMUNE)
    nachbarruf(
        env, "staff", "add", EMAIL, "--kommune", KOMMUNE, "--role", "admin", stdin=PASSWORD + "\n"
    )
    return numbers


def login(base: str) -> str:
    """A staff session; its cookie header."""
    http = requests.Session()
    page = http.get(base + "/login", timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    if token is None:
        raise RuntimeError("no CSRF token on the login page")
    response = http.post(
        base + "/login",
        data={"email": EMAIL, "password": PASSWORD, "csrf_token": token[1]},
        allow_redirects=False,
        timeout=10,
    )
    if response.status_code != 302:
        raise RuntimeError(f"login failed: HTTP {response.status_code}")
    return "; ".join(f"{k}={v}" for k, v in http.cookies.items())


# --- the sessions ---------------------------------------------------------------------------


class Offers:
    """Offers the fake Twilio got and nobody answered yet: (volunteer, reference)."""

    def __init__(self, fake: Any) -> None:
        self.fake = fake
        self.seen = 0
        self.lock = threading.Lock()
        self.open: list[tuple[str, str]] = []

    def take(self) -> tuple[str, str] | None:
        with self.lock:
            messages = self.fake.messages[self.seen :]
            self.seen += len(messages)
            for m in messages:
                found = re.search(r"JA (\d+)", m.body)
                if found:
                    self.open.append((m.to, found[1]))
            return self.open.pop() if self.open else None


def view(base: str, cookie: str, results: Results) -> None:
    parts = urlsplit(base)
    started = time.perf_counter()
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    try:
        conn.request("GET", "/", headers={"Cookie": cookie})
        response = conn.getresponse()
        response.read()
    finally:
        conn.close()
    results.add("view", (time.perf_counter() - started) * 1000)
    if response.status != 200:
        raise ScriptError(f"HTTP {response.status}")


def plan(mix: dict[str, float], rate: float, seconds: float, count: int) -> list[str]:
    """Which session starts at each tick: weighted round robin, so that the mix holds at
    any moment; ``rate`` counts requests, a call bringing seven."""
    per_request = sum(mix.values())
    sessions = []
    credit = dict.fromkeys(mix, 0.0)
    requests_planned = 0.0
    while requests_planned < rate * seconds and len(sessions) < count:
        for kind in credit:
            credit[kind] += mix[kind] / per_request
        kind = max(credit, key=lambda k: credit[k])
        credit[kind] -= 1
        sessions.append(kind)
        requests_planned += WEIGHT[kind]
    return sessions


def run_open_loop(
    sessions: list[str], rate: float, start: Any, results: Results
) -> tuple[float, list[float]]:
    """Start each session at its time (``rate`` requests per second); returns the seconds
    it took and how late each start was (ms)."""
    late: list[float] = []
    with ThreadPoolExecutor(THREADS) as pool:
        began = time.perf_counter()
        at = 0.0
        for kind in sessions:
            now = time.perf_counter() - began
            if now < at:
                time.sleep(at - now)
            else:
                late.append((now - at) * 1000)
            pool.submit(start, kind)
            at += WEIGHT[kind] / rate
        pool.shutdown(wait=True)
        seconds = time.perf_counter() - began
    return seconds, late


def parse(options: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench load")
    parser.add_argument("--rate", type=float, default=100.0, help="requests per second")
    parser.add_argument("--seconds", type=float, help="how long (default 60, --quick 15)")
    parser.add_argument("--count", type=int, default=5000, help="most sessions")
    parser.add_argument("--mix", default="call:8,sms:1,view:1", help="share of requests")
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    parser.add_argument("--quick", action="store_true", help="15 s")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: Procfile)")
    parser.add_argument("--threads", type=int, help="gunicorn threads (default: Procfile)")
    parser.add_argument("--db-pool", type=int, help="DATABASE_POOL_SIZE for the web process")
    return parser.parse_args(options)


def main(options: list[str]) -> int:
    import logging

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    args = parse(options)
    seconds = args.seconds or (15.0 if args.quick else 60.0)
    if args.rate <= 0 or seconds <= 0 or seconds > 600:
        print("bench load: --rate must be positive and --seconds at most 600")
        return 2
    mix = {k: float(v) for k, v in (x.split(":") for x in args.mix.split(","))}
    sessions = plan(mix, args.rate, seconds, args.count)
    calls = sessions.count("call")
    if calls > 990:
        print(f"bench load: {calls} calls need more than the 990 client numbers; lower the rate")
        return 2
    procfile = procfile_settings() or (2, 1)
    workers, threads = args.workers or procfile[0], args.threads or procfile[1]
    load_before = os.getloadavg()
    from tests.fake_twilio import ACCOUNT, TOKEN, FakeTwilio

    results, bare = Results(), Results()
    with workdir("load") as folder, ExitStack() as stack:
        redis_proc, redis_url = _start_redis(folder)
        if redis_proc is not None:
            stack.callback(redis_proc.terminate)
        fake = FakeTwilio().start()
        stack.callback(fake.stop)
        if args.sqlite:
            database_url = f"sqlite:///{folder / 'load.sqlite3'}"
            database = "SQLite"
        else:
            url = os.environ.get("BENCH_POSTGRES_URL", POSTGRES_URL)
            database_url = stack.enter_context(postgres_database(url))
            database = "PostgreSQL"
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = dict(os.environ)
        env.update(
            DATABASE_URL=database_url,
            REDIS_URL=redis_url,
            SECRET_KEY="load",
            NACHBARRUF_INSTANCE=str(folder / "instance"),
            TELEPHONY="twilio",
            TWILIO_ACCOUNT_SID=ACCOUNT,
            TWILIO_AUTH_TOKEN=TOKEN,
            TWILIO_API_BASE=fake.url,
            PUBLIC_BASE_URL=base,
            CONTACT_HOURS="0-24",
            TODAY_MIN_HOURS="0",
            INBOUND_CALL_LIMIT="100000/10min",
            INBOUND_SMS_LIMIT="100000/10min",
            OPEN_REQUESTS_PER_CLIENT="1000",
            TWILIO_SMS_PER_SECOND="0",
            PYTHONUNBUFFERED="1",
            PORT=str(port),
            PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",  # gunicorn, nachbarruf
        )
        if args.db_pool:
            env["DATABASE_POOL_SIZE"] = str(args.db_pool)
        numbers = iter(seed(env, folder, calls + 10))
        take_number = threading.Lock()
        web_line = web_command(port, args.workers, args.threads)
        web = stack.enter_context(
            process(["bash", "-c", f"exec {web_line}"], env, folder / "web.log")
        )
        stack.enter_context(
            process([str(BIN / "nachbarruf"), "worker"], env, folder / "worker.log")
        )
        wait_for(base + "/healthz", web, folder / "web.log")
        cookie = login(base)
        offers = Offers(fake)

        def start(kind: str) -> None:
            results.sessions[kind] += 1
            try:
                if kind == "call":
                    with take_number:
                        number = next(numbers)
                    app_call(base, TOKEN, number, Timed(results, "call"))  # type: ignore[arg-type]
                elif kind == "sms":
                    offer = offers.take()
                    volunteer, body = (
                        (offer[0], f"JA {offer[1]}") if offer else (VOLUNTEERS[0], "STATUS")
                    )
                    send_sms(
                        Timed(results, "sms"),
                        base,
                        TOKEN,
                        from_=volunteer,
                        to=HOTLINE,
                        body=body,
                        account_sid=ACCOUNT,
                    )
                else:
                    view(base, cookie, results)
            except Exception as exc:
                results.error(kind, f"{type(exc).__name__}: {str(exc)[:80]}")

        # Warm-up: every web worker imports, connects and caches before the clock runs.
        for _ in range(max(2, workers * threads)):
            start("call")
        results.ms.clear()
        results.errors.clear()
        results.sessions.clear()
        app_seconds, app_late = run_open_loop(sessions, args.rate, start, results)

        # The bare endpoint beside it: the same webhooks at the same rate, no dialogue.
        recorder = Recorder()
        reference = TimedTransport(recorder, "app", 0)
        with take_number:
            number = next(numbers)
        app_call(base, TOKEN, number, reference)
        script = reference.sent
        bare_env = {**env, "PORT": str(free_port())}
        with gunicorn(
            bare_env, "bench.bare_app:app", workers=workers, threads=threads
        ) as bare_base:
            bare_calls = ["call"] * max(1, calls)

            def start_bare(kind: str) -> None:
                bare.sessions[kind] += 1
                try:
                    bare_call(bare_base, TOKEN, BareTimed(bare), script)  # type: ignore[arg-type]
                except Exception as exc:
                    bare.error(kind, f"{type(exc).__name__}: {str(exc)[:80]}")

            for _ in range(4):
                start_bare("call")
            bare.ms.clear()
            bare.sessions.clear()
            bare.errors.clear()
            # The rate the app got call webhooks at.
            call_rate = args.rate * calls * WEIGHT["call"] / sum(WEIGHT[k] for k in sessions)
            bare_seconds, bare_late = run_open_loop(bare_calls, call_rate, start_bare, bare)
        offers_sent = sum(1 for m in fake.messages if "Antworten Sie JA" in m.body)

    report(
        args,
        workers,
        threads,
        database,
        seconds,
        results,
        app_seconds,
        app_late,
        bare,
        bare_seconds,
        bare_late,
        offers_sent,
        load_before,
    )
    return 1 if any(results.errors.values()) else 0


class BareTimed(TimedTransport):
    """Posts of the bare replay, timed as ``call`` in ``results``."""

    def __init__(self, results: Results) -> None:
        super().__init__(Recorder(), "bare", 0)
        self.results = results

    def post(self, url: str, params: dict[str, str], signature: str) -> tuple[int, str]:
        parts = urlsplit(url)
        started = time.perf_counter()
        conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
        try:
            conn.request(
                "POST",
                parts.path + (f"?{parts.query}" if parts.query else ""),
                urlencode(params),
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "X-Twilio-Signature": signature,
                },
            )
            response = conn.getresponse()
            text = response.read().decode()
        finally:
            conn.close()
        self.results.add("call", (time.perf_counter() - started) * 1000)
        return response.status, text


def report(
    args: argparse.Namespace,
    workers: int,
    threads: int,
    database: str,
    seconds: float,
    results: Results,
    app_seconds: float,
    app_late: list[float],
    bare: Results,
    bare_seconds: float,
    bare_late: list[float],
    offers_sent: int,
    load_before: tuple[float, float, float],
) -> None:
    print(
        f"\nbench load: open loop, {args.rate:g} requests/s for {seconds:g} s, mix {args.mix}; "
        f"{database}; web as the Procfile: gunicorn {workers} worker(s) x {threads} thread(s)"
        f"{'' if not args.db_pool else f', DATABASE_POOL_SIZE {args.db_pool}'}; one worker; "
        f"fake Twilio; {os.cpu_count()} CPUs, load average before {load_before[0]:.2f}, "
        f"after {os.getloadavg()[0]:.2f}"
    )
    rows = []
    for target, res, secs in (("app", results, app_seconds), ("bare", bare, bare_seconds)):
        for kind in ("call", "sms", "view"):
            values = res.ms.get(kind, [])
            if not values and not res.errors.get(kind):
                continue
            errors = sum(res.errors.get(kind, {}).values())
            rows.append(
                {
                    "target": target,
                    "kind": "call webhooks" if kind == "call" else kind,
                    "sessions": res.sessions.get(kind, 0),
                    "requests": len(values),
                    "req/s": len(values) / secs if secs else float("nan"),
                    "p50 ms": percentile(values, 50),
                    "p99 ms": percentile(values, 99),
                    "max ms": max(values) if values else float("nan"),
                    "errors": errors,
                }
            )
    print(
        table(
            rows,
            [
                "target",
                "kind",
                "sessions",
                "requests",
                "req/s",
                "p50 ms",
                "p99 ms",
                "max ms",
                "errors",
            ],
        )
    )
    for kind, errors in results.errors.items():
        for what, n in sorted(errors.items(), key=lambda kv: -kv[1])[:5]:
            print(f"  error {kind}: {n} x {what}")
    every = [v for values in results.ms.values() for v in values]
    print(
        f"all app requests: {len(every)} in {app_seconds:.1f} s = {len(every) / app_seconds:.1f}/s, "
        f"p50 {percentile(every, 50):.1f} ms, p99 {percentile(every, 99):.1f} ms; offers at "
        f"the fake Twilio: {offers_sent}"
    )
    for name, late in (("app", app_late), ("bare", bare_late)):
        if late:
            print(f"generator ({name}): {len(late)} starts late, p99 {percentile(late, 99):.1f} ms")
    p99 = percentile(every, 99)
    errors = sum(sum(e.values()) for e in results.errors.values())
    ok = p99 < 50 and errors == 0
    print(
        f"Goal (issue 12, item 2): p99 < 50 ms with 0 errors: {'met' if ok else 'MISSED'} "
        f"({p99:.1f} ms, {errors} errors)"
    )
