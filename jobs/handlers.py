"""What runs each kind of work: one thin function per :mod:`dispatch.work` type, found by
its name (``dispatch_round`` runs :class:`~dispatch.work.DispatchRound`).

Each handler takes the typed work, calls the domain and returns; it is idempotent because
the domain function looks at the rows first. A handler raises to have the task retried. A
handler may return tasks it made (committed, not enqueued): its job runs them next.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from dispatch import checkins as checkin_work
from dispatch import delivery, notices, privacy, rounds
from dispatch import pairings as pairing_work
from dispatch.retention import run as enforce_retention
from dispatch.work import (
    CancelCall,
    CheckCall,
    CheckInCall,
    CheckMessage,
    DeleteRecording,
    DispatchRound,
    Followup,
    NotifyClient,
    PairingCall,
    PlaceCall,
    Retention,
    SandboxNoAnswer,
    SendMessage,
    TellClientUnmatched,
)
from models.task import Work

W = TypeVar("W", bound=Work)

#: What a handler returns: nothing, or tasks it made that its job runs next, itself.
Then = Sequence[int] | None
#: Work kind → (its type, its handler).
HANDLERS: dict[str, tuple[type[Work], Callable[[Work], Then]]] = {}


def task(work_type: type[W]) -> Callable[[Callable[[W], Then]], Callable[[W], Then]]:
    """Register the decorated function as the handler of ``work_type``."""

    def register(handler: Callable[[W], Then]) -> Callable[[W], Then]:
        if work_type.kind in HANDLERS:
            raise ValueError(f"two handlers for {work_type.kind!r}")
        HANDLERS[work_type.kind] = (work_type, handler)  # type: ignore[assignment]
        return handler

    return register


@task(DispatchRound)
def dispatch_round(work: DispatchRound) -> Then:
    # The round's offers go out from this job, one after the other (paced), not as a job each.
    return rounds.dispatch_round(work.request_id, work.round)


@task(NotifyClient)
def notify_client(work: NotifyClient) -> None:
    notices.notify_client(work.request_id, work.volunteer_id, work.round, work.attempt)


@task(TellClientUnmatched)
def tell_client_escalated(work: TellClientUnmatched) -> None:
    notices.tell_client_escalated(work.request_id, work.round)


@task(Followup)
def followup(work: Followup) -> None:
    notices.followup(work.request_id, work.attempt)


@task(SendMessage)
def send_message(work: SendMessage) -> None:
    delivery.send_message(work.message_id)


@task(PlaceCall)
def place_call(work: PlaceCall) -> None:
    delivery.place_call(work.call_id)


@task(SandboxNoAnswer)
def sandbox_no_answer(work: SandboxNoAnswer) -> None:
    delivery.sandbox_no_answer(work.call_id)


@task(CheckCall)
def check_call(work: CheckCall) -> None:
    delivery.check_call(work.call_id)


@task(CheckMessage)
def check_message(work: CheckMessage) -> None:
    delivery.check_message(work.message_id)


@task(CancelCall)
def cancel_call(work: CancelCall) -> None:
    delivery.cancel_call(work.call_id)


@task(DeleteRecording)
def delete_recording(work: DeleteRecording) -> None:
    privacy.delete_recording(work.recording_id)


@task(Retention)
def retention(work: Retention) -> None:
    enforce_retention()


@task(PairingCall)
def pairing_call(work: PairingCall) -> None:
    pairing_work.pairing_call(work.date_id, work.attempt)


@task(CheckInCall)
def checkin_call(work: CheckInCall) -> None:
    checkin_work.checkin_call(work.date_id, work.attempt)
