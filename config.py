"""Settings from the environment (DESIGN.md, operator contract).

Nothing is read at import time: :func:`from_environ` is called by ``create_app``.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent

#: Defaults for the knobs a municipality may turn per process (env) or per Kommune (db).
DISPATCH_DEFAULTS = {
    "DISPATCH_ROUND_SIZE": 3,
    "DISPATCH_ROUND_SECONDS": 600,
    "DISPATCH_MAX_ROUNDS": 3,
}


def _int(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a whole number, not {raw!r}") from exc


def _hours(raw: str) -> tuple[int, int]:
    try:
        start, end = (int(x) for x in raw.strip().split("-"))
    except ValueError as exc:
        raise ValueError(f"CONTACT_HOURS must look like 8-20, not {raw!r}") from exc
    if not 0 <= start < end <= 24:
        raise ValueError(f"CONTACT_HOURS must lie within 0-24, not {raw!r}")
    return start, end


#: Units of a limit's window ("5/10min"): seconds each.
_UNITS = {"s": 1, "sec": 1, "min": 60, "m": 60, "h": 3600, "d": 86400, "day": 86400}
_LIMIT = re.compile(r"\s*(\d+)\s*/\s*(\d*)\s*([a-z]+)\s*")


#: Calls or SMS one number may make to a real line: a person calls again after a few
#: minutes, or a few times a day; a machine or a prank does not stop. The sandbox spends
#: nothing and is tried out by calling again and again.
LINE_LIMIT = "5/10min, 20/24h"
SANDBOX_LIMIT = "30/10min, 300/24h"


def limits(raw: str, name: str = "limit") -> tuple[tuple[int, int], ...]:
    """ "5/10min, 20/24h" → ((5, 600), (20, 86400)): at most N in each window of seconds."""
    found = []
    for part in raw.split(","):
        if not part.strip():
            continue
        match = _LIMIT.fullmatch(part.lower())
        if match is None or match[3] not in _UNITS:
            raise ValueError(f"{name} must look like 5/10min, 20/24h, not {raw!r}")
        count, amount, unit = int(match[1]), int(match[2] or 1), match[3]
        if amount < 1:
            raise ValueError(f"{name}: a window must be longer than nothing, not {raw!r}")
        found.append((count, amount * _UNITS[unit]))
    return tuple(found)


def _limits_or_none(env: Mapping[str, str], name: str) -> tuple[tuple[int, int], ...] | None:
    raw = env.get(name, "").strip()
    return limits(raw, name) if raw else None


def _countries(raw: str) -> tuple[str, ...]:
    codes = tuple(dict.fromkeys(c.strip().upper() for c in raw.split(",") if c.strip()))
    if not codes or any(len(c) != 2 or not c.isalpha() for c in codes):
        raise ValueError(f"OUTBOUND_COUNTRIES must look like DE or DE,AT, not {raw!r}")
    return codes


def _secret_key(instance_path: Path, environ: Mapping[str, str]) -> str:
    """SECRET_KEY from the environment, else one kept in ``instance/secret_key``.

    Web, worker and the terminal phone of one installation share the file, so webhooks
    signed by the sandbox phone validate without any setup.
    """
    if environ.get("SECRET_KEY"):
        return environ["SECRET_KEY"]
    path = instance_path / "secret_key"
    if not path.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(secrets.token_hex(32))
        tmp.chmod(0o600)
        tmp.replace(path)
    return path.read_text().strip()


def from_environ(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Build the Flask config mapping from environment variables."""
    env = os.environ if environ is None else environ
    instance_path = Path(env.get("NACHBARRUF_INSTANCE", ROOT / "instance"))
    account_sid = env.get("TWILIO_ACCOUNT_SID", "").strip()
    auth_token = env.get("TWILIO_AUTH_TOKEN", "").strip()
    telephony = env.get("TELEPHONY", "").strip().lower() or (
        "twilio" if account_sid and auth_token else "sandbox"
    )
    if telephony not in ("twilio", "sandbox"):
        raise ValueError(f"TELEPHONY must be 'twilio' or 'sandbox', not {telephony!r}")
    config: dict[str, Any] = {
        "INSTANCE_PATH": str(instance_path),
        "DATABASE_URL": env.get("DATABASE_URL")
        or f"sqlite:///{instance_path / 'nachbarruf.sqlite3'}",
        "REDIS_URL": env.get("REDIS_URL") or "redis://localhost:6379/0",
        "SECRET_KEY": _secret_key(instance_path, env),
        "PUBLIC_BASE_URL": (env.get("PUBLIC_BASE_URL") or "").rstrip("/"),
        "TWILIO_ACCOUNT_SID": account_sid,
        "TWILIO_AUTH_TOKEN": auth_token,
        "TWILIO_API_BASE": (env.get("TWILIO_API_BASE") or "").rstrip("/"),
        "TELEPHONY": telephony,
        # Seconds between sweeps that re-derive queued work from the database.
        "SWEEP_SECONDS": _int(env, "SWEEP_SECONDS", 30),
        # A task claimed this long ago without finishing is taken to be lost (killed worker).
        "TASK_STALE_SECONDS": _int(env, "TASK_STALE_SECONDS", 300),
        # Local hours in which we phone or text people ("8-20"); outside them it waits.
        "CONTACT_HOURS": _hours(env.get("CONTACT_HOURS", "8-20")),
        # Callers are offered "heute" only while this many contact hours are left today.
        "TODAY_MIN_HOURS": _int(env, "TODAY_MIN_HOURS", 2),
        # Sandbox: an outbound call nobody answers ends as "no-answer" after this long.
        "SANDBOX_RING_SECONDS": _int(env, "SANDBOX_RING_SECONDS", 90),
        # Twilio's sending limits, kept by dispatch/pacing.py (0: not paced): messages per
        # second per sender number, calls per second per account.
        "TWILIO_SMS_PER_SECOND": _int(env, "TWILIO_SMS_PER_SECOND", 1),
        "TWILIO_CALLS_PER_SECOND": _int(env, "TWILIO_CALLS_PER_SECOND", 1),
        # Twilio REST timeout: outbound HTTP always has one.
        "TWILIO_TIMEOUT_SECONDS": _int(env, "TWILIO_TIMEOUT_SECONDS", 10),
        # Longest a database statement or lock wait may take, and a new connection: a
        # webhook waiting on a hung database still answers Twilio (15 s) with the apology.
        "DATABASE_TIMEOUT_SECONDS": _int(env, "DATABASE_TIMEOUT_SECONDS", 5),
        "DATABASE_CONNECT_TIMEOUT_SECONDS": _int(env, "DATABASE_CONNECT_TIMEOUT_SECONDS", 3),
        # PostgreSQL connections each process keeps (match the web process's threads).
        "DATABASE_POOL_SIZE": _int(env, "DATABASE_POOL_SIZE", 5),
        # Limits that protect the budget (README, "Limits").
        "OPEN_REQUESTS_PER_CLIENT": _int(env, "OPEN_REQUESTS_PER_CLIENT", 3),
        # Unset (None): LINE_LIMIT, or SANDBOX_LIMIT in the sandbox (dispatch.limits).
        "INBOUND_CALL_LIMIT": _limits_or_none(env, "INBOUND_CALL_LIMIT"),
        "INBOUND_SMS_LIMIT": _limits_or_none(env, "INBOUND_SMS_LIMIT"),
        "UNKNOWN_SMS_REPLIES": limits(
            env.get("UNKNOWN_SMS_REPLIES", "2/24h"), "UNKNOWN_SMS_REPLIES"
        ),
        "OUTBOUND_COUNTRIES": _countries(env.get("OUTBOUND_COUNTRIES", "DE")),
        # Outbound SMS and calls whose final status never arrived are looked up at Twilio
        # this long after they went out.
        "RECONCILE_SECONDS": _int(env, "RECONCILE_SECONDS", 900),
        # Largest request body a webhook or form may send (Twilio's are a few kB).
        "MAX_CONTENT_LENGTH": 256 * 1024,
        "MAX_FORM_MEMORY_SIZE": 256 * 1024,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": (env.get("PUBLIC_BASE_URL") or "").startswith("https://"),
        # A staff session lasts one working day from the login, however busy (Flask's own
        # default is 31 days, so this is set here, not with a setdefault later).
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=10),
        # TLS proxies in front of the app that add X-Forwarded-For/-Proto (0: none, so the
        # headers are ignored and nobody can fake their address for the login throttle).
        "PROXY_COUNT": _int(env, "PROXY_COUNT", 0),
    }
    for name, default in DISPATCH_DEFAULTS.items():
        config[name] = _int(env, name, default)
    # Demo clocks: the follow-up this many seconds after completion instead of the next
    # day, and retries of unanswered calls after this many seconds instead of minutes.
    for name in ("FOLLOWUP_DELAY_SECONDS", "RETRY_DELAY_SECONDS"):
        if env.get(name, "").strip():
            config[name] = _int(env, name, 0)
    # The dashboard's browser phone: on in the sandbox, with real Twilio only when asked for.
    if env.get("BROWSER_PHONE", "").strip():
        config["BROWSER_PHONE"] = env["BROWSER_PHONE"].strip().lower() in ("1", "true", "yes", "on")
    return config
