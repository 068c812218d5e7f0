"""Who owns content: each town's tourism office and the district coordination."""

from sqlalchemy import Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.models.base import Base
from catalog.models.municipalities import Municipality

organisation_municipalities = Table(
    "organisation_municipalities",
    Base.metadata,
    Column(
        "organisation_id",
        ForeignKey("organisations.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "municipality_id",
        ForeignKey("municipalities.id", ondelete="CASCADE"),
        primary_key=True,
    ),
)


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))  # tourism_office | coordination

    municipalities: Mapped[list[Municipality]] = relationship(
        secondary=organisation_municipalities, lazy="raise"
    )
