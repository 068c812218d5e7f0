"""What a complete translation of a listing is, said once: in a language, every text field
(`ListingTranslation.TEXT_FIELDS`: name, summary, description) is there in that language
itself, with no fallback. An empty text is a missing one.

Said in Python for rows already loaded (the translation status) and in SQL over the texts
(`complete_in`: the API's `lang_strict` filter, one language at a time). And written, at each
change of a listing, as the languages it is complete in (`listings.complete_languages`,
derived data like the sort names): what counts over every listing and every language read
(`recorded_complete_in`: the office's dashboard and worklists), without reading any text, so
that they stay fast at the scale of a region.
"""

from collections.abc import Mapping, Sequence

from sqlalchemy import and_, func, select, true

from catalog.i18n.text_rows import read_text_rows
from catalog.models import Listing, ListingTranslation

FIELDS = ListingTranslation.TEXT_FIELDS
SEPARATOR = ","


def present_fields(row: ListingTranslation) -> set[str]:
    """The text fields a translation row really has."""
    return {name for name in FIELDS if getattr(row, name)}


def complete_languages(texts: Mapping[str, Mapping[str, str | None]]) -> list[str]:
    """The languages of {lang: {field: text}} with every field, in order."""
    return sorted(lang for lang, values in texts.items() if all(values.get(n) for n in FIELDS))


def stored(texts: Mapping[str, Mapping[str, str | None]]) -> str:
    """The column's value: ",de,en,it," (each code between separators), "" for none."""
    languages = complete_languages(texts)
    return f"{SEPARATOR}{SEPARATOR.join(languages)}{SEPARATOR}" if languages else ""


def refresh(listing: Listing) -> None:
    """Bring the derived column up to date (the translations must be loaded)."""
    value = stored(read_text_rows(listing.translations))
    if listing.complete_languages != value:
        listing.complete_languages = value


def complete_in(lang: str):
    """SQL over the texts: the listing (`Listing`, correlated) is complete in `lang`."""
    text = ListingTranslation
    filled = (func.coalesce(func.length(getattr(text, name)), 0) > 0 for name in FIELDS)
    return (
        select(text.listing_id)
        .where(text.listing_id == Listing.id, text.lang == lang, *filled)
        .exists()
    )


def recorded_complete_in(lang: str):
    """SQL over the derived column: the listing is complete in `lang`."""
    return Listing.complete_languages.contains(f"{SEPARATOR}{lang}{SEPARATOR}", autoescape=True)


def recorded_complete_in_all(languages: Sequence[str]):
    """SQL over the derived column: the listing is complete in every one of `languages`."""
    return and_(true(), *(recorded_complete_in(lang) for lang in languages))
