"""Rows of the Emilia-Romagna Turismo dumps as candidate listings, or why they cannot be.

Two layouts carry places: the points of interest (motor_valley.csv, terme.csv, golf.csv,
aree_archeologiche.csv, ...: `code`, `location_city`, `location_lat`, ...) and the tourist
offices (iat.csv: `type`, `city`, `lat` with a decimal comma, ...). localities.csv holds
pictures of towns, which the catalogue has no place for.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from catalog.data.importers.cleaning import (
    BadNumber,
    clean_email,
    clean_phone,
    clean_text,
    clean_website,
    district_box,
    fold,
    in_district,
    is_closure_notice,
    parse_coordinate,
    strip_status_words,
)

SOURCE_NAME = "Emilia-Romagna Turismo — APT Servizi"
LICENCE = "CC BY 4.0"
ATTRIBUTION = "Fonte: Emilia-Romagna Turismo — APT Servizi, CC BY 4.0"
NAME_MAX = 200


@dataclass(frozen=True)
class Town:
    id: int
    slug: str
    name: str
    province: str
    lat: float
    lon: float


class TownIndex:
    """The six towns by their name as the dumps write it, accents and case aside."""

    def __init__(self, towns: list[Town]) -> None:
        self._by_key: dict[str, Town] = {}
        for town in towns:
            self._by_key[fold(town.name)] = town
            self._by_key[fold(town.slug)] = town

    def __len__(self) -> int:
        return len(set(self._by_key.values()))

    def find(self, city: str) -> Town | None:
        return self._by_key.get(fold(city))


@dataclass(frozen=True)
class Category:
    kind: str
    themes: tuple[str, ...]
    tags: tuple[str, ...]


POI_CATEGORIES = {
    "motor_valley": Category("museum", ("motor",), ("motor-valley",)),
    "terme": Category("experience", ("hospitality", "nature"), ("spa",)),
    "golf": Category("experience", ("hospitality", "nature"), ("golf",)),
    "aree_archeo": Category("museum", ("heritage",), ("archaeology",)),
    "luoghi_verdiani": Category("heritage", ("heritage",), ("giuseppe-verdi",)),
    "parchi_avventura": Category("experience", ("nature",), ("adventure-park",)),
}
"""By the `code` column. parchi_divertimento (amusement and water parks) fits none of our
themes: a row of it in the district is rejected, so that a person decides."""

OFFICE = Category("service", ("hospitality",), ("tourist-information",))
HOST = Category("accommodation", ("hospitality",), ("tourist-information",))
OFFICE_TYPES = {"iat", "iat r", "welcome room", "iat mobile", "iat digitale"}
SPREAD_OFFICE = "iat diffuso"
"""An information point hosted by a business: a hotel stays a hotel, a shop a service."""
_LODGING = re.compile(
    r"\b(hotel|albergo|b\s*&\s*b|r\s*&\s*b|bed\s*(and|&)\s*breakfast|agriturismo|locanda|"
    r"affittacamere|ostello|residence|camping|campeggio|country\s*house|guest\s*house|"
    r"casa\s*vacanze|relais|motel)\b",
    re.IGNORECASE,
)


class RowRejected(Exception):
    """The row cannot become a listing; the message is the reason, for the report."""


@dataclass(frozen=True)
class Candidate:
    """What a row says about a place, cleaned, ready to create or update a listing."""

    source_id: str
    town: Town
    category: Category
    name: str
    description: str | None
    point: tuple[float, float] | None
    """None when the row has no coordinates at all."""
    address: str | None
    street: str | None
    """Street and number alone, to tell whether a listing's address already says the same."""
    contacts: dict
    source: dict
    closed: bool
    notes: list[str] = field(default_factory=list)
    approximate: bool = False
    """The point is not the place's own (the source gives it to other addresses too)."""


@dataclass(frozen=True)
class Layout:
    name: str
    columns: frozenset[str]
    """Columns a header must have to be this layout."""
    city_column: str = ""
    candidate: Callable[[dict[str, str], Town], Candidate] | None = None
    skip_reason: str = ""
    """Set when the whole file has nothing the catalogue can hold."""


def _poi_candidate(values: dict[str, str], town: Town) -> Candidate:
    source_id = _source_id(values)
    code = values["code"]
    category = POI_CATEGORIES.get(code)
    if category is None:
        raise RowRejected(f"no kind and theme for the category {code!r}")
    name, closed = _name(values["name"])
    description = clean_text(values.get("description"))
    notes: list[str] = []
    contacts = _contacts(
        notes,
        phone=values.get("contacts_telephone", ""),
        email=values.get("contacts_email", ""),
        website=values.get("contacts_website", ""),
    )
    return Candidate(
        source_id=source_id,
        town=town,
        category=category,
        name=name,
        description=description,
        point=_point(values, "location_lat", "location_lng"),
        street=_street(values["location_address"], values["location_number"]),
        address=_address(
            values["location_address"], values["location_number"], values["location_cap"], town
        ),
        contacts=contacts,
        source=_source(source_id, contacts.get("website")),
        closed=closed or is_closure_notice(description),
        notes=notes,
    )


