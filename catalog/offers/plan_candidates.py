"""What a plan may choose from: visitable places open on the day, each with its score.

The database gives plain rows (no ORM entities), only published places a visitor may enter; the
day's opening hours leave out what is closed; then the best-scored places nearest the start are
kept, so a region of thousands of listings is still a short search.
"""

import math
from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import Select, case, literal, select
from sqlalchemy.orm import Session

from catalog.geo import Point
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
MAX_VISITS = 60
"""The places one day's search weighs: more than a day can hold, few enough to search fast."""
MAX_LUNCHES = 20
CHUNK = 200


@dataclass(frozen=True)
class Scoring:
    """The plan maximises the sum of its places' scores: importance, the visitor's themes and
    what they asked for, in that order of weight."""

    base: float = 1.0
    per_highlight: float = 1.0
    theme: float = 3.0
    asked: float = 10.0

    def expression(self, highlight, themed, asked):
        """The same score in SQL, to read the best places first."""
        return (
            self.base
            + self.per_highlight * highlight
            + case((themed, self.theme), else_=0.0)
            + case((asked, self.asked), else_=0.0)
        )

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
    session: Session, day: date, start: Point, wanted: Wanted, scoring: Scoring, nights: bool
) -> Pool:
    """The day's best open places, then lunch and a bed near them: each list is read from the
    database best first (score, then distance) and cut as soon as enough are open that day."""
    themed = _themed(wanted.themes)
    score = scoring.expression(Listing.highlight, themed, Listing.id.in_(wanted.include))
    sights = _visible(wanted).where(Listing.kind.not_in(NOT_SIGHTS))
    visits = _open_first(
        session, sights.order_by(score.desc(), _far(start), Listing.slug), day, MAX_VISITS,
        lambda row: scoring.score(row.highlight, row.themed, row.id in wanted.include),
    )  # fmt: skip
    centre = centre_of(visits) if visits else start
    tables = _visible(wanted).where(Listing.kind.in_(LUNCH_KINDS)).order_by(_far(centre))
    lunches = _open_first(session, tables, day, MAX_LUNCHES, lambda row: 0.0)
    hotels: list[Candidate] = []
    if nights:
        beds = _visible(wanted).where(Listing.kind.in_(NIGHT_KINDS)).order_by(_far(centre))
        hotels = [_candidate(row, (), False, 0.0) for row in session.execute(beds.limit(5))]
    return Pool(visits, lunches, hotels)


def _visible(wanted: Wanted) -> Select:
    """Published places the visitor may be taken to: open or by appointment; seen only from
    outside when asked for; never closed ones."""
    access = (*VISITABLE, "outside_only") if wanted.include_outside else VISITABLE
    allowed = Listing.access.in_(access)
    if wanted.include:
        allowed = allowed | (Listing.id.in_(wanted.include) & (Listing.access != "closed"))
    columns = (*COLUMNS, _themed(wanted.themes).label("themed"))
    return select(*columns).where(Listing.status == "published", allowed)


COLUMNS = (
    Listing.id, Listing.slug, Listing.kind, Listing.lat, Listing.lon, Listing.access,
    Listing.highlight, Listing.opening_hours,
)  # fmt: skip


def _themed(themes: tuple[str, ...]):
    if not themes:
        return literal(False)
    return (
        select(ListingTheme.listing_id)
        .where(ListingTheme.listing_id == Listing.id, ListingTheme.theme.in_(themes))
        .exists()
    )


def _far(point: Point):
    """Squared distance in degrees of latitude (longitude scaled by the cosine): ranks places by
    distance in plain SQL arithmetic, on both databases."""
    scale = math.cos(math.radians(point.lat))
    north = Listing.lat - point.lat
    east = (Listing.lon - point.lon) * scale
    return north * north + east * east


def _open_first(session, query: Select, day: date, limit: int, score) -> list[Candidate]:
    """Rows in the query's order, kept while open on the day, read a chunk at a time."""
    found: list[Candidate] = []
    offset = 0
    while len(found) < limit:
        rows = session.execute(query.limit(CHUNK).offset(offset)).all()
        for row in rows:
            ranges, stated = _day_ranges(row, day)
            if ranges:
                found.append(_candidate(row, ranges, stated, score(row)))
                if len(found) == limit:
                    break
        if len(rows) < CHUNK:
            break
        offset += CHUNK
    return found


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


def centre_of(candidates: list[Candidate]) -> Point:
    """The score-weighted centre: where the day's best places are."""
    total = sum(c.score for c in candidates)
    return Point(
        sum(c.point.lat * c.score for c in candidates) / total,
        sum(c.point.lon * c.score for c in candidates) / total,
    )
