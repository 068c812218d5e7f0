"""Listings as an editable kind: what the write core (catalog/editable.py) needs to know.

The editable state is plain data, the shape editors write, revisions keep and diffs compare:
`read_state` reads it from the model, `write_state` writes it back.
"""

import re
import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.access.permissions import Actor
from catalog.editable import Kind
from catalog.i18n import completeness
from catalog.i18n.languages import SOURCE_LANGUAGE
from catalog.i18n.messages import N_
from catalog.i18n.text_rows import read_text_rows, sync_text_rows
from catalog.listings import search
from catalog.listings.queries import by_id_or_slug, eager_options
from catalog.models import (
    Listing,
    ListingMedia,
    ListingTag,
    ListingTheme,
    ListingTranslation,
    Organisation,
)
from catalog.places import location_columns, location_of, town_by_slug, town_slug
from catalog.sanitize import plain_text

MEDIA_FIELDS = ("url", "credit", "licence", "licence_url", "caption")
PLAIN_VALUES = {"price_range": None, "access": "open", "highlight": 0}
"""Columns kept as written, with the value a state from before them (an old revision) means."""


def read_state(session: Session, listing: Listing) -> dict:
    """Needs translations, themes, tags and media loaded."""
    return {
        "kind": listing.kind,
        "themes": sorted(row.theme for row in listing.themes),
        "municipality": town_slug(session, listing.municipality_id),
        "location": location_of(listing),
        "contacts": dict(listing.contacts or {}),
        **{name: getattr(listing, name) for name in PLAIN_VALUES},
        "tags": sorted(row.tag for row in listing.tags),
        "opening_hours": listing.opening_hours,
        "media": [{name: getattr(item, name) for name in MEDIA_FIELDS} for item in listing.media],
        "source": listing.source,
        "translations": read_text_rows(listing.translations),
    }


def write_state(
    session: Session, listing: Listing, state: dict, actor: Actor | None = None
) -> None:
    """Make the listing match `state` (a validated, complete editable state); a state without
    `source` (an editor's) keeps the listing's."""
    with session.no_autoflush:  # the listing may be new and not yet complete
        town = town_by_slug(session, state["municipality"])
    _assign(
        listing,
        kind=state["kind"],
        municipality_id=town.id,
        **location_columns(state["location"]),
        contacts=state.get("contacts") or {},
        **{name: state.get(name, default) for name, default in PLAIN_VALUES.items()},
        opening_hours=_clean_hours(state.get("opening_hours")),
        source=state.get("source", listing.source),
    )
    sync_text_rows(listing.translations, state["translations"], ListingTranslation)
    _sync_values(listing.themes, sorted(set(state["themes"])), ListingTheme, "theme")
    _sync_values(listing.tags, sorted(set(state.get("tags") or [])), ListingTag, "tag")
    _sync_media(listing.media, state.get("media") or [])


def _assign(entity, **values) -> None:
    for name, value in values.items():
        if getattr(entity, name) != value:
            setattr(entity, name, value)


def _sync_values(rows: list, wanted: list[str], model, attribute: str) -> None:
    if sorted(getattr(row, attribute) for row in rows) != wanted:
        rows[:] = [model(**{attribute: value}) for value in wanted]


def _clean_hours(hours: dict | None) -> dict | None:
    """`as_of` is the one text in opening hours; the rest is checked by OpeningHoursSchema."""
    if not hours or "as_of" not in hours:
        return hours
    return {**hours, "as_of": plain_text(hours["as_of"])}


def _sync_media(rows: list[ListingMedia], wanted: list[dict]) -> None:
    """Credit, licence and captions are plain text; the URLs were checked by the schemas."""
    normalised = [
        {
            **{name: item.get(name) for name in MEDIA_FIELDS},
            "credit": plain_text(item.get("credit")),
            "licence": plain_text(item.get("licence")),
            "caption": {
                lang: plain_text(text) for lang, text in (item.get("caption") or {}).items()
            },
        }
        for item in wanted
    ]
    if [{name: getattr(row, name) for name in MEDIA_FIELDS} for row in rows] != normalised:
        rows[:] = [ListingMedia(position=i, **item) for i, item in enumerate(normalised)]


def new_listing(session: Session, actor: Actor | None, state: dict, slug: str | None) -> Listing:
    """A draft owned by its town's office, whoever writes it (admins, the district)."""
    town = town_by_slug(session, state["municipality"])
    office = session.scalar(select(Organisation).where(Organisation.slug == town.slug))
    owner = office or session.get(Organisation, actor.organisation_id)
    name = ((state.get("translations") or {}).get(SOURCE_LANGUAGE) or {}).get("name") or ""
    return Listing(
        slug=slug or _unique_slug(session, name),
        status="draft",
        owner_id=owner.id,
        translations=[],
        themes=[],
        tags=[],
        media=[],
    )


def _unique_slug(session: Session, text: str) -> str:
    base = slugify(text) or "listing"
    taken = set(session.scalars(select(Listing.slug).where(Listing.slug.like(f"{base}%"))))
    if base not in taken:
        return base
    suffix = 2
    while f"{base}-{suffix}" in taken:
        suffix += 1
    return f"{base}-{suffix}"


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:100]


def derive(session: Session, listing: Listing) -> None:
    """After every change: the languages it is complete in, the search index, the sort names."""
    completeness.refresh(listing)
    search.reindex(session, listing)


LISTING = Kind(
    entity="listing",
    model=Listing,
    not_found=N_("No listing has the id or slug %(key)s."),
    edit_options=lambda: eager_options(None),
    read=read_state,
    write=write_state,
    towns=lambda session, listing: {listing.municipality_id},
    new=new_listing,
    derive=derive,
    key_filter=by_id_or_slug,
)
