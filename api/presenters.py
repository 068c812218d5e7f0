"""Domain objects to plain data in the response language, ready for the output schemas."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from flask import url_for

from api.formatting import Formatter
from api.locale import current_language, every_language_chain, language_policy, wants_all_languages
from catalog.events.queries import Occurrence
from catalog.i18n.localize import localize, localize_map
from catalog.listings.opening import is_open, next_opening
from catalog.models import EventTranslation, Listing
from catalog.municipalities import TownView

TEXTS = ("name", "summary", "description")


@dataclass(frozen=True)
class TextMode:
    """How texts are shown: one language with fallback, or every language as a map."""

    chain: Sequence[str]
    all_languages: bool = False
    formatter: Formatter | None = None

    @property
    def language(self) -> str:
        return "*" if self.all_languages else self.chain[0]

    def texts(
        self, translations: Iterable, fields: Sequence[str] = TEXTS, at: str = ""
    ) -> tuple[dict, dict]:
        """(values, fallbacks) for the given fields; `at` prefixes the fallbacks' keys with where
        the texts sit in the representation (e.g. "municipality.")."""
        if self.all_languages:
            rows = sorted(translations, key=lambda row: row.lang)
            values = {
                name: {row.lang: getattr(row, name) for row in rows if getattr(row, name)}
                for name in fields
            }
            return values, {}
        resolved = localize(translations, fields, self.chain)
        return resolved.values, {f"{at}{name}": lang for name, lang in resolved.fallbacks.items()}

    def caption(self, texts: dict | None) -> tuple:
        """(the caption, the language it fell back to, or None when it did not)."""
        if self.all_languages:
            return dict(texts or {}), None
        text, lang = localize_map(texts, self.chain)
        return text, (lang if lang not in (None, self.chain[0]) else None)


def media_data(media: Iterable, mode: TextMode) -> tuple[list[dict], dict]:
    """A listing's images, and the fallbacks of their captions (`media.<index>.caption`)."""
    items, fallbacks = [], {}
    for index, item in enumerate(media):
        caption, fallback = mode.caption(item.caption)
        if fallback:
            fallbacks[f"media.{index}.caption"] = fallback
        items.append(
            {
                "url": item.url,
                "credit": item.credit,
                "licence": item.licence,
                "licence_url": item.licence_url,
                "caption": caption,
            }
        )
    return items, fallbacks


def town_ref(town, mode: TextMode) -> tuple[dict, dict]:
    """The `municipality` member ({slug, name}) and its name's fallback (`municipality.name`)."""
    values, fallbacks = mode.texts(town.translations, ("name",), at="municipality.")
    return {"slug": town.slug, "name": values["name"]}, fallbacks


def listing_data(
    listing: Listing,
    mode: TextMode,
    *,
    distance_km: float | None = None,
    moment: datetime | None = None,
) -> dict:
    """`distance_km` with near=, `open` and `next_opening` with open_at/open_now."""
    values, fallbacks = mode.texts(listing.translations)
    municipality, town_fallbacks = town_ref(listing.municipality, mode)
    media, media_fallbacks = media_data(listing.media, mode)
    return {
        "id": listing.id,
        "slug": listing.slug,
        "kind": listing.kind,
        "themes": [row.theme for row in listing.themes],
        "municipality": municipality,
        **values,
        "location": {
            "lat": listing.lat,
            "lon": listing.lon,
            "address": listing.address,
            "approximate": listing.location_approximate,
        },
        "contacts": listing.contacts or {},
        "price_range": listing.price_range,
        "access": listing.access,
        "highlight": listing.highlight,
        "tags": [row.tag for row in listing.tags],
        "opening_hours": listing.opening_hours,
        "media": media,
        "source": listing.source,
        "status": listing.status,
        "version": listing.version,
        "created_at": listing.created_at,
        "updated_at": listing.updated_at,
        "language": mode.language,
        "fallbacks": {**fallbacks, **town_fallbacks, **media_fallbacks},
        "display": _listing_display(listing, mode.formatter),
        "links": {"self": url_for("api.listings_listing", key=listing.slug, _external=True)},
        **asked_extras(listing.opening_hours, distance_km, moment),
    }


def asked_extras(hours: dict | None, distance_km: float | None, moment: datetime | None) -> dict:
    """What a request adds to a listing: its distance with near=, whether it is open with
    open_at/open_now."""
    extras: dict = {}
    if distance_km is not None:
        extras["distance_km"] = round(distance_km, 3)
    if moment is not None:
        extras["open"] = is_open(hours, moment)
        extras["next_opening"] = next_opening(hours, moment)
    return extras


def _listing_display(listing: Listing, formatter: Formatter | None) -> dict | None:
    if formatter is None:
        return None
    return {
        "opening_hours": formatter.opening_hours(listing.opening_hours),
        "updated_at": formatter.date(listing.updated_at),
    }


def municipality_data(view: TownView, mode: TextMode) -> dict:
    town = view.municipality
    values, fallbacks = mode.texts(town.translations)
    return {
        "slug": town.slug,
        "istat_code": town.istat_code,
        **values,
        "province": town.province,
        "centre": {"lat": town.lat, "lon": town.lon},
        "population": town.population,
        "population_as_of": town.population_as_of,
        "tourist_office": town.tourist_office,
        "listing_count": view.listing_count,
        "language": mode.language,
        "fallbacks": fallbacks,
        "links": {
            "self": url_for("api.municipalities_municipality", slug=town.slug, _external=True),
            "listings": url_for(
                "api.listings_listing_collection", municipality=town.slug, _external=True
            ),
        },
    }


def current_text_mode() -> TextMode:
    """The text mode of this request, from the negotiated language."""
    return text_mode_for("*" if wants_all_languages() else current_language())


def text_mode_for(language: str) -> TextMode:
    """A language's text mode ("*": every language); the read model renders with these."""
    if language == "*":
        default = language_policy().default
        return TextMode(every_language_chain(), True, Formatter.for_language(default))
    return TextMode(language_policy().chain(language), False, Formatter.for_language(language))


def event_data(occurrence: Occurrence, mode: TextMode) -> dict:
    event = occurrence.event
    values, fallbacks = mode.texts(event.translations, EventTranslation.TEXT_FIELDS)
    municipality, town_fallbacks = town_ref(event.municipality, mode)
    listing = None
    if event.listing is not None:
        listing = {
            "slug": event.listing.slug,
            "url": url_for("api.listings_listing", key=event.listing.slug, _external=True),
        }
    return {
        "slug": event.slug,
        **values,
        "start": occurrence.start,
        "end": occurrence.end,
        "first_start": event.start,
        "first_end": event.end,
        "all_day": True,
        "recurring": bool(event.recurrence),
        "recurrence": event.recurrence,
        "themes": list(event.themes),
        "municipality": municipality,
        "listing": listing,
        "location": {
            "lat": event.lat,
            "lon": event.lon,
            "address": event.address,
            "approximate": event.location_approximate,
        },
        "language": mode.language,
        "fallbacks": {**fallbacks, **town_fallbacks},
        "links": {"self": url_for("api.events_event", slug=event.slug, _external=True)},
    }
