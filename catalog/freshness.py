"""The catalogue's change counter: every write bumps it, so a cached public read can be
validated with one tiny query instead of re-running the listing queries."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from catalog.models import CatalogState
from catalog.models.base import utcnow


@dataclass(frozen=True)
class Freshness:
    version: int
    changed_at: datetime
    read_model: str = ""
    """The rendering the read model's documents were made with ("" : none)."""


def bump(session: Session) -> None:
    session.execute(
        update(CatalogState)
        .where(CatalogState.id == 1)
        .values(version=CatalogState.version + 1, changed_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def current(session: Session) -> Freshness:
    row = session.execute(
        select(CatalogState.version, CatalogState.changed_at, CatalogState.read_model)
    ).one()
    return Freshness(row.version, row.changed_at, row.read_model)
