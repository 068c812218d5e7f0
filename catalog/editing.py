"""Writes on listings: create, change, translate, publish, archive, restore, revert.

Each write checks the actor's scope, checks the version the client based its change on, and
records a revision; the version bump is a conditional UPDATE, so of two concurrent writers
with the same version exactly one succeeds.
"""

import re
import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog import freshness, search
from catalog.errors import Conflict, InvalidData, NotFound
from catalog.i18n import Message
from catalog.languages import SOURCE_LANGUAGE
from catalog.listing_state import diff, read_state, write_state
from catalog.models import Listing, Municipality, Organisation, Revision
from catalog.permissions import Actor, require_actor, require_municipality
from catalog.versioning import (
    Author,
    bump_version,
    check_version,
    record_revision,
    status_before_delete,
)

ENTITY = "listing"


def create_listing(session: Session, actor: Actor | None, state: dict, slug: str | None) -> Listing:
    actor = require_actor(actor)
    town = _municipality(session, state["municipality"])
    require_municipality(actor, town.id)
    _require_source_text(state)
    if slug:
        require_new_slug(session, slug)
    listing = Listing(
        slug=slug or _unique_slug(session, state["translations"][SOURCE_LANGUAGE]["name"]),
        status="draft",
        owner_id=_owner_for(session, actor, town).id,
        translations=[],
        themes=[],
        tags=[],
        media=[],
    )
    session.add(listing)
    write_state(session, listing, state)
    session.flush()
    after = current_state(session, listing)
    _record(session, listing, Author.of(actor), "create", diff({}, after), after)
    return listing


def update_listing(
    session: Session,
    actor: Actor | None,
    listing: Listing,
    state: dict,
    expected_version,
    action: str = "update",
) -> Listing:
    """Replace the editable state (PATCH merges into the current state before calling this)."""
    require_municipality(actor, listing.municipality_id)
    town = _municipality(session, state["municipality"])
    require_municipality(actor, town.id)
    _require_source_text(state)
    return _change(
        session,
        actor,
        listing,
        expected_version,
        action,
        lambda: write_state(session, listing, state),
    )


STATUS_ACTIONS = {"publish": "published", "unpublish": "draft", "delete": "archived"}


def set_status(
    session: Session, actor: Actor | None, listing: Listing, action: str, expected_version
) -> Listing:
    """publish, unpublish, or delete (archive: hidden, never removed, restorable)."""
    require_municipality(actor, listing.municipality_id)
    status = STATUS_ACTIONS[action]

    def apply() -> None:
        listing.status = status

    return _change(session, actor, listing, expected_version, action, apply)


def restore_listing(
    session: Session, actor: Actor | None, listing: Listing, expected_version
) -> Listing:
    """Undo a delete: the listing gets back the status it had before it was archived."""
    require_municipality(actor, listing.municipality_id)
    if listing.status != "archived":
        raise Conflict(Message("Only a deleted (archived) listing can be restored."))
    previous = status_before_delete(session, ENTITY, listing.id)

    def apply() -> None:
        listing.status = previous

    return _change(session, actor, listing, expected_version, "restore", apply)


def revert_to(
    session: Session, actor: Actor | None, listing: Listing, number: int, expected_version
) -> Listing:
    """Bring an old revision's content back, as a new revision (the status stays)."""
    revision = get_revision(session, actor, listing, number)
    state = dict(revision.snapshot)
    state.pop("status", None)
    require_municipality(actor, _municipality(session, state["municipality"]).id)
    return _change(
        session,
        actor,
        listing,
        expected_version,
        f"revert:{number}",
        lambda: write_state(session, listing, state),
    )


def list_revisions(session: Session, actor: Actor | None, listing: Listing) -> list[Revision]:
    require_municipality(actor, listing.municipality_id)
    return list(
        session.scalars(
            select(Revision)
            .where(Revision.entity_type == ENTITY, Revision.entity_id == listing.id)
            .order_by(Revision.number)
        )
    )


def get_revision(session: Session, actor: Actor | None, listing: Listing, number: int) -> Revision:
    require_municipality(actor, listing.municipality_id)
    revision = session.scalar(
        select(Revision).where(
            Revision.entity_type == ENTITY,
            Revision.entity_id == listing.id,
            Revision.number == number,
        )
    )
    if revision is None:
        raise NotFound(Message("This listing has no revision %(number)s.", number=number))
    return revision


def record_system_revision(
    session: Session, listing: Listing, author: Author, action: str, before: dict
) -> None:
    """For writes outside a request (the seed loader): same history, no version check."""
    session.flush()
    after = current_state(session, listing)
    _record(session, listing, author, action, diff(before, after), after)


def current_state(session: Session, listing: Listing) -> dict:
    """The editable state plus the status: what a revision snapshot keeps."""
    slug = session.scalar(
        select(Municipality.slug).where(Municipality.id == listing.municipality_id)
    )
    return {**read_state(listing, slug), "status": listing.status}


def _change(session, actor, listing, expected_version, action, apply) -> Listing:
    actor = require_actor(actor)
    check_version(listing, expected_version)
    before = current_state(session, listing)
    apply()
    session.flush()
    after = current_state(session, listing)
    changes = diff(before, after)
    if not changes:
        return listing
    bump_version(session, listing)
    _record(session, listing, Author.of(actor), action, changes, after)
    return listing


def _record(session, listing, author: Author, action: str, changes: dict, snapshot: dict):
    revision = record_revision(session, ENTITY, listing.id, author, action, changes, snapshot)
    search.reindex(session, listing)
    freshness.bump(session)
    return revision


def _municipality(session: Session, slug: str) -> Municipality:
    town = session.scalar(select(Municipality).where(Municipality.slug == slug))
    if town is None:
        raise InvalidData(
            {"municipality": [Message("Unknown municipality: %(value)s.", value=slug)]}
        )
    return town


def _owner_for(session: Session, actor: Actor, town: Municipality) -> Organisation:
    """The town's office owns its listings, whoever writes them (admins, the district)."""
    office = session.scalar(select(Organisation).where(Organisation.slug == town.slug))
    return office or session.get(Organisation, actor.organisation_id)


def _require_source_text(state: dict) -> None:
    source = state.get("translations", {}).get(SOURCE_LANGUAGE) or {}
    if not source.get("name"):
        raise InvalidData(
            {f"translations.{SOURCE_LANGUAGE}.name": [Message("Missing data for required field.")]}
        )


def _unique_slug(session: Session, text: str) -> str:
    base = slugify(text) or "listing"
    taken = set(session.scalars(select(Listing.slug).where(Listing.slug.like(f"{base}%"))))
    if base not in taken:
        return base
    suffix = 2
    while f"{base}-{suffix}" in taken:
        suffix += 1
    return f"{base}-{suffix}"


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:100]


def require_new_slug(session: Session, slug: str) -> None:
    if session.scalar(select(Listing.id).where(Listing.slug == slug)) is not None:
        raise Conflict(Message("The slug %(slug)s is taken.", slug=slug))
