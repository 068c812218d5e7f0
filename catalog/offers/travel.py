"""Travel times between points for the day planner: a calibrated estimate, or a routing engine.

The planner asks once per plan for a full matrix of driving minutes between the start and the
candidate places. Without a router the matrix comes from `SpeedBands`, a distance-band model
calibrated against published driving times (travel_references.yaml, TRAVEL.md); with one it comes
from an OSRM-compatible `table` service, and pairs the router cannot route fall back to the bands.
"""

import base64
import http.client
import json
import math
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Protocol

from catalog.geo import EARTH_RADIUS_KM, Point, haversine_km

OSRM_MAX_TABLE_SIZE = 100
"""OSRM's default `--max-table-size`: the most coordinates one table request may carry."""


class RouterUnavailable(Exception):
    """The routing engine did not answer usefully; the caller decides whether to fall back."""


class Travel(Protocol):
    def matrix(self, points: Sequence[Point]) -> list[list[float]]:
        """Driving minutes from points[i] to points[j], zero on the diagonal."""
        ...

    def assumptions(self) -> dict:
        """A JSON-ready statement of where the times come from, to show with every plan."""
        ...


@dataclass(frozen=True)
class SpeedBands:
    """Driving minutes from great-circle distance, by the faster of two routes.

    Local route: the road is `local_detour` times the great-circle distance; its first `urban_km`
    are driven at `urban_kmh` (leaving and entering towns), the rest at `regional_kmh`.
    Motorway route: `motorway_access_minutes` to reach and leave the motorway (town roads,
    junctions, toll gates), plus `motorway_detour` times the distance at `motorway_kmh`.
    Taking the faster route keeps the time continuous and increasing with distance; the motorway
    wins beyond `crossover_km()`. Numbers calibrated in TRAVEL.md against published times.
    """

    local_detour: float = 1.3
    urban_km: float = 4.0
    urban_kmh: float = 30.0
    regional_kmh: float = 60.0
    motorway_detour: float = 1.1
    motorway_kmh: float = 115.0
    motorway_access_minutes: float = 25.0

    def __post_init__(self):
        for name, value in asdict(self).items():
            if not value >= 0 or (name.endswith(("_kmh", "_detour")) and value == 0):
                raise ValueError(f"SpeedBands.{name} must be positive, not {value!r}")

    def local_minutes(self, km: float) -> float:
        road = km * self.local_detour
        urban = min(road, self.urban_km)
        return 60 * (urban / self.urban_kmh + (road - urban) / self.regional_kmh)

    def motorway_minutes(self, km: float) -> float:
        return self.motorway_access_minutes + 60 * km * self.motorway_detour / self.motorway_kmh

    def minutes(self, km: float) -> float:
        """Minutes for a trip of `km` great-circle kilometres."""
        return min(self.local_minutes(km), self.motorway_minutes(km))

    def crossover_km(self) -> float:
        """Great-circle km beyond which the motorway route is the faster one."""
        low, high = 0.0, 10_000.0
        for _ in range(60):  # bisection: the difference changes sign once, both lines increase
            middle = (low + high) / 2
            if self.local_minutes(middle) < self.motorway_minutes(middle):
                low = middle
            else:
                high = middle
        return high

    def matrix(self, points: Sequence[Point]) -> list[list[float]]:
        """All pairs at once: half the haversines (symmetry), plain floats, no per-pair calls."""
        n = len(points)
        lat = [math.radians(p.lat) for p in points]
        lon = [math.radians(p.lon) for p in points]
        cos_lat = [math.cos(value) for value in lat]
        rows = [[0.0] * n for _ in range(n)]
        minutes = self._minutes_function()
        sin, asin, sqrt, diameter = math.sin, math.asin, math.sqrt, 2 * EARTH_RADIUS_KM
        for i in range(n):
            lat_i, lon_i, cos_i, row = lat[i], lon[i], cos_lat[i], rows[i]
            for j in range(i + 1, n):
                h = (
                    sin((lat[j] - lat_i) / 2) ** 2
                    + cos_i * cos_lat[j] * sin((lon[j] - lon_i) / 2) ** 2
                )
                row[j] = rows[j][i] = minutes(diameter * asin(sqrt(min(h, 1.0))))
        return rows

    def _minutes_function(self):
        """`minutes` with its constants folded, for the inner loop of `matrix`."""
        detour, urban_km = self.local_detour, self.urban_km
        per_urban_km, per_regional_km = 60 / self.urban_kmh, 60 / self.regional_kmh
        urban_full = urban_km * per_urban_km
        access, per_km = self.motorway_access_minutes, 60 * self.motorway_detour / self.motorway_kmh

        def minutes(km: float) -> float:
            road = km * detour
            if road <= urban_km:
                local = road * per_urban_km
            else:
                local = urban_full + (road - urban_km) * per_regional_km
            motorway = access + km * per_km
            return local if local < motorway else motorway

        return minutes

    def assumptions(self) -> dict:
        return {
            "model": "speed_bands",
            "source": "estimate",
            "description": (
                "Great-circle distance times a detour factor; town roads then regional roads, "
                "or the motorway with a fixed access time when that is faster."
            ),
            "parameters": asdict(self),
            "motorway_beyond_km": round(self.crossover_km(), 1),
            "calibration": "catalog/offers/travel_references.yaml",
        }


