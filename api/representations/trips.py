"""schema.org TouristTrip for packages and day plans, with their `itinerary`."""

from api.representations.jsonld import TYPES, _context, _text, geo


def _place(listing: dict, language: str) -> dict:
    return {
        "@type": TYPES.get(listing["kind"], "TouristAttraction"),
        "@id": listing["url"],
        "name": _text(listing["name"], language),
        "geo": geo(listing["location"]),
    }


def _itinerary(stops: list[dict], language: str) -> dict:
    return {
        "@type": "ItemList",
        "numberOfItems": len(stops),
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": stop["position"],
                "item": _place(stop["listing"], language),
            }
            for stop in stops
        ],
    }


def package_trip(data: dict, with_context: bool = True) -> dict:
    language = data["language"]
    node = {
        "@type": "TouristTrip",
        "@id": data["links"]["self"],
        "identifier": data["slug"],
        "name": _text(data["name"], language),
        "description": _text(data.get("summary"), language),
        "touristType": data.get("audience") or None,
        "itinerary": _itinerary(data["stops"], language),
        "offers": {
            "@type": "Offer",
            "priceCurrency": "EUR",
            **({"price": data["price_from"]} if data.get("price_from") is not None else {}),
        },
    }
    node = {key: value for key, value in node.items() if value is not None}
    return {"@context": _context(language), **node} if with_context else node


def trip_list(items: list[dict], language: str) -> dict:
    return {
        "@context": _context(language),
        "@type": "ItemList",
        "numberOfItems": len(items),
        "itemListElement": [
            {"@type": "ListItem", "position": index, "item": package_trip(item, with_context=False)}
            for index, item in enumerate(items, start=1)
        ],
    }


def plan_trip(data: dict) -> dict:
    language = data["language"]
    return {
        "@context": _context(language),
        "@type": "TouristTrip",
        "name": f"{data['date']} {data['start']['name']}",
        "itinerary": _itinerary(data["stops"], language),
    }
