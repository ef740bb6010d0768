"""Settings from the environment (DESIGN.md, operator contract).

Nothing is read at import time: :func:`from_environ` is called by ``create_app``.
"""

from __future__ import annotations

import os
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
        # Sandbox: an outbound call nobody answers ends as "no-answer" after this long.
        "SANDBOX_RING_SECONDS": _int(env, "SANDBOX_RING_SECONDS", 90),
        # Twilio REST timeout: outbound HTTP always has one.
        "TWILIO_TIMEOUT_SECONDS": _int(env, "TWILIO_TIMEOUT_SECONDS", 10),
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