@dataclass(frozen=True)
class OsrmTravel:
    """Minutes from an OSRM-compatible `table` service; unroutable pairs use the speed bands.

    Requests carry at most `max_table_size` coordinates: points are cut into blocks of half that,
    and each pair of blocks is asked in one square request covering both directions.
    """

    base_url: str = field(repr=False)  # may carry credentials
    timeout: float = 5.0
    profile: str = "driving"
    max_table_size: int = OSRM_MAX_TABLE_SIZE
    fallback: SpeedBands = field(default_factory=SpeedBands)

    def __post_init__(self):
        parts = urllib.parse.urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("the router URL must be an http(s) URL with a host")
        if self.max_table_size < 2:
            raise ValueError("max_table_size must allow at least two coordinates")

    def matrix(self, points: Sequence[Point]) -> list[list[float]]:
        n = len(points)
        rows: list[list[float | None]] = [[None] * n for _ in range(n)]
        for indices in self._requests(n):
            durations = self._table([points[i] for i in indices])
            for a, i in enumerate(indices):
                for b, j in enumerate(indices):
                    rows[i][j] = durations[a][b]
        return [self._minutes_row(points, i, row) for i, row in enumerate(rows)]

    def _requests(self, n: int) -> list[list[int]]:
        """Index lists to ask for: everything at once, or every pair of half-size blocks."""
        if n <= self.max_table_size:
            return [list(range(n))] if n > 1 else []
        size = self.max_table_size // 2
        blocks = [list(range(start, min(start + size, n))) for start in range(0, n, size)]
        return [a + b for k, a in enumerate(blocks) for b in blocks[k + 1 :]]

    def _minutes_row(self, points, i: int, seconds: list) -> list[float]:
        return [
            0.0 if i == j else value / 60 if value is not None else self._estimate(points[i], p)
            for j, (p, value) in enumerate(zip(points, seconds, strict=True))
        ]

    def _estimate(self, a: Point, b: Point) -> float:
        return self.fallback.minutes(haversine_km(a, b))

    def _table(self, points: list[Point]) -> list[list[float | None]]:
        coordinates = ";".join(f"{p.lon:.6f},{p.lat:.6f}" for p in points)
        url, headers = self._endpoint(f"/table/v1/{self.profile}/{coordinates}")
        answer = self._get(url + "?annotations=duration", headers)
        return _durations(answer, len(points), self._host())

    def _endpoint(self, path: str) -> tuple[str, dict]:
        """The URL without user:password (urllib cannot take them there), sent as Basic auth."""
        parts = urllib.parse.urlsplit(self.base_url)
        netloc = parts.netloc.rpartition("@")[2]
        base = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))
        headers = {"Accept": "application/json"}
        if parts.username is not None:
            user = urllib.parse.unquote(parts.username)
            password = urllib.parse.unquote(parts.password or "")
            token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
            headers["Authorization"] = f"Basic {token}"
        return base + path, headers

    def _get(self, url: str, headers: dict) -> dict:
        request = urllib.request.Request(url, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:  # OSRM states its refusals in a JSON body
            raise RouterUnavailable(f"router {self._host()}: {_refusal(error)}") from error
        except (OSError, http.client.HTTPException, ValueError) as error:  # down, slow, not JSON
            raise RouterUnavailable(f"router {self._host()}: {error}") from error

    def _host(self) -> str:
        return urllib.parse.urlsplit(self.base_url).hostname or ""

    def assumptions(self) -> dict:
        return {
            "model": "router",
            "source": "router",
            "engine": "OSRM table service",
            "router": self._host(),
            "profile": self.profile,
            "unroutable_pairs": "speed_bands estimate",
            "fallback": self.fallback.assumptions(),
        }


def _durations(answer: object, size: int, host: str) -> list[list[float | None]]:
    """The `durations` of an OSRM table answer, checked to be `size` × `size` seconds or nulls."""
    if not isinstance(answer, dict) or answer.get("code") != "Ok":
        code = answer.get("code") if isinstance(answer, dict) else None
        raise RouterUnavailable(f"router {host} answered {code!r}")
    durations = answer.get("durations")
    if not isinstance(durations, list) or len(durations) != size:
        raise RouterUnavailable(f"router {host} sent no {size}×{size} durations")
    for row in durations:
        if not isinstance(row, list) or len(row) != size:
            raise RouterUnavailable(f"router {host} sent no {size}×{size} durations")
        if any(v is not None and (not isinstance(v, int | float) or v < 0) for v in row):
            raise RouterUnavailable(f"router {host} sent a duration that is not a number")
    return durations


def _refusal(error: urllib.error.HTTPError) -> str:
    try:
        body = json.loads(error.read() or b"{}")
    except (OSError, http.client.HTTPException, ValueError):
        body = {}
    code = body.get("code") if isinstance(body, dict) else None
    return f"HTTP {error.code}" + (f" {code}" if code else "")


def travel_from_settings(router_url: str | None, timeout: float = 5.0) -> Travel:
    """The router when DISTRETTO_ROUTER_URL is set, otherwise the calibrated speed bands."""
    if router_url and router_url.strip():
        return OsrmTravel(router_url.strip(), timeout=timeout)
    return SpeedBands()
