"""The editable kinds, each declared once; every contract test runs over KINDS.

A new kind is covered by adding one `Kind` to the list: a collection path, a valid new draft
for the Maranello office, a small merge patch (top-level fields that the read shows as sent)
and a seeded, published Maranello item.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest


@dataclass(frozen=True)
class Kind:
    name: str
    path: str
    new_body: Callable[[str], dict]
    patch: dict
    published: str
    list_params: dict = field(default_factory=dict)

    def url(self, slug: str, suffix: str = "") -> str:
        return f"{self.path}/{slug}{suffix}"


def _listing(slug: str) -> dict:
    return {
        "slug": slug,
        "kind": "heritage",
        "themes": ["heritage"],
        "municipality": "maranello",
        "location": {"lat": 44.5206, "lon": 10.85893},
        "translations": {"it": {"name": "Torre di prova", "summary": "Una torre."}},
    }


def _event(slug: str) -> dict:
    return {
        "slug": slug,
        "municipality": "maranello",
        "listing": "museo-ferrari-maranello",
        "location": {"lat": 44.52974, "lon": 10.86143},
        "themes": ["motor"],
        "start": "2015-06-20",
        "end": "2015-06-21",
        "translations": {"it": {"name": "Festa di prova"}},
    }


def _package(slug: str) -> dict:
    return {
        "slug": slug,
        "stops": ["museo-ferrari-maranello", "galleria-del-vento-ferrari"],
        "duration_hours": 3,
        "audience": ["motor_fans"],
        "translations": {"it": {"name": "Prova a Maranello", "summary": "Due tappe."}},
    }


KINDS = [
    Kind(
        name="listings",
        path="/api/v1/listings",
        new_body=_listing,
        patch={"tags": ["contract-test"]},
        published="museo-ferrari-maranello",
    ),
    Kind(
        name="events",
        path="/api/v1/events",
        new_body=_event,
        patch={"themes": ["heritage"]},
        published="notte-rossa-2025",
        list_params={"from": "2015-05-01", "to": "2015-10-31"},
    ),
    Kind(
        name="packages",
        path="/api/v1/packages",
        new_body=_package,
        patch={"duration_hours": 4},
        published="dal-caseificio-all-acetaia",
    ),
]

each_kind = pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
