"""Work that must happen later or elsewhere, kept in the database first.

A task row is committed together with the change that makes it necessary; RQ is only
the doorbell. A sweeper enqueues every task that is due and not done, so work queued
while Redis or a worker was down is re-derived from here and never lost. ``key`` makes
creating a task idempotent; claiming it with a conditional UPDATE makes running it so.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, ClassVar, Self

from sqlalchemy import Index, String, Text, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from .base import Base, utcnow


class TaskState(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    #: Gave up after ``max_attempts``; its request is flagged for staff.
    FAILED = "failed"


class Defer(Exception):
    """Raised by a task handler: not now, run again at ``until`` (not a failure)."""

    def __init__(self, until: datetime) -> None:
        super().__init__(f"deferred until {until.isoformat()}")
        self.until = until


class Task(Base):
    __tablename__ = "tasks"
    __table_args__ = (Index("ix_tasks_state_due", "state", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: :attr:`Work.kind` of the work it carries ("dispatch_round", "send_message", ...);
    #: the handler of that name is in :mod:`jobs.handlers`.
    kind: Mapped[str] = mapped_column(String(30))
    #: The id the handler works on (request, offer, message, call ...).
    ref_id: Mapped[int | None]
    #: Further arguments for the handler (the round number, the attempt, ...).
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    #: Idempotency key: the same work is never created twice.
    key: Mapped[str] = mapped_column(String(120), unique=True)
    #: Not before.
    due_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: See :class:`TaskState`.
    state: Mapped[str] = mapped_column(String(8), default=TaskState.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    max_attempts: Mapped[int] = mapped_column(default=8)
    #: When the running attempt was claimed (a stale claim means a killed worker).
    claimed_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    #: The last error, for staff and logs (never contains phone numbers).
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<Task {self.id} {self.kind}({self.ref_id}) {self.state}>"

    @classmethod
    def ensure(
        cls,
        session: Session,
        kind: str,
        ref_id: int | None,
        key: str,
        due_at: datetime | None = None,
        max_attempts: int = 8,
        payload: dict[str, Any] | None = None,
    ) -> Task:
        """Create the task unless one with the same key exists; return it either way. A
        pending task that exists already is brought forward to ``due_at`` if that is sooner.
        Use :func:`schedule`, which derives the key from the work.

        Uses INSERT … ON CONFLICT DO NOTHING so that two processes creating the same work
        at once end up with one row and neither fails.
        """
        values = {
            "kind": kind,
            "ref_id": ref_id,
            "key": key,
            "due_at": due_at or utcnow(),
            "state": TaskState.PENDING,
            "attempts": 0,
            "max_attempts": max_attempts,
            "payload": payload or {},
            "last_error": "",
            "created_at": utcnow(),
        }
        insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        # A new task comes back from the INSERT itself (RETURNING); only an existing one
        # (ON CONFLICT DO NOTHING returns no row) is read with a second statement.
        task = session.scalars(
            insert(cls)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["key"])
            .returning(cls),
            execution_options={"populate_existing": True},
        ).one_or_none()
        if task is None:
            task = session.scalars(select(cls).where(cls.key == key)).one()
        if task.state == TaskState.PENDING and values["due_at"] < task.due_at:
            task.due_at = values["due_at"]
        hold = session.info.get(_HOLD)
        if hold is not None and kind in hold[0]:
            hold[1].append(task.id)  # the job that made it runs it (see :func:`holding`)
        else:
            # Enqueued to RQ by jobs/ once the session commits (commit first, queue second).
            session.info.setdefault("new_tasks", []).append((task.id, task.due_at))
        return task

    @classmethod
    def claim(cls, session: Session, task_id: int, stale_after: timedelta) -> bool:
        """Mark the task running if it is due and nobody else runs it. True if we got it."""
        now = utcnow()
        result = session.execute(
            update(cls)
            .where(
                cls.id == task_id,
                cls.due_at <= now,
                or_(
                    cls.state == TaskState.PENDING,
                    (cls.state == TaskState.RUNNING) & (cls.claimed_at < now - stale_after),
                ),
            )
            .values(state=TaskState.RUNNING, claimed_at=now, attempts=cls.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1

    @classmethod
    def due(
        cls, session: Session, stale_after: timedelta, limit: int = 500
    ) -> list[tuple[int, bool]]:
        """Tasks that should run now, as (id, stale): pending and due, or claimed by a
        worker that has not finished within ``stale_after`` (killed, most likely)."""
        now = utcnow()
        rows = session.execute(
            select(cls.id, cls.state)
            .where(
                cls.due_at <= now,
                or_(
                    cls.state == TaskState.PENDING,
                    (cls.state == TaskState.RUNNING) & (cls.claimed_at < now - stale_after),
                ),
            )
            .order_by(cls.due_at)
            .limit(limit)
        )
        return [(task_id, state == TaskState.RUNNING) for task_id, state in rows]


@dataclasses.dataclass(frozen=True)
class Work:
    """What a task row carries, typed: subclasses are frozen dataclasses naming their
    ``kind``; the field named by ``ref`` is stored as ``Task.ref_id`` (the row the work is
    about), the others as the payload. :meth:`key` says when two schedulings are the same
    work: by default when every field is the same.

    Schedule with :func:`schedule`; :mod:`jobs.handlers` says what runs each kind.
    """

    kind: ClassVar[str]
    ref: ClassVar[str | None] = None

    def key(self) -> str:
        """The idempotency key."""
        return ":".join([self.kind, *(str(v) for v in dataclasses.astuple(self))])

    @property
    def ref_id(self) -> int | None:
        return getattr(self, self.ref) if self.ref else None  # type: ignore[no-any-return]

    def payload(self) -> dict[str, Any]:
        return {
            f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name != self.ref
        }

    @classmethod
    def from_task(cls, task: Task) -> Self:
        ref = {cls.ref: task.ref_id} if cls.ref else {}
        return cls(**ref, **task.payload)

    def serves_request(self, session: Session) -> int | None:
        """The request this work serves (staff are told there when it fails for good)."""
        return getattr(self, "request_id", None)


#: ``session.info`` key of :func:`holding`: (kinds held, ids of the tasks held).
_HOLD = "hold_tasks"


@contextmanager
def holding(session: Session, *kinds: str) -> Iterator[list[int]]:
    """Tasks of ``kinds`` scheduled inside the block are committed as usual but not rung
    on RQ: their ids are collected in the list yielded, for the job that scheduled them
    to run them itself right after its commit (a round's job sends the round's offers).
    Should that job die first, they are pending and due in the outbox, where the sweeper
    finds them (``SWEEP_SECONDS``); claiming keeps them from running twice."""
    held: list[int] = []
    session.info[_HOLD] = (set(kinds), held)
    try:
        yield held
    finally:
        session.info.pop(_HOLD, None)


def schedule(
    session: Session, work: Work, *, due_at: datetime | None = None, max_attempts: int = 8
) -> Task:
    """Commit ``work`` to the outbox (once: scheduling the same key again returns the task
    there, brought forward to ``due_at`` if that is sooner); RQ hears of it after commit."""
    return Task.ensure(
        session,
        work.kind,
        work.ref_id,
        key=work.key(),
        due_at=due_at,
        max_attempts=max_attempts,
        payload=work.payload(),
    )
