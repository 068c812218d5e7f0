"""The day planner: an ordered, feasible day of visits from a starting point.

Greedy and deterministic: from where the visitor is, go to the nearest place (ties broken by
theme match, then slug) that is open on arrival for the whole suggested visit, and place a
lunch stop between 12:00 and 14:30 when the day spans it. Travel time is the great-circle
distance times a road factor, at an average speed; both are stated in the answer.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from catalog.geo import Point, haversine_km
from catalog.i18n import N_
from catalog.models import Listing
from catalog.opening import ROME, is_open, opening_same_day

LUNCH_FROM = time(12, 0)
LUNCH_UNTIL = time(14, 30)
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


def plan_day(session: Session, request: Request, settings: Settings = Settings()) -> Plan:
    candidates = _candidates(session)
    clock = datetime.combine(request.day, request.window_from, ROME)
    end = datetime.combine(request.day, request.window_to, ROME)
    lunch_by = datetime.combine(request.day, LUNCH_PREP, ROME)
    here, stops, visited = request.start, [], set()
    lunch_due = request.window_from <= LUNCH_FROM and request.window_to >= LUNCH_UNTIL
    while True:
        if lunch_due and not any(stop.lunch for stop in stops):
            # Before lunch, only visits that leave time to reach lunch; else lunch itself.
            step = _next_stop(
                candidates, visited, here, clock, min(end, lunch_by), request, settings
            )
            step = step or _next_stop(
                candidates, visited, here, clock, end, request, settings, True
            )
            if step is None:
                lunch_due = False  # no lunch place is reachable in time: plan the visits anyway
                continue
        else:
            step = _next_stop(candidates, visited, here, clock, end, request, settings)
            if step is None:
                break
        stops.append(step)
        visited.add(step.listing.id)
        here, clock = Point(step.listing.lat, step.listing.lon), step.departure
    reason = None if stops else _why_empty(request, settings)
    return Plan(request, settings, stops, reason)


def _candidates(session: Session) -> list[Listing]:
    return list(
        session.scalars(
            select(Listing)
            .where(Listing.status == "published")
            .order_by(Listing.slug)
            .options(selectinload(Listing.themes))
        )
    )


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
    feasible = []
    for listing in candidates:
        if listing.id in visited or (listing.kind in LUNCH_KINDS) != lunch:
            continue
        if not lunch and request.themes and not _theme_match(listing, request.themes):
            continue
        stop = _try(listing, here, clock, end, settings, lunch)
        if stop is not None:
            feasible.append(stop)
    if not feasible:
        return None
    soonest = min(stop.arrival for stop in feasible) + SLACK
    return min(
        (stop for stop in feasible if stop.arrival <= soonest),
        key=lambda stop: (
            not stop.hours_stated,
            -_theme_match(stop.listing, request.themes),
            stop.arrival,
            stop.listing.slug,
        ),
    )


def _try(listing, here, clock, end, settings, lunch) -> Stop | None:
    hours, stated = _hours(listing)
    if hours is None:
        return None
    distance = haversine_km(here, Point(listing.lat, listing.lon))
    minutes = math.ceil(distance * settings.road_factor / settings.speed_kmh * 60)
    arrival = clock + timedelta(minutes=minutes)
    opens = opening_same_day(hours, arrival)
    if opens is None:
        return None
    arrival = max(arrival, opens)
    if lunch and not (LUNCH_FROM <= arrival.time() <= LUNCH_UNTIL):
        return None
    stay = settings.lunch_minutes if lunch else settings.visit_minutes.get(listing.kind, 45)
    departure = arrival + timedelta(minutes=stay)
    if departure > end or not _open_throughout(hours, arrival, departure):
        return None
    return Stop(listing, arrival, departure, minutes, round(distance, 3), lunch, stated)


def _open_throughout(hours: dict, arrival: datetime, departure: datetime) -> bool:
    moments = (arrival, arrival + (departure - arrival) / 2, departure - timedelta(minutes=1))
    return all(is_open(hours, moment) for moment in moments)


def _theme_match(listing: Listing, themes: Iterable[str]) -> int:
    return len({row.theme for row in listing.themes} & set(themes))


def _why_empty(request: Request, settings: Settings) -> str:
    minutes = (
        datetime.combine(request.day, request.window_to)
        - datetime.combine(request.day, request.window_from)
    ).total_seconds() / 60
    return WINDOW_TOO_SHORT if minutes < min(settings.visit_minutes.values()) else NOTHING_FITS
