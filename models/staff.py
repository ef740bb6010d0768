"""Staff accounts and the audit log of who saw or changed personal data."""

from __future__ import annotations

import contextlib
import functools
import re
from datetime import datetime
from enum import StrEnum
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .kommune import Kommune

#: argon2id with the library's current (RFC 9106 low-memory) parameters.
_hasher = PasswordHasher()


@functools.cache
def _nobody_hash() -> str:
    return _hasher.hash("nobody-has-this-password")


#: A password shorter than this is refused.
MIN_PASSWORD = 10

#: What a login e-mail must look like (something@somewhere.tld, no spaces).
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class Role(StrEnum):
    ADMIN = "admin"
    COORDINATOR = "coordinator"


class StaffUser(Base):
    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Login, lower case.
    email: Mapped[str] = mapped_column(String(200), unique=True)
    #: argon2id hash.
    password_hash: Mapped[str] = mapped_column(String(200))
    #: Display name in the dashboard and audit log.
    name: Mapped[str] = mapped_column(String(120), default="")
    #: admin or coordinator.
    role: Mapped[str] = mapped_column(String(12), default=Role.COORDINATOR)
    #: The one Kommune this account sees; ``None`` = all (only for admins).
    kommune_id: Mapped[int | None] = mapped_column(ForeignKey("kommunen.id"))
    #: Deactivated accounts cannot log in.
    active: Mapped[bool] = mapped_column(default=True)
    #: Failed logins since the last success (lockout counter).
    failed_logins: Mapped[int] = mapped_column(default=0)
    #: No login until then.
    locked_until: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    #: Raised at every logout: the sessions of the generation before are no longer valid.
    session_generation: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    kommune: Mapped[Kommune | None] = relationship()

    def __repr__(self) -> str:
        return f"<StaffUser {self.id} {self.role} kommune={self.kommune_id}>"

    def set_password(self, password: str) -> None:
        if len(password) < MIN_PASSWORD:
            raise ValueError(f"password must have at least {MIN_PASSWORD} characters")
        self.password_hash = _hasher.hash(password)

    def check_password(self, password: str) -> bool:
        try:
            ok = _hasher.verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
        if ok and _hasher.check_needs_rehash(self.password_hash):
            self.password_hash = _hasher.hash(password)
        return ok

    @staticmethod
    def check_unknown(password: str) -> None:
        """Take as long as :meth:`check_password`, for a login with an unknown e-mail
        (so the time taken does not tell which addresses have an account)."""
        with contextlib.suppress(VerificationError, InvalidHashError):
            _hasher.verify(_nobody_hash(), password)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


class AuditEntry(Base):
    """Who viewed or changed which person's data, when (DSGVO Art. 5(2), 30)."""

    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_kommune_at", "kommune_id", "at"),
        Index("ix_audit_entries_person_at", "person_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    #: The staff member; ``None`` for the system (retention job, CLI import).
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    #: The Kommune the data belongs to.
    kommune_id: Mapped[int | None] = mapped_column(ForeignKey("kommunen.id"))
    #: view / create / update / export / erase / import / login / ...
    action: Mapped[str] = mapped_column(String(20))
    #: What kind of record: person, request, call, recording, ...
    subject_type: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int | None]
    #: The person whose data it is, when there is one.
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    #: Which fields changed, counts, etc. Never the personal data itself.
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)

    staff_user: Mapped[StaffUser | None] = relationship()

    def __repr__(self) -> str:
        return f"<AuditEntry {self.id} {self.action} {self.subject_type}:{self.subject_id}>"
