"""Who did something: the system, a client, a volunteer or a staff member.

Stored as text in timelines and flags ("staff:3"); :meth:`Actor.parse` is the only place
that reads it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ActorKind(StrEnum):
    SYSTEM = "system"
    CLIENT = "client"
    VOLUNTEER = "volunteer"
    STAFF = "staff"


@dataclass(frozen=True)
class Actor:
    kind: ActorKind
    #: The person's or staff account's id; ``None`` for the system (and a client whose
    #: person is not known yet).
    id: int | None = None

    def __str__(self) -> str:
        return self.kind.value if self.id is None else f"{self.kind.value}:{self.id}"

    @classmethod
    def parse(cls, text: str | None) -> Actor:
        """Read back what :meth:`__str__` wrote; anything else is the system."""
        kind, _, number = (text or "").partition(":")
        try:
            actor_kind = ActorKind(kind)
        except ValueError:
            return SYSTEM
        return cls(actor_kind, int(number) if number.isdigit() else None)

    @classmethod
    def staff(cls, staff_user_id: int) -> Actor:
        return cls(ActorKind.STAFF, staff_user_id)

    @classmethod
    def volunteer(cls, person_id: int) -> Actor:
        return cls(ActorKind.VOLUNTEER, person_id)

    @classmethod
    def client(cls, person_id: int | None = None) -> Actor:
        return cls(ActorKind.CLIENT, person_id)

    @property
    def staff_user_id(self) -> int | None:
        return self.id if self.kind == ActorKind.STAFF else None


SYSTEM = Actor(ActorKind.SYSTEM)
