"""Events and their occurrences: recurring rules (RFC 5545 RRULE) expanded in a window."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from catalog.access.permissions import Actor, can_see_unpublished
from catalog.errors import InvalidRequest, NotFound
from catalog.events.recurrence import MAX_OCCURRENCES_PER_EVENT, occurrence_starts
from catalog.i18n.messages import Message
from catalog.models import (
    Event,
    EventTranslation,
    Listing,
    Municipality,
    MunicipalityTranslation,
)

MAX_WINDOW_DAYS = 366 * 2


@dataclass(frozen=True)
class Occurrence:
    event: Event
    start: date
    end: date


def occurrences(
    session: Session,
    window_start: date,
    window_end: date,
    *,
    chain: Sequence[str],
    municipalities: tuple[str, ...] = (),
    themes: tuple[str, ...] = (),
) -> list[Occurrence]:
    """Every occurrence that overlaps [window_start, window_end], sorted by start."""
    if window_end < window_start:
        raise InvalidRequest({"to": [Message("Must be on or after from.")]})
    if (window_end - window_start).days > MAX_WINDOW_DAYS:
        raise InvalidRequest({"to": [Message("The window is at most two years.")]})
    query = select(Event).where(Event.status == "published", Event.start <= window_end)
    query = query.where(or_(Event.recurrence.is_not(None), Event.end >= window_start))
    if municipalities:
        query = query.join(Event.municipality).where(Municipality.slug.in_(municipalities))
    events = [
        event
        for event in session.scalars(query.options(*_eager(chain)))
        if not themes or set(themes) & set(event.themes)
    ]
    found = [o for event in events for o in expand(event, window_start, window_end)]
    return sorted(found, key=lambda o: (o.start, o.event.slug))


def expand(
    event: Event, window_start: date, window_end: date, most: int = MAX_OCCURRENCES_PER_EVENT
) -> list[Occurrence]:
    length = event.end - event.start
    if not event.recurrence:
        starts = [event.start]
    else:
        earliest = window_start - length
        starts = occurrence_starts(event.recurrence, event.start, earliest, window_end, most)
    return [
        Occurrence(event, start, start + length)
        for start in starts
        if start <= window_end and start + length >= window_start
    ]


def get_event(
    session: Session, slug: str, *, chain: Sequence[str], actor: Actor | None = None
) -> Event:
    """A published event, or an unpublished one for its town's office and admins."""
    event = session.scalar(select(Event).where(Event.slug == slug).options(*_eager(chain)))
    if event is None or (
        event.status != "published" and not can_see_unpublished(actor, event.municipality_id)
    ):
        raise NotFound(Message("No event has the slug %(key)s.", key=slug))
    return event


def next_occurrences(event: Event, after: date, count: int = 5) -> list[Occurrence]:
    """Expands only as far as `count` occurrences: a daily rule must not walk two years here."""
    return expand(event, after, after + timedelta(days=MAX_WINDOW_DAYS), most=count)[:count]


def _eager(chain: Sequence[str]) -> tuple:
    langs = tuple(chain)
    return (
        joinedload(Event.municipality).selectinload(
            Municipality.translations.and_(MunicipalityTranslation.lang.in_(langs))
        ),
        selectinload(Event.translations.and_(EventTranslation.lang.in_(langs))),
        joinedload(Event.listing).load_only(Listing.slug, raiseload=True),
    )
