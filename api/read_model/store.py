"""Write documents into the read model: some listings after a change, or all of them."""

from collections.abc import Iterable

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from api.read_model.render import RENDERING, documents
from catalog.listings.queries import eager_options
from catalog.models import CatalogState, Listing, ListingDocument

BATCH = 500
"""Listings rendered per round: bounded memory, few statements."""


def refresh(session: Session, listing_ids: Iterable[int]) -> None:
    """Rewrite the documents of these listings (deleted ones simply lose theirs)."""
    ids = sorted(set(listing_ids))
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        session.execute(delete(ListingDocument).where(ListingDocument.listing_id.in_(batch)))
        _write(session, batch)


def _write(session: Session, ids: list[int]) -> None:
    listings = session.scalars(
        select(Listing)
        .where(Listing.id.in_(ids))
        .options(*eager_options(None))
        .execution_options(populate_existing=True)
    ).all()
    rows = documents(listings)
    if rows:
        session.execute(insert(ListingDocument), rows)


def rebuild(session: Session) -> int:
    """Every listing's documents, then the marker that lets reads use them. One transaction:
    readers see the old documents or the new ones, never half of them. The session should be
    the rebuild's own: it is emptied after each batch, so memory stays flat at any size."""
    ids = list(session.scalars(select(Listing.id).order_by(Listing.id)))
    session.execute(delete(ListingDocument))
    for start in range(0, len(ids), BATCH):
        _write(session, ids[start : start + BATCH])
        session.expunge_all()
    session.execute(update(CatalogState).where(CatalogState.id == 1).values(read_model=RENDERING))
    return len(ids)


def is_ready(session: Session) -> bool:
    """Whether the documents were made by the running code (else the presenters answer)."""
    return session.scalar(select(CatalogState.read_model)) == RENDERING


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(ListingDocument)) or 0
