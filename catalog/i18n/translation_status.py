"""How complete the catalogue is in each language, for tourism offices that translate it."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.listings.queries import check_municipalities
from catalog.models import Listing, ListingTranslation, Municipality


@dataclass
class LanguageStatus:
    code: str
    complete: int = 0
    missing: list[dict] = field(default_factory=list)
    """[{"slug": ..., "fields": [...]}] for each listing not complete in this language."""


@dataclass
class TranslationStatus:
    total: int
    languages: list[LanguageStatus]


def translation_status(
    session: Session, languages: Sequence[str], municipalities: tuple[str, ...] = ()
) -> TranslationStatus:
    """Published listings, per language: how many are complete and what is missing where."""
    check_municipalities(session, municipalities)
    listings = select(Listing.id, Listing.slug).where(Listing.status == "published")
    if municipalities:
        listings = listings.join(Listing.municipality).where(Municipality.slug.in_(municipalities))
    slugs = dict(session.execute(listings.order_by(Listing.slug)).all())
    present = _present_fields(session, listings.with_only_columns(Listing.id))
    statuses = []
    for lang in languages:
        status = LanguageStatus(lang)
        for listing_id, slug in slugs.items():
            have = present.get((listing_id, lang), set())
            lacking = [name for name in ListingTranslation.TEXT_FIELDS if name not in have]
            if lacking:
                status.missing.append({"slug": slug, "fields": lacking})
            else:
                status.complete += 1
        statuses.append(status)
    return TranslationStatus(len(slugs), statuses)


def _present_fields(session: Session, listing_ids) -> dict[tuple[int, str], set[str]]:
    rows = session.scalars(
        select(ListingTranslation).where(ListingTranslation.listing_id.in_(listing_ids))
    )
    return {
        (row.listing_id, row.lang): {name for name in row.TEXT_FIELDS if getattr(row, name)}
        for row in rows
    }
