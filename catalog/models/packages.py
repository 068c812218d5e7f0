"""Integrated offers: ordered stops across towns and themes, and the campaigns that feature them."""

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.models.base import Base, Texts, UTCDateTime, status_check, utcnow
from catalog.models.listings import Listing
from catalog.models.organisations import Organisation


class Package(Base):
    __tablename__ = "packages"
    __table_args__ = (status_check(),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    owner_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    duration_hours: Mapped[float | None] = mapped_column(Float)
    duration_days: Mapped[int | None] = mapped_column(Integer)
    price_from: Mapped[float | None] = mapped_column(Float)
    """EUR; None when unknown (never guessed)."""
    audience: Mapped[list] = mapped_column(JSON, default=list)
    season: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    owner: Mapped[Organisation] = relationship(lazy="raise")
    stops: Mapped[list["PackageStop"]] = relationship(
        cascade="all, delete-orphan", lazy="raise", order_by="PackageStop.position"
    )
    translations: Mapped[list["PackageTranslation"]] = relationship(
        cascade="all, delete-orphan", lazy="raise", order_by="PackageTranslation.lang"
    )


class PackageStop(Base):
    __tablename__ = "package_stops"
    __table_args__ = (UniqueConstraint("package_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    package_id: Mapped[int] = mapped_column(
        ForeignKey("packages.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id"), index=True)

    listing: Mapped[Listing] = relationship(lazy="raise")


class PackageTranslation(Texts, Base):
    __tablename__ = "package_translations"
    __table_args__ = (UniqueConstraint("package_id", "lang"),)
    TEXT_FIELDS = (*Texts.TEXT_FIELDS, "includes")

    package_id: Mapped[int] = mapped_column(
        ForeignKey("packages.id", ondelete="CASCADE"), index=True
    )
    includes: Mapped[str | None] = mapped_column(Text)


class Campaign(Base):
    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)
    hub_name: Mapped[str | None] = mapped_column(String(200))
    hub_lat: Mapped[float | None] = mapped_column(Float)
    hub_lon: Mapped[float | None] = mapped_column(Float)

    translations: Mapped[list["CampaignTranslation"]] = relationship(
        cascade="all, delete-orphan", lazy="raise", order_by="CampaignTranslation.lang"
    )
    featured: Mapped[list["CampaignFeature"]] = relationship(
        cascade="all, delete-orphan", lazy="raise", order_by="CampaignFeature.position"
    )


class CampaignTranslation(Texts, Base):
    __tablename__ = "campaign_translations"
    __table_args__ = (UniqueConstraint("campaign_id", "lang"),)
    TEXT_FIELDS = (*Texts.TEXT_FIELDS, "getting_there")

    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    getting_there: Mapped[str | None] = mapped_column(Text)


class CampaignFeature(Base):
    """A listing or a package a campaign puts forward, in order."""

    __tablename__ = "campaign_features"
    __table_args__ = (
        CheckConstraint("(listing_id IS NULL) <> (package_id IS NULL)", name="listing_or_package"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    listing_id: Mapped[int | None] = mapped_column(ForeignKey("listings.id"), index=True)
    package_id: Mapped[int | None] = mapped_column(ForeignKey("packages.id"), index=True)
