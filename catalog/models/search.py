"""The search document of each listing, and the catalogue's change counter.

`listing_search.document` holds every text of a listing in every language, normalised
(lowercase, accents removed, CJK characters spaced). The database indexes it its own way:
an FTS5 table kept in step by triggers on SQLite, a generated tsvector with a GIN index on
PostgreSQL (both made by the migration, outside these models).
"""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from catalog.models.base import Base, UTCDateTime, utcnow


class ListingSearch(Base):
    __tablename__ = "listing_search"

    listing_id: Mapped[int] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE"), primary_key=True
    )
    document: Mapped[str] = mapped_column(Text, default="")


class ListingName(Base):
    """A listing's name as each language shows it (after fallback), folded for sorting.

    Written with the search document on every write, so `sort=name` walks an index instead
    of joining and sorting every listing's texts.
    """

    __tablename__ = "listing_names"
    __table_args__ = (Index("ix_listing_names_lang_key", "lang", "key", "listing_id"),)

    listing_id: Mapped[int] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE"), primary_key=True
    )
    lang: Mapped[str] = mapped_column(String(8), primary_key=True)
    key: Mapped[str] = mapped_column(String(200))


class CatalogState(Base):
    """One row: bumped by every write, so cached public reads know when they are stale."""

    __tablename__ = "catalog_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_model: Mapped[str] = mapped_column(String(64), default="", server_default="")
    """Which rendering of the representations `listing_documents` holds ("" : none yet). Public
    reads use the documents only when it names the running code's rendering."""
