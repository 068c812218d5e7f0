"""The trip planner: the best day (or two, or three) of visits from a starting point.

Each day is an orienteering problem with time windows (catalog/offers/optw.py): choose and
order the places that maximise the total score (plan_candidates.Scoring), each visit starting
and ending inside one of the place's opening ranges of that day, within the visitor's window,
with one lunch at a food place, begun and finished between 12:00 and 14:30, when the window
spans that.
Travel times come from the calibrated speed bands or a routing engine (travel.py). The search
runs a fixed number of rounds from a fixed seed: the same request gives the same plan.
Days after the first start from, and the days before the last end at, one overnight place.
"""

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import Session

from catalog.geo import Point, haversine_km
from catalog.i18n.messages import N_
from catalog.listings.opening import ROME
from catalog.offers import optw
from catalog.offers.plan_candidates import (
    Candidate,
    Pool,
    Scoring,
    Wanted,
    candidate_pool,
    centre_of,
)
from catalog.offers.travel import RouterUnavailable, SpeedBands, Travel

LUNCH_FROM = time(12, 0)
LUNCH_UNTIL = time(14, 30)
LUNCH_SCORE = 1000.0
"""Above any day's visits together: the solver gives up any visit before it gives up lunch."""
MAX_DAYS = 3

NOTHING_FITS = N_("No place matching these themes is open long enough in this time window.")
WINDOW_TOO_SHORT = N_("The time window is too short for any visit after the journey.")


@dataclass(frozen=True)
class Settings:
    visit_minutes: dict[str, int] = field(
        default_factory=lambda: {
            "museum": 90,
            "heritage": 45,
            "attraction": 30,
            "nature": 60,
            "experience": 120,
            "producer": 60,
            "shop_showroom": 45,
        }
    )
    outside_minutes: int = 15
    """A place seen only from outside (a factory gate) takes a short stop."""
    lunch_minutes: int = 75
    scoring: Scoring = field(default_factory=Scoring)
    rounds: int = 60
    """Search rounds per day: a fixed number, so the plan does not depend on the machine."""
    seconds: float = 2.0
    """A safety limit only; the rounds end the search long before it on this catalogue."""


@dataclass(frozen=True)
class Request:
    start: Point
    day: date
    window_from: time
    window_to: time
    themes: tuple[str, ...] = ()
    days: int = 1
    include: tuple[int, ...] = ()
    """Listing ids the visitor wants in the plan (scored higher; outside-only ones allowed)."""
    include_outside: bool = False


@dataclass(frozen=True)
class Stop:
    listing_id: int
    day: int
    arrival: datetime
    """When the visit starts (after any wait for the opening)."""
    departure: datetime
    travel_minutes: int
    wait_minutes: int
    distance_km: float
    lunch: bool
    hours_stated: bool
    """False when the place is an outdoor sight or a restaurant under the stated assumptions."""
    booking: bool
    access: str
    score: float


@dataclass(frozen=True)
class Night:
    day: int
    listing_id: int
    arrival: datetime
    travel_minutes: int


@dataclass(frozen=True)
class Plan:
    request: Request
    settings: Settings
    stops: list[Stop]
    nights: list[Night]
    travel: dict
    """Where the travel times come from (the model and its numbers, or the router)."""
    reason: str | None = None

    @property
    def travel_minutes(self) -> int:
        return sum(stop.travel_minutes for stop in self.stops) + sum(
            night.travel_minutes for night in self.nights
        )

    @property
    def score(self) -> float:
        return sum(stop.score for stop in self.stops if not stop.lunch)


def plan_trip(
    session: Session, request: Request, travel: Travel, settings: Settings = Settings()
) -> Plan:
    days = [request.day + timedelta(days=n) for n in range(request.days)]
    wanted = Wanted(request.themes, request.include, request.include_outside)
    nights = request.days > 1
    pools = [
        candidate_pool(session, day, request.start, wanted, settings.scoring, nights)
        for day in days
    ]
    hotel = _hotel(pools) if request.days > 1 else None
    points = _points(request.start, pools, hotel)
    minutes, travel_notes = _matrix(travel, list(points.values()))
    clock = _Clock(minutes, points)
    stops: list[Stop] = []
    nights: list[Night] = []
    here: object = "start"
    for number, (day, pool) in enumerate(zip(days, pools, strict=True), 1):
        last = number == request.days
        visited = {stop.listing_id for stop in stops}
        end = None if last else hotel
        day_stops, back = _plan_day(request, settings, day, number, pool, visited, here, end, clock)
        stops += day_stops
        if not last and hotel is not None:
            nights.append(
                Night(number, hotel.id, back, clock.whole(_key(day_stops, here), hotel.id))
            )
            here = hotel.id
    reason = None if stops else _why_empty(request, settings)
    return Plan(request, settings, stops, nights, travel_notes, reason)


class _Clock:
    """Whole minutes, and great-circle km, between any two of the trip's points (keyed by
    listing id, or "start"), from the one matrix."""

    def __init__(self, minutes: list[list[float]], points: dict) -> None:
        self.minutes, self.points = minutes, points
        self.index = {key: n for n, key in enumerate(points)}

    def whole(self, a, b) -> int:
        return math.ceil(self.minutes[self.index[a]][self.index[b]] - 1e-9)

    def km(self, a, b) -> float:
        return haversine_km(self.points[a], self.points[b])


def _points(start: Point, pools: list[Pool], hotel: Candidate | None) -> dict:
    points: dict = {"start": start}
    for pool in pools:
        for candidate in (*pool.visits, *pool.lunches):
            points.setdefault(candidate.id, candidate.point)
    if hotel is not None:
        points.setdefault(hotel.id, hotel.point)
    return points


