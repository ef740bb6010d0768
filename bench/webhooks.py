"""``python -m bench webhooks [--quick] [--postgres] [--workers=N] [--threads=N]``

A scripted full call by a known caller — every webhook Twilio sends for one request:
``incoming`` → main menu key → "when" key → description (speech) → confirm key → ``done``
(silence, the ``<Redirect>``) → ``status`` ``completed`` — at 1, 10 and 50 concurrent
callers against the app under gunicorn, side by side with the bare Flask app of
``bench/bare_app.py`` under the same gunicorn settings, in one run.

The calls are driven by :class:`telephony.softphone.Softphone`: it follows the TwiML and
presses what the menus announce, so the path is the dialogue's, not a list of URLs. The
baseline gets the same webhooks (paths, form fields, signatures) replayed. Each caller is
a thread that calls again as soon as a call ends (closed loop, no think time).

Two times per webhook: client-observed (connect to last byte, in this process) and server
time (gunicorn's access log ``%(D)s``, see ``bench/gunicorn_conf.py``, which also notes
each request's CPU, database, Redis and signature time). Prints percentiles per webhook step and
overall, the ratios app/bare and whether the goals of issue 2 (item 10) are met: at 10
concurrent callers p99 server time under 50 ms and within 2x of the bare endpoint. A missed
goal is reported, never an error; the exit status is 1 only if calls went wrong.

gunicorn runs as the Procfile's web process does (workers, threads) unless ``--workers``
and ``--threads`` say otherwise. Options take their value with ``=`` (``--workers=4``): ``python -m bench`` reads words
without a dash as benchmark names. The app enqueues its jobs to Redis database 14; the
run's queue is deleted afterwards; ``BENCH_REDIS_URL`` and ``BENCH_POSTGRES_URL``
(the scratch database, dropped afterwards) point elsewhere.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import platform
import re
import secrets
import statistics
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import psycopg
from flask import Flask

import telephony
from bench.common import ROOT, bench_env, gunicorn, nachbarruf, percentile, table, workdir
from bench.gunicorn_conf import FIELDS
from telephony.signature import sign
from telephony.softphone import Softphone, Turn

#: Concurrent callers per phase.
LEVELS = (1, 10, 50)
#: Calls per phase (a multiple of the callers): the default run, and ``--quick``.
CALLS = {1: 100, 10: 300, 50: 500}
QUICK_CALLS = {1: 10, 10: 30, 50: 50}
#: The webhooks of one call, in order (named by their URL path).
STEPS = ("incoming", "main", "when", "describe", "confirm", "done", "status")

#: What the caller does at each prompt: (step whose action the prompt posts to, what).
SCRIPT = (
    ("main", "press", "Einkaufen"),
    ("when", "press", "heute"),
    ("describe", "say", "Brot, Milch und ein Glas Honig vom Supermarkt, bitte."),
    ("confirm", "press", "Ja"),
    ("done", "silence", ""),
)

#: The goal: p99 server time at this many callers under this, and within RATIO of bare.
GOAL_CALLERS = 10
GOAL_P99_MS = 50.0
GOAL_RATIO = 2.0

KOMMUNE = "Musterstadt"
#: Fictional numbers: Berlin's drama range of the BNetzA, 030 23125 000 to 999; one known
#: client per call (a client with an open request would hear the status menu instead).
HOTLINE = "+493023125000"
MAX_CLIENTS = 999

POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/nachbarruf_bench"
REDIS_URL = "redis://127.0.0.1:6379/14"
CONFIG = ROOT / "bench" / "gunicorn_conf.py"

OPTION = re.compile(r"Für (?P<what>[^.]*?) drücken Sie die (?P<key>\d|Sterntaste|Rautetaste)\.")
KEY_WORDS = {"Sterntaste": "*", "Rautetaste": "#"}


class ScriptError(RuntimeError):
    """The call did not go the way the script expects."""


# --- measuring ----------------------------------------------------------------------------


@dataclass
class Sample:
    """One webhook: who sent it, when in the run, and how long it took."""

    target: str  # app / bare
    callers: int  # 0 while warming up
    step: str
    status: int
    client_ms: float
    #: From the access log: server time and its parts (ms), statements executed.
    server: dict[str, float] = field(default_factory=dict)


class Recorder:
    """Collects samples from all caller threads (list.append is atomic)."""

    def __init__(self) -> None:
        self.samples: dict[str, Sample] = {}
        self._ids = itertools.count()

    def new_id(self) -> str:
        return f"w{next(self._ids)}"

    def add(self, rid: str, sample: Sample) -> None:
        self.samples[rid] = sample

    def read_access_log(self, path: Path) -> int:
        """Attach the server's figures to the samples; returns how many matched."""
        matched = 0
        for line in path.read_text().splitlines():
            rid, *values = line.split()
            sample = self.samples.get(rid)
            if sample is None or len(values) != len(FIELDS):
                continue
            figures = dict(zip(FIELDS, values, strict=True))
            sample.server = {
                "server": int(figures["server_us"]) / 1000,
                "cpu": int(figures["cpu_us"]) / 1000,
                "queries": float(figures["queries"]),
                **{
                    name: int(figures[f"{name}_us"]) / 1000
                    for name in ("sql", "lock", "commit", "redis", "sig")
                },
            }
            matched += 1
        return matched


