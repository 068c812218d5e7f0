"""The day planner: an ordered, feasible day of visits from a starting point.

Greedy and deterministic: from where the visitor is, go to the nearest place (ties broken by
theme match, then slug) that is open on arrival for the whole suggested visit, and place a
lunch stop between 12:00 and 14:30 when the day spans it. Travel time is the great-circle
distance times a road factor, at an average speed; both are stated in the answer.
"""

import heapq
import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, load_only, selectinload

from catalog.geo import Point, haversine_km
from catalog.i18n.messages import N_
from catalog.listings.opening import ROME, day_ranges
from catalog.models import Listing

LUNCH_FROM = time(12, 0)
LUNCH_UNTIL = time(14, 30)
NEAREST = 200
"""Each step weighs the nearest places only: a region of thousands stays a fast plan."""
SLACK = timedelta(minutes=30)
"""How much later a place with stated hours may be reached and still be preferred."""
LUNCH_PREP = time(13, 30)
"""Visits before lunch end by then, leaving time to reach the lunch place."""
# Outdoor sights without stated hours (sculptures, squares, parks, reserves) are assumed
# visitable in daylight; the assumption is stated in every plan.
OUTDOOR_KINDS = ("attraction", "nature")
OUTDOOR_HOURS = {"weekly": [{"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                             "opens": "09:00", "closes": "19:00"}]}  # fmt: skip
LUNCH_KINDS = ("food_and_drink",)
# Restaurants without stated hours: lunch begins 12:00-14:30 and may run to 15:45.
LUNCH_HOURS = {"weekly": [{"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                           "opens": "12:00", "closes": "15:45"}]}  # fmt: skip

NOTHING_FITS = N_("No place matching these themes is open long enough in this time window.")
WINDOW_TOO_SHORT = N_("The time window is too short for any visit after the journey.")


@dataclass(frozen=True)
class Settings:
    road_factor: float = 1.3
    speed_kmh: float = 50.0
    visit_minutes: dict[str, int] = field(
        default_factory=lambda: {
            "museum": 90,
            "heritage": 45,
            "attraction": 30,
            "nature": 60,
            "experience": 120,
            "producer": 60,
            "shop_showroom": 45,
            "service": 15,
            "accommodation": 15,
            "food_and_drink": 75,
        }
    )
    lunch_minutes: int = 75


@dataclass(frozen=True)
class Request:
    start: Point
    day: date
    window_from: time
    window_to: time
    themes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Stop:
    listing: Listing
    arrival: datetime
    departure: datetime
    travel_minutes: int
    distance_km: float
    lunch: bool
    hours_stated: bool
    """False when the place is an outdoor sight visited under the daylight assumption."""


@dataclass(frozen=True)
class Plan:
    request: Request
    settings: Settings
    stops: list[Stop]
    reason: str | None = None

    @property
    def travel_minutes(self) -> int:
        return sum(stop.travel_minutes for stop in self.stops)


@dataclass(frozen=True)
class Candidate:
    """A place the plan may use, with its opening ranges on the plan's day worked out once."""

    listing: Listing
    point: Point
    slug: str
    kind: str
    themes: frozenset[str]
    ranges: tuple[tuple[datetime, datetime], ...]
    hours_stated: bool


def plan_day(session: Session, request: Request, settings: Settings = Settings()) -> Plan:
    visits, lunches = _candidates(session, request)
    clock = datetime.combine(request.day, request.window_from, ROME)
    end = datetime.combine(request.day, request.window_to, ROME)
    lunch_by = datetime.combine(request.day, LUNCH_PREP, ROME)
    here, stops, visited = request.start, [], set()
    lunch_due = request.window_from <= LUNCH_FROM and request.window_to >= LUNCH_UNTIL
    while True:
        if lunch_due and not any(stop.lunch for stop in stops):
            # Before lunch, only visits that leave time to reach lunch; else lunch itself.
            step = _next_stop(visits, visited, here, clock, min(end, lunch_by), request, settings)
            step = step or _next_stop(lunches, visited, here, clock, end, request, settings, True)
            if step is None:
                lunch_due = False  # no lunch place is reachable in time: plan the visits anyway
                continue
        else:
            step = _next_stop(visits, visited, here, clock, end, request, settings)
            if step is None:
                break
        stops.append(step)
        visited.add(step.listing.id)
        here, clock = Point(step.listing.lat, step.listing.lon), step.departure
    reason = None if stops else _why_empty(request, settings)
    return Plan(request, settings, stops, reason)


def _candidates(session: Session, request: Request) -> tuple[list[Candidate], list[Candidate]]:
    """(visits, lunch places) open at some time of the day; visits of the asked themes."""
    listings = session.scalars(
        select(Listing)
        .where(Listing.status == "published")
        .order_by(Listing.slug)
        .options(
            load_only(
                Listing.id, Listing.slug, Listing.kind, Listing.lat, Listing.lon,
                Listing.opening_hours, raiseload=True,
            ),
            selectinload(Listing.themes),
        )
    )  # fmt: skip
    visits, lunches = [], []
    for listing in listings:
        candidate = _candidate(listing, request.day)
        if candidate is None:
            continue
        if candidate.kind in LUNCH_KINDS:
            lunches.append(candidate)
        elif not request.themes or candidate.themes & set(request.themes):
            visits.append(candidate)
    return visits, lunches


def _candidate(listing: Listing, day: date) -> Candidate | None:
    hours, stated = _hours(listing)
    ranges = tuple(
        (datetime.combine(day, opens, ROME), datetime.combine(day, closes, ROME))
        for opens, closes in day_ranges(hours, day)
    )
    if not ranges:
        return None
    themes = frozenset(row.theme for row in listing.themes)
    point = Point(listing.lat, listing.lon)
    return Candidate(listing, point, listing.slug, listing.kind, themes, ranges, stated)


def _hours(listing: Listing) -> tuple[dict | None, bool]:
    hours = listing.opening_hours
    if hours and (hours.get("weekly") or hours.get("seasons")):
        return hours, True
    if listing.kind in LUNCH_KINDS:
        return LUNCH_HOURS, False
    if listing.kind in OUTDOOR_KINDS:
        return OUTDOOR_HOURS, False
    return None, False


def _next_stop(candidates, visited, here, clock, end, request, settings, lunch=False):
    """Among the stops reachable soonest (within SLACK of the earliest), prefer places with
    stated hours (outdoor sights can wait), then theme match, then the earliest, then slug."""
    feasible: list[tuple[Stop, Candidate]] = []
    unvisited = (c for c in candidates if c.listing.id not in visited)
    for candidate in heapq.nsmallest(
        NEAREST, unvisited, key=lambda c: (haversine_km(here, c.point), c.slug)
    ):
        stop = _try(candidate, here, clock, end, settings, lunch)
        if stop is not None:
            feasible.append((stop, candidate))
    if not feasible:
        return None
    soonest = min(stop.arrival for stop, _ in feasible) + SLACK
    themes = set(request.themes)
    return min(
        ((stop, candidate) for stop, candidate in feasible if stop.arrival <= soonest),
        key=lambda pair: (
            not pair[0].hours_stated,
            -len(pair[1].themes & themes),
            pair[0].arrival,
            pair[1].slug,
        ),
    )[0]


def _travel(distance_km: float, settings: Settings) -> timedelta:
    return timedelta(
        minutes=math.ceil(distance_km * settings.road_factor / settings.speed_kmh * 60)
    )


def _try(candidate: Candidate, here, clock, end, settings, lunch) -> Stop | None:
    """The visit, if the place is open from arrival (waiting for opening is allowed) to the end
    of the suggested stay within one of the day's ranges, and the window allows it."""
    distance = haversine_km(here, candidate.point)
    travel = _travel(distance, settings)
    reached = clock + travel
    stay = timedelta(
        minutes=settings.lunch_minutes if lunch else settings.visit_minutes.get(candidate.kind, 45)
    )
    for opens, closes in candidate.ranges:
        arrival = max(reached, opens)
        departure = arrival + stay
        if departure > closes:
            continue
        if departure > end or (lunch and not LUNCH_FROM <= arrival.time() <= LUNCH_UNTIL):
            return None
        minutes = int(travel.total_seconds() // 60)
        return Stop(
            candidate.listing, arrival, departure, minutes, round(distance, 3), lunch,
            candidate.hours_stated,
        )  # fmt: skip
    return None


def _why_empty(request: Request, settings: Settings) -> str:
    minutes = (
        datetime.combine(request.day, request.window_to)
        - datetime.combine(request.day, request.window_from)
    ).total_seconds() / 60
    return WINDOW_TOO_SHORT if minutes < min(settings.visit_minutes.values()) else NOTHING_FITS
