"""The orienteering problem with time windows (OPTW): the tourist trip design problem.

From a start point, within a time budget, choose and order the places to visit so that the
total score is as high as possible, each visit starting inside its window. The solver is the
iterated local search of Vansteenwegen et al. (2009), strengthened so it reaches the proven
optima of the literature's benchmark (`optw_instances/`). Travel is any function of two places,
so the day planner can give it road times; every time is in one unit of the caller's choosing.
"""

import math
import random
import time
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

INSTANCES = Path(__file__).with_name("optw_instances")
TOLERANCE = 1e-6
"""Times are sums of decimal fractions in floating point: a rounding error is no violation."""
_SLACK = 1e-9
"""The solver stays well inside TOLERANCE, so its routes always pass the checker."""
NOISE = 4.0
"""Insertion ratios are multiplied by a random factor in [1, 1 + NOISE]: a greedy rebuild
after each shake would otherwise put back the same places (plain ILS stalls at 182 on r101,
whose optimum is 198; with the noise all three benchmark optima are reached)."""
RESTART = 50
"""Non-improving rounds after which the search goes back to the best route."""


@dataclass(frozen=True)
class Place:
    number: int
    x: float
    y: float
    duration: float
    score: float
    opens: float
    """The earliest start of the visit; arriving earlier means waiting."""
    closes: float
    """The latest START of the visit, not the time it must be over."""
    group: int | None = None
    """Places of one group are alternatives, at most one visited and scored: the morning and
    the afternoon opening of one museum, or the restaurants of the one lunch."""


Travel = Callable[[Place, Place], float]
"""Travel time, never negative; a matrix fits as `lambda a, b: matrix[a.number][b.number]`."""


@dataclass(frozen=True)
class Instance:
    start: Place
    places: tuple[Place, ...]
    start_time: float
    deadline: float
    """When the route must be back at `finish`."""
    travel: Travel
    end: Place | None = None
    """Where the route ends when not at the start (a day need not end where it began)."""

    @property
    def finish(self) -> Place:
        return self.start if self.end is None else self.end


@dataclass(frozen=True)
class TruncatedEuclidean:
    """The benchmark's travel time: straight-line distance cut (not rounded) to `decimals`."""

    decimals: int

    def __call__(self, a: Place, b: Place) -> float:
        scale = 10**self.decimals
        return math.floor(math.hypot(a.x - b.x, a.y - b.y) * scale) / scale


def parse_instance(text: str, decimals: int) -> Instance:
    """The benchmark format (optw_instances/README.md); fields before the window vary in number,
    so the window is read as the last two. The start point's window is the start and deadline."""
    rows = [line.split() for line in text.splitlines()]
    try:
        count = int(rows[0][2])
        points = [
            Place(int(f[0]), *(float(v) for v in f[1:5]), float(f[-2]), float(f[-1]))
            for f in rows[2:]
            if f
        ]
    except (IndexError, ValueError) as error:
        raise ValueError(f"not the OPTW benchmark format ({error})") from error
    if len(points) != count + 1:
        raise ValueError(
            f"expected {count + 1} points (the start and {count}), found {len(points)}"
        )
    start = points[0]
    return Instance(
        start, tuple(points[1:]), start.opens, start.closes, TruncatedEuclidean(decimals)
    )


def read_instance(path: Path | str) -> Instance:
    """Cordeau's `pr` files truncate travel to two decimals, Solomon's `c`/`r` files to one."""
    path = Path(path)
    decimals = 2 if path.name.lower().startswith("pr") else 1
    return parse_instance(path.read_text(encoding="utf-8"), decimals)


@dataclass(frozen=True)
class Visit:
    number: int
    arrival: float
    wait: float
    start: float
    departure: float


@dataclass(frozen=True)
class Check:
    visits: tuple[Visit, ...]
    back: float
    score: float
    violations: tuple[str, ...]

    @property
    def feasible(self) -> bool:
        return not self.violations


def check_route(instance: Instance, route: Sequence[int]) -> Check:
    """The schedule of `route` (place numbers), recomputed from scratch so no solver is trusted:
    arrival, wait until opening, start, departure; a repeated place scores once."""
    by_number = {place.number: place for place in instance.places}
    visits: list[Visit] = []
    violations: list[str] = []
    seen: set[int] = set()
    groups: set[int] = set()
    here, clock, score = instance.start, instance.start_time, 0.0
    for number in route:
        place = by_number.get(number)
        if place is None:
            violations.append(f"{number} is not a place of the instance")
            continue
        if number in seen:
            violations.append(f"{number} is visited twice")
        elif place.group is not None and place.group in groups:
            violations.append(f"{number} is a second visit of group {place.group}")
        else:
            score += place.score
        seen.add(number)
        if place.group is not None:
            groups.add(place.group)
        arrival = clock + instance.travel(here, place)
        start = max(arrival, place.opens)
        if start > place.closes + TOLERANCE:
            violations.append(
                f"{number} starts at {start:g}, after its latest start {place.closes:g}"
            )
        clock = start + place.duration
        visits.append(Visit(number, arrival, start - arrival, start, clock))
        here = place
    back = clock + instance.travel(here, instance.finish)
    if back > instance.deadline + TOLERANCE:
        violations.append(f"back at {back:g}, after the deadline {instance.deadline:g}")
    return Check(tuple(visits), back, score, tuple(violations))