def _matrix(travel: Travel, points: list[Point]) -> tuple[list[list[float]], dict]:
    """The router's times, or the speed bands when it does not answer (and the plan says so)."""
    try:
        return travel.matrix(points), travel.assumptions()
    except RouterUnavailable as error:
        bands = SpeedBands()
        notes = {**bands.assumptions(), "router_unavailable": str(error)}
        return bands.matrix(points), notes


def _hotel(pools: list[Pool]) -> Candidate | None:
    """The overnight place nearest the centre of the trip's best places."""
    hotels = pools[0].hotels
    visits = [c for pool in pools for c in pool.visits]
    if not hotels or not visits:
        return None
    centre = centre_of(visits)
    return min(hotels, key=lambda c: (haversine_km(centre, c.point), c.slug))


def _key(stops: list[Stop], here):
    return stops[-1].listing_id if stops else here


def _plan_day(request, settings, day, number, pool, visited, here, end, clock):
    """One day's stops, and when the day ends (at the overnight place, or after the last visit)."""
    begin = _minute(request.window_from)
    deadline = _minute(request.window_to)
    places, chosen = _places(request, settings, pool, visited, begin, deadline)
    keys = {place.number: key for place, key in chosen}
    start = optw.Place(0, 0, 0, 0, 0, begin, deadline)
    finish = optw.Place(-1, 0, 0, 0, 0, begin, deadline)

    def travel(a: optw.Place, b: optw.Place) -> float:
        if a.number == -1:
            return 0.0  # nothing leaves the end of the day
        src = here if a.number == 0 else keys[a.number][0]
        if b.number == -1:
            return 0.0 if end is None else clock.whole(src, end.id)
        return clock.whole(src, here if b.number == 0 else keys[b.number][0])

    instance = optw.Instance(start, tuple(places), begin, deadline, travel, finish)
    solution = optw.solve(instance, settings.seconds, seed=0, iterations=settings.rounds)
    check = optw.check_route(instance, solution.route)
    stops = [_stop(day, number, visit, keys[visit.number]) for visit in check.visits]
    back = _at(day, check.back)
    return _with_travel(stops, here, clock), back


def _places(request, settings, pool: Pool, visited, begin, deadline):
    """OPTW places: one per opening range of a place (a group: one visit at most); lunch places
    form one group of their own, with its start bound to the lunch window."""
    places: list[optw.Place] = []
    chosen: list[tuple] = []

    def add(candidate, duration, score, earliest, latest, group, lunch) -> None:
        if latest >= earliest:
            number = len(places) + 1
            place = optw.Place(number, 0, 0, duration, score, earliest, latest, group)
            places.append(place)
            chosen.append((place, (candidate.id, candidate, lunch)))

    unvisited = [c for c in pool.visits if c.id not in visited]
    for group, candidate in enumerate(unvisited, 1):
        duration = _visit_minutes(candidate, settings)
        for opens, closes in candidate.ranges:
            latest = _minute(closes) - duration
            add(candidate, duration, candidate.score, _minute(opens), latest, group, False)
    if begin <= _minute(LUNCH_FROM) and deadline >= _minute(LUNCH_UNTIL):
        lunch_group, length = len(unvisited) + 1, settings.lunch_minutes
        for candidate in pool.lunches:
            # Another day, another table; the same one again rather than no lunch.
            score = LUNCH_SCORE - (1 if candidate.id in visited else 0)
            for opens, closes in candidate.ranges:
                earliest = max(_minute(opens), _minute(LUNCH_FROM))
                latest = min(_minute(closes), _minute(LUNCH_UNTIL)) - length
                add(candidate, length, score, earliest, latest, lunch_group, True)
    return places, chosen


def _visit_minutes(candidate: Candidate, settings: Settings) -> int:
    if candidate.access == "outside_only":
        return settings.outside_minutes
    return settings.visit_minutes.get(candidate.kind, 45)


def _stop(day: date, number: int, visit: optw.Visit, key: tuple) -> Stop:
    listing_id, candidate, lunch = key
    return Stop(
        listing_id=listing_id,
        day=number,
        arrival=_at(day, visit.start),
        departure=_at(day, visit.departure),
        travel_minutes=0,
        wait_minutes=round(visit.wait),
        distance_km=0.0,
        lunch=lunch,
        hours_stated=candidate.hours_stated,
        booking=candidate.booking,
        access=candidate.access,
        score=0.0 if lunch else candidate.score,
    )


def _with_travel(stops: list[Stop], here, clock: _Clock) -> list[Stop]:
    """Travel minutes and great-circle km from the previous point, filled in after the search."""
    done, previous = [], here
    for stop in stops:
        done.append(
            Stop(
                **{
                    **stop.__dict__,
                    "travel_minutes": clock.whole(previous, stop.listing_id),
                    "distance_km": round(clock.km(previous, stop.listing_id), 3),
                }
            )
        )
        previous = stop.listing_id
    return done


def _minute(moment: time) -> float:
    if moment == time.max:
        return 24 * 60.0
    return moment.hour * 60 + moment.minute


def _at(day: date, minutes: float) -> datetime:
    return datetime.combine(day, time(0), ROME) + timedelta(minutes=round(minutes))


def _why_empty(request: Request, settings: Settings) -> str:
    minutes = _minute(request.window_to) - _minute(request.window_from)
    return WINDOW_TOO_SHORT if minutes < min(settings.visit_minutes.values()) else NOTHING_FITS
