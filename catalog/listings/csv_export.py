"""Listings as CSV in one language, for people who live in spreadsheets.

One row per listing, columns in a fixed order (`COLUMNS`: new columns are only ever added at
the end), lists joined with "; ", descriptions as plain text. A text missing in the language
falls back along the chain like the API does, and the `fallbacks` column says so, naming the
column (`summary: en`, `municipality_name: it`). Images and their captions are not exported.
"""

import csv
import re
from collections.abc import Iterable, Sequence
from typing import IO

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from catalog.i18n.localize import localize
from catalog.models import Listing, ListingTranslation, Municipality, MunicipalityTranslation
from catalog.sanitize import plain_text

COLUMNS = (
    "id",
    "slug",
    "kind",
    "themes",
    "municipality",
    "municipality_name",
    "name",
    "summary",
    "description",
    "language",
    "fallbacks",
    "lat",
    "lon",
    "address",
    "location_approximate",
    "website",
    "phone",
    "email",
    "price_range",
    "access",
    "highlight",
    "tags",
    "source_name",
    "source_id",
    "source_url",
    "source_licence",
    "source_attribution",
    "status",
    "version",
    "updated_at",
)
TEXTS = ("name", "summary", "description")
LIST_SEPARATOR = "; "
_BLOCK_END = re.compile(r"</p>|</li>|<br\s*/?>", re.IGNORECASE)
# A spreadsheet runs a cell that starts like a formula; a phone number ("+39 ...") is not one.
_FORMULA = re.compile(r"^[=@\t\r]|^[+-](?![\d\s().]*$)")


def published_listings(session: Session, chain: Sequence[str]) -> list[Listing]:
    """Every published listing by id, with what `write_csv` reads loaded (texts of `chain`)."""
    langs = tuple(chain)
    return list(
        session.scalars(
            select(Listing)
            .where(Listing.status == "published")
            .order_by(Listing.id)
            .options(
                joinedload(Listing.municipality).selectinload(
                    Municipality.translations.and_(MunicipalityTranslation.lang.in_(langs))
                ),
                selectinload(Listing.translations.and_(ListingTranslation.lang.in_(langs))),
                selectinload(Listing.themes),
                selectinload(Listing.tags),
            )
        )
    )


def write_csv(stream: IO[str], listings: Iterable[Listing], chain: Sequence[str]) -> int:
    """Header and one row per listing, texts in `chain[0]` (falling back along `chain`).

    The listings need municipality (with translations), translations, themes and tags loaded,
    as `published_listings` does. Returns the number of rows written.
    """
    writer = csv.DictWriter(stream, fieldnames=COLUMNS)
    writer.writeheader()
    count = 0
    for listing in listings:
        writer.writerow({name: _cell(value) for name, value in listing_row(listing, chain).items()})
        count += 1
    return count


def listing_row(listing: Listing, chain: Sequence[str]) -> dict:
    texts = localize(listing.translations, TEXTS, chain)
    town = listing.municipality
    town_name = localize(town.translations, ("name",), chain)
    fallbacks = {
        **texts.fallbacks,
        **{f"municipality_{k}": v for k, v in town_name.fallbacks.items()},
    }
    contacts = listing.contacts or {}
    source = listing.source or {}
    return {
        "id": listing.id,
        "slug": listing.slug,
        "kind": listing.kind,
        "themes": LIST_SEPARATOR.join(row.theme for row in listing.themes),
        "municipality": town.slug,
        "municipality_name": town_name.values["name"],
        "name": texts.values["name"],
        "summary": texts.values["summary"],
        "description": _plain(texts.values["description"]),
        "language": chain[0],
        "fallbacks": LIST_SEPARATOR.join(f"{column}: {lang}" for column, lang in fallbacks.items()),
        "lat": listing.lat,
        "lon": listing.lon,
        "address": listing.address,
        "location_approximate": listing.location_approximate,
        "website": contacts.get("website"),
        "phone": contacts.get("phone"),
        "email": contacts.get("email"),
        "price_range": listing.price_range,
        "access": listing.access,
        "highlight": listing.highlight,
        "tags": LIST_SEPARATOR.join(row.tag for row in listing.tags),
        "source_name": source.get("name"),
        "source_id": source.get("id"),
        "source_url": source.get("url"),
        "source_licence": source.get("licence"),
        "source_attribution": source.get("attribution"),
        "status": listing.status,
        "version": listing.version,
        "updated_at": listing.updated_at.isoformat() if listing.updated_at else None,
    }


def _plain(html: str | None) -> str | None:
    """Paragraphs and list items on lines of their own, markup away."""
    if html is None:
        return None
    text = plain_text(_BLOCK_END.sub("\n", html)) or ""
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and _FORMULA.match(value):
        return f"'{value}"
    return value
