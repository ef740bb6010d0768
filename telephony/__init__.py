"""The only code that knows Twilio: REST client, webhook signatures, TwiML.

``init_app`` picks the real client or the sandbox (``TELEPHONY``); the rest of the app
asks :func:`client` and never imports ``twilio`` itself.
"""

from __future__ import annotations

import functools
import hashlib
import hmac

from flask import Flask, current_app

from .rest import (
    CallState,
    MessageState,
    SandboxTelephony,
    Sent,
    Telephony,
    TelephonyError,
    TwilioTelephony,
)

__all__ = [
    "CallState",
    "MessageState",
    "Sent",
    "Telephony",
    "TelephonyError",
    "account_sid",
    "auth_token",
    "client",
    "init_app",
    "public_url",
]

#: Account id used in sandbox mode (no real account exists there).
SANDBOX_ACCOUNT_SID = "AC" + "0" * 32
#: Where the sandbox is reached when PUBLIC_BASE_URL is not set.
SANDBOX_BASE_URL = "http://127.0.0.1:5000"


def init_app(app: Flask) -> None:
    cfg = app.config
    if cfg["TELEPHONY"] == "twilio":
        if not (cfg["TWILIO_ACCOUNT_SID"] and cfg["TWILIO_AUTH_TOKEN"]):
            raise RuntimeError("TELEPHONY=twilio needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN")
        if not cfg["PUBLIC_BASE_URL"]:
            raise RuntimeError(
                "TELEPHONY=twilio needs PUBLIC_BASE_URL (the https address Twilio calls back)"
            )
        impl: Telephony = TwilioTelephony(
            cfg["TWILIO_ACCOUNT_SID"],
            cfg["TWILIO_AUTH_TOKEN"],
            cfg["TWILIO_API_BASE"],
            timeout=cfg["TWILIO_TIMEOUT_SECONDS"],
        )
    else:
        impl = SandboxTelephony(cfg["INSTANCE_PATH"])
    app.extensions["nachbarruf.telephony"] = impl


def client() -> Telephony:
    return current_app.extensions["nachbarruf.telephony"]  # type: ignore[no-any-return]


def account_sid(app: Flask | None = None) -> str:
    cfg = (app or current_app).config
    return cfg["TWILIO_ACCOUNT_SID"] or SANDBOX_ACCOUNT_SID


def auth_token(app: Flask | None = None) -> str:
    """The secret webhooks are signed with: Twilio's auth token, or in the sandbox one
    derived from SECRET_KEY so that the terminal and browser phones can sign too."""
    cfg = (app or current_app).config
    if cfg["TWILIO_AUTH_TOKEN"]:
        return str(cfg["TWILIO_AUTH_TOKEN"])
    return _sandbox_token(cfg["SECRET_KEY"])


@functools.lru_cache(maxsize=8)
def _sandbox_token(secret_key: str) -> str:
    """Derived once per key, not per webhook."""
    return hmac.new(secret_key.encode(), b"sandbox-webhooks", hashlib.sha256).hexdigest()


def public_base(app: Flask | None = None) -> str:
    cfg = (app or current_app).config
    if cfg["PUBLIC_BASE_URL"]:
        return str(cfg["PUBLIC_BASE_URL"])
    if cfg["TELEPHONY"] == "sandbox":
        return SANDBOX_BASE_URL
    raise RuntimeError("PUBLIC_BASE_URL must be set so that Twilio can reach the callbacks")


def public_url(path: str, app: Flask | None = None) -> str:
    """Absolute URL Twilio calls back on (status callbacks, outbound call TwiML)."""
    return public_base(app) + path
