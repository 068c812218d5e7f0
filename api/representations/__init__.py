"""Representations beside JSON: JSON-LD (schema.org), GeoJSON, iCalendar, CSV.

Chosen by `format=` or by the Accept header; JSON when nothing better matches.
"""

from flask import request
from werkzeug.exceptions import NotAcceptable

MEDIA_TYPES = {
    "json": "application/json",
    "jsonld": "application/ld+json",
    "geojson": "application/geo+json",
    "ical": "text/calendar",
    "csv": "text/csv",
}


def choose(allowed: tuple[str, ...], asked: str | None) -> str:
    """The format for this response: `format=` wins, then Accept, then JSON."""
    if asked:
        return asked
    offered = [MEDIA_TYPES[name] for name in allowed]
    best = request.accept_mimetypes.best_match(offered)
    if best is None:
        if request.accept_mimetypes.provided and not request.accept_mimetypes.accept_json:
            raise NotAcceptable()
        return "json"
    return next(name for name in allowed if MEDIA_TYPES[name] == best)
