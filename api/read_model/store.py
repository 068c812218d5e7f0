"""Write documents into the read model: some listings after a change, or all of them."""

from collections.abc import Iterable

from sqlalchemy import delete, func, insert, inspect, select, update
from sqlalchemy.orm import Session

from api.read_model.render import RENDERING, documents
from catalog.listings.queries import eager_options
from catalog.models import CatalogState, Listing, ListingDocument

PUBLISHED = "published"
BATCH = 500
"""Listings rendered per round: bounded memory, few statements."""


def refresh(session: Session, listing_ids: Iterable[int]) -> None:
    """Rewrite the documents of these listings. Only published listings have documents (the
    read model serves the public; drafts are read by their office through the presenters):
    a draft's write costs one lookup, and unpublishing or deleting removes them."""
    ids = sorted(set(listing_ids))
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        session.execute(delete(ListingDocument).where(ListingDocument.listing_id.in_(batch)))
        _write(session, batch)


def _write(session: Session, ids: list[int]) -> None:
    written = {listing_id: _as_written(session, listing_id) for listing_id in ids}
    listings = [item for item in written.values() if item is not None]
    listings = [item for item in listings if item.status == PUBLISHED] + _load_published(
        session, [listing_id for listing_id, item in written.items() if item is None]
    )
    rows = documents(listings)
    if rows:
        session.execute(insert(ListingDocument), rows)


_SHOWN = frozenset(("translations", "themes", "tags", "media", "municipality"))


def _as_written(session: Session, listing_id: int) -> Listing | None:
    """The listing as the write left it in the session, when everything a document shows is
    loaded (a write loads it all to edit it): no need to read it back."""
    key = inspect(Listing).identity_key_from_primary_key((listing_id,))
    listing = session.identity_map.get(key)
    if listing is None or _SHOWN & inspect(listing).unloaded:
        return None
    if "translations" in inspect(listing.municipality).unloaded:
        return None
    return listing


def _load_published(session: Session, ids: list[int]) -> list[Listing]:
    if not ids:
        return []
    published = list(
        session.scalars(select(Listing.id).where(Listing.id.in_(ids), Listing.status == PUBLISHED))
    )
    if not published:
        return []
    return list(
        session.scalars(
            select(Listing)
            .where(Listing.id.in_(published))
            .options(*eager_options(None))
            .execution_options(populate_existing=True)
        )
    )


def rebuild(session: Session) -> int:
    """Every listing's documents, then the marker that lets reads use them. One transaction:
    readers see the old documents or the new ones, never half of them. The session should be
    the rebuild's own: it is emptied after each batch, so memory stays flat at any size."""
    ids = list(
        session.scalars(select(Listing.id).where(Listing.status == PUBLISHED).order_by(Listing.id))
    )
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
