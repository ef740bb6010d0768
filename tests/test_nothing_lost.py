"""Nothing is lost: Redis stopped in the middle of a call, a worker killed in the middle of
a job — the request still reaches a volunteer, once. Real Redis (a private server we can
stop), real worker processes, the fake Twilio on loopback."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from app import create_app
from models import (
    Category,
    HelpRequest,
    HotlineNumber,
    Kommune,
    OfferStatus,
    Person,
    RequestStatus,
    Task,
    TaskState,
    db,
)
from tests.conftest import HOTLINE, TOKEN, service_missing
from tests.fake_twilio import ACCOUNT, FakeTwilio
from tests.phone import Caller

pytestmark = [pytest.mark.redis, pytest.mark.slow]
BIN = Path(sys.executable).parent


def wait_for(
    condition: Callable[[], object], seconds: float = 30, what: str = "condition"
) -> object:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


class RedisServer:
    """A private redis-server on a free port, so stopping it harms nobody else."""

    def __init__(self, workdir: Path) -> None:
        from bench.common import free_port

        self.port = free_port()
        self.workdir = workdir
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import redis

        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.2)
        wait_for(lambda: _pings(client), 10, "redis to start")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(10)
            self.proc = None


def _pings(client: object) -> bool:
    try:
        return bool(client.ping())  # type: ignore[attr-defined]
    except Exception:
        return False


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    if shutil.which("redis-server") is None:
        service_missing("redis-server (to start a private Redis)")
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def rq_app(committed: Flask, redis_server: RedisServer) -> Flask:
    """The committed app's database, with jobs going to the private Redis."""
    config = dict(committed.config)
    config.update(JOBS_MODE="rq", REDIS_URL=redis_server.url)
    return create_app(config)


class Workers:
    def __init__(self, app: Flask, fake: FakeTwilio, tmp_path: Path) -> None:
        self.app, self.fake, self.tmp_path = app, fake, tmp_path
        self.procs: list[subprocess.Popen[bytes]] = []

    def start(self, stale_seconds: int = 60) -> subprocess.Popen[bytes]:
        cfg = self.app.config
        env = dict(os.environ)
        env.update(
            DATABASE_URL=cfg["DATABASE_URL"],
            REDIS_URL=cfg["REDIS_URL"],
            SECRET_KEY=cfg["SECRET_KEY"],
            TELEPHONY="twilio",
            TWILIO_ACCOUNT_SID=ACCOUNT,
            TWILIO_AUTH_TOKEN=TOKEN,
            TWILIO_API_BASE=self.fake.url,
            PUBLIC_BASE_URL=cfg["PUBLIC_BASE_URL"],
            NACHBARRUF_INSTANCE=str(self.tmp_path / f"instance-{len(self.procs)}"),
            SWEEP_SECONDS="1",
            CONTACT_HOURS="0-24",
            TASK_STALE_SECONDS=str(stale_seconds),
            TWILIO_TIMEOUT_SECONDS="60",
        )
        log = open(self.tmp_path / f"worker-{len(self.procs)}.log", "w")  # noqa: SIM115
        proc = subprocess.Popen(
            [str(BIN / "nachbarruf"), "worker"], env=env, stdout=log, stderr=subprocess.STDOUT
        )
        self.procs.append(proc)
        return proc

    def stop_all(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()


@pytest.fixture
def workers(rq_app: Flask, fake_twilio: FakeTwilio, tmp_path: Path) -> Iterator[Workers]:
    w = Workers(rq_app, fake_twilio, tmp_path)
    yield w
    w.stop_all()


def seed(app: Flask) -> tuple[str, str]:
    with app.app_context():
        kommune = Kommune(name="Musterstadt", state="NW")
        kommune.numbers = [HotlineNumber(number=HOTLINE)]
        client = Person(
            kommune=kommune,
            name="Erika Musterfrau",
            phone="+493023125101",
            line_type="landline",
            is_client=True,
        )
        helper = Person(
            kommune=kommune,
            name="Max Mustermann",
            phone="+4915228817301",
            line_type="mobile",
            is_volunteer=True,
            status="active",
        )
        helper.set_categories([Category.SHOPPING])
        db.session.add_all([kommune, client, helper])
        db.session.commit()
        return client.phone, helper.phone


def test_redis_down_during_a_call_delays_but_loses_nothing(
    rq_app, redis_server, workers, fake_twilio
):
    client_phone, helper_phone = seed(rq_app)
    caller = Caller.for_app(rq_app, rq_app.test_client(), client_phone)
    caller.call()
    caller.choose("Einkaufen")
    redis_server.stop()  # in the middle of the call
    caller.choose("heute")
    caller.say("Brot und Milch")
    caller.choose("Ja")
    assert "Sobald jemand zusagt, rufen wir Sie an." in caller.heard  # the caller noticed nothing
    with rq_app.app_context():
        request = db.session.scalars(select(HelpRequest)).one()
        task = db.session.scalars(select(Task).where(Task.kind == "dispatch_round")).one()
        assert task.state == TaskState.PENDING  # committed, waiting for a worker
    time.sleep(1)
    assert not fake_twilio.messages

    redis_server.start()
    workers.start()
    wait_for(lambda: fake_twilio.messages_to(helper_phone), 30, "the offer SMS")
    time.sleep(2)  # a few more sweeps: still one SMS
    assert len(fake_twilio.messages_to(helper_phone)) == 1
    with rq_app.app_context():
        request = db.session.get(HelpRequest, request.id)
        assert request.status == RequestStatus.SEARCHING
        assert request.offers[0].status == OfferStatus.SENT


def test_a_worker_killed_in_the_middle_of_a_job(rq_app, workers, fake_twilio):
    from dispatch import intake

    _, helper_phone = seed(rq_app)
    fake_twilio.stall = [30.0]  # the first send hangs: the worker is killed right there
    first = workers.start(stale_seconds=2)
    with rq_app.app_context():
        kommune = db.session.scalars(select(Kommune)).one()
        client = db.session.scalars(select(Person).where(Person.is_client)).one()
        request = intake.open_request(
            db.session, kommune=kommune, client=client, category=Category.SHOPPING, when="tomorrow"
        )
        db.session.commit()
        request_id = request.id
    wait_for(lambda: fake_twilio.stalled_now == 1, 30, "the worker to be inside the send")
    first.send_signal(signal.SIGKILL)
    first.wait(10)

    workers.start(stale_seconds=2)
    wait_for(lambda: fake_twilio.messages_to(helper_phone), 40, "the offer SMS after the restart")
    time.sleep(2)
    assert len(fake_twilio.messages_to(helper_phone)) == 1
    with rq_app.app_context():
        send = db.session.scalars(select(Task).where(Task.kind == "send_message")).one()
        assert send.state == TaskState.DONE and send.attempts == 2
        assert db.session.get(HelpRequest, request_id).offers[0].status == OfferStatus.SENT
