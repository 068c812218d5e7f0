"""schema.org JSON-LD for listings and events, with an inline context (no remote fetch).

Functions take the dumped JSON representation (what the output schemas produce).
"""

from datetime import date

from catalog.vocabularies import VISITABLE, WEEKDAYS

CONTEXT = {"@vocab": "https://schema.org/"}
TYPES = {
    "attraction": "TouristAttraction",
    "museum": "Museum",
    "heritage": "LandmarksOrHistoricalBuildings",
    "nature": "Park",
    "experience": "TouristAttraction",
    "accommodation": "LodgingBusiness",
    "food_and_drink": "Restaurant",
    "producer": "LocalBusiness",
    "shop_showroom": "Store",
    "service": "TouristInformationCenter",
}
DAYS = {
    "mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday",
    "fri": "Friday", "sat": "Saturday", "sun": "Sunday",
}  # fmt: skip


def _text(value, language: str):
    """A plain string, or language-tagged values when every language was asked for."""
    if isinstance(value, dict):
        return [{"@value": text, "@language": lang} for lang, text in value.items()]
    return value


def _context(language: str) -> dict:
    return CONTEXT if language == "*" else {**CONTEXT, "@language": language}


def geo(location: dict) -> dict:
    return {"@type": "GeoCoordinates", "latitude": location["lat"], "longitude": location["lon"]}


def _address(data: dict, language: str) -> dict:
    return {
        "@type": "PostalAddress",
        "streetAddress": data["location"].get("address"),
        "addressLocality": _text(data["municipality"]["name"], language),
        "addressCountry": "IT",
    }


def listing(data: dict, with_context: bool = True) -> dict:
    language = data["language"]
    node = {
        "@type": TYPES[data["kind"]],
        "@id": data["links"]["self"],
        "identifier": data["slug"],
        "name": _text(data["name"], language),
        "description": _text(data.get("summary"), language),
        "geo": geo(data["location"]),
        "address": _address(data, language),
        "keywords": ", ".join(data.get("tags") or []) or None,
        "url": data["contacts"].get("website"),
        "telephone": data["contacts"].get("phone"),
        "email": data["contacts"].get("email"),
        "isAccessibleForFree": True if data.get("price_range") == "free" else None,
        "publicAccess": _public_access(data.get("access")),
        "openingHoursSpecification": opening_hours(data.get("opening_hours")) or None,
        "image": [_image(item, language) for item in data.get("media") or []] or None,
        "dateModified": data.get("updated_at"),
    }
    if data["kind"] in ("accommodation", "food_and_drink", "producer", "shop_showroom"):
        node["currenciesAccepted"] = "EUR"
    node = {key: value for key, value in node.items() if value is not None}
    return {"@context": _context(language), **node} if with_context else node


def _public_access(access: str | None) -> bool | None:
    """schema.org's flag: can the public go in (by booking counts); unknown when not asked for."""
    return None if access is None else access in VISITABLE


def listing_list(items: list[dict], total: int, language: str) -> dict:
    return {
        "@context": _context(language),
        "@type": "ItemList",
        "numberOfItems": total,
        "itemListElement": [
            {"@type": "ListItem", "position": index, "item": listing(item, with_context=False)}
            for index, item in enumerate(items, start=1)
        ],
    }


def opening_hours(hours: dict | None, year: int | None = None) -> list[dict]:
    """Weekly rules; seasons bounded by validFrom/validThrough; closed days as 00:00-00:00."""
    if not hours:
        return []
    year = year or date.today().year
    specs = [_spec(rule) for rule in hours.get("weekly") or []]
    for season in hours.get("seasons") or []:
        bounds = {
            "validFrom": f"{year}-{season['from']}",
            "validThrough": f"{year}-{season['to']}",
        }
        specs += [{**_spec(rule), **bounds} for rule in season["weekly"]]
    for exception in hours.get("exceptions") or []:
        day = exception["date"] if len(exception["date"]) == 10 else f"{year}-{exception['date']}"
        closed = exception.get("closed", True)
        specs.append(
            {
                "@type": "OpeningHoursSpecification",
                "validFrom": day,
                "validThrough": day,
                "opens": "00:00" if closed else exception["opens"],
                "closes": "00:00" if closed else exception["closes"],
            }
        )
    return specs


def _spec(rule: dict) -> dict:
    return {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": [DAYS[day] for day in sorted(rule["days"], key=WEEKDAYS.index)],
        "opens": rule["opens"],
        "closes": rule["closes"],
    }


def _image(item: dict, language: str) -> dict:
    image = {
        "@type": "ImageObject",
        "contentUrl": item["url"],
        "creditText": item.get("credit"),
        "license": item.get("licence_url") or item.get("licence"),
        "caption": _text(item.get("caption"), language),
    }
    return {key: value for key, value in image.items() if value}


def event(data: dict, with_context: bool = True) -> dict:
    language = data["language"]
    node = {
        "@type": "Event",
        "@id": data["links"]["self"],
        "identifier": data["slug"],
        "name": _text(data["name"], language),
        "description": _text(data.get("summary"), language),
        "startDate": data["start"],
        "endDate": data["end"],
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "inLanguage": None if language == "*" else language,
        "location": {
            "@type": "Place",
            "name": _text(data["municipality"]["name"], language),
            "geo": geo(data["location"]),
            "address": _address(data, language),
        },
    }
    node = {key: value for key, value in node.items() if value is not None}
    return {"@context": _context(language), **node} if with_context else node


def event_list(items: list[dict], language: str) -> dict:
    return {
        "@context": _context(language),
        "@type": "ItemList",
        "numberOfItems": len(items),
        "itemListElement": [
            {"@type": "ListItem", "position": index, "item": event(item, with_context=False)}
            for index, item in enumerate(items, start=1)
        ],
    }
