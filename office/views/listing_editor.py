"""The listing editor: /office/listings/<slug> (and /office/listings/new).

The routes, the save with its three-way merge, the status actions and the history are the
office's shared editor (office/views/editor_routes.py); this module says what is particular
to a listing: its kind and schemas, how a posted form is tidied before the API's schema
validates it, and what the page shows besides the fields (choices, the comparison language,
the coming week as a visitor sees it, the map's tiles).
"""

import re
from datetime import date, datetime, time, timedelta

from babel import Locale
from babel.dates import format_date, get_day_names
from flask import Blueprint, current_app, request
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from api.database import get_session
from api.i18n import translate
from api.schemas.listing_write import ListingCreateSchema, ListingWriteSchema
from catalog.data.seed_format import DISTRICT_LAT, DISTRICT_LON
from catalog.i18n.languages import SOURCE_LANGUAGE
from catalog.listings.kind import LISTING
from catalog.listings.opening import ROME, day_ranges
from catalog.models import ListingTranslation, Municipality, MunicipalityTranslation
from catalog.vocabularies import ACCESS, HIGHLIGHTS, KINDS, PRICE_RANGES, THEMES, WEEKDAYS
from office import i18n
from office.editing import EditorKind
from office.i18n import _
from office.session import current_actor
from office.views.editor_routes import EditorPages, register_editor

PREVIEW_DAYS = 7
EMPTY_ROWS = 2  # blank weekly rules, seasons and exceptions offered below the existing ones
EMPTY_TAGS = 3
EMPTY_MEDIA = 1
TEXT_FIELDS = ("name", "summary", "description")


# --- tidying a posted form before validation --------------------------------------------


def tidy(state: dict) -> dict:
    """Opening hours that say nothing become none; a media item without a URL is dropped."""
    state = dict(state)
    if "opening_hours" in state:
        state["opening_hours"] = _tidy_hours(state["opening_hours"])
    media = state.get("media")
    if isinstance(media, list):
        state["media"] = [item for item in media if not isinstance(item, dict) or item.get("url")]
    return state


def _tidy_hours(hours):
    if not isinstance(hours, dict):
        return hours
    hours = dict(hours)
    for name in ("weekly", "seasons", "exceptions"):
        if isinstance(hours.get(name), list):
            hours[name] = [row for row in hours[name] if _filled(row)]
    if isinstance(hours.get("seasons"), list):
        hours["seasons"] = [_tidy_season(season) for season in hours["seasons"]]
    if isinstance(hours.get("exceptions"), list):
        hours["exceptions"] = [_tidy_exception(row) for row in hours["exceptions"]]
    said = any(hours.get(name) for name in ("weekly", "seasons", "exceptions"))
    if not said and not _true(hours.get("by_appointment")):
        return None
    return hours


def _filled(row) -> bool:
    """A row with anything typed in it; an exception's unticked "closed" alone is not."""
    if not isinstance(row, dict):
        return True
    return any(value not in (None, "", [], {}) for key, value in row.items() if key != "closed")


def _tidy_season(season):
    if isinstance(season, dict) and "weekly" not in season:
        return {**season, "weekly": []}  # a season without rules: closed for its length
    return season


def _tidy_exception(row):
    """A date with no hours is a closing day, whatever the box says."""
    if isinstance(row, dict) and not row.get("opens") and not row.get("closes"):
        return {**row, "closed": "true"}
    return row


def _true(value) -> bool:
    return value is True or (isinstance(value, str) and value.lower() in ("true", "on", "1"))


LISTING_EDITOR = EditorKind(
    kind=LISTING,
    write_schema=ListingWriteSchema,
    create_schema=ListingCreateSchema,
    template="office/listing_editor.html",
    tidy=tidy,
)


# --- what the page shows besides the fields ---------------------------------------------


def context(listing) -> dict:
    languages = list(current_app.config["DISTRETTO_LANGUAGES"])
    compare = request.args.get("compare", SOURCE_LANGUAGE)
    if compare not in languages:
        compare = SOURCE_LANGUAGE if SOURCE_LANGUAGE in languages else languages[0]
    office_language = i18n.current()
    return {
        "title": _title(listing),
        "kinds": [(code, translate(name)) for code, name in KINDS.items()],
        "themes": [(code, translate(name)) for code, name in THEMES.items()],
        "towns": towns(listing),
        "price_ranges": [(code, PRICE_NAMES[code]()) for code in PRICE_RANGES],
        "access_choices": [(code, ACCESS_NAMES[code]()) for code in ACCESS],
        "highlights": [(str(level), HIGHLIGHT_NAMES[level]()) for level in HIGHLIGHTS],
        "weekdays": weekdays(office_language),
        "languages": [(code, language_name(code)) for code in languages],
        "compare": compare,
        "text_fields": TEXT_FIELDS,
        "week": week_preview(listing.opening_hours if listing else None, office_language),
        "tile_url": current_app.config.get("DISTRETTO_TILE_URL"),
        "tile_attribution": current_app.config.get("DISTRETTO_TILE_ATTRIBUTION")
        or "© OpenStreetMap contributors",
        "district": {
            "lat": (DISTRICT_LAT.min, DISTRICT_LAT.max),
            "lon": (DISTRICT_LON.min, DISTRICT_LON.max),
        },
        "rows": rows,
        "empty_rows": EMPTY_ROWS,
        "empty_tags": EMPTY_TAGS,
        "empty_media": EMPTY_MEDIA,
    }


