"""The public change feed: what a mirror must do to stay in step with the catalogue.

Built from the revision history, so it is exact and never misses a write: a listing that
becomes or stays public is `created` or `updated`; one that stops being public (deleted,
unpublished) is `deleted` (a tombstone). Edits of drafts never appear.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog.listings.kind import LISTING
from catalog.models import Listing, Revision


@dataclass(frozen=True)
class Change:
    listing_id: int
    slug: str
    change: str
    at: datetime
    revision: int


@dataclass(frozen=True)
class ChangePage:
    items: list[Change]
    cursor: int
    """The id of the last revision read: pass it back to continue."""
    more: bool


class CursorAhead(Exception):
    """The cursor is past the newest revision: not one this feed gave (another database, a
    restored backup, a made-up number). Answering "nothing new" would make the client skip
    every change up to it, so it must start again from scratch."""

    def __init__(self, cursor: int, head: int) -> None:
        super().__init__(cursor, head)
        self.cursor, self.head = cursor, head


def changes_since(
    session: Session, *, after_revision: int = 0, since: datetime | None = None, limit: int = 100
) -> ChangePage:
    """Raises CursorAhead when `after_revision` is past the feed's head."""
    query = (
        select(Revision, Listing.slug)
        .join(Listing, Listing.id == Revision.entity_id)
        .where(Revision.entity_type == LISTING.entity, Revision.id > after_revision)
        .order_by(Revision.id)
        .limit(limit + 1)
    )
    if since is not None:
        query = query.where(Revision.created_at >= since)
    rows = session.execute(query).all()
    if not rows and after_revision > 0:
        # Only an empty answer needs the check: any row read is past the cursor, so within.
        head = session.scalar(select(func.max(Revision.id))) or 0
        if after_revision > head:
            raise CursorAhead(after_revision, head)
    more = len(rows) > limit
    rows = rows[:limit]
    items = [change for revision, slug in rows if (change := _public_change(revision, slug))]
    cursor = rows[-1][0].id if rows else after_revision
    return ChangePage(items, cursor, more)


def _public_change(revision: Revision, slug: str) -> Change | None:
    public_after = revision.snapshot.get("status") == "published"
    status_change = revision.changes.get("status")
    public_before = status_change[0] == "published" if status_change else public_after
    if not public_after and not public_before:
        return None
    if not public_after:
        kind = "deleted"
    elif not public_before or revision.number == 1:
        kind = "created"
    else:
        kind = "updated"
    return Change(revision.entity_id, slug, kind, revision.created_at, revision.id)
