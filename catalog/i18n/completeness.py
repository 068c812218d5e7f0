"""What a complete translation of a listing is, said once: in a language, every text field
(`ListingTranslation.TEXT_FIELDS`: name, summary, description) is there in that language
itself, with no fallback.

In Python for rows already loaded (the translation status), and in SQL for queries (the
`lang_strict` filter of the API, the office's dashboard and its worklists). Both read an
empty text as missing.
"""

from collections.abc import Sequence

from sqlalchemy import and_, func, select, true

from catalog.models import Listing, ListingTranslation

FIELDS = ListingTranslation.TEXT_FIELDS


def present_fields(row: ListingTranslation) -> set[str]:
    """The text fields a translation row really has."""
    return {name for name in FIELDS if getattr(row, name)}


def complete_in(lang: str):
    """SQL: the listing (`Listing`, correlated) is complete in `lang`."""
    text = ListingTranslation
    filled = (func.coalesce(func.length(getattr(text, name)), 0) > 0 for name in FIELDS)
    return (
        select(text.listing_id)
        .where(text.listing_id == Listing.id, text.lang == lang, *filled)
        .exists()
    )


def complete_in_all(languages: Sequence[str]):
    """SQL: the listing is complete in every one of `languages`."""
    return and_(true(), *(complete_in(lang) for lang in languages))
