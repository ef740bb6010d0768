"""The Servicepunkt's web dashboard (server-rendered, German).

Extensions are created here at module level and bound to each app in :func:`init_app`:
Flask-Login (sessions), Flask-WTF (CSRF on every form; Twilio's webhooks are exempt, they
carry signatures instead) and Flask-Limiter (login throttling; Redis in production with an
in-memory fallback, so a Redis outage never blocks logging in).
"""

from __future__ import annotations

import time

from flask import Flask, Response, current_app, g, render_template, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException

from prompts import dashboard as T

csrf = CSRFProtect()
login_manager = LoginManager()
limiter = Limiter(
    key_func=get_remote_address,
    in_memory_fallback_enabled=True,
    swallow_errors=True,
    storage_options={"socket_connect_timeout": 0.5, "socket_timeout": 1},
)

#: Content Security Policy: nothing from elsewhere, no inline scripts or styles.
CSP = (
    "default-src 'self'; img-src 'self' data:; media-src 'self'; style-src 'self'; "
    "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
    "base-uri 'none'; object-src 'none'"
)


def init_app(app: Flask) -> None:
    """Register the dashboard blueprint and its extensions."""
    cfg = app.config
    if str(cfg.get("PUBLIC_BASE_URL", "")).startswith("https://"):
        cfg["SESSION_COOKIE_SECURE"] = True  # also when the URL came in config, not the environment
    # PERMANENT_SESSION_LIFETIME (10 hours) comes from config.from_environ: Flask has a
    # default of its own (31 days), which a setdefault here would leave in place.
    cfg.setdefault("WTF_CSRF_TIME_LIMIT", 10 * 3600)
    cfg.setdefault("RATELIMIT_STORAGE_URI", "memory://" if app.testing else cfg["REDIS_URL"])
    cfg.setdefault("RATELIMIT_KEY_PREFIX", "nachbarruf-login")
    #: Per address, on top of the per-account lockout below.
    cfg.setdefault("LOGIN_RATE_LIMIT", "10 per minute;60 per hour")
    cfg.setdefault("LOGIN_MAX_FAILURES", 5)
    cfg.setdefault("LOGIN_LOCK_MINUTES", 15)
    #: The browser phone posts real webhooks into the app; with real Twilio that would
    #: text real volunteers, so it is on in the sandbox only unless switched on.
    cfg.setdefault("BROWSER_PHONE", cfg.get("TELEPHONY") == "sandbox")
    #: Upload limit for the CSV import (the rest of the app keeps MAX_CONTENT_LENGTH).
    cfg.setdefault("IMPORT_MAX_BYTES", 4 * 1024 * 1024)

    app.before_request(_import_upload_limit)  # before CSRF protection reads the form
    csrf.init_app(app)
    limiter.init_app(app)

    from . import auth, formatting
    from .blueprint import bp

    auth.init_login(login_manager)
    login_manager.init_app(app)
    formatting.init_jinja(app)
    app.register_blueprint(bp)

    app.register_error_handler(CSRFError, _csrf_failed)
    app.before_request(_start_clock)
    app.after_request(_secure_headers)


#: The import pages take a bigger body than the rest (the file, then the same file again,
#: base64-encoded, to confirm it).
IMPORT_ENDPOINTS = (
    "dashboard.import",
    "dashboard.import_confirm",
    "dashboard.offers_import",
    "dashboard.offers_import_confirm",
)


def _import_upload_limit() -> None:
    if request.endpoint in IMPORT_ENDPOINTS:
        limit = int(current_app.config["IMPORT_MAX_BYTES"])
        request.max_content_length = limit * 2
        request.max_form_memory_size = limit * 2


def _csrf_failed(exc: CSRFError) -> tuple[str, int]:
    return render_template("dashboard/error.html", message=str(T.CSRF_FAILED), code=400), 400


#: The HTTP errors the dashboard explains on a page of its own.
MESSAGES = {
    403: T.FORBIDDEN,
    404: T.NOT_FOUND,
    410: T.RECORDING_UNAVAILABLE,
    413: T.TOO_LARGE,
    429: T.TOO_MANY_ATTEMPTS,
    500: T.SERVER_ERROR,
    502: T.RECORDING_UNREACHABLE,
}


def error_page(exc: HTTPException) -> tuple[str, int]:
    code = exc.code or 500
    return render_template("dashboard/error.html", message=str(MESSAGES[code]), code=code), code


def _start_clock() -> None:
    g.dashboard_started = time.perf_counter()


def _secure_headers(response: Response) -> Response:
    """Security headers for every page, and ``Server-Timing`` for the benchmark."""
    if request.blueprint == "dashboard" or request.endpoint is None:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if not request.path.startswith("/assets/"):
            response.headers.setdefault("Cache-Control", "no-store")
    started = g.get("dashboard_started")
    if started is not None:
        elapsed = (time.perf_counter() - started) * 1000
        response.headers["Server-Timing"] = f"app;dur={elapsed:.1f}"
    return response
