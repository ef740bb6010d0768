"""The one RQ entry point: run a :class:`~models.Task` by id.

Thin and idempotent: claim the row (a conditional UPDATE, so two workers never run the
same task), call its handler from :mod:`jobs.handlers`, mark it done. A failure is
recorded on the row with a backoff and re-raised, so RQ sees it too. Tasks the handler
returns (committed, not enqueued) run next in the same job.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from flask import Flask, current_app, has_app_context
from rq import get_current_job

from dispatch import lifecycle
from models import Defer, HelpRequest, Task, TaskState, db, utcnow

from .handlers import HANDLERS

log = logging.getLogger(__name__)

#: The app jobs run in when RQ calls us outside any app context.
_worker_app: Flask | None = None

#: Seconds to wait before attempt n+1 (after n failures); the last value repeats. With
#: ``Task.max_attempts`` (8) a task keeps trying for about four hours, then gives up.
BACKOFF = (30, 120, 600, 1800, 3600)


def bind_app(app: Flask) -> None:
    global _worker_app
    _worker_app = app


def run_task(task_id: int) -> str:
    """RQ job: run the task in a fresh app context (its own DB session)."""
    app = current_app._get_current_object() if has_app_context() else _worker_app
    if app is None:
        raise RuntimeError("jobs.runner.bind_app() was not called in this worker")
    with app.app_context():
        return execute(task_id)


def execute(task_id: int) -> str:
    session = db.session
    stale = timedelta(seconds=current_app.config["TASK_STALE_SECONDS"])
    if not Task.claim(session, task_id, stale):
        session.rollback()
        return "skipped"  # done, running elsewhere, or not due yet
    session.commit()
    task = session.get(Task, task_id, populate_existing=True)
    if task is None:  # pragma: no cover - claimed a moment ago
        return "gone"
    job = get_current_job()
    log.info(
        "task %s %s(%s) attempt %d job=%s",
        task.id,
        task.kind,
        task.ref_id,
        task.attempts,
        job.id if job else "-",
    )
    try:
        if task.kind not in HANDLERS:
            raise LookupError(f"no handler for task kind {task.kind!r}")
        work_type, handler = HANDLERS[task.kind]
        then = handler(work_type.from_task(task))
    except Defer as later:
        session.rollback()
        _defer(task_id, later.until)
        return "deferred"
    except Exception as exc:
        session.rollback()
        _failed(task_id, exc)
        raise
    task = session.get(Task, task_id, populate_existing=True)
    if task is None:  # pragma: no cover - deleted while running
        return "gone"
    task.state = TaskState.DONE
    task.finished_at = utcnow()
    session.commit()
    _run_next(then or ())
    return "done"


def _run_next(task_ids: Sequence[int]) -> None:
    """Tasks the handler made for this job to run itself (a round's offers): each is
    claimed, so one that a sweeper handed to another worker meanwhile runs once; one that
    fails or waits is back in the outbox with its backoff. All of them run; then the first
    failure is raised, so that RQ (and a test) sees the job fail as with a job of its own."""
    failure: Exception | None = None
    for task_id in task_ids:
        try:
            execute(task_id)
        except Exception as exc:
            failure = failure or exc
    if failure is not None:
        raise failure


def _defer(task_id: int, until: datetime) -> None:
    """Put the task back for later; a deferral is not an attempt."""
    session = db.session
    task = session.get(Task, task_id, populate_existing=True)
    if task is None:  # pragma: no cover
        return
    task.state = TaskState.PENDING
    task.due_at = until
    task.attempts = max(0, task.attempts - 1)
    session.info.setdefault("new_tasks", []).append((task.id, task.due_at))
    session.commit()


def _failed(task_id: int, exc: Exception) -> None:
    session = db.session
    task = session.get(Task, task_id, populate_existing=True)
    if task is None:
        return
    task.last_error = f"{type(exc).__name__}: {exc}"[:500]
    if task.attempts < task.max_attempts:
        task.state = TaskState.PENDING
        task.due_at = utcnow() + timedelta(seconds=BACKOFF[min(task.attempts, len(BACKOFF)) - 1])
        session.info.setdefault("new_tasks", []).append((task.id, task.due_at))
        session.commit()
        return
    task.state = TaskState.FAILED
    task.finished_at = utcnow()
    session.commit()
    log.error("task %s %s gave up after %d attempts", task.id, task.kind, task.attempts)
    try:
        _gave_up(task)  # staff see it on the request
        session.commit()
    except Exception:
        session.rollback()
        log.exception("could not flag the request of failed task %s", task_id)


def _gave_up(task: Task) -> None:
    """A task failed for good: the request it served needs a person now."""
    session = db.session
    work_type, _ = HANDLERS[task.kind]
    request_id = work_type.from_task(task).serves_request(session)
    request = session.get(HelpRequest, request_id) if request_id else None
    if request is not None:
        lifecycle.task_failed(session, request, task=task.kind, error=task.last_error)
