"""Writes on events, with the rules of listings: town scope, draft and publish, If-Match,
history (revisions of entity "event")."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from catalog import freshness
from catalog.errors import Conflict, InvalidData, NotFound
from catalog.i18n import Message
from catalog.languages import SOURCE_LANGUAGE
from catalog.listing_state import diff
from catalog.models import Event, EventTranslation, Listing, Municipality, Revision
from catalog.permissions import Actor, require_actor, require_municipality
from catalog.recurrence import InvalidRule, checked_rule
from catalog.text_rows import sync_text_rows
from catalog.versioning import (
    Author,
    bump_version,
    check_version,
    record_revision,
    status_before_delete,
)

ENTITY = "event"
TEXTS = ("name", "summary", "description")
STATUS_ACTIONS = {"publish": "published", "unpublish": "draft", "delete": "archived"}


def get_event_for_edit(session: Session, slug: str, actor: Actor | None) -> Event:
    require_actor(actor)
    event = session.scalar(
        select(Event)
        .where(Event.slug == slug)
        .options(selectinload(Event.translations), joinedload(Event.listing))
        .with_for_update(of=Event)  # concurrent writers queue, as for listings
    )
    if event is None:
        raise NotFound(Message("No event has the slug %(key)s.", key=slug))
    return event


def event_state(session: Session, event: Event) -> dict:
    town = session.scalar(select(Municipality.slug).where(Municipality.id == event.municipality_id))
    return {
        "municipality": town,
        "listing": event.listing.slug if event.listing_id else None,
        "location": {
            "lat": event.lat,
            "lon": event.lon,
            "address": event.address,
            "approximate": event.location_approximate,
        },
        "themes": sorted(event.themes or []),
        "start": event.start,
        "end": event.end,
        "recurrence": event.recurrence,
        "recurrence_note": event.recurrence_note,
        "translations": {
            row.lang: {name: getattr(row, name) for name in TEXTS}
            for row in sorted(event.translations, key=lambda row: row.lang)
        },
        "status": event.status,
    }


def create_event(session: Session, actor: Actor | None, state: dict, slug: str) -> Event:
    actor = require_actor(actor)
    if session.scalar(select(Event.id).where(Event.slug == slug)) is not None:
        raise Conflict(Message("The slug %(slug)s is taken.", slug=slug))
    event = Event(slug=slug, status="draft", translations=[], themes=[])
    _write(session, actor, event, state)
    session.add(event)
    session.flush()
    after = event_state(session, event)
    _record(session, event, Author.of(actor), "create", diff({}, after), after)
    return event


def update_event(
    session: Session, actor: Actor | None, event: Event, state: dict, expected_version
) -> Event:
    actor = require_municipality(actor, event.municipality_id)
    return _change(
        session,
        actor,
        event,
        expected_version,
        "update",
        lambda: _write(session, actor, event, state),
    )


def set_event_status(
    session: Session, actor: Actor | None, event: Event, action: str, expected_version
) -> Event:
    actor = require_municipality(actor, event.municipality_id)
    if action == "restore":
        if event.status != "archived":
            raise Conflict(Message("Only a deleted (archived) listing can be restored."))
        status = status_before_delete(session, ENTITY, event.id)
    else:
        status = STATUS_ACTIONS[action]

    def apply() -> None:
        event.status = status

    return _change(session, actor, event, expected_version, action, apply)


def list_event_revisions(session: Session, actor: Actor | None, event: Event) -> list[Revision]:
    require_municipality(actor, event.municipality_id)
    return list(
        session.scalars(
            select(Revision)
            .where(Revision.entity_type == ENTITY, Revision.entity_id == event.id)
            .order_by(Revision.number)
        )
    )


def _change(session, actor, event, expected_version, action, apply) -> Event:
    check_version(event, expected_version)
    before = event_state(session, event)
    apply()
    session.flush()
    after = event_state(session, event)
    changes = diff(before, after)
    if changes:
        bump_version(session, event)
        _record(session, event, Author.of(actor), action, changes, after)
    return event


def _record(session, event, author, action, changes, snapshot) -> None:
    record_revision(session, ENTITY, event.id, author, action, changes, snapshot)
    freshness.bump(session)


def _write(session: Session, actor: Actor, event: Event, state: dict) -> None:
    errors: dict[str, list] = {}
    town = session.scalar(select(Municipality).where(Municipality.slug == state["municipality"]))
    if town is None:
        errors["municipality"] = [
            Message("Unknown municipality: %(value)s.", value=state["municipality"])
        ]
    listing = None
    if state.get("listing"):
        listing = session.scalar(select(Listing).where(Listing.slug == state["listing"]))
        if listing is None:
            errors["listing"] = [Message("Unknown listing: %(value)s.", value=state["listing"])]
    start, end = _day(state["start"]), _day(state["end"])
    if end < start:
        errors["end"] = [Message("Must be on or after from.")]
    rule = None
    if state.get("recurrence"):
        try:
            rule = checked_rule(state["recurrence"], start)
        except InvalidRule as invalid:
            errors["recurrence"] = [invalid.message]
    if not (state["translations"].get(SOURCE_LANGUAGE) or {}).get("name"):
        errors[f"translations.{SOURCE_LANGUAGE}.name"] = [
            Message("Missing data for required field.")
        ]
    if errors:
        raise InvalidData(errors)
    require_municipality(actor, town.id)
    location = state["location"]
    event.municipality_id = town.id
    event.listing = listing
    event.lat, event.lon = location["lat"], location["lon"]
    event.address = location.get("address")
    event.location_approximate = location.get("approximate", False)
    event.themes = sorted(set(state.get("themes") or []))
    event.start, event.end = start, end
    event.recurrence = rule
    event.recurrence_note = state.get("recurrence_note")
    sync_text_rows(event.translations, state["translations"], EventTranslation)


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)
