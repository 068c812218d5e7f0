"""The six towns of the district."""

from typing import ClassVar

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.models.base import Base


class Municipality(Base):
    __tablename__ = "municipalities"
    __table_args__ = (CheckConstraint("length(istat_code) = 6", name="istat_code_six_digits"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    istat_code: Mapped[str] = mapped_column(String(6), unique=True)
    province: Mapped[str] = mapped_column(String(2))
    lat: Mapped[float]
    lon: Mapped[float]
    population: Mapped[int | None]
    population_as_of: Mapped[str | None] = mapped_column(String(10))
    tourist_office: Mapped[dict | None] = mapped_column(JSON)

    translations: Mapped[list["MunicipalityTranslation"]] = relationship(
        back_populates="municipality", cascade="all, delete-orphan", lazy="raise"
    )


class MunicipalityTranslation(Base):
    __tablename__ = "municipality_translations"
    TEXT_FIELDS: ClassVar[tuple[str, ...]] = ("name", "summary", "description")
    __table_args__ = (UniqueConstraint("municipality_id", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), index=True
    )
    lang: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)

    municipality: Mapped[Municipality] = relationship(back_populates="translations", lazy="raise")