def step_of(url: str) -> str:
    """``/voice/step/main?n=1`` → ``main``; ``/voice/incoming`` → ``incoming``."""
    parts = urlsplit(url).path.strip("/").split("/")
    return parts[2] if len(parts) > 2 and parts[1] == "step" else parts[-1]


class TimedTransport:
    """A :class:`telephony.softphone.Transport` over plain ``http.client`` (lighter than
    requests, so the load generator stays out of the way), timing each webhook and tagging
    it with ``X-Bench-Id`` for the access log. One connection per webhook, whatever the
    worker class (sync workers close every connection)."""

    def __init__(self, recorder: Recorder, target: str, callers: int) -> None:
        self.recorder = recorder
        self.target = target
        self.callers = callers
        #: (url, form) of every webhook sent, for the replay against the bare app.
        self.sent: list[tuple[str, dict[str, str]]] = []

    def post(self, url: str, params: dict[str, str], signature: str) -> tuple[int, str]:
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        rid = self.recorder.new_id()
        body = urlencode(params)
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Twilio-Signature": signature,
            "X-Bench-Id": rid,
        }
        started = time.perf_counter()
        conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=60)
        try:
            conn.request("POST", path, body, headers)
            response = conn.getresponse()
            text = response.read().decode()
        finally:
            conn.close()
        elapsed = (time.perf_counter() - started) * 1000
        self.sent.append((url, params))
        self.recorder.add(
            rid, Sample(self.target, self.callers, step_of(url), response.status, elapsed)
        )
        if response.status >= 400:  # the softphone does not look at the status callback's
            raise ScriptError(f"HTTP {response.status} from {parts.path}")
        return response.status, text


# --- the callers --------------------------------------------------------------------------


def key_for(turn: Turn, what: str) -> str:
    """The key the prompt announced for ``what`` ("Für heute drücken Sie die 1")."""
    for match in OPTION.finditer(turn.text):
        if what.lower() in match["what"].lower():
            return KEY_WORDS.get(match["key"], match["key"])
    raise ScriptError(f"no option {what!r} announced in: {turn.text[:200]}")


def app_call(base: str, token: str, number: str, transport: TimedTransport) -> None:
    """One full call to the app, following its TwiML."""
    phone = Softphone(base_url=base, token=token, transport=transport)
    turn = phone.dial(number, HOTLINE, "CA" + secrets.token_hex(16))
    for step, action, what in SCRIPT:
        waiting = phone.waiting
        action_path = urlsplit(waiting.attrs.get("action", "")).path if waiting else ""
        if action_path != f"/voice/step/{step}":
            raise ScriptError(f"expected the {step!r} prompt, got {waiting}: {turn.text[:200]}")
        if action == "press":
            turn = phone.press(key_for(turn, what))
        elif action == "say":
            turn = phone.say(what)
        else:
            turn = phone.silence()
    if not turn.ended:
        raise ScriptError(f"call did not end after the script: {turn.text[:200]}")


