"""Distances on the Earth, for `near=` searches and for distances between stops.

SQL orders and filters with an equirectangular approximation (plain arithmetic, the same on
SQLite and PostgreSQL, accurate to well under 1% over the tens of kilometres of the district);
the distances shown to people are great-circle (haversine).
"""

import math
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180


@dataclass(frozen=True)
class Point:
    lat: float
    lon: float


@dataclass(frozen=True)
class BoundingBox:
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float


def haversine_km(a: Point, b: Point) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def squared_distance_expression(lat_column, lon_column, origin: Point):
    """(km)² from `origin`, as an SQL expression of plain arithmetic."""
    shrink = math.cos(math.radians(origin.lat))
    dy = (lat_column - origin.lat) * KM_PER_DEGREE
    dx = (lon_column - origin.lon) * (KM_PER_DEGREE * shrink)
    return dx * dx + dy * dy


def box_around(origin: Point, radius_km: float) -> BoundingBox:
    """A box that contains the circle: a cheap, index-friendly first filter."""
    dlat = radius_km / KM_PER_DEGREE
    dlon = radius_km / (KM_PER_DEGREE * max(math.cos(math.radians(origin.lat)), 1e-6))
    return BoundingBox(origin.lon - dlon, origin.lat - dlat, origin.lon + dlon, origin.lat + dlat)
