"""Listings, the unit of the offer, with their themes, tags, media and translations."""

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.models.base import Base, Texts, UTCDateTime, one_of, status_check, utcnow
from catalog.models.municipalities import Municipality
from catalog.models.organisations import Organisation
from catalog.vocabularies import ACCESS, HIGHLIGHTS, KINDS, THEMES


class Listing(Base):
    __tablename__ = "listings"
    __table_args__ = (
        CheckConstraint(one_of("kind", KINDS), name="kind_known"),
        status_check(),
        CheckConstraint(one_of("access", ACCESS), name="access_known"),
        CheckConstraint(
            f"highlight BETWEEN {min(HIGHLIGHTS)} AND {max(HIGHLIGHTS)}",
            name="highlight_range",
        ),
        Index("ix_listings_status_updated_at", "status", "updated_at"),
        # near= and bbox=: a range on lat inside the published ones, lon read from the index
        Index("ix_listings_status_lat_lon", "status", "lat", "lon"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20), default="draft")
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)

    lat: Mapped[float]
    lon: Mapped[float]
    address: Mapped[str | None] = mapped_column(String(300))
    location_approximate: Mapped[bool] = mapped_column(Boolean, default=False)

    contacts: Mapped[dict] = mapped_column(JSON, default=dict)
    price_range: Mapped[str | None] = mapped_column(String(20))
    opening_hours: Mapped[dict | None] = mapped_column(JSON)
    access: Mapped[str] = mapped_column(String(20), default="open", server_default="open")
    highlight: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    source: Mapped[dict | None] = mapped_column(JSON)
    complete_languages: Mapped[str] = mapped_column(String(200), default="", server_default="")
    """Derived from the translations at every change (catalog/i18n/completeness.py): the
    languages with name, summary and description, as ",de,en,it,"."""

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    municipality: Mapped[Municipality] = relationship(lazy="raise")
    owner: Mapped[Organisation] = relationship(lazy="raise")
    translations: Mapped[list["ListingTranslation"]] = relationship(
        cascade="all, delete-orphan", lazy="raise", order_by="ListingTranslation.lang"
    )
    themes: Mapped[list["ListingTheme"]] = relationship(
        cascade="all, delete-orphan", lazy="raise", order_by="ListingTheme.theme"
    )
    tags: Mapped[list["ListingTag"]] = relationship(
        cascade="all, delete-orphan", lazy="raise", order_by="ListingTag.tag"
    )
    media: Mapped[list["ListingMedia"]] = relationship(
        cascade="all, delete-orphan", lazy="raise", order_by="ListingMedia.position"
    )


class ListingTranslation(Texts, Base):
    __tablename__ = "listing_translations"
    __table_args__ = (UniqueConstraint("listing_id", "lang"),)

    listing_id: Mapped[int] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE"), index=True
    )


class ListingTheme(Base):
    __tablename__ = "listing_themes"
    __table_args__ = (CheckConstraint(one_of("theme", THEMES), name="theme_known"),)

    listing_id: Mapped[int] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE"), primary_key=True
    )
    theme: Mapped[str] = mapped_column(String(30), primary_key=True, index=True)


class ListingTag(Base):
    __tablename__ = "listing_tags"

    listing_id: Mapped[int] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(60), primary_key=True, index=True)


class ListingMedia(Base):
    """An image with its credit and licence; the caption is a map of language to text."""

    __tablename__ = "listing_media"

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    url: Mapped[str] = mapped_column(String(500))
    credit: Mapped[str | None] = mapped_column(String(300))
    licence: Mapped[str | None] = mapped_column(String(100))
    licence_url: Mapped[str | None] = mapped_column(String(500))
    caption: Mapped[dict] = mapped_column(JSON, default=dict)
