"""Events as an editable kind: their state, how it is written, the town that scopes them."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from catalog.access.permissions import Actor, may_refer_to
from catalog.editable import Kind
from catalog.errors import InvalidData
from catalog.events.recurrence import InvalidRule, checked_rule
from catalog.i18n.messages import N_, Message
from catalog.i18n.text_rows import read_text_rows, sync_text_rows
from catalog.models import Event, EventTranslation, Listing
from catalog.places import location_columns, location_of, town_by_slug, town_slug
from catalog.sanitize import plain_text


def read_state(session: Session, event: Event) -> dict:
    return {
        "municipality": town_slug(session, event.municipality_id),
        "listing": event.listing.slug if event.listing_id else None,
        "location": location_of(event),
        "themes": sorted(event.themes or []),
        "start": event.start,
        "end": event.end,
        "recurrence": event.recurrence,
        "recurrence_note": event.recurrence_note,
        "source": event.source,
        "translations": read_text_rows(event.translations),
    }


def write_state(session: Session, event: Event, state: dict, actor: Actor | None = None) -> None:
    """Make the event match `state`; a state without `source` (an editor's) keeps the event's."""
    town = town_by_slug(session, state["municipality"])
    start, end = _day(state["start"]), _day(state["end"])
    listing, rule = _checked(session, state, start, end, actor)
    location = state["location"]
    event.municipality_id = town.id
    event.listing = listing
    for column, value in location_columns(location).items():
        setattr(event, column, value)
    event.themes = sorted(set(state.get("themes") or []))
    event.start, event.end = start, end
    event.recurrence = rule
    event.recurrence_note = plain_text(state.get("recurrence_note"))
    event.source = state.get("source", event.source)
    sync_text_rows(event.translations, state["translations"], EventTranslation)


def _checked(session: Session, state: dict, start: date, end: date, actor: Actor | None):
    errors: dict[str, list] = {}
    listing = rule = None
    if state.get("listing"):
        listing = session.scalar(select(Listing).where(Listing.slug == state["listing"]))
        if listing and not may_refer_to(actor, listing.status, listing.municipality_id):
            listing = None  # another town's draft answers like a missing listing
        if listing is None:
            errors["listing"] = [Message("Unknown listing: %(value)s.", value=state["listing"])]
    if end < start:
        errors["end"] = [Message("Must be on or after from.")]
    if state.get("recurrence"):
        try:
            rule = checked_rule(state["recurrence"], start)
        except InvalidRule as invalid:
            errors["recurrence"] = [invalid.message]
    if errors:
        raise InvalidData(errors)
    return listing, rule


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def new_event(session: Session, actor: Actor | None, state: dict, slug: str | None) -> Event:
    return Event(slug=slug, status="draft", translations=[], themes=[])


EVENT = Kind(
    entity="event",
    model=Event,
    not_found=N_("No event has the slug %(key)s."),
    edit_options=lambda: (selectinload(Event.translations), joinedload(Event.listing)),
    read=read_state,
    write=write_state,
    towns=lambda session, event: {event.municipality_id},
    new=new_event,
)
