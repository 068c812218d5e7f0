"""A listing's editable state as plain data: the shape editors write, revisions keep, and
diffs compare. One function reads it from the model, one writes it back.
"""

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.errors import InvalidData
from catalog.i18n import Message
from catalog.models import (
    Listing,
    ListingMedia,
    ListingTag,
    ListingTheme,
    ListingTranslation,
    Municipality,
)
from catalog.text_rows import sync_text_rows

TEXT_FIELDS = ("name", "summary", "description")
MEDIA_FIELDS = ("url", "credit", "licence", "licence_url", "caption")


def read_state(listing: Listing, municipality_slug: str) -> dict:
    """Needs translations, themes, tags and media loaded."""
    return {
        "kind": listing.kind,
        "themes": sorted(row.theme for row in listing.themes),
        "municipality": municipality_slug,
        "location": {
            "lat": listing.lat,
            "lon": listing.lon,
            "address": listing.address,
            "approximate": listing.location_approximate,
        },
        "contacts": dict(listing.contacts or {}),
        "price_range": listing.price_range,
        "tags": sorted(row.tag for row in listing.tags),
        "opening_hours": listing.opening_hours,
        "media": [{name: getattr(item, name) for name in MEDIA_FIELDS} for item in listing.media],
        "source": listing.source,
        "translations": {
            row.lang: {name: getattr(row, name) for name in TEXT_FIELDS}
            for row in sorted(listing.translations, key=lambda row: row.lang)
        },
    }


def write_state(session: Session, listing: Listing, state: dict) -> None:
    """Make the listing match `state` (a validated, complete editable state)."""
    with session.no_autoflush:  # the listing may be new and not yet complete
        town = session.scalar(
            select(Municipality).where(Municipality.slug == state["municipality"])
        )
    if town is None:
        raise InvalidData(
            {
                "municipality": [
                    Message("Unknown municipality: %(value)s.", value=state["municipality"])
                ]
            }
        )
    location = state["location"]
    _assign(
        listing,
        kind=state["kind"],
        municipality_id=town.id,
        lat=location["lat"],
        lon=location["lon"],
        address=location.get("address"),
        location_approximate=location.get("approximate", False),
        contacts=state.get("contacts") or {},
        price_range=state.get("price_range"),
        opening_hours=state.get("opening_hours"),
        source=state.get("source"),
    )
    sync_text_rows(listing.translations, state["translations"], ListingTranslation)
    _sync_values(listing.themes, sorted(set(state["themes"])), ListingTheme, "theme")
    _sync_values(listing.tags, sorted(set(state.get("tags") or [])), ListingTag, "tag")
    _sync_media(listing.media, state.get("media") or [])


def diff(before: dict, after: dict, prefix: str = "") -> dict[str, list]:
    """{"path": [old, new]} for every changed leaf; translations compared per language and field."""
    changes: dict[str, list] = {}
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        path = f"{prefix}{key}"
        if old == new:
            continue
        nested = key == "translations" or prefix.startswith("translations.")
        if nested and (isinstance(old, dict) or isinstance(new, dict)):
            changes.update(diff(old or {}, new or {}, f"{path}."))
        else:
            changes[path] = [old, new]
    return changes


def _assign(entity, **values) -> None:
    for name, value in values.items():
        if getattr(entity, name) != value:
            setattr(entity, name, value)


def _sync_values(rows: list, wanted: list[str], model, attribute: str) -> None:
    if sorted(getattr(row, attribute) for row in rows) != wanted:
        rows[:] = [model(**{attribute: value}) for value in wanted]


def _sync_media(rows: list[ListingMedia], wanted: list[dict]) -> None:
    normalised = [
        {**{name: item.get(name) for name in MEDIA_FIELDS}, "caption": item.get("caption") or {}}
        for item in wanted
    ]
    if [{name: getattr(row, name) for name in MEDIA_FIELDS} for row in rows] != normalised:
        rows[:] = [ListingMedia(position=i, **item) for i, item in enumerate(normalised)]
