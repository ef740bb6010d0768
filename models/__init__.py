"""SQLAlchemy models, one module per aggregate."""

from .actor import SYSTEM, Actor, ActorKind
from .angebot import Angebot, AngebotHours, AngebotStatus
from .ban import Ban
from .base import BERLIN, Base, db, utcnow
from .call import Call, CallbackAttempt, CallbackOutcome, CallEvent, CallPurpose, Recording
from .checkin import CheckInDate, CheckInState
from .district import District
from .flag import Flag, FlagReason
from .info_search import InfoSearch
from .kommune import HotlineNumber, Kommune
from .message import Message
from .offer import Offer, OfferStatus
from .organization import Organization
from .outcome import Outcome, OutcomeKind
from .pairing import DateState, Pairing, PairingDate, PairingStatus
from .person import Category, Channel, Person, VolunteerCategory, VolunteerStatus
from .records import CLEARANCE, CategoryRequirement, ChecklistItem, Training, VolunteerCheck
from .request import (
    FollowupState,
    HelpRequest,
    NoticeState,
    RequestEvent,
    RequestStatus,
    When,
)
from .signup import VolunteerSignup
from .staff import AuditEntry, Role, StaffUser
from .task import Defer, Task, TaskState
from .taxonomy import TaxonomyTerm, TermKind

__all__ = [
    "BERLIN",
    "CLEARANCE",
    "SYSTEM",
    "Actor",
    "ActorKind",
    "Angebot",
    "AngebotHours",
    "AngebotStatus",
    "AuditEntry",
    "Ban",
    "Base",
    "Call",
    "CallEvent",
    "CallPurpose",
    "CallbackAttempt",
    "CallbackOutcome",
    "Category",
    "CategoryRequirement",
    "Channel",
    "CheckInDate",
    "CheckInState",
    "ChecklistItem",
    "DateState",
    "Defer",
    "District",
    "Flag",
    "FlagReason",
    "FollowupState",
    "HelpRequest",
    "HotlineNumber",
    "InfoSearch",
    "Kommune",
    "Message",
    "NoticeState",
    "Offer",
    "OfferStatus",
    "Organization",
    "Outcome",
    "OutcomeKind",
    "Pairing",
    "PairingDate",
    "PairingStatus",
    "Person",
    "Recording",
    "RequestEvent",
    "RequestStatus",
    "Role",
    "StaffUser",
    "Task",
    "TaskState",
    "TaxonomyTerm",
    "TermKind",
    "Training",
    "VolunteerCategory",
    "VolunteerCheck",
    "VolunteerSignup",
    "VolunteerStatus",
    "When",
    "db",
    "utcnow",
]
