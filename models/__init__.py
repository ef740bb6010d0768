"""SQLAlchemy models, one module per aggregate."""

from .base import BERLIN, Base, db, utcnow
from .call import Call, CallEvent, CallPurpose, Recording
from .kommune import HotlineNumber, Kommune
from .message import Message
from .offer import Offer, OfferStatus
from .outcome import Outcome, OutcomeKind
from .person import Category, Channel, Person, VolunteerCategory, VolunteerStatus
from .request import OPEN_STATUSES, HelpRequest, RequestEvent, RequestStatus, When
from .staff import AuditEntry, Role, StaffUser
from .task import Defer, Task, TaskState

__all__ = [
    "BERLIN",
    "OPEN_STATUSES",
    "AuditEntry",
    "Base",
    "Call",
    "CallEvent",
    "CallPurpose",
    "Category",
    "Channel",
    "Defer",
    "HelpRequest",
    "HotlineNumber",
    "Kommune",
    "Message",
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
