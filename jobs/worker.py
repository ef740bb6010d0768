"""``nachbarruf worker``: an RQ worker with its scheduler, plus the sweeper thread."""

from __future__ import annotations

import logging

from flask import Flask
from rq import SimpleWorker

from . import jobs
from .runner import bind_app
from .sweeper import Sweeper

log = logging.getLogger(__name__)


def run(app: Flask, burst: bool = False) -> None:
    """Work until stopped (or, with ``burst``, until the queue is empty)."""
    bind_app(app)
    j = jobs(app)
    sweeper = Sweeper(app)
    if not burst:
        sweeper.start()
    else:
        from .sweeper import sweep

        sweep(app)
    # SimpleWorker runs jobs in this process: no fork per job, pooled DB connections;
    # a job that hangs is still stopped by RQ's timeout (SIGALRM in the main thread).
    worker = SimpleWorker([j.queue()], connection=j.redis)
    try:
        worker.work(with_scheduler=True, burst=burst, logging_level="INFO")
    finally:
        sweeper.stop()
