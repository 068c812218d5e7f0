"""What a plan may choose from: visitable places open on the day, each with its score.

The database gives plain rows (no ORM entities), only published places a visitor may enter; the
day's opening hours leave out what is closed; then the best-scored places nearest the start are
kept, so a region of thousands of listings is still a short search.
"""

from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.geo import Point, haversine_km
from catalog.listings.opening import day_ranges
from catalog.models import Listing, ListingTheme
from catalog.vocabularies import VISITABLE

LUNCH_KINDS = ("food_and_drink",)
NIGHT_KINDS = ("accommodation",)
NOT_SIGHTS = ("accommodation", "service", *LUNCH_KINDS)
"""Kinds that are never a visit of their own: a hotel, an office, a restaurant (lunch is)."""
OUTDOOR_KINDS = ("attraction", "nature")
DAYLIGHT = ((time(9, 0), time(19, 0)),)
"""Outdoor sights without stated hours (sculptures, squares, parks, reserves) are assumed
visitable in daylight; the assumption is stated in every plan."""
LUNCH_SERVICE = ((time(12, 0), time(15, 45)),)
"""Restaurants without stated hours: lunch begins 12:00-14:30 and may run to 15:45."""
MAX_VISITS = 90
MAX_LUNCHES = 25


@dataclass(frozen=True)
class Scoring:
    """The plan maximises the sum of its places' scores: importance, the visitor's themes and
    what they asked for, in that order of weight."""

    base: float = 1.0
    per_highlight: float = 1.0
    theme: float = 3.0
    asked: float = 10.0

    def score(self, highlight: int, themed: bool, asked: bool) -> float:
        return (
            self.base
            + self.per_highlight * highlight
            + (self.theme if themed else 0.0)
            + (self.asked if asked else 0.0)
        )


@dataclass(frozen=True)
class Candidate:
    id: int
    slug: str
    kind: str
    point: Point
    access: str
    ranges: tuple[tuple[time, time], ...]
    hours_stated: bool
    booking: bool
    """True when the place is visited by appointment: the visitor books ahead."""
    score: float


@dataclass(frozen=True)
class Wanted:
    """What the visitor asked for; `include` holds listing ids."""

    themes: tuple[str, ...] = ()
    include: tuple[int, ...] = ()
    include_outside: bool = False


@dataclass(frozen=True)
class Pool:
    visits: list[Candidate]
    lunches: list[Candidate]
    hotels: list[Candidate]


def candidate_pool(
    session: Session, day: date, start: Point, wanted: Wanted, scoring: Scoring
) -> Pool:
    themed = _themed_ids(session, wanted.themes)
    rows = session.execute(_rows(wanted)).all()
    visits, lunches, hotels = [], [], []
    for row in rows:
        asked = row.id in wanted.include
        score = scoring.score(row.highlight, row.id in themed, asked)
        if row.kind in NIGHT_KINDS:
            hotels.append(_candidate(row, (), False, score))
            continue
        if row.access == "outside_only" and not (wanted.include_outside or asked):
            continue
        ranges, stated = _day_ranges(row, day)
        if not ranges:
            continue
        candidate = _candidate(row, ranges, stated, score)
        if row.kind in LUNCH_KINDS:
            lunches.append(candidate)
        elif row.kind not in NOT_SIGHTS:
            visits.append(candidate)
    visits = _best(visits, start, MAX_VISITS)
    return Pool(visits, _nearest(lunches, visits, MAX_LUNCHES), hotels)


def _rows(wanted: Wanted):
    access = (*VISITABLE, "outside_only") if wanted.include_outside else VISITABLE
    columns = (
        Listing.id, Listing.slug, Listing.kind, Listing.lat, Listing.lon, Listing.access,
        Listing.highlight, Listing.opening_hours,
    )  # fmt: skip
    visible = Listing.access.in_(access)
    if wanted.include:
        visible = visible | (Listing.id.in_(wanted.include) & (Listing.access != "closed"))
    return select(*columns).where(Listing.status == "published", visible).order_by(Listing.slug)


def _themed_ids(session: Session, themes: tuple[str, ...]) -> set[int]:
    if not themes:
        return set()
    query = select(ListingTheme.listing_id).where(ListingTheme.theme.in_(themes))
    return set(session.scalars(query))


def _day_ranges(row, day: date) -> tuple[tuple, bool]:
    hours = row.opening_hours
    if hours and (hours.get("weekly") or hours.get("seasons")):
        return tuple(day_ranges(hours, day)), True
    if row.kind in LUNCH_KINDS:
        return LUNCH_SERVICE, False
    if row.kind in OUTDOOR_KINDS and row.access == "open":
        return DAYLIGHT, False
    if row.access == "outside_only":
        return DAYLIGHT, False  # seen from the street: daylight is all it takes
    return (), False


def _candidate(row, ranges, stated: bool, score: float) -> Candidate:
    booking = row.access == "by_appointment" or bool(
        (row.opening_hours or {}).get("by_appointment")
    )
    return Candidate(
        row.id, row.slug, row.kind, Point(row.lat, row.lon), row.access, ranges, stated,
        booking, score,
    )  # fmt: skip


def _best(candidates: list[Candidate], start: Point, limit: int) -> list[Candidate]:
    """The highest scores first, the nearest among equals: what a good day is made of."""
    ranked = sorted(candidates, key=lambda c: (-c.score, haversine_km(start, c.point), c.slug))
    return sorted(ranked[:limit], key=lambda c: c.slug)


def _nearest(lunches: list[Candidate], visits: list[Candidate], limit: int) -> list[Candidate]:
    """Lunch near where the day is spent: the restaurants nearest the visits' centre."""
    if not visits or not lunches:
        return lunches[:limit]
    centre = centre_of(visits)
    return sorted(lunches, key=lambda c: (haversine_km(centre, c.point), c.slug))[:limit]


def centre_of(candidates: list[Candidate]) -> Point:
    """The score-weighted centre: where the day's best places are."""
    total = sum(c.score for c in candidates)
    return Point(
        sum(c.point.lat * c.score for c in candidates) / total,
        sum(c.point.lon * c.score for c in candidates) / total,
    )
