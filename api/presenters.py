"""Domain objects to plain data in the response language, ready for the output schemas."""

from collections.abc import Sequence

from flask import url_for

from catalog.localize import localize, localize_map
from catalog.models import Listing
from catalog.municipalities import TownView

TEXTS = ("name", "summary", "description")


def listing_data(listing: Listing, chain: Sequence[str]) -> dict:
    texts = localize(listing.translations, TEXTS, chain)
    town = listing.municipality
    return {
        "id": listing.id,
        "slug": listing.slug,
        "kind": listing.kind,
        "themes": [row.theme for row in listing.themes],
        "municipality": {
            "slug": town.slug,
            "name": localize(town.translations, ("name",), chain).values["name"],
        },
        **texts.values,
        "location": {
            "lat": listing.lat,
            "lon": listing.lon,
            "address": listing.address,
            "approximate": listing.location_approximate,
        },
        "contacts": listing.contacts or {},
        "price_range": listing.price_range,
        "tags": [row.tag for row in listing.tags],
        "opening_hours": listing.opening_hours,
        "media": [
            {
                "url": item.url,
                "credit": item.credit,
                "licence": item.licence,
                "licence_url": item.licence_url,
                "caption": localize_map(item.caption, chain)[0],
            }
            for item in listing.media
        ],
        "source": listing.source,
        "status": listing.status,
        "version": listing.version,
        "created_at": listing.created_at,
        "updated_at": listing.updated_at,
        "language": chain[0],
        "fallbacks": texts.fallbacks,
        "links": {"self": url_for("api.listings_listing", key=listing.slug, _external=True)},
    }


def municipality_data(view: TownView, chain: Sequence[str]) -> dict:
    town = view.municipality
    texts = localize(town.translations, TEXTS, chain)
    return {
        "slug": town.slug,
        "istat_code": town.istat_code,
        **texts.values,
        "province": town.province,
        "centre": {"lat": town.lat, "lon": town.lon},
        "population": town.population,
        "population_as_of": town.population_as_of,
        "tourist_office": town.tourist_office,
        "listing_count": view.listing_count,
        "language": chain[0],
        "fallbacks": texts.fallbacks,
        "links": {
            "self": url_for("api.municipalities_municipality", slug=town.slug, _external=True),
            "listings": url_for(
                "api.listings_listing_collection", municipality=town.slug, _external=True
            ),
        },
    }
