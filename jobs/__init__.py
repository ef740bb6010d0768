"""RQ on Redis, used as a doorbell for :class:`~models.Task` rows.

After a session commits, the tasks it created are enqueued (commit first, queue second).
If Redis is unreachable the enqueue is skipped with a warning: the sweeper in every
worker re-derives due work from the database, so the work is late, never lost.
"""

from __future__ import annotations

import hashlib
import logging
import time
from datetime import datetime, timedelta

from flask import Flask, current_app, has_app_context
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue
from sqlalchemy import event
from sqlalchemy.orm import Session

from dispatch import pacing
from models import utcnow
from models.base import AppSession

from .runner import run_task

log = logging.getLogger(__name__)

QUEUE = "nachbarruf"


def queue_name(database_url: str) -> str:
    """One queue per database: two installations sharing a Redis never run each other's
    jobs (a job of one would find nothing, or the wrong rows, in the other's database)."""
    return f"{QUEUE}-{hashlib.sha256(database_url.encode()).hexdigest()[:8]}"


#: After Redis failed, do not try again for this long (a webhook must stay fast).
BACKOFF_SECONDS = 5.0


class Jobs:
    """Per-app job settings and the Redis connection."""

    def __init__(self, app: Flask) -> None:
        self.url: str = app.config["REDIS_URL"]
        self.queue_name = queue_name(app.config["DATABASE_URL"])
        #: "rq" enqueues to Redis; "collect" only remembers task ids (tests run them).
        self.mode: str = app.config.get("JOBS_MODE", "rq")
        self.collected: list[int] = []
        self._redis: Redis | None = None
        self._down_until = 0.0

    @property
    def redis(self) -> Redis:
        if self._redis is None:
            self._redis = Redis.from_url(
                self.url, socket_connect_timeout=0.5, socket_timeout=2, health_check_interval=30
            )
        return self._redis

    def queue(self) -> Queue:
        return Queue(self.queue_name, connection=self.redis, default_timeout=120)

    def enqueue(self, tasks: list[tuple[int, datetime]], retry_now: bool = False) -> None:
        """Ring the bell for these tasks. After a failure, web requests skip Redis for a few
        seconds (``retry_now`` — the sweeper — tries anyway)."""
        if not tasks:
            return
        if self.mode == "collect":
            self.collected.extend(task_id for task_id, _ in tasks)
            return
        if not retry_now and time.monotonic() < self._down_until:
            log.warning("Redis was down moments ago; %d task(s) left to the sweeper", len(tasks))
            return
        try:
            queue = self.queue()
            soon = utcnow() + timedelta(seconds=1)
            for task_id, due_at in tasks:
                if due_at <= soon:
                    queue.enqueue(run_task, task_id)
                else:
                    queue.enqueue_at(due_at, run_task, task_id)
        except (RedisError, OSError) as exc:
            self._down_until = time.monotonic() + BACKOFF_SECONDS
            log.warning("could not enqueue (%s); the sweeper will pick the work up", exc)


def init_app(app: Flask) -> None:
    j = app.extensions["nachbarruf.jobs"] = Jobs(app)
    # Twilio's sending limits are counted in the jobs' Redis, shared by every worker.
    pacing.init_app(app, pacing.RedisCounters(lambda: j.redis, f"{j.queue_name}:pace"))


def jobs(app: Flask | None = None) -> Jobs:
    return (app or current_app).extensions["nachbarruf.jobs"]  # type: ignore[no-any-return]


@event.listens_for(AppSession, "after_commit")
def _enqueue_after_commit(session: Session) -> None:
    # Task.ensure() leaves (id, due_at) of every task it created in session.info.
    tasks = session.info.pop("new_tasks", [])
    if tasks and has_app_context():
        jobs().enqueue(tasks)


@event.listens_for(AppSession, "after_rollback")
def _forget_on_rollback(session: Session) -> None:
    session.info.pop("new_tasks", None)
