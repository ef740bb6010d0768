"""The operator's and developer's path around the demo: the terminal phone finds a demo on
another port, the demo starts again right after it stopped, Ctrl+C ends it without a
traceback, and ``db upgrade`` creates a missing instance folder."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
import requests

from app import create_app
from bench.common import free_port
from cli.demo import URL_FILE, _free, remember_url, running_demo_url
from cli.phone import hotline_url
from tests.conftest import REDIS_URL, service_missing

NACHBARRUF = str(Path(sys.executable).parent / "nachbarruf")


def _sandbox_app(instance: Path, **extra: object):
    return create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(instance),
            "DATABASE_URL": f"sqlite:///{instance / 'nachbarruf.sqlite3'}",
            "SECRET_KEY": "test-secret-key",
            "TELEPHONY": "sandbox",
            "TWILIO_ACCOUNT_SID": "",
            "TWILIO_AUTH_TOKEN": "",
            "PUBLIC_BASE_URL": "",
            **extra,
        }
    )


def test_db_upgrade_creates_a_missing_instance_folder(tmp_path):
    instance = tmp_path / "neu" / "instance"
    app = _sandbox_app(instance)
    try:
        result = app.test_cli_runner().invoke(args=["db", "upgrade"])
        assert result.exit_code == 0, result.output
        assert (instance / "nachbarruf.sqlite3").exists()
    finally:
        app.extensions["nachbarruf.db"].engine.dispose()


def test_the_terminal_phone_finds_the_demo_on_its_port(tmp_path):
    app = _sandbox_app(tmp_path / "instance")
    with app.app_context():
        assert hotline_url(None) == "http://127.0.0.1:5000"
        remember_url(app.config["INSTANCE_PATH"], "http://127.0.0.1:5107")
        assert hotline_url(None) == "http://127.0.0.1:5107"
        assert hotline_url("http://127.0.0.1:6000/") == "http://127.0.0.1:6000"  # --url wins
        # A demo that died without cleaning up is not taken for a running one.
        gone = subprocess.Popen([sys.executable, "-c", "pass"])
        gone.wait()
        (tmp_path / "instance" / URL_FILE).write_text(
            f'{{"url": "http://127.0.0.1:5107", "pid": {gone.pid}}}'
        )
        assert running_demo_url(app.config["INSTANCE_PATH"]) is None
        assert hotline_url(None) == "http://127.0.0.1:5000"


def test_the_port_check_ignores_connections_of_a_stopped_demo():
    port = free_port()
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", port))
    server.listen()
    assert not _free(port)  # something listens: taken
    client = socket.create_connection(("127.0.0.1", port))
    accepted, _ = server.accept()
    accepted.close()  # the server closes first: its side of the port waits in TIME_WAIT
    client.close()
    server.close()
    assert _free(port)


@pytest.mark.slow
@pytest.mark.redis
def test_demo_on_another_port_then_ctrl_c_then_again(tmp_path):
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        service_missing(f"Redis at {REDIS_URL}")
    port = free_port()
    env = {**os.environ, "NACHBARRUF_INSTANCE": str(tmp_path / "instance"), "REDIS_URL": REDIS_URL}
    for key in (
        "DATABASE_URL",
        "TELEPHONY",
        "TWILIO_ACCOUNT_SID",
        "TWILIO_AUTH_TOKEN",
        "PUBLIC_BASE_URL",
        "SECRET_KEY",
    ):
        env.pop(key, None)

    def start(n: int) -> tuple[subprocess.Popen[bytes], Path]:
        log = tmp_path / f"demo{n}.log"
        with log.open("w") as out:
            proc = subprocess.Popen(
                [NACHBARRUF, "demo", "--port", str(port)], env=env, stdout=out, stderr=out
            )
        deadline = time.monotonic() + 90
        while "Strg+C" not in log.read_text():
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        return proc, log

    def ctrl_c(proc: subprocess.Popen[bytes], log: Path) -> str:
        proc.send_signal(signal.SIGINT)  # what the terminal sends to its foreground process
        assert proc.wait(30) == 0
        return log.read_text()

    proc, log = start(1)
    # A second terminal, no --url: the call reaches the demo on its port.
    called = subprocess.run(
        [NACHBARRUF, "call", "--keys", "1;2;Brot und Milch;1;-"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert called.returncode == 0, called.stdout + called.stderr
    assert "Ihre Anfragenummer ist" in called.stdout
    assert requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).ok
    printed = ctrl_c(proc, log)
    assert "Traceback" not in printed and "Die Demo ist beendet." in printed
    assert not (tmp_path / "instance" / URL_FILE).exists()

    proc, log = start(2)  # at once, on the same port
    printed = ctrl_c(proc, log)
    assert "belegt" not in printed and "Traceback" not in printed
