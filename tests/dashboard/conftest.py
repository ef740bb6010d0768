"""Dashboard fixtures: logged-in staff (coordinator, admin), a second Kommune, requests in
every state, a way to read what a page shows, and a live server for the browser tests."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, g, has_app_context
from werkzeug.serving import make_server

from app import create_app
from dispatch import intake
from models import Actor, HelpRequest, Kommune, Person, StaffUser, db, migrate
from tests.conftest import app_config

PASSWORD = "sehr-geheimes-passwort"


@pytest.fixture(autouse=True)
def _fresh_login_throttle() -> None:
    """Every test starts with the login throttle's counters at zero."""
    from dashboard import limiter

    if limiter.initialized:  # bound to an app already
        limiter.reset()


# --- reading pages ------------------------------------------------------------------------------


class _Text(HTMLParser):
    """Collects what a person sees: text outside <script>/<style>, plus form values."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0
        self.inputs: dict[str, str] = {}
        self.links: list[str] = []
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("script", "style"):
            self.skip += 1
        if tag == "input" and a.get("name"):
            self.inputs[a["name"] or ""] = a.get("value") or ""
        if tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")
        if tag == "meta" and a.get("name"):
            self.meta[a["name"] or ""] = a.get("content") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


class Page:
    """A rendered page: ``page.text`` is what a reader sees (whitespace collapsed)."""

    def __init__(self, response: Any) -> None:
        self.response = response
        self.status = response.status_code
        self.html = response.get_data(as_text=True)
        parser = _Text()
        parser.feed(self.html)
        self.text = re.sub(r"\s+", " ", "".join(parser.parts)).strip()
        self.inputs = parser.inputs
        self.links = parser.links
        self.meta = parser.meta

    def __contains__(self, words: str) -> bool:
        return words in self.text


class _Client:
    """The test client, with ``g`` emptied before every request: the tests keep an app
    context pushed, which requests then share, and Flask-WTF and Flask-Login keep the
    CSRF token and the logged-in user in ``g`` (one request long in real life)."""

    def __init__(self, client: Any) -> None:
        self._client = client

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._client, name)
        if name not in ("get", "post", "open"):
            return method

        def call(*args: Any, **kwargs: Any) -> Any:
            if has_app_context():
                for name in list(g):
                    g.pop(name)
            return method(*args, **kwargs)

        return call


class Staff:
    """A staff member's browser (the Flask test client), logged in; posts carry the CSRF
    token the pages hand out."""

    def __init__(self, client: Any, user: StaffUser | None) -> None:
        self.client = _Client(client)
        self.user = user
        self.token = ""

    def login(self, email: str, password: str = PASSWORD) -> Any:
        page = self.page("/login")
        response = self.client.post(
            "/login",
            data={"email": email, "password": password, "csrf_token": page.inputs["csrf_token"]},
        )
        self.token = ""  # a login starts a new session, with a new token
        return response

    def page(self, path: str, **kwargs: Any) -> Page:
        page = Page(self.client.get(path, **kwargs))
        if "csrf-token" in page.meta:
            self.token = page.meta["csrf-token"]
        return page

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.client.get(path, **kwargs)

    def post(
        self, path: str, data: dict[str, Any] | None = None, *, csrf: bool = True, **kwargs: Any
    ) -> Any:
        if csrf and not self.token:
            self.page("/")
        body = {**(data or {})}
        if csrf:
            body.setdefault("csrf_token", self.token)
        return self.client.post(path, data=body, **kwargs)

    def post_json(self, path: str, data: dict[str, Any]) -> Any:
        if not self.token:
            self.page("/")
        return self.client.post(path, json=data, headers={"X-CSRFToken": self.token})

    def follow(self, response: Any) -> Page:
        """The page a POST redirected to (flash messages included)."""
        assert response.status_code in (302, 303), response.status_code
        return self.page(response.headers["Location"])


@pytest.fixture
def staff_browser(app: Flask, session: Any) -> Callable[[StaffUser], Staff]:
    def make(user: StaffUser) -> Staff:
        browser = Staff(app.test_client(), user)
        response = browser.login(user.email)
        assert response.status_code == 302, "login failed"
        return browser

    return make


@pytest.fixture
def coordinator_user(make_staff: Callable[..., StaffUser]) -> StaffUser:
    return make_staff(email="koordination@musterstadt.example", role="coordinator")


@pytest.fixture
def admin_user(make_staff: Callable[..., StaffUser]) -> StaffUser:
    return make_staff(email="verwaltung@musterstadt.example", role="admin")


@pytest.fixture
def by_staff(coordinator_user: StaffUser) -> Actor:
    """The coordinator, as the domain names who acted."""
    return Actor.staff(coordinator_user.id)


@pytest.fixture
def coordinator(staff_browser: Callable[[StaffUser], Staff], coordinator_user: StaffUser) -> Staff:
    return staff_browser(coordinator_user)


@pytest.fixture
def admin(staff_browser: Callable[[StaffUser], Staff], admin_user: StaffUser) -> Staff:
    return staff_browser(admin_user)


@pytest.fixture
def other_kommune(make_kommune: Callable[..., Kommune]) -> Kommune:
    return make_kommune(name="Beispielhausen", number="+493023125500")


@pytest.fixture
def make_request(
    session: Any, kommune: Kommune, make_person: Callable[..., Person]
) -> Callable[..., HelpRequest]:
    """A request as the hotline would take it (a known client unless ``client=None``)."""

    def make(
        client: Person | str | None = "new",
        *,
        kommune: Kommune = kommune,
        category: str = "shopping",
        when: str = "today",
        description: str = "Brot und Milch vom Bäcker",
        **values: Any,
    ) -> HelpRequest:
        if client == "new":
            client = make_person(
                "client", kommune=kommune, district="Altstadt", address="Musterweg 1"
            )
        request = intake.open_request(
            session,
            kommune=kommune,
            client=client,
            category=category,
            when=when,  # type: ignore[arg-type]
            description=description,
            **values,
        )
        session.commit()
        return request

    return make


# --- a real HTTP server for the browser -------------------------------------------------------------


class LiveServer:
    def __init__(self, app: Flask) -> None:
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.thread.join(5)


@pytest.fixture
def live_app(tmp_path: Path) -> Iterator[Flask]:
    """A separate app on its own migrated SQLite file, in sandbox mode (the browser phone
    is on), whose transactions really commit: the browser and the test both see them."""
    instance = tmp_path / "instance"
    config = app_config(f"sqlite:///{tmp_path / 'live.sqlite3'}", instance)
    config.update(
        TELEPHONY="sandbox", TWILIO_ACCOUNT_SID="", TWILIO_AUTH_TOKEN="", PUBLIC_BASE_URL=""
    )
    application = create_app(config)
    with application.app_context():
        migrate.upgrade(db.engine)
    yield application
    application.extensions["nachbarruf.db"].engine.dispose()


@pytest.fixture
def live_server(live_app: Flask) -> Iterator[LiveServer]:
    with LiveServer(live_app) as server:
        yield server
