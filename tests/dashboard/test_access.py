"""Who gets in, and what they see: login, lockout, throttling, cookies, CSRF, roles, and
another Kommune's ids."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app import create_app
from models import AuditEntry, Call, HelpRequest, Kommune, Recording, StaffUser, db, migrate
from models import base as model_base
from prompts import dashboard as T
from tests.dashboard.conftest import PASSWORD, Page, Staff


def test_pages_need_a_login(client, kommune):
    response = client.get("/people")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=%2Fpeople")


def test_login_with_email_and_password_then_logout(app, session, coordinator_user):
    browser = Staff(app.test_client(), None)
    response = browser.login("Koordination@Musterstadt.example ".strip().lower())
    assert response.status_code == 302
    today = browser.page("/")
    assert "Heute" in today and "koordination" in today
    session.expire_all()
    assert coordinator_user.last_login_at is not None
    assert (
        session.scalar(
            select(AuditEntry.action).where(AuditEntry.staff_user_id == coordinator_user.id)
        )
        == "login"
    )

    response = browser.post("/logout")
    assert browser.follow(response).text.count(str(T.LOGGED_OUT)) == 1
    assert browser.get("/").status_code == 302


def test_login_goes_back_to_the_page_asked_for_but_never_elsewhere(app, session, coordinator_user):
    browser = Staff(app.test_client(), None)
    token = browser.page("/login").inputs["csrf_token"]
    ok = browser.client.post(
        "/login?next=/people",
        data={"email": coordinator_user.email, "password": PASSWORD, "csrf_token": token},
    )
    assert ok.headers["Location"] == "/people"
    browser = Staff(app.test_client(), None)
    token = browser.page("/login").inputs["csrf_token"]
    evil = browser.client.post(
        "/login?next=https://evil.example/",
        data={"email": coordinator_user.email, "password": PASSWORD, "csrf_token": token},
    )
    assert evil.headers["Location"] == "/"


def test_session_cookie_is_httponly_samesite_and_secure_under_https(app, session, coordinator_user):
    assert app.config["PUBLIC_BASE_URL"].startswith("https://")
    browser = Staff(app.test_client(), None)
    response = browser.login(coordinator_user.email)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" in cookie


def test_wrong_password_then_lockout(app, session, coordinator_user):
    browser = Staff(app.test_client(), None)
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        page = Page(browser.login(coordinator_user.email, "falsches-passwort"))
        assert page.status == 200
        assert str(T.LOGIN_FAILED) in page
    session.expire_all()
    assert coordinator_user.locked_until is not None
    # Locked: even the right password does not get in now ...
    page = Page(browser.login(coordinator_user.email))
    assert str(T.LOGIN_FAILED) in page
    actions = session.scalars(
        select(AuditEntry.action).where(AuditEntry.staff_user_id == coordinator_user.id)
    ).all()
    assert actions.count("login_failed") == 5 and "locked" in actions
    # ... but after the lock time it does.
    model_base.travel(timedelta(minutes=app.config["LOGIN_LOCK_MINUTES"] + 1))
    assert browser.login(coordinator_user.email).status_code == 302


def test_unknown_email_and_deactivated_account_get_the_same_answer(app, session, make_staff):
    user = make_staff(email="ehemalig@musterstadt.example")
    user.active = False
    session.commit()
    for email in ("niemand@musterstadt.example", user.email):
        page = Page(Staff(app.test_client(), None).login(email))
        assert page.status == 200 and str(T.LOGIN_FAILED) in page


def test_brute_force_from_one_address_is_throttled(app, session, coordinator_user):
    limit = int(app.config["LOGIN_RATE_LIMIT"].split(" ")[0])
    statuses = []
    for n in range(limit + 3):
        browser = Staff(
            app.test_client(), None
        )  # fresh cookies every time: only the address is the same
        statuses.append(
            browser.login(f"raten{n}@musterstadt.example", f"passwort-{n:04d}").status_code
        )
    assert statuses[:limit] == [200] * limit
    assert statuses[limit:] == [429] * 3
    throttled = Page(Staff(app.test_client(), None).login(coordinator_user.email))
    assert throttled.status == 429
    assert str(T.TOO_MANY_ATTEMPTS) in throttled


def test_changing_the_password_ends_other_sessions(session, coordinator, coordinator_user):
    assert coordinator.get("/").status_code == 200
    coordinator_user.set_password("ein-ganz-neues-passwort")
    session.commit()
    assert coordinator.get("/").status_code == 302


def test_a_form_without_csrf_token_changes_nothing(session, coordinator, make_request):
    request = make_request()
    response = coordinator.post(f"/requests/{request.id}/cancel", csrf=False)
    assert response.status_code == 400
    assert str(T.CSRF_FAILED) in Page(response)
    response = coordinator.post(
        f"/requests/{request.id}/cancel", {"csrf_token": "gefälscht"}, csrf=False
    )
    assert response.status_code == 400
    session.expire_all()
    assert session.get(HelpRequest, request.id).status == "new"


def test_logout_needs_a_post_with_token(coordinator):
    assert coordinator.get("/logout").status_code == 405
    assert coordinator.post("/logout", csrf=False).status_code == 400
    assert coordinator.get("/").status_code == 200


def test_webhooks_need_no_csrf_token_but_a_signature(client, kommune):
    response = client.post(
        "/sms/incoming", data={"From": "+4915228817301", "Body": "HILFE", "MessageSid": "SM1"}
    )
    assert response.status_code == 403  # unsigned: refused by the signature check, not by CSRF


@pytest.mark.parametrize(
    "path",
    ["/audit", "/settings", "/staff", "/people/import"],
)
def test_coordinators_do_not_reach_the_administration(coordinator, path):
    page = coordinator.page(path)
    assert page.status == 403
    assert str(T.FORBIDDEN) in page


def test_coordinators_cannot_approve_block_export_or_erase(session, coordinator, make_person):
    volunteer = make_person("volunteer", status="pending")
    assert (
        coordinator.post(
            f"/people/{volunteer.id}/approve", {"recognized_on": "2026-11-01"}
        ).status_code
        == 403
    )
    assert coordinator.post(f"/people/{volunteer.id}/block", {"reason": "x"}).status_code == 403
    assert coordinator.post(f"/people/{volunteer.id}/export").status_code == 403
    assert coordinator.post(f"/people/{volunteer.id}/erase", {"confirm": "y"}).status_code == 403
    session.expire_all()
    assert volunteer.status == "pending" and volunteer.erased_at is None


# --- another Kommune's ids ---------------------------------------------------------------------------


@pytest.fixture
def foreign(session, other_kommune, make_person, make_request):
    """A person, request, call and recording of Beispielhausen."""
    client = make_person(
        "client", kommune=other_kommune, name="Fremde Person", phone="+493023125301"
    )
    volunteer = make_person(
        "volunteer", kommune=other_kommune, name="Fremder Helfer", phone="+4915228817399"
    )
    request = make_request(client, kommune=other_kommune)
    call = Call(
        kommune_id=other_kommune.id,
        direction="inbound",
        sid="CAforeign",
        from_number=client.phone,
        person_id=client.id,
        status="completed",
        needs_callback=True,
    )
    session.add(call)
    session.flush()
    recording = Recording(
        call_id=call.id, sid="REforeign", url="https://api.twilio.com/x", purpose="voicemail"
    )
    session.add(recording)
    session.commit()
    return {
        "person": client,
        "volunteer": volunteer,
        "request": request,
        "call": call,
        "recording": recording,
    }


GETS = [
    "/people/{person}",
    "/people/{person}/edit",
    "/requests/{request}",
    "/calls/{call}",
    "/recordings/{recording}",
    "/people/{person}/erase",
]
POSTS = [
    "/requests/{request}/cancel",
    "/requests/{request}/dispatch",
    "/requests/{request}/done",
    "/requests/{request}/outcome",
    "/requests/{request}/assign",
    "/requests/{request}/verify",
    "/people/{person}/request",
    "/people/{volunteer}/pause",
    "/people/{volunteer}/resume",
    "/people/{volunteer}/approve",
    "/people/{volunteer}/block",
    "/people/{volunteer}/unblock",
    "/people/{volunteer}/availability",
    "/people/{person}/export",
    "/people/{person}/erase",
    "/people/{person}/edit",
    "/calls/{call}/callback-done",
]


def _ids(foreign):
    return {name: obj.id for name, obj in foreign.items()}


def test_another_kommunes_pages_answer_404(admin, foreign):
    for path in GETS:
        page = admin.page(path.format(**_ids(foreign)))
        assert page.status == 404, path
        assert "Fremde Person" not in page


def test_another_kommunes_ids_cannot_be_changed(session, admin, foreign, kommune, make_person):
    mine = make_person("volunteer", name="Meine Helferin")
    for path in POSTS:
        response = admin.post(
            path.format(**_ids(foreign)),
            {
                "kind": "note",
                "note": "x",
                "volunteer_id": mine.id,
                "person_id": mine.id,
                "reason": "x",
                "recognized_on": "2026-11-01",
                "confirm": "y",
            },
        )
        assert response.status_code == 404, path
    session.expire_all()
    assert foreign["request"].status == "new"
    assert foreign["person"].erased_at is None
    assert foreign["call"].needs_callback is True
    assert (
        session.scalar(select(AuditEntry).where(AuditEntry.person_id == foreign["person"].id))
        is None
    )


def test_own_request_cannot_be_given_to_another_kommunes_volunteer(
    session, admin, foreign, make_request
):
    request = make_request()
    response = admin.post(
        f"/requests/{request.id}/assign", {"volunteer_id": foreign["volunteer"].id}
    )
    assert str(T.NOT_POSSIBLE) in admin.follow(response)
    session.expire_all()
    assert request.volunteer_id is None


def test_lists_show_only_the_own_kommune(session, admin, foreign, make_person, make_request):
    make_person("client", name="Erika Musterfrau")
    make_request()
    people = admin.page("/people")
    assert "Erika Musterfrau" in people and "Fremde Person" not in people
    assert "Fremde Person" not in admin.page("/requests")
    assert "Fremde Person" not in admin.page("/calls")
    assert (
        foreign["request"].ref
        not in admin.page("/requests?q=" + foreign["request"].ref).text.split("Filtern")[-1]
    )
    today = admin.page("/")
    assert "Fremde Person" not in today


def test_staff_without_kommune_cannot_log_in(app, session):
    user = StaffUser(email="landkreis@example.org", role="admin", kommune_id=None)
    user.set_password(PASSWORD)
    session.add(user)
    session.commit()
    browser = Staff(app.test_client(), None)
    page = Page(browser.login(user.email))
    assert page.status == 200 and str(T.LOGIN_FAILED) in page
    assert browser.get("/").status_code == 302


def test_login_works_while_redis_is_down(tmp_path, app):
    """The throttle counts in Redis in production; without Redis it counts in memory and
    staff still get in."""
    from dashboard import limiter
    from tests.conftest import app_config

    config = app_config(f"sqlite:///{tmp_path / 'down.sqlite3'}", tmp_path / "instance")
    config.update(
        TESTING=False,
        RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0",
        PUBLIC_BASE_URL="",
        TELEPHONY="sandbox",
    )
    # The limiter is one module-level object; binding it to a second app and letting it find
    # Redis dead changes it for every later test (no throttle until it checks Redis again).
    bound_to_test_app = dict(vars(limiter))
    down = create_app(config)
    try:
        with down.app_context():
            migrate.upgrade(db.engine)
            kommune = Kommune(name="Musterstadt")
            db.session.add(kommune)
            db.session.flush()
            user = StaffUser(
                email="koordination@musterstadt.example", role="coordinator", kommune_id=kommune.id
            )
            user.set_password(PASSWORD)
            db.session.add(user)
            db.session.commit()
        browser = Staff(down.test_client(), None)
        assert browser.login(user.email).status_code == 302
        assert browser.get("/").status_code == 200
    finally:
        down.extensions["nachbarruf.db"].engine.dispose()
        vars(limiter).clear()  # give the shared extension back to the test app, as it was
        vars(limiter).update(bound_to_test_app)