PRICE_NAMES = {
    "free": lambda: _("Free"),
    "low": lambda: _("Low"),
    "medium": lambda: _("Medium"),
    "high": lambda: _("High"),
}
ACCESS_NAMES = {
    "open": lambda: _("Open to visitors (at the stated hours)"),
    "by_appointment": lambda: _("By appointment only"),
    "outside_only": lambda: _("Seen from outside only"),
    "closed": lambda: _("Closed to visitors"),
}
HIGHLIGHT_NAMES = {
    0: lambda: _("0: not a highlight"),
    1: lambda: _("1: worth a visit"),
    2: lambda: _("2: a highlight"),
    3: lambda: _("3: a headline of the district"),
}


def _title(listing) -> str:
    if listing is None:
        return _("New listing")
    name = get_session().scalar(
        select(ListingTranslation.name).where(
            ListingTranslation.listing_id == listing.id, ListingTranslation.lang == SOURCE_LANGUAGE
        )
    )  # queried: after a refused save the listing is expired, its relationships unloadable
    return name or listing.slug


def towns(listing) -> list[tuple[str, str]]:
    """The towns the actor writes for, and the listing's own: (slug, name), by name."""
    actor = current_actor()
    query = select(Municipality).options(
        selectinload(
            Municipality.translations.and_(
                MunicipalityTranslation.lang.in_((i18n.current(), SOURCE_LANGUAGE))
            )
        )
    )
    if not actor.is_admin:
        wanted = set(actor.municipality_ids)
        if listing is not None:
            wanted.add(listing.municipality_id)
        query = query.where(Municipality.id.in_(wanted))
    found = []
    for town in get_session().scalars(query):
        names = {text.lang: text.name for text in town.translations}
        found.append(
            (town.slug, names.get(i18n.current()) or names.get(SOURCE_LANGUAGE) or town.slug)
        )
    return sorted(found, key=lambda pair: pair[1].casefold())


def weekdays(language: str) -> list[tuple[str, str]]:
    names = get_day_names("abbreviated", locale=language)
    return [(code, names[index]) for index, code in enumerate(WEEKDAYS)]


def language_name(code: str) -> str:
    """The language in its own words, e.g. Deutsch (de)."""
    try:
        name = Locale.parse(code).get_display_name(code)
    except (ValueError, LookupError):
        name = code
    return f"{name[:1].upper()}{name[1:]} ({code})"


def week_preview(hours: dict | None, language: str, today: date | None = None) -> list[dict]:
    """The next seven days from today (Europe/Rome) as a visitor sees them, from the saved
    hours: each day's ranges, or closed, by appointment, or not known."""
    today = today or datetime.now(ROME).date()
    stated = bool(hours) and bool(hours.get("weekly") or hours.get("seasons"))
    appointment = bool(hours) and bool(hours.get("by_appointment"))
    days = []
    for offset in range(PREVIEW_DAYS):
        day = today + timedelta(days=offset)
        ranges = [f"{_clock(opens)}–{_clock(closes)}" for opens, closes in day_ranges(hours, day)]
        if ranges:
            state = "open"
        elif appointment:
            state = "appointment"
        elif stated:
            state = "closed"
        else:
            state = "unknown"
        days.append(
            {
                "date": day,
                "label": format_date(day, "EEEE d MMMM", locale=language),
                "ranges": ranges,
                "state": state,
                "appointment": appointment and state == "open",
            }
        )
    return days


def _clock(moment: time) -> str:
    return "24:00" if moment == time.max else moment.strftime("%H:%M")


_INDEX = re.compile(r"^(\d+)(?:\.|$)")
_EMPTY = (None, "", [], "false")


def rows(values: dict, prefix: str) -> int:
    """How many numbered rows under `prefix` (e.g. opening_hours.weekly) hold something:
    the highest such index plus one."""
    count = 0
    start = prefix + "."
    for path, value in values.items():
        if not path.startswith(start) or value in _EMPTY:
            continue
        found = _INDEX.match(path[len(start) :])
        if found:
            count = max(count, int(found.group(1)) + 1)
    return count


def register(bp: Blueprint) -> None:
    register_editor(bp, EditorPages("listing", LISTING_EDITOR, context, "listings"))
