"""How complete the catalogue is in each language, for tourism offices that translate it."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from catalog.i18n import completeness
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
            lacking = [name for name in completeness.FIELDS if name not in have]
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
    return {(row.listing_id, row.lang): completeness.present_fields(row) for row in rows}


@dataclass(frozen=True)
class CompleteCounts:
    """How many published listings there are, and how many are complete in each language."""

    total: int
    complete: dict[str, int]

    def percent(self, lang: str) -> int | None:
        """Rounded down, so 100 means really all; None when there is nothing to translate."""
        return self.complete.get(lang, 0) * 100 // self.total if self.total else None


def complete_counts(session: Session, languages: Sequence[str], *where) -> CompleteCounts:
    """The counts of `translation_status`, in one statement over the listings alone (their
    derived `complete_languages`), for the published ones that also match `where`
    (conditions on `Listing`, such as an office's towns)."""
    columns = [
        func.coalesce(func.sum(case((completeness.recorded_complete_in(lang), 1), else_=0)), 0)
        for lang in languages
    ]
    row = session.execute(
        select(func.count(), *columns).where(Listing.status == "published", *where)
    ).one()
    return CompleteCounts(row[0], dict(zip(languages, row[1:], strict=True)))
