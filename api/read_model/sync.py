"""Keep the read model in step with every write, in the write's own transaction.

Whatever writes listings (the write core behind the API and the back office, seeds, imports,
restores, the CLI) does so through a session; after each flush we note which listings (and
towns, whose names every listing of theirs shows) changed, and before the commit we rewrite
their documents. A write that rolls back takes its documents with it.
"""

from itertools import chain

from flask import current_app, has_app_context
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from api.read_model.store import refresh
from catalog.models import (
    Listing,
    ListingMedia,
    ListingTag,
    ListingTheme,
    ListingTranslation,
    Municipality,
    MunicipalityTranslation,
)

EXTENSION = "distretto.read_model"
_LISTINGS, _TOWNS = "read_model.listings", "read_model.towns"
_LISTING_PARTS = (ListingTranslation, ListingMedia, ListingTag, ListingTheme)


def listen() -> None:
    """Once per process: the listeners act only inside an app that keeps a read model."""
    if not event.contains(Session, "after_flush", _note_changes):
        event.listen(Session, "after_flush", _note_changes)
        event.listen(Session, "before_commit", _write_documents)
        event.listen(Session, "after_rollback", _forget)


def _note_changes(session: Session, _context) -> None:
    listings = session.info.setdefault(_LISTINGS, set())
    towns = session.info.setdefault(_TOWNS, set())
    for item in chain(session.new, session.dirty, session.deleted):
        if isinstance(item, Listing):
            listings.add(item.id)
        elif isinstance(item, _LISTING_PARTS):
            listings.add(item.listing_id)
        elif isinstance(item, Municipality):
            towns.add(item.id)
        elif isinstance(item, MunicipalityTranslation):
            towns.add(item.municipality_id)


def _write_documents(session: Session) -> None:
    if not (has_app_context() and current_app.extensions.get(EXTENSION)):
        return
    session.flush()
    listings = session.info.pop(_LISTINGS, set())
    towns = session.info.pop(_TOWNS, set())
    if towns:
        listings |= set(
            session.scalars(select(Listing.id).where(Listing.municipality_id.in_(towns)))
        )
    listings.discard(None)
    if listings:
        refresh(session, listings)


def _forget(session: Session) -> None:
    session.info.pop(_LISTINGS, None)
    session.info.pop(_TOWNS, None)