def bare_call(
    base: str, token: str, transport: TimedTransport, script: list[tuple[str, dict[str, str]]]
) -> None:
    """The same webhooks, replayed against the bare app (signed alike, a CallSid of its own)."""
    sid = "CA" + secrets.token_hex(16)
    for recorded, params in script:
        parts = urlsplit(recorded)
        url = base + parts.path + (f"?{parts.query}" if parts.query else "")
        form = {**params, "CallSid": sid}
        status, _ = transport.post(url, form, sign(url, form, token))
        if status != 200:
            raise ScriptError(f"HTTP {status} from the bare app")


@dataclass
class Phase:
    target: str
    callers: int
    calls: int
    seconds: float = 0.0
    #: CPU seconds this process (the callers) used meanwhile.
    client_cpu: float = 0.0
    errors: list[str] = field(default_factory=list)


def run_phase(phase: Phase, recorder: Recorder, call: Callable[[TimedTransport], None]) -> Phase:
    """``phase.callers`` threads, each making its share of the calls back to back."""
    each = phase.calls // phase.callers
    start = threading.Barrier(phase.callers + 1)

    def caller() -> None:
        transport = TimedTransport(recorder, phase.target, phase.callers)
        start.wait()
        for _ in range(each):
            try:
                call(transport)
            except Exception as exc:
                phase.errors.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=caller, daemon=True) for _ in range(phase.callers)]
    for thread in threads:
        thread.start()
    start.wait()
    began, cpu = time.perf_counter(), time.process_time()
    for thread in threads:
        thread.join()
    phase.seconds = time.perf_counter() - began
    phase.client_cpu = time.process_time() - cpu
    return phase


# --- setting up ---------------------------------------------------------------------------


def client_numbers(count: int) -> list[str]:
    return [f"+49302312{5000 + i:04d}" for i in range(1, count + 1)]


def seed(env: dict[str, str], folder: Path, count: int) -> list[str]:
    """Schema, the Kommune and ``count`` known clients, through the real CLI."""
    nachbarruf(env, "db", "upgrade")
    nachbarruf(env, "kommune", "add", KOMMUNE, "--number", HOTLINE, "--state", "BE")
    numbers = client_numbers(count)
    rows = ["role,name,phone,district,categories,languages,notes"]
    rows += [
        f"client,Erika Musterfrau {i},{number},Musterviertel,,de,Benchmark"
        for i, number in enumerate(numbers, start=1)
    ]
    path = folder / "clients.csv"
    path.write_text("\n".join(rows) + "\n")
    nachbarruf(env, "import", str(path), "--kommune", KOMMUNE)
    return numbers


@contextmanager
def postgres_database(url: str) -> Iterator[str]:
    """A scratch database, dropped afterwards."""
    server, _, name = url.rpartition("/")

    def admin(sql: str) -> None:
        with psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=5) as conn:
            conn.execute(sql)

    admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin(f'CREATE DATABASE "{name}"')
    try:
        yield url
    finally:
        admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def redis_state(url: str, database_url: str, clean: bool) -> str:
    """Whether the Redis the app enqueues to answers; ``clean`` deletes the run's queue
    (one per database, named by the app) and the jobs in it."""
    from redis import Redis
    from redis.exceptions import RedisError
    from rq import Queue
    from rq.job import Job

    import jobs

    name = jobs.queue_name(database_url) if hasattr(jobs, "queue_name") else jobs.QUEUE
    try:
        connection = Redis.from_url(url, socket_connect_timeout=0.5)
        connection.ping()
        if clean:
            queue = Queue(name, connection=connection)
            for job_id in queue.scheduled_job_registry.get_job_ids():
                Job(job_id, connection=connection).delete(remove_from_queue=False)
            queue.delete(delete_jobs=True)
        return f"reachable at {url} (confirm enqueues a job; the queue is deleted after the run)"
    except RedisError as exc:
        return f"not reachable at {url} ({type(exc).__name__}): the enqueue is skipped"


