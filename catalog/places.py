"""Where an entity is, said one way for every kind: its town by slug, and its location as
{lat, lon, address, approximate} (the address is plain text)."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.errors import InvalidData
from catalog.i18n.messages import Message
from catalog.models import Municipality
from catalog.sanitize import plain_text


def town_by_slug(session: Session, slug: str) -> Municipality:
    """The town a write names; an unknown slug is a 422 on `municipality`."""
    town = session.scalar(select(Municipality).where(Municipality.slug == slug))
    if town is None:
        raise InvalidData(
            {"municipality": [Message("Unknown municipality: %(value)s.", value=slug)]}
        )
    return town


def town_slug(session: Session, municipality_id: int | None) -> str | None:
    return session.scalar(select(Municipality.slug).where(Municipality.id == municipality_id))


def location_of(entity) -> dict:
    return {
        "lat": entity.lat,
        "lon": entity.lon,
        "address": entity.address,
        "approximate": entity.location_approximate,
    }


def location_columns(location: dict) -> dict:
    """The model's columns for a written location."""
    return {
        "lat": location["lat"],
        "lon": location["lon"],
        "address": plain_text(location.get("address")),
        "location_approximate": location.get("approximate", False),
    }
