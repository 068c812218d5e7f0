"""What is measured: one request per scenario (or a weighted mix), and the issue's targets."""

from dataclasses import dataclass, replace

from bench import synthetic

API = "/api/v1"
NEAR_ORIGIN = "44.5297,10.8614"  # the Ferrari museum in Maranello, in the middle of the box
DETAIL_SLUG = synthetic.slug(42)
PLANNER_QUERY = (
    "start=44.5297,10.8614&date=2015-06-13&from=09:00&to=18:00&themes=motor,food_and_wine&lang=en"
)


@dataclass(frozen=True)
class Request:
    path: str
    conditional: bool = False
    """Send If-None-Match with the ETag of the unconditional answer (expects a 304)."""

    @property
    def key(self) -> str:
        return f"{self.path} [If-None-Match]" if self.conditional else self.path


@dataclass(frozen=True)
class Target:
    """A goal of issue 8: a share of the ceiling's requests/s, or a p95 latency bound."""

    min_percent: float | None = None
    max_p95_ms: float | None = None

    def label(self) -> str:
        if self.min_percent is not None:
            return f">= {self.min_percent:g}% ceiling"
        return f"p95 < {self.max_p95_ms:g} ms"

    def met(self, percent: float | None, p95_ms: float | None) -> bool | None:
        if self.min_percent is not None:
            return None if percent is None else percent >= self.min_percent
        return None if p95_ms is None else p95_ms < self.max_p95_ms


# Which server a scenario loads: the app with its response cache off (every request a miss),
# or the app as deployed (wsgi:app, the cache on and warm). See bench/uncached.py.
UNCACHED = "uncached"
DEPLOYED = "app"


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    requests: tuple[tuple[Request, int], ...]
    """(request, weight); one request for a plain scenario, several for a mix."""
    served: str = UNCACHED
    connections: int | None = None
    """None: the run's --connections; 1 for the single-client latency probes."""
    target: Target | None = None
    optional: bool = False
    """A 404 when its request is captured means "not available yet", not a failure."""
    warm: bool = True
    """Served DEPLOYED: fill the response cache with each request before measuring."""


LIST = Request(f"{API}/listings?limit=50&lang=en")
NOT_MODIFIED = Request(LIST.path, conditional=True)
DETAIL = Request(f"{API}/listings/{DETAIL_SLUG}?lang=en")
SEARCH = Request(f"{API}/listings?q={synthetic.SEARCH_WORD}&lang=en")
NEAR = Request(f"{API}/listings?near={NEAR_ORIGIN}&radius_km=5&lang=en")
EVENTS = Request(f"{API}/events?from=2015-06-01&to=2015-06-30")
PLANNER = Request(f"{API}/itineraries/plan?{PLANNER_QUERY}")

LANGUAGES = ("it", "en", "de", "fr", "es", "zh", "ja", "ru")
PARTNER_PAGES = 60
PARTNER_DETAILS = 240


def partner_requests() -> tuple[tuple[Request, int], ...]:
    """A partner walking the catalogue: pages of 50 in every language, filtered by theme or
    town, and details, each URL distinct (a few hundred more than a run sends twice)."""
    themes = ("heritage", "food_and_wine", "motor", "nature", "ceramics", "hospitality")
    towns = ("sassuolo", "fiorano-modenese", "formigine", "maranello", "casalgrande", "scandiano")
    lists = [
        f"{API}/listings?limit=50&page={page}&lang={lang}"
        for page in range(1, PARTNER_PAGES + 1)
        for lang in LANGUAGES
    ]
    filtered = [
        f"{API}/listings?limit=50&theme={theme}&municipality={town}&lang={lang}"
        for theme in themes
        for town in towns
        for lang in LANGUAGES[:4]
    ]
    details = [
        f"{API}/listings/{synthetic.slug(n)}?lang={LANGUAGES[n % 8]}"
        for n in range(1, PARTNER_DETAILS + 1)
    ]
    paths = [path for trio in zip(lists, details, lists[::-1], strict=False) for path in trio]
    paths += filtered + lists[len(details) :]
    return tuple((Request(path), 1) for path in dict.fromkeys(paths))


SCENARIOS = (
    Scenario(
        "list",
        "list page of 50, English, response cache off",
        ((LIST, 1),),
        target=Target(min_percent=25),
    ),
    Scenario(
        "list_cached",
        "the same page from the app as deployed (response cache warm)",
        ((LIST, 1),),
        served=DEPLOYED,
        target=Target(min_percent=70),
    ),
    Scenario(
        "not_modified",
        "the same page with a matching If-None-Match (304), app as deployed",
        ((NOT_MODIFIED, 1),),
        served=DEPLOYED,
        target=Target(min_percent=70),
    ),
    Scenario(
        "detail", f"one listing ({DETAIL_SLUG})", ((DETAIL, 1),), target=Target(min_percent=40)
    ),
    Scenario(
        "partner_mix",
        "a partner's distinct URLs (pages x 8 languages, theme x town filters, details), "
        "app as deployed, cache on but cold for each URL's first request",
        partner_requests(),
        served=DEPLOYED,
        target=Target(min_percent=30),
        warm=False,
    ),
    Scenario("search", f"q={synthetic.SEARCH_WORD} (a few dozen matches)", ((SEARCH, 1),)),
    Scenario("near", "near= the Ferrari museum, radius 5 km", ((NEAR, 1),)),
    Scenario("events", "events in June 2015", ((EVENTS, 1),)),
    Scenario("planner", "day planner, 13 June 2015", ((PLANNER, 1),)),
    Scenario(
        "mixed",
        "partner mix, every request a cache miss: list 30, 304 20, detail 25, search 10, "
        "near 10, events 3, planner 2",
        (
            (LIST, 30),
            (NOT_MODIFIED, 20),
            (DETAIL, 25),
            (SEARCH, 10),
            (NEAR, 10),
            (EVENTS, 3),
            (PLANNER, 2),
        ),
    ),
    Scenario(
        "search_1conn",
        "search at one client",
        ((SEARCH, 1),),
        connections=1,
        target=Target(max_p95_ms=25),
    ),
    Scenario(
        "near_1conn",
        "near= at one client",
        ((NEAR, 1),),
        connections=1,
        target=Target(max_p95_ms=25),
    ),
    Scenario(
        "planner_1conn",
        "a day plan at one client (p95 under 300 ms at 10,000 listings)",
        ((PLANNER, 1),),
        connections=1,
        target=Target(max_p95_ms=300),
    ),
)
NAMES = tuple(scenario.name for scenario in SCENARIOS)


def without(scenario: Scenario, unavailable: set[str]) -> Scenario | None:
    """The scenario minus requests that are not available (None when nothing is left)."""
    kept = tuple((r, w) for r, w in scenario.requests if r.key not in unavailable)
    if not kept:
        return None
    if len(kept) == len(scenario.requests):
        return scenario
    dropped = ", ".join(
        sorted({r.path.split("?")[0] for r, _ in scenario.requests if r.key in unavailable})
    )
    return replace(
        scenario,
        description=f"{scenario.description} (not available, left out: {dropped})",
        requests=kept,
    )


def cycle(requests: tuple[tuple[Request, int], ...]) -> list[Request]:
    """A deterministic order that interleaves a weighted mix (smooth weighted round robin)."""
    total = sum(weight for _, weight in requests)
    current = [0] * len(requests)
    order = []
    for _ in range(total):
        for index, (_, weight) in enumerate(requests):
            current[index] += weight
        best = max(range(len(requests)), key=current.__getitem__)
        current[best] -= total
        order.append(requests[best][0])
    return order
