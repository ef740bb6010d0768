"""Every kind of background work, typed: its fields are its payload and make its key.

Scheduled with :func:`models.task.schedule`; run by the handler of the same name in
:mod:`jobs.handlers` (``DispatchRound`` → ``jobs.handlers.dispatch_round``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from models import Call, Message
from models.task import Work


@dataclass(frozen=True)
class DispatchRound(Work):
    """Round ``round`` of a request's search."""

    kind = "dispatch_round"
    ref = "request_id"
    request_id: int
    round: int


@dataclass(frozen=True)
class NotifyClient(Work):
    """Tell the client who comes; ``round`` and the volunteer make a new assignment a new
    notice, ``attempt`` counts unanswered calls."""

    kind = "notify_client"
    ref = "request_id"
    request_id: int
    volunteer_id: int
    round: int
    attempt: int = 1


@dataclass(frozen=True)
class TellClientUnmatched(Work):
    """Nobody was found: the client hears that staff will be in touch."""

    kind = "tell_client_escalated"
    ref = "request_id"
    request_id: int
    round: int


@dataclass(frozen=True)
class Followup(Work):
    """ "Hat alles geklappt?" — the call after the help."""

    kind = "followup"
    ref = "request_id"
    request_id: int
    attempt: int = 1


@dataclass(frozen=True)
class SendMessage(Work):
    """Hand a queued SMS to telephony. ``about`` says what it is for (``offer:12``), so
    the same SMS is never queued twice."""

    kind = "send_message"
    ref = "message_id"
    message_id: int
    about: str

    def key(self) -> str:
        return f"{self.kind}:{self.about}"

    def serves_request(self, session: Session) -> int | None:
        message = session.get(Message, self.message_id)
        return message.request_id if message else None


@dataclass(frozen=True)
class PlaceCall(Work):
    """Place a queued call; ``about`` as for :class:`SendMessage`."""

    kind = "place_call"
    ref = "call_id"
    call_id: int
    about: str

    def key(self) -> str:
        return f"{self.kind}:{self.about}"

    def serves_request(self, session: Session) -> int | None:
        call = session.get(Call, self.call_id)
        return call.request_id if call else None


@dataclass(frozen=True)
class SandboxNoAnswer(Work):
    """Sandbox: a call nobody picked up ends as Twilio would report it."""

    kind = "sandbox_no_answer"
    ref = "call_id"
    call_id: int


@dataclass(frozen=True)
class DeleteRecording(Work):
    """Delete a recording at Twilio and mark it deleted here."""

    kind = "delete_recording"
    ref = "recording_id"
    recording_id: int


@dataclass(frozen=True)
class Retention(Work):
    """The nightly run of the retention limits."""

    kind = "retention"
    #: Local date of the night, ISO.
    night: str


@dataclass(frozen=True)
class CheckCall(Work):
    """Ask Twilio what became of a call we placed whose final status never arrived (a
    lost callback would leave it "initiated" forever)."""

    kind = "check_call"
    ref = "call_id"
    call_id: int

    def serves_request(self, session: Session) -> int | None:
        return None  # the call went out; a lookup that keeps failing is no failed delivery


@dataclass(frozen=True)
class CheckMessage(Work):
    """Ask Twilio what became of an SMS whose delivery report never arrived."""

    kind = "check_message"
    ref = "message_id"
    message_id: int

    def serves_request(self, session: Session) -> int | None:
        return None  # the SMS went out; a lookup that keeps failing is no failed delivery


@dataclass(frozen=True)
class CancelCall(Work):
    """Stop an offer call that is queued or ringing: the request was taken meanwhile."""

    kind = "cancel_call"
    ref = "call_id"
    call_id: int


@dataclass(frozen=True)
class PairingCall(Work):
    """A date of a phone friendship is due: call the volunteer (``attempt`` 2 is the retry
    after the client did not answer)."""

    kind = "pairing_call"
    ref = "date_id"
    date_id: int
    attempt: int = 1

    def serves_request(self, session: Session) -> int | None:
        return None  # a pairing is no request; its page shows what became of the date


@dataclass(frozen=True)
class CheckInCall(Work):
    """A check-in is due: call the client (``attempt`` 2 and 3 after no answer)."""

    kind = "checkin_call"
    ref = "date_id"
    date_id: int
    attempt: int = 1

    def serves_request(self, session: Session) -> int | None:
        return None  # no request; Heute shows a check-in nobody answered
