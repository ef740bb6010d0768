"""What a new user does after `./dev start`, process by process: the demo (gunicorn + worker,
sandbox), a call from the terminal phone, volunteers replying by SMS, the senior picking up
the notice call, completion and the follow-up — through the real commands."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
import requests

from bench.common import free_port
from tests.conftest import REDIS_URL, service_missing

pytestmark = [pytest.mark.slow, pytest.mark.redis]
NACHBARRUF = str(Path(sys.executable).parent / "nachbarruf")


@pytest.fixture
def demo(tmp_path):
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        service_missing(f"Redis at {REDIS_URL}")
    port = free_port()
    env = {
        **os.environ,
        "NACHBARRUF_INSTANCE": str(tmp_path / "instance"),
        "REDIS_URL": REDIS_URL,
        "FOLLOWUP_DELAY_SECONDS": "3",
        "SWEEP_SECONDS": "1",
    }
    for key in (
        "DATABASE_URL",
        "TELEPHONY",
        "TWILIO_ACCOUNT_SID",
        "TWILIO_AUTH_TOKEN",
        "PUBLIC_BASE_URL",
        "SECRET_KEY",
    ):
        env.pop(key, None)
    log = open(tmp_path / "demo.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [NACHBARRUF, "demo", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(base + "/healthz", timeout=5).ok:
                break
        except requests.RequestException:
            pass
        assert proc.poll() is None and time.monotonic() < deadline, (
            tmp_path / "demo.log"
        ).read_text()
        time.sleep(0.2)

    def run(*args: str) -> str:
        result = subprocess.run(
            [NACHBARRUF, *args, "--url", base]
            if args[0] in ("call", "sms")
            else [NACHBARRUF, *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    run.db = tmp_path / "instance" / "nachbarruf.sqlite3"  # type: ignore[attr-defined]
    try:
        yield run
    finally:
        proc.terminate()
        proc.wait(20)
        log.close()
        printed = (tmp_path / "demo.log").read_text()
        assert "Dashboard:" in printed and "nachbarruf call" in printed


def wait_for_output(run, args, pattern, seconds=30):
    deadline = time.monotonic() + seconds
    while True:
        out = run(*args)
        found = re.search(pattern, out)
        if found:
            return found
        assert time.monotonic() < deadline, f"{pattern!r} not in:\n{out}"
        time.sleep(0.5)


def test_the_whole_loop_with_the_demo(demo):
    heard = demo("call", "--keys", "1;morgen;Brot und Milch vom Bäcker;1;-")  # any hour
    ref = re.search(r"Ihre Anfragenummer ist ([\d, ]+)\.", heard).group(1).replace(", ", "")
    assert "Guten Tag, Frau Musterfrau." in heard and "Auf Wiederhören." in heard

    with sqlite3.connect(demo.db) as conn:
        row = conn.execute(
            'SELECT category, "when", description, status, client_id FROM help_requests WHERE ref = ?',
            (ref,),
        ).fetchone()
    assert row[:3] == ("shopping", "tomorrow", "Brot und Milch vom Bäcker") and row[4] is not None

    offer = wait_for_output(demo, ["outbox"], rf"antworten: nachbarruf sms (\d+) \"JA {ref}\"")
    reply = demo("sms", offer.group(1), f"ja {ref}")
    assert "Erika, Musterweg 1" in reply

    notice = wait_for_output(demo, ["outbox"], r"annehmen: nachbarruf call --answer (\d+)")
    senior = demo("call", "--answer", notice.group(1), "--keys", "1")
    assert "hilft Ihnen, morgen" in senior and "Schön." in senior

    assert "als erledigt vermerkt" in demo("sms", offer.group(1), "ERLEDIGT")
    followup = wait_for_output(demo, ["outbox"], r"#(\d+)  Anruf .*followup\n\s+annehmen")
    answered = demo("call", "--answer", followup.group(1), "--keys", "1")
    assert "Hat mit Ihrer Anfrage" in answered and "Das freut uns sehr." in answered
    with sqlite3.connect(demo.db) as conn:
        kinds = [
            k
            for (k,) in conn.execute(
                "SELECT kind FROM outcomes JOIN help_requests r ON r.id = request_id WHERE r.ref = ? ORDER BY outcomes.id",
                (ref,),
            )
        ]
    assert kinds == ["done", "followup_ok"]