def _office_candidate(values: dict[str, str], town: Town) -> Candidate:
    source_id = _source_id(values)
    office_type = fold(values["type"])
    if office_type == SPREAD_OFFICE:
        name, closed = _name(values["structure_name"])
        category = HOST if _LODGING.search(name) else OFFICE
    elif office_type in OFFICE_TYPES:
        name, closed = _name(values["name"])
        category = OFFICE
    else:
        raise RowRejected(f"unknown office type {values['type']!r}")
    return Candidate(
        source_id=source_id,
        town=town,
        category=category,
        name=name,
        description=None,
        point=_point(values, "lat", "lng"),
        street=_street(values["address"], values["number"]),
        address=_address(values["address"], values["number"], "", town),
        contacts={},  # `url` is a map link to the office, not its website
        source=_source(source_id, clean_website(values["url"])),
        closed=closed or "chius" in values["status"].lower(),
    )


POI = Layout(
    "points of interest",
    frozenset({"id", "code", "name", "location_city", "location_lat", "location_lng"}),
    "location_city",
    _poi_candidate,
)
OFFICES = Layout(
    "tourist offices",
    frozenset({"id", "type", "name", "structure_name", "city", "lat", "lng", "status"}),
    "city",
    _office_candidate,
)
LOCALITIES = Layout(
    "localities",
    frozenset({"title", "image_id", "image_url", "location_city_city"}),
    skip_reason="pictures of towns: the catalogue keeps no media on municipalities",
)
LAYOUTS = (POI, OFFICES, LOCALITIES)


def layout_for(header: list[str]) -> Layout | None:
    columns = set(header)
    return next((layout for layout in LAYOUTS if layout.columns <= columns), None)


def _source_id(values: dict[str, str]) -> str:
    source_id = values["id"]
    if not source_id.isdigit():
        raise RowRejected(f"the record id {source_id!r} is not a number (shifted columns?)")
    return source_id


def _name(raw: str) -> tuple[str, bool]:
    text = clean_text(raw)
    if not text:
        raise RowRejected("no name")
    name, closed = strip_status_words(text)
    if not name:
        raise RowRejected(f"no name once the status words are removed from {text!r}")
    if len(name) > NAME_MAX:
        raise RowRejected(f"a name of {len(name)} characters (at most {NAME_MAX})")
    return name, closed


def _point(values: dict[str, str], lat_column: str, lon_column: str) -> tuple[float, float] | None:
    numbers = []
    for column in (lat_column, lon_column):
        try:
            numbers.append(parse_coordinate(values[column]))
        except BadNumber as error:
            raise RowRejected(
                f"{column} is {values[column]!r}, not a number (shifted columns?)"
            ) from error
    lat, lon = numbers
    if lat is None and lon is None:
        return None
    if lat is None or lon is None:
        missing = lat_column if lat is None else lon_column
        raise RowRejected(f"{missing} is empty while the other coordinate is not")
    if not in_district(lat, lon):
        raise RowRejected(f"the point {lat}, {lon} is outside the district ({district_box()})")
    return lat, lon


def _street(street: str, number: str) -> str | None:
    """ "via Dino Ferrari", "43" -> "Via Dino Ferrari 43"."""
    street = clean_text(street) or ""
    if not street:
        return None
    street = street[0].upper() + street[1:]
    return f"{street} {number}" if number else street


def _address(street: str, number: str, postcode: str, town: Town) -> str | None:
    """The street, then postcode and town as the seeds write them: "..., 41053 Maranello (MO)"."""
    line = _street(street, number)
    if line is None:
        return None
    place = f"{postcode} {town.name}" if postcode else town.name
    return f"{line}, {place} ({town.province})"


def _contacts(notes: list[str], **raw: str) -> dict:
    cleaners = {"phone": clean_phone, "email": clean_email, "website": clean_website}
    contacts = {}
    for key, value in raw.items():
        if not value:
            continue
        cleaned = cleaners[key](value)
        if cleaned:
            contacts[key] = cleaned
        else:
            notes.append(f"{key} {value!r} left out: not a usable {key}")
    return contacts


def _source(source_id: str, url: str | None) -> dict:
    source = {"name": SOURCE_NAME, "id": source_id}
    if url:
        source["url"] = url
    source.update(licence=LICENCE, attribution=ATTRIBUTION)
    return source
