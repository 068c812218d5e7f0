"""Every write to the catalogue keeps who, when and what changed: nothing is ever lost."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from catalog.models.base import Base, UTCDateTime, utcnow


class Revision(Base):
    __tablename__ = "revisions"
    __table_args__ = (
        UniqueConstraint("entity_type", "entity_id", "number"),
        Index("ix_revisions_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_type: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(30))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author: Mapped[str] = mapped_column(String(254))
    """Who wrote it, kept as text so the history survives the account."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    """{"field": [old, new]}, translations as "translations.de.name"."""
    snapshot: Mapped[dict] = mapped_column(JSON, default=dict)
    """The whole editable state after this revision, for restoring it."""
