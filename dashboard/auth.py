"""Staff login: argon2id passwords, lockout after failures, throttling per address, roles.

The session holds ``<staff id>:<stamp>``, the stamp being derived from the password hash
and the account's session generation, so changing a password, deactivating the account or
logging out ends every session of the account, also a copied cookie. A session ends
PERMANENT_SESSION_LIFETIME (10 hours) after the login, however busy it was.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from sqlalchemy import func, select
from werkzeug.wrappers import Response
from wtforms import EmailField, PasswordField
from wtforms.validators import Length

from models import Actor, AuditEntry, StaffUser, db, utcnow
from prompts import _
from prompts import dashboard as T

from . import limiter
from .common import Form, required

F = TypeVar("F", bound=Callable[..., Any])


class LoginForm(Form):
    email = EmailField(_("E-Mail-Adresse"), validators=[required(), Length(max=200)])
    password = PasswordField(_("Passwort"), validators=[required(), Length(max=500)])


class Staff(UserMixin):
    """The logged-in staff member (wraps the :class:`StaffUser` row for Flask-Login)."""

    def __init__(self, user: StaffUser) -> None:
        self.user = user
        self.id = user.id
        self.kommune_id: int = user.kommune_id  # type: ignore[assignment] - checked at login
        self.name = user.name or user.email
        self.is_admin = user.is_admin

    def get_id(self) -> str:
        return f"{self.user.id}:{_stamp(self.user)}"

    @property
    def actor(self) -> Actor:
        """Who acts, for the domain and the timelines."""
        return Actor.staff(self.user.id)


def _stamp(user: StaffUser) -> str:
    seed = f"{user.password_hash}:{user.session_generation}"
    return hashlib.sha256(seed.encode()).hexdigest()[:16]


def _expired() -> bool:
    """The session began longer ago than a session may last (or never said when)."""
    since = session.get("since")
    if not isinstance(since, (int, float)):
        return True
    lifetime: timedelta = current_app.permanent_session_lifetime
    return utcnow().timestamp() - since > lifetime.total_seconds()


def _load(session_id: str) -> Staff | None:
    raw_id, _, stamp = session_id.partition(":")
    if not raw_id.isdigit() or len(raw_id) > 9 or _expired():
        return None
    user = db.session.get(StaffUser, int(raw_id))
    if user is None or not user.active or user.kommune_id is None or _stamp(user) != stamp:
        return None
    return Staff(user)


def init_login(manager: LoginManager) -> None:
    manager.user_loader(_load)
    manager.login_view = "dashboard.login"
    manager.login_message = str(T.LOGIN_REQUIRED)
    manager.login_message_category = "info"
    manager.session_protection = "basic"


def staff() -> Staff:
    """The logged-in staff member (views behind :func:`login_required` only)."""
    return current_user._get_current_object()  # type: ignore[no-any-return]


def admin_required(view: F) -> F:
    """Only for the role "admin" (people management, staff accounts, settings)."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not staff().is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _safe_next(target: str | None) -> str:
    """Only paths of this site after logging in, never another host."""
    if target:
        parts = urlsplit(target)
        if (
            not parts.scheme
            and not parts.netloc
            and target.startswith("/")
            and not target.startswith("//")
        ):
            return target
    return url_for("dashboard.today")


def _audit_login(user: StaffUser, action: str) -> None:
    db.session.add(
        AuditEntry(
            staff_user_id=user.id,
            kommune_id=user.kommune_id,
            action=action,
            subject_type="staff",
            subject_id=user.id,
        )
    )


def authenticate(email: str, password: str) -> StaffUser | None:
    """The account if ``password`` is right and the account may log in now; counts
    failures and locks the account for a while after too many."""
    cfg = current_app.config
    user = db.session.scalar(select(StaffUser).where(func.lower(StaffUser.email) == email))
    if user is None:
        StaffUser.check_unknown(password)  # as slow as a wrong password
        return None
    now = utcnow()
    if user.locked_until is not None and user.locked_until > now:
        StaffUser.check_unknown(password)  # as slow as any other answer: no hint it is locked
        return None
    if not user.check_password(password):
        user.failed_logins += 1
        _audit_login(user, "login_failed")
        if user.failed_logins >= cfg["LOGIN_MAX_FAILURES"]:
            user.locked_until = now + timedelta(minutes=cfg["LOGIN_LOCK_MINUTES"])
            user.failed_logins = 0
            _audit_login(user, "locked")
        return None
    if not user.active or user.kommune_id is None:
        return None
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    _audit_login(user, "login")
    return user


def _login_limit() -> str:
    return str(current_app.config["LOGIN_RATE_LIMIT"])


def login() -> str | Response:
    form = LoginForm()
    if current_user.is_authenticated and request.method == "GET":
        return redirect(url_for("dashboard.today"))
    if form.validate_on_submit():
        user = authenticate(form.email.data.strip().lower(), form.password.data)
        db.session.commit()
        if user is not None:
            target = _safe_next(request.args.get("next"))
            session.clear()  # a fresh session: nothing from before the login survives
            session.permanent = True
            session["since"] = utcnow().timestamp()
            login_user(Staff(user))
            return redirect(target)
        flash(str(T.LOGIN_FAILED), "error")
    return render_template("dashboard/login.html", form=form)


def logout() -> Response:
    """End the session here and on the server: the account's session generation moves on,
    so the cookie (or any copy of it) no longer logs anybody in."""
    if current_user.is_authenticated:
        user = db.session.get(StaffUser, current_user.id)
        if user is not None:
            user.session_generation += 1
            _audit_login(user, "logout")
            db.session.commit()
    logout_user()
    session.clear()
    flash(str(T.LOGGED_OUT), "info")
    return redirect(url_for("dashboard.login"))


def throttled(view: F) -> F:
    """The login throttle: per client address, POST only (see LOGIN_RATE_LIMIT)."""
    return limiter.limit(_login_limit, methods=["POST"])(view)  # type: ignore[return-value]
