"""Re-derive queued work from the database: every due task that is not done is enqueued.

Runs in a thread of every worker. A marker key in Redis keeps one task from being
enqueued again while a job for it is probably still waiting; running twice is harmless
anyway (the task is claimed before it runs).
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from flask import Flask
from redis.exceptions import RedisError

from dispatch import retention
from models import Task, db, utcnow

from . import jobs

log = logging.getLogger(__name__)


def schedule_daily(app: Flask) -> None:
    """Daily work (retention) always has its next run waiting as a task."""
    with app.app_context():
        retention.ensure_scheduled(db.session)
        db.session.commit()


def sweep(app: Flask) -> int:
    """Enqueue due work; returns how many tasks were enqueued."""
    with app.app_context():
        stale = timedelta(seconds=app.config["TASK_STALE_SECONDS"])
        due = Task.due(db.session, stale)
        db.session.rollback()
        if not due:
            return 0
        j = jobs(app)
        if j.mode == "collect":
            j.collected.extend(task_id for task_id, _ in due)
            return len(due)
        # A pending task enqueued moments ago is probably still in the queue: a marker key
        # keeps the sweeper from piling up copies. A stale claim is always enqueued again.
        ttl = max(10, 2 * app.config["SWEEP_SECONDS"])
        try:
            pipe = j.redis.pipeline()
            for task_id, _ in due:
                pipe.set(f"{j.queue_name}:enqueued:{task_id}", 1, nx=True, ex=ttl)
            marked = pipe.execute()
        except (RedisError, OSError) as exc:
            log.warning("sweep: Redis unreachable (%s); %d due task(s) wait", exc, len(due))
            return 0
        fresh = [
            task_id for (task_id, is_stale), new in zip(due, marked, strict=True) if new or is_stale
        ]
        now = utcnow()
        j.enqueue([(task_id, now) for task_id in fresh], retry_now=True)
        if fresh:
            log.info("sweep: enqueued %d due task(s)", len(fresh))
        return len(fresh)


class Sweeper(threading.Thread):
    """Calls :func:`sweep` every ``SWEEP_SECONDS`` until stopped."""

    def __init__(self, app: Flask) -> None:
        super().__init__(name="nachbarruf-sweeper", daemon=True)
        self.app = app
        self.interval = app.config["SWEEP_SECONDS"]
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                schedule_daily(self.app)
                sweep(self.app)
            except Exception:
                log.exception("sweep failed; trying again in %ss", self.interval)
            self.stopped.wait(self.interval)

    def stop(self) -> None:
        self.stopped.set()
