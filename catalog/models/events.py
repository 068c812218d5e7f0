"""Dated happenings: fairs, festivals, tours; single editions or recurring by an RFC 5545 rule."""

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.models.base import Base, Texts, UTCDateTime, status_check, utcnow
from catalog.models.listings import Listing
from catalog.models.municipalities import Municipality


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (status_check(),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    listing_id: Mapped[int | None] = mapped_column(ForeignKey("listings.id"), index=True)
    lat: Mapped[float]
    lon: Mapped[float]
    address: Mapped[str | None] = mapped_column(String(300))
    location_approximate: Mapped[bool] = mapped_column(Boolean, default=False)
    themes: Mapped[list] = mapped_column(JSON, default=list)
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)
    """Last day of the first occurrence; later occurrences last as long."""
    recurrence: Mapped[str | None] = mapped_column(String(300))
    """An RFC 5545 RRULE without DTSTART (that is `start`); None for a single edition.
    What the rule cannot say is told in each language by `EventTranslation.recurrence_note`."""
    source: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    municipality: Mapped[Municipality] = relationship(lazy="raise")
    listing: Mapped[Listing | None] = relationship(lazy="raise")
    translations: Mapped[list["EventTranslation"]] = relationship(
        cascade="all, delete-orphan", lazy="raise", order_by="EventTranslation.lang"
    )


class EventTranslation(Texts, Base):
    __tablename__ = "event_translations"
    __table_args__ = (UniqueConstraint("event_id", "lang"),)
    TEXT_FIELDS = (*Texts.TEXT_FIELDS, "recurrence_note")

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    recurrence_note: Mapped[str | None] = mapped_column(Text)
    """The repetition in words, with what the rule cannot say (e.g. "the days vary")."""