def webhook_token(env: dict[str, str]) -> str:
    """The secret the app checks signatures with, from the app's own function."""
    holder = Flask("bench")
    holder.config.update(TWILIO_AUTH_TOKEN=env["TWILIO_AUTH_TOKEN"], SECRET_KEY=env["SECRET_KEY"])
    return telephony.auth_token(holder)


# --- reporting ----------------------------------------------------------------------------


def _ms(values: list[float], p: float) -> float:
    return percentile(values, p) if values else float("nan")


def _ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


def latency_rows(samples: list[Sample], metric: str) -> list[dict[str, object]]:
    """p50/p99 per number of callers and step for app and bare, and their ratios."""
    groups: dict[tuple[str, int, str], list[float]] = defaultdict(list)
    for s in samples:
        value = s.client_ms if metric == "client" else s.server.get("server")
        if value is None or s.callers == 0:
            continue
        for step in (s.step, "all"):
            groups[(s.target, s.callers, step)].append(value)
    rows = []
    for callers in LEVELS:
        for step in (*STEPS, "all"):
            app = groups.get(("app", callers, step), [])
            bare = groups.get(("bare", callers, step), [])
            before = groups.get(("before", callers, step), [])
            if not app and not bare:
                continue
            row: dict[str, object] = {"callers": callers, "step": step, "n": len(app)}
            for p in (50, 99):
                row[f"app p{p}"] = _ms(app, p)
                row[f"bare p{p}"] = _ms(bare, p)
                if before:
                    row[f"before p{p}"] = _ms(before, p)
            row["x p50"] = _ratio(_ms(app, 50), _ms(bare, 50))
            row["x p99"] = _ratio(_ms(app, 99), _ms(bare, 99))
            if before:
                row["app/before p99"] = _ratio(_ms(app, 99), _ms(before, 99))
            rows.append(row)
    return rows


BREAKDOWN = (
    ("queries", "queries"),
    ("sql", "sql ms"),
    ("lock", "begin ms"),
    ("commit", "commit ms"),
    ("redis", "redis ms"),
    ("sig", "sig ms"),
)


