"""How often people asked the directory by phone or SMS, per day, topic and district —
counts only, never who asked (no number, no call, no time of day)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from .base import Base


class InfoSearch(Base):
    __tablename__ = "info_searches"
    __table_args__ = (UniqueConstraint("kommune_id", "day", "channel", "topic_id", "district"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The Kommune whose directory was asked.
    kommune_id: Mapped[int] = mapped_column(ForeignKey("kommunen.id"))
    #: Local day.
    day: Mapped[date]
    #: phone or sms.
    channel: Mapped[str] = mapped_column(String(8))
    #: The topic asked for; 0 for "any topic" (so the unique key needs no NULL).
    topic_id: Mapped[int] = mapped_column(default=0)
    #: The district searched from (the caller's or the one they named); "" when unknown.
    district: Mapped[str] = mapped_column(String(80), default="")
    #: How many searches.
    count: Mapped[int] = mapped_column(default=0)

    def __repr__(self) -> str:
        return f"<InfoSearch {self.day} {self.channel} topic={self.topic_id} n={self.count}>"

    @classmethod
    def count_one(
        cls,
        session: Session,
        *,
        kommune_id: int,
        day: date,
        channel: str,
        topic_id: int | None,
        district: str,
    ) -> None:
        """Add one search (an upsert: concurrent searches each count)."""
        insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        stmt = insert(cls).values(
            kommune_id=kommune_id,
            day=day,
            channel=channel,
            topic_id=topic_id or 0,
            district=district[:80],
            count=1,
        )
        session.execute(
            stmt.on_conflict_do_update(
                index_elements=["kommune_id", "day", "channel", "topic_id", "district"],
                set_={"count": cls.count + 1},
            )
        )
