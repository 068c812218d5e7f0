"""The clients: ~85% partner reads, ~15% editor writes, until the deadline.

A write reads the listing (ETag), sets its English summary to a marker unique to the run
("soak c<client>-<n>") by PATCH (merge patch) or PUT /translations/en in turn, with If-Match;
on 412 it reads again and retries once. A 2xx answer is an acknowledgement: the write then
made version (the If-Match version + 1) of that listing, which verify.py looks for.
"""

import json
import random
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import quote, urlencode

from catalog.vocabularies import KINDS, THEMES
from soak.client import Answer, Client, Tally
from soak.databases import Catalogue, Editor

API = "/api/v1"
WRITE_SHARE = 0.15
READS = {
    "listings": 20,
    "search": 12,
    "near": 12,
    "detail": 15,
    "events": 10,
    "packages": 6,
    "conditional": 10,
}
WORDS = ("ceram", "ferrari", "museo", "castello", "aceto", "villa", "parco", "motor", "rocca")
LANGUAGES = ("it", "en", "de", "fr", "es")
ETAG_VERSION = re.compile(r'"v(\d+)')
JSON = {"Content-Type": "application/json"}
MERGE_PATCH = {"Content-Type": "application/merge-patch+json"}


@dataclass(frozen=True)
class Ack:
    slug: str
    marker: str
    version: int
    """The version this write made: the one in If-Match, plus one."""
    method: str
    retried: bool
    echoed: bool
    """The answer showed this write (its marker and version), not a later state."""


@dataclass
class Outcome:
    """One client's run: its tally and its writes."""

    tally: Tally = field(default_factory=Tally)
    acks: list[Ack] = field(default_factory=list)
    in_doubt: list[tuple[str, str]] = field(default_factory=list)
    """(slug, marker) of writes with no answer or a 5xx: maybe applied, maybe not."""
    writes: int = 0
    retries: int = 0
    gave_up: int = 0
    failed: int = 0


def sign_in(port: int, editors: tuple[Editor, ...]) -> dict[str, str]:
    """A bearer token per editor town, through POST /auth/token."""
    client = Client(port, Tally())
    tokens = {}
    try:
        for editor in editors:
            body = json.dumps({"email": editor.email, "password": editor.password}).encode()
            answer = client.call("sign-in", "POST", f"{API}/auth/token", (201,), JSON, body)
            if answer is None or answer.status != 201:
                raise RuntimeError(f"sign-in of {editor.email} failed: {answer}")
            tokens[editor.town] = json.loads(answer.body)["token"]
    finally:
        client.close()
    return tokens


def run(port: int, catalogue: Catalogue, tokens: dict[str, str], clients: int, seconds: float):
    """All clients at once until `seconds` have passed: their outcomes, start and time taken."""
    deadline = time.monotonic() + seconds
    outcomes = [Outcome() for _ in range(clients)]
    towns = sorted(tokens)
    threads = [
        threading.Thread(
            target=Driver(n, port, catalogue, towns[n % len(towns)], tokens, outcomes[n]).loop,
            args=(deadline,),
            daemon=True,
        )
        for n in range(clients)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()) + 30)
    return outcomes, started, time.monotonic() - started


