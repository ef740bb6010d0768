"""How long a staff session lasts and how it ends: one working day from the login, logout
ends it on the server too, the throttle sees the real client behind the TLS proxy, a locked
account answers as slowly as any other, and nonsense in a URL is a 404."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app import create_app
from models import AuditEntry, db, migrate
from models import base as model_base
from models import staff as staff_model
from tests.dashboard.conftest import Page, Staff


def test_a_session_lasts_ten_hours_from_the_login_however_busy(app, coordinator):
    assert app.config["PERMANENT_SESSION_LIFETIME"] == timedelta(hours=10)  # not Flask's 31 days
    browser = Staff(app.test_client(), None)
    cookie = browser.login(coordinator.user.email).headers["Set-Cookie"]
    assert "Expires=" in cookie
    coordinator = browser
    for _ in range(9):  # at work all day: a page every hour
        model_base.travel(timedelta(hours=1))
        assert coordinator.get("/").status_code == 200
    model_base.travel(timedelta(hours=1, minutes=1))
    response = coordinator.get("/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_logout_ends_the_session_on_the_server(app, session, coordinator, coordinator_user):
    stolen = coordinator.client.get_cookie("session").value
    coordinator.follow(coordinator.post("/logout"))

    thief = Staff(app.test_client(), None)
    thief.client.set_cookie("session", stolen)
    response = thief.get("/requests")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    session.expire_all()
    assert coordinator_user.session_generation == 1
    actions = session.scalars(
        select(AuditEntry.action).where(AuditEntry.staff_user_id == coordinator_user.id)
    ).all()
    assert actions[-1] == "logout"
    # Logging in again works, with a fresh session.
    assert coordinator.login(coordinator_user.email).status_code == 302
    assert coordinator.get("/").status_code == 200


def test_a_locked_account_checks_the_password_like_any_other(app, session, coordinator_user):
    """Locked or not, every login costs one argon2 verification: the time taken tells no
    one that the account is locked."""
    coordinator_user.locked_until = model_base.utcnow() + timedelta(minutes=10)
    session.commit()
    verified = []
    real = staff_model._hasher

    class Counting:
        def verify(self, hash_: str, password: str) -> bool:
            verified.append(password)
            return real.verify(hash_, password)

        def __getattr__(self, name: str) -> object:
            return getattr(real, name)

    browser = Staff(app.test_client(), None)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(staff_model, "_hasher", Counting())
        for email, password in (
            (coordinator_user.email, "ein-falsches-passwort"),  # locked, wrong
            (coordinator_user.email, "sehr-geheimes-passwort"),  # locked, right
            ("niemand@musterstadt.example", "ein-falsches-passwort"),  # unknown
        ):
            page = Page(browser.login(email, password))
            assert page.status == 200
    assert len(verified) == 3


@pytest.mark.parametrize(
    "path",
    [
        "/gibt-es-nicht",
        "/requests/99999999999999999999",
        "/requests/2147483648",
        "/calls/99999999999999999999",
        "/people/99999999999999999999",
        "/people/99999999999999999999/edit",
        "/recordings/99999999999999999999",
        "/calls/0",
    ],
)
def test_unknown_pages_and_ids_out_of_range_are_404(coordinator, path):
    page = coordinator.page(path)
    assert page.status == 404
    assert "Diese Seite gibt es nicht" in page


@pytest.mark.parametrize(
    "path",
    [
        "/requests/99999999999999999999/cancel",
        "/requests/1/flags/99999999999999999999/resolve",
        "/people/99999999999999999999/pause",
        "/calls/99999999999999999999/callback-done",
    ],
)
def test_posts_to_ids_out_of_range_are_404(coordinator, path):
    assert coordinator.post(path, {"resolution": "x"}).status_code == 404


def test_the_login_throttle_keys_on_the_client_behind_the_proxy(tmp_path, app, database_url):
    """With PROXY_COUNT=1 the address the TLS proxy forwards counts, so one attacker does
    not lock out the whole office behind the same proxy; without it the header is ignored
    (nobody can fake a new address with a header of their own)."""
    from dashboard import limiter
    from tests.conftest import app_config

    def attempts(proxied: bool, clients: list[str]) -> list[int]:
        config = app_config(
            database_url,
            tmp_path / "instance",
            PROXY_COUNT=int(proxied),
            LOGIN_RATE_LIMIT="2 per minute",
        )
        behind = create_app(config)
        try:
            with behind.app_context():
                migrate.upgrade(db.engine)
            limiter.reset()
            statuses = []
            for address in clients:
                browser = Staff(behind.test_client(), None)
                headers = {
                    "X-Forwarded-For": address,
                    "X-Forwarded-Proto": "https",
                    "Referer": "https://localhost/login",
                }
                token = Page(browser.client.get("/login", headers=headers)).inputs["csrf_token"]
                response = browser.client.post(
                    "/login",
                    data={
                        "email": "raten@musterstadt.example",
                        "password": "falsch-falsch-falsch",
                        "csrf_token": token,
                    },
                    headers=headers,
                )
                statuses.append(response.status_code)
            return statuses
        finally:
            behind.extensions["nachbarruf.db"].engine.dispose()
            limiter.init_app(app)  # the extension is shared: give it back to the test app
            limiter.reset()

    limit = 2
    attacker = ["203.0.113.7"] * (limit + 1)
    colleague = ["198.51.100.20"]
    assert attempts(True, attacker + colleague) == [200] * limit + [429, 200]
    assert attempts(False, attacker + colleague) == [200] * limit + [429, 429]
