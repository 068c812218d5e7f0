"""schema.org JSON-LD for listings and events, with an inline context (no remote fetch).

Functions take the dumped JSON representation (what the output schemas produce).

Only texts carry a language: each is a value object {"@value", "@language"} in the language it
is really in (the fallback's, from the representation's `fallbacks`), or with lang=* a list of
them, one per language. Identifiers, URLs, phone numbers, dates, numbers and untranslated
strings (a street address, a photo credit) stay plain; schema.org enumeration members
(eventStatus, eventAttendanceMode, dayOfWeek) are IRIs, typed so in the context.
"""

from datetime import date

from catalog.vocabularies import VISITABLE, WEEKDAYS

SCHEMA = "https://schema.org/"
CONTEXT = {
    "@vocab": SCHEMA,
    "eventStatus": {"@type": "@id"},
    "eventAttendanceMode": {"@type": "@id"},
    "dayOfWeek": {"@type": "@id"},
    "url": {"@type": "@id"},
    "contentUrl": {"@type": "@id"},
}
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
    """A text tagged with `language`, the one it is in; a {lang: text} map (lang=*) as one
    tagged value per language. None when there is no text."""
    if isinstance(value, dict):
        return [{"@value": text, "@language": lang} for lang, text in value.items() if text] or None
    if not value:
        return None
    return {"@value": value, "@language": language}


def text_language(data: dict, key: str) -> str:
    """The language the text at `key` (a `fallbacks` key: name, media.0.caption) is in."""
    return (data.get("fallbacks") or {}).get(key, data["language"])


def _context() -> dict:
    return CONTEXT


def geo(location: dict) -> dict:
    return {"@type": "GeoCoordinates", "latitude": location["lat"], "longitude": location["lon"]}


def _address(data: dict) -> dict:
    """The street address is as the editors wrote it (no language); the town's name is a text."""
    return {
        "@type": "PostalAddress",
        "streetAddress": data["location"].get("address"),
        "addressLocality": _town_name(data),
        "addressCountry": "IT",
    }


def _town_name(data: dict):
    return _text(data["municipality"]["name"], text_language(data, "municipality.name"))


def listing(data: dict, with_context: bool = True) -> dict:
    node = {
        "@type": TYPES[data["kind"]],
        "@id": data["links"]["self"],
        "identifier": data["slug"],
        "name": _text(data["name"], text_language(data, "name")),
        "description": _text(data.get("summary"), text_language(data, "summary")),
        "geo": geo(data["location"]),
        "address": _address(data),
        "keywords": ", ".join(data.get("tags") or []) or None,
        "url": data["contacts"].get("website"),
        "telephone": data["contacts"].get("phone"),
        "email": data["contacts"].get("email"),
        "isAccessibleForFree": True if data.get("price_range") == "free" else None,
        "publicAccess": _public_access(data.get("access")),
        "openingHoursSpecification": opening_hours(data.get("opening_hours")) or None,
        "image": [
            _image(item, text_language(data, f"media.{index}.caption"))
            for index, item in enumerate(data.get("media") or [])
        ]
        or None,
        "dateModified": data.get("updated_at"),
    }
    if data["kind"] in ("accommodation", "food_and_drink", "producer", "shop_showroom"):
        node["currenciesAccepted"] = "EUR"
    node = {key: value for key, value in node.items() if value is not None}
    return {"@context": _context(), **node} if with_context else node


def _public_access(access: str | None) -> bool | None:
    """schema.org's flag: can the public go in (by booking counts); unknown when not asked for."""
    return None if access is None else access in VISITABLE


def listing_list(items: list[dict], total: int, language: str) -> dict:
    """`language` is the response's; each text says its own."""
    return {
        "@context": _context(),
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
        "dayOfWeek": [SCHEMA + DAYS[day] for day in sorted(rule["days"], key=WEEKDAYS.index)],
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
    note = _text(data.get("recurrence_note"), text_language(data, "recurrence_note"))
    node = {
        "@type": "Event",
        "@id": data["links"]["self"],
        "identifier": data["slug"],
        "name": _text(data["name"], text_language(data, "name")),
        "description": _text(data.get("summary"), text_language(data, "summary")),
        "startDate": data["start"],
        "endDate": data["end"],
        "eventStatus": SCHEMA + "EventScheduled",
        "eventAttendanceMode": SCHEMA + "OfflineEventAttendanceMode",
        "eventSchedule": {"@type": "Schedule", "description": note} if note else None,
        "inLanguage": None if language == "*" else language,
        "location": {
            "@type": "Place",
            "name": _town_name(data),
            "geo": geo(data["location"]),
            "address": _address(data),
        },
    }
    node = {key: value for key, value in node.items() if value is not None}
    return {"@context": _context(), **node} if with_context else node


def event_list(items: list[dict], language: str) -> dict:
    """`language` is the response's; each text says its own."""
    return {
        "@context": _context(),
        "@type": "ItemList",
        "numberOfItems": len(items),
        "itemListElement": [
            {"@type": "ListItem", "position": index, "item": event(item, with_context=False)}
            for index, item in enumerate(items, start=1)
        ],
    }