def breakdown_rows(samples: list[Sample]) -> list[dict[str, object]]:
    """Mean per app webhook: server time and where it went; per step, over all, and over
    the slowest 1% (what the p99 is made of)."""
    groups: dict[tuple[str, int, str], list[Sample]] = defaultdict(list)
    for s in samples:
        if s.target in ("app", "before") and s.callers and s.server:
            groups[(s.target, s.callers, s.step)].append(s)
            groups[(s.target, s.callers, "all")].append(s)
    targets = ("app", "before") if any(t == "before" for t, _, _ in groups) else ("app",)
    for target in targets:
        for callers in LEVELS:
            ordered = sorted(
                groups.get((target, callers, "all"), []), key=lambda s: s.server["server"]
            )
            if ordered:
                groups[(target, callers, "slowest 1%")] = ordered[-max(1, len(ordered) // 100) :]
    rows = []
    for target, callers, step in (
        (t, c, st) for c in LEVELS for t in targets for st in (*STEPS, "all", "slowest 1%")
    ):
        if target == "before" and step not in ("all", "slowest 1%"):
            continue
        group = groups.get((target, callers, step))
        if not group:
            continue
        mean = {k: statistics.fmean(s.server[k] for s in group) for k in group[0].server}
        row: dict[str, object] = {
            "target": target,
            "callers": callers,
            "step": step,
            "server ms": mean["server"],
            "cpu ms": mean["cpu"],
        }
        for key, column in BREAKDOWN:
            row[column] = mean[key]
        # sql includes BEGIN; commit is the DBAPI COMMIT, not in sql.
        spent = mean["sql"] + mean["commit"] + mean["redis"] + mean["sig"]
        row["rest ms"] = mean["server"] - spent
        rows.append(row)
    return rows


def _values(samples: list[Sample], target: str, metric: str, step: str = "all") -> list[float]:
    """Client or server milliseconds of ``target`` at the goal's number of callers."""
    return [
        s.client_ms if metric == "client" else s.server["server"]
        for s in samples
        if s.target == target
        and s.callers == GOAL_CALLERS
        and step in ("all", s.step)
        and (metric == "client" or s.server)
    ]


def goals(samples: list[Sample]) -> tuple[list[str], bool]:
    """The goal of issue 2, item 10, checked on the measured figures."""
    app = _ms(_values(samples, "app", "server"), 99)
    bare = _ms(_values(samples, "bare", "server"), 99)
    app_client = _ms(_values(samples, "app", "client"), 99)
    bare_client = _ms(_values(samples, "bare", "client"), 99)
    worst, slowest = max((_ms(_values(samples, "app", "server", step), 99), step) for step in STEPS)
    at = f"at {GOAL_CALLERS} callers"
    checks = [
        (
            app < GOAL_P99_MS,
            f"p99 server time {at} < {GOAL_P99_MS:.0f} ms over all webhooks: {app:.2f} ms",
        ),
        (
            worst < GOAL_P99_MS,
            f"p99 server time {at} < {GOAL_P99_MS:.0f} ms for every step: "
            f"slowest is {slowest} with {worst:.2f} ms",
        ),
        (
            app <= GOAL_RATIO * bare,
            f"p99 server time {at} within {GOAL_RATIO:.0f}x of bare: "
            f"{app:.2f} / {bare:.2f} ms = {_ratio(app, bare):.1f}x",
        ),
        (
            app_client <= GOAL_RATIO * bare_client,
            f"p99 client-observed latency {at} within {GOAL_RATIO:.0f}x of bare: "
            f"{app_client:.2f} / {bare_client:.2f} ms = {_ratio(app_client, bare_client):.1f}x",
        ),
    ]
    lines = [f"  [{'met' if ok else 'MISSED'}] {text}" for ok, text in checks]
    return lines, all(ok for ok, _ in checks)


#: Issue 12: CPU per webhook within this factor of the bare endpoint's, p99 under this.
CPU_RATIO = 3.0
GOAL12_P99_MS = 10.0


def cpu_per_webhook(samples: list[Sample], target: str) -> float:
    values = [
        s.server["cpu"]
        for s in samples
        if s.target == target and s.callers == GOAL_CALLERS and s.server
    ]
    return statistics.fmean(values) if values else float("nan")


def goals12(samples: list[Sample]) -> tuple[list[str], bool]:
    """The goal of issue 12, item 1, and the comparison with ``--before``."""
    app_cpu, bare_cpu = cpu_per_webhook(samples, "app"), cpu_per_webhook(samples, "bare")
    app = _ms(_values(samples, "app", "server"), 99)
    at = f"at {GOAL_CALLERS} callers"
    checks = [
        (
            app_cpu <= CPU_RATIO * bare_cpu,
            f"CPU per webhook {at} within {CPU_RATIO:.0f}x of bare: "
            f"{app_cpu:.2f} / {bare_cpu:.2f} ms = {_ratio(app_cpu, bare_cpu):.1f}x",
        ),
        (
            app <= GOAL12_P99_MS,
            f"p99 server time {at} <= {GOAL12_P99_MS:.0f} ms: {app:.2f} ms",
        ),
    ]
    lines = [f"  [{'met' if ok else 'MISSED'}] {text}" for ok, text in checks]
    before_cpu = cpu_per_webhook(samples, "before")
    if before_cpu == before_cpu:  # not NaN: --before ran
        before = _ms(_values(samples, "before", "server"), 99)
        lines.append(
            f"  before (--before) {at}: CPU per webhook {before_cpu:.2f} ms "
            f"({_ratio(before_cpu, bare_cpu):.1f}x bare), p99 server {before:.2f} ms; "
            f"app/before CPU {_ratio(app_cpu, before_cpu):.2f}, p99 {_ratio(app, before):.2f}"
        )
    return lines, all(ok for ok, _ in checks)


def throughput_rows(phases: list[Phase], samples: list[Sample]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for phase in phases:
        webhooks = sum(
            1 for s in samples if s.target == phase.target and s.callers == phase.callers
        )
        seconds = phase.seconds or float("nan")
        rows.append(
            {
                "callers": phase.callers,
                "target": phase.target,
                "calls": phase.calls,
                "webhooks": webhooks,
                "seconds": phase.seconds,
                "calls/s": phase.calls / seconds,
                "webhooks/s": webhooks / seconds,
                "caller cpu %": 100 * phase.client_cpu / seconds,
                "errors": len(phase.errors),
            }
        )
    return rows


def report(phases: list[Phase], samples: list[Sample], setup: list[str]) -> None:
    print("\n".join(setup))
    columns = [
        "callers",
        "step",
        "n",
        "app p50",
        "app p99",
        "bare p50",
        "bare p99",
        "x p50",
        "x p99",
    ]
    if any(s.target == "before" for s in samples):
        columns[5:5] = ["before p50", "before p99"]
        columns.append("app/before p99")
    print("\nServer time per webhook, ms (gunicorn access log %(D)s; x = app/bare)")
    print(table(latency_rows(samples, "server"), columns))
    print("\nClient-observed latency per webhook, ms (connect to last byte, queueing included)")
    print(table(latency_rows(samples, "client"), columns))
    print(
        "\nWhere the app's server time goes, mean per webhook, ms (cpu = CPU time of the "
        "worker thread; sql = all\nstatements, begin = of which BEGIN IMMEDIATE, i.e. "
        "waiting for SQLite's write lock; commit = DBAPI COMMIT;\nredis = enqueue; "
        "sig = signature check; rest = server - sql - commit - redis - sig: Python)"
    )
    print(
        table(
            breakdown_rows(samples),
            [
                "target",
                "callers",
                "step",
                "server ms",
                "cpu ms",
                *(c for _, c in BREAKDOWN),
                "rest ms",
            ],
        )
    )
    print("\nThroughput (caller cpu: this process, the load generator, on the same CPUs)")
    print(
        table(
            throughput_rows(phases, samples),
            [
                "callers",
                "target",
                "calls",
                "webhooks",
                "seconds",
                "calls/s",
                "webhooks/s",
                "caller cpu %",
                "errors",
            ],
        )
    )
    lines, met = goals(samples)
    print(f"\nGoals (issue 2, item 10): {'all met' if met else 'not all met'}")
    print("\n".join(lines))
    lines, met = goals12(samples)
    print(f"\nGoals (issue 12, item 1): {'all met' if met else 'not all met'}")
    print("\n".join(lines))


# --- the run ------------------------------------------------------------------------------


def parse(options: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench webhooks",
        description="Full scripted calls against the app and a bare Flask app under gunicorn.",
    )
    parser.add_argument("--quick", action="store_true", help="fewer calls (CI)")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL instead of SQLite")
    parser.add_argument(
        "--workers", type=int, help="gunicorn workers for both apps (default: as the Procfile)"
    )
    parser.add_argument(
        "--threads", type=int, help="gunicorn threads per worker (default: as the Procfile)"
    )
    parser.add_argument(
        "--before",
        type=Path,
        help="another checkout (e.g. `git archive main | tar -x -C /tmp/base`): its app "
        "is measured too, in the same run, on the same database, as 'before'",
    )
    return parser.parse_args(options)


def procfile_settings() -> tuple[int, int] | None:
    """Workers and threads of the Procfile's web process, what production runs:
    ``--workers ${WEB_CONCURRENCY:-2} --threads 4`` → (2, 4) unless WEB_CONCURRENCY is set."""
    path = ROOT / "Procfile"
    lines = path.read_text().splitlines() if path.exists() else []
    web = next((line for line in lines if line.startswith("web:")), None)
    if web is None:
        return None

    def option(pattern: str) -> int:
        found = re.search(rf"(?:{pattern})[= ](\S+)", web)
        if found is None:
            return 1  # gunicorn's default
        value = found[1]
        variable = re.fullmatch(r"\$\{(\w+):-(\w+)\}", value)
        if variable:
            value = os.environ.get(variable[1]) or variable[2]
        return int(value) if value.isdigit() else 1

    return option("--workers|-w"), option("--threads")


def main(options: list[str]) -> int:
    """Run the benchmark and print its tables; 1 only if calls failed, never for a goal."""
    args = parse(options)
    procfile = procfile_settings()
    origin = "as the Procfile's web process" if procfile else "the benchmarks' default"
    if args.workers and args.threads:
        origin = "as given"
    elif args.workers or args.threads:
        origin += ", but as given"
    args.workers = args.workers or (procfile or (2, 1))[0]
    args.threads = args.threads or (procfile or (2, 1))[1]
    plan = QUICK_CALLS if args.quick else CALLS
    warmup = max(2, args.workers * args.threads)
    needed = (1 + warmup) * (2 if args.before else 1) + sum(plan.values()) * (
        2 if args.before else 1
    )
    if needed > MAX_CLIENTS:
        print(f"bench webhooks: {needed} calls need more than the {MAX_CLIENTS} client numbers")
        return 2
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    redis_url = os.environ.get("BENCH_REDIS_URL", REDIS_URL)
    recorder = Recorder()
    phases: list[Phase] = []
    with workdir("webhooks") as folder, ExitStack() as stack:
        database = "SQLite (WAL, one file)"
        # Sandbox, no real credentials; signatures for the URL the app sees.
        extra = {
            "REDIS_URL": redis_url,
            "TWILIO_ACCOUNT_SID": "",
            "TWILIO_AUTH_TOKEN": "",
            "PUBLIC_BASE_URL": "",
        }
        if args.postgres:
            url = os.environ.get("BENCH_POSTGRES_URL", POSTGRES_URL)
            try:
                extra["DATABASE_URL"] = stack.enter_context(postgres_database(url))
            except psycopg.OperationalError as exc:
                # As in the tests: a missing service fails in CI and is skipped elsewhere.
                print(f"bench webhooks: PostgreSQL not reachable ({exc}); skipped")
                return 1 if os.environ.get("CI", "").lower() in ("1", "true", "yes") else 0
            database = f"PostgreSQL, scratch database {urlsplit(url).path.lstrip('/')}"
        env = bench_env(folder, **extra)
        token = webhook_token(env)
        numbers = iter(seed(env, folder, needed))
        take = threading.Lock()

        def next_number() -> str:
            with take:
                return next(numbers)

        redis_note = redis_state(redis_url, env["DATABASE_URL"], clean=False)
        settings = {"workers": args.workers, "threads": args.threads, "config": CONFIG}
        try:
            with ExitStack() as servers:
                app_base = servers.enter_context(
                    gunicorn(
                        env,
                        "app:app",
                        log=folder / "app.log",
                        access_log=folder / "app.access",
                        **settings,
                    )
                )
                bare_base = servers.enter_context(
                    gunicorn(
                        env,
                        "bench.bare_app:app",
                        log=folder / "bare.log",
                        access_log=folder / "bare.access",
                        **settings,
                    )
                )
                before_base = None
                if args.before:
                    before_base = servers.enter_context(
                        gunicorn(
                            env,
                            "app:app",
                            log=folder / "before.log",
                            access_log=folder / "before.access",
                            cwd=args.before.resolve(),
                            **settings,
                        )
                    )
                script = _drive(
                    app_base,
                    bare_base,
                    token,
                    next_number,
                    plan,
                    warmup,
                    recorder,
                    phases,
                    before_base,
                )
            # gunicorn has stopped: the access logs are complete.
            for name in ("app", "bare", "before"):
                if (folder / f"{name}.access").exists():
                    recorder.read_access_log(folder / f"{name}.access")
        finally:
            redis_state(redis_url, env["DATABASE_URL"], clean=True)
        failed = script is None or any(p.errors for p in phases)
        if failed:
            _show_errors(phases, folder / "app.log")
        if script is None:
            return 1
    kind = "sync" if args.threads == 1 else "gthread"
    setup = [
        f"bench webhooks: {len(STEPS)} webhooks per call ({' > '.join(STEPS)}); "
        f"closed loop, no think time; calls per phase {plan}",
        f"database: {database}; gunicorn {args.workers} worker(s) x {args.threads} "
        f"thread(s) ({kind}; {origin}) for app and bare; {os.cpu_count()} CPU(s); "
        f"Python {platform.python_version()}",
        f"redis: {redis_note}",
        f"run took {time.perf_counter() - started:.0f} s; load average before it "
        f"{load_before:.2f}, after {os.getloadavg()[0]:.2f} (other work on the machine skews "
        "the figures; cpu ms less so)",
    ]
    report(phases, list(recorder.samples.values()), setup)
    return 1 if failed else 0


def _drive(
    app_base: str,
    bare_base: str,
    token: str,
    next_number: Callable[[], str],
    plan: dict[int, int],
    warmup: int,
    recorder: Recorder,
    phases: list[Phase],
    before_base: str | None = None,
) -> list[tuple[str, dict[str, str]]] | None:
    """Warm both servers up, then per number of callers the app and the bare app (and the
    app of ``--before``, between them)."""

    def on_app(transport: TimedTransport) -> None:
        app_call(app_base, token, next_number(), transport)

    def on_before(transport: TimedTransport) -> None:
        app_call(before_base or "", token, next_number(), transport)

    # The first call gives the script the bare app gets replayed.
    reference = TimedTransport(recorder, "app", 0)
    try:
        app_call(app_base, token, next_number(), reference)
    except (ScriptError, OSError) as exc:
        print(f"bench webhooks: the scripted call failed: {exc}")
        return None
    script = reference.sent
    if [step_of(url) for url, _ in script] != list(STEPS):
        print(f"bench webhooks: the call went {[step_of(u) for u, _ in script]}, not {STEPS}")
        return None

    def on_bare(transport: TimedTransport) -> None:
        bare_call(bare_base, token, transport, script)

    # Warm-up (imports, caches, pools in every worker); not counted.
    run_phase(Phase("app", warmup, warmup), recorder, on_app)
    if before_base:
        run_phase(Phase("before", warmup, warmup), recorder, on_before)
    run_phase(Phase("bare", warmup, warmup * 4), recorder, on_bare)
    for sample in recorder.samples.values():
        sample.callers = 0

    for callers in LEVELS:
        phases.append(run_phase(Phase("app", callers, plan[callers]), recorder, on_app))
        if before_base:
            phases.append(run_phase(Phase("before", callers, plan[callers]), recorder, on_before))
        phases.append(run_phase(Phase("bare", callers, plan[callers]), recorder, on_bare))
    return script


def _show_errors(phases: list[Phase], log: Path) -> None:
    errors = [e for p in phases for e in p.errors]
    if errors:
        print(f"bench webhooks: {len(errors)} call(s) failed; the different errors:")
        for error in list(dict.fromkeys(errors))[:10]:
            print(f"  {error}")
    if log.exists():
        tail = log.read_text().splitlines()[-30:]
        if tail:
            print(f"last lines of {log.name}:")
            print("\n".join(f"  {line}" for line in tail))
