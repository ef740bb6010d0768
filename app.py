"""Application factory. ``gunicorn app:app`` serves the app built from the environment."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Blueprint, Flask, Response, request
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter, Map

import config as settings
from telephony.inputs import MAX_ID


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app; ``config`` overrides what the environment says (tests pass it)."""
    values = settings.from_environ()
    if config:
        values.update(config)
    app = Flask(__name__, instance_path=values["INSTANCE_PATH"], instance_relative_config=True)
    app.config.update(values)
    _configure_logging(app)
    _trust_proxies(app)

    import jobs
    import telephony
    from models import db

    db.init_app(app)
    telephony.init_app(app)
    jobs.init_app(app)

    app.url_map.converters["id"] = IdConverter  # before the blueprints' rules use it

    from dashboard import init_app as init_dashboard
    from ivr.blueprint import bp as voice
    from public.blueprint import bp as public
    from sms.blueprint import bp as sms

    app.register_blueprint(voice)
    app.register_blueprint(sms)
    init_dashboard(app)
    app.register_blueprint(public)
    _wire_channels(app, webhooks=(voice, sms))

    from cli import register

    register(app)
    app.add_url_rule("/healthz", "healthz", _healthz)
    return app


class IdConverter(IntegerConverter):
    """A row id in a URL: digits up to the largest id the database stores, else 404
    (``/requests/99999999999999999999`` is a page that does not exist, not an error)."""

    def __init__(self, url_map: Map) -> None:
        super().__init__(url_map, min=1, max=MAX_ID)


def _wire_channels(app: Flask, webhooks: tuple[Blueprint, ...]) -> None:
    """What crosses blueprints: webhooks carry Twilio's signature instead of a CSRF token,
    and get a bare status on an HTTP error where people get the dashboard's page."""
    from dashboard import MESSAGES, csrf, error_page

    for blueprint in webhooks:
        csrf.exempt(blueprint)
    names = {blueprint.name for blueprint in webhooks}

    def http_error(exc: HTTPException) -> Response | tuple[str, int]:
        if request.blueprint in names:
            return exc.get_response()
        return error_page(exc)

    for code in MESSAGES:
        app.register_error_handler(code, http_error)


def _trust_proxies(app: Flask) -> None:
    """Behind PROXY_COUNT TLS proxies the client's address and scheme are the ones they
    forwarded (the login throttle keys on the real client, not on the proxy)."""
    count = int(app.config.get("PROXY_COUNT") or 0)
    if count < 0:
        raise ValueError(f"PROXY_COUNT must be 0 or more, not {count}")
    if count:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)  # type: ignore[method-assign]


def _healthz() -> dict[str, str]:
    """For load balancers and process managers: the app answers and reaches its database."""
    from sqlalchemy import text

    from models import db

    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}


def _configure_logging(app: Flask) -> None:
    if not logging.getLogger().handlers:
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
    # The twilio client logs request and response details (numbers, bodies) at INFO.
    logging.getLogger("twilio").setLevel(logging.WARNING)
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)


def __getattr__(name: str) -> Flask:
    # `app` is built on first access (gunicorn app:app), not when tests import the factory.
    if name == "app":
        globals()["app"] = application = create_app()
        return application
    raise AttributeError(name)
