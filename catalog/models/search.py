"""The search document of each listing, and the catalogue's change counter.

`listing_search.document` holds every text of a listing in every language, normalised
(lowercase, accents removed, CJK characters spaced). The database indexes it its own way:
an FTS5 table kept in step by triggers on SQLite, a generated tsvector with a GIN index on
PostgreSQL (both made by the migration, outside these models).
"""

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from catalog.models.base import Base, UTCDateTime, utcnow


class ListingSearch(Base):
    __tablename__ = "listing_search"

    listing_id: Mapped[int] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE"), primary_key=True
    )
    document: Mapped[str] = mapped_column(Text, default="")


class CatalogState(Base):
    """One row: bumped by every write, so cached public reads know when they are stale."""

    __tablename__ = "catalog_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
