"""Twilio's sending limits, kept by us: a burst waits in the outbox instead of failing.

Twilio takes so many messages per second from one sender (``TWILIO_SMS_PER_SECOND``, per
number) and starts so many calls per second per account (``TWILIO_CALLS_PER_SECOND``);
both default to 1, 0 switches pacing off (tests, the sandbox sends nothing anyway).

Before an SMS or a call is handed to Twilio it takes a slot: the first second from now
that still has room for one more. A slot within :data:`MAX_WAIT` is waited for (the worker
sleeps that long); a later one is not taken: the task goes back to the outbox
(:class:`~models.Defer`) and comes again when the burst has passed. The counters live in
Redis, shared by every worker of the installation (one key per sender and second, gone
after a minute); without Redis each process counts for itself.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any, Protocol

from flask import Flask, current_app

from models import Defer, utcnow
from models.phone import mask

log = logging.getLogger(__name__)

#: How far ahead a slot is looked for, in seconds (each second costs one INCR); the
#: longest a worker sleeps for one. Without one the task goes back to the outbox.
LOOKAHEAD = 2
MAX_WAIT = float(LOOKAHEAD)
#: Counter keys expire after this many seconds.
KEY_TTL = 60


class Counters(Protocol):
    def incr(self, key: str) -> int: ...


class RedisCounters:
    """Counters in Redis: one INCR per second tried, shared by all workers."""

    def __init__(self, redis: Callable[[], Any], prefix: str) -> None:
        self.redis = redis
        self.prefix = prefix

    def incr(self, key: str) -> int:
        pipe = self.redis().pipeline()
        pipe.incr(f"{self.prefix}:{key}")
        pipe.expire(f"{self.prefix}:{key}", KEY_TTL)
        return int(pipe.execute()[0])


class LocalCounters:
    """Counters of this process only (Redis unreachable, or none configured)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, tuple[int, float]] = {}

    def incr(self, key: str) -> int:
        now = time.monotonic()
        with self._lock:
            if len(self._counts) > 10_000:
                self._counts = {k: v for k, v in self._counts.items() if v[1] > now}
            count = self._counts.get(key, (0, 0.0))[0] + 1
            self._counts[key] = (count, now + KEY_TTL)
            return count


class Pacer:
    """Slots per second and sender; see the module docstring."""

    def __init__(self, counters: Counters | None = None) -> None:
        self.counters = counters
        self.local = LocalCounters()

    def slot(self, kind: str, sender: str, per_second: int, now: float) -> tuple[float | None, int]:
        """(seconds from ``now``, epoch seconds, to the slot taken — 0 for this second —
        or None when no second within :data:`LOOKAHEAD` has room; how many more than fit
        wanted the last second tried, a measure of the queue)."""
        second = int(now)
        count = 0
        for ahead in range(LOOKAHEAD + 1):
            count = self._incr(f"{kind}:{sender}:{second + ahead}")
            if count <= per_second:
                return max(0.0, second + ahead - now), 0
        return None, count - per_second

    def _incr(self, key: str) -> int:
        if self.counters is not None:
            try:
                return self.counters.incr(key)
            except Exception as exc:  # Redis down: count here, not block sending
                log.warning("pacing: shared counters unreachable (%s); counting locally", exc)
        return self.local.incr(key)


def init_app(app: Flask, counters: Counters | None = None) -> None:
    app.extensions["nachbarruf.pacer"] = Pacer(counters)


def _pacer() -> Pacer:
    pacer = current_app.extensions.get("nachbarruf.pacer")
    if pacer is None:
        pacer = current_app.extensions["nachbarruf.pacer"] = Pacer()
    return pacer  # type: ignore[no-any-return]


#: What waits for a slot (tests replace it).
sleep: Callable[[float], None] = time.sleep


def wait_for_slot(kind: str, sender: str) -> None:
    """Before handing an SMS (``kind`` "sms", ``sender`` the number it goes out from) or
    a call ("call", the account) to Twilio: wait for its slot, or raise
    :class:`~models.Defer` to go back to the outbox when the next second with room is
    further away than :data:`MAX_WAIT`."""
    setting = "TWILIO_SMS_PER_SECOND" if kind == "sms" else "TWILIO_CALLS_PER_SECOND"
    per_second = int(current_app.config.get(setting, 1) or 0)
    if per_second <= 0:
        return
    now = utcnow()
    wait, queued = _pacer().slot(kind, sender, per_second, now.timestamp())
    if wait is None:
        # Come back when the queue ahead may have gone, spread so that a big burst does
        # not return all at once.
        later = LOOKAHEAD + random.uniform(0, min(60.0, queued / per_second))
        log.info("pacing: %s from %s waits in the outbox (burst)", kind, mask(sender))
        raise Defer(now + timedelta(seconds=later))
    if wait > 0:
        sleep(wait)
