"""SQLAlchemy models, one module per aggregate."""

from .actor import SYSTEM, Actor, ActorKind
from .ban import Ban
from .base import BERLIN, Base, db, utcnow
from .call import Call, CallEvent, CallPurpose, Recording
from .flag import Flag, FlagReason
from .kommune import HotlineNumber, Kommune
from .message import Message
from .offer import Offer, OfferStatus
from .outcome import Outcome, OutcomeKind
from .person import Category, Channel, Person, VolunteerCategory, VolunteerStatus
from .request import (
    FollowupState,
    HelpRequest,
    NoticeState,
    RequestEvent,
    RequestStatus,
    When,
)
from .staff import AuditEntry, Role, StaffUser
from .task import Defer, Task, TaskState

__all__ = [
    "BERLIN",
    "SYSTEM",
    "Actor",
    "ActorKind",
    "AuditEntry",
    "Ban",
    "Base",
    "Call",
    "CallEvent",
    "CallPurpose",
    "Category",
    "Channel",
    "Defer",
    "Flag",
    "FlagReason",
    "FollowupState",
    "HelpRequest",
    "HotlineNumber",
    "Kommune",
    "Message",
    "NoticeState",
    "Offer",
    "OfferStatus",
    "Outcome",
    "OutcomeKind",
    "Person",
    "Recording",
    "RequestEvent",
    "RequestStatus",
    "Role",
    "StaffUser",
    "Task",
    "TaskState",
    "VolunteerCategory",
    "VolunteerStatus",
    "When",
    "db",
    "utcnow",
]
