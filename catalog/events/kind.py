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


def read_state(session: Session, event: Event) -> dict:
    return {
        "municipality": town_slug(session, event.municipality_id),
        "listing": event.listing.slug if event.listing_id else None,
        "location": location_of(event),
        "themes": sorted(event.themes or []),
        "start": event.start,
        "end": event.end,
        "recurrence": event.recurrence,
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
    event.source = state.get("source", event.source)
    sync_text_rows(event.translations, _with_legacy_note(state), EventTranslation)


LEGACY_NOTE_LANGUAGE = "en"
"""Notes were English before they were translated (migration 7c4e2b9d1f30)."""


def _with_legacy_note(state: dict) -> dict:
    """The texts to write. A revision from before notes were translated keeps its one note
    (English) beside the texts: restoring it puts the note back where it now lives."""
    translations = state["translations"]
    note = state.get("recurrence_note")
    if not note or (translations.get(LEGACY_NOTE_LANGUAGE) or {}).get("recurrence_note"):
        return translations
    texts = {**(translations.get(LEGACY_NOTE_LANGUAGE) or {}), "recurrence_note": note}
    return {**translations, LEGACY_NOTE_LANGUAGE: texts}


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