@dataclass(frozen=True)
class Solution:
    route: tuple[int, ...]
    """Place numbers in visiting order, without the start and the end."""
    score: float
    iterations: int
    seconds: float
    found_iteration: int
    """The round that found the route (0: the first construction), for measuring the search."""
    found_seconds: float


def solve(
    instance: Instance, seconds: float = 2.0, seed: int = 0, iterations: int | None = None
) -> Solution:
    """The best route found in `seconds`, or in `iterations` rounds of the search if sooner.

    The same seed gives the same route whenever the rounds, not the clock, end the search; it
    also ends as soon as every place with a score is visited (nothing can be better).
    """
    return _Search(instance, seed).run(seconds, iterations)


class _Search:
    """Iterated local search on node indices: 0 the start, 1..n the places, n+1 the end.

    A route is a list of nodes from 0 to n+1. Its schedule keeps, per position, the earliest
    start (`begin`), the arrival and the latest start that keeps every later visit in its window
    (`late`, Vansteenwegen's start + MaxShift), so an insertion is checked in constant time.
    """

    def __init__(self, instance: Instance, seed: int) -> None:
        self.instance = instance
        nodes = [instance.start, *instance.places, instance.finish]
        self.last = len(nodes) - 1
        self.t = [[instance.travel(a, b) for b in nodes] for a in nodes]
        self.opens = [p.opens for p in nodes]
        self.closes = [p.closes for p in nodes]
        self.duration = [p.duration for p in nodes]
        self.score = [p.score for p in nodes]
        self.opens[0] = self.closes[0] = self.opens[-1] = instance.start_time
        self.closes[-1] = instance.deadline
        self.duration[0] = self.duration[-1] = self.score[0] = self.score[-1] = 0.0
        members: dict[int, list[int]] = {}
        for node in range(1, self.last):
            if nodes[node].group is not None:
                members.setdefault(nodes[node].group, []).append(node)
        self.excludes = [
            tuple(members[nodes[n].group]) if 0 < n < self.last and nodes[n].group is not None
            else (n,)
            for n in range(len(nodes))
        ]  # fmt: skip
        """Per node, what visiting it takes out of reach: itself, and its group."""
        self.candidates = frozenset(
            n
            for n in range(1, self.last)
            if self.score[n] > 0 and max(self.opens[n], instance.start_time) <= self.closes[n]
        )
        """Places worth a visit: one without score only uses time, one closed can't be."""
        self.rng = random.Random(seed)
        self.noise = 0.0

    def schedule(self, route: list[int]) -> tuple[list[float], list[float], list[float]]:
        t, opens, closes, duration = self.t, self.opens, self.closes, self.duration
        begin = [opens[0]] * len(route)
        arrive = begin[:]
        for p in range(1, len(route)):
            prev, node = route[p - 1], route[p]
            arrive[p] = a = begin[p - 1] + duration[prev] + t[prev][node]
            begin[p] = a if a > opens[node] else opens[node]
        late = begin[:]
        late[-1] = closes[route[-1]]
        for p in range(len(route) - 2, 0, -1):
            node = route[p]
            limit = late[p + 1] - duration[node] - t[node][route[p + 1]]
            late[p] = closes[node] if closes[node] < limit else limit
        return begin, arrive, late

    def insertion(self, route, times, node) -> tuple[float, int] | None:
        """(shift, position) of the cheapest feasible insertion of `node`, or None.

        Shift is how much later the next visit is reached. Both `begin` and `late` grow along
        the route, so bisection leaves only the positions the window allows."""
        begin, arrive, late = times
        t, duration = self.t, self.duration
        opens, closes, length, row = self.opens[node], self.closes[node], duration[node], t[node]
        lo = max(1, bisect_left(late, opens + length - _SLACK))
        hi = min(bisect_right(begin, closes + _SLACK), len(route) - 1)
        best = None
        for q in range(lo, hi + 1):
            i = route[q - 1]
            a = begin[q - 1] + duration[i] + t[i][node]
            if a > closes + _SLACK:
                continue
            reach = (a if a > opens else opens) + length + row[route[q]]
            if reach > late[q] + _SLACK:
                continue
            shift = reach - arrive[q]
            if best is None or shift < best[0]:
                best = (shift, q)
        return best

    def fill(self, route: list[int], outside: set[int]) -> None:
        """Insert the best score² / shift (times the noise) until nothing fits."""
        score, rng, noise = self.score, self.rng, self.noise
        while outside:
            times = self.schedule(route)
            best, chosen = -1.0, None
            for node in sorted(outside):
                found = self.insertion(route, times, node)
                if found is None:
                    continue
                ratio = score[node] ** 2 / max(found[0], 1e-3) * (1 + noise * rng.random())
                if ratio > best:
                    best, chosen = ratio, (node, found[1])
            if chosen is None:
                return
            route.insert(chosen[1], chosen[0])
            outside.difference_update(self.excludes[chosen[0]])

    def swap(self, route: list[int], outside: set[int]) -> bool:
        """Replace the visit whose place an unvisited one of higher score can take instead, for
        the largest gain; the greedy insertion alone never gives a visit back."""
        score = self.score
        candidates = sorted(outside, key=lambda n: (-score[n], n))
        best_gain, move = 0.0, None
        for p in range(1, len(route) - 1):
            shorter = route[:p] + route[p + 1 :]
            times = self.schedule(shorter)
            for node in candidates:
                gain = score[node] - score[route[p]]
                if gain <= best_gain:
                    break
                found = self.insertion(shorter, times, node)
                if found is not None:
                    best_gain, move = gain, (p, node, found[1])
                    break
        if move is None:
            return False
        p, node, q = move
        self.release(route.pop(p), outside)
        route.insert(q, node)
        outside.difference_update(self.excludes[node])
        return True

    def improve(self, route: list[int], outside: set[int]) -> None:
        """Local search: fill, then swap or tighten and fill again, until neither helps."""
        self.fill(route, outside)
        while self.swap(route, outside) or self.tighten(route):
            self.fill(route, outside)

    def tighten(self, route: list[int]) -> bool:
        """Relocate runs of one to three visits while that shortens the travel and every window
        still holds: the insertion alone never reorders, and the time saved may fit a place."""
        moved = False
        while (shorter := self.relocation(route)) is not None:
            route[:], moved = shorter, True
        return moved

    def relocation(self, route: list[int]) -> list[int] | None:
        """The first feasible route with a run of visits moved that travels less, or None."""
        t, n = self.t, len(route)
        for length in (1, 2, 3):
            for p in range(1, n - length):
                first, last = route[p], route[p + length - 1]
                before, after = route[p - 1], route[p + length]
                saved = t[before][first] + t[last][after] - t[before][after]
                rest = route[:p] + route[p + length :]
                for g in range(1, n - length):
                    x, y = rest[g - 1], rest[g]
                    if g != p and t[x][first] + t[last][y] - t[x][y] < saved - _SLACK:
                        moved = rest[:g] + route[p : p + length] + rest[g:]
                        if self.fits(moved):
                            return moved
        return None

    def fits(self, route: list[int]) -> bool:
        t, opens, closes, duration = self.t, self.opens, self.closes, self.duration
        clock = opens[0]
        for prev, node in pairwise(route):
            clock += duration[prev] + t[prev][node]
            if clock > closes[node] + _SLACK:
                return False
            clock = clock if clock > opens[node] else opens[node]
        return True

    def shake(self, route: list[int], outside: set[int], start: int, size: int) -> None:
        """Remove `size` consecutive visits from position `start`, wrapping past the end."""
        for _ in range(min(size, len(route) - 2)):
            self.release(route.pop(1 + (start - 1) % (len(route) - 2)), outside)

    def release(self, node: int, outside: set[int]) -> None:
        """A visit taken out of the route gives back its place and its group's."""
        outside.update(n for n in self.excludes[node] if n in self.candidates)

    def unvisited(self, route: list[int]) -> set[int]:
        taken = {n for node in route for n in self.excludes[node]}
        return set(self.candidates) - taken

    def bound(self) -> float:
        """No route scores more than every place, counting the best of each group once."""
        best: dict[tuple[int, ...], float] = {}
        for n in self.candidates:
            key = self.excludes[n]
            best[key] = max(best.get(key, 0.0), self.score[n])
        return sum(best.values())

    def total(self, route: list[int]) -> float:
        return sum(self.score[node] for node in route)

    def run(self, seconds: float, iterations: int | None) -> Solution:
        began = time.perf_counter()
        route, outside = [0, self.last], set(self.candidates)
        bound = self.bound()
        self.improve(route, outside)
        best, best_score, found = route[:], self.total(route), (0, time.perf_counter() - began)
        self.noise = NOISE
        size, start, stall, done = 1, 1, 0, 0
        while (
            best_score < bound - _SLACK
            and (iterations is None or done < iterations)
            and time.perf_counter() - began < seconds
        ):
            done += 1
            self.shake(route, outside, start, size)
            self.improve(route, outside)
            value = self.total(route)
            if value > best_score + _SLACK:
                best, best_score, size, stall = route[:], value, 1, 0
                found = (done, time.perf_counter() - began)
            else:
                size, stall = size + 1, stall + 1
            visits = max(1, len(route) - 2)
            start = (start + size - 1) % visits + 1
            if size > max(1, self.last // 3):
                size = 1
            if stall % RESTART == 0 and stall:
                route, outside = best[:], self.unvisited(best)
                start = self.rng.randrange(1, max(2, len(route) - 1))
        numbers = tuple(self.instance.places[node - 1].number for node in best[1:-1])
        elapsed = time.perf_counter() - began
        return Solution(numbers, best_score, done, elapsed, *found)
