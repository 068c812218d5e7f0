"""The one write core for everything editors change: listings, events, packages, and what
comes later.

Every write goes the same way: load for edit with a row lock, check the actor's scope over
every town the entity touches (before and after the change), check the version the client
read, apply the change, record a revision with its field-level diff, bump the version, bring
derived data up to date (search index, sort names) and mark the catalogue changed. Seeds and
importers write through `system_write`, with the same history and version bump.

A kind declares only what differs: its model, how its editable state is read and written,
which towns it touches, and its derived data (see `catalog/*/kind.py`).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog import freshness
from catalog.access.permissions import Actor, require_actor
from catalog.errors import Conflict, Forbidden, InvalidData, NotFound
from catalog.i18n.languages import SOURCE_LANGUAGE
from catalog.i18n.messages import Message
from catalog.models import Revision
from catalog.revisions import (
    Author,
    bump_version,
    check_version,
    diff,
    record_revision,
    status_before_delete,
)
from catalog.vocabularies import STATUS_ACTIONS


def _nothing(session: Session, entity: Any) -> None:
    return None


def _by_slug(model, key: str):
    return model.slug == key


@dataclass(frozen=True)
class Kind:
    """What one kind of editable entity declares; the core does the rest."""

    entity: str  # the revisions' entity_type
    model: type
    not_found: str  # a msgid with %(key)s
    edit_options: Callable[[], tuple]  # eager loads for reading and writing the state
    read: Callable[[Session, Any], dict]  # the editable state (status aside)
    write: Callable[..., None]  # (session, entity, state, actor): match a validated state
    towns: Callable[[Session, Any], set[int]]  # the municipalities it touches: the scope
    new: Callable[[Session, Actor | None, dict, str | None], Any]  # an empty draft
    derive: Callable[[Session, Any], None] = _nothing  # derived data after every change
    key_filter: Callable[[type, str], Any] = _by_slug


def snapshot(session: Session, kind: Kind, entity) -> dict:
    """The editable state plus the status: what a revision keeps and a diff compares."""
    return {**kind.read(session, entity), "status": entity.status}


def load_for_edit(session: Session, kind: Kind, key: str, actor: Actor | None):
    """Any entity of the kind, state loaded, row locked: a second writer waits, then sees the
    first one's version (412) instead of racing it on child rows. 401 before any lookup."""
    require_actor(actor)
    entity = session.scalar(
        select(kind.model)
        .where(kind.key_filter(kind.model, key))
        .options(*kind.edit_options())
        .with_for_update(of=kind.model)
    )
    if entity is None or not _visible(session, kind, actor, entity):
        raise NotFound(Message(kind.not_found, key=key))
    return entity


def _visible(session: Session, kind: Kind, actor: Actor, entity) -> bool:
    """Another town's draft answers like a missing one: its existence is not told."""
    towns = kind.towns(session, entity)
    return entity.status == "published" or all(actor.covers(town) for town in towns)


def create(session: Session, kind: Kind, actor: Actor | None, state: dict, slug: str | None):
    actor = require_actor(actor)
    if slug:
        require_new_slug(session, kind, slug)
    entity = kind.new(session, actor, state, slug)
    session.add(entity)
    with session.no_autoflush:  # the entity is new and not yet complete
        kind.write(session, entity, state, actor)
    require_scope(actor, kind.towns(session, entity))
    require_source_name(state)
    session.flush()
    after = snapshot(session, kind, entity)
    _record(session, kind, entity, Author.of(actor), "create", diff({}, after), after)
    return entity


def update(
    session: Session,
    kind: Kind,
    actor: Actor | None,
    entity,
    state: dict,
    expected_version,
    action: str = "update",
):
    """Replace the editable state (a PATCH merges into the current state before this)."""

    def apply() -> None:
        kind.write(session, entity, state, actor)
        require_source_name(state)

    return _change(session, kind, actor, entity, expected_version, action, apply)


def set_status(
    session: Session, kind: Kind, actor: Actor | None, entity, action: str, expected_version
):
    """publish, unpublish, delete (archived: hidden, never removed) or restore."""
    if action == "restore":
        _require_scope_of(session, kind, actor, entity)
        if entity.status != "archived":
            raise Conflict(Message("Only a deleted (archived) item can be restored."))
        status = status_before_delete(session, kind.entity, entity.id)
    else:
        status = STATUS_ACTIONS[action]

    def apply() -> None:
        entity.status = status

    return _change(session, kind, actor, entity, expected_version, action, apply)


