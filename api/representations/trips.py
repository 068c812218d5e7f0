"""schema.org TouristTrip for packages and day plans, with their `itinerary`.

Texts are tagged with the language they are in, read from the offer's `fallbacks` (a stop's
name under `stops.<index>.listing.name`), as in api/representations/jsonld.py.
"""

from api.representations.jsonld import TYPES, _context, _text, geo, text_language


def _place(data: dict, stop: dict, index: int) -> dict:
    listing = stop["listing"]
    return {
        "@type": TYPES.get(listing["kind"], "TouristAttraction"),
        "@id": listing["url"],
        "name": _text(listing["name"], text_language(data, f"stops.{index}.listing.name")),
        "geo": geo(listing["location"]),
    }


def _itinerary(data: dict) -> dict:
    stops = data["stops"]
    return {
        "@type": "ItemList",
        "numberOfItems": len(stops),
        "itemListElement": [
            {"@type": "ListItem", "position": stop["position"], "item": _place(data, stop, index)}
            for index, stop in enumerate(stops)
        ],
    }


def package_trip(data: dict, with_context: bool = True) -> dict:
    node = {
        "@type": "TouristTrip",
        "@id": data["links"]["self"],
        "identifier": data["slug"],
        "name": _text(data["name"], text_language(data, "name")),
        "description": _text(data.get("summary"), text_language(data, "summary")),
        "touristType": data.get("audience") or None,
        "itinerary": _itinerary(data),
        "offers": {
            "@type": "Offer",
            "priceCurrency": "EUR",
            **({"price": data["price_from"]} if data.get("price_from") is not None else {}),
        },
    }
    node = {key: value for key, value in node.items() if value is not None}
    return {"@context": _context(), **node} if with_context else node


def trip_list(items: list[dict], language: str) -> dict:
    """`language` is the response's; each text says its own."""
    return {
        "@context": _context(),
        "@type": "ItemList",
        "numberOfItems": len(items),
        "itemListElement": [
            {"@type": "ListItem", "position": index, "item": package_trip(item, with_context=False)}
            for index, item in enumerate(items, start=1)
        ],
    }


def plan_trip(data: dict) -> dict:
    """The trip's name is the date and where it starts (a hub's name, a point or a listing's
    slug): no text of ours, so untagged."""
    return {
        "@context": _context(),
        "@type": "TouristTrip",
        "name": f"{data['date']} {data['start']['name']}",
        "itinerary": _itinerary(data),
    }