class Driver:
    """One client: a partner most of the time, its town's editor now and then."""

    def __init__(self, number, port, catalogue: Catalogue, town, tokens, outcome: Outcome):
        self.number = number
        self.rng = random.Random(number)
        self.catalogue = catalogue
        self.town = town
        self.auth = {"Authorization": f"Bearer {tokens[town]}"}
        self.outcome = outcome
        self.client = Client(port, outcome.tally)
        self.etags: dict[str, str] = {}
        stable = catalogue.stable or catalogue.published
        self.conditional_paths = [
            *(f"/listings/{quote(slug)}" for slug in self.rng.sample(stable, min(3, len(stable)))),
            f"/listings?theme={self.rng.choice(list(THEMES))}",
        ]

    def loop(self, deadline: float) -> None:
        reads = list(READS)
        weights = list(READS.values())
        try:
            while time.monotonic() < deadline:
                if self.rng.random() < WRITE_SHARE:
                    self.write()
                else:
                    getattr(self, "read_" + self.rng.choices(reads, weights)[0])()
        finally:
            self.client.close()

    def get(self, operation: str, path: str, params: dict | None = None, **kwargs):
        query = f"?{urlencode(params, safe=',*')}" if params else ""
        language = {"Accept-Language": self.rng.choice(LANGUAGES)}
        headers = {**language, **kwargs.pop("headers", {})}
        return self.client.call(operation, "GET", f"{API}{path}{query}", headers=headers, **kwargs)

    # Partner reads

    def read_listings(self) -> None:
        params = {"theme": self.rng.choice(list(THEMES)), "limit": self.rng.choice((10, 20, 50))}
        if self.rng.random() < 0.5:
            params["municipality"] = self.rng.choice(list(self.catalogue.town_listings))
        if self.rng.random() < 0.3:
            params["kind"] = self.rng.choice(list(KINDS))
        if self.rng.random() < 0.3:
            params["sort"] = "-updated_at"
        self.get("listings", "/listings", params)

    def read_search(self) -> None:
        self.get("search", "/listings", {"q": self.rng.choice(WORDS)})

    def read_near(self) -> None:
        lat, lon = self.rng.choice(self.catalogue.centres)
        lat, lon = lat + self.rng.uniform(-0.01, 0.01), lon + self.rng.uniform(-0.01, 0.01)
        point = f"{lat:.5f},{lon:.5f}"
        self.get("near", "/listings", {"near": point, "radius_km": self.rng.choice((2, 5, 15))})

    def read_detail(self) -> None:
        self.get("detail", f"/listings/{quote(self.rng.choice(self.catalogue.published))}")

    def read_events(self) -> None:
        first = date(self.rng.choice((2015, 2024, 2025)), self.rng.randint(1, 12), 1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        self.get("events", "/events", {"from": first.isoformat(), "to": last.isoformat()})

    def read_packages(self) -> None:
        self.get("packages", "/packages")

    def read_conditional(self) -> None:
        """If-None-Match with the ETag seen before: 304 when unchanged, else 200 and a new one.

        A few fixed paths per client: listings no one edits (304 once seen) and a list page
        (whose ETag changes with every write to the catalogue)."""
        path = self.rng.choice(self.conditional_paths)
        seen = self.etags.get(path)
        headers = {"Accept-Language": "en", **({"If-None-Match": seen} if seen else {})}
        answer = self.client.call("conditional", "GET", API + path, (200, 304), headers)
        if answer is not None and answer.status == 200 and answer.headers.get("ETag"):
            self.etags[path] = answer.headers["ETag"]

    # Editor writes

    def write(self) -> None:
        outcome = self.outcome
        outcome.writes += 1
        slug = self.rng.choice(self.catalogue.town_listings[self.town])
        marker = f"soak c{self.number}-{outcome.writes}"
        method = "PUT" if outcome.writes % 2 else "PATCH"
        for attempt in (1, 2):
            current = self._read_for_write(slug)
            if current is None:
                outcome.failed += 1
                return
            version, name, description = current
            answer = self._send(method, slug, marker, f'"v{version}"', name, description)
            if answer is None or answer.status >= 500:
                outcome.in_doubt.append((slug, marker))  # the 5xx itself fails the run
                return
            if answer.status == 200:
                echoed = _echoes(answer, marker, version + 1)
                outcome.acks.append(Ack(slug, marker, version + 1, method, attempt > 1, echoed))
                return
            if answer.status != 412:
                outcome.failed += 1
                return
            if attempt == 1:
                outcome.retries += 1
        outcome.gave_up += 1

    def _read_for_write(self, slug: str) -> tuple[int, str, str | None] | None:
        """The listing as its editor reads it (every language): version, English texts."""
        answer = self.client.call(
            "write-read", "GET", f"{API}/listings/{quote(slug)}?lang=*", headers=self.auth
        )
        if answer is None or answer.status != 200:
            return None
        match = ETAG_VERSION.match(answer.headers.get("ETag") or "")
        if match is None:
            return None
        body = json.loads(answer.body)
        names = body.get("name") or {}
        description = (body.get("description") or {}).get("en")
        return int(match.group(1)), names.get("en") or names.get("it"), description

    def _send(self, method, slug, marker, if_match, name, description) -> Answer | None:
        headers = {**self.auth, "If-Match": if_match, "Accept-Language": "en"}
        if method == "PUT":
            texts = {"name": name, "summary": marker, "description": description}
            path = f"{API}/listings/{quote(slug)}/translations/en"
            headers |= JSON
        else:
            texts = {"translations": {"en": {"summary": marker}}}
            path = f"{API}/listings/{quote(slug)}"
            headers |= MERGE_PATCH
        body = json.dumps(texts).encode()
        return self.client.call(method, method, path, (200, 412), headers, body)


def _echoes(answer: Answer, marker: str, version: int) -> bool:
    try:
        body = json.loads(answer.body)
    except ValueError:
        return False
    return body.get("summary") == marker and body.get("version") == version