def revisions(session: Session, kind: Kind, actor: Actor | None, entity) -> list[Revision]:
    _require_scope_of(session, kind, actor, entity)
    query = (
        select(Revision)
        .where(Revision.entity_type == kind.entity, Revision.entity_id == entity.id)
        .order_by(Revision.number)
    )
    return list(session.scalars(query))


def revision(session: Session, kind: Kind, actor: Actor | None, entity, number: int) -> Revision:
    _require_scope_of(session, kind, actor, entity)
    found = session.scalar(
        select(Revision).where(
            Revision.entity_type == kind.entity,
            Revision.entity_id == entity.id,
            Revision.number == number,
        )
    )
    if found is None:
        raise NotFound(Message("There is no revision %(number)s.", number=number))
    return found


def restore_revision(
    session: Session, kind: Kind, actor: Actor | None, entity, number: int, expected_version
):
    """Bring an old revision's content back, as a new revision (the status stays)."""
    state = dict(revision(session, kind, actor, entity, number).snapshot)
    state.pop("status", None)
    return _change(
        session, kind, actor, entity, expected_version, f"revert:{number}",
        lambda: kind.write(session, entity, state, actor),
    )  # fmt: skip


def system_write(session: Session, kind: Kind, entity, author: Author, action: str, apply) -> bool:
    """A seed or an import: no scope or version check, the same revision and version bump.

    `entity` may be new (not yet in the session). Returns whether anything changed.
    """
    created = entity.id is None
    before = {} if created else snapshot(session, kind, entity)
    if created:
        session.add(entity)
    with session.no_autoflush:
        apply()
    session.flush()
    after = snapshot(session, kind, entity)
    changes = diff(before, after)
    if not changes:
        return False
    if not created:
        bump_version(session, entity)
    _record(session, kind, entity, author, action, changes, after)
    return True


def system_upsert(
    session: Session, kind: Kind, slug: str, state: dict, author: Author, action: str
) -> str:
    """Create (published) or update an entity from data a system owns, such as the seeds.

    Languages an editor added that the data does not know are kept. Returns the outcome:
    created, updated or unchanged.
    """
    entity = session.scalar(
        select(kind.model).where(kind.model.slug == slug).options(*kind.edit_options())
    )
    created = entity is None
    if created:
        entity = kind.new(session, None, state, slug)
        entity.status = "published"
    else:
        kept = kind.read(session, entity)["translations"]
        state = {**state, "translations": {**kept, **state["translations"]}}
    changed = system_write(
        session, kind, entity, author, action, lambda: kind.write(session, entity, state, None)
    )
    return "created" if created else ("updated" if changed else "unchanged")


def published_version(session: Session, kind: Kind, key: str) -> int | None:
    """The version alone: enough to answer a conditional GET without loading the entity."""
    return session.scalar(
        select(kind.model.version).where(
            kind.key_filter(kind.model, key), kind.model.status == "published"
        )
    )


def require_scope(actor: Actor, towns: set[int]) -> None:
    if not all(actor.covers(town) for town in towns):
        raise Forbidden(Message("This belongs to a municipality your organisation does not cover."))


def require_source_name(state: dict) -> None:
    source = (state.get("translations") or {}).get(SOURCE_LANGUAGE) or {}
    if not source.get("name"):
        raise InvalidData(
            {f"translations.{SOURCE_LANGUAGE}.name": [Message("Missing data for required field.")]}
        )


def require_new_slug(session: Session, kind: Kind, slug: str) -> None:
    if session.scalar(select(kind.model.id).where(kind.model.slug == slug)) is not None:
        raise Conflict(Message("The slug %(slug)s is taken.", slug=slug))


def _require_scope_of(session: Session, kind: Kind, actor: Actor | None, entity) -> Actor:
    actor = require_actor(actor)
    require_scope(actor, kind.towns(session, entity))
    return actor


def _change(session, kind: Kind, actor, entity, expected_version, action: str, apply):
    actor = _require_scope_of(session, kind, actor, entity)
    check_version(entity, expected_version)
    before = snapshot(session, kind, entity)
    apply()
    require_scope(actor, kind.towns(session, entity))
    session.flush()
    after = snapshot(session, kind, entity)
    changes = diff(before, after)
    if changes:
        bump_version(session, entity)
        _record(session, kind, entity, Author.of(actor), action, changes, after)
    return entity


def _record(session, kind: Kind, entity, author: Author, action: str, changes, after) -> None:
    record_revision(session, kind.entity, entity.id, author, action, changes, after)
    kind.derive(session, entity)
    freshness.bump(session)
